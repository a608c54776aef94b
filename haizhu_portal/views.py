from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from districts.models import District, KeyFigure
from foundation.content_versions import AREAS
from foundation.models import PRIVACY_NOTICE_VERSION
from foundation.page_cache import cached_public_page
from haizhu_portal.health import delivery_problems


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page names: send them to the site's icon."""
    return redirect(static("img/favicon.svg"))


# Language prefixes people and browsers guess; traditional Chinese (zh-hant, zh-tw, zh-hk) is not among them.
LANGUAGE_ALIASES = {
    "zh-hans-cn": "zh-hans",
    "zh-hans-sg": "zh-hans",
    "zh-cn": "zh-hans",
    "zh-sg": "zh-hans",
    "zh": "zh-hans",
}


def any_case(alias: str) -> str:
    # URL patterns must stay reversible, which rules out the (?i) flag.
    return "".join(f"[{letter}{letter.upper()}]" if letter.isalpha() else "[-_]" for letter in alias)


LANGUAGE_ALIAS_PATTERN = (
    rf"^(?P<alias>{'|'.join(any_case(alias) for alias in LANGUAGE_ALIASES)}|{any_case('en-')}[a-zA-Z]{{2}})"
    r"(?:/(?P<rest>.*))?$"
)


@require_GET
def language_alias(request, alias, rest=None):
    """/zh/…, /zh-cn/…, /en-us/…: the same page under the language prefix the site uses."""
    alias = alias.lower().replace("_", "-")
    language = "en" if alias.startswith("en") else LANGUAGE_ALIASES[alias]
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"/{language}/{rest or ''}" + (f"?{query}" if query else ""), permanent=True)


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    problems = delivery_problems()
    # Still 200 when degraded: the site serves pages, so a load balancer keeps it; monitoring reads "status".
    return JsonResponse(
        {
            "status": "degraded" if problems else "ok",
            "database": "ok",
            "email": problems.get("email", "ok"),
            "worker": problems.get("worker", "ok"),
        }
    )


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def privacy_notice(request):
    context = {"version": PRIVACY_NOTICE_VERSION, "contact_email": settings.BUREAU_INQUIRY_EMAIL}
    return render(request, "privacy.html", context)


@cached_public_page(*AREAS)
def home(request):
    """The pitch leads with the host district's own figures; the others are a click away."""
    districts = list(District.objects.published().select_related("contact"))
    host = next((district for district in districts if district.is_host), None)
    figures = (
        KeyFigure.objects.filter(is_headline=True, district=host)
        .select_related("district", "source")
        .prefetch_related("further_sources")
    )
    others = [district for district in districts if district != host]
    return render(
        request,
        "home.html",
        {
            "districts": districts,
            "host": host,
            "headline_figures": figures if host else [],
            "compare_with": others[0] if host and others else None,
        },
    )
