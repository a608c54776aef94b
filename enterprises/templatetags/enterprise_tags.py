from django import template

register = template.Library()


@register.simple_tag
def facet_count(facets: dict, facet: str, value) -> int:
    return facets.get(facet, {}).get(str(value), 0)
