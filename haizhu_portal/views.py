from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from districts.models import District, KeyFigure


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


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
