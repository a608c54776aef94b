"""Check boxes, radio buttons and selects written without Django's widget templates, which render
three templates per check box and one per option of a select: most of a filter page's rendering
time (the directory lists some forty options on every page, the catalogue thirty). The HTML is the
same as Django's. And the count beside each filter option (foundation/facets.py).

A whole list of options is written by one tag (choice_list, facet_list) in plain string formatting:
a template's nodes, or format_html's lazy-string checks, per option and value cost more than the HTML."""

from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.safestring import mark_safe

from foundation.form_rendering import attributes_html, escaped, input_html

register = template.Library()


@register.simple_tag
def facet_count(facets: dict, facet: str, value) -> int:
    """How many rows ticking `value` of `facet` would show; 0 for a value no row has."""
    return facets.get(facet, {}).get(str(value), 0)


def count_text(facets: dict, facet: str, value) -> str:
    count = facet_count(facets, facet, value)
    # As a template writes a number; without separators, localizing an integer is str().
    return localize(count) if settings.USE_THOUSAND_SEPARATOR else str(count)


def label_html(data: dict, after: str = "") -> str:
    """An option's <label> holding its <input>, its text and `after` (HTML: its count)."""
    target = escaped(data["attrs"].get("id", ""))
    return f'<label for="{target}">{input_html(data)} {escaped(data["label"])}{after}</label>'


@register.simple_tag
def choice_list(field, facets=None) -> str:
    """The options of partials/choices.html: each in a <div> with its label, and its count when there are `facets`."""
    options = []
    for option in field.subwidgets:
        data = option.data
        count = f' <span class="facet-count">({count_text(facets, field.name, data["value"])})</span>' if facets else ""
        options.append(f"<div>\n{label_html(data, count)}</div>")
    return mark_safe("".join(options))


@register.simple_tag
def facet_list(field, facets: dict) -> str:
    """The options of a directory facet: each an <li> with its label and its count, named for the page's script."""
    options = []
    for option in field.subwidgets:
        data = option.data
        count = (
            f' <span class="facet-count" data-facet="{escaped(field.name)}:{escaped(data["value"])}">'
            f"({count_text(facets, field.name, data['value'])})</span>"
        )
        options.append(f"<li>{label_html(data, count)}</li>")
    return mark_safe("\n".join(options))


@register.simple_tag
def select_html(field) -> str:
    """A bound field's <select> of plain choices (no groups), as Django's Select writes it: the attributes
    BoundField.as_widget gives it, an <option> per choice, the first that holds the value selected."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    chosen, options = widget.format_value(field.value()), []
    for value, label in field.field.choices:
        selected = str(value) in chosen
        if selected:
            chosen = ()
        options.append(f'<option value="{escaped(value)}"{" selected" if selected else ""}>{escaped(label)}</option>')
    attributes = attributes_html(widget.build_attrs(widget.attrs, attrs))
    return mark_safe(f'<select name="{escaped(field.html_name)}"{attributes}>{"".join(options)}</select>')
