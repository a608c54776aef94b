import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import translation

from districts.charts import category_chart

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo")


def test_category_chart_draws_a_bar_per_district_scaled_to_the_largest_count():
    with translation.override("en"):
        chart = category_chart([("Haizhu", Counter(subsidy=2, rent=1)), ("Linping", Counter(subsidy=4))])
    assert [row.label for row in chart.rows] == ["Subsidy", "Rent and space"]
    subsidy, rent = chart.rows
    assert [bar.value for bar in subsidy.bars] == [2, 4] and [bar.value for bar in rent.bars] == [1, 0]
    assert subsidy.bars[1].width == 2 * subsidy.bars[0].width == 4 * rent.bars[0].width
    with translation.override("en"):
        assert chart.description == "Subsidy: Haizhu 2, Linping 4; Rent and space: Haizhu 1, Linping 0"


def test_comparison_and_district_pages_draw_accessible_svg_without_scripts(client, demo):
    for url in ["/en/districts/compare/?d=haizhu&d=linping", "/en/districts/haizhu/", "/zh-hans/districts/linping/"]:
        page = client.get(url).content.decode()
        svg = re.search(r'<svg class="category-chart".*?</svg>', page, re.S).group(0)
        assert 'role="img"' in svg and "<title " in svg and "<desc " in svg and "<rect" in svg
        assert "<script" not in svg
    district = client.get("/en/districts/haizhu/").content.decode()
    # Haizhu's one micro-drama incentive is its talent package; its general content measures are not counted.
    assert "Show the chart as a table" in district and '<th scope="row">Talent</th><td>1</td>' in district


def test_each_district_shows_where_it_is_among_the_others(client, demo):
    page = client.get("/en/districts/linping/").content.decode()
    locator = re.search(r'<figure class="locator">.*?</figure>', page, re.S).group(0)
    assert "Where Linping District is" in locator and "30.42° north, 120.30° east" in locator
    assert locator.count("<circle") == 7 and locator.count('class="place-current"') == 1
    assert "Guangzhou" in locator and "not a survey map" in locator


@pytest.mark.parametrize("url", ["/en/", "/zh-hans/districts/", "/en/incentives/", "/en/events/", "/en/enterprises/"])
def test_every_page_carries_a_share_card(client, demo, url):
    page = client.get(url).content.decode()
    assert re.search(r'<meta property="og:image" content="http://[^"]+/static/img/share-card[^"]*\.png">', page)
    assert '<meta property="og:title"' in page and '<meta property="og:description"' in page
