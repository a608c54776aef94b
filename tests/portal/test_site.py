import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import polib
import pytest
from django.core.management import call_command
from django.db import OperationalError

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_200_with_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_root_redirects_by_browser_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"


def test_robots_and_sitemap_list_both_languages(client):
    call_command("load_demo")
    assert "Sitemap:" in client.get("/robots.txt").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/en/districts/haizhu/" in sitemap and "/zh-hans/districts/haizhu/" in sitemap


def test_language_switcher_keeps_the_visitor_on_the_same_page(client):
    call_command("load_demo")
    page = client.get("/en/districts/linping/").content.decode()
    assert 'href="/zh-hans/districts/linping/"' in page


PAGES = ["/", "/districts/", "/districts/haizhu/", "/districts/compare/?d=haizhu&d=linping", "/incentives/"]


@pytest.mark.parametrize("language, expected", [("en", "Skip to content"), ("zh-hans", "跳到正文")])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_in_every_language(client, language, expected, page):
    call_command("load_demo")
    response = client.get(f"/{language}{page}")
    assert response.status_code == 200
    body = response.content.decode()
    assert expected in body
    assert f'<html lang="{language}">' in body


def test_home_leads_with_the_host_districts_own_figures(client):
    call_command("load_demo")
    page = client.get("/en/").content.decode()
    assert "Create micro-dramas in Haizhu" in page
    assert "Haizhu District in figures" in page and "1 trillion yuan+" in page and "Source:" in page
    assert "Upstream and downstream enterprises" not in page
    assert "Linping District" in page
    assert "/en/districts/compare/?d=haizhu&amp;d=linping" in page
    assert 'property="og:title"' in page


def test_home_follows_the_host_flag_rather_than_a_slug(client, settings):
    from districts.models import District

    settings.BUREAU_INQUIRY_EMAIL = "invest@bureau.example"
    call_command("load_demo")
    District.objects.update(is_host=False)
    District.objects.filter(slug="linping").update(is_host=True)
    page = client.get("/en/").content.decode()
    assert "Linping District in figures" in page and "Upstream and downstream enterprises" in page
    assert "Core digital-economy industry scale" not in page
    assert 'href="/en/districts/linping/#inquiry"' in page


