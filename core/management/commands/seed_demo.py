import random
import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from core import demo_flag
from core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_STEPS
from core.maintenance import analyze_tables


class Command(BaseCommand):
    help = "Load deterministic demo data (real dongs and stores, synthetic records). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--only", help="run only the steps whose path contains one of these comma-separated "
                                          "texts, e.g. core.demo,merchants.demo")

    def handle(self, *args, seed, only=None, **options):
        random.seed(seed)
        demo_flag.mark(seed)  # first: from now on every page says its figures are synthetic
        for path, description in DEMO_STEPS:
            if only and not any(part.strip() and part.strip() in path for part in only.split(",")):
                continue
            started = time.monotonic()
            self.stdout.write(f"- {description} ...")
            import_string(path)(seed, self.stdout.write)
            # A bulk load: the next step (and the site) plans with fresh statistics, as autovacuum may be off or late.
            analyze_tables(*(model for model in apps.get_models() if model._meta.managed))
            self.stdout.write(f"  done in {time.monotonic() - started:.1f} s")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo accounts (demo only, change before real use):"))
        for username, role, code, _name in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<10} / {DEMO_PASSWORD}  ({role}{' of ' + code if code else ''})")
        self.stdout.write(f"  {'admin':<10} / {DEMO_PASSWORD}  (superuser: /admin/)")
