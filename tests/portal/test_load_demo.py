import pytest
from django.core.management import call_command

from districts.models import District, KeyFigure
from enterprises.models import Enterprise
from events.models import Event

pytestmark = pytest.mark.django_db


def staff_edit_demo_rows():
    District.objects.filter(slug="linping").update(tagline_en="Edited by bureau staff")
    KeyFigure.objects.filter(district__slug="haizhu").update(label_en="Edited figure")
    Enterprise.objects.filter(slug="winsing-animation").update(summary_en="Edited summary")
    event = Event.objects.get(slug="create-micro-dramas-in-haizhu-briefing")
    event.title_en = "Edited briefing"
    event.save()
    event.agenda_items.all().delete()


def test_loading_the_demo_again_keeps_what_staff_changed_and_recreates_what_is_missing():
    call_command("load_demo")
    staff_edit_demo_rows()
    District.objects.filter(slug="datong").delete()

    call_command("load_demo")

    assert District.objects.get(slug="linping").tagline_en == "Edited by bureau staff"
    assert set(KeyFigure.objects.filter(district__slug="haizhu").values_list("label_en", flat=True)) == {
        "Edited figure"
    }
    assert Enterprise.objects.get(slug="winsing-animation").summary_en == "Edited summary"
    event = Event.objects.get(slug="create-micro-dramas-in-haizhu-briefing")
    assert event.title_en == "Edited briefing" and not event.agenda_items.exists()
    assert District.objects.filter(slug="datong").exists()


def test_a_reset_restores_the_seed_texts():
    call_command("load_demo")
    staff_edit_demo_rows()

    call_command("load_demo", reset=True)

    assert District.objects.get(slug="linping").tagline_en != "Edited by bureau staff"
    assert not KeyFigure.objects.filter(label_en="Edited figure").exists()
    assert Enterprise.objects.get(slug="winsing-animation").summary_en != "Edited summary"
    event = Event.objects.get(slug="create-micro-dramas-in-haizhu-briefing")
    assert event.title_en != "Edited briefing" and event.agenda_items.exists()
