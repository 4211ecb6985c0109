"""Tests that every removal the rank-reversal check scores, by a kernel or again exactly, is
scored as ranking the problem without it, and that every removal it skips changes no score;
and that a caller's own ranking is used, not redone.

The extremes kernels (prioritizer.core.rank.extremes: TOPSIS min-max, AHP ideal, SPOTIS, VIKOR)
score the removals of the rows that alone hold a column's minimum or maximum; the oracle is
`rank_alternatives` on the matrix without that row (and tests/reversal_reference.py for the
reversals themselves).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from prioritizer.core.rank import leave_one_out, rank_alternatives, rank_reversal_check
from prioritizer.core.rank._checks import _informative, _validate
from prioritizer.core.rank.leave_one_out import _kernels, _leave_one_out, _moving
from prioritizer.core.rank.reversal import _extremes_without, unique_extreme_rows
from prioritizer.results.ranking import Ranking
from tests.reversal_reference import reference_reversals
from tests.test_rank import no_warnings
from tests.test_reversal import VARIANTS, matrices, names, outcome, problems

EXTREMES = [
    pytest.param({"method": "topsis", "normalization": "minmax"}, id="topsis-minmax"),
    pytest.param({"method": "ahp", "ahp_mode": "ideal"}, id="ahp-ideal"),
    pytest.param({"method": "vikor"}, id="vikor"),
    pytest.param({"method": "spotis"}, id="spotis"),
]


def scored_removals(
    X: np.ndarray, w: Any, types: Any, tolerance: float, **variant: Any
) -> tuple[Ranking, dict[int, np.ndarray]]:
    """The full ranking and, per removed row, the scores the check computes without it."""
    ids, criteria = names(X)
    full = rank_alternatives(X, w, types, ids, criteria, tolerance=tolerance, **variant)
    _, wv, tv, _, _ = _validate(X, w, types, ids, criteria, tolerance)
    found: dict[int, np.ndarray] = {}
    for removed, scores in _leave_one_out(full, X, wv, tv, tolerance):
        found.update(zip(removed.tolist(), scores, strict=True))
    return full, found


def assert_scored_as_reduced(
    X: np.ndarray, w: Any, types: Any, tolerance: float, **variant: Any
) -> dict[int, np.ndarray]:
    """Each scored removal gives the reduced ranking's scores; each skipped one changes no
    score of the others, or leaves no criterion to separate them (all tie). When ranking some
    reduced problem fails, the check fails alike (as the reference would)."""
    ids, criteria = names(X)
    options = {"tolerance": tolerance, **variant}
    whole = outcome(rank_alternatives, X, w, types, ids, criteria, **options)
    if isinstance(whole, type):  # the check ranks the whole problem first
        assert outcome(rank_reversal_check, X, w, types, ids, criteria, **options) is whole
        return {}
    reduced = {}
    for r in range(X.shape[0]):
        rest = [i for i in range(X.shape[0]) if i != r]
        names_left = [ids[i] for i in rest]
        reduced[r] = outcome(rank_alternatives, X[rest], w, types, names_left, criteria, **options)
    failures = {result for result in reduced.values() if isinstance(result, type)}
    if failures:
        assert outcome(scored_removals, X, w, types, tolerance, **variant) in failures
        return {}
    full, found = scored_removals(X, w, types, tolerance, **variant)
    for r, ranking in reduced.items():
        rest = [i for i in range(X.shape[0]) if i != r]
        if r in found:
            np.testing.assert_allclose(found[r][rest], ranking.scores, rtol=1e-9, atol=1e-12)
        elif ranking.weights.any():
            np.testing.assert_allclose(full.scores[rest], ranking.scores, rtol=1e-9, atol=1e-12)
        else:
            assert set(ranking.ranks.tolist()) == {1}
    return found


@pytest.mark.parametrize("variant", VARIANTS)
@settings(max_examples=120, deadline=None)
@given(problem=problems(), data=st.data())
def test_prop_removals_scored_as_ranking_without_them(
    variant: dict[str, Any],
    problem: tuple[np.ndarray, np.ndarray, np.ndarray, float],
    data: st.DataObject,
) -> None:
    """Random matrices of 3 to 8 rows with ties, duplicate extremes, zeros, constant and
    nearly constant columns and columns that become constant without one row; but for AHP
    (ratio scale), some columns negated."""
    X, w, types, tolerance = problem
    if variant["method"] != "ahp":
        X = X * data.draw(hnp.arrays(np.int64, (X.shape[1],), elements=st.sampled_from([1, -1])))
    with no_warnings():
        assert_scored_as_reduced(X, w, types, tolerance, **variant)


@settings(max_examples=300, deadline=None)
@given(X=matrices(), data=st.data(), tolerance=st.sampled_from([0.0, 1e-9, 0.02]))
def test_prop_moving_rows_change_the_informative_columns(
    X: np.ndarray, data: st.DataObject, tolerance: float
) -> None:
    """_moving, from the columns' extremes without each row, is `_informative` of the matrix
    without it; columns are negated at random (then the largest |x| is the minimum's)."""
    X = X * data.draw(hnp.arrays(np.int64, (X.shape[1],), elements=st.sampled_from([1, -1])))
    rows = np.arange(X.shape[0])
    informative = _informative(X, tolerance)
    expected = [
        r
        for r in rows.tolist()
        if not np.array_equal(_informative(np.delete(X, r, axis=0), tolerance), informative)
    ]
    assert _moving(X, rows, tolerance, _extremes_without(X)).tolist() == expected


def test_moving_reads_the_largest_magnitude_of_a_negative_column() -> None:
    """Without row 2, column 0 spans 0.0199: constant at tolerance 0.02 against |-1|, though
    not against |-0.9801|."""
    X = np.array([[-1.0, 1.0], [-0.9801, 2.0], [-0.5, 3.0]])
    without = _informative(np.delete(X, 2, axis=0), 0.02)
    assert without.tolist() == [False, True] and _informative(X, 0.02).all()
    assert _moving(X, np.arange(3), 0.02, _extremes_without(X)).tolist() == [2]


CASES = {
    "three rows": np.array([[1.0, 9.0], [4.0, 2.0], [7.0, 5.0]]),
    "duplicate extremes": np.array([[1.0, 5.0], [1.0, 2.0], [3.0, 5.0], [6.0, 4.0], [6.0, 1.0]]),
    "constant column": np.array(
        [[2.0, 3.0, 8.0], [2.0, 9.0, 1.0], [2.0, 5.0, 4.0], [2.0, 4.0, 6.0]]
    ),
    "ties": np.array([[1.0, 1.0], [2.0, 2.0], [2.0, 2.0], [3.0, 0.0], [1.0, 3.0]]),
    "zero cost": np.array([[0.0, 3.0], [2.0, 1.0], [4.0, 4.0], [1.0, 2.0]]),
}


@pytest.mark.parametrize("variant", EXTREMES)
@pytest.mark.parametrize("case", CASES)
def test_extremes_kernels_score_the_holders_of_an_extreme(
    variant: dict[str, Any], case: str
) -> None:
    """Small worked matrices: the kernel scores at least one holder of a unique extreme, its
    scores are the reduced ranking's and the reversals the reference's."""
    X = CASES[case]
    m = X.shape[1]
    w, types = np.linspace(1.0, 2.0, m), np.array([1, -1, 1][:m])
    ids, criteria = names(X)
    with no_warnings():
        full = rank_alternatives(X, w, types, ids, criteria, **variant)
        exact = unique_extreme_rows(X)
        extremes = _extremes_without(X)
        moving = _moving(X, exact, 1e-9, extremes)
        kernels = _kernels(full, X, types, 1e-9, exact, moving, extremes)
        assert kernels[-1][1].size > 0  # the extremes kernel has rows to score
        assert_scored_as_reduced(X, w, types, 1e-9, **variant)
        expected = reference_reversals(X, w, types, ids, criteria, **variant)
        assert rank_reversal_check(X, w, types, ids, criteria, **variant) == expected


@pytest.mark.parametrize("variant", EXTREMES)
def test_a_removal_that_leaves_a_column_constant_is_ranked_again(
    variant: dict[str, Any],
) -> None:
    """Without row 3 column 0 is constant, so the weights change: not the kernel's to score."""
    X = np.array([[5.0, 1.0], [5.0, 4.0], [5.0, 2.0], [9.0, 3.0]])
    w, types = np.array([0.7, 0.3]), np.array([1, 1])
    with no_warnings():
        full = rank_alternatives(X, w, types, *names(X), **variant)
        exact = unique_extreme_rows(X)
        extremes = _extremes_without(X)
        moving = _moving(X, exact, 1e-9, extremes)
        assert exact.tolist() == [0, 1, 3] and moving.tolist() == [3]
        scored = [
            rows.tolist() for _, rows in _kernels(full, X, types, 1e-9, exact, moving, extremes)
        ]
        assert [0, 1] in scored and all(3 not in rows for rows in scored)
        found = assert_scored_as_reduced(X, w, types, 1e-9, **variant)
    assert 3 in found


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_callers_ranking_is_used_not_redone(
    variant: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(5)
    X = rng.uniform(1.0, 9.0, size=(30, 3))
    w, types = [0.5, 0.3, 0.2], [1, -1, 1]
    ids, criteria = names(X)
    with no_warnings():
        ranking = rank_alternatives(X, w, types, ids, criteria, **variant)
        expected = rank_reversal_check(X, w, types, ids, criteria, **variant)

        def refuse(*args: Any, **kwargs: Any) -> Ranking:
            raise AssertionError("ranked again")

        monkeypatch.setattr(leave_one_out, "rank_alternatives", refuse)
        given = rank_reversal_check(X, w, types, ids, criteria, ranking=ranking, **variant)
    assert given == expected and expected


def test_a_ranking_of_another_problem_is_refused() -> None:
    X = np.array([[1.0, 2.0], [3.0, 1.0], [2.0, 3.0]])
    ids, criteria = names(X)
    ranking = rank_alternatives(X, [1, 1], [1, 1], ids, criteria, method="vikor")
    with pytest.raises(ValueError, match="ranking"):
        rank_reversal_check(X, [1, 1], [1, 1], ids, criteria, ranking=ranking, method="topsis")
    with pytest.raises(ValueError, match="ranking"):
        rank_reversal_check(X, [1, 1], [1, 1], ["x", "y", "z"], criteria, ranking=ranking)
    with pytest.raises(ValueError, match="ranking"):
        rank_reversal_check(X, [1, 1], [1, 1], ids, criteria, ranking=ranking, vikor_v=0.3)
    with pytest.raises(ValueError, match="ranking"):  # the ranking weighed the criteria 1:1
        rank_reversal_check(X, [3, 1], [1, 1], ids, criteria, ranking=ranking)
    with pytest.raises(ValueError, match="ranking"):
        rank_reversal_check(X, [1, 1], [1, 1], ids, ["p", "q"], ranking=ranking)


def test_two_alternatives_are_checked_before_nothing_is_found() -> None:
    """With fewer than 3 alternatives no removal can reorder a pair, but a wrong call is
    still refused rather than answered with no reversals."""
    X = np.array([[1.0, 2.0], [3.0, 1.0]])
    ids, criteria = names(X)
    ranking = rank_alternatives(X, [1, 1], [1, 1], ids, criteria)
    assert rank_reversal_check(X, [1, 1], [1, 1], ids, criteria, ranking=ranking) == ()
    with pytest.raises(ValueError, match="ranking"):
        rank_reversal_check(X, [1, 1], [1, 1], ["x", "y"], criteria, ranking=ranking)
    with pytest.raises(TypeError, match="normalisation"):
        rank_reversal_check(X, [1, 1], [1, 1], ids, criteria, normalisation="x")


@pytest.mark.parametrize(
    ("made", "asked"),
    [
        ({"method": "topsis", "normalization": "vector"}, {"normalization": "minmax"}),
        ({"method": "ahp", "ahp_mode": "ideal"}, {"method": "ahp", "ahp_mode": "distributive"}),
    ],
)
def test_a_ranking_made_with_other_options_is_refused(
    made: dict[str, str], asked: dict[str, str]
) -> None:
    """The check would follow the ranking's variant, not the one asked for: refused."""
    X = np.array([[1.0, 2.0], [3.0, 1.0], [2.0, 3.0], [4.0, 4.0]])
    ids, criteria = names(X)
    ranking = rank_alternatives(X, [1, 1], [1, 1], ids, criteria, **made)
    alone = rank_reversal_check(X, [1, 1], [1, 1], ids, criteria, **made)
    assert rank_reversal_check(X, [1, 1], [1, 1], ids, criteria, ranking=ranking, **made) == alone
    with pytest.raises(ValueError, match="ranking"):
        rank_reversal_check(X, [1, 1], [1, 1], ids, criteria, ranking=ranking, **asked)


def test_an_unknown_option_is_refused_even_with_a_ranking() -> None:
    X = np.array([[1.0, 2.0], [3.0, 1.0], [2.0, 3.0]])
    ids, criteria = names(X)
    ranking = rank_alternatives(X, [1, 1], [1, 1], ids, criteria)
    with pytest.raises(TypeError, match="normalisation"):
        rank_reversal_check(X, [1, 1], [1, 1], ids, criteria, ranking=ranking, normalisation="x")
