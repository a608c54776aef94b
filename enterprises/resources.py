"""Listings as CSV, for bureau staff who keep them in a spreadsheet: export, edit, import by slug."""

import re

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from districts.models import District, ValueChainSegment
from enterprises.models import Enterprise
from haizhu_portal.spreadsheets import cell_safe, cell_unescaped

# Contact details stay out of files that travel by email; they are edited in the admin only.
COLUMNS = [
    "slug",
    "name_zh_hans",
    "name_en",
    "district",
    "segments",
    "founded_year",
    "size_band",
    "website",
    "summary_zh_hans",
    "summary_en",
    "description_zh_hans",
    "description_en",
    "state",
    "is_verified",
    "is_illustrative",
]
SEGMENT_SEPARATORS = re.compile(r"[,;，；、|]")


def segment_codes_by_name() -> dict[str, str]:
    """Each segment under its code and its label in every language, lower-cased."""
    from django.conf import settings

    names = {}
    for code, _label in ValueChainSegment.choices:
        names[code] = code
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                names[str(ValueChainSegment(code).label).lower()] = code
    return names


class SegmentsWidget(widgets.Widget):
    """Segments in one cell, "production, platform"; on import also by label, in either language."""

    def clean(self, value, row=None, **kwargs):
        names = segment_codes_by_name()
        parts = [part.strip() for part in SEGMENT_SEPARATORS.split(str(value or "")) if part.strip()]
        unknown = [part for part in parts if part.lower() not in names]
        if unknown:
            raise ValueError(
                _("Unknown segment %(segments)s; use %(codes)s.")
                % {"segments": ", ".join(unknown), "codes": ", ".join(ValueChainSegment.values)}
            )
        return list(dict.fromkeys(names[part.lower()] for part in parts))

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


class NullableTextWidget(widgets.CharWidget):
    """An empty cell in a column that may be NULL (a language left out) is stored as NULL, as forms do."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs).strip() or None


class DistrictWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(District, field="slug")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value.strip() if isinstance(value, str) else value, row, **kwargs)
        except District.DoesNotExist:
            raise ValueError(_("There is no district “%(slug)s”.") % {"slug": value})


class EnterpriseResource(resources.ModelResource):
    district = fields.Field(attribute="district", column_name="district", widget=DistrictWidget())
    segments = fields.Field(attribute="segments", column_name="segments", widget=SegmentsWidget())
    # Exported for reference, never imported: publishing goes through the review and its actions.
    state = fields.Field(attribute="state", column_name="state", readonly=True)

    class Meta:
        model = Enterprise
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields = ["slug"]
        # Model validation (segments, year range, URL) runs on every imported row.
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def export_field(self, field, instance, **kwargs):
        return cell_safe(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            row[column] = cell_unescaped(value)

    def before_save_instance(self, instance, row, **kwargs):
        if instance._state.adding:
            # A listing new from a file starts unpublished; staff publish it with the admin's action.
            instance.state = Enterprise.State.UNPUBLISHED

    @classmethod
    def widget_from_django_field(cls, field, default=widgets.Widget):
        if field.null and isinstance(field, (models.CharField, models.TextField)):
            return NullableTextWidget
        return super().widget_from_django_field(field, default)
