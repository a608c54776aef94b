"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

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
