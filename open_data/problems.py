"""Errors as problem documents (RFC 9457): a client always gets JSON it can read, never an HTML page or a 500."""

from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError, Throttled, ValidationError

PROBLEM_CONTENT_TYPE = "application/problem+json"


class FieldProblem(Schema):
    parameter: str
    message: str


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: list[FieldProblem] = []


class InvalidParameters(Exception):
    """Query parameters that passed their types but not the filters' own checks (an unknown district, say)."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(errors)


def problem_response(status: int, title: str, detail: str = "", errors=None, headers=None) -> JsonResponse:
    body = Problem(title=title, status=status, detail=detail, errors=errors or []).model_dump()
    response = JsonResponse(
        body, status=status, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def parameter_name(location: tuple) -> str:
    """ninja reports ('query', 'query', 'category', 0); a client wants 'category'."""
    names = [part for part in location[1:] if isinstance(part, str) and part != "query"]
    return names[0] if names else "request"


def install_problem_handlers(api) -> None:
    @api.exception_handler(ValidationError)
    def invalid_request(request, error):
        errors = [{"parameter": parameter_name(tuple(item["loc"])), "message": item["msg"]} for item in error.errors]
        return problem_response(400, _("Invalid parameters"), _("Some parameters could not be read."), errors)

    @api.exception_handler(InvalidParameters)
    def invalid_filters(request, error):
        errors = [
            {"parameter": name, "message": message} for name, messages in error.errors.items() for message in messages
        ]
        return problem_response(400, _("Invalid parameters"), _("Some parameters could not be read."), errors)

    @api.exception_handler(Http404)
    def not_found(request, error):
        return problem_response(404, _("Not found"), _("Nothing is published at this address."))

    @api.exception_handler(Throttled)
    def throttled(request, error):
        wait = max(int(error.wait or 1), 1)
        detail = _("Too many requests from your address; try again in %(seconds)s seconds.") % {"seconds": wait}
        return problem_response(429, _("Too many requests"), detail, headers={"Retry-After": str(wait)})

    @api.exception_handler(HttpError)
    def http_error(request, error):
        return problem_response(error.status_code, str(error))


def api_not_found(request, path=""):
    """Any other address under /api/: a problem document too, not the site's HTML page.

    An address missing only its final slash is redirected, as APPEND_SLASH does elsewhere.
    """
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match and match.func is not api_not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return problem_response(404, _("Not found"), _("Nothing is published at this address."))
