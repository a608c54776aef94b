"""Run by test_capacity in separate OS processes: register a batch of people as soon as the test says go.

Usage: python -m tests.events.register_from_process EVENT_ID PREFIX COUNT

Prints "ready" once Django is set up, waits for a line on stdin (the test's barrier: it answers
once every process is ready), registers COUNT people, then prints when its first attempt started
and its last one finished, so the test can check that the processes' attempts overlapped.
"""

import os
import sys
import time

import django


def main(event_id: int, prefix: str, count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")
    django.setup()
    from events.models import Event
    from events.services import registration_create

    event = Event.objects.get(pk=event_id)
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.time()
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
    print(started, time.time(), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
