"""`compare` (the main job), its run folder, `report`, and joint planning."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from prioritizer.core.analysis import compare_regions, plan_jointly, portfolio_problem, rank_region
from prioritizer.core.portfolio import select_portfolio
from prioritizer.data.load import load_dataset
from prioritizer.errors import OutputError
from prioritizer.options import RunOptions
from tests.conftest import Run, snapshot


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    from typer.testing import CliRunner

    from prioritizer.cli.app import app

    out = tmp_path_factory.mktemp("runs") / "first"
    result = CliRunner().invoke(
        app, ["compare", "--joint", "--out", str(out), "--json"], env={"PRIORITIZER_LANG": ""}
    )
    assert result.exit_code == 0, result.stderr
    return out, json.loads(result.stdout)


def test_compare_json_contract(run_folder: tuple[Path, dict[str, Any]]) -> None:
    _, payload = run_folder
    assert set(payload["regions"]) == {"cusco", "puno"}
    for region in payload["regions"].values():
        assert {"weights", "ranking", "portfolio"} <= set(region)
        assert region["ranking"]["method"] == "topsis"
        assert all({"id", "score", "rank"} <= set(r) for r in region["ranking"]["ranking"])
        portfolio = region["portfolio"]
        assert {"status", "objective", "selected", "total_cost", "budget", "projects"} <= set(
            portfolio
        )
        assert portfolio["total_cost"] <= portfolio["budget"]
        assert sum(region["weights"]["weights"].values()) == pytest.approx(1.0)
        uncovered = {g["id"] for g in region["uncovered_gaps"]}
        data = load_dataset()
        covered = {g for p in data.projects if p.id in portfolio["selected"] for g in p.gaps}
        assert not uncovered & covered
        assert all(g["severity"] in ("HIGH", "VERY HIGH") for g in region["uncovered_gaps"])
    assert isinstance(payload["differences"], list) and payload["differences"]
    kinds = {d["kind"] for d in payload["differences"]}
    assert {"severity", "rank_shift"} <= kinds
    assert all(d["text"] for d in payload["differences"])
    joint = payload["joint"]
    assert joint["objective"] >= joint["separate_objective"] - 1e-9
    assert payload["run_folder"].endswith("first")


def test_severity_differences_follow_the_data(run_folder: tuple[Path, dict[str, Any]]) -> None:
    _, payload = run_folder
    data = load_dataset()
    expected = {
        g.id
        for g in data.gaps
        if data.region("cusco").severity_of(g.id).level
        != data.region("puno").severity_of(g.id).level
    }
    found = {d["subject"] for d in payload["differences"] if d["kind"] == "severity"}
    assert found == expected


def test_run_folder_files_and_manifest(run_folder: tuple[Path, dict[str, Any]]) -> None:
    out, payload = run_folder
    for name in (
        "ranking.csv",
        "portfolio.csv",
        "frontier.csv",
        "weights.csv",
        "results.xlsx",
        "report.html",
        "report.md",
        "manifest.json",
        "results.json",
    ):
        assert (out / name).is_file(), name
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    text = json.dumps(manifest)
    for key in ("inputs/projects.csv", "inputs/regions/puno/stakeholders.yaml"):
        assert key in text
    stored = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert stored["regions"]["cusco"]["portfolio"] == payload["regions"]["cusco"]["portfolio"]
    assert not list(out.parent.glob(".tmp-*"))


def test_same_inputs_same_files(
    run_folder: tuple[Path, dict[str, Any]], cli: Callable[..., Run]
) -> None:
    first, _ = run_folder
    second = first.parent / "second"
    result = cli("compare", "--joint", "--out", str(second))
    assert result.code == 0, result.stderr
    a, b = snapshot(first), snapshot(second)
    assert a.keys() == b.keys()
    differing = [name for name in a if a[name] != b[name]]
    assert differing == ["manifest.json"]
    ma = json.loads(a["manifest.json"])
    mb = json.loads(b["manifest.json"])
    assert {k for k in ma if ma[k] != mb[k]} <= {k for k in ma if k.startswith("created")} | {
        "command"
    }


def test_existing_run_folder_is_never_touched(
    run_folder: tuple[Path, dict[str, Any]], cli: Callable[..., Run]
) -> None:
    out, _ = run_folder
    before = snapshot(out)
    result = cli("compare", "--out", str(out))
    assert result.code == 2 and "already exists" in result.stderr
    spanish = cli("compare", "--out", str(out), "--lang", "es")
    assert spanish.code == 2
    assert spanish.stderr == (
        f"Error: {out} ya existe; una carpeta de resultados nunca se sobrescribe "
        "(elija otro --out)\n"
    )
    as_json = cli("compare", "--out", str(out), "--lang", "es", "--json")
    assert json.loads(as_json.stdout) == {
        "status": "error",
        "error": {
            "message": f"{out} ya existe; una carpeta de resultados nunca se sobrescribe "
            "(elija otro --out)"
        },
    }
    assert snapshot(out) == before


def test_a_run_folder_made_meanwhile_is_refused_in_spanish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run takes the name while this one computes: the same message, not an OSError's."""
    import prioritizer.present.export as export
    from prioritizer.cli.compare import _save_run

    def taken(payload: object, *, out_dir: Path, **kwargs: object) -> Path:
        raise FileExistsError(f"{out_dir}: a run folder is never overwritten; choose another")

    monkeypatch.setattr(export, "write_run_folder", taken)
    target = tmp_path / "run"
    with pytest.raises(OutputError) as caught:
        _save_run({}, load_dataset(), target, "compare", {}, "es")
    assert caught.value.message("es") == (
        f"{target} ya existe; una carpeta de resultados nunca se sobrescribe (elija otro --out)"
    )


