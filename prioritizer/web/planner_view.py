"""What the planner's page shows, gathered for its template: each stakeholder's progress, when
they last answered and whether their page is open (or their link was never opened), their
consistency, region by region; the group's weights per region with each stakeholder's
influence, weights, distance to the group and sub-group; the consensus with its verbal scale
and the sub-groups; the comments left on judgments; and the live consequence (top mechanisms
and portfolio, beside the data set's own). With names hidden, stakeholders are "Participant 1,
2, ..." in every group view, numbered the same way throughout.
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
from prioritizer.web.group import SUBGROUP_LEVELS, Group, form_group, verbal_scale
from prioritizer.web.judging import assess
from prioritizer.web.stakeholder import describe
from prioritizer.web.state import Shared
from prioritizer.web.store import ParticipantRecord, Sheet, now

ONLINE_FOR = timedelta(seconds=60)
"""A stakeholder whose page checked in within this time counts as online."""


@dataclass(frozen=True, slots=True)
class PanelQuery:
    """What the planner asked for: the aggregation, a budget per region (None: the data's) and
    the consensus sub-groups must reach (None: the first level above each region's own)."""

    aggregation: Aggregation
    budgets_pen: tuple[tuple[str, int], ...]
    subgroups: int | None = None

    def params(self) -> dict[str, str]:
        """The query as the page's address carries it."""
        found = {"agg": self.aggregation.value}
        found |= {f"budget_{region}": str(amount) for region, amount in self.budgets_pen}
        if self.subgroups is not None:
            found["subgroups"] = str(self.subgroups)
        return found

    def options(self, lang: str) -> RunOptions:
        """The run options behind the group weights and the consequence."""
        return RunOptions(
            aggregation=self.aggregation, budgets_pen=self.budgets_pen, lang=lang, samples=0
        )


@dataclass(frozen=True, slots=True)
class _Shown:
    """What every part of the panel is shown with: the server's state, the stakeholders' names
    as the page gives them (aliases when hidden), the language and the page's moment."""

    state: Shared
    names: Mapping[str, str]
    lang: str
    moment: datetime


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
    group_key = ("group", files, revision, options.aggregation, query.subgroups, lang)
    group = state.memo.get(
        group_key,
        partial(form_group, workshop, by_id, options, subgroup_level=query.subgroups),
    )
    shown = _Shown(state, names, lang, now())
    return {
        "hide_names": hide,
        "aggregation": query.aggregation.value,
        "subgroup_levels": SUBGROUP_LEVELS,
        "subgroup_level": query.subgroups,
        "criteria": [workshop.criterion_name(c, lang) for c in q.ids],
        "people": [
            {
                "region": workshop.region_name(region, lang),
                "rows": [_person(shown, p, sheets[p.id]) for p in people if p.region == region],
            }
            for region in workshop.regions
        ],
        "groups": [
            _group(shown, group, r, automatic=query.subgroups is None) for r in workshop.regions
        ],
        "comments": _comments(shown, people, sheets),
        "bands": _bands(lang),
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


def _person(shown: _Shown, person: ParticipantRecord, sheet: Sheet) -> dict[str, Any]:
    names, lang, moment = shown.names, shown.lang, shown.moment
    assessment = assess(shown.state.workshop.questionnaire, sheet)
    seen = person.last_seen_at
    presence = "never" if seen is None else "online" if moment - seen <= ONLINE_FOR else "away"
    return {
        "name": names[person.stakeholder],
        "presence": presence,
        "seen": _ago(seen, lang, moment),
        "answered": assessment.answered,
        "skipped": assessment.skipped,
        "total": assessment.total,
        "last_answer": None
        if person.last_answer_at is None
        else _ago(person.last_answer_at, lang, moment),
        "cr": assessment.consistency_ratio,
        "inconsistent": assessment.inconsistent,
        "kept": assessment.inconsistent and person.kept,
    }


def _group(shown: _Shown, group: Group, region: str, *, automatic: bool) -> dict[str, Any]:
    names, lang = shown.names, shown.lang
    found = group.region(region)
    weights = found.weights
    agreement = found.consensus
    without = (
        {} if agreement is None else {a.id: a.consensus_without for a in agreement.stakeholders}
    )
    subgroups = () if agreement is None else agreement.subgroups
    everyone = agreement is not None and len(subgroups) == 1 and not agreement.unclustered
    if everyone:  # one group agreeing as a whole: said in words, no letters
        subgroups = ()
    letters = {
        member: chr(ord("A") + number)
        for number, sub in enumerate(subgroups)
        for member in sub.members
    }
    return {
        "region": shown.state.workshop.region_name(region, lang),
        "counted": len(found.counted),
        "waiting": [names[s] for s in found.waiting],
        "weights": None if weights is None else [float(w) for w in weights.weights],
        "cr": None if weights is None else weights.consistency_ratio,
        "members": []
        if weights is None
        else [
            {
                "name": names[s.id],
                "influence": s.influence,
                "weights": [float(w) for w in s.weights],
                "distance": s.distance,
                "compatibility": s.compatibility,
                "without": without.get(s.id),
                "subgroup": letters.get(s.id),
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
            "automatic": automatic,
            "everyone": everyone,
            "subgroups": [
                {
                    "letter": chr(ord("A") + number),
                    "names": ", ".join(names[m] for m in sub.members),
                    "value": sub.consensus,
                    "label": t(f"consensus.{sub.label}", lang),
                    "weights": [float(w) for w in sub.weights],
                }
                for number, sub in enumerate(subgroups)
            ],
            "alone": [names[m] for m in agreement.unclustered],
        },
    }


def _bands(lang: str) -> list[dict[str, Any]]:
    """Goepel's verbal scale of the consensus, band by band: its key, words and range."""
    found = []
    low = 0.0
    for band in verbal_scale().bands:
        found.append(
            {
                "id": band.id,
                "label": t(f"consensus.{band.id}", lang),
                "low": low,
                "high": band.up_to,
            }
        )
        low = band.up_to
    return found


def _comments(
    shown: _Shown, people: list[ParticipantRecord], sheets: Mapping[int, Sheet]
) -> list[dict[str, str]]:
    workshop, names, lang = shown.state.workshop, shown.names, shown.lang
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
