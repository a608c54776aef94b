"""Template filters for what an inquiry carries to bureau staff."""

from django import template

from districts.forms import finder_summary_from_url

register = template.Library()


@register.filter
def finder_answers(inquiry):
    """The investor's finder answers as (label, value) rows in the language being rendered."""
    return finder_summary_from_url(inquiry.context.get("finder_url", ""))