def test_error_mid_run_leaves_nothing(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import prioritizer.present.export as export

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "write_manifest", broken)
    target = tmp_path / "run"
    result = cli("compare", "--out", str(target), "--lang", "es")
    assert result.code == 2
    *progress, last = result.stderr.splitlines()  # progress lines when saving took > 1 s
    assert last == f"Error: no se pudo escribir {target}: No space left on device"
    assert all(line.startswith("escribiendo la carpeta de resultados") for line in progress)
    assert list(tmp_path.iterdir()) == []


def test_rank_reversal_notes_follow_the_lists(run_folder: tuple[Path, dict[str, Any]]) -> None:
    """Each region's payload carries one note per ranking that reverses, naming every removed
    alternative; the lists equal an independent `rank_region` call; the report repeats them."""

    out, payload = run_folder
    report = (out / "report.md").read_text(encoding="utf-8")
    seen = 0
    for region_id, region in payload["regions"].items():
        direct = rank_region(load_dataset(), region_id, RunOptions()).reversals
        assert region["rank_reversals"] == [r.to_dict() for r in direct]
        lists = [region["rank_reversals"], region["projects_rank_reversals"]]
        notes = region["rank_reversal_notes"]
        assert len(notes) == sum(1 for found in lists if found)
        for note, found in zip(notes, [f for f in lists if f], strict=True):
            assert all(payload["names"][f["removed"]] in note for f in found)
            assert note.replace("_", "\\_") in report
        seen += len(notes)
    assert seen, "the embedded data shows reversals (see `prioritizer rank --region puno`)"


def test_report_re_renders_a_run(
    run_folder: tuple[Path, dict[str, Any]], cli: Callable[..., Run]
) -> None:
    out, _ = run_folder
    shown = cli("report", str(out))
    assert shown.code == 0, shown.stderr
    assert "Cusco and Puno side by side" in shown.stdout and "What differs and why" in shown.stdout
    assert "rank reversal: removing any one of these" in " ".join(shown.stdout.split())
    missing = cli("report", str(out.parent))
    assert missing.code == 2 and "results.json" in missing.stderr


