"""A boundary editor that renders django-leaflet's own widget template without GDAL.

django-leaflet's LeafletWidget subclasses django.contrib.gis's BaseGeometryWidget,
which imports GDAL. This Textarea subclass builds the same template context, so
Leaflet.draw and L.GeometryField (from `{% leaflet_js plugins="forms" %}`) work
in the admin and in the officials' forms. The value is GeoJSON text.
"""

import json

from django import forms
from django.template.defaultfilters import slugify
from django.templatetags.static import static
from leaflet import PLUGIN_FORMS, PLUGINS, app_settings

from core.csp import current_csp_nonce


class LeafletGeoJSONWidget(forms.Textarea):
    template_name = "leaflet/widget.html"

    def __init__(self, attrs=None, *, geom_type: str = "Polygon", modifiable: bool = True,
                 include_media: bool = False, display_raw: bool = False, settings_overrides: dict | None = None):
        super().__init__(attrs)
        self.geom_type = geom_type
        self.modifiable = modifiable
        self.include_media = include_media
        self.display_raw = display_raw
        self.settings_overrides = settings_overrides or {}

    @property
    def media(self):
        if not self.include_media:
            return forms.Media()
        js = ["leaflet/leaflet.js", "leaflet/leaflet.extras.js", *PLUGINS[PLUGIN_FORMS]["js"]]
        css = ["leaflet/leaflet.css", *PLUGINS[PLUGIN_FORMS]["css"]]
        return forms.Media(js=js, css={"screen": css})

    def format_value(self, value):
        if value in (None, "", {}, []):
            return ""
        if isinstance(value, str):
            # A JSONField's form field hands an empty value over as the text "null"; Leaflet's
            # field store would parse it and fail on null.type (the admin's "add" page).
            return "" if value.strip() in ("null", "{}", "[]", '""') else value
        return json.dumps(value, ensure_ascii=False)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        map_id_css = slugify(attrs.get("id", name))
        map_id = map_id_css.replace("-", "_")
        # Leaflet.draw's geometry type; "Geometry" lets the user draw polygons and multipolygons.
        attrs.update(geom_name=self.geom_type, map_srid=4326)
        context.update(
            id=map_id,
            id_css=map_id_css,
            module=f"geodjango_{map_id}",
            id_map=f"{map_id_css}-map",
            id_map_callback=f"{map_id}_map_callback",
            loadevent=app_settings.get("LOADEVENT"),
            modifiable=self.modifiable,
            target_map=None,
            settings_overrides=self.settings_overrides,
            geometry_field_class="L.GeometryField",
            field_store_class="L.FieldStore",
            serialized=self.format_value(value),
            display_raw=self.display_raw,
            # The template's inline script runs only with the nonce of the request being answered.
            csp_nonce=current_csp_nonce(),
            FORCE_IMAGE_PATH=static("leaflet/images/") if app_settings["FORCE_IMAGE_PATH"] else False,
            reset_view_icon=static("leaflet/images/reset-view.png"),
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)
