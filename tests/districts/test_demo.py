import pytest
from django.core.management import call_command

from districts.models import District, Incentive, KeyFigure

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_every_record_has_a_source():
    call_command("load_demo")
    counts = (District.objects.count(), Incentive.objects.count(), KeyFigure.objects.count())
    call_command("load_demo")
    assert (District.objects.count(), Incentive.objects.count(), KeyFigure.objects.count()) == counts
    assert set(District.objects.values_list("slug", flat=True)) >= {"haizhu", "linping"}
    assert not Incentive.objects.filter(source__isnull=True).exists()
    assert not KeyFigure.objects.filter(source__isnull=True).exists()


def test_demo_figures_are_the_ones_the_sources_give():
    call_command("load_demo")
    linping = District.objects.get(slug="linping")
    assert linping.funds.get().size_cny == 100_000_000
    assert linping.facilities.get(name_en="Lin Ying Factory").scene_count == 40
    shooting_sets = Incentive.objects.get(district__slug="haizhu", max_amount_cny=800_000)
    assert shooting_sets.amount_basis == Incentive.AmountBasis.PER_YEAR