def test_report_errors_in_spanish(cli: Callable[..., Run], tmp_path: Path) -> None:
    missing = cli("report", str(tmp_path), "--lang", "es")
    assert missing.code == 2
    assert missing.stderr == (
        f"Error: {tmp_path}: encontrado: una carpeta sin results.json; se esperaba una carpeta "
        "de resultados con results.json (de compare).\n"
    )
    source = tmp_path / "results.json"
    source.write_text("{\n  oops", encoding="utf-8")
    broken = cli("report", str(tmp_path), "--lang", "es")
    assert broken.code == 2
    assert broken.stderr == (
        f"Error: {source}, línea 2: encontrado: JSON no válido (Expecting property name enclosed "
        "in double quotes); se esperaba el JSON que escribe compare.\n"
    )
    assert cli("report", str(tmp_path)).stderr == (
        f"Error: {source}, line 2: found invalid JSON (Expecting property name enclosed in "
        "double quotes); expected the JSON written by compare.\n"
    )
    source.write_bytes(b"\xff\xfe{}")
    assert cli("report", str(tmp_path), "--lang", "es").stderr == (
        f"Error: {source}: encontrado: texto que no está en UTF-8; se esperaba el JSON que "
        "escribe compare.\n"
    )
    source.write_text("[1]", encoding="utf-8")
    assert cli("report", str(tmp_path), "--lang", "es").stderr == (
        f"Error: {source}: encontrado: otro documento; se esperaba el JSON que escribe compare.\n"
    )


def test_compare_in_spanish(cli: Callable[..., Run]) -> None:
    result = cli("compare", "--no-save", "--lang", "es")
    assert result.code == 0, result.stderr
    for text in (
        "Cusco y Puno lado a lado",
        "Qué difiere y por qué",
        "Presupuesto",
        "S/ 1.200.000",
    ):
        assert text in result.stdout, text
    assert "Budget" not in result.stdout


def test_compare_budget_options(cli: Callable[..., Run]) -> None:
    """A budget for each region; one too small for any portfolio is explained in Spanish."""
    result = cli(
        "compare",
        "--no-save",
        "--budget-puno",
        "600000",
        "--budget-cusco",
        "1000",
        "--json",
        "--lang",
        "es",
    )
    payload = json.loads(result.stdout)
    assert payload["regions"]["puno"]["budget"] == 600000
    assert payload["regions"]["puno"]["portfolio"]["total_cost"] <= 600000
    assert payload["regions"]["cusco"]["budget"] == 1000
    cusco = payload["regions"]["cusco"]["portfolio"]
    assert cusco["status"] == "infeasible" and cusco["shortfall"] == 169_000
    assert cusco["explanation"].endswith(
        "Todas las reglas juntas necesitan un presupuesto de al menos S/ 170.000; el presupuesto "
        "es de S/ 1.000, faltan S/ 169.000."
    )


@pytest.mark.parametrize("budgets", [(1200000, 1000000), (700000, 900000), (450000, 1500000)])
def test_joint_never_worse_than_planning_apart(budgets: tuple[int, int]) -> None:
    data = load_dataset()
    options = RunOptions(budgets_pen=(("cusco", budgets[0]), ("puno", budgets[1])))
    problems = {r: portfolio_problem(data, r, options) for r in ("cusco", "puno")}
    separate = {r: select_portfolio(p, explain=False) for r, p in problems.items()}
    shared = sorted({p.id for p in data.projects if p.interregional})
    plan = plan_jointly(problems, separate, shared)
    assert plan is not None
    assert plan.objective >= plan.separate_objective - 1e-9
    for project in shared:
        funded = [r for r, chosen in plan.selected.items() if project in chosen]
        assert funded in ([], ["cusco", "puno"])
    for region, chosen in plan.selected.items():
        problem = problems[region]
        cost = sum(int(problem.costs_pen[problem.ids.index(p)]) for p in chosen)
        assert cost <= problem.budget_pen


def test_compare_regions_is_deterministic() -> None:
    data = load_dataset()
    a = compare_regions(data, RunOptions())
    b = compare_regions(data, RunOptions())
    assert [r.portfolio.selected for r in a.regions if r.portfolio] == [
        r.portfolio.selected for r in b.regions if r.portfolio
    ]


def test_compare_on_a_workbook_equals_the_folder(cli: Callable[..., Run], tmp_path: Path) -> None:
    workbook = tmp_path / "planning.xlsx"
    assert cli("template", str(workbook)).code == 0
    from_workbook = json.loads(
        cli("compare", "--inputs", str(workbook), "--no-save", "--json").stdout
    )
    from_folder = json.loads(cli("compare", "--no-save", "--json").stdout)
    assert from_workbook == from_folder
