"""Excel (.xlsx) list exports with Korean headers (write-only workbooks, exports.writers), registered with
the exports app: past EXPORT_INLINE_MAX_ROWS a worker writes them."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from exports import registry
from exports.writers import write_list_workbook


def _outreach_rows(context):
    from . import selectors
    from .forms import OutreachFilterForm

    form = OutreachFilterForm(context.params or None, local_government=context.government)
    filters = form.cleaned_data if form.is_valid() else {}
    return selectors.outreach_candidates(context.government, district_id=filters.get("district"),
                                         dong_id=filters.get("dong"))


def _write_outreach(context, stream, progress) -> int:

    from . import selectors

    rows = _outreach_rows(context)
    selectors.attach_last_visits(rows)

    def data():
        for i, row in enumerate(rows, start=1):
            store, visit = row.store, row.last_visit
            yield (i, store.name, store.branch, store.industry.name if store.industry else "",
                   store.dong.name if store.dong else "", row.place, store.road_address or store.lot_address,
                   store.phone, row.franchise.valid_until if row.franchise else None,
                   visit.visited_on if visit else None, visit.get_outcome_display() if visit else "",
                   visit.reason if visit else "")

    return write_list_workbook(
        stream, title=_("Outreach list"),
        headers=[_("No."), pgettext("onnuri", "Store"), _("Branch"), _("Industry"), _("Dong"), _("District or market"),
                 _("Address"), _("Phone"), _("Franchise ends on"), _("Last visit"), _("Outcome"), _("Reason")],
        rows=data(), widths=[6, 24, 12, 18, 10, 22, 36, 14, 14, 12, 10, 30], progress=progress)


def _session(context):
    from . import selectors

    return selectors.sessions_for(context.government, include_past=True).get(pk=context.kwargs["pk"])


def _write_registrations(context, stream, progress) -> int:

    from . import session_services

    session = _session(context)
    attended = {True: _("Attended"), False: _("Absent"), None: _("Not recorded")}
    rows = (
        (i, r.name, session_services.format_mobile(r.phone), r.email, r.get_kind_display(),
         timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"), attended[r.attended])
        for i, r in enumerate(session.registrations.order_by("created_at", "id").iterator(chunk_size=2000), start=1)
    )
    return write_list_workbook(
        stream, title=_("Registrations"),
        headers=[_("No."), pgettext("onnuri", "Name"), _("Mobile phone"), _("E-mail"), _("Registered as"),
                 _("Registered at"), _("Attendance")],
        rows=rows, widths=[6, 14, 16, 28, 10, 18, 12], progress=progress)


def _registrations_filename(context) -> str:

    session = _session(context)
    return f"설명회_{timezone.localtime(session.starts_at):%Y%m%d}_{session.pk}_참가자.xlsx"


registry.register(registry.Export(
    name="giftcerts.outreach", record_type="giftcerts.outreach",
    count=lambda context: len(_outreach_rows(context)), write=_write_outreach,
    filename=lambda context: f"골목경제119_방문대상_{timezone.localdate():%Y%m%d}.xlsx",
))
registry.register(registry.Export(
    name="giftcerts.session_registrations", record_type="giftcerts.sessionregistration",
    count=lambda context: _session(context).registrations.count(), write=_write_registrations,
    filename=_registrations_filename,
))

