"""Template filters for numbers, amounts and lists: the formatting rules of districts.formatting."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from districts import formatting
from districts.models import Source

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
def source_citation(source, further=False, html=True):
    """来源：南方都市报《标题》，2025年1月17日 / Source: China Daily, “Title”, Jan. 17, 2025: the publisher (linked
    when known), the title only as published, the date, and for a reprint or a summary where it was read.
    `further` cites a second source of the same fact ("Also: …"); html=False for plain-text emails, the
    address after the citation."""
    compose = format_html if html else str.format
    lead = gettext("Also: {citation}") if further else gettext("Source: {citation}")
    citation = compose(lead, citation=cited_publication(source, compose, linked=html))
    if source.kind != Source.Kind.ORIGINAL and source.read_via:
        read = {"citation": citation, "site": source.read_via}
        if source.read_on:
            read["date"] = date_format(source.read_on, "DATE_FORMAT")
        citation = compose(str((READ_ON if source.read_on else READ_IN)[source.kind]), **read)
    return citation if html or not source.url else f"{citation} {source.url}"


def cited_publication(source, compose, linked: bool):
    """The publisher, the title as published (never a staff label) and the date published."""
    publisher = source.publisher_display
    if linked and source.url:
        publisher = format_html('<a href="{}" rel="noopener external">{}</a>', source.url, publisher)
    if source.title_as_published and source.title:
        publisher = compose(gettext("{publisher}, {title}"), publisher=publisher, title=quoted_title(source))
    if source.published_on:
        published = date_format(source.published_on, "DATE_FORMAT")
        return compose(gettext("{publisher}, {date}"), publisher=publisher, date=published)
    return publisher


def quoted_title(source) -> str:
    """《标题》 on Chinese pages; “title” on English ones, our English beside it unquoted (it is not the
    publisher's). A title already in 《》 keeps them."""
    title = source.title.strip()
    if (get_language() or "").startswith("zh"):
        return title if title.startswith("《") else f"《{title}》"
    quoted = title if title.startswith("《") else f"“{title}”"  # a document title keeps its own 《》
    return f"{quoted} ({source.title_english})" if source.title_english else quoted


# Where a reprint or a summary was read: the source cited is not the publisher's own text.
READ_ON = {
    Source.Kind.REPRINT: _("{citation}; a reprint read in {site} on {date}"),
    Source.Kind.SUMMARY: _("{citation}; a summary read in {site} on {date}"),
}
READ_IN = {
    Source.Kind.REPRINT: _("{citation}; a reprint read in {site}"),
    Source.Kind.SUMMARY: _("{citation}; a summary read in {site}"),
}
