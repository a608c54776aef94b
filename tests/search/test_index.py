"""The search index follows every edit: what staff change in the admin shows in the next search, what they
delete or take offline is gone from it, and a rebuild writes the same rows the edits did."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from enterprises.models import Enterprise
from search.models import SearchEntry
from tests.factories import DistrictFactory, EnterpriseFactory, EventFactory, FacilityFactory, IncentiveFactory

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The values a browser would send with the admin's change form, as it stands."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "image"):
            checkable = attrs.get("type") in ("checkbox", "radio")
            if checkable and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value", "on" if checkable else ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.setdefault(self._select, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def change_in_admin(client, url, **changes):
    page = client.get(url).content.decode()
    form = page[re.search(r'<form [^>]*id="\w+_form"', page).start() :]
    fields = FormFields()
    fields.feed(form[: form.index("</form>")])
    data = {name: values if len(values) > 1 else values[0] for name, values in fields.data.items()}
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(r'<ul class="errorlist[^>]*>.*?</ul>', response.content.decode())


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com", "x"))
    return client


def titles(client, query, language="en") -> list[str]:
    page = client.get(f"/{language}/search/", {"q": query}).content.decode()
    return sorted(re.sub(r"<.*?>", "", title) for title in re.findall(r"<h4><a [^>]*>(.*?)</a></h4>", page))


def suggested(client, query) -> list[str]:
    return [result["title"] for result in client.get("/en/search/suggestions/", {"q": query}).json()["results"]]


def test_an_admin_edit_shows_in_the_next_search_and_the_typeahead(client, admin_client):
    incentive = IncentiveFactory(title_en="Rent relief", title_zh_hans="房租补贴", summary_zh_hans="按面积补贴。")
    assert titles(client, "copyright") == []

    change_in_admin(admin_client, f"/admin/districts/incentive/{incentive.pk}/change/", title_en="Copyright grant")

    assert titles(client, "copyright") == ["Copyright grant"]
    assert suggested(client, "copyri") == ["Copyright grant"]
    assert titles(client, "rent") == []


def test_a_record_deleted_in_the_admin_is_gone_from_the_next_search(client, admin_client):
    incentive = IncentiveFactory(title_en="Hengdian sound stage grant")
    assert titles(client, "sound stage") == ["Hengdian sound stage grant"]

    response = admin_client.post(f"/admin/districts/incentive/{incentive.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert titles(client, "sound stage") == []
    assert not SearchEntry.objects.filter(kind="incentive").exists()


def test_listings_unpublished_by_the_bulk_action_are_gone_and_published_ones_found(client, admin_client):
    shown = EnterpriseFactory(name_en="Amber Pictures")
    hidden = EnterpriseFactory(name_en="Amber Shorts", state=Enterprise.State.UNPUBLISHED)
    assert titles(client, "amber") == ["Amber Pictures"]

    changelist = "/admin/enterprises/enterprise/"
    admin_client.post(changelist, {"action": "unpublish", "_selected_action": [shown.pk]})
    assert titles(client, "amber") == []
    admin_client.post(changelist, {"action": "publish", "_selected_action": [shown.pk, hidden.pk]})
    assert titles(client, "amber") == ["Amber Pictures", "Amber Shorts"]


def test_a_draft_event_is_found_once_published_and_not_after_it_is_deleted(client):
    event = EventFactory(title_en="Pitch day", state="draft")
    assert titles(client, "pitch") == []

    event.state = "published"
    event.save()
    assert titles(client, "pitch") == ["Pitch day"]

    event.delete()
    assert titles(client, "pitch") == []


def test_a_district_taken_offline_hides_its_records_and_a_new_slug_moves_their_links(client):
    district = DistrictFactory(slug="linping", name_en="Linping District")
    FacilityFactory(district=district, name_en="Linping studio park")
    EnterpriseFactory(district=district, name_en="Linping Pictures")

    district.is_published = False
    district.save()
    assert titles(client, "linping") == []

    district.is_published = True
    district.slug = "linping-district"
    district.save()
    page = client.get("/en/search/", {"q": "studio park"}).content.decode()
    assert 'href="/en/districts/linping-district/#studios"' in page
    assert titles(client, "linping") == ["Linping District", "Linping Pictures", "Linping studio park"]


def test_a_rebuild_writes_the_rows_the_edits_wrote(client):
    IncentiveFactory(title_en="Copyright grant", summary_en="For registered works.")
    EnterpriseFactory(name_zh_hans="琥珀影业", name_en="Amber Pictures")
    EventFactory(title_en="Pitch day")
    columns = ["kind", "record_id", "district_id", "title_en", "texts_en", "url_en", "url_zh_hans", "searched"]
    kept = sorted(SearchEntry.objects.values_list(*columns))

    SearchEntry.objects.all().delete()
    assert titles(client, "copyright") == []
    call_command("rebuild_search_index", stdout=None)

    assert sorted(SearchEntry.objects.values_list(*columns)) == kept
    assert titles(client, "copyright") == ["Copyright grant"]
