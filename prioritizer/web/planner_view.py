"""What the planner's page shows, gathered for its template: each stakeholder's progress, when
they last answered and whether their page is open, their consistency; the group's weights per
region with each stakeholder's distance to them; the comments left on judgments; and the live
consequence (top mechanisms and portfolio, beside the data set's own). With names hidden,
stakeholders are "Participant 1, 2, ..." in every group view, numbered the same way throughout.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from prioritizer.i18n import t
from prioritizer.options import RunOptions
from prioritizer.results.weights import Aggregation
from prioritizer.web.consequence import RegionConsequence, consequences
from prioritizer.web.group import Group, form_group
from prioritizer.web.judging import assess
from prioritizer.web.stakeholder import describe
from prioritizer.web.state import Shared
from prioritizer.web.store import ParticipantRecord, Sheet, now

ONLINE_FOR = timedelta(seconds=60)
"""A stakeholder whose page checked in within this time counts as online."""


@dataclass(frozen=True, slots=True)
class PanelQuery:
    """What the planner asked for: the aggregation and a budget per region (None: the data's)."""

    aggregation: Aggregation
    budgets_pen: tuple[tuple[str, int], ...]

    def options(self, lang: str) -> RunOptions:
        """The run options behind the group weights and the consequence."""
        return RunOptions(
            aggregation=self.aggregation, budgets_pen=self.budgets_pen, lang=lang, samples=0
        )


def _ago(moment: datetime | None, lang: str, at: datetime) -> str:
    if moment is None:
        return t("web.planner.never", lang)
    minutes = int((at - moment).total_seconds() // 60)
    if minutes < 1:
        return t("web.planner.just_now", lang)
    return t("web.planner.minutes_ago", lang, minutes=minutes)


def panel(state: Shared, query: PanelQuery, lang: str) -> dict[str, Any]:
    """The planner panel's template context."""
    workshop = state.workshop
    q = workshop.questionnaire
    store = state.store
    # read before the answers: answers newer than the number are only ever computed again
    revision = store.revision(state.workshop_id)
    hide = store.hide_names(state.workshop_id)
    people = list(state.participants())
    sheets = store.sheets([p.id for p in people])
    by_id = {p.stakeholder: sheets[p.id] for p in people}
    names = _names(state, people, hide, lang)
    options = query.options(lang)
    files = tuple(sorted(workshop.data.checksums.items()))
    group_key = ("group", files, revision, options.aggregation, lang)
    group = state.memo.get(group_key, partial(form_group, workshop, by_id, options))
    moment = now()
    return {
        "hide_names": hide,
        "aggregation": query.aggregation.value,
        "criteria": [workshop.criterion_name(c, lang) for c in q.ids],
        "people": [_person(state, p, sheets[p.id], names, lang, moment) for p in people],
        "groups": [_group(state, group, r, names, lang) for r in workshop.regions],
        "comments": _comments(state, people, sheets, names, lang),
        "consequences": [
            _consequence(state, c, lang) for c in _consequences(state, group, options, revision)
        ],
    }


def _names(state: Shared, people: list[ParticipantRecord], hide: bool, lang: str) -> dict[str, str]:
    workshop = state.workshop
    return {
        p.stakeholder: t("web.planner.alias", lang, number=number)
        if hide
        else workshop.stakeholder(p.stakeholder).name.get(lang)
        for number, p in enumerate(people, start=1)
    }


def _person(
    state: Shared,
    person: ParticipantRecord,
    sheet: Sheet,
    names: Mapping[str, str],
    lang: str,
    moment: datetime,
) -> dict[str, Any]:
    assessment = assess(state.workshop.questionnaire, sheet)
    seen = person.last_seen_at
    return {
        "name": names[person.stakeholder],
        "region": state.workshop.region_name(person.region, lang),
        "online": seen is not None and moment - seen <= ONLINE_FOR,
        "answered": assessment.answered,
        "skipped": assessment.skipped,
        "total": assessment.total,
        "last_answer": _ago(person.last_answer_at, lang, moment),
        "cr": assessment.consistency_ratio,
        "inconsistent": assessment.inconsistent,
        "kept": assessment.inconsistent and person.kept,
    }


def _group(
    state: Shared, group: Group, region: str, names: Mapping[str, str], lang: str
) -> dict[str, Any]:
    found = group.region(region)
    weights = found.weights
    agreement = found.consensus
    without = (
        {} if agreement is None else {a.id: a.consensus_without for a in agreement.stakeholders}
    )
    return {
        "region": state.workshop.region_name(region, lang),
        "counted": len(found.counted),
        "waiting": [names[s] for s in found.waiting],
        "weights": None if weights is None else [float(w) for w in weights.weights],
        "cr": None if weights is None else weights.consistency_ratio,
        "members": []
        if weights is None
        else [
            {
                "name": names[s.id],
                "weights": [float(w) for w in s.weights],
                "distance": s.distance,
                "compatibility": s.compatibility,
                "without": without.get(s.id),
            }
            for s in weights.stakeholders
        ],
        "spread": [] if weights is None else [item.std for item in weights.spread],
        "consensus": None
        if agreement is None or agreement.consensus is None
        else {
            "value": agreement.consensus,
            "label": t(f"consensus.{agreement.label}", lang),
            "threshold": agreement.subgroup_threshold,
            "subgroups": [
                {
                    "names": ", ".join(names[m] for m in sub.members),
                    "value": sub.consensus,
                    "label": t(f"consensus.{sub.label}", lang),
                }
                for sub in agreement.subgroups
            ],
            "alone": [names[m] for m in agreement.unclustered],
        },
    }


def _comments(
    state: Shared,
    people: list[ParticipantRecord],
    sheets: Mapping[int, Sheet],
    names: Mapping[str, str],
    lang: str,
) -> list[dict[str, str]]:
    workshop = state.workshop
    found = []
    for person in people:
        sheet = sheets[person.id]
        for pair in workshop.questionnaire.pairs:
            comment = sheet.comments.get(pair)
            if not comment:
                continue
            value = sheet.answers.get(pair)
            found.append(
                {
                    "name": names[person.stakeholder],
                    "pair": f"{workshop.criterion_name(pair.row, lang)} · "
                    f"{workshop.criterion_name(pair.column, lang)}",
                    "judgment": t("web.judgment.unknown", lang)
                    if value is None
                    else describe(workshop, pair, value, lang),
                    "comment": comment,
                }
            )
    return found


def _consequences(
    state: Shared, group: Group, options: RunOptions, revision: int
) -> tuple[RegionConsequence, ...]:
    workshop = state.workshop
    return consequences(
        state.memo,
        group.data,
        workshop.data,
        workshop.regions,
        options,
        revision=revision,
        from_workshop={g.region: bool(g.counted) for g in group.regions},
    )


def _consequence(state: Shared, found: RegionConsequence, lang: str) -> dict[str, Any]:
    data = state.workshop.data
    projects = {p.id: p for p in data.projects}
    live = found.workshop
    return {
        "region_id": found.region,
        "region": data.region(found.region).name.get(lang),
        "budget": found.budget_pen,
        "from_workshop": live is not found.dataset,
        "top": [data.mechanism(m).name.get(lang) for m in live.top],
        "selected": [
            (projects[p].name.get(lang), projects[p].cost_in(found.region), p in found.entering)
            for p in live.selected
        ],
        "leaving": [projects[p].name.get(lang) for p in found.leaving],
        "spent": live.spent_pen,
        "infeasible": None if live.infeasible is None else live.infeasible.render(lang),
    }
