import pytest

from tests.factories import DistrictFactory, EventFactory, InvestmentContactFactory


@pytest.fixture
def public_form_places(settings, tmp_path):
    """What the four public forms post to: Haizhu with a contact that takes inquiries, and an event of
    its with seats; uploads go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path
    district = DistrictFactory(slug="haizhu", name_en="Haizhu District", name_zh_hans="海珠区")
    InvestmentContactFactory(district=district)
    EventFactory(slug="open-class", capacity=5, district=district)
