"""What a compared figure or measure is: its level and scope, so districts, cities and provinces, and figures
of different definitions, are never read as one kind."""

from django import template
from django.utils.translation import gettext_lazy as _

from districts.models import Level, Scope

register = template.Library()

# A measure of a city, a province or the nation filed under a district says whose it is.
MEASURE_LEVELS = {
    Level.CITY: _("city measure"),
    Level.PROVINCE: _("provincial measure"),
    Level.NATION: _("national measure"),
}
LEVELS = {
    Level.DISTRICT: _("district level"),
    Level.CITY: _("city level"),
    Level.PROVINCE: _("province level"),
    Level.NATION: _("national level"),
}
SCOPES = {
    Scope.MICRO_DRAMA: _("counts micro-drama"),
    Scope.AUDIOVISUAL: _("counts film, television and online audiovisual"),
    Scope.INTERNET_CONTENT: _("counts internet content"),
    Scope.CULTURE: _("counts culture and creative industries"),
    Scope.DIGITAL_ECONOMY: _("counts the digital economy"),
    Scope.ECONOMY: _("counts the economy as a whole"),
}


@register.filter
def measure_level(record) -> str:
    """ "provincial measure" for a Henan measure filed under Zhengzhou; empty for a district's own."""
    return str(MEASURE_LEVELS.get(record.level, ""))


@register.filter
def level_and_scope(record) -> str:
    """ "province level · counts the digital economy": what a key figure is, beside another district's."""
    parts = [str(text) for text in (LEVELS.get(record.level), SCOPES.get(record.scope)) if text]
    return " · ".join(parts)
