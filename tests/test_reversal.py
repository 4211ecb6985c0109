"""Tests for the fast rank-reversal check (prioritizer.core.rank.reversal and
rank_reversal_check).

The oracle is the check as first written (tests/reversal_reference.py): one validated
re-ranking per removed alternative and a comparison of every pair. The fast check must give
the same tuples, in the same order, for every method and option.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from prioritizer.core.rank import rank_alternatives, rank_reversal_check
from prioritizer.core.rank.alternatives import _competition_ranks
from prioritizer.core.rank.reversal import (
    _extremes_without,
    ahp_distributive_scorer,
    leave_one_out_sums,
    promethee_scorer,
    reversed_pairs,
    topsis_vector_scorer,
    unique_extreme_rows,
    vikor_scorer,
)
from tests.reversal_reference import reference_reversals
from tests.test_rank import no_warnings

VARIANTS = [
    pytest.param({"method": "topsis", "normalization": "vector"}, id="topsis-vector"),
    pytest.param({"method": "topsis", "normalization": "minmax"}, id="topsis-minmax"),
    pytest.param({"method": "ahp", "ahp_mode": "distributive"}, id="ahp-distributive"),
    pytest.param({"method": "ahp", "ahp_mode": "ideal"}, id="ahp-ideal"),
    pytest.param({"method": "vikor"}, id="vikor"),
    pytest.param({"method": "promethee"}, id="promethee"),
    pytest.param({"method": "spotis"}, id="spotis"),
]


ALWAYS_REVERSING = [
    {"method": "topsis", "normalization": "vector"},
    {"method": "ahp", "ahp_mode": "distributive"},
    {"method": "promethee"},
]


def outcome(function: Any, *args: Any, **options: Any) -> Any:
    """The result, or the type of the error raised (both checks must fail alike)."""
    try:
        with no_warnings():
            return function(*args, **options)
    except Exception as error:  # compared with the reference, not swallowed
        return type(error)


def names(X: np.ndarray) -> tuple[list[str], list[str]]:
    return [f"a{i}" for i in range(X.shape[0])], [f"c{j}" for j in range(X.shape[1])]


@st.composite
def matrices(draw: st.DrawFn) -> np.ndarray:
    """Small non-negative matrices with ties, zeros, and constant or nearly constant columns."""
    n = draw(st.integers(3, 8))
    m = draw(st.integers(1, 4))
    levels = draw(st.booleans())
    elements = (
        st.integers(0, 4).map(float)
        if levels
        else st.floats(0.0, 100.0, allow_nan=False).map(lambda x: round(x, 1))
    )
    X = draw(hnp.arrays(np.float64, (n, m), elements=elements))
    for j in range(m):
        shape = draw(st.sampled_from(["drawn", "drawn", "constant", "one differs", "nearly"]))
        if shape == "constant":
            X[:, j] = X[0, j]
        elif shape == "one differs":
            row = draw(st.integers(0, n - 1))
            X[:, j] = X[0, j]
            X[row, j] = draw(elements)
        elif shape == "nearly":  # spread within the 1e-9 tolerance, except perhaps one row
            X[:, j] = 50.0 * (1.0 + 1e-12 * np.arange(n))
            if draw(st.booleans()):
                X[draw(st.integers(0, n - 1)), j] = draw(elements)
    return X


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    X = draw(matrices())
    m = X.shape[1]
    w = draw(hnp.arrays(np.float64, (m,), elements=st.sampled_from([0.0, 0.1, 0.25, 0.4, 1.0])))
    assume(w.sum() > 0)
    types = draw(hnp.arrays(np.int64, (m,), elements=st.sampled_from([1, -1])))
    tolerance = draw(st.sampled_from([1e-9, 1e-9, 0.0, 0.02]))
    return X, w, types, tolerance


# ---------------------------------------------------------------------------------------------
# The fast check equals the reference loop.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
@settings(max_examples=120, deadline=None)
@given(problem=problems())
def test_prop_fast_check_equals_reference(
    variant: dict[str, Any], problem: tuple[np.ndarray, np.ndarray, np.ndarray, float]
) -> None:
    """Same RankReversal tuples, same order, including ties (a larger tolerance chains them),
    constant columns, a column that becomes constant without one row, and zero costs."""
    X, w, types, tolerance = problem
    ids, criteria = names(X)
    options = variant | {"tolerance": tolerance}
    expected = outcome(reference_reversals, X, w, types, ids, criteria, **options)
    assert outcome(rank_reversal_check, X, w, types, ids, criteria, **options) == expected


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fast_check_equals_reference_on_60_rows(variant: dict[str, Any], seed: int) -> None:
    """60 alternatives: most removals reorder something, so the kernels and the pair
    enumeration are exercised on hundreds of pairs (seed 2: 1-5 integer scores, many ties)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(1.0, 100.0, size=(60, 4)) if seed < 2 else rng.integers(1, 6, (60, 4)) * 1.0
    w, types = np.array([0.4, 0.3, 0.2, 0.1]), np.array([1, -1, 1, -1])
    ids, criteria = names(X)
    with no_warnings():
        expected = reference_reversals(X, w, types, ids, criteria, **variant)
        found = rank_reversal_check(X, w, types, ids, criteria, **variant)
    assert found == expected
    if variant in ALWAYS_REVERSING:  # every removal is scored by a kernel
        assert sum(len(r.reversed_pairs) for r in expected) > 100


