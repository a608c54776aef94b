"""Form widgets written as Django's templates write them, without the templates where that costs most.

Most of the portal's form fields are <input>s (text, number, email, check box...). Django renders each
through three templates (say number.html, input.html and attrs.html): a fresh catalogue or directory page
spent 1.6-2.2 million of its 27-30 million instructions on its few inputs (benchmarks/page_instructions.py).
FormRenderer writes those inputs in plain string formatting, byte for byte as the templates do
(tests/portal/test_form_rendering.py compares both), and leaves every other template (selects, text areas,
the admin's widgets) to Django.
"""

import html

from django.forms.renderers import DjangoTemplates

# Django's widget templates that are input.html and nothing else.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox", "color", "date", "datetime", "email", "hidden", "number",
        "password", "search", "tel", "text", "time", "url",
    )
)  # fmt: skip


def escaped(value) -> str:
    """conditional_escape without its lazy-string wrapper: safe strings as they are, the rest escaped."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def attributes_html(attrs: dict) -> str:
    """As Django's attrs.html writes them: a true one by its name alone, a false one not at all."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: dict) -> str:
    """A widget's context as Django's input.html writes it: the value only when there is one."""
    value = "" if widget["value"] is None else f' value="{escaped(widget["value"])}"'
    attributes = attributes_html(widget["attrs"])
    return f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"{value}{attributes}>'


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return input_html(context["widget"])
        return super().render(template_name, context, request)
