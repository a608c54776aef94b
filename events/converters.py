"""URL parts with an exact shape: anything else is a 404 before a view or the database sees it."""

from events.models import MANAGE_TOKEN_PATTERN


class ManageTokenConverter:
    regex = MANAGE_TOKEN_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