def test_no_informative_criterion_no_reversal() -> None:
    X = np.array([[2.0, 1.0], [2.0, 1.0], [2.0, 1.0], [2.0, 1.0]])
    ids, criteria = names(X)
    for method in ("topsis", "ahp", "vikor", "promethee", "spotis"):
        assert rank_reversal_check(X, [1, 1], [1, -1], ids, criteria, method=method) == ()


# ---------------------------------------------------------------------------------------------
# Kernels against direct computation.
# ---------------------------------------------------------------------------------------------


def test_leave_one_out_sums_do_not_cancel() -> None:
    """A huge removed value must not wipe out the small ones (total minus value would)."""
    values = np.array([[1e20, 1.0], [1.0, 2.0], [2.0, 3.0]])
    sums = leave_one_out_sums(values)
    np.testing.assert_array_equal(sums, [[3.0, 5.0], [1e20 + 2.0, 4.0], [1e20 + 1.0, 3.0]])
    assert sums[0, 0] == 3.0


def test_unique_extreme_rows() -> None:
    X = np.array([[5.0, 1.0], [5.0, 2.0], [3.0, 2.0], [4.0, 0.0]])
    # column 0: max 5 twice (not unique), min 3 at row 2; column 1: max 2 twice, min 0 at row 3
    assert unique_extreme_rows(X).tolist() == [2, 3]


@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(2, 8), st.integers(1, 3)),
        elements=st.sampled_from([0.0, 1.0, 2.0, 2.5, -1.0]),
    )
)
def test_prop_extremes_without_each_row_are_those_of_the_rest(X: np.ndarray) -> None:
    """Brute force: the minimum and maximum of every column once row r is deleted, for a
    matrix and for one column alone; few distinct values, so extremes are often tied."""
    for values in (X, X[:, 0]):
        low, high = _extremes_without(values)
        for r in range(values.shape[0]):
            rest = np.delete(values, r, axis=0)
            assert np.array_equal(low[r], rest.min(axis=0))
            assert np.array_equal(high[r], rest.max(axis=0))


@given(
    hnp.arrays(
        np.float64,
        st.tuples(st.integers(2, 8), st.integers(1, 3)),
        elements=st.sampled_from([0.0, 1.0, 2.0, -1.0]),
    )
)
def test_prop_unique_extreme_rows_are_the_sole_holders(X: np.ndarray) -> None:
    """By definition: the rows that hold some column's minimum or maximum, and alone."""
    sole = {
        int(np.flatnonzero(holders)[0])
        for extreme in (X.min(axis=0), X.max(axis=0))
        for holders in np.equal(X, extreme).T
        if holders.sum() == 1
    }
    assert unique_extreme_rows(X).tolist() == sorted(sole)


def _inner_rows(X: np.ndarray) -> list[int]:
    extreme = set(unique_extreme_rows(X).tolist())
    return [r for r in range(X.shape[0]) if r not in extreme]


