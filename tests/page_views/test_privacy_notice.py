"""The privacy notice says what the page statistics count, what they do not, and why."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, heading, promises",
    [
        (
            "en",
            "<h2>Page statistics</h2>",
            [
                "which districts, incentives, companies and events investors look at",
                "each day in each language",
                "sets no cookie",
                "no IP address",
                "nothing about you",
                "how often a district's page is opened from the incentive finder's answers",
                "not the answers themselves",
            ],
        ),
        (
            "zh-hans",
            "<h2>页面统计</h2>",
            [
                "了解投资者关注哪些区域、扶持政策、企业和活动",
                "按日期和语言",
                "不设置Cookie",
                "不存储IP地址",
                "任何关于您的信息",
                "从政策匹配结果打开区域页面的次数",
                "也不记录匹配时填写的内容",
            ],
        ),
    ],
)
def test_the_privacy_notice_explains_the_page_statistics_in_both_languages(client, language, heading, promises):
    page = client.get(f"/{language}/privacy/").content.decode()
    assert heading in page
    for promise in promises:
        assert promise in page