@pytest.mark.parametrize(
    "url, own_scripts",
    [
        # Every page has the search box's suggestions (search-typeahead.js); some have more.
        ("/en/", 1),
        ("/en/districts/", 1),
        ("/en/incentives/", 2),
        ("/en/incentives/finder/", 2),
        ("/en/enterprises/", 3),
        ("/en/events/", 2),  # site.js opens the folded filters on wide screens
    ],
)
def test_pages_carry_a_content_security_policy_and_run_only_their_own_external_scripts(client, url, own_scripts):
    response = client.get(url)
    policy = dict(
        (directive.split()[0], directive.split()[1:]) for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    page = response.content.decode()
    # Structured data (application/ld+json) is never run; every other script must be a file of ours.
    scripts = [
        (attributes, body)
        for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
        if 'type="application/ld+json"' not in attributes
    ]
    assert len(scripts) == own_scripts
    assert all(re.search(r'\ssrc="/static/[^"]+\.js"', attributes) and not body.strip() for attributes, body in scripts)
    assert not re.search(r"<[^>]+\s(on[a-z]+|style)\s*=", page)


@pytest.mark.parametrize("catalogue", sorted(ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po")), ids=str)
def test_chinese_catalogue_is_complete(catalogue):
    po = polib.pofile(str(catalogue))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def deployment_check(**settings) -> subprocess.CompletedProcess:
    """`manage.py check --deploy` in production's environment; a setting given as None is left unset."""
    env = {
        **{name: value for name, value in os.environ.items() if name not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}},
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": "k7#xP!q2w9Zr$e5t8yU1i0oLm3nB6vC4xZ7aS2dF5gH8jK1lQ9wE3rT6yU0iO4p",
        "ALLOWED_HOSTS": "portal.example.org",
        "BUREAU_INQUIRY_EMAIL": "investment@portal.example.org",
        **settings,
    }
    env = {name: value for name, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_deployment_checklist_passes_with_production_settings():
    result = deployment_check(REDIS_URL="redis://127.0.0.1:6379/2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "url",
    ["/en/districts/haizhu/", "/en/enterprises/submit/", "/en/events/create-micro-dramas-in-haizhu-briefing/register/"],
)
def test_public_forms_hide_the_spam_trap_from_people_and_put_the_consent_box_beside_its_label(client, settings, url):
    settings.BUREAU_INQUIRY_EMAIL = "invest@bureau.example"
    call_command("load_demo")
    page = client.get(url).content.decode()
    trap = page.index('<div class="honeypot" aria-hidden="true">')
    assert 'name="website"' in page[trap : trap + 400]
    consent = page.index('<div class="field check-field')
    assert 'name="consent"' in page[consent : consent + 400] and "<label" in page[consent : consent + 400]


def test_deployment_checklist_warns_without_a_shared_cache():
    result = deployment_check()
    assert result.returncode == 1
    assert "haizhu_portal.W001" in result.stderr and "REDIS_URL" in result.stderr


def test_deployment_checklist_warns_without_an_inquiry_address():
    result = deployment_check(REDIS_URL="redis://127.0.0.1:6379/2", BUREAU_INQUIRY_EMAIL=None)
    assert result.returncode == 1
    assert "haizhu_portal.W002" in result.stderr and "BUREAU_INQUIRY_EMAIL" in result.stderr


def test_a_deploy_without_database_url_is_refused_and_starts_no_database_of_its_own(tmp_path):
    result = deployment_check(
        REDIS_URL="redis://127.0.0.1:6379/2", DATABASE_URL=None, EMBEDDED_DATABASE=None, VAR_DIR=str(tmp_path)
    )
    assert result.returncode == 1
    assert "haizhu_portal.E001" in result.stderr and "DATABASE_URL is not set" in result.stderr
    # No local server was started: the site would have served its empty database.
    assert not (tmp_path / "pgdata").exists()


def test_management_commands_print_no_login_lockout_banner():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=os.environ, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "AXES" not in result.stdout + result.stderr


def test_a_server_process_loads_every_view_before_its_first_request():
    # The first visitor of each worker should not wait for the URLconf (and the API's schemas) to import.
    script = (
        "import sys, haizhu_portal.wsgi; print('open_data.endpoints' in sys.modules, 'events.views' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "haizhu_portal.settings"}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "True True", result.stderr


def test_a_server_process_keeps_what_its_boot_made_out_of_the_garbage_collector_s_walks():
    # Otherwise the collector's oldest generation walks every module, class and URL pattern of the app, a pause
    # of 60-170 ms on whichever request it falls (benchmarks/gc_pauses.py).
    script = "import gc, haizhu_portal.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "haizhu_portal.settings"}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    frozen, tracked = map(int, result.stdout.strip().splitlines()[-1].split())
    assert frozen > 10 * tracked, result.stderr


@pytest.mark.parametrize(
    "address, other",
    [
        (
            "/en/enterprises/?q=%E7%9F%AD%E5%89%A7&segment=production",
            "/zh-hans/enterprises/?q=%E7%9F%AD%E5%89%A7&amp;segment=production",
        ),
        ("/zh-hans/incentives/", "/en/incentives/"),
        ("/en/no-such-page/?x=1", "/en/no-such-page/?x=1"),
    ],
)
def test_the_language_switcher_links_the_same_page_and_query_in_the_other_language(client, address, other):
    body = client.get(address).content.decode()
    assert f'<a href="{other}" hreflang="{"zh-hans" if address.startswith("/en/") else "en"}"' in body
