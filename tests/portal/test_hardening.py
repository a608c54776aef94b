import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from alerts.forms import AlertSubscribeForm
from alerts.models import AlertSubscription
from districts.forms import InquiryForm
from enterprises.forms import EnterpriseSubmissionForm
from events.forms import ManageLinkForm, RegistrationForm
from events.models import new_manage_token
from foundation.forms import PersonalDataForm
from foundation.link_tokens import new_link_token
from foundation.models import OutgoingEmail
from foundation.tasks import deliver_email
from staff.roles import EVENT_ORGANISERS
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_pages_deny_device_features_through_permissions_policy(client):
    policy = client.get("/en/").headers["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


@pytest.mark.parametrize(
    "token",
    ["%00", "abc", "A" * 42, "A" * 44, "A" * 42 + "%00", "A" * 42 + "!", "A" * 42 + "=", "..%2F..%2Fadmin"],
)
def test_a_manage_link_of_the_wrong_shape_is_not_found(client, token):
    for suffix in ["", "cancel/", "event.ics"]:
        assert client.get(f"/en/events/ticket/{token}/{suffix}").status_code == 404


TOKEN_URLS = ["/{language}/alerts/confirm/{token}/", "/{language}/alerts/manage/{token}/"]
TOKEN_URLS += ["/{language}/alerts/unsubscribe/{token}/"]


@pytest.mark.parametrize("url", TOKEN_URLS)
@pytest.mark.parametrize("token", ["%00", "abc", "A" * 42, "A" * 44, "A" * 42 + "%00", "A" * 42 + "!", "A" * 42 + "="])
def test_an_alert_link_of_the_wrong_shape_is_not_found(client, url, token):
    for language in ["en", "zh-hans"]:
        assert client.get(url.format(language=language, token=token)).status_code == 404
        assert client.post(url.format(language=language, token=token)).status_code == 404


def test_a_well_formed_alert_link_opens_and_an_unknown_one_is_not_found(client):
    subscription = AlertSubscription.objects.create(email="li@example.com", consent=True, language="en")
    assert len(subscription.token) == 43
    assert client.get(f"/en/alerts/manage/{subscription.token}/").status_code == 200
    assert client.get(f"/en/alerts/manage/{new_link_token()}/").status_code == 404


def test_a_well_formed_manage_link_opens_and_an_unknown_one_is_not_found(client):
    registration = RegistrationFactory()
    assert len(registration.manage_token) == 43
    assert client.get(f"/en/events/ticket/{registration.manage_token}/").status_code == 200
    assert client.get(f"/en/events/ticket/{new_manage_token()}/").status_code == 404


def test_ticket_manage_and_organiser_pages_are_never_stored_by_caches(client, django_user_model):
    registration = RegistrationFactory(event=EventFactory(slug="summit"))
    organiser = django_user_model.objects.create_user("organiser", is_staff=True)
    organiser.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    registration.event.organisers.add(organiser)
    client.force_login(organiser)
    token = registration.manage_token
    for url in [
        f"/en/events/ticket/{token}/",
        f"/en/events/ticket/{token}/cancel/",
        f"/en/events/ticket/{token}/event.ics",
        "/en/events/summit/organise/",
        "/en/events/summit/organise/attendees.csv",
        "/en/events/summit/organise/check-in/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


@pytest.mark.parametrize(
    "query", ["created_at__year=99999", "status__exact=%00", "status=%00", "created_at__year=-1", "%00=1"]
)
def test_admin_list_filters_refuse_impossible_values_without_an_error(admin_client, query):
    OutgoingEmail.objects.create(to="li@example.com", subject="Ticket", body="Hello")
    response = admin_client.get(f"/admin/haizhu_portal/outgoingemail/?{query}")
    assert response.status_code == 400
    assert admin_client.get("/admin/haizhu_portal/outgoingemail/?status__exact=pending").status_code == 200


def test_a_date_hierarchy_year_past_any_integer_is_refused_without_an_error(admin_client):
    response = admin_client.get("/admin/axes/accessfailurelog/?attempt_time__year=99999999999999999999999")
    assert response.status_code == 400


def test_an_admin_list_asked_to_filter_by_what_it_has_no_filter_for_starts_again_unfiltered(admin_client):
    OutgoingEmail.objects.create(to="li@example.com", subject="Ticket", body="Hello")
    response = admin_client.get("/admin/haizhu_portal/outgoingemail/?attempts=1e999")
    assert response.status_code == 302
    assert response["Location"] == "/admin/haizhu_portal/outgoingemail/?e=1"


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, settings):
    with mock.patch("django.http.multipartparser.MultiPartParser.parse") as parse:
        response = client.post(
            "/en/enterprises/submit/",
            {"name_en": "Huge"},
            CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES + 1),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 413
    assert "The upload is too large" in response.content.decode()
    parse.assert_not_called()


def test_the_body_limit_page_speaks_chinese(client, settings):
    response = client.post(
        "/zh-hans/enterprises/submit/", {"name_en": "Huge"}, CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES + 1)
    )
    assert response.status_code == 413 and "上传的内容过大" in response.content.decode()


