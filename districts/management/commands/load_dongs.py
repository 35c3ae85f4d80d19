from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from districts.services import dongs_load_geojson


class Command(BaseCommand):
    help = "Load or update administrative dongs of one local government from a GeoJSON file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="GeoJSON FeatureCollection, e.g. data/gwangju-seogu-dongs.geojson")
        parser.add_argument("--local-government", default=settings.DEFAULT_LOCAL_GOVERNMENT_CODE,
                            help="5-digit 시군구 code (default %(default)s)")

    def handle(self, *args, **options):
        try:
            result = dongs_load_geojson(path=options["path"], local_government_code=options["local_government"])
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"{options['local_government']}: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged, {result.skipped_other_government} of other governments skipped."
        ))
