"""Rendering pages: the Jinja2 templates shipped in `web/templates` (autoescaped: a name with
`<script>` stays text), the language of each request (the page's switch, else the browser's
Accept-Language), and the number formats of that language."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from prioritizer import __version__
from prioritizer.formats import format_number, format_pen, format_share
from prioritizer.i18n import Language, t

LANG_COOKIE = "lang"
LANGUAGES = tuple(language.value for language in Language)
FRAGMENT_HEADER = "x-fragment"
"""Sent by the pages' scripts to get only the part of the page that changes."""


@cache
def environment() -> Environment:
    """The template environment (autoescape on for every template; an undefined name fails)."""
    return Environment(
        loader=PackageLoader("prioritizer.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def language(request: Request) -> str:
    """The page language: `?lang=`, else the cookie the switch set, else Accept-Language."""
    asked = request.query_params.get(LANG_COOKIE) or request.cookies.get(LANG_COOKIE)
    if asked in LANGUAGES:
        return str(asked)
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return Language.EN.value


def wants_fragment(request: Request) -> bool:
    """True when the page's script asks for the changing part only."""
    return request.headers.get(FRAGMENT_HEADER) == "1"


def helpers(lang: str) -> dict[str, Any]:
    """What every template can call: strings and number formats in `lang`."""

    def text(key: str, **values: object) -> str:
        return t(key, lang, **values)

    return {
        "t": text,
        "lang": lang,
        "number": lambda value, digits=2: format_number(value, digits, lang),
        "share": lambda value: format_share(value, lang),
        "pen": lambda value: format_pen(value, lang),
        "version": __version__,
    }


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    status: int = 200,
    lang: str | None = None,
) -> HTMLResponse:
    """A template rendered in the request's language; the language switch is remembered."""
    chosen = lang or language(request)
    body = (
        environment()
        .get_template(template)
        .render({**helpers(chosen), "path": request.url.path, **context})
    )
    response = HTMLResponse(body, status_code=status)
    if request.query_params.get(LANG_COOKIE) in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="strict", httponly=True
        )
    return response
