"""The workshop app: the stakeholder's and the planner's pages, the static files shipped in the
package, and the protections every response carries (a content security policy that allows only
our own scripts and styles, no referrer beyond our own pages, no caching of private pages, no
framing) and every request meets (a bounded body)."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from prioritizer.web import planner, stakeholder
from prioritizer.web.errors import install
from prioritizer.web.pages import render
from prioritizer.web.state import Shared

MAX_BODY = 16 * 1024
"""The largest request body accepted (a comment is at most 1,000 characters)."""
HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
}


class _Protect:
    """Adds the security headers to every response and refuses a body over MAX_BODY as it is
    read (whatever length it declares)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY:
                raise HTTPException(413)  # FastAPI passes it on (any other error becomes a 400)
            return message

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
                cache = "public, max-age=3600" if static else "no-store"
                headers.append((b"cache-control", cache.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, counted, secured)


def create_app(shared: Shared) -> FastAPI:
    """The app for one workshop (its store, data set and links in `shared`)."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.shared = shared
    install(app)
    static = resources.files("prioritizer.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(stakeholder.router)
    app.include_router(planner.router)

    @app.get("/")
    def landing(request: Request) -> Response:
        """What someone without a link sees: where to get one."""
        return render(request, "message.html", {"message": None, "status": 200})

    @app.get("/healthz")
    def health() -> PlainTextResponse:
        """For scripts waiting for the server to be up."""
        return PlainTextResponse("ok")

    app.add_middleware(_Protect)
    return app
