"""Forms of the officials' district pages. They only collect input: every rule is in services."""

import json

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import ConflictError, DomainError
from core.forms import CountField, SaneDateField, version_field

from . import geo
from .models import District
from .widgets import LeafletGeoJSONWidget

TEXT = {"class": "krds-input"}
NUMBER = {"class": "krds-input", "min": "0", "inputmode": "numeric"}
TEXTAREA = {"class": "krds-input", "rows": "3"}


def boundary_upload_limit() -> int:
    return getattr(settings, "DISTRICT_BOUNDARY_UPLOAD_MAX_BYTES", 2 * 1024 * 1024)


class BoundaryWidget(LeafletGeoJSONWidget):
    """The project's Leaflet.draw widget with a labelled map region (districts/boundary_widget.html)."""

    template_name = "districts/boundary_widget.html"

    def __init__(self, attrs=None, **kwargs):
        kwargs.setdefault("geom_type", "Polygon")
        super().__init__(attrs, **kwargs)


class BoundaryFieldsMixin(forms.Form):
    """A boundary drawn on the map (GeoJSON text) or uploaded as a GeoJSON file (the file wins)."""

    boundary = forms.CharField(label=_("Boundary"), required=False, widget=BoundaryWidget(),
                               help_text=_("Draw the boundary with the polygon or rectangle tool of the map."))
    boundary_file = forms.FileField(
        label=_("Or upload a GeoJSON file"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json,application/json"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["boundary_file"].help_text = _(
            "A Polygon or MultiPolygon in WGS84 (a geometry, a Feature or a one-feature collection), up to "
            "%(limit)s.") % {"limit": filesizeformat(boundary_upload_limit())}

    def clean_boundary_file(self):
        upload = self.cleaned_data.get("boundary_file")
        if not upload:
            return None
        limit = boundary_upload_limit()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; boundary files may be at most %(limit)s. Simplify the boundary or "
                  "upload only this district's polygon.") % {"size": filesizeformat(upload.size),
                                                             "limit": filesizeformat(limit)})
        raw = upload.read(limit + 1)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("The file is not UTF-8 GeoJSON text.")) from exc
        try:
            geometry = geo.extract_geometry(text)
        except geo.GeometryError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return json.dumps(geometry, ensure_ascii=False)

    def clean(self):
        cleaned = super().clean()
        uploaded = cleaned.get("boundary_file")
        if uploaded:
            cleaned["boundary"] = uploaded
            # Show the uploaded boundary on the map if the form comes back with errors.
            self.data = self.data.copy()
            self.data[self.add_prefix("boundary")] = uploaded
        elif not cleaned.get("boundary") and "boundary_file" not in self.errors:
            self.add_error("boundary", _("Draw the district boundary on the map or upload a GeoJSON file."))
        return cleaned


class VersionedForm(forms.Form):
    version = version_field()

    def apply_error(self, exc: DomainError, *, current_version: int | None = None) -> None:
        """Show a service's refusal on the form; after a conflict the next save goes through
        against the version now saved (the official has seen the message)."""
        field = exc.field if exc.field in self.fields else None
        self.add_error(field, str(exc))
        if isinstance(exc, ConflictError) and current_version is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = str(current_version)


class DistrictForm(BoundaryFieldsMixin, VersionedForm):
    name = forms.CharField(label=_("District name"), max_length=100, widget=forms.TextInput(TEXT),
                           help_text=_("e.g. 치평동 먹자골목 골목형상점가"))
    code = forms.CharField(label=_("Code"), max_length=20, required=False, widget=forms.TextInput(TEXT),
                           help_text=_("Leave empty to number it automatically (e.g. 29140-012)."))
    organization_name = forms.CharField(label=_("Merchant organisation"), max_length=100, required=False,
                                        widget=forms.TextInput(TEXT), help_text=_("e.g. 양동시장골목상인회"))
    organization_representative = forms.CharField(label=_("Representative"), max_length=50, required=False,
                                                  widget=forms.TextInput(TEXT))
    organization_contact = forms.CharField(label=_("Contact"), max_length=50, required=False,
                                           widget=forms.TextInput({**TEXT, "inputmode": "tel"}))
    merchants_total = CountField(label=_("Merchants in total"), min_value=0, initial=0,
                                         widget=forms.NumberInput(NUMBER))
    merchants_consenting = CountField(label=_("Consenting merchants"), min_value=0, initial=0,
                                              widget=forms.NumberInput(NUMBER))

    field_order = ["name", "code", "boundary", "boundary_file", "organization_name", "organization_representative",
                   "organization_contact", "merchants_total", "merchants_consenting", "version"]

    @classmethod
    def initial_for(cls, district: District) -> dict:
        return {
            "name": district.name, "code": district.code, "boundary": json.dumps(district.boundary),
            "organization_name": district.organization_name,
            "organization_representative": district.organization_representative,
            "organization_contact": district.organization_contact, "merchants_total": district.merchants_total,
            "merchants_consenting": district.merchants_consenting, "version": district.version,
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("name", "code", "boundary", "organization_name",
                                           "organization_representative", "organization_contact",
                                           "merchants_total", "merchants_consenting")}


class AmendForm(BoundaryFieldsMixin, VersionedForm):
    reason = forms.CharField(label=_("Reason for the amendment"), widget=forms.Textarea(TEXTAREA),
                             help_text=_("e.g. 상인회 요청에 따라 북측 골목 편입"))
    exception_reason = forms.CharField(
        label=_("Ordinance exception (only if a criterion fails)"), required=False, widget=forms.Textarea(TEXTAREA),
        help_text=_("The written reason for amending although the store density, consent or organisation "
                    "criterion fails."))

    field_order = ["boundary", "boundary_file", "reason", "exception_reason", "version"]


class SubmitForm(VersionedForm):
    pass


class DesignateForm(VersionedForm):
    designated_on = SaneDateField(label=_("Designation date"), widget=forms.DateInput(
        {"class": "krds-input", "type": "date"}, format="%Y-%m-%d"))
    notice_number = forms.CharField(label=_("Notice number"), max_length=50, widget=forms.TextInput(TEXT),
                                    help_text=_("e.g. 광주광역시 서구 고시 제2026-15호"))
    exception_reason = forms.CharField(
        label=_("Ordinance exception (only if a criterion fails)"), required=False, widget=forms.Textarea(TEXTAREA),
        help_text=_("The written reason for designating although the store density, consent or organisation "
                    "criterion fails."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["designated_on"].initial = timezone.localdate()


class RevokeForm(VersionedForm):
    ground = forms.ChoiceField(label=_("Legal ground"), choices=District.RevocationGround.choices,
                               widget=forms.RadioSelect)
    text = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(TEXTAREA),
                           help_text=_("Required for 'Other'; otherwise optional."))
    revoked_on = SaneDateField(label=_("Revocation date"), widget=forms.DateInput(
        {"class": "krds-input", "type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoked_on"].initial = timezone.localdate()
