"""SMAA-2 with uncertain values, the weighted sum, pairwise winning indices and holistic
acceptability (issue 17, point 6), checked against closed forms of analytic cases.

No published SMAA example with printed numbers was found whose inputs this tool can take: the
R package smaa documents one (heparin against enoxaparin, its "thrombo" data), but it runs on
sampled arrays shipped as data files, not on distributions. So the references are closed
forms: for independent values the probability that one beats another is an integral that
can be done by hand, and for the weighted sum of two criteria under uniform weights
(Dirichlet(1, 1): w1 uniform on [0, 1]) each alternative is first on an interval of w1.
Monte Carlo answers are compared within 5 standard errors.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritizer.core.robustness import rank_acceptability
from prioritizer.core.robustness.values import ValueStream
from prioritizer.data.load.uncertain import load_uncertain_csv
from prioritizer.errors import InputError, InvalidMatrix
from prioritizer.results.smaa import (
    Distribution,
    MetaWeights,
    SmaaMethod,
    UncertainCell,
    UncertainValues,
)
from tests.conftest import Run

INTERVAL, TRIANGULAR, NORMAL = Distribution.INTERVAL, Distribution.TRIANGULAR, Distribution.NORMAL


def _within(estimate: float, p: float, samples: int) -> bool:
    """|estimate - p| within 5 standard errors of a share of `samples` draws."""
    return abs(estimate - p) <= 5 * math.sqrt(p * (1 - p) / samples) + 1e-12


def _one_criterion(cells: tuple[UncertainCell, ...], nominal: list[float], samples: int = 20_000):
    ids = [f"x{i}" for i in range(len(nominal))]
    return rank_acceptability(
        np.array(nominal)[:, None],
        [1],
        ids,
        ["v"],
        np.ones((samples, 1)),
        method="weighted-sum",
        values=UncertainValues(cells, seed=11),
    )


def test_two_uniform_values_beat_each_other_with_the_closed_form_probability() -> None:
    # a ~ U[0, 1], b ~ U[0.5, 1.5]: a > b only on the triangle a - b > 0 of area 1/8.
    cells = (UncertainCell("x0", "v", INTERVAL, 0, 1), UncertainCell("x1", "v", INTERVAL, 0.5, 1.5))
    result = _one_criterion(cells, [0.5, 1.0])
    assert _within(float(result.winning[0, 1]), 1 / 8, result.samples)
    assert result.winning[0, 1] + result.winning[1, 0] == pytest.approx(1.0)
    assert result.shares[0, 0] == pytest.approx(result.winning[0, 1])
    # One criterion: the central weight is 1, so the confidence factor is the same share of
    # the same value scenarios (drawn again from the same streams).
    assert result.confidence == pytest.approx(result.shares[:, 0])
    assert result.vectorised


def test_normal_and_triangular_values_against_their_distribution_functions() -> None:
    # N(0, 1) > 0.5 with probability 1 - Φ(0.5); triangular (0, 1, 1) has F(x) = x², so it
    # exceeds 0.5 with probability 0.75.
    cells = (UncertainCell("x0", "v", NORMAL, 0, 1), UncertainCell("x2", "v", TRIANGULAR, 0, 1, 1))
    result = _one_criterion(cells, [0.0, 0.5, 0.0])
    above_half = 1 - 0.5 * (1 + math.erf(0.5 / math.sqrt(2)))
    assert _within(float(result.winning[0, 1]), above_half, result.samples)
    assert _within(float(result.winning[2, 1]), 0.75, result.samples)
    # Two continuous draws tie with probability 0: each pair's shares add up to 1.
    off = ~np.eye(3, dtype=bool)
    assert (result.winning + result.winning.T)[off] == pytest.approx(1.0)


def test_weighted_sum_under_uniform_weights_gives_the_interval_lengths() -> None:
    # a = (1, 0), b = (0, 1), c = (0.6, 0.6): with w1 uniform, c is first for 0.4 < w1 < 0.6,
    # a for w1 > 0.6, b for w1 < 0.4; a beats b for w1 > 0.5.
    rng = np.random.default_rng(5)
    W = rng.dirichlet(np.ones(2), size=20_000)
    X = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.6]])
    result = rank_acceptability(X, [1, 1], ["a", "b", "c"], ["p", "q"], W, method="weighted-sum")
    for i, p in enumerate((0.4, 0.4, 0.2)):
        assert _within(float(result.shares[i, 0]), p, result.samples)
    assert _within(float(result.winning[0, 1]), 0.5, result.samples)
    assert result.central_weights[2] == pytest.approx([0.5, 0.5], abs=0.01)
    assert result.method is SmaaMethod.WEIGHTED_SUM


def test_a_cost_counts_against_in_the_weighted_sum() -> None:
    X = np.array([[1.0, 5.0], [1.0, 1.0]])
    result = rank_acceptability(
        X, [1, -1], ["dear", "cheap"], ["q", "cost"], np.array([[0.5, 0.5]]), method="weighted-sum"
    )
    assert result.shares[:, 0].tolist() == [0.0, 1.0]


def test_a_dominated_alternative_never_wins() -> None:
    cells = (
        UncertainCell("top", "p", INTERVAL, 2, 3),
        UncertainCell("top", "q", INTERVAL, 2, 3),
        UncertainCell("low", "p", INTERVAL, 0, 1),
        UncertainCell("low", "q", TRIANGULAR, 0, 0.5, 1),
    )
    W = np.random.default_rng(1).dirichlet(np.ones(2), size=2_000)
    result = rank_acceptability(
        np.array([[2.5, 2.5], [0.5, 0.5], [1.5, 1.5]]),
        [1, 1],
        ["top", "low", "mid"],
        ["p", "q"],
        W,
        method="weighted-sum",
        values=UncertainValues(cells, seed=2),
    )
    assert result.winning[1, 0] == 0 and result.winning[0, 1] == 1
    assert result.shares[1, 0] == 0 and result.confidence[1] == 0
    assert result.shares[0, 0] == 1 and result.confidence[0] == 1
    assert result.holistic[1] == pytest.approx(result.shares[1, 1] * 0.5)


@pytest.mark.parametrize("method", ["weighted-sum", "topsis", "vikor"])
def test_exact_values_and_one_weight_vector_give_zeros_and_ones(method: str) -> None:
    X = np.array([[3.0, 1.0], [1.0, 3.0], [2.0, 2.5], [0.5, 0.5]])
    W = np.tile([0.7, 0.3], (50, 1))
    result = rank_acceptability(X, [1, 1], list("abcd"), ["p", "q"], W, method=method)
    for indices in (result.shares, result.winning, result.confidence):
        assert set(np.unique(indices)) <= {0.0, 1.0}
    rank = result.shares.argmax(axis=1)
    assert result.holistic == pytest.approx(MetaWeights.LINEAR.alphas(4)[rank])


def test_uncertain_values_through_a_ranking_method_one_scenario_at_a_time() -> None:
    cells = (UncertainCell("a", "p", INTERVAL, 0, 4),)
    X = np.array([[2.0, 1.0], [1.0, 2.0], [1.5, 1.5]])
    result = rank_acceptability(
        X,
        [1, 1],
        ["a", "b", "c"],
        ["p", "q"],
        np.full((40, 2), 0.5),
        method="topsis",
        values=UncertainValues(cells, seed=4),
    )
    assert not result.vectorised
    assert 0 < result.shares[0, 0] < 1 and 0 < result.confidence[0] < 1


def test_values_do_not_depend_on_the_block_size() -> None:
    cells = (
        UncertainCell("a", "p", NORMAL, 1, 0.3),
        UncertainCell("b", "q", TRIANGULAR, 0, 0.2, 1),
        UncertainCell("c", "p", INTERVAL, 0, 2),
    )
    values = UncertainValues(cells, seed=9)
    X = np.array([[1.0, 0.5], [0.8, 0.6], [1.0, 0.4]])
    whole = ValueStream(X, "abc", ["p", "q"], values).draw(50)
    stream = ValueStream(X, "abc", ["p", "q"], values)
    parts = np.concatenate([stream.draw(7), stream.draw(1), stream.draw(42)])
    assert np.array_equal(whole, parts)
    W = np.random.default_rng(0).dirichlet(np.ones(2), size=300)
    runs = [
        rank_acceptability(
            X, [1, 1], "abc", ["p", "q"], W, method="weighted-sum", values=values, chunk_size=size
        )
        for size in (13, 1024)
    ]
    for name in ("shares", "winning", "confidence", "central_weights"):
        assert np.array_equal(getattr(runs[0], name), getattr(runs[1], name)), name


def test_ahp_refuses_values_that_can_go_below_zero() -> None:
    values = UncertainValues((UncertainCell("a", "p", NORMAL, 1, 0.1),))
    with pytest.raises(InvalidMatrix) as caught:
        rank_acceptability(
            np.array([[1.0, 2.0], [2.0, 1.0]]),
            [1, 1],
            "ab",
            ["p", "q"],
            np.full((3, 2), 0.5),
            method="ahp",
            values=values,
        )
    assert caught.value.field == "uncertain"


def test_meta_weights_follow_lahdelma_and_salminen() -> None:
    assert MetaWeights.LINEAR.alphas(3) == pytest.approx([1, 0.5, 0])
    assert MetaWeights.INVERSE.alphas(3) == pytest.approx([1, 1 / 2, 1 / 3])
    harmonic = 1 + 1 / 2 + 1 / 3
    assert MetaWeights.CENTROID.alphas(3) == pytest.approx([1, 5 / 6 / harmonic, 1 / 3 / harmonic])
    assert MetaWeights.LINEAR.alphas(1) == pytest.approx([1])


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(2, 5),
    m=st.integers(1, 3),
    seed=st.integers(0, 2**16),
    kind=st.sampled_from(list(MetaWeights)),
)
def test_invariants_with_every_cell_uncertain(n: int, m: int, seed: int, kind: MetaWeights) -> None:
    rng = np.random.default_rng(seed)
    low = rng.uniform(0, 1, (n, m))
    width = rng.uniform(0.1, 1, (n, m))
    kinds = [INTERVAL, TRIANGULAR, NORMAL]
    cells = []
    for i in range(n):
        for j in range(m):
            kind_ij = kinds[(i + j + seed) % 3]
            a, b = float(low[i, j]), float(low[i, j] + width[i, j])
            c = float(b + width[i, j]) if kind_ij is TRIANGULAR else None
            cells.append(UncertainCell(f"x{i}", f"c{j}", kind_ij, a, b, c))
    W = rng.dirichlet(np.ones(m), size=120)
    result = rank_acceptability(
        low,
        rng.choice([-1, 1], m),
        [f"x{i}" for i in range(n)],
        [f"c{j}" for j in range(m)],
        W,
        method="weighted-sum",
        values=UncertainValues(tuple(cells), seed=seed),
        meta_weights=kind,
    )
    assert result.shares.sum(axis=1) == pytest.approx(1.0)
    assert result.shares.sum(axis=0) == pytest.approx(1.0)
    off = ~np.eye(n, dtype=bool)
    assert (result.winning + result.winning.T)[off] == pytest.approx(1.0)
    assert np.all((result.holistic >= 0) & (result.holistic <= 1 + 1e-12))
    assert np.all((result.confidence >= 0) & (result.confidence <= 1))


# -- the file ------------------------------------------------------------------------------------
IDS, CRITERIA = ("a", "b"), ("quality", "cost")


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "U.csv"
    path.write_text("id,criterion,distribution,a,b,c\n" + body, encoding="utf-8")
    return path


def test_reads_each_distribution(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "a,quality,interval,1,2,\nb,quality,Triangular,0,1,3\na,cost,normal,5.5,1,\n"
    )
    values = load_uncertain_csv(path, IDS, CRITERIA, seed=3)
    assert [c.distribution for c in values.cells] == [INTERVAL, TRIANGULAR, NORMAL]
    assert values.cells[1].c == 3 and values.cells[2].a == 5.5 and values.seed == 3


@pytest.mark.parametrize(
    ("body", "line", "field"),
    [
        ("a,quality,interval,1,2,\nz,cost,interval,1,2,\n", 3, "id"),
        ("a,speed,interval,1,2,\n", 2, "criterion"),
        ("a,quality,interval,1,2,\na,quality,normal,1,2,\n", 3, "criterion"),
        ("a,quality,beta,1,2,\n", 2, "distribution"),
        ("a,quality,interval,3,2,\n", 2, "b"),
        ("a,quality,interval,1,2,3\n", 2, "c"),
        ("a,quality,triangular,1,2,\n", 2, "c"),
        ("a,quality,triangular,1,4,3\n", 2, "b"),
        ("a,quality,normal,1,-1,\n", 2, "b"),
        ("a,quality,normal,1,,\n", 2, "b"),
        ("a,quality,interval,one,2,\n", 2, "a"),
    ],
)
def test_names_the_line_and_field_of_a_bad_row(
    tmp_path: Path, body: str, line: int, field: str
) -> None:
    with pytest.raises(InputError) as caught:
        load_uncertain_csv(_write(tmp_path, body), IDS, CRITERIA)
    assert (caught.value.row, caught.value.field) == (line, field)
    assert str(tmp_path / "U.csv") in str(caught.value)


# -- the command ---------------------------------------------------------------------------------
def _own(tmp_path: Path) -> tuple[str, ...]:
    (tmp_path / "M.csv").write_text("id,quality,cost\na,0.7,0.4\nb,0.5,0.2\nc,0.1,0.9\n")
    (tmp_path / "C.csv").write_text("id,type,weight\nquality,benefit,0.6\ncost,cost,0.4\n")
    (tmp_path / "U.csv").write_text(
        "id,criterion,distribution,a,b,c\na,quality,interval,0.5,0.9,\n"
        "b,quality,triangular,0.3,0.5,0.8\nc,cost,normal,0.9,0.1,\n"
    )
    return (
        "robustness",
        "--matrix",
        str(tmp_path / "M.csv"),
        "--criteria",
        str(tmp_path / "C.csv"),
        "--weights",
        "uniform",
        "--samples",
        "400",
    )


def test_command_json_has_the_smaa_indices(cli: Callable[..., Run], tmp_path: Path) -> None:
    args = _own(tmp_path)
    uncertain = ("--uncertain", str(tmp_path / "U.csv"), "--method", "weighted-sum")
    result = cli(*args, *uncertain, "--meta-weights", "centroid", "--json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["method"] == "weighted-sum"
    winning = payload["pairwise_winning"]
    assert winning["a"]["b"] + winning["b"]["a"] == pytest.approx(1.0)
    assert winning["c"]["a"] == 0.0  # c is dominated whatever its cost draws
    assert payload["acceptability"]["c"][0] == 0.0 and payload["confidence"]["c"] is None
    assert 0 < payload["confidence"]["a"] < 1  # a real probability once values vary
    assert payload["meta_weights"]["kind"] == "centroid"
    holistic = payload["holistic_acceptability"]
    assert all(0 <= v <= 1 for v in holistic.values()) and holistic["c"] < holistic["a"]
    assert len(payload["uncertain_values"]["cells"]) == 3
    exact = json.loads(cli(*args, "--json").stdout)
    assert exact["uncertain_values"] is None and set(exact["confidence"].values()) <= {0, 1, None}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_command_text_shows_the_smaa_indices(
    cli: Callable[..., Run], tmp_path: Path, lang: str
) -> None:
    result = cli(*_own(tmp_path), "--uncertain", str(tmp_path / "U.csv"), "--lang", lang)
    assert result.code == 0, result.stderr
    words = {
        "en": ("Holistic acceptability", "Pairwise winning", "3 uncertain values"),
        "es": ("Aceptabilidad holística", "victoria por pares", "3 valores inciertos"),
    }
    for word in words[lang]:
        assert word in " ".join(result.stdout.split()), word


@pytest.mark.parametrize(
    "extra",
    [("--region", "cusco", "--method", "weighted-sum"), ("--region", "cusco", "--uncertain", "U")],
)
def test_command_needs_a_matrix_for_values_and_the_weighted_sum(
    cli: Callable[..., Run], extra: tuple[str, ...]
) -> None:
    result = cli("robustness", *extra)
    assert result.code != 0 and "--matrix" in result.stderr


def test_command_names_the_uncertain_file_line(cli: Callable[..., Run], tmp_path: Path) -> None:
    args = _own(tmp_path)
    (tmp_path / "U.csv").write_text("id,criterion,distribution,a,b\na,quality,interval,2,1\n")
    result = cli(*args, "--uncertain", str(tmp_path / "U.csv"))
    assert result.code != 0 and "U.csv, line 2" in result.stderr
    ahp = cli(*_own(tmp_path), "--uncertain", str(tmp_path / "U.csv"), "--method", "ahp")
    assert ahp.code != 0 and "U.csv" in ahp.stderr and "AHP" in ahp.stderr
