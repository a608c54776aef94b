"""A page served as its kept copy (haizhu_portal.middleware.PageCacheFirstMiddleware) works on a phone as the
page rendered does: its styles and scripts load under the same headers, and its filters still answer."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from districts.models import District
from haizhu_portal import middleware

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def copies_served(settings, monkeypatch):
    """The addresses answered with their kept copy, in order."""
    settings.PAGE_CACHE = True
    call_command("load_demo")
    served = []

    def recorded(request, copy):
        served.append(request.get_full_path())
        return serve(request, copy)

    serve = middleware.served_copy_response
    monkeypatch.setattr(middleware, "served_copy_response", recorded)
    return served


def test_the_directory_served_as_its_copy_looks_and_filters_as_rendered(live_server, phone, screenshot, copies_served):
    refused = []
    phone.on("console", lambda message: message.type == "error" and refused.append(message.text))
    phone.add_init_script(
        "document.addEventListener('securitypolicyviolation', event => console.error('CSP ' + event.violatedDirective))"
    )
    # Each visit asks the portal afresh, as three visitors would (a browser reuses the page for 15 s otherwise).
    devtools = phone.context.new_cdp_session(phone)
    devtools.send("Network.enable")
    devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
    address = f"{live_server.url}/en/enterprises/"
    rendered = phone.goto(address)
    rendered_height = phone.evaluate("document.querySelector('header').getBoundingClientRect().height")
    phone.goto(address)
    copy = phone.goto(address)
    assert copies_served == ["/en/enterprises/"]
    assert copy.headers["content-security-policy"] == rendered.headers["content-security-policy"]
    assert copy.headers["x-frame-options"] == rendered.headers["x-frame-options"] == "DENY"
    # The stylesheet applied: the header is laid out as on the rendered page, nothing wider than the phone.
    assert phone.evaluate("document.querySelector('header').getBoundingClientRect().height") == rendered_height
    assert phone.evaluate("document.scrollingElement.scrollWidth") == 390
    expect(phone.locator("#results-heading")).to_have_text("6 enterprises found")
    screenshot("served-copy-01-directory")

    # The directory's script runs: a filter ticked fetches and shows its results without leaving the page.
    phone.evaluate("window.stillTheSamePage = true")
    phone.get_by_text("Filters").first.click()
    phone.get_by_label("Linping District").check()
    expect(phone.locator("#results-heading")).to_have_text("1 enterprise found")
    expect(phone).to_have_url(re.compile(r"/en/enterprises/\?district=linping$"))
    assert phone.evaluate("window.stillTheSamePage") is True
    assert refused == []

    # A change by the bureau shows at once on a page whose copy was kept.
    linping = District.objects.get(slug="linping")
    linping.name_en = "Linping District Renamed"
    linping.save()
    phone.goto(address)
    expect(phone.get_by_label("Linping District Renamed")).to_be_attached()
    assert copies_served == ["/en/enterprises/"]
    screenshot("served-copy-02-after-an-edit")
