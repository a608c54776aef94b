"""Admin login lockout with two thresholds.

django-axes compares one failure count (the highest over its AXES_LOCKOUT_PARAMETERS) with one limit.
Here the username and address together lock after AXES_FAILURE_LIMIT failures, and the address alone,
whatever usernames it tries, after the higher ADMIN_LOGIN_ADDRESS_FAILURE_LIMIT: an office or a venue
behind one address is not locked out by a few people mistyping, but a guesser walking through
usernames is.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class UsernameAndAddressLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        username_and_address, address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= settings.ADMIN_LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(username_and_address, settings.AXES_FAILURE_LIMIT)
        return username_and_address
