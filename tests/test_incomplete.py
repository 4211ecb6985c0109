"""Tests of prioritizer.core.weigh.incomplete: a published worked example (via AHPy), the complete-
matrix AHP as oracle when nothing is missing, the paper's own cyclic-coordinates search in plain
numpy as oracle of the optimal completion, invariants, and the questionnaire's running CR."""

from __future__ import annotations

import math

import numpy as np
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from prioritizer.core.elicit import Pair, Questionnaire
from prioritizer.core.weigh import ahp_weights
from prioritizer.core.weigh.incomplete import (
    complete,
    connected_groups,
    incomplete_priorities,
    incomplete_random_index,
    optimal_completion,
)
from prioritizer.errors import InvalidMatrix
from prioritizer.resources import embedded_dir

SCALE = [float(v) for v in range(1, 10)] + [1.0 / v for v in range(2, 10)]
NAN = math.nan


def _random_index_table(table_id: str) -> dict[int, float]:
    data = yaml.safe_load((embedded_dir("criteria") / "random_index.yaml").read_text("utf-8"))
    table = next(item for item in data["tables"] if item["id"] == table_id)
    return {int(n): float(value) for n, value in table["values"].items()}


SAATY_RI = _random_index_table("saaty-1980")

# Bozóki, Fülöp & Rónyai (2010)'s 4 x 4 example, as AHPy's README ("Missing Pairwise
# Comparisons", PhilipGriffith/AHPy) runs it: the complete matrix has c vs d = 3/4; with that
# pair removed AHPy's cyclic coordinates (tolerance 1e-4) complete it as 0.7302971068355002.
BOZOKI_COMPLETE = np.array(
    [[1, 1, 5, 2], [1, 1, 3, 4], [1 / 5, 1 / 3, 1, 3 / 4], [1 / 2, 1 / 4, 4 / 3, 1]]
)
# Donegan & Dodd (1991)'s RI(4), the random index AHPy uses by default (its source, `ri_dict`).
DONEGAN_DODD_RI_4 = 0.8286


def _without(matrix: np.ndarray, pairs: list[tuple[int, int]]) -> np.ndarray:
    a = np.array(matrix, dtype=float)
    for i, j in pairs:
        a[i, j] = a[j, i] = NAN
    return a


# -- published example -------------------------------------------------------------------------
def test_optimal_completion_bozoki_fulop_ronyai_2010_as_ahpy_reports_it() -> None:
    """AHPy README: with (c, d) missing, c vs d completes as 0.7302971 and the weights are
    b 0.392, a 0.3738, d 0.1357, c 0.0985 (4 decimals), CR 0.0372 with Donegan & Dodd's RI."""
    result = complete(_without(BOZOKI_COMPLETE, [(2, 3)]), "abcd", random_index=SAATY_RI)
    assert result.completed[2, 3] == pytest.approx(0.7302971068355002, abs=1e-6)
    assert result.completed[3, 2] == pytest.approx(1 / result.completed[2, 3], rel=1e-12)
    expected = {"a": 0.3738, "b": 0.392, "c": 0.0985, "d": 0.1357}
    for criterion, weight in zip(result.ids, result.weights, strict=True):
        assert weight == pytest.approx(expected[criterion], abs=5e-5)
    assert result.consistency_index / DONEGAN_DODD_RI_4 == pytest.approx(0.0372, abs=5e-5)
    assert result.missing == (("c", "d"),)


def test_complete_matrix_as_ahpy_reports_it() -> None:
    """AHPy README, the same matrix complete: b 0.3917, a 0.3742, d 0.1349, c 0.0991, CR 0.0372."""
    result = complete(BOZOKI_COMPLETE, "abcd", random_index={4: DONEGAN_DODD_RI_4})
    expected = [0.3742, 0.3917, 0.0991, 0.1349]
    assert list(result.weights) == pytest.approx(expected, abs=5e-5)
    assert result.consistency_ratio == pytest.approx(0.0372, abs=5e-5)
    assert result.missing == () and result.connected and result.cycles == 3


