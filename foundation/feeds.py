"""What every Atom feed of the portal shares: the format, the publisher, ids that never change."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

# Tag URIs (RFC 4151): an entry keeps its id when its title, address or language changes.
TAG_DATE = "2025"


def entry_id(kind: str, pk: int) -> str:
    return f"tag:{urlsplit(settings.SITE_URL).hostname},{TAG_DATE}:{kind}/{pk}"


class PortalFeed(Feed):
    """Items have created_at, updated_at and get_absolute_url; `entry_kind` names them in their ids."""

    feed_type = Atom1Feed
    limit = 50
    entry_kind = ""

    def author_name(self):
        return str(settings.SITE_NAME)

    def author_link(self):
        return settings.SITE_URL

    def item_guid(self, item):
        return entry_id(self.entry_kind, item.pk)

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
