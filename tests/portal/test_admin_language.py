"""Bureau staff read the admin in their own language: every app, model, column and field."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Words Chinese staff use as they are.
AS_IS = {"ID", "URL", "CSV", "Email", "WeChat", "QR", "ICP", "ID:"}


class LabelCollector(HTMLParser):
    """Collects the text of labels, column headings, captions and headings: the names staff read."""

    NAMING = {"label", "th", "caption", "h1", "h2", "h3", "legend"}

    def __init__(self):
        super().__init__()
        self.open = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        # A row's first cell is a <th> too, holding data: only headings with a scope name things.
        if tag in self.NAMING and (tag != "th" or dict(attrs).get("scope")):
            self.open.append([tag, ""])

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            text = " ".join(self.open.pop()[1].split())
            if text:
                self.texts.append(text)

    def handle_data(self, data):
        if self.open:
            self.open[-1][1] += data


def untranslated(page: str) -> set[str]:
    collector = LabelCollector()
    collector.feed(page)
    return {
        text
        for text in collector.texts
        if not CHINESE.search(text) and re.search("[A-Za-z]{2,}", text) and text.strip(" :*") not in AS_IS
    }


@pytest.fixture
def chinese_staff(client, django_user_model):
    call_command("load_demo")
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com", "x"))
    client.cookies["django_language"] = "zh-hans"
    return client


def test_every_admin_page_names_apps_models_and_fields_in_chinese(chinese_staff):
    pages = {reverse("admin:index"): set()}
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages[reverse("admin:app_list", args=[model._meta.app_label])] = set()
        pages[reverse("admin:%s_%s_changelist" % info)] = set()
        pages[reverse("admin:%s_%s_add" % info)] = set()
        if first := model.objects.first():
            pages[reverse("admin:%s_%s_change" % info, args=[first.pk])] = {str(first)}  # its name is data
    found = {}
    for path, data in pages.items():
        response = chinese_staff.get(path)
        if response.status_code == 403:
            continue  # a list nobody adds to by hand
        assert response.status_code == 200, path
        if english := untranslated(response.content.decode()) - data:
            found[path] = sorted(english)
    assert found == {}


def test_the_admin_carries_the_portal_name_in_each_language(chinese_staff):
    assert (
        "<title>站点管理 | 海珠微短剧招商门户 管理</title>"
        in chinese_staff.get(reverse("admin:index")).content.decode()
    )
    chinese_staff.cookies["django_language"] = "en"
    assert "Haizhu Portal administration" in chinese_staff.get(reverse("admin:index")).content.decode()


def test_incentive_stages_and_segments_are_ticked_from_labelled_checkboxes(chinese_staff):
    from districts.models import Incentive

    incentive = Incentive.objects.filter(segments__len__gt=0).first()
    page = chinese_staff.get(reverse("admin:districts_incentive_change", args=[incentive.pk])).content.decode()
    assert 'type="checkbox" name="segments" value="production"' in page
    assert 'type="checkbox" name="stages" value="startup"' in page
    assert 'name="segments" type="text"' not in page and 'name="stages" type="text"' not in page