# -- oracles -----------------------------------------------------------------------------------
def _cyclic_coordinates(matrix: np.ndarray, sweeps: int = 100) -> np.ndarray:
    """The algorithm of Bozóki, Fülöp & Rónyai (2010, section 5), in plain numpy: minimise λmax
    over one missing log-value at a time by golden-section search (λmax is convex in each)."""
    a = np.array(matrix, dtype=float)
    rows, columns = np.nonzero(np.triu(np.isnan(a), k=1))
    a[rows, columns] = a[columns, rows] = 1.0
    bound = a.shape[0] * (np.max(np.abs(np.log(a))) + 1.0)
    ratio = (math.sqrt(5) - 1) / 2

    def lam(i: int, j: int, y: float) -> float:
        a[i, j], a[j, i] = math.exp(y), math.exp(-y)
        return float(np.max(np.linalg.eigvals(a).real))

    for _ in range(sweeps):
        before = a.copy()
        for i, j in zip(rows, columns, strict=True):
            low, high = -bound, bound
            left, right = high - ratio * (high - low), low + ratio * (high - low)
            f_left, f_right = lam(i, j, left), lam(i, j, right)
            while high - low > 1e-10:
                if f_left < f_right:
                    high, right, f_right = right, left, f_left
                    left = high - ratio * (high - low)
                    f_left = lam(i, j, left)
                else:
                    low, left, f_left = left, right, f_right
                    right = low + ratio * (high - low)
                    f_right = lam(i, j, right)
            lam(i, j, (low + high) / 2)
        if np.max(np.abs(np.log(a / before))) < 1e-10:
            break
    return a


@st.composite
def incomplete_matrices(draw: st.DrawFn, *, consistent: bool = False) -> tuple[np.ndarray, list]:
    """A random pairwise matrix on Saaty's scale (or consistent, from random weights) with pairs
    removed while a random spanning tree keeps every criterion linked."""
    n = draw(st.integers(3, 6))
    weights = draw(st.lists(st.floats(0.05, 20.0), min_size=n, max_size=n))
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            value = weights[i] / weights[j] if consistent else draw(st.sampled_from(SCALE))
            a[i, j], a[j, i] = value, 1 / value
    order = draw(st.permutations(range(n)))
    tree = {frozenset((order[k], order[draw(st.integers(0, k - 1))])) for k in range(1, n)}
    for i in range(n):
        for j in range(i + 1, n):
            if frozenset((i, j)) not in tree and draw(st.booleans()):
                a[i, j] = a[j, i] = NAN
    return a, weights


@settings(max_examples=25, deadline=None)
@given(incomplete_matrices())
def test_prop_completion_agrees_with_cyclic_coordinates(case: tuple[np.ndarray, list]) -> None:
    """Independent oracle: the paper's own coordinate search finds the same λmax and values."""
    matrix, _ = case
    assume(np.isnan(matrix).any())
    ours = optimal_completion(matrix)
    theirs = _cyclic_coordinates(matrix)
    lam = float(np.max(np.linalg.eigvals(ours).real))
    assert lam == pytest.approx(float(np.max(np.linalg.eigvals(theirs).real)), abs=1e-9)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4)


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 7), st.data())
def test_prop_nothing_missing_is_exactly_the_complete_ahp(n: int, data: st.DataObject) -> None:
    """With every pair judged, `complete` is `ahp_weights`: same weights, λmax, CI, CR, worst."""
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            value = data.draw(st.sampled_from(SCALE))
            a[i, j], a[j, i] = value, 1 / value
    ids = [f"c{k}" for k in range(n)]
    ours = complete(a, ids, random_index=SAATY_RI)
    theirs = ahp_weights(a, ids, random_index=SAATY_RI)
    assert np.array_equal(ours.weights, theirs.weights)
    assert np.array_equal(ours.completed, theirs.matrix)
    assert (ours.lambda_max, ours.consistency_index) == (
        theirs.lambda_max,
        theirs.consistency_index,
    )
    assert ours.consistency_ratio == theirs.consistency_ratio
    assert ours.random_index_used == theirs.random_index_used
    assert ours.worst_judgment == theirs.worst_judgment
    assert ours.missing == () and ours.questions_to_connect == ()


