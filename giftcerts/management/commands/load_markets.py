from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from districts.models import LocalGovernment
from giftcerts.markets import markets_load_standard_csv


class Command(BaseCommand):
    help = ("Load the recognised traditional markets of a local government from the national traditional market "
            "standard data (전국전통시장표준데이터 CSV). Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="data/gwangju-traditional-markets-standard.csv")
        parser.add_argument("--local-government", default="29140", help="5-digit 시군구 code (default 29140)")

    def handle(self, *args, path, local_government, **options):
        government = LocalGovernment.objects.filter(code=local_government).first()
        if government is None:
            raise CommandError(f"Unknown local government {local_government}: load its dongs first (load_dongs).")
        try:
            result = markets_load_standard_csv(path=path, local_government=government)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{government}: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged, {result.other_governments} rows of other governments skipped")
        for name in result.created:
            self.stdout.write(f"  + {name}")
