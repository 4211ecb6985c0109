"""The roadmap's checks against the whole data set: projects that are the region's candidates,
years inside the plan, an amount for every year, known value chains and mechanisms, levels and
commitments that fit, ids used once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from prioritizer.data.models.cross_checks import _fail, _known
from prioritizer.data.models.roadmap import DEFAULT_LEVEL, Roadmap
from prioritizer.phrases import phrase

if TYPE_CHECKING:
    from prioritizer.data.models.common import Sourced
    from prioritizer.data.models.dataset import Dataset

_LISTED = 12  # ids listed in a message; more are counted


def check_roadmaps(data: Dataset) -> None:
    """Raise InputError at the first record of a roadmap that does not fit the data set."""
    for roadmap in data.roadmaps:
        _check_roadmap(data, roadmap)


def _check_roadmap(data: Dataset, roadmap: Roadmap) -> None:
    where = roadmap.origin.file if roadmap.origin else roadmap.region
    _known(roadmap, "region", roadmap.region, set(data.region_ids), "region", where)
    candidates = {p.id: p for p in data.projects_in(roadmap.region)}

    def candidate(record: Sourced, field: str, project: str) -> None:
        if project not in candidates:
            listing: object = phrase("it has none")
            if len(candidates) > _LISTED:
                listing = phrase("{count} ids on file", count=len(candidates))
            elif candidates:
                listing = ", ".join(sorted(candidates))
            _fail(
                record,
                field,
                phrase(
                    "a candidate project of {region} ({listing})",
                    region=roadmap.region,
                    listing=listing,
                ),
                project,
                where,
            )

    years = roadmap.years.years
    span = phrase("a year of the plan ({first}-{last})", first=years[0], last=years[-1])
    chains = {chain.id for chain in data.value_chains}
    mechanisms = {mechanism.id for mechanism in data.mechanisms}
    seen: set[str] = set()
    for pool in roadmap.pools:
        _once(pool, "id", pool.id, seen, where)
        for year in pool.amounts_pen:
            if year not in years:
                _fail(pool, f"amounts_pen.{year}", span, year, where)
        missing = [str(year) for year in years if year not in pool.amounts_pen]
        if missing:
            _fail(
                pool,
                "amounts_pen",
                phrase(
                    "an amount for each year of the plan (missing: {years})",
                    years=", ".join(missing),
                ),
                None,
                where,
            )
        for chain in pool.value_chains or ():
            _known(pool, "value_chains", chain, chains, "value chain", where)
        for mechanism in pool.mechanisms or ():
            _known(pool, "mechanisms", mechanism, mechanisms, "mechanism", where)

    seen = set()
    run_by: dict[str, str] = {}
    for unit in roadmap.units:
        _once(unit, "id", unit.id, seen, where)
        for project in unit.projects:
            candidate(unit, "projects", project)
            if project in run_by:
                _fail(
                    unit,
                    "projects",
                    phrase(
                        "a project executed by one unit ({project} is also {unit}'s)",
                        project=project,
                        unit=run_by[project],
                    ),
                    project,
                    where,
                )
            run_by[project] = unit.id

    pairs: set[str] = set()
    for level in roadmap.levels:
        candidate(level, "project", level.project)
        _once(level, "level", f"{level.project}/{level.level}", pairs, where, shown=level.level)

    def durations(project: str) -> dict[str, tuple[int, ...]]:
        listed = roadmap.levels_of(project)
        if listed:
            return {level.level: level.costs_pen for level in listed}
        return {DEFAULT_LEVEL: (candidates[project].cost_in(roadmap.region),)}

    seen = set()
    for commitment in roadmap.commitments:
        candidate(commitment, "project", commitment.project)
        _once(commitment, "project", commitment.project, seen, where)
        costs = durations(commitment.project)
        if commitment.level not in costs:
            _fail(
                commitment,
                "level",
                phrase("one of the levels {levels}", levels=", ".join(costs)),
                commitment.level,
                where,
            )
        end = commitment.start + len(costs[commitment.level]) - 1
        if commitment.start > years[-1] or end < years[0]:
            _fail(
                commitment,
                "start",
                phrase(
                    "a start that keeps the project running during the plan "
                    "(at this level it ends in {end})",
                    end=end,
                ),
                commitment.start,
                where,
            )

    committed = {(c.project, c.level) for c in roadmap.commitments}
    for level in roadmap.levels:
        if len(level.costs_pen) > len(years) and (level.project, level.level) not in committed:
            _fail(
                level,
                "costs_pen",
                phrase(
                    "at most {count} years of costs, the plan's {first}-{last} (a new start must "
                    "end within the plan; only a commitment may run longer)",
                    count=len(years),
                    first=years[0],
                    last=years[-1],
                ),
                phrase("{count} years", count=len(level.costs_pen)),
                where,
            )

    seen = set()
    for window in roadmap.windows:
        candidate(window, "project", window.project)
        _once(window, "project", window.project, seen, where)
        for field, bound in (("earliest", window.earliest), ("latest", window.latest)):
            if bound is not None and bound not in years:
                _fail(window, field, span, bound, where)

    seen = set()
    for synergy in roadmap.synergies:
        _once(synergy, "id", synergy.id, seen, where)
        for project in synergy.projects:
            candidate(synergy, "projects", project)
        bearer = synergy.bearer or synergy.projects[-1]
        least = min(costs[0] for costs in durations(bearer).values())
        if synergy.saving_pen > least:
            _fail(
                synergy,
                "saving_pen",
                phrase(
                    "at most the first-year cost of {project} at its cheapest level ({amount})",
                    project=bearer,
                    amount=least,
                ),
                synergy.saving_pen,
                where,
            )


def _once(
    record: Sourced, field: str, key: str, seen: set[str], where: str, *, shown: str | None = None
) -> None:
    """Fail when `key` was seen before in this roadmap; else remember it."""
    if key in seen:
        _fail(record, field, phrase("an id not used before in the roadmap"), shown or key, where)
    seen.add(key)
