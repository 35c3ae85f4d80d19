import os

from celery import Celery

from . import kombu_patch

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alleydistricts.settings")

app = Celery("alleydistricts")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
kombu_patch.apply()  # the worker survives losing Redis while it holds a message (see the module)


@app.task(bind=True, name="core.ping")
def ping(self):
    """A trivial round trip used by /healthz-style checks and the worker test."""
    return "pong"
