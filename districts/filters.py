"""One filter set for the district list page, its exports and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.search import SearchFilter

from . import selectors
from .models import AdministrativeDong, District


def _dongs_of_request(request):
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_official", False):
        return AdministrativeDong.objects.none()
    return selectors.dongs_of(user.local_government).only("id", "code", "name")  # the options, not the boundaries


class DistrictFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Name or code"), method="search",
                                  widget=forms.TextInput(attrs={"class": "krds-input", "type": "search"}))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=District.Status.choices, empty_label=_("All"),
                                         widget=forms.Select(attrs={"class": "krds-form-select"}))
    dong = django_filters.ModelChoiceFilter(label=_("Dong"), field_name="dongs", to_field_name="code",
                                            queryset=_dongs_of_request, empty_label=_("All"),
                                            widget=forms.Select(attrs={"class": "krds-form-select"}))
    stores_min = django_filters.NumberFilter(label=_("Stores from"), field_name="store_count", lookup_expr="gte",
                                             min_value=0, max_value=bounds.MAX_COUNT, widget=forms.NumberInput(
                                                 attrs={"class": "krds-input", "min": "0", "inputmode": "numeric"}))
    stores_max = django_filters.NumberFilter(label=_("Stores up to"), field_name="store_count", lookup_expr="lte",
                                             min_value=0, max_value=bounds.MAX_COUNT, widget=forms.NumberInput(
                                                 attrs={"class": "krds-input", "min": "0", "inputmode": "numeric"}))

    class Meta:
        model = District
        fields = ["q", "status", "dong", "stores_min", "stores_max"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value)) if value else queryset
