"""A link to a map search of an event's address (or its venue, when no address is published): a plain
link, no map script on our pages. Amap reads Chinese addresses best; OpenStreetMap serves English."""

from urllib.parse import quote

from django.utils.translation import get_language

MAP_SEARCHES = {"zh": "https://uri.amap.com/search?keyword={}", "en": "https://www.openstreetmap.org/search?query={}"}


def map_search_url(event) -> str:
    place = event.address or event.venue
    if not place:
        return ""
    language = (get_language() or "en")[:2]
    return MAP_SEARCHES.get(language, MAP_SEARCHES["en"]).format(quote(place, safe=""))
