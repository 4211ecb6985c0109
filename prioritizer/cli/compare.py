"""`compare` (Cusco and Puno side by side, saved as a run folder) and `report` (a saved
run shown again).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import emit, emit_json, say_error
from prioritizer.cli.declared import argument, option
from prioritizer.cli.options import (
    AggregationOption,
    DeadlineOption,
    JointOption,
    MethodOption,
    RequireCoverageOption,
    SolverOption,
    ValueOption,
    _existing_folder,
    _unwritable,
    check_deadline,
    check_new_run_folder,
)
from prioritizer.cli.progress import stage_progress
from prioritizer.cli.regions import parse_region_budget, region_budgets, region_list
from prioritizer.cli.roadmap import joint_roadmap_payloads, roadmap_payload
from prioritizer.data.models import Dataset
from prioritizer.data.workbook import load_inputs
from prioritizer.errors import InfeasiblePortfolio, InputError
from prioritizer.i18n import t
from prioritizer.options import DEFAULT_DEADLINE, RunOptions, SolverChoice, ValueMode
from prioritizer.phrases import phrase, show
from prioritizer.present.payload import comparison_payload
from prioritizer.present.render.compare import render_comparison
from prioritizer.results.ranking import Method
from prioritizer.results.weights import Aggregation


# -- compare and report ------------------------------------------------------------------------
@command()
def compare(
    run: Run,
    method: MethodOption = Method.TOPSIS,
    value: ValueOption = ValueMode.SCORE,
    budget_cusco: Annotated[int | None, option("budget-cusco")] = None,
    budget_puno: Annotated[int | None, option("budget-puno")] = None,
    budget: Annotated[list[str] | None, option("compare-budget")] = None,
    regions: Annotated[str | None, option("regions")] = None,
    joint: JointOption = False,
    roadmap: Annotated[bool, option("compare-roadmap")] = False,
    require_coverage: RequireCoverageOption = False,
    aggregation: AggregationOption = Aggregation.AIJ,
    solver: SolverOption = SolverChoice.HIGHS,
    deadline: DeadlineOption = DEFAULT_DEADLINE,
    out: Annotated[Path | None, option("out")] = None,
    save: Annotated[bool, option("save")] = True,
) -> None:
    """The regions side by side (Cusco and Puno, or --regions): weights, top mechanisms,
    portfolios, what differs and why."""

    from prioritizer.core.analysis import compare_regions

    if save and out is not None:
        check_new_run_folder(out)
    data = load_inputs(run.inputs)
    chosen = region_list(data, regions)
    named = tuple(
        (f"--budget-{region}", region, amount)
        for region, amount in (("cusco", budget_cusco), ("puno", budget_puno))
        if amount is not None and region in data.region_ids
    )
    typed = [("--budget", *parse_region_budget(text)) for text in budget or []]
    budgets = region_budgets(data, [*named, *typed])
    options = RunOptions(
        method=method,
        value=value.value,
        require_coverage=require_coverage,
        aggregation=aggregation,
        solver=solver.value,
        deadline=check_deadline(deadline),
        budgets_pen=budgets,
        lang=run.lang,
    )
    comparison = compare_regions(
        data, options, regions=chosen, joint=joint, progress=stage_progress(run.lang)
    )
    recorded = {
        "method": method.value,
        "value": value.value,
        "joint": joint,
        "roadmap": roadmap,
        "require_coverage": require_coverage,
        "aggregation": aggregation.value,
        "solver": solver.value,
        "deadline": deadline,
        "budgets": dict(budgets),
        "regions": list(chosen),
        "samples": options.samples,
        "seed": options.seed,
    }
    payload = comparison_payload(comparison, data, lang=run.lang, options=recorded)
    if roadmap:
        together = joint_roadmap_payloads(data, chosen, options, run.lang) if joint else {}
        for region, joint_plan in together.items():
            payload["regions"][region]["roadmap"] = joint_plan
        left = [region for region in chosen if region not in together]
        show = stage_progress(run.lang)
        for done, region in enumerate(left):
            show("roadmap", done, len(left))
            plan = roadmap_payload(data, region, options, run.lang)
            if plan is not None:
                payload["regions"][region]["roadmap"] = plan
        show("roadmap", len(left), len(left))
    folder = None
    if save:
        folder = _save_run(payload, data, out, "compare", recorded, run.lang)
    if run.as_json:
        emit_json(payload if folder is None else {**payload, "run_folder": str(folder)})
    else:
        emit(render_comparison(payload))
        if folder is not None:
            where = folder.resolve()
            emit(Text(t("compare.saved", run.lang, path=str(where)), style="dim"))
            emit(Text(t("compare.open_report", run.lang, path=str(where / "report.html"))))
    _refuse_infeasible(payload, run.lang)


def _refuse_infeasible(payload: dict[str, Any], lang: str) -> None:
    """Exit 3 after the output (the document stays whole with --json) when a region has no
    feasible portfolio: one line on stderr per such region, by name."""
    regions = payload["regions"].values()
    infeasible = [r for r in regions if r["portfolio"].get("status") == "infeasible"]
    for region in infeasible:
        message = phrase(
            "no feasible portfolio for {region}: {explanation}",
            region=region["name"],
            explanation=region["portfolio"].get("explanation", ""),
        )
        say_error(f"{t('error.prefix', lang)}: {show(message, lang)}")
    if infeasible:
        raise typer.Exit(InfeasiblePortfolio.exit_code)


def _save_run(
    payload: dict[str, Any],
    data: Dataset,
    out: Path | None,
    kind: str,
    options: dict[str, Any],
    lang: str,
) -> Path:
    """Writes the run folder (atomically) and returns where it is."""
    from prioritizer.present.export import write_run_folder
    from prioritizer.present.export.manifest import build_manifest

    now = datetime.now(UTC)
    target = out
    if target is None:
        stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
        target = Path("results") / f"{kind}-{stamp}"
        suffix = 2
        while target.exists():
            target = Path("results") / f"{kind}-{stamp}-{suffix}"
            suffix += 1
    seed = options.get("seed")
    manifest = build_manifest(
        sys.argv, data.checksums, options, seed if isinstance(seed, int) else None, now
    )
    try:
        return write_run_folder(
            payload, out_dir=target, manifest=manifest, lang=lang, progress=stage_progress(lang)
        )
    except FileExistsError as error:
        if any(parent.is_file() for parent in target.parents):
            raise _unwritable(target, error) from None  # a file stands where a folder is needed
        raise _existing_folder(target) from None
    except OSError as error:
        raise _unwritable(target, error) from None


@command(inputs=False, as_json=False)
def report(
    run: Run,
    run_dir: Annotated[Path, argument("run-dir")],
) -> None:
    """Show a saved run again, as `compare` showed it."""

    source = run_dir / "results.json"
    if not source.is_file():
        raise InputError(
            str(run_dir),
            expected=phrase("a run folder with results.json (from compare)"),
            got=phrase("a folder without results.json"),
        )
    written = phrase("the JSON written by compare")
    try:
        payload = json.loads(source.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InputError(
            str(source),
            row=error.lineno,
            expected=written,
            got=phrase("invalid JSON ({problem})", problem=error.msg),
        ) from None
    except UnicodeDecodeError:
        raise InputError(
            str(source), expected=written, got=phrase("text that is not UTF-8")
        ) from None
    if not isinstance(payload, dict) or payload.get("command") != "compare":
        raise InputError(str(source), expected=written, got=phrase("another document"))
    emit(render_comparison(payload))
