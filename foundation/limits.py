"""Limits on how often one client may do something, counted in the shared cache so every server
process sees them: the hourly limits on public submissions and the open data API's rate.

Each submission limit keys on what it protects: one person's address at one event or district (so
nobody can flood someone's inbox), and the network address, with a ceiling sized for a venue where
hundreds of people share one address. An attacker who trips a limit locks out only their own
address or the email addresses they typed, never everyone.
"""

import hashlib
import time
from dataclasses import dataclass
from typing import NamedTuple

from django.shortcuts import render

from foundation.client_address import client_address
from foundation.counters import incremented

HOUR = 60 * 60
PERIODS = {"s": 1, "m": 60, "h": HOUR, "d": 24 * HOUR}


@dataclass(frozen=True)
class Limit:
    """At most `allowed` counts in each window of `seconds`, for each combination of parts."""

    name: str
    allowed: int
    seconds: int = HOUR

    @classmethod
    def from_rate(cls, name: str, rate: str) -> "Limit":
        """A limit written as a rate: "120/m", "5000/d" (s, m, h, d)."""
        allowed, period = rate.split("/")
        return cls(name, int(allowed), PERIODS[period.strip()[0].lower()])

    def window(self) -> int:
        return int(time.time() // self.seconds)

    def key(self, *parts) -> str:
        # Hashed, so the cache holds no email addresses; the window number makes each window a fresh key.
        digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
        return f"limit:{self.name}:{self.seconds}:{digest}:{self.window()}"

    def counter(self, *parts) -> "Counter":
        """The counter of these parts in the current window, for counted_within()."""
        return Counter(self, self.key(*parts))

    def count(self, *parts) -> bool:
        """Count one more for these parts; true while the window's total stays within the limit."""
        return counted_within(self.counter(*parts))

    def seconds_left(self) -> int:
        """Seconds until the current window ends and counting starts again."""
        return max(1, (self.window() + 1) * self.seconds - int(time.time()))


class Counter(NamedTuple):
    limit: Limit
    key: str


def counted_within(*counters: Counter) -> bool:
    """Count one more on each of the `counters`, all in one round trip to the cache; true while every total
    stays within its limit. Every counter counts the attempt, even one made over another's limit."""
    totals = incremented({counter.key: (0, counter.limit.seconds * 2) for counter in counters})
    return all(total <= counter.limit.allowed for counter, total in zip(counters, totals, strict=True))


# A conference hall on one Wi-Fi address: 300 people registering within the hour must all get in.
REGISTRATIONS_PER_EVENT_AND_ADDRESS = Limit("registration-address", 600)
REGISTRATIONS_PER_EVENT_AND_EMAIL = Limit("registration-email", 5)
MANAGE_LINKS_PER_EVENT_AND_ADDRESS = Limit("manage-link-address", 300)
MANAGE_LINKS_PER_EVENT_AND_EMAIL = Limit("manage-link-email", 5)
INQUIRIES_PER_ADDRESS = Limit("inquiry-address", 100)
INQUIRIES_PER_DISTRICT_AND_EMAIL = Limit("inquiry-email", 5)
LISTINGS_PER_ADDRESS = Limit("listing-address", 50)
LISTINGS_PER_EMAIL = Limit("listing-email", 5)
ALERT_SUBSCRIPTIONS_PER_ADDRESS = Limit("alert-address", 100)
ALERT_SUBSCRIPTIONS_PER_EMAIL = Limit("alert-email", 5)


def registration_within_limits(request, *, event, email: str) -> bool:
    return counted_within(
        REGISTRATIONS_PER_EVENT_AND_ADDRESS.counter(event.pk, client_address(request)),
        REGISTRATIONS_PER_EVENT_AND_EMAIL.counter(event.pk, email.strip().lower()),
    )


def manage_link_within_limits(request, *, event, email: str) -> bool:
    return counted_within(
        MANAGE_LINKS_PER_EVENT_AND_ADDRESS.counter(event.pk, client_address(request)),
        MANAGE_LINKS_PER_EVENT_AND_EMAIL.counter(event.pk, email.strip().lower()),
    )


def inquiry_within_limits(request, *, district, email: str) -> bool:
    return counted_within(
        INQUIRIES_PER_ADDRESS.counter(client_address(request)),
        INQUIRIES_PER_DISTRICT_AND_EMAIL.counter(district.pk, email.strip().lower()),
    )


def listing_within_limits(request, *, email: str) -> bool:
    return counted_within(
        LISTINGS_PER_ADDRESS.counter(client_address(request)),
        LISTINGS_PER_EMAIL.counter(email.strip().lower()),
    )


def alert_subscription_within_limits(request, *, email: str) -> bool:
    return counted_within(
        ALERT_SUBSCRIPTIONS_PER_ADDRESS.counter(client_address(request)),
        ALERT_SUBSCRIPTIONS_PER_EMAIL.counter(email.strip().lower()),
    )


def too_many_requests(request):
    """The readable answer once a limit is reached."""
    return render(request, "429.html", status=429)
