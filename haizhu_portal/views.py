from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from districts.models import District, KeyFigure
from haizhu_portal.content_versions import AREAS
from haizhu_portal.health import delivery_problems
from haizhu_portal.page_cache import cached_public_page


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


def too_many_requests(request):
    """The readable answer once a limit of haizhu_portal.limits is reached."""
    return render(request, "429.html", status=429)


def login_locked(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: a page saying why and for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "lockout.html", {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}, status=429
    )


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@cached_public_page(*AREAS)
def home(request):
    """The pitch leads with the host district's own figures; the others are a click away."""
    districts = list(District.objects.published())
    host = next((district for district in districts if district.is_host), None)
    figures = KeyFigure.objects.filter(is_headline=True, district=host).select_related("district", "source")
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
