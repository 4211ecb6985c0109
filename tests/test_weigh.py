"""Tests of prioritizer.core.weigh: published AHP examples, a power-iteration oracle, invariants."""

from __future__ import annotations

import csv
import json
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from prioritizer.core.weigh import (
    RECIPROCITY_TOLERANCE,
    StakeholderInput,
    aggregate_weights,
    ahp_weights,
    compatibility_index,
    consistent_matrix,
    direct_weights,
    nearest_scale_value,
    restrict,
    restrict_stakeholder,
)
from prioritizer.errors import InvalidMatrix
from prioritizer.resources import embedded_dir
from prioritizer.results.weights import Aggregation, AhpWeights

REFERENCE = Path(__file__).parent / "data" / "reference"


def _random_index_table(table_id: str) -> dict[int, float]:
    data = yaml.safe_load((embedded_dir("criteria") / "random_index.yaml").read_text("utf-8"))
    table = next(item for item in data["tables"] if item["id"] == table_id)
    return {int(n): float(value) for n, value in table["values"].items()}


SAATY_RI = _random_index_table("saaty-1980")
SCALE = [float(v) for v in range(1, 10)] + [1.0 / v for v in range(2, 10)]


def _read_matrices(name: str) -> dict[str, tuple[list[str], np.ndarray]]:
    """Matrices from a reference CSV; a `criterion` column holds several blocks in one file."""
    lines = [line for line in (REFERENCE / name).read_text("utf-8").splitlines() if line[:1] != "#"]
    rows = list(csv.reader(lines))
    header, body = rows[0], rows[1:]
    blocked = header[0] == "criterion"
    ids = header[2:] if blocked else header[1:]
    blocks: dict[str, list[list[float]]] = {}
    for row in body:
        key = row[0] if blocked else name
        values = row[2:] if blocked else row[1:]
        blocks.setdefault(key, []).append([float(Fraction(value)) for value in values])
    return {key: (ids, np.array(matrix)) for key, matrix in blocks.items()}


def _power_iteration(matrix: np.ndarray) -> tuple[float, np.ndarray]:
    """Oracle: λmax and priorities by repeated multiplication (no eigen solver involved)."""
    w = np.full(matrix.shape[0], 1.0 / matrix.shape[0])
    for _ in range(20_000):
        step = matrix @ w
        nxt = step / step.sum()
        if np.max(np.abs(nxt - w)) < 1e-14:
            return float((matrix @ nxt).sum()), nxt
        w = nxt
    raise AssertionError("power iteration did not converge")


# --------------------------------------------------------------------------- published examples


def test_ahp_saaty_2008_drinks() -> None:
    """Saaty, T. L. (2008). Decision making with the analytic hierarchy process. International
    Journal of Services Sciences, 1(1), 83-98: the example "Which drink is consumed more in the
    U.S.?" (seven drinks, judgments of a group of participants) with the derived priorities
    coffee .177, wine .019, tea .042, beer .116, sodas .190, milk .129, water .327.

    Matrix and printed priorities as transcribed in the AHPy README (github.com/PhilipGriffith/
    AHPy, "Relative consumption of drinks in the United States"); the CR 0.022 is the value
    AHPy reports with Saaty's random index, an independent implementation, not a printed one.
    """
    ids, matrix = _read_matrices("ahp_saaty_2008_drinks.csv")["ahp_saaty_2008_drinks.csv"]
    result = ahp_weights(matrix, ids, random_index=SAATY_RI)
    printed = {
        "coffee": 0.177,
        "wine": 0.019,
        "tea": 0.042,
        "beer": 0.116,
        "sodas": 0.190,
        "milk": 0.129,
        "water": 0.327,
    }
    for criterion, value in printed.items():
        assert round(result.weight_of(criterion), 3) == value
    assert round(result.consistency_ratio, 3) == 0.022
    assert result.random_index_used == 1.32
    assert result.consistent and result.worst_judgment is None


@pytest.mark.parametrize(
    ("criterion", "weights", "lambda_max", "ci", "cr"),
    [
        ("size", (0.754, 0.181, 0.065), 3.136, 0.068, 0.117),
        ("modern_facilities", (0.747, 0.060, 0.193), 3.197, 0.099, 0.170),
        ("general_condition", (0.200, 0.400, 0.400), 3.000, 0.000, 0.000),
    ],
)
def test_ahp_saaty_house_example(
    criterion: str, weights: tuple[float, ...], lambda_max: float, ci: float, cr: float
) -> None:
    """Saaty's house-buying example (a family compares houses A, B, C on each criterion;
    Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill), level 3 of the hierarchy,
    as printed in the Russian-language table "Решение и согласованность" that follows Table 7.23
    ("Покупка дома: матрица попарных сравнений для уровня 3"):
    https://studopedia.net/21_112795_reshenie-i-soglasovannost.html and
    https://studopedia.net/21_112793_pokupka-doma:-matritsa-poparnih-sravneniy-dlya-urovnya-3.html
    Priorities, λmax, CI (ИС) and CR (ОС) to three decimals, RI(3) = 0.58.

    The same table prints values for transport, neighbourhood and financing that disagree in
    the third decimal or carry evident typos (0.005 for 0.055, 0.745 for 0.754), so only the
    three blocks that can be checked digit for digit are used.
    """
    ids, matrix = _read_matrices("ahp_saaty_house_level3.csv")[criterion]
    result = ahp_weights(matrix, ids, random_index=SAATY_RI)
    assert tuple(round(float(w), 3) for w in result.weights) == weights
    assert round(result.lambda_max, 3) == lambda_max
    assert round(result.consistency_index, 3) == ci
    assert round(result.consistency_ratio, 3) == cr