@pytest.mark.parametrize("seed", range(5))
def test_scorers_equal_ranking_the_reduced_problem(seed: int) -> None:
    """Each kernel's leave-one-out scores equal `rank_alternatives` on the matrix without that
    row, for every row that holds no column's unique extreme."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(1.0, 50.0, size=(12, 3))
    w, types = np.array([0.5, 0.3, 0.2]), np.array([1, -1, 1])
    rows = np.array(_inner_rows(X))
    ids, criteria = names(X)
    full_vikor = rank_alternatives(X, w, types, ids, criteria, method="vikor")
    kernels = {
        ("topsis", "vector"): topsis_vector_scorer(X, w, types),
        ("ahp", "distributive"): ahp_distributive_scorer(X, w, types),
        ("promethee", None): promethee_scorer(X, w, types),
        ("vikor", None): vikor_scorer(
            np.asarray(full_vikor.intermediates["group_utility"]),
            np.asarray(full_vikor.intermediates["individual_regret"]),
            1e-9,
        ),
    }
    for (method, variant), scorer in kernels.items():
        scores = scorer(rows)
        for q, r in enumerate(rows):
            rest = [i for i in range(X.shape[0]) if i != r]
            option = {"normalization": variant} if method == "topsis" else {}
            if method == "ahp":
                option = {"ahp_mode": variant}
            reduced = rank_alternatives(
                X[rest], w, types, [ids[i] for i in rest], criteria, method=method, **option
            )
            np.testing.assert_allclose(scores[q, rest], reduced.scores, rtol=1e-12, atol=1e-14)


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(3, 9),
    data=st.data(),
    higher_is_better=st.booleans(),
    tolerance=st.sampled_from([0.0, 1e-9, 0.3]),
)
def test_prop_reversed_pairs_match_every_pair(
    n: int, data: st.DataObject, higher_is_better: bool, tolerance: float
) -> None:
    """Against ranking each reduced score vector with rank._competition_ranks and comparing
    all pairs (integer-valued scores tie often; tolerance 0.3 chains 1, 1.25, 1.5 ...)."""
    values = st.integers(0, 6).map(lambda x: x / 4)
    full = data.draw(hnp.arrays(np.float64, (n,), elements=values))
    removed = np.array(data.draw(st.lists(st.integers(0, n - 1), min_size=1, unique=True)))
    scores = data.draw(hnp.arrays(np.float64, (removed.size, n), elements=values))
    full_ranks, _ = _competition_ranks(full, higher_is_better, tolerance)
    expected = []
    for q, r in enumerate(removed.tolist()):
        rest = [i for i in range(n) if i != r]
        ranks, _ = _competition_ranks(scores[q, rest], higher_is_better, tolerance)
        after = dict(zip(rest, ranks.tolist(), strict=True))
        pairs = [
            (a, b)
            for a in rest
            for b in rest
            if full_ranks[a] < full_ranks[b] and after[a] > after[b]
        ]
        if pairs:
            expected.append((r, pairs))
    found = reversed_pairs(
        full_ranks, removed, scores, higher_is_better=higher_is_better, tolerance=tolerance
    )
    assert sorted((r, p.tolist()) for r, p in found) == sorted(
        (r, [list(pair) for pair in pairs]) for r, pairs in expected
    )


def test_reversed_pairs_follow_tie_chains() -> None:
    """Scores 0, 0.3, 0.6 chain into one group at tolerance 0.3 though 0 and 0.6 differ by
    more: no strict order among them, so nothing there can flip; a tie is not a reversal."""
    full_ranks = np.array([1, 2, 3, 4])
    scores = np.array([[9.0, 0.6, 0.3, 0.0]])  # row 0 removed; 1, 2, 3 now one chained group
    found = reversed_pairs(full_ranks, np.array([0]), scores, higher_is_better=False, tolerance=0.3)
    assert found == []
    flipped = reversed_pairs(
        full_ranks,
        np.array([0]),
        np.array([[9.0, 0.9, 0.3, 0.0]]),
        higher_is_better=False,
        tolerance=0.3,
    )
    assert [(r, p.tolist()) for r, p in flipped] == [(0, [[1, 2], [1, 3]])]


def test_the_check_tells_its_progress_from_zero_to_every_removal() -> None:
    """The front end's progress display hears of the check at its start, after each block and
    at its end (the CLI shows it only past a second)."""
    rng = np.random.default_rng(3)
    X = rng.random((40, 3))
    heard: list[tuple[str, int, int]] = []
    rank_reversal_check(
        X,
        [0.5, 0.3, 0.2],
        [1, 1, -1],
        [f"a{i}" for i in range(40)],
        ["x", "y", "z"],
        progress=lambda stage, done, total: heard.append((stage, done, total)),
    )
    assert heard[0] == ("reversals", 0, 40) and heard[-1] == ("reversals", 40, 40)
    assert [done for _, done, _ in heard] == sorted(done for _, done, _ in heard)