def test_staff_may_send_larger_bodies_than_the_public(admin_client, settings):
    photo = SimpleUploadedFile("photo.jpg", b"x" * (settings.REQUEST_MAX_BYTES + 1), "image/jpeg")
    response = admin_client.post("/admin/haizhu_portal/outgoingemail/", {"photo": photo})
    assert response.status_code == 200


def test_healthz_is_ok_while_emails_and_tasks_flow(client):
    OutgoingEmail.objects.create(to="li@example.com", subject="Ticket", body="Hello")
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "email": "ok", "worker": "ok"}


def test_healthz_reports_degraded_when_an_email_waits_too_long(client, settings):
    email = OutgoingEmail.objects.create(to="li@example.com", subject="Ticket", body="Hello")
    waited = datetime.timedelta(minutes=settings.HEALTH_EMAIL_MAX_WAIT_MINUTES + 1)
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - waited)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded" and "waiting" in response.json()["email"]
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.SENT)
    assert client.get("/healthz").json()["status"] == "ok"


def test_healthz_reports_degraded_when_no_worker_takes_the_queued_tasks(client, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    email = OutgoingEmail.objects.create(to="li@example.com", subject="Ticket", body="Hello")
    deliver_email.enqueue(email.pk)
    assert client.get("/healthz").json()["worker"] == "ok"  # just queued
    waited = datetime.timedelta(minutes=settings.HEALTH_TASK_MAX_WAIT_MINUTES + 1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - waited)
    health = client.get("/healthz").json()
    assert health["status"] == "degraded" and "no worker" in health["worker"]


# Valid in every way but its length: 264 characters, more than an address may have (RFC 5321).
LONG_ADDRESS = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".example"


@pytest.mark.parametrize(
    "form_class, field",
    [
        (AlertSubscribeForm, "email"),
        (InquiryForm, "email"),
        (EnterpriseSubmissionForm, "contact_email"),
        (RegistrationForm, "email"),
        (ManageLinkForm, "email"),
        (PersonalDataForm, "email"),
    ],
)
def test_every_email_field_refuses_an_address_over_254_characters_with_a_clear_message(form_class, field):
    for language, message in [
        ("en", "An email address has at most 254 characters."),
        ("zh-hans", "电子邮件地址最多254个字符。"),
    ]:
        with translation.override(language):
            assert form_class(data={field: LONG_ADDRESS}).errors[field] == [message]
    longest_allowed = LONG_ADDRESS[10:]
    assert len(longest_allowed) == 254 and field not in form_class(data={field: longest_allowed}).errors


def test_alert_subscription_pages_are_never_stored_by_caches(client):
    subscription = AlertSubscription.objects.create(email="li@example.com", consent=True, language="en")
    for action in ["confirm", "manage", "unsubscribe"]:
        response = client.get(f"/en/alerts/{action}/{subscription.token}/")
        assert response.status_code == 200, action
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, action