# --------------------------------------------------------------------------- oracle and invariants

SAATY_VALUES = st.sampled_from(SCALE)


@st.composite
def reciprocal_matrices(draw: st.DrawFn, min_n: int = 1, max_n: int = 10) -> np.ndarray:
    """Positive reciprocal matrices with judgments on Saaty's scale (any consistency)."""
    n = draw(st.integers(min_n, max_n))
    matrix = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            value = draw(SAATY_VALUES)
            matrix[i, j], matrix[j, i] = value, 1.0 / value
    return matrix


POSITIVE_WEIGHTS = st.lists(st.floats(0.01, 100.0), min_size=1, max_size=10)


def _ids(n: int) -> list[str]:
    return [f"c{i}" for i in range(n)]


@settings(max_examples=200, deadline=None)
@given(reciprocal_matrices())
def test_prop_power_iteration_oracle_agrees(matrix: np.ndarray) -> None:
    lambda_max, weights = _power_iteration(matrix)
    result = ahp_weights(matrix, _ids(len(matrix)), random_index=SAATY_RI)
    assert np.allclose(result.weights, weights, rtol=0, atol=1e-9)
    assert math.isclose(result.lambda_max, lambda_max, rel_tol=0, abs_tol=1e-9)


@settings(max_examples=200, deadline=None)
@given(reciprocal_matrices())
def test_prop_weights_sum_to_one_and_are_positive(matrix: np.ndarray) -> None:
    result = ahp_weights(matrix, _ids(len(matrix)), random_index=SAATY_RI)
    assert math.isclose(float(result.weights.sum()), 1.0, abs_tol=1e-12)
    assert np.all(result.weights > 0)
    assert result.lambda_max >= len(matrix) - 1e-9
    assert result.consistency_ratio >= 0


@settings(max_examples=200, deadline=None)
@given(POSITIVE_WEIGHTS)
def test_prop_consistent_matrix_gives_back_its_weights(raw: list[float]) -> None:
    w = np.array(raw)
    result = ahp_weights(consistent_matrix(w), _ids(len(w)), random_index=SAATY_RI)
    assert np.allclose(result.weights, w / w.sum(), rtol=0, atol=1e-9)
    assert abs(result.consistency_ratio) <= 1e-9
    assert math.isclose(result.lambda_max, len(w), abs_tol=1e-9)
    assert result.worst_judgment is None


@settings(max_examples=200, deadline=None)
@given(reciprocal_matrices(min_n=2), st.data())
def test_prop_reciprocity_check_rejects_perturbed_matrix(
    matrix: np.ndarray, data: st.DataObject
) -> None:
    n = len(matrix)
    i = data.draw(st.integers(0, n - 1))
    j = data.draw(st.integers(0, n - 1).filter(lambda k: k != i))
    factor = data.draw(st.floats(1e-5, 10.0)) + 1.0
    bad = matrix.copy()
    bad[i, j] *= factor if data.draw(st.booleans()) else 1.0 / factor
    with pytest.raises(InvalidMatrix) as caught:
        ahp_weights(bad, _ids(n), random_index=SAATY_RI)
    assert "reciprocal" in caught.value.expected
    assert {caught.value.row, caught.value.column} == {i, j}


@settings(max_examples=100, deadline=None)
@given(reciprocal_matrices(), st.data())
def test_prop_permuting_criteria_permutes_weights(matrix: np.ndarray, data: st.DataObject) -> None:
    n = len(matrix)
    order = data.draw(st.permutations(range(n)))
    ids = _ids(n)
    before = ahp_weights(matrix, ids, random_index=SAATY_RI)
    after = ahp_weights(
        matrix[np.ix_(order, order)], [ids[k] for k in order], random_index=SAATY_RI
    )
    assert np.allclose(after.weights, before.weights[order], rtol=0, atol=1e-9)
    assert math.isclose(after.consistency_ratio, before.consistency_ratio, abs_tol=1e-9)


@settings(max_examples=100, deadline=None)
@given(reciprocal_matrices(), st.lists(st.floats(0.1, 10.0), min_size=1, max_size=5))
def test_prop_aij_of_identical_stakeholders_equals_individual(
    matrix: np.ndarray, influences: list[float]
) -> None:
    ids = _ids(len(matrix))
    alone = ahp_weights(matrix, ids, random_index=SAATY_RI)
    group = aggregate_weights(
        [StakeholderInput(f"s{k}", f"S{k}", x, matrix=matrix) for k, x in enumerate(influences)],
        ids,
        random_index=SAATY_RI,
    )
    assert np.allclose(group.weights, alone.weights, rtol=0, atol=1e-9)
    assert group.consistency_ratio is not None
    assert math.isclose(group.consistency_ratio, alone.consistency_ratio, abs_tol=1e-9)
    assert all(s.distance <= 1e-9 for s in group.stakeholders)


