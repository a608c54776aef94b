import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, host",
    [("zh-hans", "主办单位：海珠区投资促进局"), ("en", "Hosted by: Haizhu District Investment Promotion Bureau")],
)
def test_every_page_names_the_host_bureau_and_its_contact(client, settings, language, host):
    settings.BUREAU_INQUIRY_EMAIL = "invest@haizhu.example"
    page = client.get(f"/{language}/events/").content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    assert host in footer
    assert 'href="mailto:invest@haizhu.example"' in footer


@pytest.mark.parametrize("language, contact", [("zh-hans", "联系方式："), ("en", "Contact:")])
def test_without_an_inquiry_address_the_footer_names_no_contact(client, settings, language, contact):
    settings.BUREAU_INQUIRY_EMAIL = ""
    page = client.get(f"/{language}/events/").content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    assert contact not in footer
    assert "mailto:" not in footer


def test_the_icp_filing_number_shows_only_when_configured(client, settings):
    settings.ICP_FILING = ""
    assert "beian.miit.gov.cn" not in client.get("/zh-hans/districts/").content.decode()
    settings.ICP_FILING = "粤ICP备12345678号-1"
    page = client.get("/zh-hans/districts/").content.decode()
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">粤ICP备12345678号-1</a>' in page
