"""Each role against each other role's records: list, change, delete, export, check-in, stored emails."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from reversion.models import Version

from alerts.models import AlertSubscription
from alerts.services import subscription_request
from districts.models import Incentive, Inquiry
from districts.services import inquiry_submit
from enterprises.models import Enterprise
from enterprises.services import enterprise_submit
from events.models import Event, Registration
from events.services import email_registration
from foundation.emails import email_queue
from foundation.models import OutgoingEmail
from staff.roles import BUREAU_STAFF, EVENT_ORGANISERS
from tests.factories import (
    DistrictFactory,
    EnterpriseFactory,
    EventFactory,
    IncentiveFactory,
    InvestmentContactFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def staff_member(django_user_model, username, group=None):
    user = django_user_model.objects.create_user(username, password="x", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def inquiry_in(district, company):
    return inquiry_submit(
        district=district,
        language="en",
        company=company,
        contact_name="Li",
        email=f"{company.lower()}@example.com",
        message="We look for a studio.",
        consent=True,
    )


def submission_in(district, name):
    return enterprise_submit(
        data={"name_en": name, "district": district, "segments": ["production"], "contact_email": "c@example.com"},
        works=[],
        language="en",
    )


@pytest.fixture
def world(django_user_model):
    """Two districts with an editor each, two events with an organiser each, and one administrator;
    every record in both halves, with the emails about them."""
    world = {"admin": django_user_model.objects.create_superuser("admin", password="x")}
    for side in ("a", "b"):
        district = DistrictFactory(slug=f"district-{side}", name_en=f"District {side.upper()}")
        InvestmentContactFactory(district=district)
        editor = staff_member(django_user_model, f"editor-{side}", BUREAU_STAFF)
        district.editors.add(editor)
        event = EventFactory(slug=f"event-{side}", district=district, title_en=f"Event {side.upper()}")
        organiser = staff_member(django_user_model, f"organiser-{side}", EVENT_ORGANISERS)
        event.organisers.add(organiser)
        registration = RegistrationFactory(event=event, full_name=f"Attendee {side.upper()}")
        email_registration(registration, "registration_confirmed")
        world[side] = {
            "district": district,
            "editor": editor,
            "event": event,
            "organiser": organiser,
            "registration": registration,
            "incentive": IncentiveFactory(district=district, title_en=f"Incentive {side.upper()}"),
            "enterprise": EnterpriseFactory(district=district, slug=f"enterprise-{side}"),
            "inquiry": inquiry_in(district, f"Company{side.upper()}"),
            "submission": submission_in(district, f"Submitted {side.upper()}"),
        }
    world["loose email"] = email_queue(to="x@example.com", template="inquiry_received", context={}, language="en")
    return world


def client_for(user):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def admin_url(record, view="change"):
    opts = record._meta
    suffix = {"change": f"{record.pk}/change/", "delete": f"{record.pk}/delete/", "list": ""}[view]
    return f"/admin/{opts.app_label}/{opts.model_name}/{suffix}"


def listed_ids(client, model):
    response = client.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/")
    if response.status_code == 403:
        return None
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


DISTRICT_RECORDS = ["incentive", "enterprise", "inquiry", "submission"]


@pytest.mark.parametrize("kind", DISTRICT_RECORDS)
def test_an_editor_lists_and_changes_only_their_districts_records(world, kind):
    editor = client_for(world["a"]["editor"])
    own, other = world["a"][kind], world["b"][kind]
    assert listed_ids(editor, type(own)) == {
        world["a"][k].pk for k in DISTRICT_RECORDS if type(world["a"][k]) is type(own)
    }
    assert editor.get(admin_url(own)).status_code == 200
    # Another bureau's record is answered as if it did not exist.
    assert editor.get(admin_url(other)).status_code == 302
    # Not found, or (inquiries, kept for the record) not deleted by editors at all.
    assert editor.get(admin_url(other, "delete")).status_code == (403 if kind == "inquiry" else 302)
    editor.post(admin_url(other, "delete"), {"post": "yes"})
    assert type(other).objects.filter(pk=other.pk).exists()


def test_an_editor_cannot_attach_a_record_to_another_district(world):
    editor = client_for(world["a"]["editor"])
    form = editor.get("/admin/districts/incentive/add/").context["adminform"].form
    assert list(form.fields["district"].queryset) == [world["a"]["district"]]
    response = editor.post(
        "/admin/districts/incentive/add/",
        {"district": world["b"]["district"].pk, "title_zh_hans": "越界", "summary_zh_hans": "x", "category": "subsidy"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Incentive.objects.filter(title_zh_hans="越界").exists()
    # An enterprise without a district would leave the editor's reach: for editors it is required.
    enterprise_form = editor.get("/admin/enterprises/enterprise/add/").context["adminform"].form
    assert enterprise_form.fields["district"].required
    assert list(enterprise_form.fields["district"].queryset) == [world["a"]["district"]]


def test_an_editor_changes_their_district_but_not_who_edits_it_nor_other_districts(world):
    editor = client_for(world["a"]["editor"])
    page = editor.get(admin_url(world["a"]["district"]))
    assert page.status_code == 200 and "editors" not in page.context["adminform"].form.fields
    assert editor.get(admin_url(world["b"]["district"])).status_code == 302
    assert editor.get("/admin/districts/district/add/").status_code == 403
    assert (
        "editors" in client_for(world["admin"]).get(admin_url(world["a"]["district"])).context["adminform"].form.fields
    )


def test_editors_and_organisers_stay_out_of_each_others_records(world):
    editor, organiser = client_for(world["a"]["editor"]), client_for(world["a"]["organiser"])
    for url in ["/admin/events/event/", "/admin/events/registration/", admin_url(world["a"]["registration"])]:
        assert editor.get(url).status_code == 403, url
    for url in ["/admin/districts/inquiry/", "/admin/enterprises/enterprise/", admin_url(world["a"]["inquiry"])]:
        assert organiser.get(url).status_code == 403, url
    for event in ("event-a", "event-b"):
        assert editor.get(f"/en/events/{event}/organise/").status_code == 403
        assert editor.get(f"/en/events/{event}/organise/attendees.csv").status_code == 403


def test_an_organiser_reaches_only_their_events_registrations_export_and_check_in(world):
    organiser = client_for(world["a"]["organiser"])
    own, other = world["a"], world["b"]
    assert listed_ids(organiser, Event) == {own["event"].pk}
    assert listed_ids(organiser, Registration) == {own["registration"].pk}
    assert organiser.get(admin_url(other["registration"])).status_code == 302
    assert organiser.get(admin_url(other["event"])).status_code == 302
    organiser.post(admin_url(other["event"], "delete"), {"post": "yes"})
    assert Event.objects.filter(pk=other["event"].pk).exists()
    organiser.post(
        "/admin/events/registration/",
        {"action": "cancel_registrations", "_selected_action": [other["registration"].pk]},
    )
    other["registration"].refresh_from_db()
    assert other["registration"].status == Registration.Status.CONFIRMED

    export = organiser.get("/en/events/event-a/organise/attendees.csv").content.decode("utf-8-sig")
    assert [row[0] for row in csv.reader(io.StringIO(export))][1:] == ["Attendee A"]
    assert organiser.get("/en/events/event-b/organise/attendees.csv").status_code == 403
    assert organiser.get("/en/events/event-b/organise/").status_code == 403
    code = other["registration"].ticket_code
    assert organiser.post("/en/events/event-b/organise/check-in/", {"ticket_code": code}).status_code == 403
    other["registration"].refresh_from_db()
    assert other["registration"].checked_in_at is None


def test_an_organiser_moves_up_only_on_their_own_events_waiting_list(world):
    own = RegistrationFactory(event=world["a"]["event"], status=Registration.Status.WAITING)
    other = RegistrationFactory(event=world["b"]["event"], status=Registration.Status.WAITING)
    organiser = client_for(world["a"]["organiser"])
    assert organiser.post(f"/en/events/event-b/organise/waiting-list/{other.pk}/move-up/").status_code == 403
    # Another event's registration cannot be reached through one's own event either.
    assert organiser.post(f"/en/events/event-a/organise/waiting-list/{other.pk}/move-up/").status_code == 404
    other.refresh_from_db()
    assert other.moved_up_at is None and other.moved_up_by is None

    assert organiser.post(f"/en/events/event-a/organise/waiting-list/{own.pk}/move-up/").status_code == 302
    own.refresh_from_db()
    assert own.moved_up_by == world["a"]["organiser"]
    # The move is in the registration's audit trail, under the organiser's name.
    latest = Version.objects.get_for_object(own).first()
    assert latest.revision.user == world["a"]["organiser"] and latest.field_dict["moved_up_at"] is not None


def test_alert_subscriptions_and_their_emails_are_for_administrators_only(world, django_user_model):
    subscription = subscription_request(
        email="fan@example.com", districts=[world["a"]["district"]], segments=[], language="en"
    )
    alert_email = OutgoingEmail.objects.get(to="fan@example.com")
    # Even a staff account given the permission outright does not reach them.
    editor = world["a"]["editor"]
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="alerts"))
    for user in (editor, world["a"]["organiser"]):
        client = client_for(user)
        assert client.get("/admin/alerts/alertsubscription/").status_code == 403
        assert client.get(admin_url(subscription)).status_code == 403
        assert "alertsubscription" not in client.get("/admin/").content.decode()
        assert alert_email.pk not in listed_ids(client, OutgoingEmail)
    administrator = client_for(world["admin"])
    assert listed_ids(administrator, AlertSubscription) == {subscription.pk}
    assert alert_email.pk in listed_ids(administrator, OutgoingEmail)


def test_the_organisers_picker_lists_only_people_in_scope(world, django_user_model):
    co_organiser = staff_member(django_user_model, "co-organiser-a", EVENT_ORGANISERS)
    world["a"]["event"].organisers.add(co_organiser)
    organiser = client_for(world["a"]["organiser"])
    form = organiser.get(admin_url(world["a"]["event"])).context["adminform"].form
    assert {user.username for user in form.fields["organisers"].queryset} == {"organiser-a", "co-organiser-a"}
    administrator = client_for(world["admin"])
    form = administrator.get(admin_url(world["a"]["event"])).context["adminform"].form
    assert {"organiser-b", "editor-b"} <= {user.username for user in form.fields["organisers"].queryset}


def email_ids(world, side, *kinds):
    return {
        email.pk
        for kind in kinds
        for email in OutgoingEmail.objects.filter(**{OutgoingEmail.about_field(world[side][kind]): world[side][kind]})
    }


def test_stored_emails_are_read_only_by_staff_who_may_see_their_record(world):
    all_emails = set(OutgoingEmail.objects.values_list("pk", flat=True))
    editor_sees = email_ids(world, "a", "inquiry", "submission")
    organiser_sees = email_ids(world, "a", "registration")
    assert editor_sees and organiser_sees
    assert listed_ids(client_for(world["a"]["editor"]), OutgoingEmail) == editor_sees
    assert listed_ids(client_for(world["a"]["organiser"]), OutgoingEmail) == organiser_sees
    assert listed_ids(client_for(world["admin"]), OutgoingEmail) == all_emails

    # Another event's email carries its attendee's manage link: an organiser cannot open it.
    other_events_email = OutgoingEmail.objects.get(registration=world["b"]["registration"])
    organiser = client_for(world["a"]["organiser"])
    assert organiser.get(admin_url(other_events_email)).status_code == 302
    assert organiser.get(admin_url(world["loose email"])).status_code == 302
    page = organiser.get(admin_url(OutgoingEmail.objects.get(registration=world["a"]["registration"])))
    assert page.status_code == 200 and "Attendee A" in page.content.decode()


def test_an_editors_export_and_import_stay_in_their_districts(world):
    editor = client_for(world["a"]["editor"])
    exported = editor.post("/admin/enterprises/enterprise/export/", {"format": "0", "resource": "0"})
    # The web address (slug) is the first column, whatever language its title is in.
    slugs = [row[0] for row in list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))[1:]]
    assert sorted(slugs) == sorted([world["a"]["enterprise"].slug, world["a"]["submission"].slug])

    header = "slug,name_zh_hans,name_en,district,segments"
    for row, message in [
        ("enterprise-b,改名,Renamed,district-a,production", "already exists"),
        ("new-one,新,New,district-b,production", "There is no district “district-b” among the districts you edit."),
        ("new-one,新,New,,production", "Name one of your districts."),
    ]:
        upload = SimpleUploadedFile("listings.csv", f"{header}\n{row}\n".encode(), "text/csv")
        response = editor.post(
            "/admin/enterprises/enterprise/import/", {"format": "0", "resource": "0", "import_file": upload}
        )
        assert "confirm_form" not in response.context, row
        assert message in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'"), row
    assert Enterprise.objects.get(slug="enterprise-b").name_zh_hans != "改名"
    assert not Enterprise.objects.filter(slug="new-one").exists()


def test_an_administrator_reaches_every_record(world):
    administrator = client_for(world["admin"])
    for side in ("a", "b"):
        for kind in DISTRICT_RECORDS + ["registration", "event", "district"]:
            assert administrator.get(admin_url(world[side][kind])).status_code == 200, (side, kind)
        assert administrator.get(f"/en/events/event-{side}/organise/").status_code == 200
    assert Inquiry.objects.count() == 2


def test_the_command_creates_an_editor_of_several_districts_who_reaches_them(django_user_model):
    DistrictFactory(slug="haizhu")
    DistrictFactory(slug="linping")
    output = io.StringIO()
    call_command(
        "create_staff_user", "li", "--role", "editor", "--district", "haizhu", "--district", "linping", stdout=output
    )
    assert "Created editor “li” for haizhu, linping." in output.getvalue()
    li = django_user_model.objects.get(username="li")
    assert li.is_staff and not li.is_superuser and not li.has_usable_password()
    assert sorted(li.edited_districts.values_list("slug", flat=True)) == ["haizhu", "linping"]
    assert li.has_perm("districts.change_incentive") and not li.has_perm("events.change_event")


def test_the_command_creates_organisers_and_administrators():
    EventFactory(slug="summit")
    call_command("create_staff_user", "wang", "--role", "organiser", "--event", "summit", stdout=io.StringIO())
    call_command("create_staff_user", "root", "--role", "administrator", stdout=io.StringIO())
    assert [user.username for user in Event.objects.get(slug="summit").organisers.all()] == ["wang"]
    assert get_user_model().objects.get(username="root").is_superuser


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--role", "editor"], "An editor needs one or more districts"),
        (["--role", "editor", "--district", "atlantis"], "No district or event with the slug atlantis."),
        (["--role", "organiser", "--district", "haizhu"], "An organiser needs one or more events"),
        (["--role", "administrator", "--event", "summit"], "An administrator reaches every district and event"),
        (["--role", "editor", "--district", "haizhu", "--username-taken"], "already exists"),
    ],
)
def test_the_command_explains_what_is_wrong_and_creates_nobody(arguments, message, django_user_model):
    DistrictFactory(slug="haizhu")
    username = "zhao"
    if "--username-taken" in arguments:
        arguments.remove("--username-taken")
        django_user_model.objects.create_user("Zhao")
    before = django_user_model.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("create_staff_user", username, *arguments)
    assert django_user_model.objects.count() == before


def send_again(client, *emails):
    selected = [str(email.pk) for email in emails]
    return client.post(
        "/admin/haizhu_portal/outgoingemail/", {"action": "send_again", "_selected_action": selected}, follow=True
    )


def test_an_editor_sends_their_districts_failed_email_again_and_it_is_in_its_history(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    own, others = (OutgoingEmail.objects.filter(inquiry=world[side]["inquiry"]).first() for side in ("a", "b"))
    OutgoingEmail.objects.filter(pk__in=[own.pk, others.pk]).update(status=OutgoingEmail.Status.FAILED, attempts=5)
    editor = client_for(world["a"]["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = send_again(editor, own, others)
    assert "1 unsent email queued again." in response.content.decode()
    own.refresh_from_db()
    others.refresh_from_db()
    assert own.status == OutgoingEmail.Status.SENT and own.attempts == 6
    # Another district's email is out of reach: not listed, not opened, not sent.
    assert others.status == OutgoingEmail.Status.FAILED and others.attempts == 5
    assert [message.to for message in mailoutbox] == [[own.to]]
    assert others.pk not in listed_ids(editor, OutgoingEmail)
    assert editor.get(admin_url(others)).status_code == 302
    history = editor.get(f"{admin_url(own, 'list')}{own.pk}/history/").content.decode()
    assert "Sent again" in history and "editor-a" in history


def test_only_failed_emails_go_again_and_organisers_have_no_such_action(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    sent = OutgoingEmail.objects.filter(inquiry=world["a"]["inquiry"]).first()
    OutgoingEmail.objects.filter(pk=sent.pk).update(status=OutgoingEmail.Status.SENT)
    with django_capture_on_commit_callbacks(execute=True):
        response = send_again(client_for(world["a"]["editor"]), sent)
    assert "1 email was sent already or erased" in response.content.decode() and mailoutbox == []

    registration_email = OutgoingEmail.objects.get(registration=world["a"]["registration"])
    OutgoingEmail.objects.filter(pk=registration_email.pk).update(status=OutgoingEmail.Status.FAILED)
    organiser = client_for(world["a"]["organiser"])
    assert "send_again" not in organiser.get("/admin/haizhu_portal/outgoingemail/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        send_again(organiser, registration_email)
    registration_email.refresh_from_db()
    assert registration_email.status == OutgoingEmail.Status.FAILED and mailoutbox == []


def district_choices(client, url):
    return list(client.get(url).context["adminform"].form.fields["district"].queryset)


def test_a_pure_organiser_cannot_move_their_event_to_another_district(world):
    from tests.events.test_organisers import admin_change_data

    organiser, event = client_for(world["a"]["organiser"]), world["a"]["event"]
    assert district_choices(organiser, admin_url(event)) == [world["a"]["district"]]
    data = admin_change_data(organiser.get(admin_url(event)))
    response = organiser.post(admin_url(event), {**data, "district": world["b"]["district"].pk})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    event.refresh_from_db()
    assert event.district == world["a"]["district"]
    # A new event goes where it takes place.
    assert set(district_choices(organiser, "/admin/events/event/add/")) == {
        world["a"]["district"],
        world["b"]["district"],
    }


def test_an_organiser_who_edits_districts_attaches_events_only_to_them(world):
    from tests.events.test_organisers import admin_change_data

    editor, event = world["a"]["editor"], world["b"]["event"]
    editor.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    event.organisers.add(editor)
    client = client_for(editor)
    assert district_choices(client, "/admin/events/event/add/") == [world["a"]["district"]]
    assert set(district_choices(client, admin_url(event))) == {world["a"]["district"], world["b"]["district"]}
    other = DistrictFactory(slug="district-c")
    data = admin_change_data(client.get(admin_url(event)))
    refused = client.post(admin_url(event), {**data, "district": other.pk})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    moved = client.post(admin_url(event), {**data, "district": world["a"]["district"].pk})
    assert moved.status_code == 302
    event.refresh_from_db()
    assert event.district == world["a"]["district"]
