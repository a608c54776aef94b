"""Chinese text writes numbers against the words around them: 第2页, 找到3家企业, never 第 2 页."""

import gettext
import re

import pytest
from django.conf import settings

from tests.factories import EnterpriseFactory

CHINESE = r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]"
NUMERIC_NAMES = "count|counter|number|limit|minutes|seconds|share|year|first|last|date|day|time|version"
NUMBER = rf"(?:%\((?:{NUMERIC_NAMES})\)s|%(?:\([a-z_]+\))?d|\{{number\}}|\d[\d,–-]*)"
SPACED = re.compile(f"{CHINESE} +{NUMBER}|{NUMBER} +{CHINESE}")


def test_no_chinese_translation_spaces_a_number_off_its_words():
    catalogues = sorted(settings.BASE_DIR.glob("*/locale/zh_Hans/LC_MESSAGES/django.mo"))
    assert len(catalogues) >= 5
    spaced = []
    for path in catalogues:
        with path.open("rb") as compiled:
            texts = gettext.GNUTranslations(compiled)._catalog.values()
        # An HTTP status beside a header name is code, not a count.
        spaced += [text for text in texts if SPACED.search(text) and "Retry-After" not in text]
    assert spaced == []


@pytest.mark.django_db
def test_chinese_pages_render_numbers_against_their_words(client):
    for _ in range(21):
        EnterpriseFactory()
    page = client.get("/zh-hans/enterprises/").content.decode()
    assert "第1页，共2页" in page
    assert "找到21家企业" in page
