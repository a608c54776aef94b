"""An HTTP client that fills in forms the way a browser does: open the page, keep its cookies,
send back its hidden fields (CSRF token, the spam check's start time) with what the person typed."""

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlencode, urlsplit

import urllib3

HIDDEN_INPUT = re.compile(r"<input\b[^>]*\btype=\"hidden\"[^>]*>")
ATTRIBUTE = re.compile(r'\b(name|value)="([^"]*)"')


@dataclass
class OpenForm:
    path: str
    hidden: dict[str, str]


class BrowserClient:
    """One visitor: one connection, their own cookies, optionally their own source address.

    Every 127.x.y.z address is this machine's, so a client bound to 127.0.3.7 reaches the server as
    a visitor from that address would.
    """

    def __init__(self, base_url: str, *, source_address: str | None = None, timeout: float = 60):
        parts = urlsplit(base_url)
        self.pool = urllib3.HTTPConnectionPool(
            parts.hostname,
            parts.port,
            maxsize=1,
            timeout=urllib3.Timeout(total=timeout),
            retries=False,
            source_address=(source_address, 0) if source_address else None,
        )
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs) -> urllib3.BaseHTTPResponse:
        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = self.pool.request(method, path, headers=headers, redirect=False, **kwargs)
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    def open_form(self, path: str) -> OpenForm:
        response = self.request("GET", path)
        if response.status != 200:
            raise RuntimeError(f"GET {path}: HTTP {response.status}")
        return form_in(path, response.data)

    def submit(self, form: OpenForm, fields: dict, files: dict | None = None) -> urllib3.BaseHTTPResponse:
        data = {**form.hidden, **fields}
        if files:
            return self.request("POST", form.path, fields={**data, **files})
        return self.request(
            "POST",
            form.path,
            body=urlencode(data, doseq=True),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def close(self) -> None:
        self.pool.close()


def form_in(path: str, page: bytes) -> OpenForm:
    """The form of a page (as first shown, or re-displayed with errors), with its hidden fields."""
    hidden = {}
    for tag in HIDDEN_INPUT.findall(page.decode()):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes:
            hidden[attributes["name"]] = unescape(attributes.get("value", ""))
    return OpenForm(path, hidden)
