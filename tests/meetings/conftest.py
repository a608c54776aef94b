import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from meetings.models import Desk, MeetingProgramme, Slot
from staff.roles import BUREAU_STAFF, EVENT_ORGANISERS
from tests.factories import DistrictFactory, EventFactory, RegistrationFactory


def make_slots(desk, *, count=3, tables=1, minutes=20, start=None):
    start = (start or desk.event.starts_at + datetime.timedelta(hours=1)).replace(second=0, microsecond=0)
    return [
        Slot.objects.create(
            desk=desk,
            table=table,
            starts_at=start + datetime.timedelta(minutes=minutes * number),
            ends_at=start + datetime.timedelta(minutes=minutes * (number + 1)),
        )
        for table in range(1, tables + 1)
        for number in range(count)
    ]


@pytest.fixture
def event():
    district = DistrictFactory(slug="haizhu", name_en="Haizhu", name_zh_hans="海珠区")
    return EventFactory(slug="expo", district=district, title_en="Micro-drama expo", title_zh_hans="微短剧博览会")


@pytest.fixture
def desk(event):
    MeetingProgramme.objects.create(event=event)
    return Desk.objects.create(
        event=event,
        kind=Desk.Kind.DISTRICT,
        district=event.district,
        contact_email="desk@haizhu.example",
        language="zh-hans",
        accepted_at=timezone.now(),
    )


@pytest.fixture
def other_desk(event, desk):
    return Desk.objects.create(
        event=event,
        kind=Desk.Kind.DISTRICT,
        district=DistrictFactory(slug="tianhe", name_en="Tianhe", name_zh_hans="天河区"),
        contact_email="desk@tianhe.example",
        language="en",
        accepted_at=timezone.now(),
    )


@pytest.fixture
def slots(desk):
    return make_slots(desk)


@pytest.fixture
def attendee(event):
    return RegistrationFactory(event=event, full_name="Li Hua", email="li@example.com", language="en")


@pytest.fixture
def organiser(django_user_model, event):
    user = django_user_model.objects.create_user("organiser", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    event.organisers.add(user)
    return user


@pytest.fixture
def editor_of(django_user_model):
    def make(district, username="editor"):
        user = django_user_model.objects.create_user(username, password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=BUREAU_STAFF))
        user.edited_districts.add(district)
        return user

    return make
