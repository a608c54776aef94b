from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from haizhu_portal import views
from haizhu_portal.sitemaps import sitemaps
from open_data import docs
from open_data.endpoints import api
from open_data.problems import api_not_found
from staff import views as staff_views

urlpatterns = [
    path("admin/personal-data/", staff_views.personal_data, name="personal_data"),
    path("admin/leads/", staff_views.leads_index, name="leads_index"),
    path("admin/leads/<slug:slug>/", staff_views.leads_district, name="leads_district"),
    path("admin/leads/<slug:slug>/leads.csv", staff_views.leads_district, {"as_csv": True}, name="leads_csv"),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    re_path(views.LANGUAGE_ALIAS_PATTERN, views.language_alias),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<path>.*)$", api_not_found),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}, name="media"))

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("", include("districts.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("events/", include("meetings.urls")),
    path("events/", include("events.urls")),
    path("open-data/", docs.api_documentation, name="api_docs"),
    path("alerts/", include("alerts.urls")),
    path("search/", include("search.urls")),
)
