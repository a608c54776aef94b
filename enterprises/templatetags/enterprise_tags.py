from django import template

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
