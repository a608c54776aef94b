"""Demo enterprises from the seed texts (shared/seeds): only the facts the sources give, each with its source.

Unknown facts (founding year, size, website, logo, a Chinese name the sources do not give) stay
empty, so the profile shows nothing rather than a guess. Nobody has verified these companies for
the portal, so none is marked verified. Loading is idempotent: enterprises are matched on their
slug and updated in place.
"""

from datetime import date

from django.db import transaction

from districts import demo as district_demo
from districts.models import District, ValueChainSegment
from enterprises.models import Enterprise, Work
from foundation.demo import demo_row

SOURCES = {
    # The January 2025 report on Haizhu (seed 000) and the November 2025 report on Linping (seed 002).
    "haizhu_hub": district_demo.SOURCES["haizhu_hub"],
    "linping_front_runner": district_demo.SOURCES["linping_front_runner"],
    # Titles here are labels for staff: more-facts gives neither article's title.
    "inkeverse_interview": dict(
        publisher="羊城晚报 / 金羊网",
        publisher_english="Yangcheng Evening News / ycwb.com",
        title="映宇宙集团广州基地（专访）",
        title_english="Interview on Inkeverse's Guangzhou site",
        url="https://news.ycwb.com/ikinvjitjc/content_53858068.htm",
        published_on=date(2025, 12, 18),
        formerly=[("羊城晚报 / 金羊网", "映宇宙集团专访")],
    ),
    "winsing_gg_bond": dict(
        publisher="广州日报",
        publisher_english="Guangzhou Daily",
        title="咏声动漫与猪猪侠 IP（报道）",
        title_english="Report on Winsing Animation and the GG Bond IP",
        url="",
        published_on=date(2021, 2, 23),
        formerly=[("广州日报", "咏声动漫：猪猪侠 IP 出品方")],
    ),
}

ENTERPRISES = [
    dict(
        slug="inkeverse",
        district="haizhu",
        source="inkeverse_interview",
        name_zh_hans="映宇宙集团",
        name_en="Inkeverse",
        segments=[],
        # "Nearly 2,000" staff at the Guangzhou site alone: the group is at least as large.
        size_band=Enterprise.SizeBand.VERY_LARGE,
        caveat_zh_hans="规模为推算：来源只给出广州基地员工近2000人，未给出集团的总人数。",
        caveat_en="The size is derived: the source gives nearly 2,000 staff at the Guangzhou site, not the group's headcount.",
        summary_zh_hans="广州基地是映宇宙集团的微短剧运营基地，基地员工从500余人增至近2000人。",
        summary_en="Its Guangzhou site is the group's micro-drama operations base, where staff grew from 500+ to nearly 2,000.",
        description_zh_hans=(
            "据羊城晚报/金羊网2025年12月18日专访，映宇宙集团的广州基地是其微短剧运营基地，"
            "员工人数从500余人增长到近2000人。\n\n"
            "海珠区在2025年1月的介绍中把映宇宙列为区内优质微短剧企业之一。"
        ),
        description_en=(
            "According to an interview by Yangcheng Evening News / ycwb.com on 18 December 2025, the group's "
            "Guangzhou site is its micro-drama operations base, and its staff grew from more than 500 to "
            "nearly 2,000.\n\n"
            "Haizhu district named Inkeverse among its quality micro-drama enterprises in January 2025."
        ),
    ),
    dict(
        slug="sunchuan-media",
        district="haizhu",
        source="haizhu_hub",
        # No Chinese name was found; the English one is shown in both languages.
        name_zh_hans="Sunchuan Media",
        name_en="Sunchuan Media",
        segments=[],
        summary_zh_hans="海珠区的微短剧企业。",
        summary_en="A micro-drama enterprise in Haizhu.",
        description_zh_hans="海珠区在2025年1月的介绍中把 Sunchuan Media 列为区内优质微短剧企业之一。",
        description_en="Haizhu district named Sunchuan Media among its quality micro-drama enterprises in January 2025.",
    ),
    dict(
        slug="flextv",
        district="haizhu",
        source="haizhu_hub",
        name_zh_hans="FLEXTV",
        name_en="FLEXTV",
        segments=[],
        summary_zh_hans="海珠区的微短剧企业。",
        summary_en="A micro-drama enterprise in Haizhu.",
        description_zh_hans=(
            "海珠区在2025年1月的介绍中把 FLEXTV 列为区内优质微短剧企业之一。\n\n"
            "另据一份未注明发布方的资料，FlexTV 被纽约证券交易所上市公司 Mega Matrix（MPU）收购，"
            "收购于1月8日宣布（年份未注明）。"
        ),
        description_en=(
            "Haizhu district named FLEXTV among its quality micro-drama enterprises in January 2025.\n\n"
            "A further source, whose publisher is not named, says FlexTV was acquired by the NYSE-listed Mega "
            "Matrix (MPU), an acquisition announced on 8 January (the year was not given)."
        ),
        caveat_zh_hans="收购一事不在海珠区的报道中：其来源未注明发布方，也未注明年份。",
        caveat_en="The acquisition is not in the Haizhu report: the source that gives it names no publisher and no year.",
    ),
    dict(
        slug="byment-culture",
        district="haizhu",
        source="haizhu_hub",
        name_zh_hans="Byment Culture",
        name_en="Byment Culture",
        segments=[ValueChainSegment.IP_CONTENT],
        summary_zh_hans="海珠区的 IP 资源，为微短剧提供优质 IP 和内容。",
        summary_en="An IP holder in Haizhu, providing high-quality IPs and content for micro-dramas.",
        description_zh_hans="海珠区在2025年1月的介绍中把 Byment Culture 列为区内的知识产权（IP）资源，为微短剧提供优质 IP 和内容。",
        description_en=(
            "Haizhu district named Byment Culture among its intellectual property (IP) resources in January 2025, "
            "providing high-quality IPs and content for micro-dramas."
        ),
    ),
    dict(
        slug="winsing-animation",
        district="haizhu",
        source="haizhu_hub",
        name_zh_hans="咏声动漫",
        name_en="Winsing Animation",
        segments=[ValueChainSegment.IP_CONTENT],
        summary_zh_hans="海珠区的 IP 资源，为微短剧提供优质 IP 和内容。",
        summary_en="An IP holder in Haizhu, providing high-quality IPs and content for micro-dramas.",
        description_zh_hans=(
            "海珠区在2025年1月的介绍中把咏声动漫列为区内的知识产权（IP）资源，为微短剧提供优质 IP 和内容。"
            "咏声动漫是猪猪侠 IP 的出品方（广州日报，2021年2月23日）。"
        ),
        description_en=(
            "Haizhu district named Winsing Animation among its intellectual property (IP) resources in January 2025, "
            "providing high-quality IPs and content for micro-dramas. Winsing Animation is the maker of the "
            "GG Bond (猪猪侠) IP (Guangzhou Daily, 23 February 2021)."
        ),
        caveat_zh_hans="猪猪侠 IP 出品方一说出自广州日报（2021年2月23日），不在海珠区的报道中。",
        caveat_en="That it makes the GG Bond IP comes from Guangzhou Daily (23 February 2021), not from the Haizhu report.",
    ),
    dict(
        slug="long-eagle-technology",
        district="linping",
        source="linping_front_runner",
        # No Chinese name was found; the English one is shown in both languages.
        name_zh_hans="Long Eagle Technology",
        name_en="Long Eagle Technology",
        segments=[ValueChainSegment.PLATFORM, ValueChainSegment.OVERSEAS],
        summary_zh_hans="推出海外短剧平台 FlickReels。",
        summary_en="Launched the overseas short-drama platform FlickReels.",
        description_zh_hans=(
            "据中国新闻网2025年11月一篇文章的第三方英文摘要，Long Eagle Technology 推出的海外短剧平台 "
            "FlickReels 很快在多个国家走红。"
        ),
        description_en=(
            "According to a third-party summary of a China News Network article of November 2025, the overseas "
            "short-drama platform FlickReels, launched by Long Eagle Technology, quickly gained popularity in "
            "multiple countries."
        ),
    ),
]

