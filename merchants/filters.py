"""One filter set for the officials' store list, its Excel export and /api/stores/."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.search import SearchFilter
from core.widgets import FastSelect
from districts.models import AdministrativeDong, District

from . import selectors
from .models import Store


def _government_of(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_official:
        return user.local_government_id
    return None


def _dongs(request):
    government = _government_of(request)
    qs = AdministrativeDong.objects.only("id", "name").order_by("name")  # not the boundaries
    return qs.filter(local_government_id=government) if government else qs


def _districts(request):
    government = _government_of(request)
    qs = District.objects.only("id", "code", "name").order_by("name")
    return qs.filter(local_government_id=government) if government else qs


class StoreFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="filter_q",
                                  help_text=_("Name, branch, address, store number or business number"))
    # FastSelect: hundreds of options (industries; districts: up to 799) rendered without a template each.
    dong = django_filters.ModelChoiceFilter(label=_("Dong"), queryset=_dongs, empty_label=_("All dongs"),
                                            widget=FastSelect)
    district = django_filters.ModelChoiceFilter(label=_("Alley district"), queryset=_districts,
                                                empty_label=_("All districts"), widget=FastSelect)
    industry = django_filters.ChoiceFilter(label=_("Industry"), choices=selectors.industry_choices,
                                           method="filter_industry", empty_label=_("All industries"), widget=FastSelect,
                                           help_text=_("A major, middle or minor SEMAS category"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Store.Status.choices,
                                         empty_label=_("Open and closed"))
    needs_review = django_filters.BooleanFilter(
        label=_("Needs review"), widget=forms.Select(choices=[("", _("Any")), ("true", _("Needs review")),
                                                               ("false", _("Reviewed"))]))
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Store.Source.choices, empty_label=_("All sources"))
    sort = django_filters.OrderingFilter(
        label=_("Sort by"), empty_label=None,
        fields=(("name", "name"), ("opened_on", "opened_on"), ("dong__name", "dong"), ("updated_at", "updated")),
        field_labels={"name": _("Store name"), "opened_on": _("Opening date"), "dong__name": _("Dong"),
                      "updated_at": _("Last change")},
    )

    class Meta:
        model = Store
        fields = ["q", "dong", "district", "industry", "status", "needs_review", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            css = "krds-input" if name == "q" else "krds-form-select"
            field.widget.attrs.setdefault("class", css)

    def filter_q(self, queryset, name, value):
        return selectors.search_stores(queryset, value)

    def filter_industry(self, queryset, name, value):
        return selectors.filter_by_industry(queryset, value)
