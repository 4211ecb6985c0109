"""`robustness` from the command line, and its summary inside `compare`."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
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


def test_core_index_of_a_candidates_file(cli: Callable[..., Run]) -> None:
    """`robustness --projects P.csv --budget N` with the candidates' criteria (--matrix): the
    core index over the same weight scenarios as the acceptability, checked against the
    enumeration of every feasible portfolio of the file (brute force)."""
    good = Path(__file__).parent / "data" / "good"
    args = (
        "robustness",
        "--matrix",
        str(good / "candidates_matrix.csv"),
        "--criteria",
        str(good / "candidates_criteria.csv"),
        "--weights",
        "uniform",
        "--projects",
        str(good / "candidates_scored.csv"),
        "--budget",
        "400000",
        "--samples",
        "400",
    )
    payload = json.loads(cli(*args, "--json").stdout)
    shares = payload["core_index"]
    assert set(shares) == {"A", "B", "C", "D", "E"}
    # Brute force: each scenario's best feasible subset under the same drawn weights.
    from prioritizer.core.robustness import sample_weights, sampler_spec

    X = np.array([[7, 5, 3], [6, 8, 4], [4, 6, 8], [5, 5, 6], [3, 4, 9]], dtype=float)
    W = sample_weights(sampler_spec("uniform", 400, 0, ("impact", "reach", "feasibility")))
    cost = [200_000, 150_000, 100_000, 120_000, 80_000]
    feasible = [
        s
        for s in itertools.product([0, 1], repeat=5)
        if sum(c * x for c, x in zip(cost, s, strict=True)) <= 400_000
        and not (s[1] and not s[0])
        and not (s[2] and s[3])
    ]
    counts = np.zeros(5)
    for w in W:
        norm = X / np.sqrt((X**2).sum(axis=0))
        v = norm * w
        best, worst = v.max(axis=0), v.min(axis=0)
        d_plus = np.sqrt(((v - best) ** 2).sum(axis=1))
        d_minus = np.sqrt(((v - worst) ** 2).sum(axis=1))
        closeness = d_minus / (d_plus + d_minus)
        counts += np.array(max(feasible, key=lambda s: float(np.dot(s, closeness))))
    assert [shares[p] for p in "ABCDE"] == pytest.approx((counts / 400).tolist())
    text = cli(*args, "--lang", "es").stdout
    assert ("Alpha" in text and "Financiar" in text) or "financiar" in text.lower()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_candidates_core_index_needs_a_matrix_and_a_budget(
    cli: Callable[..., Run], lang: str
) -> None:
    good = Path(__file__).parent / "data" / "good"
    alone = cli("robustness", "--projects", str(good / "candidates_scored.csv"), "--lang", lang)
    assert alone.code == 2 and alone.stderr.count("\n") == 1
    assert "--matrix M.csv" in alone.stderr
    no_budget = cli(
        "robustness",
        "--matrix",
        str(good / "candidates_matrix.csv"),
        "--criteria",
        str(good / "candidates_criteria.csv"),
        "--weights",
        "uniform",
        "--projects",
        str(good / "candidates_scored.csv"),
        "--lang",
        lang,
    )
    assert no_budget.code == 2 and "--budget" in no_budget.stderr


def test_an_error_is_the_first_line_on_stderr(cli: Callable[..., Run], tmp_path: Path) -> None:
    """The progress display, off a terminal, leaves nothing before the error (it left an empty
    line)."""
    matrix = tmp_path / "m.csv"
    matrix.write_text("id,a,b\nx,1,2\ny,2,1\nz,3,3\n", encoding="utf-8")
    result = cli("robustness", "--matrix", str(matrix), "--criteria", str(tmp_path / "nope.csv"))
    assert result.code == 2
    assert result.stderr.startswith("Error: ")