WORKS = [
    dict(
        enterprise="winsing-animation",
        source="winsing_gg_bond",
        title_zh_hans="猪猪侠",
        title_en="GG Bond (猪猪侠)",
        kind=Work.Kind.ANIMATION,
        description_zh_hans="咏声动漫出品的动画 IP。",
        description_en="The animation IP made by Winsing Animation.",
    ),
    dict(
        enterprise="long-eagle-technology",
        source="linping_front_runner",
        title_zh_hans="FlickReels",
        title_en="FlickReels",
        kind=Work.Kind.APP,
        description_zh_hans="海外短剧平台，很快在多个国家走红。",
        description_en="An overseas short-drama platform that quickly gained popularity in multiple countries.",
    ),
]


# What a row leaves out is empty, so a reset clears what an earlier version of the demo said.
ENTERPRISE_BLANKS = dict(caveat_zh_hans="", caveat_en="", size_band="")


@transaction.atomic
def load(*, reset: bool = False) -> dict:
    """Create the missing demo enterprises and works (overwrite them with `reset`); return counts."""
    sources = district_demo.sources_load(SOURCES, reset=reset)
    districts = {district.slug: district for district in District.objects.filter(slug__in=["haizhu", "linping"])}
    enterprises = {}
    for row in ENTERPRISES:
        values = {
            **ENTERPRISE_BLANKS,
            **row,
            "district": districts[row["district"]],
            "source": sources[row["source"]],
            "state": Enterprise.State.PUBLISHED,
            "is_verified": False,
            "is_illustrative": False,
        }
        enterprises[row["slug"]] = demo_row(Enterprise, reset=reset, slug=row["slug"], defaults=values)[0]
    for row in WORKS:
        values = dict(row, enterprise=enterprises[row["enterprise"]], source=sources[row["source"]])
        demo_row(
            Work, reset=reset, enterprise=values["enterprise"], title_zh_hans=values["title_zh_hans"], defaults=values
        )
    return {"enterprises": len(enterprises), "works": len(WORKS)}
