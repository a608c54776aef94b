"""How numbers, amounts and lists read on the page, in each language's own way.

Chinese readers count money in 万 and 亿 (80万元, 1.5亿元), English readers in million and
billion (300 million yuan). Babel carries the CLDR rules for both, so no page ever shows
¥300000000 or "3 hundred million". A short form is used only when it is exact; otherwise the
digits are grouped, so no figure is silently rounded.
"""

from decimal import Decimal

from babel import Locale
from babel.numbers import format_compact_decimal, format_decimal
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

# The smallest number each language names by its size: 万 is 10,000, "million" 1,000,000.
SHORT_FORM_FROM = {"zh": Decimal(10_000), "en": Decimal(1_000_000)}


def babel_locale(language: str | None = None) -> str:
    return to_locale(language or get_language() or "en")


def format_number(value, language: str | None = None) -> str:
    """80万 / 1.5亿 in Chinese, 300 million / 2.3 billion in English; grouped digits otherwise."""
    value = Decimal(value)
    locale = babel_locale(language)
    if abs(value) >= SHORT_FORM_FROM.get(locale[:2], SHORT_FORM_FROM["en"]):
        # English spells the size out ("million"); Chinese has only the short form (万, 亿).
        style = "long" if "long" in Locale.parse(locale).compact_decimal_formats else "short"
        short = format_compact_decimal(value, format_type=style, locale=locale, fraction_digits=2)
        exact = format_compact_decimal(value, format_type=style, locale=locale, fraction_digits=12)
        if short == exact:
            return short
    return format_decimal(value, locale=locale)


def format_amount(value, language: str | None = None) -> str:
    """An amount in yuan: 80万元, 3亿元; 800,000 yuan, 300 million yuan."""
    return _("%(amount)s yuan") % {"amount": format_number(value, language)}


def format_at_least(text: str) -> str:
    """A published lower bound ("over 40", "200余"): 40+."""
    return _("%(value)s+") % {"value": text}


def format_labelled(label, value) -> str:
    """A label and its value on one line of plain text: "Company: Studio" / "公司：Studio"."""
    return _("%(label)s: %(value)s") % {"label": label, "value": value}


def format_labels(labels) -> str:
    """Labels listed, as the language lists them: 初创、成长、成熟 / start-up, growing, established.

    CLDR's narrow list, not its "and" list: a final 和 reads as part of a label that has its own 与
    ("IP 与内容和人才与培训"). Babel leaves the Chinese narrow list without its start and middle,
    which fall back to the standard list's (、), as in CLDR."""
    labels = [str(label) for label in labels]
    locale = Locale.parse(babel_locale())
    patterns = {**locale.list_patterns["standard"], **locale.list_patterns.get("standard-narrow", {})}
    if len(labels) < 2:
        return "".join(labels)
    if len(labels) == 2:
        return patterns["2"].format(*labels)
    listed = patterns["start"].format(labels[0], labels[1])
    for label in labels[2:-1]:
        listed = patterns["middle"].format(listed, label)
    return patterns["end"].format(listed, labels[-1])
