"""Which responses count as a view of a public page.

A middleware, not the page cache: pages served from the cache return through here as rendered ones do;
a page's copy served before the middlewares (haizhu_portal.middleware.PageCacheFirstMiddleware) is
counted there, with the page this middleware named when the copy was kept (`counted_as`). Placed after
the authentication middleware, so staff are known. Only the pages settings.PAGE_VIEWS_COUNTED
names are counted, by the URL's name and the key in it (no query); only successful GET and HEAD answers,
to people: staff, and robots by their user agent, are left out. A district page opened from the incentive
finder's answers (settings.PAGE_VIEWS_FINDER_PARAMETER in its address) also counts as a use of the finder
for that district.
"""

from crawlerdetect import CrawlerDetect
from django.conf import settings

from page_views.counting import count_view
from page_views.models import PageViewDay

# CrawlerDetect's list of some 1,500 patterns of crawlers, bots, scripts and monitors, maintained upstream
# (JayBizzle/Crawler-Detect): a hand-written list would miss the long tail. Its answers are kept for the
# last 1,024 user agents, so a known one costs a dictionary look-up.
crawlers = CrawlerDetect()
# Browsers send a few hundred characters; a longer user agent is a script, and the patterns need not run on it.
LONGEST_BROWSER_USER_AGENT = 1000


class PageViewMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        crawlers.is_crawler("Mozilla/5.0")  # compiles the patterns now, not on a visitor's request

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            count_page_view(request, counted_as(request), request.LANGUAGE_CODE)
        return response


def counted_as(request) -> tuple[str, str] | None:
    """The kind and key the page at this request's address is counted under, or None if it is not counted."""
    match = request.resolver_match
    counted = settings.PAGE_VIEWS_COUNTED.get(match.view_name) if match else None
    if counted is None:
        return None
    kind, argument = counted
    return kind, str(match.kwargs[argument])


def count_page_view(request, page: tuple[str, str] | None, language: str) -> None:
    """Count a successful GET or HEAD of `page` (counted_as), unless staff or a robot asked for it."""
    if page is None or is_staff(request) or is_robot(request.META.get("HTTP_USER_AGENT", "")):
        return
    count_view(*page, language)
    if page[0] == PageViewDay.Kind.DISTRICT and request.GET.get(settings.PAGE_VIEWS_FINDER_PARAMETER):
        count_view(PageViewDay.Kind.FINDER, page[1], language)


def is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def is_robot(user_agent: str) -> bool:
    # No user agent at all is a script too: every browser sends one.
    user_agent = user_agent.strip()
    return not user_agent or len(user_agent) > LONGEST_BROWSER_USER_AGENT or crawlers.is_crawler(user_agent)
