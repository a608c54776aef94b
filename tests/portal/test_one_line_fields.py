"""One-line fields refuse line breaks and other control characters, on every public form, so nothing
typed into them can forge a line ("Bcc: ...", a field of its own) in the emails built from them."""

import pytest
from django import forms
from django.utils import translation

from alerts.forms import AlertSubscribeForm
from districts.forms import InquiryForm
from districts.models import InvestmentContact
from enterprises.forms import EnterpriseSubmissionForm, WorkForm
from events.forms import ManageLinkForm, RegistrationForm
from foundation.forms import OneLineField
from foundation.models import OutgoingEmail
from tests.districts.test_inquiry import form_data as inquiry_data
from tests.enterprises.test_submission import form_data as listing_data
from tests.events.test_pages import form_data as registration_data
from tests.factories import DistrictFactory, EventFactory

pytestmark = pytest.mark.django_db

FORGED = "Acme\r\nBcc: x@evil.example"
MESSAGE = "Please keep this on one line, without line breaks or control characters."
PUBLIC_FORMS = [InquiryForm, EnterpriseSubmissionForm, WorkForm, RegistrationForm, AlertSubscribeForm, ManageLinkForm]

POSTS = [
    ("/en/districts/haizhu/inquiry/", inquiry_data, "company"),
    ("/en/districts/haizhu/inquiry/", inquiry_data, "contact_name"),
    ("/en/districts/haizhu/inquiry/", inquiry_data, "phone"),
    ("/en/enterprises/submit/", listing_data, "name_en"),
    ("/en/enterprises/submit/", listing_data, "name_zh_hans"),
    ("/en/enterprises/submit/", listing_data, "summary_en"),
    ("/en/enterprises/submit/", listing_data, "contact_name"),
    ("/en/enterprises/submit/", listing_data, "works-0-title"),
    ("/en/enterprises/submit/", listing_data, "works-0-platform"),
    ("/en/events/open-class/register/", registration_data, "full_name"),
    ("/en/events/open-class/register/", registration_data, "organisation"),
    ("/en/events/open-class/register/", registration_data, "phone"),
]


@pytest.fixture
def places(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BUREAU_INQUIRY_EMAIL = "review@bureau.example"
    district = DistrictFactory(slug="haizhu", name_en="Haizhu District", name_zh_hans="海珠区")
    InvestmentContact.objects.create(district=district, office_en="Bureau", inquiry_recipients="staff@bureau.example")
    EventFactory(slug="open-class", capacity=5, district=district)


@pytest.mark.parametrize("url, data, field", POSTS)
def test_a_line_break_in_a_one_line_field_is_refused_and_no_email_carries_it(client, places, url, data, field):
    response = client.post(url, data(**{field: FORGED}))
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not OutgoingEmail.objects.filter(body__contains="Bcc: x@evil.example").exists()
    assert not OutgoingEmail.objects.exists()
    # The form is refused for that field alone: as typed by a person, it is accepted and emailed.
    accepted = client.post(url, data())
    assert accepted.status_code == 302 and OutgoingEmail.objects.exists()


@pytest.mark.parametrize("character", ["\n", "\r", "\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"])
def test_one_line_fields_refuse_every_control_character_and_line_separator(character):
    field = OneLineField()
    for language, message in [("en", MESSAGE), ("zh-hans", "请在一行内填写，不要包含换行或控制字符。")]:
        with translation.override(language), pytest.raises(forms.ValidationError) as refused:
            field.clean(f"Acme{character}Studio")
        with translation.override(language):
            assert message in refused.value.messages
    assert field.clean("  映宇宙 Studio · Acme & Co.  ") == "映宇宙 Studio · Acme & Co."


@pytest.mark.parametrize("form_class", PUBLIC_FORMS)
def test_every_one_line_text_field_of_a_public_form_is_a_one_line_field(form_class):
    single_line = {
        name
        for name, field in form_class.base_fields.items()
        if isinstance(field.widget, forms.TextInput) and name != "website"  # the spam trap is never read
    }
    assert {name for name in single_line if not isinstance(form_class.base_fields[name], OneLineField)} == set()
