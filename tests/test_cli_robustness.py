"""`robustness` from the command line, and its summary inside `compare`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

DATA = Path(__file__).parent / "data"


def test_region_json_contract(cli: Callable[..., Run]) -> None:
    result = cli("robustness", "--region", "cusco", "--samples", "800", "--seed", "7", "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["samples"] == 800 and payload["seed"] == 7
    acceptability = payload["acceptability"]
    assert len(acceptability) == 16
    for shares in acceptability.values():
        assert len(shares) == 16 and sum(shares) == pytest.approx(1.0)
    for rank in range(16):
        assert sum(s[rank] for s in acceptability.values()) == pytest.approx(1.0)
    assert set(payload["core_index"]) == set(acceptability)
    assert all(0.0 <= v <= 1.0 for v in payload["core_index"].values())
    for weights in payload["central_weights"].values():
        if weights:
            assert sum(weights.values()) == pytest.approx(1.0)


def test_same_seed_same_answer_other_seed_other_samples(cli: Callable[..., Run]) -> None:
    args = ("robustness", "--region", "puno", "--samples", "500", "--json")
    first = json.loads(cli(*args, "--seed", "3").stdout)
    again = json.loads(cli(*args, "--seed", "3").stdout)
    other = json.loads(cli(*args, "--seed", "4").stdout)
    assert first == again
    assert first["acceptability"] != other["acceptability"]


@pytest.mark.parametrize("kind", ["uniform", "group", "stakeholders"])
def test_every_sampler(cli: Callable[..., Run], kind: str) -> None:
    result = cli("robustness", "--region", "puno", "--samples", "300", "--weights", kind, "--json")
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["sampler"]["kind"] == kind


def test_own_matrix(cli: Callable[..., Run]) -> None:
    args = (
        "robustness",
        "--matrix",
        str(DATA / "good" / "matrix.csv"),
        "--criteria",
        str(DATA / "good" / "criteria.csv"),
        "--weights",
        "uniform",
        "--samples",
        "400",
    )
    result = cli(*args, "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload["acceptability"]) == {"A", "B", "C", "D", "E"}
    assert "core_index" not in payload or not payload["core_index"]
    shown = cli(*args)
    assert shown.code == 0 and "Rank 1" in shown.stdout


def test_own_matrix_has_no_stakeholders(cli: Callable[..., Run]) -> None:
    result = cli(
        "robustness",
        "--matrix",
        str(DATA / "good" / "matrix.csv"),
        "--criteria",
        str(DATA / "good" / "criteria.csv"),
        "--weights",
        "group",
    )
    assert result.code == 2 and "uniform" in result.stderr


def test_compare_carries_the_core_index_summary(cli: Callable[..., Run]) -> None:
    payload = json.loads(cli("compare", "--no-save", "--json").stdout)
    for region in payload["regions"].values():
        summary = region["robustness"]
        assert summary["samples"] == 2000 and summary["seed"] == 0
        core = set(summary["core"])
        assert core
        assert all(summary["core_index"][p] >= 0.95 for p in core)
        assert all(0.05 < summary["core_index"][p] < 0.95 for p in summary["borderline"])


def test_bad_matrix_for_ahp_in_spanish(cli: Callable[..., Run]) -> None:
    """The ranking's validation runs first and its message points at the file's line."""
    matrix = DATA / "bad" / "matrix_negative_values.csv"
    result = cli(
        "robustness",
        "--matrix",
        str(matrix),
        "--criteria",
        str(DATA / "good" / "criteria.csv"),
        "--weights",
        "uniform",
        "--method",
        "ahp",
        "--samples",
        "50",
        "--lang",
        "es",
    )
    assert result.code == 2, result.stdout
    assert result.stderr.endswith(
        f"Error: {matrix}, línea 2: el campo 'quality' vale -5.0; se esperaba un número >= 0 "
        "(la síntesis AHP necesita valores en escala de razón).\n"
    )


def test_negative_seed_in_spanish(cli: Callable[..., Run]) -> None:
    result = cli(
        "robustness",
        "--matrix",
        str(DATA / "good" / "matrix.csv"),
        "--criteria",
        str(DATA / "good" / "criteria.csv"),
        "--weights",
        "uniform",
        "--seed",
        "-1",
        "--lang",
        "es",
    )
    assert result.code == 2, result.stdout
    assert result.stderr.endswith("Error: seed vale -1; se esperaba un número entero >= 0.\n")
