"""The command line on the embedded data: JSON contracts, languages, init -> edit -> validate."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from prioritizer.i18n import keys
from tests.conftest import Run, snapshot

LEVELS = {"LOW", "MEDIUM", "HIGH", "VERY HIGH"}


def test_show_gaps_json_contract(cli: Callable[..., Run]) -> None:
    result = cli("show", "gaps", "--json")
    assert result.code == 0 and result.stderr == ""
    gaps = json.loads(result.stdout)
    assert len(gaps) == 9
    for gap in gaps:
        assert {"id", "name", "relevance", "mechanisms"} <= set(gap)
        assert set(gap["relevance"]) == {"specialization", "diversification", "global-context"}
        assert set(gap["relevance"].values()) <= LEVELS
        assert gap["mechanisms"] and all(isinstance(m, str) for m in gap["mechanisms"])
    first = gaps[0]
    assert first["id"] == "lack-of-connection"
    assert first["relevance"] == {
        "specialization": "HIGH",
        "diversification": "MEDIUM",
        "global-context": "LOW",
    }


def test_show_gaps_json_in_spanish(cli: Callable[..., Run]) -> None:
    gaps = json.loads(cli("show", "gaps", "--json", "--lang", "es").stdout)
    assert gaps[0]["name"].startswith("Falta de conexión")
    assert gaps[0]["relevance"]["specialization"] == "HIGH"


def test_show_projects_json_contract(cli: Callable[..., Run]) -> None:
    per_region = {}
    for region in ("cusco", "puno"):
        result = cli("show", "projects", "--region", region, "--json")
        assert result.code == 0
        projects = json.loads(result.stdout)
        assert len(projects) >= 12
        for p in projects:
            assert {
                "id",
                "name",
                "cost",
                "value_chain",
                "regions",
                "mechanisms",
                "gaps",
                "requires",
                "excludes",
                "phase",
            } <= set(p)
            assert region in p["regions"] and isinstance(p["cost"], int)
        per_region[region] = {p["id"]: p for p in projects}
    shared = set(per_region["cusco"]) & set(per_region["puno"])
    assert len(shared) >= 2
    for project_id in shared:
        cusco, puno = per_region["cusco"][project_id], per_region["puno"][project_id]
        assert cusco["cost"] == puno["cost"]
        assert cusco["cost_in_region"] + puno["cost_in_region"] == cusco["cost"]


def test_show_regions_json_contract(cli: Callable[..., Run]) -> None:
    regions = json.loads(cli("show", "regions", "--json").stdout)
    assert [r["id"] for r in regions] == ["cusco", "puno"]
    for region in regions:
        assert {"id", "name", "budget", "severity"} <= set(region)
        assert len(region["severity"]) == 9 and set(region["severity"].values()) <= LEVELS
        assert isinstance(region["budget"], int) and region["budget"] > 0


@pytest.mark.parametrize(
    "what", ["criteria", "gaps", "mechanisms", "chains", "regions", "projects", "stakeholders"]
)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_show_every_catalog_renders(cli: Callable[..., Run], what: str, lang: str) -> None:
    result = cli("show", what, "--lang", lang)
    assert result.code == 0, result.stderr
    assert result.stderr == "" and result.stdout.strip()
    assert json.loads(cli("show", what, "--json", "--lang", lang).stdout)


def test_show_tables_speak_spanish(cli: Callable[..., Run]) -> None:
    out = cli("show", "projects", "--region", "puno", "--lang", "es").stdout
    assert "Proyectos piloto candidatos en Puno" in out and "S/ 1" in out
    out = cli("show", "gaps", "--lang", "es").stdout
    assert "Brecha" in out and "Muy alta" in out


def test_lang_from_environment(cli: Callable[..., Run]) -> None:
    out = cli("show", "regions", env={"PRIORITIZER_LANG": "es"}).stdout
    assert "Presupuesto" in out


def test_stakeholders_show_consistency_ratio(cli: Callable[..., Run]) -> None:
    people = json.loads(cli("show", "stakeholders", "--region", "puno", "--json").stdout)
    ratios = {p["id"]: p["consistency_ratio"] for p in people}
    assert ratios["puno-chamber-juliaca"] > 0.10
    assert all(0 <= r < 0.10 for k, r in ratios.items() if k != "puno-chamber-juliaca")


def test_validate_embedded_summarises_warnings(cli: Callable[..., Run]) -> None:
    result = cli("validate")
    assert result.code == 0, result.stderr
    assert "Data set is valid" in result.stdout and "illustrative" in result.stdout
    assert "puno-chamber-juliaca" in result.stdout
    report = json.loads(cli("validate", "--json").stdout)
    assert report["status"] == "valid" and report["counts"]["gaps"] == 9
    kinds = {w["kind"] for w in report["warnings"]}
    assert kinds == {"illustrative", "inconsistent"}
    inconsistent = [w for w in report["warnings"] if w["kind"] == "inconsistent"]
    assert [w["stakeholder"] for w in inconsistent] == ["puno-chamber-juliaca"]
    assert inconsistent[0]["file"] == "inputs/regions/puno/stakeholders.yaml"
    assert all(len(digest) == 64 for digest in report["files"].values())


def test_init_edit_validate_round_trip(cli: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "mydata"
    result = cli("init", str(target))
    assert result.code == 0, result.stderr
    assert (target / "criteria" / "relevance_scale.yaml").is_file()
    assert (target / "inputs" / "regions" / "puno" / "stakeholders.yaml").is_file()
    budget = target / "inputs" / "regions" / "puno" / "region.yaml"
    budget.write_text(
        budget.read_text(encoding="utf-8").replace("budget_pen: 1000000", "budget_pen: 750000"),
        "utf-8",
    )
    regions = json.loads(cli("show", "regions", "--inputs", str(target), "--json").stdout)
    assert {r["id"]: r["budget"] for r in regions}["puno"] == 750000
    assert cli("validate", "--inputs", str(target)).code == 0
    # an inputs folder on its own is accepted too (criteria come from the embedded set)
    assert cli("validate", "--inputs", str(target / "inputs")).code == 0


def test_init_refuses_a_folder_with_files(cli: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    before = snapshot(tmp_path)
    result = cli("init", str(tmp_path))
    assert result.code == 2 and "new or empty folder" in result.stderr
    assert snapshot(tmp_path) == before
    assert not list(tmp_path.parent.glob(".prioritizer-init-*"))


def test_locales_define_the_same_keys() -> None:
    assert keys("en") == keys("es")


def test_version(cli: Callable[..., Run]) -> None:
    result = cli("--version")
    assert result.code == 0 and result.stdout.startswith("prioritizer ")


# -- error messages in the user's language ----------------------------------------------------


def test_unknown_region_in_spanish(cli: Callable[..., Run]) -> None:
    result = cli("show", "projects", "--region", "lima", "--lang", "es")
    assert result.code == 2
    assert result.stderr == (
        "Error: --region: el campo 'region' vale 'lima'; se esperaba una de las regiones del "
        "conjunto de datos (cusco, puno).\n"
    )
    english = cli("show", "projects", "--region", "lima")
    assert english.stderr == (
        "Error: --region: field 'region' is 'lima'; expected one of the regions of the data set "
        "(cusco, puno).\n"
    )


def test_unknown_region_json_error_in_spanish(cli: Callable[..., Run]) -> None:
    result = cli("show", "projects", "--region", "lima", "--lang", "es", "--json")
    assert result.code == 2
    error = json.loads(result.stdout)["error"]
    assert error["message"] == (
        "--region: el campo 'region' vale 'lima'; se esperaba una de las regiones del conjunto "
        "de datos (cusco, puno)."
    )
    assert error["expected"] == "una de las regiones del conjunto de datos (cusco, puno)"
    assert error["file"] == "--region" and error["field"] == "region" and error["got"] == "lima"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("rank",),
            "--region: el campo 'region' está vacío; se esperaba una región (cusco, puno) o "
            "--matrix y --criteria.",
        ),
        (
            ("rank", "--matrix", "m.csv"),
            "--matrix/--criteria: encontrado: solo una de las dos; se esperaba tanto "
            "--matrix M.csv como --criteria C.csv.",
        ),
        (
            ("weights", "--random-index", "nope"),
            "--random-index: el campo 'random-index' vale 'nope'; se esperaba una de las tablas "
            "de criteria/random_index.yaml (saaty-1980, saaty-2005, tummala-ling-1998, "
            "alonso-lamata-2006, donegan-dodd-1991).",
        ),
        (
            ("weights", "--region", "puno", "--stakeholder", "nadie"),
            "--stakeholder: el campo 'stakeholder' vale 'nadie'; se esperaba un actor del "
            "conjunto de datos (puno-regional-government, puno-una, puno-alpaca-breeders, "
            "puno-chamber-juliaca, puno-senati).",
        ),
        (
            ("robustness", "--samples", "0"),
            "--samples: el campo 'samples' vale 0; se esperaba 1 o más.",
        ),
        (
            ("robustness", "--matrix", "m.csv", "--criteria", "c.csv"),
            "--weights: el campo 'weights' vale 'group'; se esperaba uniform con --matrix (no hay "
            "actores cuyos pesos muestrear).",
        ),
    ],
)
def test_usage_mistakes_in_spanish(
    cli: Callable[..., Run], args: tuple[str, ...], line: str
) -> None:
    result = cli(*args, "--lang", "es")
    assert result.code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {line}"


def test_rank_without_region_json_error_in_spanish(cli: Callable[..., Run]) -> None:
    result = cli("rank", "--lang", "es", "--json")
    assert result.code == 2
    error = json.loads(result.stdout)["error"]
    assert error["expected"] == "una región (cusco, puno) o --matrix y --criteria"
    assert error["got"] == "nada"
    assert error["message"].startswith("--region: el campo 'region' está vacío;")
