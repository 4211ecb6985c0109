"""The stakeholder's page: one pair at a time on Saaty's verbal scale, "don't know" allowed, an
optional comment on why; the weights so far; the consistency ratio and, when the answers
contradict each other, the judgment most at odds with the value that would fit, to revise or
keep. Every answer is committed before the reply, so a reload, a lost connection or a restart
loses nothing, and the same link resumes on any device."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from prioritizer.core.elicit import Pair
from prioritizer.formats import format_number
from prioritizer.i18n import t
from prioritizer.web.errors import Refused
from prioritizer.web.forms import AnswerForm, DecisionForm
from prioritizer.web.guard import StakeholderAccess, stakeholder, stakeholder_form
from prioritizer.web.judging import Assessment, assess, weight_list
from prioritizer.web.pages import language, render, wants_fragment
from prioritizer.web.state import Shared, shared
from prioritizer.web.store import Sheet
from prioritizer.web.workshop import WorkshopData

router = APIRouter()
PairNumber = Annotated[int | None, Query(ge=1, le=1000)]


def side_of(value: float) -> tuple[str, int | None]:
    """A judgment as the page asks it: which side matters more, and how much (None if equal)."""
    if value > 1:
        return "row", round(value)
    if value < 1:
        return "column", round(1 / value)
    return "equal", None


def value_of(workshop: WorkshopData, side: str | None, strength: int | None) -> float:
    """The judgment a side and a strength stand for; 422 when they do not make one."""
    if side is None:
        raise Refused(422, "web.answer.choose_side")
    if side == "equal":
        return 1.0
    if strength is None or strength not in workshop.strengths:
        raise Refused(422, "web.answer.choose_strength")
    return float(strength) if side == "row" else 1.0 / strength


def describe(workshop: WorkshopData, pair: Pair, value: float, lang: str) -> str:
    """A judgment in words: `Cost over Specialization: Moderate importance (3)`."""
    row = workshop.criterion_name(pair.row, lang)
    column = workshop.criterion_name(pair.column, lang)
    side, strength = side_of(value)
    if strength is None:
        return str(workshop.strength_label(1, lang))
    more, less = (row, column) if side == "row" else (column, row)
    label = workshop.strength_label(strength, lang)
    return f"{more} > {less}: {label} ({strength})"


def _focus(workshop: WorkshopData, sheet: Sheet, asked: int | None, after: int = 0) -> int | None:
    """The pair to show (1-based): the one asked for, else the first not touched after `after`
    (then from the start); None when every pair has an answer or a "don't know"."""
    pairs = workshop.questionnaire.pairs
    if asked is not None:
        if asked > len(pairs):
            raise Refused(404, "web.error.not_found")
        return asked
    order = list(range(after, len(pairs))) + list(range(after))
    return next((i + 1 for i in order if not sheet.touched(pairs[i])), None)


def _context(
    state: Shared, who: StakeholderAccess, token: str, lang: str, focus: int | None, sheet: Sheet
) -> dict[str, Any]:
    workshop = state.workshop
    q = workshop.questionnaire
    person = workshop.stakeholder(who.participant.stakeholder)
    assessment = assess(q, sheet)
    kept = who.participant.kept
    name = workshop.criterion_name
    pairs = []
    for index, pair in enumerate(q.pairs, start=1):
        value = sheet.answers.get(pair)
        pairs.append(
            {
                "index": index,
                "row": name(pair.row, lang),
                "column": name(pair.column, lang),
                "status": "answered"
                if value is not None
                else "skipped"
                if pair in sheet.skipped
                else "open",
                "text": "" if value is None else describe(workshop, pair, value, lang),
            }
        )
    question = None
    if focus is not None:
        pair = q.pairs[focus - 1]
        value = sheet.answers.get(pair)
        side, strength = side_of(value) if value is not None else (None, None)
        question = {
            "index": focus,
            "row": name(pair.row, lang),
            "column": name(pair.column, lang),
            "row_help": workshop.criterion_help(pair.row, lang),
            "column_help": workshop.criterion_help(pair.column, lang),
            "side": side,
            "strength": strength,
            "comment": sheet.comments.get(pair, ""),
        }
    return {
        "token": token,
        "csrf": who.csrf,
        "person": person.name.get(lang),
        "region": workshop.region_name(person.region, lang),
        "question": question,
        "strengths": [(s, workshop.strength_label(s, lang)) for s in workshop.strengths],
        "pairs": pairs,
        "assessment": assessment,
        "weights": list(zip([name(c, lang) for c in q.ids], weight_list(assessment), strict=True)),
        "to_connect": []
        if question is not None
        else [
            {
                "index": q.pairs.index(p) + 1,
                "row": name(p.row, lang),
                "column": name(p.column, lang),
            }
            for p in assessment.to_connect
        ],
        "hint": _hint(workshop, assessment, lang) if not kept else None,
        "kept": kept and assessment.inconsistent,
        "answers_version": who.participant.answers_version,
    }


def _hint(workshop: WorkshopData, assessment: Assessment, lang: str) -> dict[str, Any] | None:
    worst = assessment.worst
    if worst is None:
        return None
    pair = Pair(worst.row, worst.column)
    side, strength = side_of(worst.nearest_saaty)
    return {
        "row_id": worst.row,
        "column_id": worst.column,
        "index": workshop.questionnaire.pairs.index(pair) + 1,
        "given": describe(workshop, pair, worst.given, lang),
        "implied": _implied(workshop, pair, worst.consistent, lang),
        "suggested": describe(workshop, pair, worst.nearest_saaty, lang),
        "side": side,
        "strength": strength,
        "same": math.isclose(worst.nearest_saaty, worst.given),
    }


def _implied(workshop: WorkshopData, pair: Pair, ratio: float, lang: str) -> str:
    """What the other answers imply for a pair, in words: which matters more, how many times."""
    row = workshop.criterion_name(pair.row, lang)
    column = workshop.criterion_name(pair.column, lang)
    more, less = (row, column) if ratio >= 1 else (column, row)
    times = format_number(max(ratio, 1 / ratio), 1, lang)
    return t("web.s.implied", lang, more=more, less=less, times=times)


def _show(
    request: Request, who: StakeholderAccess, token: str, focus: int | None, sheet: Sheet
) -> Response:
    """The page (or, for its script, the part that changes) for `who` with `sheet`."""
    lang = language(request)
    context = _context(shared(request), who, token, lang, focus, sheet)
    template = "stakeholder_main.html" if wants_fragment(request) else "stakeholder.html"
    return render(request, template, context, lang=lang)


@router.get("/s/{token}")
def page(request: Request, token: str, pair: PairNumber = None) -> Response:
    """The page: the pair asked for, else the next one to answer, else the summary."""
    state = shared(request)
    who = stakeholder(state, token)
    state.store.touch(who.participant)
    sheet = state.store.sheet(who.participant.id)
    return _show(request, who, token, _focus(state.workshop, sheet, pair), sheet)


@router.get("/s/{token}/state")
def status(request: Request, token: str) -> JSONResponse:
    """The page's check-in: marks the stakeholder online and says whether the answers changed
    (on another device) since the page was drawn."""
    state = shared(request)
    who = stakeholder(state, token)
    state.store.touch(who.participant)
    return JSONResponse({"version": who.participant.answers_version})


@router.post("/s/{token}/answer")
def answer(request: Request, token: str, form: Annotated[AnswerForm, Form()]) -> Response:
    """Saves one answer (or "don't know") with its comment, then shows the next pair."""
    state, who = stakeholder_form(request, token, form.csrf)
    workshop = state.workshop
    pairs = workshop.questionnaire.pairs
    if form.pair > len(pairs):
        raise Refused(422, "web.answer.no_such_pair", total=len(pairs))
    pair = pairs[form.pair - 1]
    value = None if form.action == "skip" else value_of(workshop, form.side, form.strength)
    state.store.record_answer(who.participant.id, pair, value, form.comment or None)
    return _after(request, token, after=form.pair)


@router.post("/s/{token}/decision")
def decision(request: Request, token: str, form: Annotated[DecisionForm, Form()]) -> Response:
    """Revises the judgment most at odds, or keeps the answers as they are; recorded."""
    state, who = stakeholder_form(request, token, form.csrf)
    workshop = state.workshop
    q = workshop.questionnaire
    sheet = state.store.sheet(who.participant.id)
    worst = assess(q, sheet).worst
    if worst is None or (worst.row, worst.column) != (form.row, form.column):
        raise Refused(409, "web.decision.stale")
    value = None if form.action == "keep" else value_of(workshop, form.side, form.strength)
    _, record, _ = q.revise(sheet.answers, value)
    state.store.record_decision(who.participant.id, record)
    return _after(request, token, after=0)


def _after(request: Request, token: str, *, after: int) -> Response:
    """The reply to a saved form, showing the next pair not touched after pair `after`: the
    changed part for the page's script, else a redirect (so that a reload does not send the
    form again)."""
    state = shared(request)
    who = stakeholder(state, token)  # read again: the answers' version has changed
    sheet = state.store.sheet(who.participant.id)
    focus = _focus(state.workshop, sheet, None, after=after)
    if wants_fragment(request):
        return _show(request, who, token, focus, sheet)
    target = f"/s/{token}" if focus is None else f"/s/{token}?pair={focus}"
    return RedirectResponse(target, status_code=303)
