import pytest
from django.core.management import call_command

from meetings.demo import DEMO_DESK_EMAIL
from meetings.models import Desk, Slot

pytestmark = pytest.mark.django_db


def test_the_illustrative_briefing_offers_its_one_to_one_time_as_demo_slots(client):
    call_command("load_demo")
    call_command("load_demo")
    desk = Desk.objects.get()
    assert desk.event.is_illustrative and desk.district.slug == "haizhu" and desk.contact_email == DEMO_DESK_EMAIL
    # 15:30 to 17:30 in 20-minute slots at two tables, made once however often the demo is loaded.
    assert Slot.objects.count() == 12
    page = client.get(f"/en/events/{desk.event.slug}/meetings/").content.decode()
    assert "are not announced facts" in page and "Haizhu District investment desk" in page
