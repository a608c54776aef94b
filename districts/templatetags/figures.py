"""Template filters for numbers, amounts and lists: the formatting rules of districts.formatting."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext

from districts import formatting

register = template.Library()


@register.filter
def amount(value):
    """{{ fund.size_cny|amount }} → 50亿元 / 5 billion yuan; empty when no amount is known."""
    return "" if value is None else formatting.format_amount(value)


@register.filter
def number(value):
    return "" if value is None else formatting.format_number(value)


@register.filter
def labels(values):
    return formatting.format_labels(values)


@register.simple_tag
def labelled(label, value):
    """{% labelled _("Company") inquiry.company %} → Company: Studio / 公司：Studio, for plain-text emails."""
    return formatting.format_labelled(label, value)


@register.simple_tag
def source_citation(source):
    """来源：南方都市报，2025年1月17日 / Source: China Daily, Jan. 17, 2025, the publisher linked when known."""
    publisher = (
        format_html('<a href="{}" rel="noopener external">{}</a>', source.url, source.publisher_display)
        if source.url
        else source.publisher_display
    )
    if source.published_on:
        published = date_format(source.published_on, "DATE_FORMAT")
        return format_html(gettext("Source: {publisher}, {date}"), publisher=publisher, date=published)
    return format_html(gettext("Source: {publisher}"), publisher=publisher)
