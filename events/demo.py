"""Demo events from the seed texts: the real ones are past (with their sources); the upcoming
ones are illustrative, labelled on the page, so registration can be tried.

Loading is idempotent: events are matched on their slug and updated in place.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from districts import demo as district_demo
from districts.models import District
from events.models import AgendaItem, Event, Speaker
from foundation.demo import demo_row

SHANGHAI = ZoneInfo("Asia/Shanghai")

SOURCES = {
    # The January 2025 report on Haizhu (seed 000) and the November 2025 report on Linping (seed 002).
    "haizhu_hub": district_demo.SOURCES["haizhu_hub"],
    "linping_front_runner": district_demo.SOURCES["linping_front_runner"],
    # more-facts gives the conferences' own dates, not the reports' (nor their titles: these are labels).
    "conference_3": dict(
        publisher="央广网",
        publisher_english="China National Radio (cnr.cn)",
        title="第三届杭州·微短剧大会日期、主题与新闻发布会（报道）",
        title_english="Report on the dates, theme and press conference of the 3rd Hangzhou Micro-Short Drama Conference",
        url="",
        published_on=None,
        formerly=[("央广网", "第三届杭州·微短剧大会新闻发布会")],
    ),
    "conference_2": dict(
        publisher="中新社",
        publisher_english="China News Service",
        title="第二届杭州·微短剧大会日期与主题（报道）",
        title_english="Report on the date and theme of the 2nd Hangzhou Micro-Short Drama Conference",
        url="",
        published_on=None,
        formerly=[("中新社", "第二届杭州·微短剧大会在临平举行")],
    ),
}


def on(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def past_events() -> list[dict]:
    return [
        dict(
            slug="wechat-open-class-pro-2025",
            district="haizhu",
            source="haizhu_hub",
            # A real event: the report (17 January 2025) says it had "recently" taken place, without a
            # date, and names no organiser. The report's date only places it among past events.
            is_illustrative=False,
            times_announced=False,
            date_announced=False,
            starts_at=on(date(2025, 1, 17)),
            ends_at=on(date(2025, 1, 17), 23, 59),
            capacity=None,
            title_zh_hans="2025微信公开课PRO",
            title_en="WeChat Open Class Pro 2025",
            venue_zh_hans="琶洲人工智能与数字经济试验区",
            venue_en="Pazhou Artificial Intelligence and Digital Economy Experimental Zone",
            summary_zh_hans="近4000名微信生态开发者、创作者、客户和服务商参加；海珠区以英文口号“Create Micro-Dramas in Haizhu”邀请微短剧企业。",
            summary_en="Nearly 4,000 WeChat ecosystem developers, creators, clients and service providers attended; Haizhu invited micro-drama enterprises with the slogan “Create Micro-Dramas in Haizhu”.",
            caveat_zh_hans="来源为英文报道：场地的中文名称为译文，口号只有英文原文。",
            caveat_en="The source is an English-language report: the venue's Chinese name is a translation; the slogan is given in English only.",
            description_zh_hans="海珠区投资促进局的讲师介绍了将海珠打造为微短剧产业高地的设想。来源只说明活动于2025年1月17日报道前不久举行，未给出确切日期，因此此处不显示日期。",
            description_en="Lecturers from the Haizhu investment promotion bureau introduced the plan to make Haizhu a hub for the micro-drama industry. The source only says the event took place shortly before its report of 17 January 2025 and gives no exact date, so none is shown here.",
        ),
        dict(
            slug="hangzhou-micro-short-drama-conference-2024",
            district="linping",
            source="conference_2",
            times_announced=False,
            starts_at=on(date(2024, 11, 6)),
            ends_at=on(date(2024, 11, 6), 23, 59),
            capacity=None,
            title_zh_hans="第二届杭州·微短剧大会",
            title_en="2nd Hangzhou Micro-Short Drama Conference",
            venue_zh_hans="杭州市临平区",
            venue_en="Linping District, Hangzhou",
            summary_zh_hans="主题：“向新大视听 融合强视界”。",
            summary_en="Theme: “向新大视听 融合强视界” (in English, roughly: towards new audiovisual media, converging for a stronger view).",
            description_zh_hans="杭州·微短剧大会是临平微短剧产业交流的核心平台。参会人数：未公布。",
            description_en="The Hangzhou Micro-Short Drama Conference is Linping's main platform for industry exchange. Attendance: not published.",
        ),
        dict(
            slug="hangzhou-micro-short-drama-conference-2025",
            district="linping",
            source="conference_3",
            times_announced=False,
            starts_at=on(date(2025, 11, 10)),
            ends_at=on(date(2025, 11, 11), 23, 59),
            capacity=None,
            title_zh_hans="第三届杭州·微短剧大会",
            title_en="3rd Hangzhou Micro-Short Drama Conference",
            venue_zh_hans="杭州市临平区",
            venue_en="Linping District, Hangzhou",
            summary_zh_hans="主题：“视听弄潮赋能千行百业·百花齐放引领千帆出海”。",
            summary_en="Theme: “视听弄潮赋能千行百业·百花齐放引领千帆出海” (in English, roughly: audiovisual pioneers empowering every industry; a hundred flowers blooming, leading a thousand sails overseas).",
            description_zh_hans="新闻发布会于2025年10月31日举行。据中国新闻网一篇文章的第三方摘要，大会上将发布多项产业计划和荣誉。参会人数：未公布。",
            description_en="The press conference was held on 31 October 2025. A third-party summary of a China News Network article says various industry plans and honours will be announced at the conference. Attendance: not published.",
            # Seed 002 says 10-11 November 2023; more-facts (央广网) 2025-11-10/11. The 2nd was in November 2024.
            caveat_zh_hans=(
                "来源不一致：中国新闻网文章的第三方摘要称第三届大会于2023年11月10日至11日举行；"
                "央广网给出的日期为2025年11月10日至11日（新闻发布会2025年10月31日）。"
                "第二届大会于2024年11月6日举行，此处采用2025年。"
            ),
            caveat_en=(
                "The sources differ: a third-party summary of a China News Network article gives 10–11 November 2023 "
                "for the 3rd conference; China National Radio gives 10–11 November 2025 (press conference on "
                "31 October 2025). The 2nd conference was held on 6 November 2024, so this page follows 2025."
            ),
        ),
    ]


def upcoming_events(today: date) -> list[dict]:
    """Illustrative: dates a few weeks ahead of the day the demo is loaded, invented seats and venues."""
    briefing_day = today + timedelta(days=21)
    camp_day = today + timedelta(days=35)
    return [
        dict(
            slug="create-micro-dramas-in-haizhu-briefing",
            district="haizhu",
            # Invented, so it cites no article.
            source=None,
            is_illustrative=True,
            starts_at=on(briefing_day, 14),
            ends_at=on(briefing_day, 17, 30),
            registration_opens_at=on(today - timedelta(days=7)),
            registration_closes_at=on(briefing_day - timedelta(days=1), 18),
            capacity=60,
            title_zh_hans="海珠区微短剧投资推介会（示例）",
            title_en="“Create Micro-Dramas in Haizhu” investment briefing (illustrative)",
            venue_zh_hans="琶洲（示例场地）",
            venue_en="Pazhou (example venue)",
            summary_zh_hans="示例活动：了解海珠区支持微短剧企业的政策、空间与审批服务，并与投资促进局交流。",
            summary_en="An example event: Haizhu's policies, space and approval services for micro-drama companies, and time with the investment promotion bureau.",
            description_zh_hans="这是用于演示报名流程的示例活动，日期、场地和名额均为虚构。",
            description_en="This example event demonstrates registration; its date, venue and seats are invented.",
            speakers=[("海珠区投资促进局讲师（示例）", "Lecturer, Haizhu investment promotion bureau (example)")],
            agenda=[
                (0, 30, "海珠微短剧产业高地介绍", "Haizhu as a hub for the micro-drama industry", True),
                (
                    30,
                    90,
                    "政策与空间：互联网优质内容创作举措",
                    "Policies and space: the measures for quality online content",
                    False,
                ),
                (90, 210, "与投资促进局一对一交流", "One-to-one meetings with the bureau", False),
            ],
        ),
        dict(
            slug="linping-young-screenwriter-camp",
            district="linping",
            source=None,
            is_illustrative=True,
            starts_at=on(camp_day, 9),
            ends_at=on(camp_day + timedelta(days=1), 17),
            registration_opens_at=on(today - timedelta(days=7)),
            capacity=30,
            title_zh_hans="临平青年编剧训练营（示例）",
            title_en="Linping young screenwriter training camp (illustrative)",
            venue_zh_hans="临平区（示例场地）",
            venue_en="Linping District (example venue)",
            summary_zh_hans="示例活动：临平开展青年编剧训练营和内容创作工作坊，此处为演示报名的虚构一期。",
            summary_en="An example event: Linping runs training camps for young screenwriters and content workshops; this edition is invented to demonstrate registration.",
            description_zh_hans="日期、场地和名额均为虚构。",
            description_en="Its date, venue and seats are invented.",
            speakers=[],
            agenda=[],
        ),
    ]


# What a row leaves out is empty, so a reset clears what an earlier version of the demo said.
EVENT_BLANKS = dict(caveat_zh_hans="", caveat_en="")


@transaction.atomic
def load(today: date | None = None, *, reset: bool = False) -> dict:
    """Create the missing demo events with their agenda and speakers (overwrite them with `reset`); return counts."""
    today = today or timezone.localdate()
    sources = district_demo.sources_load(SOURCES, reset=reset)
    districts = {district.slug: district for district in District.objects.filter(slug__in=["haizhu", "linping"])}
    count = 0
    for row in past_events() + upcoming_events(today):
        row = dict(row)
        if row["district"] not in districts:
            continue
        speakers = row.pop("speakers", [])
        agenda = row.pop("agenda", [])
        values = {
            **EVENT_BLANKS,
            **row,
            "district": districts[row["district"]],
            "source": sources.get(row["source"]),
            "state": Event.State.PUBLISHED,
        }
        event, created = demo_row(Event, reset=reset, slug=values.pop("slug"), defaults=values)
        count += 1
        if not created and not reset:
            continue  # its agenda and speakers are staff's to change now
        event.agenda_items.all().delete()
        event.speakers.all().delete()
        people = [
            Speaker.objects.create(event=event, name_zh_hans=zh, name_en=en, display_order=order)
            for order, (zh, en) in enumerate(speakers)
        ]
        for start, end, title_zh, title_en, by_speaker in agenda:
            item = AgendaItem.objects.create(
                event=event,
                starts_at=event.starts_at + timedelta(minutes=start),
                ends_at=event.starts_at + timedelta(minutes=end),
                title_zh_hans=title_zh,
                title_en=title_en,
            )
            if by_speaker and people:
                item.speakers.set(people)
    return {"events": count}
