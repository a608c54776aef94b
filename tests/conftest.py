import time

import pytest
import time_machine
from django.core.cache import cache

from foundation.limits import HOUR


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Plain static storage (no collectstatic in tests) and tasks run inline."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()


@pytest.fixture
def one_window():
    """The limits count per window of the clock's hour: a test counting up to a limit runs in the middle of the
    next one, not across the turn of the hour, where every count starts again."""
    with time_machine.travel((time.time() // HOUR + 1) * HOUR + HOUR / 2, tick=True):
        yield