# -- invariants --------------------------------------------------------------------------------
@settings(max_examples=100, deadline=None)
@given(incomplete_matrices(consistent=True))
def test_prop_consistent_linked_judgments_give_the_generating_weights(
    case: tuple[np.ndarray, list],
) -> None:
    """Consistent judgments on any linked set of pairs: the weights come back exactly, every
    missing pair is completed as w_i/w_j, and CR is 0 (or None when nothing can be checked)."""
    matrix, weights = case
    w = np.array(weights) / sum(weights)
    n = len(w)
    result = complete(matrix, [f"c{k}" for k in range(n)], random_index=SAATY_RI)
    np.testing.assert_allclose(result.weights, w, rtol=1e-8)
    np.testing.assert_allclose(result.completed, np.outer(w, 1 / w), rtol=1e-7)
    assert result.lambda_max == pytest.approx(n, abs=1e-9)
    if result.cycles:
        assert result.consistency_ratio == pytest.approx(0.0, abs=1e-8)
    else:
        assert result.consistency_ratio is None
    assert result.worst_judgment is None


@settings(max_examples=60, deadline=None)
@given(incomplete_matrices(consistent=True), st.data())
def test_prop_a_consistent_extra_judgment_changes_nothing(
    case: tuple[np.ndarray, list], data: st.DataObject
) -> None:
    matrix, weights = case
    rows, columns = np.nonzero(np.triu(np.isnan(matrix), k=1))
    assume(rows.size > 0)
    pick = data.draw(st.integers(0, rows.size - 1))
    i, j = int(rows[pick]), int(columns[pick])
    more = matrix.copy()
    more[i, j], more[j, i] = weights[i] / weights[j], weights[j] / weights[i]
    ids = [f"c{k}" for k in range(len(weights))]
    before = complete(matrix, ids, random_index=SAATY_RI)
    after = complete(more, ids, random_index=SAATY_RI)
    np.testing.assert_allclose(after.weights, before.weights, rtol=1e-8)
    assert len(after.missing) == len(before.missing) - 1
    assert after.cycles == before.cycles + 1


@settings(max_examples=60, deadline=None)
@given(incomplete_matrices())
def test_prop_optimal_completion_beats_harkers_and_stays_near_the_judgments(
    case: tuple[np.ndarray, list],
) -> None:
    """Harker's fill (a_ij = w_i/w_j) is one completion, so the optimum's λmax is at most its;
    the optimum's log-values stay within n (max |log a| + 1), as the docstring says."""
    matrix, _ = case
    best = optimal_completion(matrix)
    w = incomplete_priorities(matrix)
    harker = np.where(np.isnan(matrix), np.outer(w, 1 / w), matrix)
    assert np.max(np.linalg.eigvals(best).real) <= np.max(np.linalg.eigvals(harker).real) + 1e-9
    bound = matrix.shape[0] * (np.nanmax(np.abs(np.log(matrix))) + 1.0)
    assert np.max(np.abs(np.log(best))) < bound - 1.0


