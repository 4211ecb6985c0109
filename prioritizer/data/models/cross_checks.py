"""The checks that need the whole data set: every reference known, ids unique, mandatory
projects that cannot all be funded, stakeholder weightings complete, no requirement cycles."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prioritizer.data.models.dataset import Dataset

import math
from collections.abc import Sequence

from prioritizer.data.models.common import Sourced
from prioritizer.data.models.inputs import (
    Project,
    Stakeholder,
)
from prioritizer.errors import InputError
from prioritizer.phrases import Phrase, phrase

RECIPROCAL_TOLERANCE = 1e-6


# What a reference must name, by kind of record; the listing shows the ids on file.
_KNOWN: dict[str, Callable[[object], Phrase]] = {
    "criterion": lambda listing: phrase("a known criterion ({listing})", listing=listing),
    "gap": lambda listing: phrase("a known gap ({listing})", listing=listing),
    "mechanism": lambda listing: phrase("a known mechanism ({listing})", listing=listing),
    "project": lambda listing: phrase("a known project ({listing})", listing=listing),
    "region": lambda listing: phrase("a known region ({listing})", listing=listing),
    "value chain": lambda listing: phrase("a known value chain ({listing})", listing=listing),
    "work area": lambda listing: phrase("a known work area ({listing})", listing=listing),
}


def _fail(record: Sourced | None, field: str, expected: Phrase, got: object, fallback: str) -> None:
    origin = record.origin if record is not None else None
    line, text = origin.at(field) if origin else (None, None)
    raise InputError(
        origin.file if origin else fallback,
        row=line,
        field=field,
        expected=expected,
        got=text if text is not None and got is not None else got,
    )


def _unique(records: Sequence[Sourced], key: str, expected: Phrase, fallback: str) -> set[str]:
    seen: set[str] = set()
    for record in records:
        value = getattr(record, key)
        if value in seen:
            _fail(record, key, expected, value, fallback)
        seen.add(value)
    return seen


def _known(
    record: Sourced, field: str, value: str, known: set[str], what: str, fallback: str
) -> None:
    if value not in known:
        listing: object = (
            ", ".join(sorted(known))
            if len(known) <= 12
            else phrase("{count} ids on file", count=len(known))
        )
        _fail(record, field, _KNOWN[what](listing), value, fallback)


def _check_references(data: Dataset) -> None:
    files = data.files
    # Each file's ids once; the files are checked in this order, the first repeat is named.
    elements, criteria, areas, gaps, mechanisms, chains, regions, _, projects = (
        _unique(getattr(data, name), "id", expected, files[name])
        for name, expected in (
            ("elements", phrase("an element id not used before in the file")),
            ("criteria", phrase("a criterion id not used before in the file")),
            ("work_areas", phrase("a work area id not used before in the file")),
            ("gaps", phrase("a gap id not used before in the file")),
            ("mechanisms", phrase("a mechanism id not used before in the file")),
            ("value_chains", phrase("a value chain id not used before in the file")),
            ("regions", phrase("a region id not used before in the file")),
            ("stakeholders", phrase("a stakeholder id not used before in the file")),
            ("projects", phrase("a project id not used before in the file")),
        )
    )
    for element in data.elements:
        spec = next((c for c in data.criteria if c.id == element.id), None)
        if spec is None or spec.type != "benefit":
            _fail(
                element,
                "id",
                phrase("an element listed in criteria.yaml as a benefit criterion"),
                element.id,
                files["criteria"],
            )
    levels = set(data.relevance_scale.ids)
    level_text = " / ".join(data.relevance_scale.ids)

    for gap in data.gaps:
        if set(gap.relevance) != elements:
            missing = sorted(elements - set(gap.relevance)) or sorted(set(gap.relevance) - elements)
            _fail(
                gap,
                missing[0],
                phrase(
                    "a relevance level for each element ({elements})",
                    elements=", ".join(sorted(elements)),
                ),
                None,
                files["gaps"],
            )
        for element_id, level in gap.relevance.items():
            if level not in levels:
                _fail(
                    gap,
                    element_id,
                    phrase("a level of the relevance scale ({levels})", levels=level_text),
                    level,
                    files["gaps"],
                )
    for mechanism in data.mechanisms:
        _known(mechanism, "work_area", mechanism.work_area, areas, "work area", files["mechanisms"])
    pairs: set[tuple[str, str]] = set()
    for link in data.gap_mechanisms:
        _known(link, "gap", link.gap, gaps, "gap", files["gap_mechanisms"])
        _known(link, "mechanism", link.mechanism, mechanisms, "mechanism", files["gap_mechanisms"])
        if (link.gap, link.mechanism) in pairs:
            _fail(
                link,
                "mechanism",
                phrase("each gap-mechanism pair once"),
                link.mechanism,
                files["gap_mechanisms"],
            )
        pairs.add((link.gap, link.mechanism))
    linked = {mechanism for _, mechanism in pairs}
    for mechanism in data.mechanisms:
        if mechanism.id not in linked:
            _fail(
                mechanism,
                "id",
                phrase("a mechanism linked to at least one gap in gap_mechanisms.csv"),
                mechanism.id,
                files["mechanisms"],
            )
    for chain in data.value_chains:
        letters = [challenge.letter for challenge in chain.challenges]
        for challenge in chain.challenges:
            if letters.count(challenge.letter) > 1:
                _fail(
                    challenge,
                    "letter",
                    phrase("each challenge letter once per value chain"),
                    challenge.letter,
                    files["value_chains"],
                )
            for gap_id in challenge.gaps:
                _known(challenge, "gaps", gap_id, gaps, "gap", files["value_chains"])

    for region in data.regions:
        rated: set[str] = set()
        for severity in region.severities:
            _known(severity, "gap", severity.gap, gaps, "gap", files["regions"])
            if severity.gap in rated:
                _fail(
                    severity,
                    "gap",
                    phrase("each gap rated once per region"),
                    severity.gap,
                    files["regions"],
                )
            rated.add(severity.gap)
            if severity.level not in levels:
                _fail(
                    severity,
                    "level",
                    phrase("a level of the relevance scale ({levels})", levels=level_text),
                    severity.level,
                    files["regions"],
                )
        if rated != gaps:
            unrated = ", ".join(sorted(gaps - rated))
            first = region.severities[0] if region.severities else region
            _fail(
                first,
                "gap",
                phrase("a severity for every gap (missing: {gaps})", gaps=unrated),
                None,
                files["regions"],
            )
        for chain_id in [
            *region.rules.min_projects_per_chain,
            *region.rules.min_budget_share_per_chain,
        ]:
            _known(
                region.rules,
                "min_projects_per_chain",
                chain_id,
                chains,
                "value chain",
                files["regions"],
            )

    ordered = data.criterion_ids
    for stakeholder in data.stakeholders:
        _known(stakeholder, "region", stakeholder.region, regions, "region", files["stakeholders"])
        _check_weighting(stakeholder, ordered, criteria, files["stakeholders"])

    by_id = {project.id: project for project in data.projects}
    for project in data.projects:
        where = files["projects"]
        _known(project, "value_chain", project.value_chain, chains, "value chain", where)
        for region_id in project.regions:
            _known(project, "regions", region_id, regions, "region", where)
        for mechanism_id in project.mechanisms:
            _known(project, "mechanisms", mechanism_id, mechanisms, "mechanism", where)
        for gap_id in project.gaps:
            _known(project, "gaps", gap_id, gaps, "gap", where)
        for other in project.requires:
            _known(project, "requires", other, projects, "project", where)
            missing_regions = set(project.regions) - set(by_id[other].regions)
            if missing_regions:
                _fail(
                    project,
                    "requires",
                    phrase(
                        "a project available in every region of {project} "
                        "({other} is not in {regions})",
                        project=project.id,
                        other=other,
                        regions=", ".join(sorted(missing_regions)),
                    ),
                    other,
                    where,
                )
        for other in project.excludes:
            _known(project, "excludes", other, projects, "project", where)
    _check_requires_cycles(data.projects, files["projects"])
    _check_mandatory_conflicts(data.projects, files["projects"])


def _check_mandatory_conflicts(projects: tuple[Project, ...], where: str) -> None:
    """A mandatory project, with everything it requires (directly or through others), must not
    take in two projects that exclude each other: no portfolio could exist."""
    by_id = {project.id: project for project in projects}
    for project in projects:
        if not project.mandatory:
            continue
        chain: dict[str, tuple[str, ...]] = {project.id: (project.id,)}
        queue = [project.id]
        while queue:
            current = queue.pop(0)
            for needed in by_id[current].requires:
                if needed in by_id and needed not in chain:
                    chain[needed] = (*chain[current], needed)
                    queue.append(needed)
        for member, path in chain.items():
            for other in by_id[member].excludes:
                if other in chain:
                    _fail(
                        project,
                        "mandatory",
                        phrase(
                            "a mandatory project whose requirements do not exclude each other"
                            " ({first} excludes {second}; it needs {one} and {two})",
                            first=member,
                            second=other,
                            one=" -> ".join(path),
                            two=" -> ".join(chain[other]),
                        ),
                        None,
                        where,
                    )


def _check_weighting(
    stakeholder: Stakeholder, ordered: tuple[str, ...], criteria: set[str], where: str
) -> None:
    if stakeholder.points is not None:
        for key in stakeholder.points:
            _known(stakeholder, "points", key, criteria, "criterion", where)
        missing = [c for c in ordered if c not in stakeholder.points]
        if missing:
            _fail(
                stakeholder,
                "points",
                phrase(
                    "points for every criterion (missing: {criteria})", criteria=", ".join(missing)
                ),
                None,
                where,
            )
        if not any(value > 0 for value in stakeholder.points.values()):
            _fail(stakeholder, "points", phrase("at least one positive number of points"), 0, where)
        return
    given: dict[frozenset[str], tuple[str, str, float]] = {}
    for row, columns in (stakeholder.judgments or {}).items():
        _known(stakeholder, "judgments", row, criteria, "criterion", where)
        for column, value in columns.items():
            _known(stakeholder, f"judgments.{row}", column, criteria, "criterion", where)
            if row == column:
                if not math.isclose(value, 1.0):
                    _fail(
                        stakeholder,
                        f"judgments.{row}.{column}",
                        phrase("1 when a criterion is compared with itself"),
                        value,
                        where,
                    )
                continue
            if not 1 / 9 - 1e-9 <= value <= 9 + 1e-9:
                _fail(
                    stakeholder,
                    f"judgments.{row}.{column}",
                    phrase("a value on Saaty's scale, from 1/9 to 9"),
                    value,
                    where,
                )
            pair = frozenset((row, column))
            if pair in given:
                first_row, _, first = given[pair]
                implied = first if first_row == row else 1.0 / first
                if not math.isclose(implied, value, rel_tol=RECIPROCAL_TOLERANCE):
                    _fail(
                        stakeholder,
                        f"judgments.{row}.{column}",
                        phrase(
                            "the reciprocal of the judgment already given for {column} vs {row} "
                            "({implied})",
                            column=column,
                            row=row,
                            implied=f"{implied:.4g}",
                        ),
                        value,
                        where,
                    )
            else:
                given[pair] = (row, column, value)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if frozenset((a, b)) not in given:
                _fail(
                    stakeholder,
                    "judgments",
                    phrase("a judgment for every pair of criteria (missing: {a} vs {b})", a=a, b=b),
                    None,
                    where,
                )


def _check_requires_cycles(projects: tuple[Project, ...], where: str) -> None:
    graph = {project.id: project.requires for project in projects}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                cycle = " -> ".join([*path[path.index(nxt) :], nxt]) if nxt in path else nxt
                record = next(p for p in projects if p.id == node)
                _fail(
                    record,
                    "requires",
                    phrase("requirements without a cycle (found {cycle})", cycle=cycle),
                    nxt,
                    where,
                )
            if state.get(nxt) is None:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for project in projects:
        if state.get(project.id) is None:
            visit(project.id, [project.id])