@st.composite
def stakeholder_groups(
    draw: st.DrawFn, positive_points: bool = False
) -> tuple[list[str], list[StakeholderInput]]:
    """2-5 stakeholders over the same criteria, each with a matrix or points."""
    n = draw(st.integers(1, 6))
    ids = _ids(n)
    people = []
    for k in range(draw(st.integers(2, 5))):
        influence = draw(st.floats(0.1, 10.0))
        if draw(st.booleans()):
            matrix = draw(reciprocal_matrices(min_n=n, max_n=n))
            people.append(StakeholderInput(f"s{k}", f"S{k}", influence, matrix=matrix))
        else:
            low = 0.01 if positive_points else 0.0
            points = draw(st.lists(st.floats(low, 100.0), min_size=n, max_size=n))
            assume(sum(points) > 0)
            people.append(
                StakeholderInput(
                    f"s{k}", f"S{k}", influence, points=dict(zip(ids, points, strict=True))
                )
            )
    return ids, people


@settings(max_examples=150, deadline=None)
@given(stakeholder_groups())
def test_prop_aip_weights_lie_within_stakeholder_range(
    group: tuple[list[str], list[StakeholderInput]],
) -> None:
    ids, people = group
    result = aggregate_weights(people, ids, method=Aggregation.AIP, random_index=SAATY_RI)
    for weight, spread in zip(result.weights, result.spread, strict=True):
        assert spread.minimum - 1e-12 <= weight <= spread.maximum + 1e-12
    assert result.consistency_ratio is None and result.group is None
    assert math.isclose(float(result.weights.sum()), 1.0, abs_tol=1e-12)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_prop_aij_of_consistent_stakeholders_is_normalised_geometric_mean(
    data: st.DataObject,
) -> None:
    """What holds for AIJ: with consistent inputs the group weights are the normalised weighted
    geometric mean of the individual weights, the group matrix is consistent, and a criterion
    every stakeholder puts at least as high as another stays at least as high (Pareto)."""
    n = data.draw(st.integers(1, 8))
    k = data.draw(st.integers(2, 5))
    vectors = [
        data.draw(st.lists(st.floats(0.01, 100.0), min_size=n, max_size=n)) for _ in range(k)
    ]
    influences = [data.draw(st.floats(0.1, 10.0)) for _ in range(k)]
    ids = _ids(n)
    people = [
        StakeholderInput(f"s{k}", f"S{k}", x, points=dict(zip(ids, v, strict=True)))
        for k, (x, v) in enumerate(zip(influences, vectors, strict=True))
    ]
    result = aggregate_weights(people, ids, random_index=SAATY_RI)
    share = np.array(influences) / sum(influences)
    normalised = np.array([np.array(v) / sum(v) for v in vectors])
    expected = np.exp(share @ np.log(normalised))
    assert np.allclose(result.weights, expected / expected.sum(), rtol=0, atol=1e-9)
    assert result.consistency_ratio is not None and abs(result.consistency_ratio) <= 1e-9
    for i in range(n):
        for j in range(n):
            if np.all(normalised[:, i] >= normalised[:, j]):
                assert result.weights[i] >= result.weights[j] - 1e-12


def test_aij_group_weight_can_leave_the_stakeholders_range() -> None:
    """Why the min/max property is asserted for AIP only: two stakeholders agree that a gets half
    the weight, yet the normalised geometric mean gives a more (the other weights shrink)."""
    ids = ["a", "b", "c"]
    people = [
        StakeholderInput("x", "X", points={"a": 50, "b": 45, "c": 5}),
        StakeholderInput("y", "Y", points={"a": 50, "b": 5, "c": 45}),
    ]
    aij = aggregate_weights(people, ids, random_index=SAATY_RI)
    aip = aggregate_weights(people, ids, method=Aggregation.AIP, random_index=SAATY_RI)
    assert aij.weight_of("a") == pytest.approx(0.625)
    assert aij.spread[0].maximum == pytest.approx(0.5)
    assert aip.weight_of("a") == pytest.approx(0.5)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.0, 1000.0), min_size=1, max_size=10), st.floats(1e-3, 1e3))
def test_prop_direct_weights_invariant_to_scaling(points: list[float], factor: float) -> None:
    assume(sum(points) > 1e-6)
    ids = _ids(len(points))
    base = direct_weights(dict(zip(ids, points, strict=True)))
    scaled = direct_weights({c: p * factor for c, p in zip(ids, points, strict=True)})
    assert np.allclose(base.weights, scaled.weights, rtol=1e-12, atol=1e-15)
    assert math.isclose(float(base.weights.sum()), 1.0, abs_tol=1e-12)


