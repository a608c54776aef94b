"""The frame's fixed parts, kept per language (foundation/templatetags/frame.py)."""

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from foundation.templatetags import frame


class Renders:
    """Counts how often a template asks for it."""

    def __init__(self):
        self.count = 0

    def __str__(self):
        self.count += 1
        return f"rendering {self.count}"


@pytest.fixture
def kept_part():
    frame.KEPT.clear()
    return engines["django"].from_string(
        "{% load frame i18n %}{% kept_per_language bureau %}{{ renders }} {% translate 'Events' %} {{ bureau }}"
        "{% endkept_per_language %}"
    )


def test_a_kept_part_is_rendered_once_per_language_and_value_named(kept_part):
    renders = Renders()
    with translation.override("en"):
        assert kept_part.render({"renders": renders, "bureau": "A"}) == "rendering 1 Events A"
        assert kept_part.render({"renders": renders, "bureau": "A"}) == "rendering 1 Events A"
        assert kept_part.render({"renders": renders, "bureau": "B"}) == "rendering 2 Events B"
    with translation.override("zh-hans"):
        assert kept_part.render({"renders": renders, "bureau": "A"}) == "rendering 3 活动 A"
        assert kept_part.render({"renders": renders, "bureau": "A"}) == "rendering 3 活动 A"
    assert renders.count == 3


def test_kept_parts_are_bounded(kept_part, monkeypatch):
    monkeypatch.setattr(frame, "KEPT_LIMIT", 3)
    renders = Renders()
    with translation.override("en"):
        for bureau in "ABCD":
            kept_part.render({"renders": renders, "bureau": bureau})
        assert len(frame.KEPT) <= 3
        # Emptied, not wrong: a part asked again is rendered again.
        assert kept_part.render({"renders": renders, "bureau": "A"}) == "rendering 5 Events A"


def test_a_changed_setting_empties_the_kept_parts(kept_part, settings):
    renders = Renders()
    with translation.override("en"):
        kept_part.render({"renders": renders, "bureau": "A"})
        settings.SITE_NAME = "Another portal"
        assert kept_part.render({"renders": renders, "bureau": "A"}) == "rendering 2 Events A"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, current, label",
    [("en", "districts:incentives", "Incentives"), ("zh-hans", "events:list", "活动"), ("en", "home", None)],
)
def test_the_main_navigation_marks_the_page_shown(client, language, current, label):
    with translation.override(language):
        address = reverse(current)
    page = client.get(address).content.decode()
    navigation = page[page.index('<nav class="main-nav"') :]
    navigation = navigation[: navigation.index("</nav>")]
    if label:
        assert f'<a href="{address}" aria-current="page">{label}</a>' in navigation
        assert navigation.count("aria-current") == 1
    else:
        assert "aria-current" not in navigation
    # Five links, in the page's language.
    assert navigation.count("<li>") == 5
    assert f'href="/{language}/districts/"' in navigation


@pytest.mark.django_db
def test_the_frame_is_the_same_when_kept(client):
    frame.KEPT.clear()
    first = client.get("/zh-hans/events/").content.decode()
    second = client.get("/zh-hans/events/?again=1").content.decode()
    english = client.get("/en/events/").content.decode()
    footer = first[first.index('<footer class="site-footer">') :]
    assert footer == second[second.index('<footer class="site-footer">') :]
    assert "隐私声明" in footer and "Privacy notice" in english[english.index('<footer class="site-footer">') :]
    assert first[: first.index("<main")] == second[: second.index("<main")].replace("?again=1", "")
