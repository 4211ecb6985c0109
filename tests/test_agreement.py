"""Tests for prioritizer.core.agreement: r_w and WS against their published formulas, ties,
errors."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritizer.core.agreement import compare_rankings, fractional_ranks
from prioritizer.core.rank import rank_alternatives
from prioritizer.errors import InvalidMatrix
from prioritizer.results.ranking import Method, Ranking

CRITERIA = ["c0", "c1", "c2"]
MATRIX = np.array(
    [[7.0, 3.0, 9.0], [4.0, 8.0, 2.0], [6.0, 6.0, 6.0], [9.0, 1.0, 4.0], [2.0, 9.0, 7.0]]
)
WEIGHTS = np.array([0.5, 0.3, 0.2])
TYPES = np.array([1, 1, -1])
IDS = [f"a{i}" for i in range(MATRIX.shape[0])]


def oracle_rw(x: np.ndarray, y: np.ndarray) -> float:
    """Pinto da Costa & Soares (2005), r_W.

    r_W = 1 - 6 Σ (x-y)² ((N-x+1) + (N-y+1)) / (N⁴ + N³ - N² - N).
    """
    n = len(x)
    return float(
        1 - 6 * np.sum((x - y) ** 2 * ((n - x + 1) + (n - y + 1))) / (n**4 + n**3 - n**2 - n)
    )


def oracle_ws(x: np.ndarray, y: np.ndarray) -> float:
    """Sałabun & Urbaniak (2020), WS.

    WS = 1 - Σ 2^(-x_i) |x_i - y_i| / max(|x_i - 1|, |x_i - N|).
    """
    n = len(x)
    return float(1 - np.sum(2.0 ** (-x) * np.abs(x - y) / np.maximum(np.abs(x - 1), np.abs(x - n))))


def all_methods() -> list[Ranking]:
    return [
        rank_alternatives(MATRIX, WEIGHTS, TYPES, IDS, CRITERIA, method=method) for method in Method
    ]


def test_matrices_match_published_formulas() -> None:
    rankings = all_methods()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        agreement = compare_rankings(rankings)
    positions = [fractional_ranks(r) for r in rankings]
    for i, x in enumerate(positions):
        for j, y in enumerate(positions):
            assert agreement.weighted_spearman[i, j] == pytest.approx(oracle_rw(x, y), abs=1e-12)
            assert agreement.rank_similarity[i, j] == pytest.approx(oracle_ws(x, y), abs=1e-12)
    np.testing.assert_allclose(agreement.weighted_spearman, agreement.weighted_spearman.T)
    np.testing.assert_allclose(np.diag(agreement.rank_similarity), 1.0)
    assert agreement.labels == (
        "topsis (vector)",
        "ahp (distributive)",
        "vikor",
        "promethee",
        "spotis",
    )


def test_reversed_order_has_known_values() -> None:
    """Three alternatives in opposite orders.

    r_w = 1 - 6·(2·4·(3+1)) / (81+27-9-3) = -1; WS worked by hand below.
    """
    forward = rank_alternatives([[3.0], [2.0], [1.0]], [1.0], [1], ["x", "y", "z"], ["c"])
    backward = rank_alternatives(
        [[3.0], [2.0], [1.0]], [1.0], [1], ["x", "y", "z"], ["c"], method="vikor"
    )
    reversed_ = rank_alternatives(
        [[1.0], [2.0], [3.0]], [1.0], [1], ["x", "y", "z"], ["c"], method="ahp"
    )
    agreement = compare_rankings([forward, backward, reversed_])
    assert agreement.weighted_spearman[0, 1] == pytest.approx(1.0)
    assert agreement.weighted_spearman[0, 2] == pytest.approx(-1.0)
    # x=(1,2,3), y=(3,2,1): 1 - (2^-1·2/2 + 0 + 2^-3·2/2) = 1 - 0.625 = 0.375.
    assert agreement.rank_similarity[0, 2] == pytest.approx(0.375)


def test_ties_use_fractional_ranks() -> None:
    tied = rank_alternatives([[2.0], [1.0], [1.0], [0.0]], [1.0], [1], list("abcd"), ["c"])
    assert tied.ranks.tolist() == [1, 2, 2, 4]
    assert fractional_ranks(tied).tolist() == [1.0, 2.5, 2.5, 4.0]


def test_alternatives_are_matched_by_id() -> None:
    first = rank_alternatives(MATRIX, WEIGHTS, TYPES, IDS, CRITERIA)
    order = [3, 0, 4, 1, 2]
    shuffled = rank_alternatives(
        MATRIX[order], WEIGHTS, TYPES, [IDS[i] for i in order], CRITERIA, method="ahp"
    )
    same = rank_alternatives(MATRIX, WEIGHTS, TYPES, IDS, CRITERIA, method="ahp")
    a = compare_rankings([first, shuffled])
    b = compare_rankings([first, same])
    np.testing.assert_allclose(a.weighted_spearman, b.weighted_spearman)
    np.testing.assert_allclose(a.rank_similarity, b.rank_similarity)


def test_single_alternative_agrees_fully_without_warnings() -> None:
    one = [
        rank_alternatives([[1.0, 2.0]], [1, 1], [1, -1], ["only"], ["x", "y"], method=m)
        for m in (Method.TOPSIS, Method.VIKOR)
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        agreement = compare_rankings(one)
    np.testing.assert_array_equal(agreement.weighted_spearman, np.ones((2, 2)))
    np.testing.assert_array_equal(agreement.rank_similarity, np.ones((2, 2)))


def test_refuses_mismatched_or_duplicate_rankings() -> None:
    first = rank_alternatives(MATRIX, WEIGHTS, TYPES, IDS, CRITERIA)
    other = rank_alternatives(MATRIX[:4], WEIGHTS, TYPES, IDS[:4], CRITERIA, method="ahp")
    with pytest.raises(InvalidMatrix) as caught:
        compare_rankings([first, other])
    assert str(caught.value) == (
        "rankings (row 2) is 'ahp (distributive)'; expected rankings of the same alternatives."
    )
    with pytest.raises(InvalidMatrix) as caught:
        compare_rankings([first, first])
    assert str(caught.value) == (
        "rankings (row 2) is 'topsis (vector)'; expected one ranking per method."
    )
    with pytest.raises(InvalidMatrix, match="at least one ranking"):
        compare_rankings([])


def test_refusals_in_spanish() -> None:
    first = rank_alternatives(MATRIX, WEIGHTS, TYPES, IDS, CRITERIA)
    other = rank_alternatives(MATRIX[:4], WEIGHTS, TYPES, IDS[:4], CRITERIA, method="ahp")
    with pytest.raises(InvalidMatrix) as caught:
        compare_rankings([first, other])
    assert caught.value.message("es") == (
        "rankings (fila 2) vale 'ahp (distributive)'; "
        "se esperaba clasificaciones de las mismas alternativas."
    )
    with pytest.raises(InvalidMatrix) as caught:
        compare_rankings([first, first])
    assert caught.value.message("es") == (
        "rankings (fila 2) vale 'topsis (vector)'; se esperaba una clasificación por método."
    )
    with pytest.raises(InvalidMatrix) as caught:
        compare_rankings([])
    assert caught.value.message("es") == "rankings vale 0; se esperaba al menos una clasificación."


def test_to_dict_and_frame() -> None:
    agreement = compare_rankings(all_methods()[:2])
    data = agreement.to_dict()
    assert data["methods"] == ["topsis (vector)", "ahp (distributive)"]
    assert data["ids"] == IDS
    assert len(data["weighted_spearman"]) == 2 and len(data["ws"][0]) == 2
    assert json.loads(json.dumps(data)) == data
    frame = agreement.to_frame("ws")
    assert frame.loc["topsis (vector)", "ahp (distributive)"] == data["ws"][0][1]
    with pytest.raises(ValueError, match="measure"):
        agreement.to_frame("kendall")
    with pytest.raises(ValueError, match="read-only"):
        agreement.weighted_spearman[0, 0] = 0.0


@settings(max_examples=40, deadline=None)
@given(
    weights=st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3),
    method=st.sampled_from(list(Method)),
)
def test_prop_agreement_is_bounded_and_self_agreement_is_one(
    weights: list[float], method: Method
) -> None:
    base = rank_alternatives(MATRIX, WEIGHTS, TYPES, IDS, CRITERIA)
    other = rank_alternatives(MATRIX, weights, TYPES, IDS, CRITERIA, method=method)
    if other.label == base.label:
        return
    agreement = compare_rankings([base, other])
    assert np.all(agreement.weighted_spearman <= 1 + 1e-12)
    assert np.all(agreement.weighted_spearman >= -1 - 1e-12)
    assert np.all(agreement.rank_similarity <= 1 + 1e-12)
    same_order = base.ranks.tolist() == other.ranks.tolist()
    assert same_order == bool(np.isclose(agreement.weighted_spearman[0, 1], 1.0))
