"""Who may do what: a stakeholder's token opens that stakeholder's pages only, the planner's token
the planner's pages only (an unknown, revoked or wrong-kind token is a plain 404, so links
cannot be probed), and every form must come from our own page (its anti-forgery token, and no
cross-site origin)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import Request

from prioritizer.web.errors import Refused
from prioritizer.web.state import Shared, shared
from prioritizer.web.store import Access, ParticipantRecord, Store
from prioritizer.web.tokens import csrf_token, csrf_valid


@dataclass(frozen=True, slots=True)
class StakeholderAccess:
    """A stakeholder's opened pages: the access and the participant behind it."""

    access: Access
    participant: ParticipantRecord

    @property
    def csrf(self) -> str:
        """The anti-forgery token the page's forms carry."""
        return csrf_token(self.access.secret, self.access.digest)


def stakeholder(state: Shared, token: str) -> StakeholderAccess:
    """The participant a stakeholder link opens (one of the data set's stakeholders in the
    workshop's regions); 404 otherwise."""
    access = state.store.access(token)
    if access is None or access.participant is None:
        raise Refused(404, "web.error.not_found")
    if not state.workshop.takes_part(access.participant.stakeholder, access.participant.region):
        raise Refused(404, "web.error.not_found")
    return StakeholderAccess(access, access.participant)


def planner(store: Store, token: str) -> Access:
    """The planner's access; 404 for any other token."""
    access = store.access(token)
    if access is None or access.participant is not None:
        raise Refused(404, "web.error.not_found")
    return access


def check_form(request: Request, access: Access, csrf: str) -> None:
    """Refuses (403) a form that another site made the browser send, or that lacks this page's
    anti-forgery token."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise Refused(403, "web.error.forbidden")
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise Refused(403, "web.error.forbidden")
    if not csrf_valid(access.secret, access.digest, csrf):
        raise Refused(403, "web.error.forbidden")


def planner_form(request: Request, token: str, csrf: str) -> Shared:
    """The app's state, once a form is known to be the planner's (404 for any other token, 403
    for a form not from our page): how every planner action begins."""
    state = shared(request)
    check_form(request, planner(state.store, token), csrf)
    return state


def stakeholder_form(request: Request, token: str, csrf: str) -> tuple[Shared, StakeholderAccess]:
    """The app's state and the stakeholder behind a form they sent: how every answer begins."""
    state = shared(request)
    who = stakeholder(state, token)
    check_form(request, who.access, csrf)
    return state, who
