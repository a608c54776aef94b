"""Checks of our own: `manage.py check`, and with --deploy the deployment ones."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# Each process keeps its own copy: limits and single-use form tokens would not be shared.
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    if settings.CACHES["default"]["BACKEND"] in PROCESS_LOCAL_CACHES:
        return [
            Warning(
                "The cache is kept in each server process, so submission limits and single-use form "
                "tokens are not shared between processes.",
                hint="Set REDIS_URL to a Redis server shared by every process.",
                id="haizhu_portal.W001",
            )
        ]
    return []


@register(deploy=True)
def inquiry_address_check(app_configs, **kwargs):
    if not settings.BUREAU_INQUIRY_EMAIL:
        return [
            Warning(
                "No bureau address: the footer and the privacy notice name no contact, the host district "
                "takes inquiries only if its contact names recipients, and new listings wait in the admin "
                "with nobody told.",
                hint="Set BUREAU_INQUIRY_EMAIL to the address the host bureau reads.",
                id="haizhu_portal.W002",
            )
        ]
    return []


@register()
def database_url_check(app_configs, **kwargs):
    # settings.py leaves the database unnamed when neither is set; every query would fail.
    if not settings.DATABASE_URL:
        return [
            Error(
                "No database: DATABASE_URL is not set, and the project's own PostgreSQL server is not asked for.",
                hint="Set DATABASE_URL to the PostgreSQL database the site serves, e.g. "
                "postgres://user:password@db.example.org:5432/haizhu_portal. On a development machine, "
                "`make run` and `make test` start the project's own server (EMBEDDED_DATABASE=1).",
                id="haizhu_portal.E001",
            )
        ]
    return []
