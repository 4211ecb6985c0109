"""Every refusal as a plain message in the page's language, never a traceback: a bad link (404),
a forged or cross-site form (403), a field that does not validate (422), a body too large (413),
a data set that would not load with the answers (400); anything unexpected is a 500 that says
only that the answers given so far are kept (the server's log has the details). Pages get a
small HTML page, the pages' scripts plain text, API clients JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from prioritizer.errors import InputError, PrioritizerError
from prioritizer.i18n import t
from prioritizer.web.pages import language, render, wants_fragment

_BY_STATUS = {
    400: "web.error.bad_request",
    403: "web.error.forbidden",
    404: "web.error.not_found",
    405: "web.error.method",
    413: "web.error.too_large",
}
_PROBLEMS = {
    "missing": "web.problem.missing",
    "string_too_long": "web.problem.too_long",
    "int_parsing": "web.problem.number",
    "int_type": "web.problem.number",
    "bool_parsing": "web.problem.choice",
    "literal_error": "web.problem.choice",
    "enum": "web.problem.choice",
    "greater_than_equal": "web.problem.range",
    "less_than_equal": "web.problem.range",
}


class Refused(Exception):
    """A request the app turns down, with the UI string that says why."""

    def __init__(self, status: int, key: str, **values: object) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.values = values


def _reply(request: Request, status: int, message: str) -> Response:
    if wants_fragment(request):
        return PlainTextResponse(message, status_code=status)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"error": message}, status_code=status)
    return render(request, "message.html", {"message": message, "status": status}, status=status)


def _field_problem(lang: str, errors: Sequence[Any]) -> str:
    first = errors[0] if errors else {}
    where = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")]
    problem = t(_PROBLEMS.get(str(first.get("type", "")), "web.problem.invalid"), lang)
    return t("web.error.invalid", lang, field=".".join(where) or "?", problem=problem)


def install(app: FastAPI) -> None:
    """Registers the handlers on `app`."""

    @app.exception_handler(Refused)
    async def refused(request: Request, error: Refused) -> Response:
        return _reply(request, error.status, t(error.key, language(request), **error.values))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        key = _BY_STATUS.get(error.status_code, "web.error.bad_request")
        status = error.status_code if 400 <= error.status_code < 500 else 400
        return _reply(request, status, t(key, language(request)))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        return _reply(request, 422, _field_problem(language(request), error.errors()))

    @app.exception_handler(PrioritizerError)
    async def ours(request: Request, error: PrioritizerError) -> Response:
        status = 400 if isinstance(error, InputError) else 409
        return _reply(request, status, error.message(language(request)))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        return _reply(request, 500, t("web.error.internal", language(request)))
