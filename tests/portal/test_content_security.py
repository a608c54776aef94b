"""The Content-Security-Policy headers written once per process say exactly what django-csp writes for each
response, and a response that changes its policy still gets its own."""

import pytest
from csp.constants import NONCE
from csp.decorators import csp_exempt, csp_replace, csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from foundation.content_security import ContentSecurityPolicyMiddleware

POLICY = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"


def served(view, middleware=ContentSecurityPolicyMiddleware, path="/en/"):
    request = RequestFactory().get(path)
    handler = middleware(view)
    return request, handler(request)


def page(request):
    return HttpResponse("<p>page</p>")


@pytest.mark.django_db
def test_a_page_gets_the_policy_django_csp_writes(client):
    _, by_django_csp = served(page, CSPMiddleware)
    response = client.get("/en/")
    assert response.status_code == 200
    assert response[POLICY] == by_django_csp[POLICY]
    assert "script-src 'self'" in response[POLICY]
    assert "frame-ancestors 'none'" in response[POLICY]


def test_a_changed_setting_changes_the_header():
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        _, response = served(page)
        assert response[POLICY] == "default-src 'none'"
    _, response = served(page)
    assert "default-src 'self'" in response[POLICY]


def test_a_report_only_policy_is_written_too():
    report_only = {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-reports/"}}
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=report_only):
        _, ours = served(page)
        _, django_csp = served(page, CSPMiddleware)
    assert ours[REPORT_ONLY] == django_csp[REPORT_ONLY]
    assert "report-uri /csp-reports/" in ours[REPORT_ONLY]


@pytest.mark.parametrize(
    "decorator, expected",
    [
        (csp_update({"img-src": ["https://maps.example.com"]}), "https://maps.example.com"),
        (csp_replace({"script-src": ["'self'", "https://cdn.example.com"]}), "https://cdn.example.com"),
    ],
)
def test_a_view_that_changes_its_policy_gets_its_own(decorator, expected):
    _, response = served(decorator(page))
    _, by_django_csp = served(decorator(page), CSPMiddleware)
    assert expected in response[POLICY]
    assert response[POLICY] == by_django_csp[POLICY]


def test_an_exempt_view_gets_no_policy():
    _, response = served(csp_exempt()(page))
    assert POLICY not in response


def test_a_nonce_asked_for_is_in_the_policy():
    def with_nonce(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"script-src": ["'self'", NONCE]}}):
        request, response = served(with_nonce)
        _, without = served(page)
    assert f"script-src 'self' 'nonce-{request.csp_nonce}'" in response[POLICY]
    assert "script-src 'self';" in without[POLICY] + ";"
    assert "nonce-" not in without[POLICY]


def test_a_nonce_asked_for_after_the_header_is_written_fails_loudly():
    request, _ = served(page)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_an_excluded_path_gets_no_policy():
    policy = {"EXCLUDE_URL_PREFIXES": ["/legacy/"], "DIRECTIVES": {"default-src": ["'self'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        _, excluded = served(page, path="/legacy/page/")
        _, kept = served(page, path="/en/")
    assert POLICY not in excluded
    assert kept[POLICY] == "default-src 'self'"
