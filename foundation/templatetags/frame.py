"""The site frame's fixed parts, rendered once per language and kept in the process.

The header, search box, main navigation and footer are the same on every page of a language, yet each
rendering reversed thirteen URLs and translated some twenty strings: 5.5 million instructions of a fresh page's
32-34 million (benchmarks/page_instructions.py). `{% kept_per_language %}` renders its part once per language
and values of the variables it names, then gives the text kept; `main_nav_links` reverses the navigation's
URLs once per language. Django's `{% cache %}` tag does the same through a cache backend, at 0.12 million
instructions a part for its key and lookup, more than most parts cost to render.

A kept part may show only its language, the variables it names and what is fixed while the process runs
(settings, URLs, static files); a change of settings (tests override them) empties the store.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from foundation.kept import kept

register = template.Library()

# Rendered parts by (node, language, values named) and the navigation's links by language (foundation.kept); the
# bound in case a part names a variable with many values.
KEPT: dict = {}
KEPT_LIMIT = 1000

MAIN_NAV = (
    ("districts:list", _("Districts")),
    ("districts:incentives", _("Incentives")),
    ("districts:finder", _("Finder")),
    ("enterprises:list", _("Enterprises")),
    ("events:list", _("Events")),
)


class KeptPerLanguageNode(template.Node):
    def __init__(self, nodelist, variables):
        self.nodelist, self.variables = nodelist, variables

    def render(self, context):
        key = (self, get_language(), *(variable.resolve(context) for variable in self.variables))
        return kept(KEPT, KEPT_LIMIT, key, lambda: self.nodelist.render(context))


@register.tag
def kept_per_language(parser, token):
    """{% kept_per_language [variable ...] %}...{% endkept_per_language %}: the part rendered once per language
    and values of the variables named, then kept."""
    variables = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endkept_per_language",))
    parser.delete_first_token()
    return KeptPerLanguageNode(nodelist, variables)


@register.simple_tag
def main_nav_links() -> list[dict]:
    """The main navigation's links in the active language: each a `url` and a `label`."""

    def links():
        return [{"url": reverse(name), "label": str(label)} for name, label in MAIN_NAV]

    return kept(KEPT, KEPT_LIMIT, ("main_nav", get_language()), links)


@receiver(setting_changed)
def forget_kept_parts(**kwargs):
    KEPT.clear()
