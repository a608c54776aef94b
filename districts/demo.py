"""Demo data from the seed texts (shared/seeds): real names and figures, each with its source.

Loading is idempotent: rows are matched on natural keys and created when missing; with `reset` they are
overwritten, and rows an earlier version published without a source are deleted. A source or record an
earlier version named differently is renamed in place first, so a reset corrects an old database.
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

# A seed that names no publisher: citations then say so, never a publisher we supposed.
NOT_NAMED = dict(publisher="发布方未注明", publisher_english="Publisher not named")

# Each source as the seeds give it. `title` is the title word for word only where `title_as_published`
# says so; otherwise it is a label for staff, never shown as a title. `formerly`: the (publisher, title)
# an earlier demo gave the same source, so a reload corrects that row instead of adding a second one.
SOURCES = {
    # Seed 000: the district's English site, presented by China Daily; the seed gives the site, not the page.
    "haizhu_hub": dict(
        publisher="China Daily / en.haizhu.gov.cn",
        title="Haizhu builds hub for micro-drama industry",
        title_as_published=True,
        url="https://en.haizhu.gov.cn/",
        published_on=date(2025, 1, 17),
    ),
    # A 南方都市报 report on the policy, read in a reprint; the report's own title is not given.
    "haizhu_content_policy": dict(
        publisher="南方都市报",
        publisher_english="Southern Metropolis Daily",
        title="海珠区互联网优质内容创作举措（报道）",
        title_english="Report on Haizhu's measures for quality internet content",
        url="https://gubaposthk.eastmoney.com/news,cjpl,1625477971.html",
        published_on=None,
        kind=Source.Kind.REPRINT,
        read_via="gubaposthk.eastmoney.com",
        read_on=date(2025, 11, 15),
        formerly=[("南方都市报", "《海珠区关于支持互联网优质内容创作的若干举措》")],
    ),
    "haizhu_one_licence": dict(
        publisher="海珠区人民政府办公室",
        publisher_english="Haizhu District Government Office",
        title="海府办函〔2024〕9号《广州市海珠区“文旅体一证通”行政审批改革试点工作方案》",
        title_as_published=True,
        title_english="Haizhu pilot plan for a single licence for culture, tourism and sports approvals (海府办函〔2024〕9号)",
        url="https://www.haizhu.gov.cn/hzdt/hzyw/hzzc/content/post_10167299.html",
        published_on=date(2024, 12, 3),
    ),
    "haizhu_culture_fund": dict(
        publisher="羊城晚报",
        publisher_english="Yangcheng Evening News",
        title="海珠区文化创意产业基金（报道）",
        title_english="Report on Haizhu's cultural and creative industry fund",
        url="",
        published_on=date(2023, 3, 14),
        formerly=[("羊城晚报", "海珠区文化创意产业基金发布")],
    ),
    "guangdong_review": dict(
        publisher="南方网",
        publisher_english="Southcn.com",
        title="广东省备案审查安排（报道）",
        title_english="Report on Guangdong's filing reviews",
        url="",
        published_on=date(2024, 6, 12),
        formerly=[("南方网", "广东省广播电视局微短剧备案审查")],
    ),
    # Seed 002 is a third party's English summary ("Core Insights") of this 中国新闻网 article; the title and
    # date are the article's, as the seed gives them.
    "linping_front_runner": dict(
        publisher="中国新闻网",
        publisher_english="China News Network",
        title="微短剧产业“领跑者” 杭州临平做对了什么?",
        title_as_published=True,
        title_english="Micro-short drama “front-runner”: what did Hangzhou's Linping get right?",
        url="",
        published_on=date(2025, 11, 10),
        kind=Source.Kind.SUMMARY,
        read_via="Core Insights",
    ),
    "linping_policy": dict(
        publisher="hangzhou.com.cn",
        title="Linping 300 million yuan support policy (report)",
        url="https://en.hangzhou.com.cn/News/content/2024-04/02/content_8710392.html",
        published_on=date(2024, 4, 2),
        formerly=[("hangzhou.com.cn", "Linping issues 300 million yuan policy for micro-short plays")],
    ),
    # more-facts: "Zhejiang report, 2024-11-22", no publisher.
    "lin_ying_crews": dict(
        publisher="浙江报道，发布方未注明",
        publisher_english="A Zhejiang report, publisher not named",
        title="临影厂开业时间与2024年接待剧组（报道）",
        title_english="Report on Lin Ying Factory's opening and crews received in 2024",
        url="",
        published_on=date(2024, 11, 22),
        formerly=[("Zhejiang report", "临影厂 2024 年接待剧组")],
    ),
    "lin_ying_first_base": dict(
        publisher="大公报",
        publisher_english="Ta Kung Pao",
        title="临影厂（报道）",
        title_english="Report on Lin Ying Factory",
        url="",
        published_on=date(2025, 3, 3),
        formerly=[("大公报", "全国首个专业微短剧拍摄基地")],
    ),
    # The plan's name, not the report's title (not given); more-facts gives no date.
    "linping_screenwriters": dict(
        publisher="中新网",
        publisher_english="China News Network",
        title="全国（临平）青年网络编剧激励扶持计划",
        title_english="National (Linping) young online screenwriter support plan",
        url="",
        published_on=None,
        formerly=[("中新网", "全国(临平)青年网络编剧激励扶持计划")],
    ),
    # more-facts gives the document number and the page's address, no publisher: the site stands for it.
    "datong_guide": dict(
        publisher="www.dt.gov.cn",
        title="大同市2025年申报指南（同政规〔2025〕1号）",
        title_english="Datong 2025 application guide (同政规〔2025〕1号)",
        url="https://www.dt.gov.cn/dtszf/bumdtq/202512/9f083bf13eba4be9be4dbf5712f1b99a.shtml",
        published_on=None,
        formerly=[("大同市人民政府", "同政规〔2025〕1号 2025年申报指南")],
    ),
    # A 郑州日报 report on the opinions: the opinions' title is the policy document's, not the report's.
    "zhengzhou_opinions": dict(
        publisher="郑州日报",
        publisher_english="Zhengzhou Daily",
        title="郑州市网络微短剧产业扶持政策意见（报道）",
        title_english="Report on Zhengzhou's support opinions for online micro-dramas",
        url="",
        published_on=date(2024, 10, 26),
        formerly=[("郑州日报", "《关于郑州市加快推进网络微短剧产业高质量发展扶持政策的意见》")],
    ),
    # more-facts names no publisher for Zhengzhou's 2024 figures and does not tie them to the 2025 plan.
    "zhengzhou_market": dict(
        NOT_NAMED,
        title="郑州市微短剧企业数与市场规模（2024年底）",
        title_english="Zhengzhou micro-drama firms and market (end of 2024)",
        url="",
        published_on=None,
        formerly=[
            ("郑州市人民政府", "《郑州市打造“微短剧创作之都”工作实施方案（2025—2027年）》"),
            ("郑州市人民政府", "《郑州市打造“微短剧创作之都”工作实施方案(2025—2027年)》"),
        ],
    ),
    "henan_measures": dict(
        publisher="星岛",
        publisher_english="Sing Tao",
        title="河南省微短剧产业支持措施（报道）",
        title_english="Report on Henan's measures for the micro-drama industry",
        url="",
        published_on=date(2025, 12, 20),
        formerly=[("星岛", "《河南省支持微短剧产业高质量发展若干政策措施》")],
    ),
    "shanghai_measures": dict(
        publisher="新华社",
        publisher_english="Xinhua News Agency",
        title="上海9条措施与引导资金（报道）",
        title_english="Report on Shanghai's nine measures and guide fund",
        url="",
        published_on=date(2024, 6, 25),
        formerly=[("新华社", "上海出台9条措施支持微短剧发展")],
    ),
    # more-facts gives only the date of the 2025 guide and of Xihu's major-theme support.
    "shanghai_guide_2025": dict(
        NOT_NAMED,
        title="上海2025年第一批申报指南",
        title_english="Shanghai 2025 first-batch application guide",
        url="",
        published_on=date(2025, 5, 29),
        formerly=[("新华社", "上海2025年度第一批微短剧扶持申报指南")],
    ),
    "xihu_per_work": dict(
        publisher="hangzhou.com.cn",
        title="西湖区每部作品奖励（报道）",
        title_english="Report on Xihu's reward per work",
        url="",
        published_on=date(2024, 4, 2),
        formerly=[("hangzhou.com.cn", "西湖区每部微短剧奖励10万元")],
    ),
    "xihu_major_themes": dict(
        NOT_NAMED,
        title="西湖区重大题材作品扶持",
        title_english="Xihu support for major-theme works",
        url="",
        published_on=date(2024, 3, 6),
        formerly=[("hangzhou.com.cn", "西湖区重大题材作品最高支持500万元")],
    ),
    "qiantang_village": dict(
        publisher="中国新闻网",
        publisher_english="China News Network",
        title="钱塘区微短剧创意村（报道）",
        title_english="Report on the Qiantang micro-drama creative village",
        url="",
        published_on=date(2025, 11, 11),
        formerly=[("中国新闻网", "中国网络视听协会微短剧创意村落户钱塘")],
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
        # Seed 000 (January 2025): what Haizhu "is projected to focus on", not what it has built.
        overview_zh_hans=(
            "据2025年1月海珠区英文网站的报道，海珠区重视发展微短剧产业，拥有咏声动漫、Byment Culture 等"
            "知识产权（IP）资源，并有映宇宙、Sunchuan Media、FLEXTV 等优质微短剧企业。报道称，海珠区预计将"
            "实施专项产业政策，推动设立快速审批中心，建设微短剧产业服务体系，推动微短剧全产业链发展。"
        ),
        overview_en=(
            "According to the district's English-language site (January 2025), Haizhu places importance on "
            "developing the micro-drama industry, with intellectual property (IP) resources such as Byment Culture "
            "and Winsing Animation, and quality micro-drama enterprises such as Inkeverse, Sunchuan Media and "
            "FLEXTV. Haizhu is projected to focus on the whole micro-drama industry chain by implementing specific "
            "industry policies, facilitating the establishment of a fast-track approval center and building a "
            "service system for the micro-drama industry."
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
        # Seed 002 is an English summary: the fund's Chinese name is not given, the centre's is translated.
        overview_zh_hans=(
            "据中国新闻网2025年11月一篇文章的第三方英文摘要，临平区已成为浙江微短剧产业的领先区域，"
            "集聚上下游企业200余家，服务摄制团队700余个。区内建有临影厂综合产业园，设立1亿元产业基金"
            "（来源只给出拼音名 Da Mei Lin Zhuo），为企业提供全生命周期扶持政策，并计划建设国家级微短剧"
            "版权保护与交易中心。杭州·微短剧大会在临平举办。"
        ),
        overview_en=(
            "According to a third-party summary of a China News Network article (November 2025), Linping has "
            "become a leading area of Zhejiang's micro-short drama sector, with more than 200 upstream and "
            "downstream enterprises and more than 700 production teams served. It runs the Lin Ying Factory "
            "complex, a 100 million yuan “Da Mei Lin Zhuo” industrial fund and policies that support enterprises "
            "through their lifecycle, and plans a national micro-short drama copyright protection and trading "
            "center. The Hangzhou Micro-Short Drama Conference is held in Linping."
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
        tagline_en="Building a capital of micro-drama creation (微短剧创作之都)",
        overview_zh_hans=(
            "郑州市政府办公室2024年10月25日印发微短剧产业扶持政策意见，目标到2027年形成100亿元市场；"
            "《郑州市打造“微短剧创作之都”工作实施方案（2025—2027年）》的日期为2025年7月31日。"
            "此处列出的河南省措施是省级政策，并非郑州市的措施。"
        ),
        overview_en=(
            "Zhengzhou's city government office issued support opinions for the micro-drama industry on "
            "25 October 2024, targeting a 10 billion yuan market by 2027; its work plan to build a capital of "
            "micro-drama creation (微短剧创作之都) for 2025–2027 is dated 31 July 2025. The Henan measures listed "
            "here are the province's, not Zhengzhou's own."
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
        overview_zh_hans=(
            "据新华社2024年6月25日报道，上海市有9条支持微短剧发展的措施和每年5000万元的引导资金；"
            "2025年第一批申报指南对优秀微短剧和出海译制给予支持。"
        ),
        overview_en=(
            "Xinhua reported on 25 June 2024 nine measures supporting micro-dramas in Shanghai, with a guide fund "
            "of 50 million yuan a year; the first 2025 application guide supports outstanding micro-dramas and "
            "translation for overseas release."
        ),
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
        overview_zh_hans=(
            "西湖区与临平区同属杭州市。据2024年的两份来源，西湖区对每部作品奖励10万元，对重大题材作品最高支持"
            "500万元；两者是按作品计算的不同奖励。"
        ),
        overview_en=(
            "Xihu, like Linping a district of Hangzhou, pays 100,000 yuan per work and up to 5 million yuan for a "
            "major-theme work, according to two sources of 2024; they are separate rewards per work."
        ),
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


def figure(district, source, level, scope, label_zh, label_en, value, unit_zh="", unit_en="", **flags):
    """A key figure; amounts in yuan are written out in full (is_amount_cny) and carry no unit."""
    return dict(
        district=district,
        source=source,
        level=level,
        scope=scope,
        label_zh_hans=label_zh,
        label_en=label_en,
        value=value,
        unit_zh_hans=unit_zh,
        unit_en=unit_en,
        **flags,
    )


DISTRICT, CITY, PROVINCE = Level.DISTRICT, Level.CITY, Level.PROVINCE
MICRO_DRAMA, INTERNET_CONTENT, DIGITAL_ECONOMY = Scope.MICRO_DRAMA, Scope.INTERNET_CONTENT, Scope.DIGITAL_ECONOMY

# Every date below is the source's publication date (date_meaning "published"), except where a source
# names the period the figure covers.
FIGURES = [
    figure(
        "haizhu",
        "haizhu_hub",
        DISTRICT,
        DIGITAL_ECONOMY,
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
        DISTRICT,
        DIGITAL_ECONOMY,
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
        DISTRICT,
        DIGITAL_ECONOMY,
        "数字经济核心产业连续两位数增长",
        "Consecutive years of double-digit growth of the core digital-economy industries",
        9,
        "年",
        "years",
        as_of=date(2025, 1, 17),
        is_headline=True,
    ),
    figure(
        "haizhu",
        "haizhu_content_policy",
        DISTRICT,
        INTERNET_CONTENT,
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
        DISTRICT,
        MICRO_DRAMA,
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
        DISTRICT,
        MICRO_DRAMA,
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
        DISTRICT,
        MICRO_DRAMA,
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
        DISTRICT,
        MICRO_DRAMA,
        "微短剧扶持政策总额",
        "Total of the micro-short drama support policy",
        300_000_000,
        is_amount_cny=True,
        as_of=date(2024, 4, 2),
        caveat_zh_hans="来源为英文报道；政策的中文标题和分项金额未见公开。",
        caveat_en="The source is an English-language report; the policy's Chinese title and per-item amounts were not found.",
    ),
    figure(
        "zhengzhou",
        "zhengzhou_market",
        CITY,
        MICRO_DRAMA,
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
        "zhengzhou_market",
        CITY,
        MICRO_DRAMA,
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
        CITY,
        MICRO_DRAMA,
        "微短剧引导资金（每年）",
        "Micro-drama guide fund (a year)",
        50_000_000,
        is_amount_cny=True,
        as_of=date(2024, 6, 25),
    ),
    figure(
        "qiantang",
        "qiantang_village",
        DISTRICT,
        MICRO_DRAMA,
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
        DISTRICT,
        MICRO_DRAMA,
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

HAIZHU_POLICY = dict(
    district="haizhu",
    source="haizhu_content_policy",
    level=DISTRICT,
    # A general policy for quality internet content (streamers, influencers, live-stream rooms): its measures
    # are listed, not counted as micro-drama incentives, except the one that names micro-drama professionals.
    scope=INTERNET_CONTENT,
    policy_document="《海珠区关于支持互联网优质内容创作的若干举措》",
    policy_document_english="Haizhu measures supporting quality online content creation",
)
HENAN_MEASURES = dict(
    district="zhengzhou",
    source="henan_measures",
    # Filed under Zhengzhou for the investor's map, but the province's measure.
    level=PROVINCE,
    scope=MICRO_DRAMA,
    policy_document="《河南省支持微短剧产业高质量发展若干政策措施》",
    policy_document_english="Henan measures supporting the micro-drama industry",
    caveat_zh_hans="河南省级政策，列在郑州市下以便查找，并非郑州市的措施。",
    caveat_en="A Henan provincial measure, listed under Zhengzhou for convenience; it is not Zhengzhou's own.",
)
# "Closed after 2025" is the portal's reading of a guide for 2025, not a date any source gives.
ROUND_2025 = dict(
    caveat_zh_hans="来源只说明这是2025年度的申报指南，未给出申报起止日期。",
    caveat_en="The source says only that the guide is for 2025; it gives no opening or closing date.",
)
DATONG_GUIDE = dict(
    district="datong",
    source="datong_guide",
    level=CITY,
    scope=MICRO_DRAMA,
    category=CATEGORY.SUBSIDY,
    amount_for=FOR.WORK,
    amount_period=PERIOD.ROUND,
    amount_is_maximum=True,
    # The only source that says who qualifies: holders of both licences (and the revenue-share thresholds).
    eligibility_published=True,
    segments=[SEGMENT.PRODUCTION],
    # The guide covers the 2025 round and gives no opening or closing dates.
    application_year=2025,
    **ROUND_2025,
    policy_document="同政规〔2025〕1号",
    policy_document_english="Datong regulation No. 1 (2025)",
    how_to_apply_zh_hans="按大同市2025年度申报指南申报。申报者须持有制作经营许可证和发行许可证。",
    how_to_apply_en=(
        "Apply under Datong's 2025 application guide. Applicants hold the production and operation licence "
        "and the distribution licence."
    ),
    documents_zh_hans="制作经营许可证；发行许可证。",
    documents_en="The production and operation licence (制作经营许可证) and the distribution licence (发行许可证).",
)
SHANGHAI_GUIDE = dict(
    district="shanghai",
    source="shanghai_guide_2025",
    level=CITY,
    scope=MICRO_DRAMA,
    category=CATEGORY.SUBSIDY,
    amount_is_maximum=True,
    application_year=2025,
    **ROUND_2025,
)
XIHU = dict(
    district="xihu",
    level=DISTRICT,
    scope=MICRO_DRAMA,
    category=CATEGORY.SUBSIDY,
    amount_for=FOR.WORK,
    # Neither source gives a period.
    amount_period=PERIOD.NOT_PUBLISHED,
    segments=[SEGMENT.IP_CONTENT, SEGMENT.PRODUCTION],
    caveat_zh_hans="西湖区的两项金额出自不同日期的来源（2024年4月2日、2024年3月6日），是按作品计算的不同奖励，不能相加。",
    caveat_en=(
        "Xihu's two amounts come from sources of different dates (2 April and 6 March 2024) and are separate "
        "rewards per work; they do not add up."
    ),
)

# No source says who qualifies for a measure unless `eligibility_published` says so: its stages and
# segments then only say what the measure is about.
INCENTIVES = [
    dict(
        HAIZHU_POLICY,
        category=CATEGORY.RENT,
        title_zh_hans="琶洲内容创作生态谷“N+1”个月免租",
        title_en="“N+1” months rent-free in the Pazhou content creation valley",
        summary_zh_hans="以琶洲为核心提供35万平方米空间，建设“互联网优质内容创作生态谷”，并提供“N+1”个月免租。",
        summary_en="350,000 m² of space centred on Pazhou for an internet quality-content creation valley (互联网优质内容创作生态谷), with “N+1” months rent-free.",
    ),
    dict(
        HAIZHU_POLICY,
        category=CATEGORY.SUBSIDY,
        max_amount_cny=800000,
        amount_for=FOR.COMPANY,
        amount_period=PERIOD.YEAR,
        amount_is_maximum=True,
        segments=[SEGMENT.PRODUCTION],
        title_zh_hans="共享拍摄场景、直播间基地补贴",
        title_en="Support for bases with shared shooting sets or live-stream rooms",
        summary_zh_hans="提供共享拍摄场景或直播间的基地，每年最高80万元。",
        summary_en="Bases that provide shared shooting sets or live-stream rooms: up to 800,000 yuan a year.",
        caveat_zh_hans="来源所述为提供共享拍摄场景或直播间的基地每年最高80万元；“每家企业”指基地的运营方。",
        caveat_en="The source gives up to 800,000 yuan a year to a base providing shared shooting sets or live-stream rooms; “per company” stands for the base's operator.",
    ),
    dict(
        HAIZHU_POLICY,
        category=CATEGORY.EVENTS,
        max_amount_cny=600000,
        amount_for=FOR.COMPANY,
        amount_period=PERIOD.YEAR,
        amount_is_maximum=True,
        segments=[SEGMENT.MARKETING],
        title_zh_hans="与海珠区联合举办行业活动补贴",
        title_en="Support for industry events co-hosted with Haizhu",
        summary_zh_hans="与海珠区联合举办行业活动的主办方，每年最高60万元。",
        summary_en="Organisers of industry events co-hosted with Haizhu: up to 600,000 yuan a year.",
    ),
    dict(
        HAIZHU_POLICY,
        category=CATEGORY.SUBSIDY,
        max_amount_cny=600000,
        amount_for=FOR.COMPANY,
        amount_period=PERIOD.YEAR,
        amount_is_maximum=True,
        segments=[SEGMENT.MARKETING, SEGMENT.TALENT],
        title_zh_hans="引进头部主播、达人奖励",
        title_en="Reward for bringing in top streamers and influencers",
        summary_zh_hans="引进头部主播或达人的企业，每年最高60万元。",
        summary_en="Firms that bring in top streamers or influencers: up to 600,000 yuan a year.",
    ),
    dict(
        HAIZHU_POLICY,
        # The package names 微短剧专业人才: the one measure of the policy that is micro-drama's.
        scope=MICRO_DRAMA,
        category=CATEGORY.TALENT,
        segments=[SEGMENT.TALENT],
        title_zh_hans="微短剧专业人才服务包",
        title_en="Service package for micro-drama professionals",
        summary_zh_hans="微短剧专业人才可享人才绿卡、子女入学、人才公寓和就医绿色通道。",
        summary_en="Micro-drama professionals can obtain a talent green card, school places, talent apartments and a medical green channel.",
        caveat_zh_hans="属于支持互联网优质内容创作的综合政策；其中的人才服务包点名微短剧专业人才。",
        caveat_en="Part of a general policy for quality internet content; the talent package names micro-drama professionals.",
    ),
    dict(
        district="haizhu",
        source="haizhu_one_licence",
        level=DISTRICT,
        scope=Scope.CULTURE,
        category=CATEGORY.FAST_TRACK,
        # The document's date is when it was issued, not when the pilot starts: no validity is published.
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
        level=DISTRICT,
        scope=MICRO_DRAMA,
        category=CATEGORY.SUBSIDY,
        max_amount_cny=300000000,
        amount_for=FOR.PROGRAMME,
        amount_period=PERIOD.NOT_PUBLISHED,
        title_zh_hans="临平区微短剧扶持新政（总额3亿元）",
        title_en="Linping micro-short drama support policy (300 million yuan in total)",
        summary_zh_hans="临平区出台总额3亿元的新扶持政策，目标是打造全国微短剧名城。政策的中文标题和分项金额未见公开。",
        summary_en="A new support policy with a total of 300 million yuan, aiming at a “national famous city of micro-short plays”. Its Chinese title and per-item amounts were not found.",
        caveat_zh_hans="来源为英文报道（原文：national famous city of micro-short plays），中文为译文。",
        caveat_en="The source is an English-language report; the Chinese on Chinese pages is a translation.",
    ),
    dict(
        district="linping",
        source="linping_screenwriters",
        level=DISTRICT,
        # The plan names online screenwriters, not micro-drama alone.
        scope=Scope.AUDIOVISUAL,
        caveat_zh_hans="计划名称指青年网络编剧，并未限定微短剧；计划在首届杭州·微短剧大会上发布。",
        caveat_en=(
            "The plan's name speaks of young online screenwriters, not of micro-drama alone; it was launched at "
            "the 1st Hangzhou Micro-Short Drama Conference."
        ),
        category=CATEGORY.TALENT,
        segments=[SEGMENT.IP_CONTENT, SEGMENT.TALENT],
        title_zh_hans="全国（临平）青年网络编剧激励扶持计划",
        title_en="National (Linping) young online screenwriter support plan",
        summary_zh_hans="在首届杭州·微短剧大会上发布，中国网络视听协会与临平区政府签署战略合作协议。",
        summary_en="Launched at the 1st Hangzhou Micro-Short Drama Conference, where the China Netcasting Services Association signed a strategic agreement with the Linping government.",
    ),
    dict(
        DATONG_GUIDE,
        max_amount_cny=1500000,
        title_zh_hans="横屏微短剧分账收入奖励",
        title_en="Reward for horizontal micro-dramas by revenue share",
        summary_zh_hans="年度平台分账收入不低于200万元的横屏剧，按分账收入的10%奖励，每部最高150万元。",
        summary_en="Horizontal dramas with an annual platform revenue share of at least 2 million yuan receive 10% of it, up to 1.5 million yuan per drama.",
    ),
    dict(
        DATONG_GUIDE,
        max_amount_cny=1000000,
        title_zh_hans="竖屏微短剧分账收入奖励",
        title_en="Reward for vertical micro-dramas by revenue share",
        summary_zh_hans="年度平台分账收入不低于100万元的竖屏剧，按分账收入的10%奖励，每部最高100万元。",
        summary_en="Vertical dramas with an annual platform revenue share of at least 1 million yuan receive 10% of it, up to 1 million yuan per drama.",
    ),
    dict(
        district="zhengzhou",
        source="zhengzhou_opinions",
        level=CITY,
        scope=MICRO_DRAMA,
        category=CATEGORY.SUBSIDY,
        # 2024-10-25 is the day the opinions were issued; no source gives their validity.
        policy_document="《关于郑州市加快推进网络微短剧产业高质量发展扶持政策的意见》",
        policy_document_english="Opinions on support policies for Zhengzhou's online micro-drama industry",
        title_zh_hans="郑州市网络微短剧产业扶持政策",
        title_en="Zhengzhou support policy for online micro-dramas",
        summary_zh_hans="市政府办公室2024年10月25日印发，目标到2027年形成100亿元市场。分项金额未见公开。",
        summary_en="Issued by the city government office on 25 October 2024, targeting a 10 billion yuan market by 2027. Per-item amounts were not found.",
    ),
    dict(
        HENAN_MEASURES,
        category=CATEGORY.SUBSIDY,
        max_amount_cny=3000000,
        amount_for=FOR.COMPANY,
        amount_period=PERIOD.NOT_PUBLISHED,
        amount_is_maximum=True,
        segments=[SEGMENT.PLATFORM],
        title_zh_hans="河南省支持微短剧平台运营方",
        title_en="Henan support for platform operators",
        summary_zh_hans="河南省级政策：对平台运营方最高支持300万元。",
        summary_en="A Henan provincial measure: platform operators receive up to 3 million yuan.",
    ),
    dict(
        HENAN_MEASURES,
        category=CATEGORY.SUBSIDY,
        max_amount_cny=300000,
        amount_for=FOR.WORK,
        amount_period=PERIOD.NOT_PUBLISHED,
        amount_is_maximum=True,
        segments=[SEGMENT.IP_CONTENT],
        title_zh_hans="河南省微短剧剧本扶持",
        title_en="Henan support for scripts",
        summary_zh_hans="河南省级政策：每个剧本最高支持30万元。",
        summary_en="A Henan provincial measure: up to 300,000 yuan per script.",
    ),
    dict(
        district="shanghai",
        source="shanghai_measures",
        level=CITY,
        scope=MICRO_DRAMA,
        category=CATEGORY.FUND,
        max_amount_cny=50_000_000,
        # "a 5000万元-a-year guide fund": the programme's budget each year, not a maximum.
        amount_for=FOR.PROGRAMME,
        amount_period=PERIOD.YEAR,
        title_zh_hans="上海市微短剧引导资金",
        title_en="Shanghai micro-drama guide fund",
        summary_zh_hans="9条支持措施之一：每年5000万元引导资金。单家企业可获金额未见公开。",
        summary_en="One of nine support measures: a guide fund of 50 million yuan a year. Amounts per company were not found.",
    ),
    dict(
        SHANGHAI_GUIDE,
        max_amount_cny=3_000_000,
        amount_for=FOR.WORK,
        amount_period=PERIOD.ROUND,
        segments=[SEGMENT.IP_CONTENT, SEGMENT.PRODUCTION],
        title_zh_hans="优秀微短剧扶持（2025年第一批）",
        title_en="Support for outstanding micro-dramas (2025, first batch)",
        summary_zh_hans="2025年第一批申报指南：每部优秀微短剧最高支持300万元。",
        summary_en="The first 2025 application guide: up to 3 million yuan per outstanding micro-drama.",
    ),
    dict(
        SHANGHAI_GUIDE,
        max_amount_cny=500_000,
        # The source does not say what the cap applies to.
        amount_for=FOR.NOT_PUBLISHED,
        amount_period=PERIOD.ROUND,
        segments=[SEGMENT.OVERSEAS],
        title_zh_hans="微短剧出海译制费用补贴（2025年第一批）",
        title_en="Translation costs for overseas release (2025, first batch)",
        summary_zh_hans="2025年第一批申报指南：出海译制费用补贴50%，最高50万元。",
        summary_en="The first 2025 application guide: 50% of translation costs for overseas release, up to 500,000 yuan.",
        caveat_zh_hans="来源未说明50万元上限按作品、企业还是每次申报计算，也未给出申报起止日期。",
        caveat_en=(
            "The source does not say whether the 500,000 yuan cap is per work, per company or per application, "
            "nor give the guide's opening or closing date."
        ),
    ),
    dict(
        XIHU,
        source="xihu_per_work",
        max_amount_cny=100_000,
        # "pays 100,000 yuan per work": a fixed reward, not a maximum.
        amount_is_maximum=False,
        title_zh_hans="西湖区微短剧作品奖励",
        title_en="Xihu reward per micro-drama",
        summary_zh_hans="每部作品奖励10万元。",
        summary_en="100,000 yuan per work.",
    ),
    dict(
        XIHU,
        source="xihu_major_themes",
        max_amount_cny=5_000_000,
        amount_is_maximum=True,
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
        level=DISTRICT,
        scope=Scope.AUDIOVISUAL,
        size_cny=100000000,
        # The seed gives the name in pinyin only; no source has the characters.
        name_zh_hans="Da Mei Lin Zhuo 产业基金",
        name_en="“Da Mei Lin Zhuo” industrial fund",
        focus_zh_hans="支持视听产业发展。",
        focus_en="Supports the audiovisual industry.",
        caveat_zh_hans="来源为英文摘要，只给出拼音“Da Mei Lin Zhuo”，未给出基金的中文名称。",
        caveat_en="The source, an English summary, gives only the pinyin “Da Mei Lin Zhuo”; no source gives the fund's Chinese name.",
    ),
    dict(
        district="haizhu",
        source="haizhu_culture_fund",
        level=DISTRICT,
        scope=Scope.CULTURE,
        size_cny=5000000000,
        established_on=date(2023, 3, 13),
        name_zh_hans="海珠区文化创意产业基金",
        name_en="Haizhu cultural and creative industry fund",
        focus_zh_hans="2023年3月13日发布，同时成立首批105家会员的文化产业发展促进会。",
        focus_en="Launched on 13 March 2023 together with a cultural industry development association of 105 first members.",
    ),
]

TRANSLATED_NAME = dict(
    caveat_zh_hans="来源为英文摘要，中文名称为译文，并非原名。",
    caveat_en="The source is an English summary: the Chinese name is a translation, not the original.",
)

FACILITIES = [
    dict(
        district="linping",
        source="linping_front_runner",
        # The opening, the crews and "first base" come from two other reports.
        further_sources=["lin_ying_crews", "lin_ying_first_base"],
        level=DISTRICT,
        scope=MICRO_DRAMA,
        kind=Facility.Kind.SHOOTING_BASE,
        scene_count=40,
        scene_count_is_lower_bound=True,
        # "opened November 2023": the month only, shown as such.
        opened_on=date(2023, 11, 1),
        name_zh_hans="临影厂",
        name_en="Lin Ying Factory",
        description_zh_hans=(
            "综合产业园，拥有浙江最大的专业综艺演播厅和40余个专业拍摄场景，为摄制团队提供一站式服务。"
            "据一篇浙江报道（2024年11月22日），临影厂2023年11月开业，2024年接待剧组370余个；"
            "大公报（2025年3月3日）称其为全国首个专业微短剧拍摄基地。"
        ),
        description_en=(
            "An industrial complex with the largest professional variety studio in Zhejiang and over 40 dedicated "
            "shooting scenes, offering production teams one-stop services. A Zhejiang report (22 November 2024) "
            "says it opened in November 2023 and received 370+ film crews in 2024; Ta Kung Pao (3 March 2025) "
            "describes it as the country's first professional micro-drama shooting base."
        ),
    ),
    dict(
        district="haizhu",
        source="haizhu_content_policy",
        level=DISTRICT,
        scope=INTERNET_CONTENT,
        kind=Facility.Kind.CREATIVE_PARK,
        area_sqm=350000,
        name_zh_hans="互联网优质内容创作生态谷",
        name_en="Internet quality-content creation valley",
        description_zh_hans="以琶洲为核心的35万平方米互联网优质内容创作空间。",
        description_en="350,000 m² of space for quality internet content creation, centred on Pazhou.",
        caveat_zh_hans="属于支持互联网优质内容创作的综合政策，是创作空间，并非微短剧拍摄场地。",
        caveat_en="Part of a general policy for quality internet content: space for creators, not a micro-drama studio.",
    ),
    dict(
        district="qiantang",
        source="qiantang_village",
        level=DISTRICT,
        scope=MICRO_DRAMA,
        kind=Facility.Kind.CREATIVE_PARK,
        name_zh_hans="中国网络视听协会微短剧创意村",
        name_en="China Netcasting Services Association micro-drama creative village",
        description_zh_hans="共20栋楼，十大微短剧企业中有6家入驻。",
        description_en="20 buildings, home to 6 of the top 10 micro-drama firms.",
    ),
]

# Seed 002 names the three centres together, and says no more of them.
LINPING_CENTRES = dict(
    TRANSLATED_NAME,
    district="linping",
    source="linping_front_runner",
    level=DISTRICT,
    scope=MICRO_DRAMA,
    description_zh_hans="据报道，影视协拍、内容审核、艺术指导等中心的设立完善了专业服务体系。",
    description_en="The report says centres for film and television collaboration, content review and artistic guidance have enhanced the professional service system.",
)

SERVICE_CENTERS = [
    dict(
        district="haizhu",
        source="haizhu_hub",
        level=DISTRICT,
        scope=MICRO_DRAMA,
        kind=ServiceCenter.Kind.FAST_TRACK,
        status=ServiceCenter.Status.PLANNED,
        name_zh_hans="微短剧快速审批中心",
        name_en="Micro-drama fast-track approval center",
        description_zh_hans="据2025年1月的报道，海珠区预计将推动设立快速审批中心，并建设微短剧产业服务体系。",
        description_en="The January 2025 report says Haizhu is projected to facilitate its establishment, with a service system for the micro-drama industry.",
        caveat_zh_hans="来源为英文报道，中文名称为译文；除该报道外未见其他来源。",
        caveat_en="The source is an English-language report and the Chinese name a translation; no other source was found.",
    ),
    dict(
        district="haizhu",
        source="guangdong_review",
        level=PROVINCE,
        scope=Scope.AUDIOVISUAL,
        kind=ServiceCenter.Kind.CONTENT_REVIEW,
        name_zh_hans="广东省广播电视局备案审查",
        name_en="Guangdong provincial filing review",
        description_zh_hans="省级服务：每月3次备案审查，成片15个工作日内完成审查。",
        description_en="A provincial service: 3 filing reviews a month; finished works reviewed within 15 working days.",
        caveat_zh_hans="广东省的服务，并非海珠区所设；中文名称依据来源的英文转述译出。",
        caveat_en="A service of Guangdong province, not of Haizhu; the Chinese name is translated from an English account of the source.",
    ),
    dict(
        LINPING_CENTRES,
        kind=ServiceCenter.Kind.COLLABORATION,
        name_zh_hans="影视协拍中心",
        name_en="Film and television collaboration center",
    ),
    dict(
        LINPING_CENTRES,
        kind=ServiceCenter.Kind.CONTENT_REVIEW,
        name_zh_hans="内容审核中心",
        name_en="Content review center",
    ),
    dict(
        LINPING_CENTRES,
        kind=ServiceCenter.Kind.ARTISTIC_GUIDANCE,
        name_zh_hans="艺术指导中心",
        name_en="Artistic guidance center",
    ),
    dict(
        TRANSLATED_NAME,
        district="linping",
        source="linping_front_runner",
        level=DISTRICT,
        scope=MICRO_DRAMA,
        kind=ServiceCenter.Kind.COPYRIGHT,
        status=ServiceCenter.Status.PLANNED,
        name_zh_hans="国家级微短剧版权保护与交易中心",
        name_en="National micro-short drama copyright protection and trading center",
        description_zh_hans="临平区计划设立，以应对版权侵权等行业难题。",
        description_en="Planned by Linping to address industry problems such as copyright infringement.",
    ),
]

TALENT_PROGRAMMES = [
    dict(
        district="linping",
        source="linping_front_runner",
        level=DISTRICT,
        scope=MICRO_DRAMA,
        sessions_per_year=200,
        name_zh_hans="人才培训",
        name_en="Talent training",
        # The seed names the camps and workshops as initiatives of their own, not as part of the 200 sessions.
        description_zh_hans="每年开展200余场人才培训。临平还开展了青年编剧训练营和内容创作工作坊等培养新人的举措。",
        description_en="Over 200 talent training sessions a year. Linping has also run initiatives such as training camps for young screenwriters and content creation workshops.",
    ),
]

CONTACTS = [
    dict(district="haizhu", office_zh_hans="海珠区投资促进局", office_en="Haizhu District Investment Promotion Bureau"),
]


# Natural keys that earlier versions of the demo spelt differently: renamed in place, so a reload
# updates those rows instead of adding second copies.
RENAMED = [
    (Incentive, "title_zh_hans", "全国(临平)青年网络编剧激励扶持计划", "全国（临平）青年网络编剧激励扶持计划"),
    (IndustrialFund, "name_zh_hans", "“大美临卓”产业基金", "Da Mei Lin Zhuo 产业基金"),
]

# Rows earlier versions of the demo published that no source supports; a reset deletes them.
WITHDRAWN = [
    # "Lifecycle support" (seed 002) is no measure one can apply for; the Linping overview keeps the claim.
    (Incentive, dict(district__slug="linping", title_zh_hans="企业全生命周期扶持政策")),
]

# What a row leaves out is empty, so a reset clears what an earlier version of the demo said.
RECORD_BLANKS = dict(caveat_zh_hans="", caveat_en="")
BLANKS = {
    KeyFigure: dict(
        RECORD_BLANKS,
        is_amount_cny=False,
        is_lower_bound=False,
        is_headline=False,
        as_of=None,
        date_meaning=KeyFigure.DateMeaning.PUBLISHED,
    ),
    Incentive: dict(
        RECORD_BLANKS,
        max_amount_cny=None,
        amount_for="",
        amount_period="",
        amount_is_maximum=False,
        eligibility_published=False,
        stages=[],
        segments=[],
        valid_from=None,
        valid_until=None,
        application_year=None,
        policy_document="",
        policy_document_english="",
        how_to_apply_zh_hans="",
        how_to_apply_en="",
        documents_zh_hans="",
        documents_en="",
    ),
    IndustrialFund: dict(RECORD_BLANKS, established_on=None),
    Facility: dict(RECORD_BLANKS, scene_count=None, scene_count_is_lower_bound=False, area_sqm=None, opened_on=None),
    ServiceCenter: dict(RECORD_BLANKS, status=ServiceCenter.Status.OPERATING),
    TalentProgramme: dict(RECORD_BLANKS, sessions_per_year=None),
}
SOURCE_BLANKS = dict(
    title_as_published=False,
    kind=Source.Kind.ORIGINAL,
    read_via="",
    read_on=None,
    publisher_english="",
    title_english="",
)


def sources_load(sources: dict, *, reset: bool = False) -> dict:
    """Create each missing source (overwrite it with `reset`), matched on publisher and title; the same keys
    map to the saved rows. A source an earlier demo gave another publisher or title (`formerly`) is corrected
    in place first, so the records citing it keep it. The enterprise and event demos load their sources
    through it, reusing entries of SOURCES above."""
    rows = {}
    for key, entry in sources.items():
        values = {**SOURCE_BLANKS, **entry}
        formerly = values.pop("formerly", [])
        lookup = dict(publisher=values["publisher"], title=values["title"])
        if not Source.objects.filter(**lookup).exists():
            for publisher, title in formerly:
                earlier = Source.objects.filter(publisher=publisher, title=title).order_by("pk").first()
                if earlier:
                    # The earlier row's publisher or title was the demo's mistake: nothing of it is kept.
                    Source.objects.filter(pk=earlier.pk).update(**values)
                    break
        rows[key] = demo_row(Source, reset=reset, **lookup, defaults=values)[0]
    return rows


def record_load(model, row: dict, *, key: str, districts: dict, sources: dict, reset: bool, **extra):
    """One district record, matched on its district and `key`; its further sources are set when it is
    created or reset."""
    values = {**BLANKS[model], **row, **extra}
    further = [sources[name] for name in values.pop("further_sources", [])]
    values.update(district=districts[row["district"]], source=sources[row["source"]])
    record, created = demo_row(model, reset=reset, district=values["district"], **{key: values[key]}, defaults=values)
    if created or reset:
        record.further_sources.set(further)
    return record


@transaction.atomic
def load(*, reset: bool = False) -> dict:
    """Create the missing demo districts and what is attached to them (overwrite all with `reset`, and delete
    what an earlier version published without a source); return counts."""
    for model, field, old, new in RENAMED:
        if not model.objects.filter(**{field: new}).exists():
            model.objects.filter(**{field: old}).update(**{field: new})
    if reset:
        for model, lookup in WITHDRAWN:
            model.objects.filter(**lookup).delete()
    sources = sources_load(SOURCES, reset=reset)
    districts = {
        values["slug"]: demo_row(District, reset=reset, slug=values["slug"], defaults=values)[0] for values in DISTRICTS
    }
    common = dict(districts=districts, sources=sources, reset=reset)
    for order, row in enumerate(FIGURES):
        record_load(KeyFigure, row, key="label_zh_hans", display_order=order, **common)
    for model, rows, key in [
        (Incentive, INCENTIVES, "title_zh_hans"),
        (IndustrialFund, FUNDS, "name_zh_hans"),
        (Facility, FACILITIES, "name_zh_hans"),
        (ServiceCenter, SERVICE_CENTERS, "name_zh_hans"),
        (TalentProgramme, TALENT_PROGRAMMES, "name_zh_hans"),
    ]:
        for row in rows:
            record_load(model, row, key=key, **common)
    for row in CONTACTS:
        values = dict(row, district=districts[row["district"]])
        demo_row(InvestmentContact, reset=reset, district=values["district"], defaults=values)
    return {"districts": len(districts), "incentives": len(INCENTIVES), "sources": len(sources)}