@settings(max_examples=60, deadline=None)
@given(incomplete_matrices(), st.integers(1, 3), st.data())
def test_prop_the_questions_to_connect_link_every_criterion(
    case: tuple[np.ndarray, list], cut: int, data: st.DataObject
) -> None:
    """Remove every judgment of a few criteria: the questions proposed are one fewer than the
    groups, and answering them (any values) links every criterion."""
    matrix, _ = case
    n = matrix.shape[0]
    loose = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=min(cut, n - 1)))
    a = matrix.copy()
    for k in loose:
        a[k, :] = a[:, k] = NAN
        a[k, k] = 1.0
    ids = [f"c{k}" for k in range(n)]
    result = complete(a, ids, random_index=SAATY_RI)
    assert len(result.questions_to_connect) == len(result.groups) - 1
    assert not result.connected and np.isnan(result.weights).sum() == n - len(result.group)
    answered = a.copy()
    for row, column in result.questions_to_connect:
        i, j = ids.index(row), ids.index(column)
        assert i < j and math.isnan(a[i, j])
        answered[i, j], answered[j, i] = 3.0, 1 / 3
    linked = complete(answered, ids, random_index=SAATY_RI)
    assert linked.connected and not np.isnan(linked.weights).any()


def test_connected_groups_largest_first_then_by_first_criterion() -> None:
    known = np.eye(5, dtype=bool)
    for i, j in [(0, 3), (1, 2), (2, 4)]:
        known[i, j] = known[j, i] = True
    assert connected_groups(known) == ((1, 2, 4), (0, 3))
    assert connected_groups(np.eye(2, dtype=bool)) == ((0,), (1,))


def test_incomplete_random_index_runs_from_the_complete_table_to_zero_for_a_tree() -> None:
    """RI(n, 0) = RI(n); RI(n, m_max) = 0 with m_max = (n-1)(n-2)/2; linear in between."""
    assert incomplete_random_index(1.12, 5, 0) == 1.12
    assert incomplete_random_index(1.12, 5, 6) == 0.0
    assert incomplete_random_index(1.12, 5, 3) == pytest.approx(0.56)
    assert incomplete_random_index(0.0, 2, 0) == 0.0


def test_a_tree_of_judgments_has_no_cr_and_a_single_judgment_no_cr_either() -> None:
    a = np.full((4, 4), NAN)
    np.fill_diagonal(a, 1.0)
    for i, j, value in [(0, 1, 3.0), (1, 2, 5.0), (1, 3, 1 / 2)]:
        a[i, j], a[j, i] = value, 1 / value
    result = complete(a, "abcd", random_index=SAATY_RI)
    assert result.cycles == 0 and result.consistency_ratio is None and result.consistent is None
    assert result.lambda_max == pytest.approx(4.0, abs=1e-9)
    assert result.completed[0, 2] == pytest.approx(15.0) and result.completed[2, 3] == (
        pytest.approx(1 / 10)
    )
    single = complete(_without(np.ones((3, 3)), [(0, 2), (1, 2)]), "abc", random_index=SAATY_RI)
    assert single.group == ("a", "b") and single.consistency_ratio is None
    assert single.questions_to_connect == (("a", "c"),)


def test_a_contradicting_triad_is_caught_before_the_matrix_is_complete() -> None:
    """a > b, b > c and c > a (each twice as important), plus a vs d: the CR of the incomplete
    matrix (RI(4, 2) = 0.9 / 3) is above 0.10; the three judgments of the cycle are equally at
    odds, so the first in row order is named, and what would fit is a tie."""
    a = np.full((4, 4), NAN)
    np.fill_diagonal(a, 1.0)
    for i, j, value in [(0, 1, 2.0), (1, 2, 2.0), (2, 0, 2.0), (0, 3, 4.0)]:
        a[i, j], a[j, i] = value, 1 / value
    result = complete(a, "abcd", random_index=SAATY_RI)
    assert result.cycles == 1 and result.random_index_used == pytest.approx(0.3)
    assert result.consistency_ratio is not None and result.consistency_ratio > 0.10
    worst = result.worst_judgment
    assert worst is not None and (worst.row, worst.column, worst.given) == ("a", "b", 2.0)
    assert worst.consistent == pytest.approx(1.0) and worst.nearest_saaty == 1.0