@settings(max_examples=100, deadline=None)
@given(POSITIVE_WEIGHTS.filter(lambda w: len(w) >= 2), st.data())
def test_prop_restricting_a_consistent_matrix_renormalises(
    raw: list[float], data: st.DataObject
) -> None:
    w = np.array(raw)
    ids = _ids(len(w))
    keep = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    sub = restrict(consistent_matrix(w), ids, keep)
    result = ahp_weights(sub, keep, random_index=SAATY_RI)
    kept = w[[ids.index(c) for c in keep]]
    assert np.allclose(result.weights, kept / kept.sum(), rtol=0, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(POSITIVE_WEIGHTS, POSITIVE_WEIGHTS)
def test_prop_compatibility_index_is_at_least_one(x: list[float], y: list[float]) -> None:
    n = min(len(x), len(y))
    a, b = np.array(x[:n]), np.array(y[:n])
    assert compatibility_index(a, b) >= 1 - 1e-12
    assert compatibility_index(a, a * 3.7) == pytest.approx(1.0)


# --------------------------------------------------------------------------- consistency details


def test_small_matrices_are_always_consistent() -> None:
    one = ahp_weights([[1]], ["a"], random_index=SAATY_RI)
    two = ahp_weights([[1, 3], [1 / 3, 1]], ["a", "b"], random_index=SAATY_RI)
    assert one.weights.tolist() == [1.0] and one.consistency_ratio == 0.0
    assert np.allclose(two.weights, [0.75, 0.25])
    assert two.lambda_max == pytest.approx(2.0) and two.consistency_ratio == 0.0


def test_small_matrices_need_no_random_index() -> None:
    result = ahp_weights([[1, 3], [1 / 3, 1]], ["a", "b"], random_index={3: 0.58})
    assert result.consistency_ratio == 0.0 and result.random_index_used == 0.0


def test_worst_judgment_names_the_reversed_judgment() -> None:
    """a > b > c > d by factors of 2, except that a over d was entered as 1/8 instead of 8."""
    matrix = consistent_matrix([8, 4, 2, 1]).copy()
    matrix[0, 3], matrix[3, 0] = 1 / 8, 8
    result = ahp_weights(matrix, list("abcd"), random_index=SAATY_RI)
    worst = result.worst_judgment
    assert not result.consistent and worst is not None
    assert (worst.row, worst.column, worst.given) == ("a", "d", 0.125)
    assert worst.consistent == pytest.approx(result.weight_of("a") / result.weight_of("d"))
    assert worst.consistent > worst.given
    assert worst.nearest_saaty in SCALE
    fixed = matrix.copy()
    fixed[0, 3], fixed[3, 0] = worst.nearest_saaty, 1 / worst.nearest_saaty
    assert ahp_weights(fixed, list("abcd"), random_index=SAATY_RI).consistency_ratio < (
        result.consistency_ratio
    )


def test_threshold_is_a_keyword_and_ties_go_to_the_first_pair() -> None:
    """With three criteria all judgments deviate equally (one triad): the first pair is named."""
    ids, matrix = _read_matrices("ahp_saaty_house_level3.csv")["size"]
    strict = ahp_weights(matrix, ids, random_index=SAATY_RI)
    lenient = ahp_weights(matrix, ids, random_index=SAATY_RI, threshold=0.2)
    assert strict.worst_judgment is not None and not strict.consistent
    assert (strict.worst_judgment.row, strict.worst_judgment.column) == ("A", "B")
    assert strict.worst_judgment.nearest_saaty == 4.0
    assert lenient.worst_judgment is None and lenient.consistent


@pytest.mark.parametrize(
    ("value", "nearest"),
    [(5.6, 6.0), (1.45, 2.0), (1.2, 1.0), (0.3, 1 / 3), (20.0, 9.0), (0.01, 1 / 9)],
)
def test_nearest_saaty_value_on_a_ratio_scale(value: float, nearest: float) -> None:
    assert nearest_scale_value(value, range(1, 10)) == pytest.approx(nearest)


def test_aggregated_non_integer_judgments_are_accepted() -> None:
    """An aggregated matrix is off the 1-9 scale (pymcdm's AHP rejects it; we must not)."""
    matrix = [[1, 2.35, 0.7], [1 / 2.35, 1, 1 / 3.3], [1 / 0.7, 3.3, 1]]
    result = ahp_weights(matrix, ["a", "b", "c"], random_index=SAATY_RI)
    assert math.isclose(float(result.weights.sum()), 1.0)


# --------------------------------------------------------------------------- bad matrices

IDS3 = ["a", "b", "c"]


def _error(
    matrix: object,
    ids: list[str] = IDS3,
    *,
    random_index: dict[int, float] = SAATY_RI,
    threshold: float = 0.10,
) -> InvalidMatrix:
    with pytest.raises(InvalidMatrix) as caught:
        ahp_weights(matrix, ids, random_index=random_index, threshold=threshold)  # type: ignore[arg-type]
    return caught.value


def test_rejects_non_square_matrix() -> None:
    error = _error([[1, 2, 3], [1 / 2, 1, 2]])
    assert "square matrix" in error.expected and error.got == "2 × 3"
    assert (
        str(error)
        == "pairwise matrix is '2 × 3'; expected a square matrix (as many columns as rows)."
    )


def test_rejects_ragged_rows() -> None:
    assert "square table of numbers" in _error([[1, 2], [1]], ["a", "b"]).expected


def test_rejects_non_reciprocal_judgment() -> None:
    error = _error([[1, 3, 1], [1 / 2, 1, 1], [1, 1, 1]])
    assert (error.row, error.column, error.got) == (1, 0, 0.5)
    assert error.field == "judgment b over a"
    assert "1/3, the reciprocal of judgment a over b = 3" in error.expected
    assert "(row 2, column 1)" in str(error)


def test_near_reciprocal_is_never_shown_equal_to_what_it_misses() -> None:
    """0.333333 for 1/3 misses the tolerance; the message must not print both as 0.333333."""
    error = _error([[1, 2.5], [0.39, 1]], ["a", "b"])
    assert "0.4, the reciprocal of judgment a over b = 2.5" in error.expected
    near = _error([[1, 3], [0.333333, 1]], ["a", "b"])
    assert near.got == 0.333333 and str(near.expected).startswith("1/3, ")


def test_rejects_rounded_decimal_reciprocal() -> None:
    error = _error([[1, 3], [0.33, 1]], ["a", "b"])
    assert "write it as a fraction, e.g. 1/3" in error.expected
    assert RECIPROCITY_TOLERANCE == 1e-6


def test_rejects_zero_judgment() -> None:
    error = _error([[1, 0, 1], [1, 1, 1], [1, 1, 1]])
    assert (error.row, error.column, error.got) == (0, 1, 0.0)
    assert "positive number" in error.expected
    assert str(error).startswith("judgment a over b (row 1, column 2) is 0.0; expected a positive")


def test_rejects_negative_judgment() -> None:
    error = _error([[1, 1, 1], [1, 1, 1], [-3, 1, 1]])
    assert (error.row, error.column, error.got) == (2, 0, -3.0)
    assert "positive number" in error.expected


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_rejects_non_finite_judgment(bad: float) -> None:
    error = _error([[1, 1, 1], [1, 1, bad], [1, 1, 1]])
    assert (error.row, error.column) == (1, 2)
    assert error.expected == "a finite number" and error.field == "judgment b over c"


def test_rejects_diagonal_other_than_one() -> None:
    error = _error([[1, 1, 1], [1, 2, 1], [1, 1, 1]])
    assert (error.row, error.column, error.got) == (1, 1, 2.0)
    assert "1 on the diagonal" in error.expected


def test_rejects_size_missing_from_random_index_table() -> None:
    error = _error(np.ones((16, 16)), _ids(16))
    assert error.field == "number of criteria" and error.got == 16
    assert "random index table (n = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)" in (
        error.expected
    )


def test_rejects_zero_random_index_for_three_or_more() -> None:
    error = _error(np.ones((3, 3)), random_index={3: 0.0})
    assert error.field == "random index for n = 3"


def test_rejects_ids_that_do_not_match_the_matrix() -> None:
    error = _error([[1, 2], [1 / 2, 1]])
    assert "3 rows and 3 columns, one per criterion (a, b, c)" in error.expected


def test_rejects_duplicate_ids_and_no_criteria() -> None:
    assert _error(np.ones((3, 3)), ["a", "b", "a"]).got == "a"
    assert _error([], []).expected == "at least one criterion"


def test_rejects_negative_threshold() -> None:
    assert _error(np.ones((3, 3)), threshold=-0.1).field == "consistency threshold"


# --------------------------------------------------------------------------- direct points


def test_direct_weights_normalise_points() -> None:
    result = direct_weights({"a": 3, "b": 1, "c": 0}, ids=["c", "b", "a"])
    assert result.ids == ("c", "b", "a")
    assert result.weights.tolist() == [0.0, 0.25, 0.75]
    assert not result.looks_like_percentages


@pytest.mark.parametrize(
    ("points", "looks"),
    [
        ({"a": 33, "b": 33, "c": 33}, True),
        ({"a": 60, "b": 40}, True),
        ({"a": 6, "b": 4}, False),
        ({"a": 150, "b": -50}, None),
        ({"a": 103, "b": 0}, False),
    ],
)
def test_points_that_look_like_percentages_are_noted(
    points: dict[str, float], looks: bool | None
) -> None:
    if looks is None:
        with pytest.raises(InvalidMatrix):
            direct_weights(points)
        return
    assert direct_weights(points).looks_like_percentages is looks


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ({"a": -1.0, "b": 2.0}, "a number ≥ 0"),
        ({"a": math.nan, "b": 2.0}, "a finite number"),
        ({"a": math.inf, "b": 2.0}, "a finite number"),
        ({"a": 0.0, "b": 0.0}, "at least one criterion with more than 0 points"),
        ({}, "at least one criterion"),
    ],
)
def test_direct_weights_reject_bad_points(points: dict[str, float], expected: str) -> None:
    with pytest.raises(InvalidMatrix) as caught:
        direct_weights(points)
    assert caught.value.expected == expected


