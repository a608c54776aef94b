"""Check boxes and radio buttons written without Django's widget templates, which render three
templates per option: most of a filter page's rendering time (the directory lists some forty
options on every page, the catalogue thirty). The HTML is the same as Django's. And the count
beside each filter option (foundation/facets.py)."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def choice_input(option) -> str:
    """The <input> of one option (a BoundWidget of field.subwidgets), as Django's input.html writes it."""
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


@register.simple_tag
def facet_count(facets: dict, facet: str, value) -> int:
    """How many rows ticking `value` of `facet` would show; 0 for a value no row has."""
    return facets.get(facet, {}).get(str(value), 0)