def test_the_questionnaire_shows_cr_and_the_worst_answer_as_soon_as_a_cycle_contradicts() -> None:
    """Juliaca's answers (README: CR 0.155 once complete) in question order: nothing to check
    after the first three (a tree), a CR for the triad after the fourth, the contradiction with
    diversification vs cost = 5 caught at the fifth, one answer before the matrix is complete."""
    ids = ("specialization", "diversification", "global-context", "cost")
    q = Questionnaire(ids=ids, scale=tuple(range(1, 10)), random_index=SAATY_RI)
    answers = [1 / 2, 1 / 5, 1 / 3, 1 / 2, 5.0, 7.0]
    given: dict[Pair, float] = {}
    seen = []
    for pair, value in zip(q.pairs, answers, strict=True):
        given[pair] = value
        progress = q.progress(given)
        seen.append((progress.consistency_ratio, progress.worst))
    assert [ratio is None for ratio, _ in seen[:3]] == [True, True, True]
    assert seen[3][0] is not None and seen[3][0] < 0.10 and seen[3][1] is None
    ratio, worst = seen[4]
    assert ratio is not None and ratio > 0.10 and worst is not None
    assert q.progress(given).complete and seen[5][0] == pytest.approx(0.155, abs=5e-4)
    partial = q.progress(dict(list(given.items())[:5]))
    assert partial.to_dict()["consistent"] is False and partial.partial is not None
    _, record, after = q.revise(dict(list(given.items())[:5]), worst.nearest_saaty)
    assert record.ratio_before == ratio and after.consistency_ratio is not None
    assert after.consistency_ratio < ratio


# -- input -------------------------------------------------------------------------------------
def test_a_pair_given_in_one_cell_reads_with_its_reciprocal_and_a_blank_diagonal_as_one() -> None:
    upper = np.array([[NAN, 3.0, 5.0], [NAN, NAN, 3.0], [NAN, NAN, NAN]])
    full = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    ours = complete(upper, "abc", random_index=SAATY_RI)
    assert ours.missing == ()
    assert np.array_equal(ours.weights, ahp_weights(full, "abc", random_index=SAATY_RI).weights)


@pytest.mark.parametrize(
    ("cells", "row", "column", "part"),
    [
        ({(1, 0): -3.0}, 1, 0, "positive"),
        ({(0, 1): 3.0, (1, 0): 3.0}, 1, 0, "reciprocal"),
        ({(2, 2): 2.0}, 2, 2, "diagonal"),
        ({(0, 2): math.inf}, 0, 2, "finite"),
    ],
)
def test_a_bad_given_cell_is_named_not_its_blank_partner(
    cells: dict[tuple[int, int], float], row: int, column: int, part: str
) -> None:
    a = np.full((3, 3), NAN)
    for (i, j), value in cells.items():
        a[i, j] = value
    with pytest.raises(InvalidMatrix) as caught:
        complete(a, "abc", random_index=SAATY_RI)
    assert (caught.value.row, caught.value.column) == (row, column)
    assert part in caught.value.message()


def test_json_form_keeps_the_complete_matrix_keys_and_adds_what_is_missing() -> None:
    result = complete(_without(BOZOKI_COMPLETE, [(2, 3)]), "abcd", random_index=SAATY_RI)
    full = ahp_weights(BOZOKI_COMPLETE, "abcd", random_index=SAATY_RI).to_dict()
    payload = result.to_dict()
    assert set(full) < set(payload)
    assert payload["given_matrix"][2][3] is None and payload["matrix"][2][3] > 0
    assert payload["missing"] == [
        {"row": "c", "column": "d", "completed": pytest.approx(0.7302971, abs=1e-6)}
    ]
    assert payload["connected"] is True and payload["questions_to_connect"] == []
    loose = complete(
        _without(BOZOKI_COMPLETE, [(0, 3), (1, 3), (2, 3)]), "abcd", random_index=SAATY_RI
    )
    assert loose.to_dict()["weights"]["d"] is None
    assert loose.to_dict()["questions_to_connect"] == [{"row": "a", "column": "d"}]
