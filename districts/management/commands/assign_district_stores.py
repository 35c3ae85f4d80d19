from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from districts.models import LocalGovernment
from districts.services import districts_reassign_stores


class Command(BaseCommand):
    help = ("Re-assign every store of a local government to the designated district it lies in "
            "(run after importing stores). Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("--local-government", default=settings.DEFAULT_LOCAL_GOVERNMENT_CODE,
                            help="5-digit 시군구 code (default %(default)s)")

    def handle(self, *args, **options):
        government = LocalGovernment.objects.filter(code=options["local_government"]).first()
        if government is None:
            raise CommandError(f"Unknown local government {options['local_government']}.")
        totals = districts_reassign_stores(local_government=government)
        self.stdout.write(self.style.SUCCESS(
            f"{government.code}: {totals['districts']} designated districts, {totals['stores_assigned']} stores "
            f"joined, {totals['stores_released']} released."))
