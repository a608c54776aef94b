"""The labels of a content field's two languages in the admin: "Title (简体中文)", "标题（English）",
each language named in itself, instead of django-modeltranslation's "Title [zh-hans]"."""

from django.utils.translation import get_language_info
from django.utils.translation import gettext as _


def localized_verbose_name(verbose_name, language: str) -> str:
    """MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME; modeltranslation calls it each time the label is read."""
    return _("%(field)s (%(language)s)") % {
        "field": verbose_name,
        "language": get_language_info(language)["name_local"],
    }
