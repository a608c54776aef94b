"""Listings as CSV, for bureau staff who keep them in a spreadsheet: export, edit, import by slug.

A file is written in the staff member's language (column titles, segments, sizes, states, yes/no,
district names) and read back in either language, or with the codes the columns stand for."""

import re

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from import_export import fields, resources, widgets

from districts.models import District, ValueChainSegment
from enterprises.models import Enterprise
from foundation.permissions import in_scope, is_administrator
from foundation.spreadsheets import cell_safe, cell_unescaped

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
COLUMN_TITLES = {
    "slug": gettext_lazy("Web address (slug)"),
    "name_zh_hans": gettext_lazy("Chinese name"),
    "name_en": gettext_lazy("English name"),
    "district": gettext_lazy("District"),
    "segments": gettext_lazy("Value-chain segments"),
    "founded_year": gettext_lazy("Founded"),
    "size_band": gettext_lazy("Size"),
    "website": gettext_lazy("Website"),
    "summary_zh_hans": gettext_lazy("Summary in Chinese"),
    "summary_en": gettext_lazy("Summary in English"),
    "description_zh_hans": gettext_lazy("Description in Chinese"),
    "description_en": gettext_lazy("Description in English"),
    "state": gettext_lazy("Publication state"),
    "is_verified": gettext_lazy("Verified"),
    "is_illustrative": gettext_lazy("Illustrative example"),
}
SEGMENT_SEPARATORS = re.compile(r"[,;，；、|]")


def in_every_language(code: str, label) -> dict[str, str]:
    """The code and its label in every language, lower-cased, each pointing to the code."""
    names = {code.lower(): code}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names[str(label).strip().lower()] = code
    return names


def segment_codes_by_name() -> dict[str, str]:
    """Each segment under its code and its label in every language, lower-cased."""
    names = {}
    for code, label in ValueChainSegment.choices:
        names.update(in_every_language(code, label))
    return names


def column_by_title() -> dict[str, str]:
    names = {}
    for code, title in COLUMN_TITLES.items():
        names.update(in_every_language(code, title))
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
        return pgettext("list separator", ", ").join(str(ValueChainSegment(code).label) for code in value or [])


class ChoiceLabelWidget(widgets.Widget):
    """A choice shown by its label; read back by label, in either language, or by code."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        codes = {}
        for code, label in self.choices:
            codes.update(in_every_language(code, label))
        # Anything else is left for the model's validation to name as "not a valid choice".
        return codes.get(text.lower(), text)

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class YesNoWidget(widgets.BooleanWidget):
    """Yes or no in the staff member's language; 1/0 and true/false are read too."""

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().lower()
        if text in in_every_language("yes", gettext_lazy("yes")) or text in ("1", "true"):
            return True
        if text in in_every_language("no", gettext_lazy("no")) or text in ("0", "false", ""):
            return False
        raise ValueError(_("Write yes or no, not “%(value)s”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("yes") if value else _("no")


class NullableTextWidget(widgets.CharWidget):
    """An empty cell in a column that may be NULL (a language left out) is stored as NULL, as forms do."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs).strip() or None


class DistrictWidget(widgets.ForeignKeyWidget):
    """A district by its name in the staff member's language; read back by name, in either language, or
    slug. For a bureau editor, one of their own districts and never none."""

    def __init__(self):
        super().__init__(District, field="slug")
        self.user = None

    def get_queryset(self, value, row, *args, **kwargs):
        if self.user is None:
            return District.objects.all()
        return in_scope(self.user, District.objects.all(), districts=["pk"])

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        restricted = self.user is not None and not is_administrator(self.user)
        if not text:
            if restricted:
                raise ValueError(_("Name one of your districts."))
            return None
        district = (
            self.get_queryset(value, row)
            .filter(models.Q(slug=text) | models.Q(name_zh_hans=text) | models.Q(name_en__iexact=text))
            .first()
        )
        if district is None and restricted:
            raise ValueError(_("There is no district “%(slug)s” among the districts you edit.") % {"slug": value})
        if district is None:
            raise ValueError(_("There is no district “%(slug)s”.") % {"slug": value})
        return district

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class EnterpriseResource(resources.ModelResource):
    """`user`, when given, limits an import to the listings and districts that user may edit."""

    district = fields.Field(attribute="district", column_name="district", widget=DistrictWidget())
    segments = fields.Field(attribute="segments", column_name="segments", widget=SegmentsWidget())
    size_band = fields.Field(
        attribute="size_band", column_name="size_band", widget=ChoiceLabelWidget(Enterprise.SizeBand.choices)
    )
    # Exported for reference, never imported: publishing goes through the review and its actions.
    state = fields.Field(
        attribute="state", column_name="state", widget=ChoiceLabelWidget(Enterprise.State.choices), readonly=True
    )
    is_verified = fields.Field(attribute="is_verified", column_name="is_verified", widget=YesNoWidget())
    is_illustrative = fields.Field(attribute="is_illustrative", column_name="is_illustrative", widget=YesNoWidget())

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

    def get_export_headers(self, selected_fields=None):
        return [str(COLUMN_TITLES.get(name, name)) for name in super().get_export_headers(selected_fields)]

    def before_import(self, dataset, **kwargs):
        # Titles as exported, in either language, stand for the columns they name.
        titles = column_by_title()
        dataset.headers = [titles.get(str(header).strip().lower(), header) for header in dataset.headers]
