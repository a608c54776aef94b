"""Random and hostile input at every public form, filter query string and token URL.

Whatever arrives, the answer is one a person can read (200, 302, 400, 404, 409 or 429), never a
500, and the rows that were stored before are still there, unchanged.
"""

import time
from urllib.parse import quote, urlencode

import pytest
from django.contrib import admin
from django.core import signing
from django.core.cache import cache
from django.db.models import DateField, DateTimeField
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from alerts.forms import AlertSubscribeForm
from districts.forms import CompareForm, FinderForm, InquiryForm
from districts.models import District, Inquiry
from enterprises.forms import EnterpriseSubmissionForm, WorkForm
from enterprises.models import Enterprise
from events.models import Event, Registration
from foundation import spam
from tests.enterprises.factories import SubmittedEnterpriseFactory
from tests.factories import (
    DistrictFactory,
    EnterpriseFactory,
    EventFactory,
    InvestmentContactFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

ANSWERS = {200, 302, 400, 404, 409, 429}
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    # The database fixtures are made once per test; each example adds to the same rows, which is the point.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = [
    "\x00",
    "a\x00b",
    "%00",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    '=HYPERLINK("http://evil.example","x")',
    "../../etc/passwd",
    "99999999999999999999999",
    "99999",
    "0",
    "-1",
    "1e999",
    "NaN",
    "inf",
    "99999-99-99",
    "2025-13",
    "٣",
    "９９",
    "\u202e",
    "\ufeff",
    " ",
    "x" * 5000,
    "li@example.com",
    "=1+2@example.com",
    "production",
    "published",
    "on",
]
hostile = st.sampled_from(HOSTILE)
text = st.one_of(hostile, hostile, st.text(st.characters(exclude_categories=["Cs"]), max_size=60))
values = st.one_of(text, st.lists(text, min_size=1, max_size=3))


def form_data(field_names):
    """Some of the form's own fields and a few unknown ones, each with one value or several."""
    known = st.sampled_from(sorted(field_names))
    names = st.one_of(known, known, known, text)  # mostly the real names, so values reach the filters
    return st.dictionaries(names, values, max_size=len(field_names) + 3)


def with_spam_fields(data: dict, started_ok: bool) -> dict:
    """Half the time a valid start token and an empty honeypot, so hostile values reach the deeper checks."""
    if started_ok:
        data = {**data, "started": signing.dumps(time.time() - 30, salt=spam.SALT), "website": ""}
    return data


def stored_rows() -> dict:
    # One language throughout, as translated fields read in the active one.
    with translation.override("zh-hans"):
        return {
            model.__name__: {row["id"]: row for row in model.objects.values()}
            for model in (District, Event, Registration, Enterprise, Inquiry)
        }


def assert_nothing_lost_or_altered(before: dict):
    after = stored_rows()
    for model, rows in before.items():
        for pk, row in rows.items():
            assert after[model].get(pk) == row, f"{model} {pk} changed"


@pytest.fixture
def stored(db):
    district = DistrictFactory(slug="haizhu", is_published=True)
    InvestmentContactFactory(district=district)  # takes inquiries, so the form is reached, not a 404
    event = EventFactory(slug="summit", district=district, capacity=2)
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, email="li@example.com", status=Registration.Status.WAITING)
    EnterpriseFactory(slug="jiuzhou", district=district)
    SubmittedEnterpriseFactory(slug="waiting")
    Inquiry.objects.create(
        district=district, company="映宇宙", contact_name="李明", email="li@example.com", consent=True, language="en"
    )
    return stored_rows()


def answered(response):
    assert response.status_code in ANSWERS, response.status_code
    return response


REGISTRATION_FIELDS = ["full_name", "email", "organisation", "role", "phone", "consent", "website", "started"]


@EXAMPLES
@given(data=form_data(REGISTRATION_FIELDS), started_ok=st.booleans(), language=st.sampled_from(["en", "zh-hans"]))
def test_registration_form(client, stored, data, started_ok, language):
    cache.clear()
    answered(client.post(f"/{language}/events/summit/register/", with_spam_fields(data, started_ok)))
    assert_nothing_lost_or_altered(stored)


@EXAMPLES
@given(data=form_data(["email"]))
def test_manage_link_form(client, stored, data):
    cache.clear()
    answered(client.post("/en/events/summit/register/manage-link/", data))
    assert_nothing_lost_or_altered(stored)


@EXAMPLES
@given(data=form_data([*InquiryForm.base_fields, "finder"]), started_ok=st.booleans())
def test_inquiry_form(client, stored, data, started_ok):
    cache.clear()
    answered(client.post("/en/districts/haizhu/inquiry/", with_spam_fields(data, started_ok)))
    assert_nothing_lost_or_altered(stored)


