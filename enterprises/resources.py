"""Listings as CSV, for bureau staff who keep them in a spreadsheet: export, edit, import by slug."""

import re

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from districts.models import District, ValueChainSegment
from enterprises.models import Enterprise
from haizhu_portal.permissions import in_scope, is_administrator

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
    """A district by its slug; for a bureau editor, one of their own districts and never none."""

    def __init__(self):
        super().__init__(District, field="slug")
        self.user = None

    def get_queryset(self, value, row, *args, **kwargs):
        if self.user is None:
            return District.objects.all()
        return in_scope(self.user, District.objects.all(), districts=["pk"])

    def clean(self, value, row=None, **kwargs):
        restricted = self.user is not None and not is_administrator(self.user)
        if restricted and not str(value or "").strip():
            raise ValueError(_("Name one of your districts."))
        try:
            return super().clean(value.strip() if isinstance(value, str) else value, row, **kwargs)
        except District.DoesNotExist:
            raise ValueError(_("There is no district “%(slug)s” among the districts you edit.") % {"slug": value})


class EnterpriseResource(resources.ModelResource):
    """`user`, when given, limits an import to the listings and districts that user may edit."""

    district = fields.Field(attribute="district", column_name="district", widget=DistrictWidget())
    segments = fields.Field(attribute="segments", column_name="segments", widget=SegmentsWidget())
    # Exported for reference; publication is decided in the admin (review actions), never by a file.
    state = fields.Field(attribute="state", column_name="state", readonly=True)

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.fields["district"].widget.user = user

    def get_queryset(self):
        # Rows are matched by slug among the listings in reach only; another bureau's slug is then refused
        # as a duplicate instead of changing that bureau's listing.
        queryset = super().get_queryset()
        return queryset if self.user is None else in_scope(self.user, queryset, districts=["district"])

    class Meta:
        model = Enterprise
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields = ["slug"]
        # Model validation (segments, year range, URL) runs on every imported row.
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    @classmethod
    def widget_from_django_field(cls, field, default=widgets.Widget):
        if field.null and isinstance(field, (models.CharField, models.TextField)):
            return NullableTextWidget
        return super().widget_from_django_field(field, default)
