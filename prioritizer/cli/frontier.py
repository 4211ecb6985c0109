"""Command `frontier`: the best value at every budget where the chosen set changes, with what
enters and leaves, and its CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Annotated, Any

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import (
    RegionOption,
    emit,
    emit_json,
)
from prioritizer.cli.declared import option
from prioritizer.cli.options import (
    DeadlineOption,
    MethodOption,
    ProjectsOption,
    SolverOption,
    ValueOption,
    _unwritable,
    check_budget,
    check_deadline,
    option_error,
)
from prioritizer.cli.portfolio import portfolio_problem_of, typed_budget
from prioritizer.cli.progress import stage_progress
from prioritizer.options import DEFAULT_DEADLINE, RunOptions, SolverChoice, ValueMode
from prioritizer.phrases import phrase
from prioritizer.present.render.portfolio import (
    render_frontier,
)
from prioritizer.results.ranking import Method


@command()
def frontier(
    run: Run,
    region: RegionOption = None,
    points: Annotated[int | None, option("points")] = None,
    max_budget: Annotated[int | None, option("max-budget")] = None,
    value: ValueOption = ValueMode.SCORE,
    method: MethodOption = Method.TOPSIS,
    solver: SolverOption = SolverChoice.HIGHS,
    projects: ProjectsOption = None,
    budget: Annotated[int | None, option("frontier-budget")] = None,
    csv_file: Annotated[Path | None, option("csv")] = None,
    deadline: DeadlineOption = DEFAULT_DEADLINE,
) -> None:
    """The best value at every budget where the chosen set changes, with what enters and leaves."""

    from prioritizer.core.frontier import sweep_budget

    if points is not None and points < 2:
        raise option_error("--points", got=points, expected=phrase("2 or more budgets"))
    check_budget("--max-budget", max_budget)
    reference = check_budget("--budget", budget)
    if reference is None and projects:
        reference = max_budget
    options = RunOptions(
        method=method,
        value=value.value,
        solver=solver.value,
        budgets_pen=typed_budget(region, reference),
        lang=run.lang,
    )
    problem, names, _, _ = portfolio_problem_of(
        region=region, projects=projects, inputs=run.inputs, options=options
    )
    result = sweep_budget(
        problem,
        points=points,
        max_budget=max_budget,
        solver=solver.value,
        deadline=check_deadline(deadline),
        progress=stage_progress(run.lang),
    )
    if csv_file is not None:
        _write_frontier_csv(result.to_dict(), csv_file)
    if run.as_json:
        emit_json(result.to_dict())
    else:
        emit(render_frontier(result, lang=run.lang, names=names))


def _write_frontier_csv(frontier_dict: dict[str, Any], target: Path) -> None:
    """The frontier's points as CSV (UTF-8 with BOM for Excel), written whole or not at all."""
    from prioritizer.present.export.csv import defuse

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["budget", "objective", "total_cost", "selected", "added", "removed"])
    for point in frontier_dict["points"]:
        writer.writerow(
            [
                point["budget"],
                point["objective"],
                point.get("total_cost", ""),
                defuse(";".join(point["selected"])),
                defuse(";".join(point["added"])),
                defuse(";".join(point["removed"])),
            ]
        )
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_text(buffer.getvalue(), encoding="utf-8-sig")
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _unwritable(target, error) from None