@EXAMPLES
@given(data=form_data([*AlertSubscribeForm.base_fields]), started_ok=st.booleans())
@example(data={"email": "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".example", "districts": "haizhu"}, started_ok=True)
def test_alert_subscription_form(client, stored, data, started_ok):
    cache.clear()
    answered(client.post("/en/alerts/", with_spam_fields({"consent": "on", **data}, started_ok)))
    assert_nothing_lost_or_altered(stored)


WORK_FIELDS = [f"works-0-{name}" for name in WorkForm.base_fields] + ["works-TOTAL_FORMS", "works-INITIAL_FORMS"]


@EXAMPLES
@given(data=form_data([*EnterpriseSubmissionForm.base_fields, *WORK_FIELDS]), started_ok=st.booleans())
def test_enterprise_submission_form(client, stored, data, started_ok):
    cache.clear()
    answered(client.post("/en/enterprises/submit/", with_spam_fields(data, started_ok)))
    assert_nothing_lost_or_altered(stored)


LIST_PAGES = {
    "/en/enterprises/": ["q", "district", "segment", "size", "verified", "sort", "page"],
    "/en/events/": ["district", "month", "page"],
    "/en/incentives/": [
        "district",
        "category",
        "stage",
        "segment",
        "min_amount",
        "min_amount_wan",
        "open_now",
        "sort",
        "page",
    ],
    "/en/incentives/finder/": [*FinderForm.base_fields],
    "/en/districts/compare/": [*CompareForm.base_fields],
    "/en/districts/haizhu/": ["finder"],
}


@EXAMPLES
@given(page=st.sampled_from(sorted(LIST_PAGES)), data=st.data())
def test_filter_query_strings(client, stored, page, data):
    query = data.draw(form_data(LIST_PAGES[page]))
    answered(client.get(f"{page}?{urlencode(query, doseq=True)}"))
    assert_nothing_lost_or_altered(stored)


token = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", min_size=42, max_size=44),
    st.sampled_from(HOSTILE),
)


@EXAMPLES
@given(token=token, suffix=st.sampled_from(["", "cancel/", "event.ics"]), method=st.sampled_from(["get", "post"]))
@example(token="\x00", suffix="", method="get")
@example(token="A" * 42 + "\x00", suffix="cancel/", method="post")
def test_token_urls(client, stored, token, suffix, method):
    url = f"/en/events/ticket/{quote(token, safe='')}/{suffix}"
    answered(getattr(client, method)(url))
    assert_nothing_lost_or_altered(stored)


LOOKUPS = ["", "__exact", "__year", "__month", "__day", "__gte", "__lt", "__isnull", "__in", "__id__exact"]


def admin_filter_fields(model_admin) -> list[str]:
    fields = []
    for entry in model_admin.list_filter:
        name = entry[0] if isinstance(entry, tuple) else entry
        name = name if isinstance(name, str) else getattr(name, "parameter_name", None)
        if name:
            fields.append(name)
    if model_admin.date_hierarchy:
        fields.append(model_admin.date_hierarchy)
    return fields


def date_fields(model, fields: list[str]) -> list[str]:
    names = [field.name for field in model._meta.get_fields() if isinstance(field, (DateField, DateTimeField))]
    return [name for name in fields if name in names]


ADMIN_LISTS = {
    f"/admin/{model._meta.app_label}/{model._meta.model_name}/": (model, admin_filter_fields(model_admin))
    for model, model_admin in admin.site._registry.items()
}


def admin_query(fields: list[str]):
    """One or two parameters: a single unknown one would already send the whole list back unfiltered."""
    names = st.builds("".join, st.tuples(st.sampled_from([*fields, "q", "o", "p", "all"]), st.sampled_from(LOOKUPS)))
    return st.dictionaries(names, values, min_size=1, max_size=2)


admin_queries = st.fixed_dictionaries({page: admin_query(fields) for page, (_model, fields) in ADMIN_LISTS.items()})


@settings(EXAMPLES, max_examples=25)
@given(queries=admin_queries)
# Values that no column can hold, on every filter of every list, are always tried as well.
@example(
    queries={page: {f"{field}__exact": "\x00" for field in fields} for page, (_model, fields) in ADMIN_LISTS.items()}
)
@example(
    queries={
        page: {f"{field}__year": "99999" for field in date_fields(model, fields)}
        for page, (model, fields) in ADMIN_LISTS.items()
    }
)
def test_admin_list_filters(admin_client, stored, queries):
    for page, query in queries.items():
        answered(admin_client.get(f"{page}?{urlencode(query, doseq=True)}"))
    assert_nothing_lost_or_altered(stored)
