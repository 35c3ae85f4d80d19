import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alleydistricts.settings")

app = Celery("alleydistricts")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(bind=True, name="core.ping")
def ping(self):
    """A trivial round trip used by /healthz-style checks and the worker test."""
    return "pong"
