"""The secret in a link that acts without an account (a ticket, an alert subscription), and the URL
converter that takes only that exact shape: anything else is a 404 before a view or the database sees it."""

import secrets

from django.urls import register_converter

# secrets.token_urlsafe(32): 32 random bytes as unpadded URL-safe base64, always 43 characters.
LINK_TOKEN_BYTES = 32
LINK_TOKEN_PATTERN = "[A-Za-z0-9_-]{43}"


def new_link_token() -> str:
    return secrets.token_urlsafe(LINK_TOKEN_BYTES)


class LinkTokenConverter:
    regex = LINK_TOKEN_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


# Registered once, here, for every app's URLs: `<link_token:token>`.
register_converter(LinkTokenConverter, "link_token")