def test_direct_weights_need_exactly_the_criteria() -> None:
    with pytest.raises(InvalidMatrix) as caught:
        direct_weights({"a": 1.0}, ids=["a", "b"])
    assert caught.value.got == "missing b"
    with pytest.raises(InvalidMatrix) as caught:
        direct_weights({"a": 1.0, "z": 2.0}, ids=["a"])
    assert caught.value.got == "unknown z"


# --------------------------------------------------------------------------- groups


def _house_people() -> tuple[list[str], list[StakeholderInput]]:
    ids, size = _read_matrices("ahp_saaty_house_level3.csv")["size"]
    _, modern = _read_matrices("ahp_saaty_house_level3.csv")["modern_facilities"]
    return ids, [
        StakeholderInput("ana", "Ana", 2.0, matrix=size),
        StakeholderInput("luis", "Luis", 1.0, matrix=modern),
        StakeholderInput("rosa", "Rosa", 1.0, points={"A": 50, "B": 30, "C": 20}),
    ]


def test_aij_is_the_weighted_geometric_mean_of_judgments() -> None:
    ids, people = _house_people()
    result = aggregate_weights(people, ids, random_index=SAATY_RI)
    size, modern = people[0].matrix, people[1].matrix
    rosa = consistent_matrix([0.5, 0.3, 0.2])
    expected = np.exp(0.5 * np.log(size) + 0.25 * np.log(modern) + 0.25 * np.log(rosa))
    assert result.group is not None
    assert np.allclose(result.group.matrix, expected, rtol=1e-12)
    assert result.method is Aggregation.AIJ
    assert [s.influence for s in result.stakeholders] == [0.5, 0.25, 0.25]
    assert [s.kind for s in result.stakeholders] == ["pairwise", "pairwise", "points"]
    assert result.stakeholders[2].consistency_ratio is None
    for stakeholder in result.stakeholders:
        assert stakeholder.distance == pytest.approx(
            float(np.linalg.norm(stakeholder.weights - result.weights))
        )
        assert stakeholder.compatibility is not None and stakeholder.compatibility >= 1


