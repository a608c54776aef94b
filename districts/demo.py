"""Demo data from the seed texts (shared/seeds): real names and figures, each with its source.

Loading is idempotent: records are matched on natural keys and updated in place.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from districts.models import (
    District,
    Facility,
    Incentive,
    IndustrialFund,
    InvestmentContact,
    KeyFigure,
    Level,
    Scope,
    ServiceCenter,
    Source,
    TalentProgramme,
    ValueChainSegment,
)
from foundation.demo import demo_row

SOURCES = {
    "haizhu_hub": dict(
        publisher="China Daily / en.haizhu.gov.cn",
        title="Haizhu builds hub for micro-drama industry",
        url="",
        published_on=date(2025, 1, 17),
    ),
    "haizhu_content_policy": dict(
        publisher="南方都市报",
        publisher_english="Southern Metropolis Daily",
        title="《海珠区关于支持互联网优质内容创作的若干举措》",
        title_english="Haizhu measures supporting quality online content creation",
        url="https://gubaposthk.eastmoney.com/news,cjpl,1625477971.html",
        published_on=None,
    ),
    "haizhu_one_licence": dict(
        publisher="海珠区人民政府办公室",
        publisher_english="Haizhu District Government Office",
        title="海府办函〔2024〕9号《广州市海珠区“文旅体一证通”行政审批改革试点工作方案》",
        title_english="Haizhu pilot plan for a single licence for culture, tourism and sports approvals (海府办函〔2024〕9号)",
        url="https://www.haizhu.gov.cn/hzdt/hzyw/hzzc/content/post_10167299.html",
        published_on=date(2024, 12, 3),
    ),
    "haizhu_culture_fund": dict(
        publisher="羊城晚报",
        publisher_english="Yangcheng Evening News",
        title="海珠区文化创意产业基金发布",
        title_english="Haizhu launches a cultural and creative industry fund",
        url="",
        published_on=date(2023, 3, 14),
    ),
    "guangdong_review": dict(
        publisher="南方网",
        publisher_english="Southcn.com",
        title="广东省广播电视局微短剧备案审查",
        title_english="Guangdong radio and television bureau: micro-drama filing reviews",
        url="",
        published_on=date(2024, 6, 12),
    ),
    "linping_front_runner": dict(
        publisher="中国新闻网",
        publisher_english="China News Network",
        title="微短剧产业“领跑者” 杭州临平做对了什么?",
        title_english="Micro-short drama “front-runner”: what did Hangzhou's Linping get right?",
        url="",
        published_on=date(2025, 11, 10),
    ),
    "linping_policy": dict(
        publisher="hangzhou.com.cn",
        title="Linping issues 300 million yuan policy for micro-short plays",
        url="https://en.hangzhou.com.cn/News/content/2024-04/02/content_8710392.html",
        published_on=date(2024, 4, 2),
    ),
    "lin_ying_crews": dict(
        publisher="Zhejiang report",
        title="临影厂 2024 年接待剧组",
        title_english="Film crews received by Lin Ying Factory in 2024",
        url="",
        published_on=date(2024, 11, 22),
    ),
    "lin_ying_first_base": dict(
        publisher="大公报",
        publisher_english="Ta Kung Pao",
        title="全国首个专业微短剧拍摄基地",
        title_english="The country's first professional micro-drama shooting base",
        url="",
        published_on=date(2025, 3, 3),
    ),
    "linping_screenwriters": dict(
        publisher="中新网",
        publisher_english="China News Network",
        title="全国（临平）青年网络编剧激励扶持计划",
        title_english="National (Linping) young online screenwriter support plan",
        url="",
        published_on=None,
    ),
    "datong_guide": dict(
        publisher="大同市人民政府",
        publisher_english="Datong Municipal Government",
        title="同政规〔2025〕1号 2025年申报指南",
        title_english="Datong 2025 application guide (同政规〔2025〕1号)",
        url="https://www.dt.gov.cn/dtszf/bumdtq/202512/9f083bf13eba4be9be4dbf5712f1b99a.shtml",
        published_on=None,
    ),
    "zhengzhou_opinions": dict(
        publisher="郑州日报",
        publisher_english="Zhengzhou Daily",
        title="《关于郑州市加快推进网络微短剧产业高质量发展扶持政策的意见》",
        title_english="Opinions on support policies to speed up high-quality development of Zhengzhou's online micro-drama industry",
        url="",
        published_on=date(2024, 10, 26),
    ),
    "zhengzhou_plan": dict(
        publisher="郑州市人民政府",
        publisher_english="Zhengzhou Municipal Government",
        title="《郑州市打造“微短剧创作之都”工作实施方案（2025—2027年）》",
        title_english="Zhengzhou plan to build a “capital of micro-drama creation” (2025–2027)",
        url="",
        published_on=date(2025, 7, 31),
    ),
    "henan_measures": dict(
        publisher="星岛",
        publisher_english="Sing Tao",
        title="《河南省支持微短剧产业高质量发展若干政策措施》",
        title_english="Henan measures supporting high-quality development of the micro-drama industry",
        url="",
        published_on=date(2025, 12, 20),
    ),
    # Neighbours of Linping and a third city, from more-facts.md. Where a fact gives only a date,
    # it comes from the same publisher as the fact before it.
    "shanghai_measures": dict(
        publisher="新华社",
        publisher_english="Xinhua News Agency",
        title="上海出台9条措施支持微短剧发展",
        title_english="Shanghai issues nine measures supporting micro-dramas",
        url="",
        published_on=date(2024, 6, 25),
    ),
    "shanghai_guide_2025": dict(
        publisher="新华社",
        publisher_english="Xinhua News Agency",
        title="上海2025年度第一批微短剧扶持申报指南",
        title_english="Shanghai 2025 first-batch micro-drama support application guide",
        url="",
        published_on=date(2025, 5, 29),
    ),
    "xihu_per_work": dict(
        publisher="hangzhou.com.cn",
        title="西湖区每部微短剧奖励10万元",
        title_english="Xihu rewards each micro-drama with 100,000 yuan",
        url="",
        published_on=date(2024, 4, 2),
    ),
    "xihu_major_themes": dict(
        publisher="hangzhou.com.cn",
        title="西湖区重大题材作品最高支持500万元",
        title_english="Xihu supports major-theme works with up to 5 million yuan",
        url="",
        published_on=date(2024, 3, 6),
    ),
    "qiantang_village": dict(
        publisher="中国新闻网",
        publisher_english="China News Network",
        title="中国网络视听协会微短剧创意村落户钱塘",
        title_english="China Netcasting Services Association micro-drama creative village opens in Qiantang",
        url="",
        published_on=date(2025, 11, 11),
    ),
}

# Latitude and longitude are approximate city or district centres, for the locator only.
DISTRICTS = [
    dict(
        slug="haizhu",
        latitude=Decimal("23.08"),
        longitude=Decimal("113.32"),
        display_order=1,
        is_host=True,
        name_zh_hans="海珠区",
        name_en="Haizhu District",
        city_zh_hans="广州市",
        city_en="Guangzhou",
        province_zh_hans="广东省",
        province_en="Guangdong",
        tagline_zh_hans="在海珠创作微短剧",
        tagline_en="Create micro-dramas in Haizhu",
        overview_zh_hans=(
            "海珠区以广州人工智能与数字经济试验区（琶洲核心片区）为核心，建设微短剧产业集聚区。区内拥有咏声动漫、"
            "Byment Culture 等 IP 资源，以及映宇宙、Sunchuan Media、FLEXTV 等微短剧企业。"
            "海珠区计划出台专项产业政策，推动设立快速审批中心，建设微短剧产业服务体系。"
        ),
        overview_en=(
            "Haizhu is developing itself as a hub for the micro-drama industry around the Pazhou "
            "Artificial Intelligence and Digital Economy Experimental Zone. It has IP resources such as "
            "Byment Culture and Winsing Animation, and micro-drama enterprises such as Inkeverse, "
            "Sunchuan Media and FLEXTV. The district plans specific industry policies, a fast-track "
            "approval center and a service system for the micro-drama industry."
        ),
    ),
    dict(
        slug="linping",
        latitude=Decimal("30.42"),
        longitude=Decimal("120.30"),
        display_order=2,
        name_zh_hans="临平区",
        name_en="Linping District",
        city_zh_hans="杭州市",
        city_en="Hangzhou",
        province_zh_hans="浙江省",
        province_en="Zhejiang",
        tagline_zh_hans="微短剧产业“领跑者”",
        tagline_en="Front-runner of the micro-short drama industry",
        overview_zh_hans=(
            "临平区已成为浙江微短剧产业的领先区域，集聚上下游企业200余家，服务摄制团队700余个。"
            "区内建有临影厂综合产业园，设立1亿元“大美临卓”产业基金，提供全生命周期扶持政策，"
            "并计划建设国家级微短剧版权保护与交易中心。杭州·微短剧大会在临平举办。"
        ),
        overview_en=(
            "Linping has become a leading area of Zhejiang's micro-short drama sector, with more than "
            "200 upstream and downstream enterprises and more than 700 production teams served. It runs "
            "the Lin Ying Factory complex, a 100 million yuan “Da Mei Lin Zhuo” industrial fund and "
            "lifecycle support policies, and plans a national micro-short drama copyright protection "
            "and trading center. The Hangzhou Micro-Short Drama Conference is held in Linping."
        ),
    ),
    dict(
        slug="datong",
        latitude=Decimal("40.08"),
        longitude=Decimal("113.30"),
        display_order=3,
        name_zh_hans="大同市",
        name_en="Datong",
        city_zh_hans="大同市",
        city_en="Datong",
        province_zh_hans="山西省",
        province_en="Shanxi",
        tagline_zh_hans="按平台分账收入奖励微短剧",
        tagline_en="Rewards micro-dramas by platform revenue share",
        overview_zh_hans="大同市2025年申报指南按微短剧在平台的年度分账收入给予奖励，横屏剧与竖屏剧分档。",
        overview_en=(
            "Datong's 2025 application guide rewards micro-dramas by their annual platform revenue share, "
            "with separate tiers for horizontal and vertical dramas."
        ),
    ),
    dict(
        slug="zhengzhou",
        latitude=Decimal("34.75"),
        longitude=Decimal("113.62"),
        display_order=4,
        name_zh_hans="郑州市",
        name_en="Zhengzhou",
        city_zh_hans="郑州市",
        city_en="Zhengzhou",
        province_zh_hans="河南省",
        province_en="Henan",
        tagline_zh_hans="打造“微短剧创作之都”",
        tagline_en="Building a “capital of micro-drama creation”",
        overview_zh_hans=(
            "郑州市2024年10月出台微短剧产业扶持政策意见，目标到2027年形成百亿级市场；"
            "2025年7月发布打造“微短剧创作之都”工作实施方案。河南省另有微短剧产业支持措施。"
        ),
        overview_en=(
            "Zhengzhou issued support opinions for the micro-drama industry in October 2024, targeting a "
            "10 billion yuan market by 2027, and a plan to become a “capital of micro-drama creation” in "
            "July 2025. Henan province has its own support measures."
        ),
    ),
    dict(
        slug="shanghai",
        latitude=Decimal("31.23"),
        longitude=Decimal("121.47"),
        display_order=5,
        name_zh_hans="上海市",
        name_en="Shanghai",
        city_zh_hans="上海市",
        city_en="Shanghai",
        province_zh_hans="上海市",
        province_en="Shanghai",
        tagline_zh_hans="9条措施与每年5000万元引导资金",
        tagline_en="Nine measures and a 50 million yuan guide fund each year",
        overview_zh_hans="上海市2024年6月出台9条支持微短剧发展的措施，设立每年5000万元的引导资金；2025年第一批申报指南对优秀微短剧和出海译制给予支持。",
        overview_en="Shanghai issued nine measures supporting micro-dramas in June 2024, with a guide fund of 50 million yuan a year; its first 2025 application guide supported outstanding micro-dramas and translation for overseas release.",
    ),
    dict(
        slug="xihu",
        latitude=Decimal("30.26"),
        longitude=Decimal("120.13"),
        display_order=6,
        name_zh_hans="西湖区",
        name_en="Xihu District",
        city_zh_hans="杭州市",
        city_en="Hangzhou",
        province_zh_hans="浙江省",
        province_en="Zhejiang",
        tagline_zh_hans="按部奖励微短剧作品",
        tagline_en="Rewards micro-dramas work by work",
        overview_zh_hans="西湖区与临平区同属杭州市，对微短剧作品每部奖励10万元，对重大题材作品最高支持500万元。",
        overview_en="Xihu, like Linping a district of Hangzhou, pays 100,000 yuan per micro-drama and up to 5 million yuan for major-theme works.",
    ),
    dict(
        slug="qiantang",
        latitude=Decimal("30.32"),
        longitude=Decimal("120.49"),
        display_order=7,
        name_zh_hans="钱塘区",
        name_en="Qiantang District",
        city_zh_hans="杭州市",
        city_en="Hangzhou",
        province_zh_hans="浙江省",
        province_en="Zhejiang",
        tagline_zh_hans="中国网络视听协会微短剧创意村所在地",
        tagline_en="Home of the China Netcasting Services Association micro-drama creative village",
        overview_zh_hans="钱塘区开设中国网络视听协会微短剧创意村，共20栋楼，十大微短剧企业中有6家入驻。",
        overview_en="Qiantang opened the China Netcasting Services Association micro-drama creative village: 20 buildings, home to 6 of the top 10 micro-drama firms.",
    ),
]


def figure(district, source, label_zh, label_en, value, unit_zh="", unit_en="", **flags):
    """A key figure; amounts in yuan are written out in full (is_amount_cny) and carry no unit."""
    return dict(
        district=district,
        source=source,
        label_zh_hans=label_zh,
        label_en=label_en,
        value=value,
        unit_zh_hans=unit_zh,
        unit_en=unit_en,
        **flags,
    )


FIGURES = [
    figure(
        "haizhu",
        "haizhu_hub",
        "数字经济核心产业规模",
        "Core digital-economy industry scale",
        1_000_000_000_000,
        is_amount_cny=True,
        is_lower_bound=True,
        as_of=date(2025, 1, 17),
        is_headline=True,
    ),
    figure(
        "haizhu",
        "haizhu_hub",
        "数字经济核心产业营收增速",
        "Core digital-economy revenue growth",
        25,
        "%以上",
        "%+",
        as_of=date(2025, 1, 17),
        is_headline=True,
    ),
    figure(
        "haizhu",
        "haizhu_hub",
        "数字经济核心产业连续两位数增长",
        "Consecutive years of double-digit growth",
        9,
        "年",
        "years",
        as_of=date(2025, 1, 17),
        is_headline=True,
    ),
    figure(
        "haizhu",
        "haizhu_content_policy",
        "互联网优质内容创作生态谷空间",
        "Space for the quality-content creation valley",
        350_000,
        "平方米",
        "m²",
        # The report carries no date; 2025-11-15 is only the day it was read.
        as_of=None,
    ),
    figure(
        "linping",
        "linping_front_runner",
        "上下游微短剧企业",
        "Upstream and downstream enterprises",
        200,
        "家",
        "enterprises",
        is_lower_bound=True,
        as_of=date(2025, 11, 10),
        is_headline=True,
    ),
    figure(
        "linping",
        "linping_front_runner",
        "服务摄制团队",
        "Production teams served",
        700,
        "个",
        "teams",
        is_lower_bound=True,
        as_of=date(2025, 11, 10),
        is_headline=True,
    ),
    figure(
        "linping",
        "lin_ying_crews",
        "临影厂2024年接待剧组",
        "Film crews received by Lin Ying Factory in 2024",
        370,
        "个",
        "crews",
        is_lower_bound=True,
        as_of=date(2024, 11, 22),
    ),
    figure(
        "linping",
        "linping_policy",
        "微短剧扶持政策总额",
        "Total of the micro-short drama support policy",
        300_000_000,
        is_amount_cny=True,
        as_of=date(2024, 4, 2),
    ),
    figure(
        "zhengzhou",
        "zhengzhou_plan",
        "微短剧企业（2024年底）",
        "Micro-drama firms (end of 2024)",
        820,
        "家",
        "firms",
        is_lower_bound=True,
        as_of=date(2024, 12, 31),
        # more-facts: the figures stand “at the end of 2024”.
        date_meaning=KeyFigure.DateMeaning.PERIOD,
    ),
    figure(
        "zhengzhou",
        "zhengzhou_plan",
        "微短剧市场规模（2024年底）",
        "Micro-drama market (end of 2024)",
        2_300_000_000,
        is_amount_cny=True,
        as_of=date(2024, 12, 31),
        date_meaning=KeyFigure.DateMeaning.PERIOD,
    ),
    figure(
        "shanghai",
        "shanghai_measures",
        "微短剧引导资金（每年）",
        "Micro-drama guide fund (a year)",
        50_000_000,
        is_amount_cny=True,
        as_of=date(2024, 6, 25),
    ),
    figure(
        "qiantang",
        "qiantang_village",
        "微短剧创意村楼栋",
        "Buildings in the micro-drama creative village",
        20,
        "栋",
        "buildings",
        as_of=date(2025, 11, 11),
    ),
    figure(
        "qiantang",
        "qiantang_village",
        "入驻创意村的十大微短剧企业",
        "Top-10 micro-drama firms in the village",
        6,
        "家",
        "of 10",
        as_of=date(2025, 11, 11),
    ),
]

FOR, PERIOD = Incentive.AmountFor, Incentive.AmountPeriod
CATEGORY = Incentive.Category
SEGMENT = ValueChainSegment

INCENTIVES = [
    dict(
        district="haizhu",
        source="haizhu_content_policy",
        category=CATEGORY.RENT,
        policy_document="《海珠区关于支持互联网优质内容创作的若干举措》",
        policy_document_english="Haizhu measures supporting quality online content creation",
        title_zh_hans="琶洲内容创作生态谷“N+1”个月免租",
        title_en="“N+1” months rent-free in the Pazhou content creation valley",
        summary_zh_hans="以琶洲为核心提供35万平方米空间建设“互联网优质内容创作生态谷”，入驻企业可享“N+1”个月免租。",
        summary_en="350,000 m² of space centred on Pazhou for an internet quality-content creation valley, with “N+1” months rent-free for companies moving in.",
    ),
    dict(
        district="haizhu",
        source="haizhu_content_policy",
        category=CATEGORY.SUBSIDY,
        max_amount_cny=800000,
        amount_for=FOR.COMPANY,
        amount_period=PERIOD.YEAR,
        amount_is_maximum=True,
        segments=[SEGMENT.PRODUCTION],
        policy_document="《海珠区关于支持互联网优质内容创作的若干举措》",
        policy_document_english="Haizhu measures supporting quality online content creation",
        title_zh_hans="共享拍摄场景、直播间基地补贴",
        title_en="Support for bases with shared shooting sets or live-stream rooms",
        summary_zh_hans="为行业提供共享拍摄场景或直播间的基地，每年最高补贴80万元。",
        summary_en="Bases that provide shared shooting sets or live-stream rooms receive up to 800,000 yuan a year.",
    ),
    dict(
        district="haizhu",
        source="haizhu_content_policy",
        category=CATEGORY.EVENTS,
        max_amount_cny=600000,
        amount_for=FOR.COMPANY,
        amount_period=PERIOD.YEAR,
        amount_is_maximum=True,
        segments=[SEGMENT.MARKETING],
        policy_document="《海珠区关于支持互联网优质内容创作的若干举措》",
        policy_document_english="Haizhu measures supporting quality online content creation",
        title_zh_hans="与海珠区联合举办行业活动补贴",
        title_en="Support for industry events co-hosted with Haizhu",
        summary_zh_hans="与海珠区联合举办行业活动的主办方，每年最高支持60万元。",
        summary_en="Organisers of industry events co-hosted with Haizhu receive up to 600,000 yuan a year.",
    ),
    dict(
        district="haizhu",
        source="haizhu_content_policy",
        category=CATEGORY.SUBSIDY,
        max_amount_cny=600000,
        amount_for=FOR.COMPANY,
        amount_period=PERIOD.YEAR,
        amount_is_maximum=True,
        segments=[SEGMENT.MARKETING, SEGMENT.TALENT],
        policy_document="《海珠区关于支持互联网优质内容创作的若干举措》",
        policy_document_english="Haizhu measures supporting quality online content creation",
        title_zh_hans="引进头部主播、达人奖励",
        title_en="Reward for bringing in top streamers and influencers",
        summary_zh_hans="引进头部主播或达人的企业，每年最高支持60万元。",
        summary_en="Companies that bring in top streamers or influencers receive up to 600,000 yuan a year.",
    ),
    dict(
        district="haizhu",
        source="haizhu_content_policy",
        category=CATEGORY.TALENT,
        segments=[SEGMENT.TALENT],
        policy_document="《海珠区关于支持互联网优质内容创作的若干举措》",
        policy_document_english="Haizhu measures supporting quality online content creation",
        title_zh_hans="微短剧专业人才服务包",
        title_en="Service package for micro-drama professionals",
        summary_zh_hans="微短剧专业人才可享人才绿卡、子女入学、人才公寓和就医绿色通道。",
        summary_en="Micro-drama professionals can obtain a talent green card, school places, talent apartments and a medical green channel.",
    ),
    dict(
        district="haizhu",
        source="haizhu_one_licence",
        category=CATEGORY.FAST_TRACK,
        scope=Scope.CULTURE,
        valid_from=date(2024, 12, 3),
        policy_document="海府办函〔2024〕9号",
        policy_document_english="Haizhu District Government Office letter No. 9 (2024)",
        title_zh_hans="“文旅体一证通”行政审批改革试点",
        title_en="“One licence” approval reform for culture, tourism and sports",
        summary_zh_hans="文化、旅游、体育领域行政审批“一证通”改革试点（非微短剧专项）。",
        summary_en="A pilot that merges approvals for culture, tourism and sports businesses into one licence (not specific to micro-drama).",
    ),
    dict(
        district="linping",
        source="linping_policy",
        category=CATEGORY.SUBSIDY,
        max_amount_cny=300000000,
        amount_for=FOR.PROGRAMME,
        amount_period=PERIOD.NOT_PUBLISHED,
        title_zh_hans="临平区微短剧扶持新政（总额3亿元）",
        title_en="Linping micro-short drama support policy (300 million yuan in total)",
        summary_zh_hans="临平区出台总额3亿元的扶持政策，目标打造“全国微短剧名城”。政策中文标题和分项金额未见公开。",
        summary_en="A support policy totalling 300 million yuan, aiming at a “national famous city of micro-short plays”. Its Chinese title and per-item amounts were not found.",
    ),
    dict(
        district="linping",
        source="linping_front_runner",
        category=CATEGORY.SUBSIDY,
        title_zh_hans="企业全生命周期扶持政策",
        title_en="Lifecycle support for enterprises",
        summary_zh_hans="为视听企业提供从落地到成长的全生命周期政策支持。",
        summary_en="Policies that support audiovisual enterprises through their whole lifecycle, from settling in to growing.",
    ),
    dict(
        district="linping",
        source="linping_screenwriters",
        category=CATEGORY.TALENT,
        segments=[SEGMENT.IP_CONTENT, SEGMENT.TALENT],
        title_zh_hans="全国（临平）青年网络编剧激励扶持计划",
        title_en="National (Linping) young online screenwriter support plan",
        summary_zh_hans="在首届杭州·微短剧大会上发布，中国网络视听协会与临平区政府签署战略合作协议。",
        summary_en="Launched at the 1st Hangzhou Micro-Short Drama Conference, where the China Netcasting Services Association signed a strategic agreement with the Linping government.",
    ),
    dict(
        district="datong",
        source="datong_guide",
        category=CATEGORY.SUBSIDY,
        max_amount_cny=1500000,
        amount_for=FOR.WORK,
        amount_period=PERIOD.ONE_OFF,
        amount_is_maximum=True,
        segments=[SEGMENT.IP_CONTENT, SEGMENT.PRODUCTION],
        # The guide covers the 2025 round and gives no opening or closing dates.
        application_year=2025,
        policy_document="同政规〔2025〕1号",
        policy_document_english="Datong regulation No. 1 (2025)",
        title_zh_hans="横屏微短剧分账收入奖励",
        title_en="Reward for horizontal micro-dramas by revenue share",
        summary_zh_hans="年度平台分账收入不低于200万元的横屏剧，按分账收入的10%奖励，每部最高150万元。",
        summary_en="Horizontal dramas with an annual platform revenue share of at least 2 million yuan receive 10% of it, up to 1.5 million yuan per drama.",
        how_to_apply_zh_hans="按大同市2025年度申报指南申报。",
        how_to_apply_en="Apply under Datong's 2025 application guide.",
        documents_zh_hans="《广播电视节目制作经营许可证》；发行许可证。",
        documents_en="The radio and television programme production and operation licence (制作经营许可证) and the distribution licence (发行许可证).",
    ),
    dict(
        district="datong",
        source="datong_guide",
        category=CATEGORY.SUBSIDY,
        max_amount_cny=1000000,
        amount_for=FOR.WORK,
        amount_period=PERIOD.ONE_OFF,
        amount_is_maximum=True,
        segments=[SEGMENT.IP_CONTENT, SEGMENT.PRODUCTION],
        # The guide covers the 2025 round and gives no opening or closing dates.
        application_year=2025,
        policy_document="同政规〔2025〕1号",
        policy_document_english="Datong regulation No. 1 (2025)",
        title_zh_hans="竖屏微短剧分账收入奖励",
        title_en="Reward for vertical micro-dramas by revenue share",
        summary_zh_hans="年度平台分账收入不低于100万元的竖屏剧，按分账收入的10%奖励，每部最高100万元。",
        summary_en="Vertical dramas with an annual platform revenue share of at least 1 million yuan receive 10% of it, up to 1 million yuan per drama.",
        how_to_apply_zh_hans="按大同市2025年度申报指南申报。",
        how_to_apply_en="Apply under Datong's 2025 application guide.",
        documents_zh_hans="《广播电视节目制作经营许可证》；发行许可证。",
        documents_en="The radio and television programme production and operation licence (制作经营许可证) and the distribution licence (发行许可证).",
    ),
    dict(
        district="zhengzhou",
        source="zhengzhou_opinions",
        category=CATEGORY.SUBSIDY,
        valid_from=date(2024, 10, 25),
        policy_document="《关于郑州市加快推进网络微短剧产业高质量发展扶持政策的意见》",
        policy_document_english="Opinions on support policies for Zhengzhou's online micro-drama industry",
        title_zh_hans="郑州市网络微短剧产业扶持政策",
        title_en="Zhengzhou support policy for online micro-dramas",
        summary_zh_hans="郑州市政府办公厅2024年10月25日印发，目标到2027年形成100亿元市场。分项金额未见公开。",
        summary_en="Issued by the city government office on 25 October 2024, targeting a 10 billion yuan market by 2027. Per-item amounts were not found.",
    ),
    dict(
        district="zhengzhou",
        source="henan_measures",
        category=CATEGORY.SUBSIDY,
        max_amount_cny=3000000,
        segments=[SEGMENT.PLATFORM],
        policy_document="《河南省支持微短剧产业高质量发展若干政策措施》",
        policy_document_english="Henan measures supporting the micro-drama industry",
        title_zh_hans="河南省支持微短剧平台运营方",
        title_en="Henan support for platform operators",
        summary_zh_hans="河南省级政策：对平台运营方最高支持300万元。",
        summary_en="A Henan provincial measure: platform operators receive up to 3 million yuan.",
    ),
    dict(
        district="zhengzhou",
        source="henan_measures",
        category=CATEGORY.SUBSIDY,
        max_amount_cny=300000,
        amount_for=FOR.WORK,
        amount_period=PERIOD.ONE_OFF,
        amount_is_maximum=True,
        segments=[SEGMENT.IP_CONTENT],
        policy_document="《河南省支持微短剧产业高质量发展若干政策措施》",
        policy_document_english="Henan measures supporting the micro-drama industry",
        title_zh_hans="河南省微短剧剧本扶持",
        title_en="Henan support for scripts",
        summary_zh_hans="河南省级政策：每个剧本最高支持30万元。",
        summary_en="A Henan provincial measure: up to 300,000 yuan per script.",
    ),
    dict(
        district="shanghai",
        source="shanghai_measures",
        category=CATEGORY.FUND,
        max_amount_cny=50_000_000,
        amount_for=FOR.PROGRAMME,
        amount_period=PERIOD.NOT_PUBLISHED,
        title_zh_hans="上海市微短剧引导资金",
        title_en="Shanghai micro-drama guide fund",
        summary_zh_hans="9条支持措施之一：每年安排5000万元引导资金。单家企业可获金额未见公开。",
        summary_en="One of nine support measures: a guide fund of 50 million yuan a year. Amounts per company were not found.",
    ),
    dict(
        district="shanghai",
        source="shanghai_guide_2025",
        category=CATEGORY.SUBSIDY,
        max_amount_cny=3_000_000,
        amount_for=FOR.WORK,
        amount_period=PERIOD.ONE_OFF,
        amount_is_maximum=True,
        segments=[SEGMENT.IP_CONTENT, SEGMENT.PRODUCTION],
        application_year=2025,
        title_zh_hans="优秀微短剧扶持（2025年第一批）",
        title_en="Support for outstanding micro-dramas (2025, first batch)",
        summary_zh_hans="2025年第一批申报指南：每部优秀微短剧最高支持300万元。",
        summary_en="The first 2025 application guide: up to 3 million yuan per outstanding micro-drama.",
    ),
    dict(
        district="shanghai",
        source="shanghai_guide_2025",
        category=CATEGORY.SUBSIDY,
        max_amount_cny=500_000,
        amount_for=FOR.WORK,
        amount_period=PERIOD.ONE_OFF,
        amount_is_maximum=True,
        segments=[SEGMENT.OVERSEAS],
        application_year=2025,
        title_zh_hans="微短剧出海译制费用补贴（2025年第一批）",
        title_en="Translation costs for overseas release (2025, first batch)",
        summary_zh_hans="2025年第一批申报指南：出海译制费用补贴50%，最高50万元。",
        summary_en="The first 2025 application guide: 50% of translation costs for overseas release, up to 500,000 yuan.",
    ),
    dict(
        district="xihu",
        source="xihu_per_work",
        category=CATEGORY.SUBSIDY,
        max_amount_cny=100_000,
        amount_for=FOR.WORK,
        amount_period=PERIOD.ONE_OFF,
        amount_is_maximum=True,
        segments=[SEGMENT.IP_CONTENT, SEGMENT.PRODUCTION],
        title_zh_hans="西湖区微短剧作品奖励",
        title_en="Xihu reward per micro-drama",
        summary_zh_hans="每部作品奖励10万元。",
        summary_en="100,000 yuan per work.",
    ),
    dict(
        district="xihu",
        source="xihu_major_themes",
        category=CATEGORY.SUBSIDY,
        max_amount_cny=5_000_000,
        amount_for=FOR.WORK,
        amount_period=PERIOD.ONE_OFF,
        amount_is_maximum=True,
        segments=[SEGMENT.IP_CONTENT, SEGMENT.PRODUCTION],
        title_zh_hans="西湖区重大题材作品扶持",
        title_en="Xihu support for major-theme works",
        summary_zh_hans="重大题材作品最高支持500万元。",
        summary_en="Major-theme works receive up to 5 million yuan.",
    ),
]

FUNDS = [
    dict(
        district="linping",
        source="linping_front_runner",
        size_cny=100000000,
        name_zh_hans="“大美临卓”产业基金",
        name_en="“Da Mei Lin Zhuo” industrial fund",
        focus_zh_hans="支持视听产业发展。",
        focus_en="Supports the audiovisual industry.",
    ),
    dict(
        district="haizhu",
        source="haizhu_culture_fund",
        size_cny=5000000000,
        established_on=date(2023, 3, 13),
        scope=Scope.CULTURE,
        name_zh_hans="海珠区文化创意产业基金",
        name_en="Haizhu cultural and creative industry fund",
        focus_zh_hans="2023年3月13日发布，同时成立首批105家会员的文化产业发展促进会。",
        focus_en="Launched on 13 March 2023 together with a cultural industry development association of 105 first members.",
    ),
]

FACILITIES = [
    dict(
        district="linping",
        source="linping_front_runner",
        kind=Facility.Kind.STUDIO,
        scene_count=40,
        scene_count_is_lower_bound=True,
        opened_on=date(2023, 11, 1),
        name_zh_hans="临影厂",
        name_en="Lin Ying Factory",
        description_zh_hans="综合产业园，拥有浙江最大的专业综艺演播厅和40余个专业拍摄场景，为摄制团队提供一站式服务；2024年接待剧组370余个；被称为全国首个专业微短剧拍摄基地。",
        description_en="An industrial complex with the largest professional variety studio in Zhejiang and over 40 dedicated shooting scenes, offering production teams one-stop services. It received 370+ film crews in 2024 and is described as the country's first professional micro-drama shooting base.",
    ),
    dict(
        district="haizhu",
        source="haizhu_content_policy",
        kind=Facility.Kind.CREATIVE_PARK,
        area_sqm=350000,
        name_zh_hans="互联网优质内容创作生态谷",
        name_en="Internet quality-content creation valley",
        description_zh_hans="以琶洲为核心的35万平方米内容创作空间。",
        description_en="350,000 m² of space for content creation, centred on Pazhou.",
    ),
    dict(
        district="qiantang",
        source="qiantang_village",
        kind=Facility.Kind.CREATIVE_PARK,
        name_zh_hans="中国网络视听协会微短剧创意村",
        name_en="China Netcasting Services Association micro-drama creative village",
        description_zh_hans="共20栋楼，十大微短剧企业中有6家入驻。",
        description_en="20 buildings, home to 6 of the top 10 micro-drama firms.",
    ),
]

SERVICE_CENTERS = [
    dict(
        district="haizhu",
        source="haizhu_hub",
        kind=ServiceCenter.Kind.FAST_TRACK,
        status=ServiceCenter.Status.PLANNED,
        name_zh_hans="微短剧快速审批中心",
        name_en="Micro-drama fast-track approval center",
        description_zh_hans="海珠区推动设立，并建设微短剧产业服务体系。",
        description_en="Haizhu is facilitating its establishment, together with a service system for the micro-drama industry.",
    ),
    dict(
        district="haizhu",
        source="guangdong_review",
        kind=ServiceCenter.Kind.CONTENT_REVIEW,
        name_zh_hans="广东省广播电视局备案审查",
        name_en="Guangdong provincial filing review",
        description_zh_hans="省级服务：每月3次备案审查，成片15个工作日内完成审查。",
        description_en="A provincial service: 3 filing reviews a month; finished works reviewed within 15 working days.",
    ),
    dict(
        district="linping",
        source="linping_front_runner",
        kind=ServiceCenter.Kind.COLLABORATION,
        name_zh_hans="影视协拍中心",
        name_en="Film and television collaboration center",
        description_zh_hans="为摄制团队提供协拍服务。",
        description_en="Helps production teams with shooting arrangements.",
    ),
    dict(
        district="linping",
        source="linping_front_runner",
        kind=ServiceCenter.Kind.CONTENT_REVIEW,
        name_zh_hans="内容审核中心",
        name_en="Content review center",
        description_zh_hans="",
        description_en="",
    ),
    dict(
        district="linping",
        source="linping_front_runner",
        kind=ServiceCenter.Kind.ARTISTIC_GUIDANCE,
        name_zh_hans="艺术指导中心",
        name_en="Artistic guidance center",
        description_zh_hans="",
        description_en="",
    ),
    dict(
        district="linping",
        source="linping_front_runner",
        kind=ServiceCenter.Kind.COPYRIGHT,
        status=ServiceCenter.Status.PLANNED,
        name_zh_hans="国家级微短剧版权保护与交易中心",
        name_en="National micro-short drama copyright protection and trading center",
        description_zh_hans="应对侵权盗版等行业难题。",
        description_en="Planned to address industry problems such as copyright infringement.",
    ),
]

TALENT_PROGRAMMES = [
    dict(
        district="linping",
        source="linping_front_runner",
        sessions_per_year=200,
        name_zh_hans="人才培训",
        name_en="Talent training",
        description_zh_hans="每年开展200余场人才培训，包括青年编剧训练营和内容创作工作坊。",
        description_en="Over 200 talent training sessions a year, including training camps for young screenwriters and content creation workshops.",
    ),
]

CONTACTS = [
    dict(district="haizhu", office_zh_hans="海珠区投资促进局", office_en="Haizhu District Investment Promotion Bureau"),
]


# Natural keys that earlier versions of the demo spelt with ASCII brackets: renamed in place, so
# a reload updates those rows instead of adding second copies.
RENAMED = [
    (Source, "title", "全国(临平)青年网络编剧激励扶持计划", "全国（临平）青年网络编剧激励扶持计划"),
    (
        Source,
        "title",
        "《郑州市打造“微短剧创作之都”工作实施方案(2025—2027年)》",
        "《郑州市打造“微短剧创作之都”工作实施方案（2025—2027年）》",
    ),
    (Incentive, "title_zh_hans", "全国(临平)青年网络编剧激励扶持计划", "全国（临平）青年网络编剧激励扶持计划"),
]


# What a row says unless it says otherwise.
RECORD_DEFAULTS = dict(level=Level.DISTRICT, scope=Scope.MICRO_DRAMA)


def sources_load(sources: dict, *, reset: bool = False) -> dict:
    """Create each missing source (overwrite it with `reset`), matched on publisher and title; the same keys
    map to the saved rows. The enterprise and event demos load their sources through it, reusing entries of SOURCES above."""
    return {
        key: demo_row(Source, reset=reset, publisher=values["publisher"], title=values["title"], defaults=values)[0]
        for key, values in sources.items()
    }


@transaction.atomic
def load(*, reset: bool = False) -> dict:
    """Create the missing demo districts and what is attached to them (overwrite all with `reset`); return counts."""
    for model, field, old, new in RENAMED:
        if not model.objects.filter(**{field: new}).exists():
            model.objects.filter(**{field: old}).update(**{field: new})
    sources = sources_load(SOURCES, reset=reset)
    districts = {
        values["slug"]: demo_row(District, reset=reset, slug=values["slug"], defaults=values)[0] for values in DISTRICTS
    }
    for order, row in enumerate(FIGURES):
        values = {
            **RECORD_DEFAULTS,
            **row,
            "district": districts[row["district"]],
            "source": sources[row["source"]],
            "display_order": order,
        }
        demo_row(
            KeyFigure,
            reset=reset,
            district=values["district"],
            label_zh_hans=values["label_zh_hans"],
            defaults=values,
        )
    for model, rows, key in [
        (Incentive, INCENTIVES, "title_zh_hans"),
        (IndustrialFund, FUNDS, "name_zh_hans"),
        (Facility, FACILITIES, "name_zh_hans"),
        (ServiceCenter, SERVICE_CENTERS, "name_zh_hans"),
        (TalentProgramme, TALENT_PROGRAMMES, "name_zh_hans"),
    ]:
        for row in rows:
            values = {
                **RECORD_DEFAULTS,
                **row,
                "district": districts[row["district"]],
                "source": sources[row["source"]],
            }
            if model is Incentive:
                # Dates a row does not give are cleared, so a reset removes one published before.
                values = {"valid_from": None, "valid_until": None, "application_year": None, **values}
            demo_row(model, reset=reset, district=values["district"], **{key: values[key]}, defaults=values)
    for row in CONTACTS:
        values = dict(row, district=districts[row["district"]])
        demo_row(InvestmentContact, reset=reset, district=values["district"], defaults=values)
    return {"districts": len(districts), "incentives": len(INCENTIVES), "sources": len(sources)}
