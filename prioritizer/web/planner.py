"""The planner's pages (planner token only): the room at a glance (progress, consistency, the
group's weights and disagreement, consensus and sub-groups, comments, the live portfolio for
any budget), the switch that hides names, the private links (whose link works; a new one, with
its QR code, or none), and "Apply to the data set"."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query
from pydantic import Field, TypeAdapter, ValidationError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from prioritizer.web.apply import apply_workshop
from prioritizer.web.errors import Refused
from prioritizer.web.forms import (
    BUDGET_LIMIT_PEN,
    ApplyForm,
    LinkForm,
    NamesForm,
    PanelParams,
)
from prioritizer.web.guard import planner, planner_form
from prioritizer.web.links import qr_svg, stakeholder_link
from prioritizer.web.pages import language, render, wants_fragment
from prioritizer.web.planner_view import PanelQuery, panel
from prioritizer.web.state import Shared, shared
from prioritizer.web.store import Access
from prioritizer.web.tokens import csrf_token

router = APIRouter()
_BUDGET = TypeAdapter(Annotated[int, Field(ge=0, le=BUDGET_LIMIT_PEN)])


def _query(request: Request, state: Shared, params: PanelParams) -> PanelQuery:
    """The panel's query: the aggregation and level in `params`, and `budget_<region>` for
    any region (blank: the data set's budget)."""
    budgets = []
    for region in state.workshop.regions:
        text = request.query_params.get(f"budget_{region}", "").strip()
        if not text:
            continue
        try:
            budgets.append((region, _BUDGET.validate_python(text)))
        except ValidationError:
            raise Refused(422, "web.planner.bad_budget", region=region) from None
    level = int(params.subgroups) if params.subgroups else None
    return PanelQuery(params.agg, tuple(budgets), level)


def _common(
    state: Shared, access: Access, token: str, query: PanelQuery, lang: str
) -> dict[str, Any]:
    workshop = state.workshop
    budgets = dict(query.budgets_pen)
    return {
        "token": token,
        "csrf": csrf_token(access.secret, access.digest),
        "budgets": [
            (
                r,
                workshop.region_name(r, lang),
                budgets.get(r),
                workshop.data.region(r).budget.budget_pen,
            )
            for r in workshop.regions
        ],
    }


@router.get("/p/{token}")
def page(request: Request, token: str, params: Annotated[PanelParams, Query()]) -> Response:
    """The planner's page (or, for its script, the panel that changes)."""
    state = shared(request)
    access = planner(state.store, token)
    lang = language(request)
    query = _query(request, state, params)
    context = {
        **_common(state, access, token, query, lang),
        **panel(state, query, lang),
        "here": urlencode(query.params()),
    }
    template = "planner_panel.html" if wants_fragment(request) else "planner.html"
    return render(request, template, context, lang=lang)


@router.post("/p/{token}/names")
def names(
    request: Request,
    token: str,
    form: Annotated[NamesForm, Form()],
    params: Annotated[PanelParams, Query()],
) -> Response:
    """Hides (or shows) names in the group views, and shows the page as it was (the
    aggregation, budgets and level in the address kept)."""
    state = planner_form(request, token, form.csrf)
    query = _query(request, state, params)
    state.store.set_hide_names(state.workshop_id, form.hide)
    return RedirectResponse(f"/p/{token}?{urlencode(query.params())}", status_code=303)


@router.get("/p/{token}/links")
def links(request: Request, token: str) -> Response:
    """The stakeholders, each with a button for a new private link and one to revoke it."""
    state = shared(request)
    access = planner(state.store, token)
    lang = language(request)
    workshop = state.workshop
    linked = state.store.linked(state.workshop_id)
    people = [
        {
            "id": p.stakeholder,
            "name": workshop.stakeholder(p.stakeholder).name.get(lang),
            "region": workshop.region_name(p.region, lang),
            "linked": p.id in linked,
        }
        for p in state.participants()
    ]
    context = {"token": token, "csrf": csrf_token(access.secret, access.digest), "people": people}
    return render(request, "links.html", context, lang=lang)


@router.post("/p/{token}/links")
def link(request: Request, token: str, form: Annotated[LinkForm, Form()]) -> Response:
    """A new link for one stakeholder (shown once, with its QR code), or their link revoked;
    stopping a link that works (revoking it, or replacing it) is asked for once more first."""
    state = planner_form(request, token, form.csrf)
    try:
        person = state.workshop.stakeholder(form.stakeholder)
    except KeyError:
        raise Refused(404, "web.error.not_found") from None
    linked = state.store.linked(state.workshop_id)
    works = any(p.id in linked for p in state.participants() if p.stakeholder == person.id)
    if works and not form.confirm:
        lang = language(request)
        context = {
            "token": token,
            "csrf": form.csrf,
            "stakeholder": person.id,
            "name": person.name.get(lang),
            "action": form.action,
        }
        return render(request, "confirm_link.html", context, lang=lang)
    if form.action == "revoke":
        state.store.revoke(state.workshop_id, person.id)
        return RedirectResponse(f"/p/{token}/links", status_code=303)
    url = stakeholder_link(
        state.base_url(request), state.store.reissue(state.workshop_id, person.id)
    )
    lang = language(request)
    context = {"token": token, "name": person.name.get(lang), "url": url, "qr": qr_svg(url)}
    return render(request, "link.html", context, lang=lang)


@router.post("/p/{token}/apply")
def apply(request: Request, token: str, form: Annotated[ApplyForm, Form()]) -> Response:
    """Writes the judgments into the data set (as `elicit` does) and reads it again."""
    state = planner_form(request, token, form.csrf)
    lang = language(request)
    workshop = state.workshop
    done = apply_workshop(workshop, state.store, state.workshop_id, day=date.today().isoformat())
    if done.files:
        state.reload()

    def name(stakeholder: str) -> str:
        return workshop.stakeholder(stakeholder).name.get(lang)

    def pair(row: str, column: str) -> str:
        return f"{workshop.criterion_name(row, lang)} · {workshop.criterion_name(column, lang)}"

    context = {
        "token": token,
        "written": [name(s) for s in done.written],
        "completed": [
            (name(s), ", ".join(pair(p.row, p.column) for p in pairs))
            for s, pairs in done.completed
        ],
        "not_linked": [name(s) for s in done.not_linked],
        "files": [str(f) for f in done.files],
        "backups": [str(b) for b in done.backups],
    }
    return render(request, "applied.html", context, lang=lang)