def test_aij_saaty_apple_and_orange_group_judgment() -> None:
    """A published AIJ example ("Combining group members' judgments", Decision Lens blog,
    June 2007, http://blog.decisionlens.com/2007_06_01_archive.html, which credits the proof to
    Aczél & Saaty 1983): three people judge how many times an apple is
    larger than an orange, 2, 3 and 4. The group judgment is their geometric mean, "2 x 3 x 4
    = 24 raised to the power of 1/3", and its reciprocal "1/24 raised to the power of 1/3", the
    same as combining the reciprocals 1/2, 1/3, 1/4; the arithmetic mean of the reciprocals,
    (1/2 + 1/3 + 1/4)/3 = 13/36, is not 1/3 (the printed argument against it). Equal influence,
    `--aggregation aij`. The group weights are then those of the 2 x 2 group matrix, g/(1 + g)
    and 1/(1 + g) (AHP on two items); the example prints no weights and no unequal influences."""
    ids = ("apple", "orange")
    people = [
        StakeholderInput(f"p{k}", f"Person {k}", 1.0, matrix=[[1, x], [1 / x, 1]])
        for k, x in enumerate((2, 3, 4), start=1)
    ]
    result = aggregate_weights(people, ids, method="aij", random_index=SAATY_RI)
    assert result.group is not None
    g = 24 ** (1 / 3)
    assert result.group.matrix[0, 1] == pytest.approx(g, rel=1e-12)
    assert result.group.matrix[1, 0] == pytest.approx((1 / 24) ** (1 / 3), rel=1e-12)
    assert result.group.matrix[1, 0] != pytest.approx(13 / 36, rel=1e-3)
    assert np.allclose(result.weights, [g / (1 + g), 1 / (1 + g)], rtol=1e-12)


def test_spread_is_min_max_and_population_std() -> None:
    ids, people = _house_people()
    result = aggregate_weights(people, ids, method="aip", random_index=SAATY_RI)
    table = np.array([s.weights for s in result.stakeholders])
    for index, spread in enumerate(result.spread):
        assert spread.id == ids[index]
        assert spread.minimum == table[:, index].min() and spread.maximum == table[:, index].max()
        assert spread.std == pytest.approx(float(np.std(table[:, index])))
    assert np.allclose(result.weights, [0.5, 0.25, 0.25] @ table)


def test_aij_rejects_zero_points_that_have_no_ratio() -> None:
    people = [
        StakeholderInput("x", "X", points={"a": 1.0, "b": 0.0}),
        StakeholderInput("y", "Y", points={"a": 1.0, "b": 1.0}),
    ]
    with pytest.raises(InvalidMatrix) as caught:
        aggregate_weights(people, ["a", "b"], random_index=SAATY_RI)
    assert caught.value.field == "stakeholder 'x': points for b"
    result = aggregate_weights(people, ["a", "b"], method=Aggregation.AIP, random_index=SAATY_RI)
    assert result.weights.tolist() == [0.75, 0.25]
    assert result.stakeholders[0].compatibility is None


