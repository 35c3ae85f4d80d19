"""Rows the whole project shares: the outbox of follow-up work and the worker's heartbeat."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One piece of follow-up work (a mail, an aggregation, an import run), written in the
    transaction of the change that asks for it and handed to Celery by the relay (core/outbox.py).

    pending -> published -> running -> done; a failed run goes back to pending with a back-off
    (failed after OUTBOX_MAX_ATTEMPTS). Only one pending or published row per dedupe key.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PUBLISHED = "published", _("Published")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        SUPERSEDED = "superseded", _("Superseded")
        FAILED = "failed", _("Failed")

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, blank=True, default="")
    request_id = models.CharField(_("request id"), max_length=64, blank=True, default="")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    not_before = models.DateTimeField(_("not before"))
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True, default="")

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["pk"]
        indexes = [
            # The relay's scan: undelivered rows by due time.
            models.Index(fields=["status", "not_before"], name="outbox_relay_idx",
                         condition=Q(status__in=["pending", "published", "running"])),
            models.Index(fields=["status", "done_at"], name="outbox_prune_idx"),
        ]
        constraints = [
            # Coalescing without a cache: one waiting row per key (e.g. aggregation of a government+month).
            models.UniqueConstraint(fields=["dedupe_key"], name="outbox_one_waiting_per_key",
                                    condition=Q(status__in=["pending", "published"]) & ~Q(dedupe_key="")),
        ]

    def __str__(self):
        return f"{self.task_name} #{self.pk} ({self.status})"


class Heartbeat(models.Model):
    """The last time a named background component proved it runs (e.g. "worker", stamped by a beat task)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    beat_at = models.DateTimeField(_("last beat"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class PublicDataVersion(models.Model):
    """The version of one government's public data (franchises, stores, tickets, sessions).

    Public bodies (the Onnuri finder, Open311 lists) are cached under this number; every write
    that changes what they show bumps it in the write's own transaction (core/public_bodies.py),
    so the database, never the cache, says which body is current. A plain id, not a foreign key:
    core sits below the districts app.
    """

    local_government_id = models.PositiveIntegerField(_("local government id"), primary_key=True)
    version = models.BigIntegerField(_("version"))
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("public data version")
        verbose_name_plural = _("public data versions")

    def __str__(self):
        return f"{self.local_government_id}: {self.version}"


class DemoData(models.Model):
    """Present when `seed_demo` has put synthetic demo data in this database (one row, pk 1).

    Every page then shows the "synthetic demo data" banner (core/demo_flag.py), so that no
    screenshot passes made-up figures off as a real government's. Delete the row (admin) only
    in a database that holds no demo record any more.
    """

    seeded_at = models.DateTimeField(_("seeded at"))
    seed = models.IntegerField(_("random seed"), default=42)

    class Meta:
        verbose_name = _("demo data mark")
        verbose_name_plural = _("demo data marks")

    def __str__(self):
        return f"demo data (seed {self.seed}) @ {self.seeded_at:%Y-%m-%d %H:%M}"
