from django import template
from django.utils.html import format_html, format_html_join

from enterprises import selectors

register = template.Library()


@register.inclusion_tag("enterprises/_featured.html")
def featured_enterprises(limit: int = 4):
    """A few published enterprises and a link to the directory, for the home page."""
    return {"enterprises": selectors.featured_enterprises(limit)}


@register.inclusion_tag("enterprises/_district_enterprises.html")
def district_enterprises(district, limit: int = 6):
    """The district's published enterprises and a link to the directory filtered by the district."""
    return {"district": district, "enterprises": selectors.district_enterprises(district, limit)}


@register.simple_tag
def facet_count(facets: dict, facet: str, value) -> int:
    return facets.get(facet, {}).get(str(value), 0)


@register.simple_tag
def choice_input(option) -> str:
    """A check box of a multiple-choice field, as Django's widget template writes it, without rendering a template.

    The directory lists some forty of them on every page.
    """
    data = option.data
    attributes = format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in data["attrs"].items()
            if value is not False
        ),
    )
    return format_html(
        '<input type="{}" name="{}" value="{}"{}>', data["type"], data["name"], data["value"], attributes
    )
