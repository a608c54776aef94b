import pytest

from districts.models import ValueChainSegment
from enterprises.models import Enterprise
from tests.factories import DistrictFactory, EnterpriseFactory

SIZE = Enterprise.SizeBand


@pytest.fixture
def directory(db):
    """Five published enterprises in two districts (and one outside them), and one waiting for review."""
    haizhu = DistrictFactory(slug="haizhu", name_en="Haizhu District", name_zh_hans="海珠区")
    linping = DistrictFactory(slug="linping", name_en="Linping District", name_zh_hans="临平区")
    return {
        "factory": EnterpriseFactory(
            slug="pearl-shorts",
            name_zh_hans="珠江微短剧工厂",
            name_en="Pearl Shorts Factory",
            district=haizhu,
            segments=[ValueChainSegment.PRODUCTION],
            size_band=SIZE.SMALL,
            founded_year=2019,
            is_verified=True,
        ),
        "galaxy": EnterpriseFactory(
            slug="galaxy-animation",
            name_zh_hans="星河动漫",
            name_en="Galaxy Animation",
            district=haizhu,
            segments=[ValueChainSegment.IP_CONTENT],
            size_band=SIZE.MEDIUM,
            founded_year=2010,
            description_zh_hans="为微短剧提供动画 IP。",
            description_en="Animated IP for micro-dramas.",
        ),
        "reels": EnterpriseFactory(
            slug="overseas-reels",
            name_zh_hans="临平出海科技",
            name_en="Overseas Reels Technology",
            district=linping,
            segments=[ValueChainSegment.PLATFORM, ValueChainSegment.OVERSEAS],
            size_band=SIZE.LARGE,
            founded_year=2021,
            summary_en="Distributes DRAMA series abroad.",
        ),
        "promo": EnterpriseFactory(
            slug="promo-house",
            name_zh_hans="推广之家",
            name_en="Promo House",
            district=None,
            segments=[ValueChainSegment.MARKETING],
        ),
        "hidden": EnterpriseFactory(
            slug="hidden-drama",
            name_zh_hans="隐藏短剧公司",
            name_en="Hidden Drama Company",
            district=haizhu,
            state=Enterprise.State.PENDING,
        ),
    }


def slugs(response) -> list[str]:
    return [enterprise.slug for enterprise in response.context["enterprises"]]
