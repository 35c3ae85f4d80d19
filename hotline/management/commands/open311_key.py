from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from districts.models import LocalGovernment
from hotline.services import open311_client_create


class Command(BaseCommand):
    help = "Create an Open311 client application and print its api_key (shown once; only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the client application's name")
        parser.add_argument("--local-government", default=settings.DEFAULT_LOCAL_GOVERNMENT_CODE,
                            help="5-digit 시군구 code whose tickets the client files (default: %(default)s)")

    def handle(self, *args, name, local_government, **options):
        government = LocalGovernment.objects.filter(code=local_government).first()
        if government is None:
            raise CommandError(f"No local government with code {local_government}. Load its dongs first.")
        try:
            client, key = open311_client_create(name=name, local_government=government)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(f"Created Open311 client '{client.name}' for {government.name}. Keep the key secret:")
        self.stdout.write(key)
