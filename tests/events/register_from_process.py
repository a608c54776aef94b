"""Run by test_capacity in separate OS processes: register a batch of people at a given moment.

Usage: python -m tests.events.register_from_process EVENT_ID START_TIMESTAMP PREFIX COUNT
"""

import os
import sys
import time

import django


def main(event_id: int, start: float, prefix: str, count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")
    django.setup()
    from events.models import Event
    from events.services import registration_create

    event = Event.objects.get(pk=event_id)
    time.sleep(max(0.0, start - time.time()))
    for number in range(count):
        registration_create(
            event=event,
            full_name="王小明",
            email=f"{prefix}-{number}@example.com",
            organisation="映宇宙",
            role="investor",
            phone="",
            consent=True,
            language="en",
        )


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