def test_errors_name_the_stakeholder() -> None:
    people = [StakeholderInput("ana", "Ana", matrix=[[1, 3], [1, 1]])]
    with pytest.raises(InvalidMatrix) as caught:
        aggregate_weights(people, ["a", "b"], random_index=SAATY_RI)
    assert str(caught.value).startswith("stakeholder 'ana': judgment b over a (row 2, column 1)")


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ([], "at least one stakeholder"),
        (
            [
                StakeholderInput("a", "A", points={"x": 1}),
                StakeholderInput("a", "B", points={"x": 1}),
            ],
            "each id once",
        ),
        ([StakeholderInput("a", "A", 0.0, points={"x": 1})], "a positive number"),
        ([StakeholderInput("a", "A", math.nan, points={"x": 1})], "a positive number"),
    ],
)
def test_group_rejects_bad_stakeholders(people: list[StakeholderInput], expected: str) -> None:
    with pytest.raises(InvalidMatrix) as caught:
        aggregate_weights(people, ["x"], random_index=SAATY_RI)
    assert caught.value.expected == expected


def test_stakeholder_needs_exactly_one_kind_of_weighting() -> None:
    with pytest.raises(InvalidMatrix, match="exactly one"):
        StakeholderInput("a", "A")
    with pytest.raises(InvalidMatrix, match="exactly one"):
        StakeholderInput("a", "A", matrix=[[1]], points={"x": 1})


def test_restrict_takes_the_judgments_among_the_kept_criteria() -> None:
    matrix = np.array(
        [[1, 2, 3, 4], [1 / 2, 1, 5, 6], [1 / 3, 1 / 5, 1, 7], [1 / 4, 1 / 6, 1 / 7, 1]]
    )
    sub = restrict(matrix, list("abcd"), ["c", "a", "d"])
    assert sub.tolist() == [[1, 1 / 3, 7], [3, 1, 4], [1 / 7, 1 / 4, 1]]
    with pytest.raises(InvalidMatrix) as caught:
        restrict(matrix, list("abcd"), ["a", "cost"])
    assert caught.value.got == "cost"


def test_weights_over_a_subset_of_criteria() -> None:
    """The three elements without cost: each stakeholder's sub-matrix or kept points."""
    ids = ["specialization", "diversification", "global", "cost"]
    matrix = np.array([[1, 3, 5, 2], [1 / 3, 1, 2, 1], [1 / 5, 1 / 2, 1, 1 / 2], [1 / 2, 1, 2, 1]])
    people = [
        StakeholderInput("ana", "Ana", matrix=matrix),
        StakeholderInput("rosa", "Rosa", points=dict(zip(ids, [40, 20, 20, 20], strict=True))),
    ]
    keep = ids[:3]
    restricted = [restrict_stakeholder(person, ids, keep) for person in people]
    result = aggregate_weights(restricted, keep, random_index=SAATY_RI)
    assert result.ids == tuple(keep)
    assert np.allclose(result.stakeholders[1].weights, [0.5, 0.25, 0.25])
    alone = ahp_weights(matrix[:3, :3], keep, random_index=SAATY_RI)
    assert np.allclose(result.stakeholders[0].weights, alone.weights)
    with pytest.raises(InvalidMatrix, match="stakeholder 'rosa'"):
        restrict_stakeholder(people[1], ids, ["specialization", "other"])


# --------------------------------------------------------------------------- messages in Spanish


def test_matrix_shape_messages_in_spanish() -> None:
    error = _error([[1, 2, 3], [1 / 2, 1, 2]])
    assert error.message("es") == (
        "matriz de comparaciones por pares vale '2 × 3'; "
        "se esperaba una matriz cuadrada (tantas columnas como filas)."
    )
    error = _error([[1, 2], [1 / 2, 1]])
    assert error.message("es") == (
        "matriz de comparaciones por pares vale '2 × 2'; "
        "se esperaba 3 filas y 3 columnas, una por criterio (a, b, c)."
    )
    error = _error(5.0, ["a"])
    assert str(error) == (
        "pairwise matrix is a single number; expected a square matrix (as many columns as rows)."
    )
    assert error.message("es").startswith("matriz de comparaciones por pares vale un solo número;")


def test_judgment_messages_in_spanish() -> None:
    zero = _error([[1, 0, 1], [1, 1, 1], [1, 1, 1]])
    assert zero.message("es") == (
        "juicio a frente a b (fila 1, columna 2) vale 0.0; se esperaba un número positivo "
        "(cuántas veces más importante; 1 = igual de importante)."
    )
    diagonal = _error([[1, 1, 1], [1, 2, 1], [1, 1, 1]])
    assert diagonal.message("es") == (
        "juicio b frente a sí mismo (fila 2, columna 2) vale 2.0; "
        "se esperaba 1 en la diagonal (un criterio es tan importante como sí mismo)."
    )
    rounded = _error([[1, 3], [0.33, 1]], ["a", "b"])
    assert rounded.message("es") == (
        "juicio b frente a a (fila 2, columna 1) vale 0.33; se esperaba 1/3, el inverso "
        "del juicio a frente a b = 3 (tolerancia relativa 1e-06; escríbalo como fracción, "
        "p. ej. 1/3)."
    )
    assert rounded.message() == (
        "judgment b over a (row 2, column 1) is 0.33; expected 1/3, the reciprocal "
        "of judgment a over b = 3 (relative tolerance 1e-06; write it as a fraction, e.g. 1/3)."
    )


def test_random_index_and_threshold_messages_in_spanish() -> None:
    error = _error(np.ones((16, 16)), _ids(16))
    assert error.message("es") == (
        "número de criterios vale 16; se esperaba un tamaño incluido en la tabla del índice "
        "aleatorio (n = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)."
    )
    assert _error(np.ones((3, 3)), threshold=-0.1).message("es") == (
        "umbral de consistencia vale -0.1; se esperaba un número ≥ 0."
    )


def test_points_and_stakeholder_messages_in_spanish() -> None:
    with pytest.raises(InvalidMatrix) as caught:
        direct_weights({"a": 1.0}, ids=["a", "b"])
    assert str(caught.value) == "points is missing b; expected one value for each criterion (a, b)."
    assert (
        caught.value.message("es")
        == "points vale una lista sin b; se esperaba un valor para cada criterio (a, b)."
    )
    people = [
        StakeholderInput("x", "X", points={"a": 1.0, "b": 0.0}),
        StakeholderInput("y", "Y", points={"a": 1.0, "b": 1.0}),
    ]
    with pytest.raises(InvalidMatrix) as caught:
        aggregate_weights(people, ["a", "b"], random_index=SAATY_RI)
    assert caught.value.message("es") == (
        "actor 'x': puntos de b (fila 2) vale 0.0; se esperaba un número positivo cuando los "
        "juicios se combinan por media geométrica (AIJ); 0 no guarda proporción con los demás "
        "(use AIP, o dele una parte pequeña)."
    )
    ana = [StakeholderInput("ana", "Ana", matrix=[[1, 3], [1, 1]])]
    with pytest.raises(InvalidMatrix) as caught:
        aggregate_weights(ana, ["a", "b"], random_index=SAATY_RI)
    assert caught.value.message("es").startswith(
        "actor 'ana': juicio b frente a a (fila 2, columna 1) vale 1.0; se esperaba 1/3, "
    )
    with pytest.raises(InvalidMatrix) as caught:
        StakeholderInput("a", "A")
    assert caught.value.message("es") == (
        "actor 'a': se esperaba una matriz de comparaciones por pares o puntos directos "
        "(exactamente uno de los dos)."
    )


# --------------------------------------------------------------------------- results


def test_ahp_to_dict_keeps_the_cli_json_contract() -> None:
    ids, matrix = _read_matrices("ahp_saaty_house_level3.csv")["size"]
    result = ahp_weights(matrix, ids, random_index=SAATY_RI)
    data = json.loads(json.dumps(result.to_dict()))
    assert {"weights", "lambda_max", "consistency_index", "consistency_ratio"} <= set(data)
    assert set(data["weights"]) == set(ids)
    assert all(isinstance(v, float) for v in data["weights"].values())
    assert data["worst_judgment"]["row"] == "A"


def test_weight_set_to_dict_is_json_ready() -> None:
    ids, people = _house_people()
    for method in Aggregation:
        data = json.loads(
            json.dumps(
                aggregate_weights(people, ids, method=method, random_index=SAATY_RI).to_dict()
            )
        )
        assert data["method"] == method.value
        assert (data["consistency_ratio"] is None) == (method is Aggregation.AIP)
        assert [s["id"] for s in data["stakeholders"]] == ["ana", "luis", "rosa"]
        assert set(data["spread"]["A"]) == {"min", "max", "std"}
    assert json.loads(json.dumps(direct_weights({"a": 1, "b": 3}).to_dict()))["weights"] == {
        "a": 0.25,
        "b": 0.75,
    }


def test_result_arrays_are_read_only_and_inputs_untouched() -> None:
    matrix = np.array([[1.0, 2.0], [0.5, 1.0]])
    result = ahp_weights(matrix, ["a", "b"], random_index=SAATY_RI)
    assert isinstance(result, AhpWeights)
    with pytest.raises(ValueError, match="read-only"):
        result.weights[0] = 0.5
    with pytest.raises(ValueError, match="read-only"):
        result.matrix[0, 1] = 3.0
    matrix[0, 1] = 4.0
    assert matrix.flags.writeable and result.matrix[0, 1] == 2.0


def test_direct_and_group_weights_are_read_only() -> None:
    direct = direct_weights({"a": 30, "b": 70})
    people = [
        StakeholderInput("x", "X", points={"a": 50, "b": 50}),
        StakeholderInput("y", "Y", points={"a": 20, "b": 80}),
    ]
    group = aggregate_weights(people, ["a", "b"], method=Aggregation.AIP, random_index=SAATY_RI)
    for array in (direct.points, direct.weights, group.weights):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0.5
    assert direct.weight_of("b") == pytest.approx(0.7)
    assert group.weight_of("a") == pytest.approx(0.35)
