"""Tests for prioritizer.core.rank: published examples, a numpy TOPSIS oracle, invariants, bad
input."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from prioritizer.core.rank import (
    AhpMode,
    Method,
    Normalization,
    ahp_local_priorities,
    rank_alternatives,
    rank_reversal_check,
    topsis_closeness,
    weighted_spearman,
)
from prioritizer.errors import InvalidMatrix, SolverFailure
from prioritizer.results.ranking import Ranking

REFERENCE = Path(__file__).parent / "data" / "reference"
ALL_METHODS = list(Method)


@contextmanager
def no_warnings() -> Iterator[None]:
    """Any warning inside the block fails the test (nothing may reach stderr raw)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def rank(matrix: Any, weights: Any, types: Any, **options: Any) -> Ranking:
    """rank_alternatives with generated ids and criteria names, failing on any warning."""
    X = np.asarray(matrix, dtype=float)
    ids = [f"a{i}" for i in range(X.shape[0])]
    criteria = [f"c{j}" for j in range(X.shape[1])]
    with no_warnings():
        return rank_alternatives(X, weights, types, ids, criteria, **options)


def load_reference(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REFERENCE / name).read_text(encoding="utf-8"))
    return data


# ---------------------------------------------------------------------------------------------
# Independent oracle: textbook TOPSIS written from the formulas, not from the module.
# ---------------------------------------------------------------------------------------------


def textbook_topsis(X: np.ndarray, w: np.ndarray, types: np.ndarray, normalization: str) -> Any:
    """Closeness C_i = S_i⁻ / (S_i⁺ + S_i⁻) (Hwang & Yoon 1981, steps 1-6).

    Vector: r_ij = x_ij / sqrt(Σ_i x_ij²), A⁺ = max for benefit, min for cost. Min-max: every
    column turned into a benefit, (x - min)/(max - min) or (max - x)/(max - min), A⁺ = max.
    """
    w = w / w.sum()
    if normalization == "vector":
        r = X / np.sqrt((X**2).sum(axis=0))
        benefit = types == 1
    else:
        low, high = X.min(axis=0), X.max(axis=0)
        r = np.where(types == 1, (X - low) / (high - low), (high - X) / (high - low))
        benefit = np.ones(X.shape[1], dtype=bool)
    v = r * w
    best = np.where(benefit, v.max(axis=0), v.min(axis=0))
    worst = np.where(benefit, v.min(axis=0), v.max(axis=0))
    s_plus = np.sqrt(((v - best) ** 2).sum(axis=1))
    s_minus = np.sqrt(((v - worst) ** 2).sum(axis=1))
    return s_minus / (s_plus + s_minus)


# ---------------------------------------------------------------------------------------------
# Strategies.
# ---------------------------------------------------------------------------------------------

values = st.floats(1.0, 100.0).map(lambda x: round(x, 2))


@st.composite
def problems(draw: st.DrawFn, min_rows: int = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(min_rows, 7))
    m = draw(st.integers(1, 5))
    X = draw(hnp.arrays(np.float64, (n, m), elements=values))
    w = draw(hnp.arrays(np.float64, (m,), elements=st.floats(0.01, 1.0)))
    types = draw(hnp.arrays(np.int64, (m,), elements=st.sampled_from([1, -1])))
    return X, w, types


def informative(X: np.ndarray) -> bool:
    return bool(np.all(np.ptp(X, axis=0) > 1e-6 * np.abs(X).max(axis=0)))


# ---------------------------------------------------------------------------------------------
# Published examples.
# ---------------------------------------------------------------------------------------------


def test_topsis_hwang_yoon_1981() -> None:
    """Hwang, C.-L., & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
    Applications. Springer (LNEMS 186), pp. 133-134: TOPSIS on the fighter-aircraft problem.

    Four aircraft, six criteria (X4 purchase cost is the only cost), w = (.2, .1, .1, .1, .2, .3),
    vector normalisation. The book prints S⁺ = (.0545, .1197, .0580, .1009), S⁻ = (.0983,
    .0439, .0920, .0458), C = (.643, .268, .613, .312), order A1 > A3 > A4 > A2. It rounds its
    intermediate tables to 4 decimals, so distances are checked to 1e-4 and closeness to one
    unit of its last printed digit (exact C3 = 0.61354; the book's 0.0920/0.1500 gives .613).
    """
    ref = load_reference("topsis_hwang_yoon_1981.yaml")
    with no_warnings():
        result = rank_alternatives(
            ref["matrix"], ref["weights"], ref["types"], ref["alternatives"], ref["criteria"]
        )
    printed = ref["printed"]
    assert result.normalization is Normalization.VECTOR
    np.testing.assert_allclose(result.scores, printed["closeness"], atol=1e-3, rtol=0)
    np.testing.assert_allclose(
        result.intermediates["distance_ideal"], printed["distance_ideal"], atol=1e-4, rtol=0
    )
    np.testing.assert_allclose(
        result.intermediates["distance_anti_ideal"],
        printed["distance_anti_ideal"],
        atol=1e-4,
        rtol=0,
    )
    assert result.ranks.tolist() == printed["ranks"]
    assert [result.ids[i] for i in result.order] == ["A1", "A3", "A4", "A2"]


def test_topsis_tzeng_huang_2011() -> None:
    """Tzeng, G.-H., & Huang, J.-J. (2011). Multiple Attribute Decision Making: Methods and
    Applications. CRC Press. TOPSIS numerical example (page not verified; numbers as quoted by
    scikit-criteria's test_TOPSIS_tzeng2011multiple).

    Four alternatives, three benefit criteria, w = (.3, .4, .3), vector normalisation; printed
    closeness (.5037, .6581, .7482, .3340), reproduced to all four printed decimals.
    """
    ref = load_reference("topsis_tzeng_huang_2011.yaml")
    with no_warnings():
        result = rank_alternatives(
            ref["matrix"], ref["weights"], ref["types"], ref["alternatives"], ref["criteria"]
        )
    assert np.round(result.scores, 4).tolist() == ref["printed"]["closeness"]
    assert result.ranks.tolist() == ref["printed"]["ranks"]


def test_vikor_opricovic_tzeng_2004() -> None:
    """Opricovic, S., & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a comparative
    analysis of VIKOR and TOPSIS. EJOR 156(2), 445-455, numerical example (section 4).

    Three alternatives, risk (min) 1/2/5 and altitude (max) 3000/3750/4500, equal weights:
    S = (.5, .375, .5), R = (.5, .25, .5), Q = (1, 0, 1), as quoted in scikit-criteria's
    test_VIKOR_opricovic2004compromise. A1 and A3 tie behind A2.
    """
    result = rank([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], [-1, 1], method="vikor")
    np.testing.assert_allclose(result.intermediates["group_utility"], [0.5, 0.375, 0.5])
    np.testing.assert_allclose(result.intermediates["individual_regret"], [0.5, 0.25, 0.5])
    np.testing.assert_allclose(result.scores, [1.0, 0.0, 1.0], atol=1e-12)
    assert result.ranks.tolist() == [2, 1, 2]
    assert result.ties == (("a0", "a2"),)
    assert result.higher_is_better is False


def test_vikor_tzeng_huang_2011() -> None:
    """Tzeng & Huang (2011), VIKOR on the same data as their TOPSIS example (page not verified;
    as quoted by scikit-criteria's test_VIKOR): S = (.6, .3, .15, .65), R = (.3, .2, .15, .4),
    Q = (.75, .25, 0, 1).
    """
    ref = load_reference("topsis_tzeng_huang_2011.yaml")
    result = rank(ref["matrix"], ref["weights"], ref["types"], method="vikor")
    np.testing.assert_allclose(result.intermediates["group_utility"], [0.6, 0.3, 0.15, 0.65])
    np.testing.assert_allclose(result.intermediates["individual_regret"], [0.3, 0.2, 0.15, 0.4])
    np.testing.assert_allclose(result.scores, [0.75, 0.25, 0.0, 1.0], atol=1e-12)
    assert result.ranks.tolist() == [3, 2, 1, 4]


def test_vikor_v_0625_papathanasiou_ploskas_2018() -> None:
    """Papathanasiou, J., & Ploskas, N. (2018). VIKOR. In Multiple Criteria Decision Aid:
    Methods, Examples and Python Implementations (pp. 31-55). Springer (SOIA 136), the
    chapter's numerical example, with the majority's weight v = 0.625 (not the default 0.5).

    Six alternatives, four benefit criteria, w = (.4, .3, .1, .2): Q = (.640, 1.000, .693,
    .271, .000, .694), order A5 > A4 > A1 > A3 > A6 > A2, as quoted to three decimals by
    pyrepo-mcda's tests (energyinpython/pyrepo-mcda, tests/test_mcda_methods.py, Test_VIKOR and
    Test_Rank_preferences). Checked to that third decimal.
    """
    X = [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]]
    result = rank(X, [0.4, 0.3, 0.1, 0.2], [1, 1, 1, 1], method="vikor", vikor_v=0.625)
    assert np.round(result.scores, 3).tolist() == [0.640, 1.000, 0.693, 0.271, 0.000, 0.694]
    assert result.ranks.tolist() == [3, 6, 4, 2, 1, 5]
    assert result.vikor is not None and result.vikor.v == 0.625
    # v changes the numbers: the default 0.5 gives other Q for the same data.
    default = rank(X, [0.4, 0.3, 0.1, 0.2], [1, 1, 1, 1], method="vikor")
    assert not np.allclose(default.scores, result.scores, atol=1e-3)


def test_spotis_dezert_2020_car_example() -> None:
    """Dezert, J., Tchamova, A., Han, D., & Tacnet, J.-M. (2020). The SPOTIS rank reversal free
    method for multi-criteria decision-making support. FUSION 2020, IEEE: the car-selection
    example. Four cars, five criteria (C1-C3 cost, C4-C5 benefit), w = (.2941, .2353, .2353,
    .0588, .1765), bounds C1 14000-16000, C2 3-8, C3 80-140, C4 35-60, C5 650-1300; SPOTIS
    scores (.4779, .5781, .5558, .5801), order A1 > A3 > A2 > A4. Numbers as quoted, alike,
    by scikit-criteria's SPOTIS test (test_reference_example_b) and pyrepo-mcda's Test_SPOTIS
    (tests/test_mcda_methods.py).

    Here SPOTIS takes its bounds from the data (see rank_alternatives), so the published
    bounds enter as two extra rows, one at every lower bound and one at every upper bound:
    a SPOTIS score depends only on the alternative's own values, the bounds and the weights,
    so the four cars keep their published scores. Compared within the paper's 4 decimals.
    """
    cars = [
        [15000, 4.3, 99, 42, 737],
        [15290, 5.0, 116, 42, 892],
        [15350, 5.0, 114, 45, 952],
        [15490, 5.3, 123, 45, 1120],
    ]
    bounds = [[14000, 3, 80, 35, 650], [16000, 8, 140, 60, 1300]]
    w = [0.2941, 0.2353, 0.2353, 0.0588, 0.1765]
    result = rank(cars + bounds, w, [-1, -1, -1, 1, 1], method="spotis")
    np.testing.assert_allclose(result.scores[:4], [0.4779, 0.5781, 0.5558, 0.5801], atol=1e-4)
    cars_order = [i for i in result.order if i < 4]
    assert cars_order == [0, 2, 1, 3]
    assert result.higher_is_better is False


def test_topsis_minmax_opricovic_tzeng_2004_data() -> None:
    """TOPSIS with min-max normalisation on Opricovic & Tzeng (2004)'s three alternatives
    (risk 1/2/5 as cost, altitude 3000/3750/4500 as benefit, equal weights): C = (.500, .617,
    .500), the reference pymcdm publishes in its TOPSIS docstring and in its test suite
    (TestTOPSIS, citing Opricovic & Tzeng 2004), computed there with min-max normalisation
    (pymcdm's TOPSIS default). Checked to the 3 printed decimals; A1 and A3 tie.
    """
    result = rank([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], [-1, 1], normalization="minmax")
    assert np.round(result.scores, 3).tolist() == [0.500, 0.617, 0.500]
    assert result.ranks.tolist() == [2, 1, 2]
    assert result.normalization is Normalization.MINMAX


def test_ahp_ideal_mode_is_the_saw_of_rizan_et_al_2020() -> None:
    """AHP synthesis in ideal mode on measured data divides each benefit column by its maximum
    (x / max x) and sums the weighted values: the simple additive weighting (SAW) of Rizan, O.,
    Wahyuningsih, D., Pradana, H. A., & Ramadella, S. (2020). SAW method in supporting the
    process of admission of new junior high school students. CITSM 2020, IEEE,
    doi:10.1109/CITSM50537.2020.9268874: four students, seven benefit criteria, w = (.1, .1,
    .1, .15, .2, .25, .1), scores (.35, .375, .825, .642). Numbers as quoted by pyrepo-mcda's
    Test_SAW and Test_AHP_2 (tests/test_mcda_methods_2.py; AHP with pyrepo-mcda's linear
    normalisation x / max x). Checked to the 3 printed decimals. The third criterion is the
    same for everyone: AHP keeps it, adding .1 to every score, and so do the published scores.
    """
    X = [
        [0.75, 0.50, 0.75, 0, 0, 0, 1],
        [0.75, 1, 0.75, 0, 0, 0, 0.75],
        [0.75, 0.75, 0.75, 0, 0.50, 0.25, 1],
        [0.50, 0.50, 0.75, 1, 0.50, 0, 0.75],
    ]
    w = [0.1, 0.1, 0.1, 0.15, 0.2, 0.25, 0.1]
    result = rank(X, w, [1] * 7, method="ahp", ahp_mode="ideal")
    assert np.round(result.scores, 3).tolist() == [0.35, 0.375, 0.825, 0.642]
    assert result.ranks.tolist() == [4, 3, 1, 2]


def test_pymcdm_topsis_default_is_minmax() -> None:
    """Pins the pymcdm 1.4.0 quirk we guard against: TOPSIS() normalises min-max by default."""
    from pymcdm.methods import TOPSIS

    ref = load_reference("topsis_hwang_yoon_1981.yaml")
    args = (np.array(ref["matrix"], float), np.array(ref["weights"]), np.array(ref["types"]))
    default = TOPSIS()(*args, validation=False)
    minmax = rank(ref["matrix"], ref["weights"], ref["types"], normalization="minmax")
    vector = rank(ref["matrix"], ref["weights"], ref["types"])
    np.testing.assert_allclose(default, minmax.scores, atol=1e-12)
    assert not np.allclose(default, vector.scores, atol=1e-3)


# ---------------------------------------------------------------------------------------------
# Oracle and kernel.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("normalization", ["vector", "minmax"])
@settings(max_examples=40, deadline=None)
@given(problem=problems())
def test_topsis_matches_textbook_oracle(
    normalization: str, problem: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> None:
    X, w, types = problem
    assume(informative(X))
    expected = textbook_topsis(X, w, types, normalization)
    result = rank(X, w, types, normalization=normalization)
    np.testing.assert_allclose(result.scores, expected, atol=1e-12, rtol=0)
    kernel = topsis_closeness(X, w / w.sum(), types, Normalization(normalization))
    np.testing.assert_allclose(kernel, expected, atol=1e-12, rtol=0)


@pytest.mark.parametrize("normalization", list(Normalization))
@settings(max_examples=30, deadline=None)
@given(problem=problems(), samples=st.integers(1, 50), seed=st.integers(0, 2**32 - 1))
def test_kernel_weight_rows_equal_single_calls(
    normalization: Normalization,
    problem: tuple[np.ndarray, np.ndarray, np.ndarray],
    samples: int,
    seed: int,
) -> None:
    X, _, types = problem
    W = np.random.default_rng(seed).dirichlet(np.ones(X.shape[1]), size=samples)
    with no_warnings():
        many = topsis_closeness(X, W, types, normalization)
        single = np.array([topsis_closeness(X, row, types, normalization) for row in W])
    assert many.shape == (samples, X.shape[0])
    np.testing.assert_allclose(many, single, atol=1e-12, rtol=0)
    if informative(X):
        oracle = np.array([textbook_topsis(X, row, types, normalization.value) for row in W])
        np.testing.assert_allclose(many, oracle, atol=1e-12, rtol=0)


def test_kernel_handles_constant_and_zero_columns_without_nan() -> None:
    X = np.array([[0.0, 3.0, 1.0], [0.0, 3.0, 2.0], [0.0, 3.0, 3.0]])
    types = np.array([1, -1, 1])
    W = np.array([[0.2, 0.3, 0.5], [0.5, 0.5, 0.0]])
    with no_warnings():
        for normalization in Normalization:
            result = topsis_closeness(X, W, types, normalization)
            np.testing.assert_allclose(result[0], [0.0, 0.5, 1.0])
            np.testing.assert_allclose(result[1], [0.5, 0.5, 0.5])


def test_ahp_local_priorities_by_hand() -> None:
    """Distributive: benefit x/Σx, cost (1/x)/Σ(1/x); ideal: x/max x and min x/x."""
    X = np.array([[2.0, 1.0], [3.0, 2.0], [5.0, 4.0]])
    types = np.array([1, -1])
    distributive = ahp_local_priorities(X, types, AhpMode.DISTRIBUTIVE)
    np.testing.assert_allclose(distributive[:, 0], [0.2, 0.3, 0.5])
    np.testing.assert_allclose(distributive[:, 1], np.array([1.0, 0.5, 0.25]) / 1.75)
    ideal = ahp_local_priorities(X, types, AhpMode.IDEAL)
    np.testing.assert_allclose(ideal[:, 0], [0.4, 0.6, 1.0])
    np.testing.assert_allclose(ideal[:, 1], [1.0, 0.5, 0.25])
    result = rank(X, [0.6, 0.4], types, method="ahp", ahp_mode="ideal")
    np.testing.assert_allclose(result.scores, 0.6 * ideal[:, 0] + 0.4 * ideal[:, 1])
    assert result.ahp_mode is AhpMode.IDEAL and result.normalization is None


def test_ahp_zero_cost_takes_the_limit() -> None:
    X = np.array([[1.0, 0.0], [2.0, 5.0], [3.0, 0.0]])
    types = np.array([1, -1])
    np.testing.assert_allclose(ahp_local_priorities(X, types)[:, 1], [0.5, 0.0, 0.5])
    np.testing.assert_allclose(ahp_local_priorities(X, types, AhpMode.IDEAL)[:, 1], [1.0, 0.0, 1.0])
    result = rank(X, [0.5, 0.5], types, method="ahp")
    assert np.all(np.isfinite(result.scores))
    assert any("score 0 on it" in note for note in result.diagnostics)


# ---------------------------------------------------------------------------------------------
# Explanations and result shape.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ALL_METHODS)
def test_contributions_decompose_the_score(method: Method) -> None:
    ref = load_reference("topsis_hwang_yoon_1981.yaml")
    result = rank(ref["matrix"], ref["weights"], ref["types"], method=method)
    terms = result.intermediates["contributions"].sum(axis=1)
    parts = result.intermediates
    if method is Method.TOPSIS:
        expected = parts["distance_anti_ideal"] ** 2 - parts["distance_ideal"] ** 2
    elif method is Method.VIKOR:
        expected = -parts["group_utility"]
    elif method is Method.SPOTIS:
        expected = -result.scores
    else:
        expected = result.scores
    np.testing.assert_allclose(terms, expected, atol=1e-12)
    assert parts["contributions"].shape == (4, 6)
    assert (method is Method.PROMETHEE) != ("weighted_normalized" in parts)


def test_topsis_explanation_shares_and_top_contributions() -> None:
    ref = load_reference("topsis_hwang_yoon_1981.yaml")
    result = rank(ref["matrix"], ref["weights"], ref["types"])
    for name in ("share_ideal", "share_anti_ideal"):
        sums = result.intermediates[name].sum(axis=1)
        assert np.all(np.isclose(sums, 1.0) | np.isclose(sums, 0.0))
    v = result.intermediates["weighted_normalized"]
    np.testing.assert_allclose(
        result.intermediates["ideal"],
        [v[:, j].max() for j in range(3)] + [v[:, 3].min()] + [v[:, j].max() for j in (4, 5)],
    )
    top = result.top_contributions(2)
    # A1 is the most manoeuvrable aircraft (9 against 5-7) and maneuverability weighs 0.3.
    assert top["a0"][0].criterion == "c5" and top["a0"][0].value > 0
    assert len(top["a0"]) == 2 and 0 < top["a0"][1].share < top["a0"][0].share <= 1


def test_result_arrays_are_read_only() -> None:
    result = rank([[1, 2], [3, 1]], [1, 1], [1, 1])
    with pytest.raises(ValueError, match="read-only"):
        result.scores[0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        result.intermediates["normalized"][0, 0] = 1.0
    with pytest.raises(TypeError):
        result.intermediates["x"] = np.zeros(1)  # type: ignore[index]


def test_to_dict_is_the_cli_contract_and_json_ready() -> None:
    result = rank([[1.0], [3.0], [2.0], [3.0]], [1.0], [1])
    data = result.to_dict()
    assert data["method"] == "topsis"
    assert [(e["id"], e["rank"]) for e in data["ranking"]] == [
        ("a1", 1),
        ("a3", 1),
        ("a2", 3),
        ("a0", 4),
    ]
    # the contract keys, plus what TOPSIS computes for each alternative
    assert [sorted(e) for e in data["ranking"]] == [
        ["d_minus", "d_plus", "id", "rank", "score"]
    ] * 4
    np.testing.assert_allclose([e["score"] for e in data["ranking"]], [1, 1, 0.5, 0], atol=1e-12)
    assert all(type(e["score"]) is float and type(e["rank"]) is int for e in data["ranking"])
    assert data["ties"] == [["a1", "a3"]]
    assert json.loads(json.dumps(data)) == data
    frame = result.to_frame()
    assert frame.index.tolist() == ["a1", "a3", "a2", "a0"]
    assert frame["rank"].tolist() == [1, 1, 3, 4]
    assert frame["tied"].tolist() == [True, True, False, False]


# ---------------------------------------------------------------------------------------------
# Ties.
# ---------------------------------------------------------------------------------------------


def test_identical_alternatives_tie_with_competition_ranks() -> None:
    X = [[9, 9], [5, 5], [5, 5], [1, 1]]
    for method in ALL_METHODS:
        result = rank(X, [0.5, 0.5], [1, 1], method=method)
        assert result.ranks.tolist() == [1, 2, 2, 4], method
        assert result.ties == (("a1", "a2"),), method


def test_tolerance_decides_ties() -> None:
    X = [[100.0], [99.5], [0.5]]
    loose = rank(X, [1.0], [1], method="ahp", tolerance=0.01)
    assert loose.ranks.tolist() == [1, 1, 3]
    assert loose.ties == (("a0", "a1"),)
    strict = rank(X, [1.0], [1], method="ahp", tolerance=0.0)
    assert strict.ranks.tolist() == [1, 2, 3] and strict.ties == ()


def test_ties_are_absolute_or_relative_and_chain() -> None:
    """Every method scores within [-1, 1], so the relative test only matters on larger scales."""
    from prioritizer.core.rank.alternatives import _competition_ranks

    scores = np.array([2e7, 2e7 + 1e-3, 1.0, 1.0 + 5e-10, 1.0 + 1e-9, 0.5])
    ranks, groups = _competition_ranks(scores, True, 1e-9)
    assert ranks.tolist() == [1, 1, 3, 3, 3, 6]
    assert groups == [[0, 1], [2, 3, 4]]
    ranks, groups = _competition_ranks(-scores, False, 1e-9)
    assert ranks.tolist() == [1, 1, 3, 3, 3, 6]


# ---------------------------------------------------------------------------------------------
# Invariants.
# ---------------------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(problem=problems(), factor=st.floats(1e-3, 1e3), column=st.integers(0, 4))
def test_prop_scaling_benefit_column_keeps_topsis_order(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], factor: float, column: int
) -> None:
    X, w, types = problem
    j = column % X.shape[1]
    types = types.copy()
    types[j] = 1
    scaled = X.copy()
    scaled[:, j] *= factor
    before = rank(X, w, types)
    after = rank(scaled, w, types)
    assert after.ranks.tolist() == before.ranks.tolist()
    np.testing.assert_allclose(after.scores, before.scores, atol=1e-12)


@pytest.mark.parametrize("method", ALL_METHODS)
@settings(max_examples=30, deadline=None)
@given(problem=problems(), pick=st.integers(0, 6), data=st.data())
def test_prop_dominated_never_ranks_above_dominator(
    method: Method,
    problem: tuple[np.ndarray, np.ndarray, np.ndarray],
    pick: int,
    data: st.DataObject,
) -> None:
    X, w, types = problem
    a = pick % X.shape[0]
    shrink = data.draw(hnp.arrays(np.float64, (X.shape[1],), elements=st.floats(0.0, 1.0)))
    # Worse on every criterion (or equal): less of a benefit, more of a cost.
    dominated = np.where(types == 1, X[a] * shrink, X[a] * (2.0 - shrink))
    result = rank(np.vstack([X, dominated]), w, types, method=method)
    assert result.ranks[a] <= result.ranks[-1]


@pytest.mark.parametrize("normalization", list(Normalization))
@settings(max_examples=50, deadline=None)
@given(problem=problems(min_rows=1), pick=st.integers(0, 6), raise_by=st.floats(0.01, 50.0))
def test_prop_raising_a_cost_never_raises_topsis_score(
    normalization: Normalization,
    problem: tuple[np.ndarray, np.ndarray, np.ndarray],
    pick: int,
    raise_by: float,
) -> None:
    X, w, types = problem
    costs = np.flatnonzero(types == -1)
    assume(costs.size > 0)
    i, j = pick % X.shape[0], costs[pick % costs.size]
    raised = X.copy()
    raised[i, j] += raise_by
    before = rank(X, w, types, normalization=normalization)
    after = rank(raised, w, types, normalization=normalization)
    assert after.scores[i] <= before.scores[i] + 1e-12


@pytest.mark.parametrize("method", ALL_METHODS)
@settings(max_examples=50, deadline=None)
@given(problem=problems(min_rows=1), pick=st.integers(0, 6), raise_by=st.floats(0.01, 50.0))
def test_prop_raising_a_cost_never_makes_an_alternative_look_better(
    method: Method,
    problem: tuple[np.ndarray, np.ndarray, np.ndarray],
    pick: int,
    raise_by: float,
) -> None:
    """Every method: more of a cost never improves the alternative's score (read in the
    method's direction: VIKOR and SPOTIS scores fall as alternatives get better) nor its rank."""
    X, w, types = problem
    costs = np.flatnonzero(types == -1)
    assume(costs.size > 0)
    i, j = pick % X.shape[0], costs[pick % costs.size]
    raised = X.copy()
    raised[i, j] += raise_by
    before = rank(X, w, types, method=method)
    after = rank(raised, w, types, method=method)
    sign = 1.0 if before.higher_is_better else -1.0
    assert sign * after.scores[i] <= sign * before.scores[i] + 1e-9
    assert after.ranks[i] >= before.ranks[i]


@pytest.mark.parametrize("method", ALL_METHODS)
@settings(max_examples=30, deadline=None)
@given(problem=problems(min_rows=1))
def test_prop_weights_are_normalised(
    method: Method, problem: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> None:
    X, w, types = problem
    once = rank(X, w, types, method=method)
    thrice = rank(X, 3 * w, types, method=method)
    assert once.ranks.tolist() == thrice.ranks.tolist()
    np.testing.assert_allclose(once.scores, thrice.scores, atol=1e-12)
    assert np.isclose(once.weights.sum(), 1.0) or not once.weights.any()


@pytest.mark.parametrize("method", ALL_METHODS)
@settings(max_examples=25, deadline=None)
@given(problem=problems(), bonus=st.floats(0.0, 10.0))
def test_prop_dominating_alternative_ranks_first(
    method: Method, problem: tuple[np.ndarray, np.ndarray, np.ndarray], bonus: float
) -> None:
    X, w, types = problem
    best = np.where(types == 1, X.max(axis=0) + bonus, np.maximum(X.min(axis=0) - bonus, 0.0))
    result = rank(np.vstack([X, best]), w, types, method=method)
    assert result.ranks[-1] == 1


@settings(max_examples=40, deadline=None)
@given(problem=problems(min_rows=3))
def test_prop_rank_reversal_check_matches_oracle(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    X, w, types = problem
    assume(informative(X))
    ids = [f"a{i}" for i in range(X.shape[0])]
    criteria = [f"c{j}" for j in range(X.shape[1])]
    with no_warnings():
        found = {
            r.removed: set(r.reversed_pairs)
            for r in rank_reversal_check(X, w, types, ids, criteria)
        }
    full = textbook_topsis(X, w, types, "vector")
    for k in range(X.shape[0]):
        rest = [i for i in range(X.shape[0]) if i != k]
        sub = X[rest]
        if not informative(sub):
            continue
        reduced = dict(zip(rest, textbook_topsis(sub, w, types, "vector"), strict=True))
        expected = {
            (ids[a], ids[b])
            for a in rest
            for b in rest
            if full[a] > full[b] + 1e-6 and reduced[a] < reduced[b] - 1e-6
        }
        loose = {
            (ids[a], ids[b])
            for a in rest
            for b in rest
            if full[a] > full[b] - 1e-9 and reduced[a] < reduced[b] + 1e-9
        }
        assert expected <= found.get(ids[k], set()) <= loose


@settings(max_examples=40, deadline=None)
@given(problem=problems(min_rows=3), data=st.data())
def test_prop_ahp_ideal_mode_keeps_order_when_a_non_ideal_alternative_leaves(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    """Saaty's ideal mode preserves rank unless the removed alternative defines an ideal."""
    X, w, types = problem
    best = np.where(types == 1, X.max(axis=0), X.min(axis=0))
    ordinary = [i for i in range(X.shape[0]) if not np.any(X[i] == best)]
    assume(ordinary)
    k = data.draw(st.sampled_from(ordinary))
    ids = [f"a{i}" for i in range(X.shape[0])]
    criteria = [f"c{j}" for j in range(X.shape[1])]
    with no_warnings():
        reversals = rank_reversal_check(
            X, w, types, ids, criteria, method="ahp", ahp_mode="ideal", tolerance=0.0
        )
    assert ids[k] not in {r.removed for r in reversals}


@settings(max_examples=40, deadline=None)
@given(problem=problems(min_rows=3), data=st.data())
def test_prop_spotis_keeps_order_while_the_bounds_stay(
    problem: tuple[np.ndarray, np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    """SPOTIS with bounds from the data reverses only when the removed alternative is one of
    the bounds: any other alternative leaves the others' scores, hence their order, unchanged."""
    X, w, types = problem
    inner = [
        i
        for i in range(X.shape[0])
        if not np.any((X[i] == X.min(axis=0)) | (X[i] == X.max(axis=0)))
    ]
    assume(inner)
    k = data.draw(st.sampled_from(inner))
    ids = [f"a{i}" for i in range(X.shape[0])]
    criteria = [f"c{j}" for j in range(X.shape[1])]
    with no_warnings():
        reversals = rank_reversal_check(X, w, types, ids, criteria, method="spotis")
    assert ids[k] not in {r.removed for r in reversals}


def test_rank_reversal_found_for_topsis() -> None:
    """Removing the worst alternative changes the vector norms enough to swap a0 and a1.

    Checked against the oracle: with all three, C(a0) > C(a1); without a2, C(a0) < C(a1).
    """
    X = np.array([[1.0, 10.0], [3.0, 4.0], [2.0, 3.0]])
    w, types = np.array([0.5, 0.5]), np.array([1, 1])
    full = textbook_topsis(X, w, types, "vector")
    reduced = textbook_topsis(X[:2], w, types, "vector")
    assert (full[0] > full[1]) != (reduced[0] > reduced[1])
    with no_warnings():
        reversals = rank_reversal_check(X, w, types, ["a0", "a1", "a2"], ["c0", "c1"])
    removed = {r.removed: r for r in reversals}
    assert "a2" in removed
    assert set(removed["a2"].reversed_pairs) <= {("a0", "a1"), ("a1", "a0")}
    assert removed["a2"].to_dict()["removed"] == "a2"


@pytest.mark.parametrize(
    ("method", "mode", "X", "types", "removed", "pair"),
    [
        ("ahp", "distributive", [[9, 2], [5, 3], [1, 7]], [1, 1], "a0", ("a2", "a1")),
        ("ahp", "ideal", [[9, 1], [2, 9], [4, 4]], [1, 1], "a1", ("a0", "a2")),
        (
            "vikor",
            None,
            [[8, 3, 1], [3, 4, 8], [5, 1, 4], [6, 8, 7]],
            [1, 1, -1],
            "a2",
            ("a0", "a3"),
        ),
        (
            "promethee",
            None,
            [[4, 4, 1], [2, 3, 4], [6, 5, 7], [9, 8, 7]],
            [1, 1, -1],
            "a1",
            ("a0", "a2"),
        ),
        (
            "spotis",
            None,
            [[9, 3, 9], [9, 3, 5], [6, 7, 7], [1, 5, 1]],
            [1, 1, -1],
            "a2",
            ("a1", "a3"),
        ),
    ],
)
def test_rank_reversal_happens_for_every_method(
    method: str, mode: str | None, X: list[list[int]], types: list[int], removed: str, pair: Any
) -> None:
    """Each method the tool offers can reverse (README, "Rank reversal"): the reported pair is
    strictly ordered one way with every alternative and the other way without `removed`. AHP
    in ideal mode and SPOTIS reverse here only because the removed one holds a best value/bound.
    """
    matrix = np.array(X, dtype=np.float64)
    n, m = matrix.shape
    w = np.full(m, 1.0 / m) if m == 2 else np.array([0.4, 0.3, 0.3])
    ids, criteria = [f"a{i}" for i in range(n)], [f"c{j}" for j in range(m)]
    options: dict[str, Any] = {"method": method} | ({"ahp_mode": mode} if mode else {})
    keep = [i for i in range(n) if ids[i] != removed]
    with no_warnings():
        full = rank_alternatives(matrix, w, np.array(types), ids, criteria, **options)
        reduced = rank_alternatives(
            matrix[keep], w, np.array(types), [ids[i] for i in keep], criteria, **options
        )
        found = rank_reversal_check(matrix, w, np.array(types), ids, criteria, **options)
    before = dict(zip(full.ids, full.ranks, strict=True))
    after = dict(zip(reduced.ids, reduced.ranks, strict=True))
    a, b = pair
    assert before[a] < before[b] and after[a] > after[b]
    assert pair in next(r for r in found if r.removed == removed).reversed_pairs
    if method == "ahp" and mode == "distributive":  # plain numpy: x / column sum, weighted sum

        def priorities(rows: np.ndarray) -> np.ndarray:
            return np.asarray((rows / rows.sum(axis=0)) @ w)

        whole, part = priorities(matrix), priorities(matrix[keep])
        ia, ib = ids.index(a), ids.index(b)
        assert whole[ia] > whole[ib]
        assert part[keep.index(ia)] < part[keep.index(ib)]


# ---------------------------------------------------------------------------------------------
# Degenerate and bad inputs.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("matrix", "weights", "types", "message"),
    [
        (
            [[1, 2, 3], [4, float("nan"), 6]],
            [1, 1, 1],
            [1, 1, 1],
            "matrix (row 2, column 2) is nan; expected a finite number.",
        ),
        (
            [[1, 2, 3], [4, 5, float("inf")]],
            [1, 1, 1],
            [1, 1, 1],
            "matrix (row 2, column 3) is inf; expected a finite number.",
        ),
        (
            [1, 2, 3],
            [1, 1, 1],
            [1, 1, 1],
            "matrix is (3,); expected a 2-D array (alternatives x criteria).",
        ),
        (
            np.zeros((0, 3)),
            [1, 1, 1],
            [1, 1, 1],
            "matrix is (0, 3); expected at least one alternative (row).",
        ),
        ([["a", 2, 3], [1, 2, 3]], [1, 1, 1], [1, 1, 1], "expected numbers only."),
        (
            [[1, 2, 3], [4, 5, 6]],
            [1, 1],
            [1, 1, 1],
            "weights is [1.0, 1.0]; expected 3 weights, one per criterion.",
        ),
        (
            [[1, 2, 3], [4, 5, 6]],
            [0.5, -0.1, 0.6],
            [1, 1, 1],
            "weights (column 2) is -0.1; expected a finite number >= 0.",
        ),
        (
            [[1, 2, 3], [4, 5, 6]],
            [0.5, float("nan"), 0.6],
            [1, 1, 1],
            "weights (column 2) is nan; expected a finite number >= 0.",
        ),
        ([[1, 2, 3], [4, 5, 6]], [0, 0, 0], [1, 1, 1], "weights is 0.0; expected a positive sum."),
        (
            [[1, 2, 3], [4, 5, 6]],
            [1, 1, 1],
            [1, 0, 1],
            "types (column 2) is 0; expected +1 (benefit) or -1 (cost).",
        ),
        (
            [[1, 2, 3], [4, 5, 6]],
            [1, 1, 1],
            [1, "max", 1],
            "types (column 2) is 'max'; expected +1 (benefit) or -1 (cost).",
        ),
        (
            [[1, 2, 3], [4, 5, 6]],
            [1, 1, 1],
            [1, -1],
            "types is [1, -1]; expected 3 types, one per criterion.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    matrix: Any, weights: Any, types: Any, message: str
) -> None:
    ids = [f"a{i}" for i in range(np.shape(matrix)[0])] if np.ndim(matrix) == 2 else ["a0"]
    with no_warnings(), pytest.raises(InvalidMatrix) as caught:
        rank_alternatives(matrix, weights, types, ids, ["c0", "c1", "c2"])
    assert str(caught.value).endswith(message)


def test_bad_input_keeps_row_and_column() -> None:
    with pytest.raises(InvalidMatrix) as caught:
        rank_alternatives([[1, 2], [3, float("nan")]], [1, 1], [1, 1], ["a", "b"], ["x", "y"])
    assert (caught.value.field, caught.value.row, caught.value.column) == ("matrix", 1, 1)
    with pytest.raises(InvalidMatrix) as caught:
        rank_alternatives([[1, 2], [3, 4]], [1, -2], [1, 1], ["a", "b"], ["x", "y"])
    assert (caught.value.field, caught.value.column) == ("weights", 1)


@pytest.mark.parametrize(
    ("ids", "criteria", "method", "message"),
    [
        (["a"], ["x", "y"], "topsis", "ids is ['a']; expected 2 names, one per alternative."),
        (["a", "a"], ["x", "y"], "topsis", "ids (row 2) is 'a'; expected unique names."),
        (["a", "b"], ["x", ""], "topsis", "criteria (row 2) is ''; expected a non-empty text."),
        (
            ["a", "b"],
            ["x", "y"],
            "electre",
            "method is 'electre'; expected one of topsis, ahp, vikor, promethee, spotis.",
        ),
    ],
)
def test_bad_labels_and_method(
    ids: list[str], criteria: list[str], method: str, message: str
) -> None:
    with pytest.raises(InvalidMatrix) as caught:
        rank_alternatives([[1, 2], [3, 4]], [1, 1], [1, 1], ids, criteria, method=method)
    assert str(caught.value) == message


def test_ahp_refuses_negative_values() -> None:
    with pytest.raises(InvalidMatrix) as caught:
        rank([[1, -1], [2, 3]], [1, 1], [1, 1], method="ahp")
    assert str(caught.value) == (
        "matrix (row 1, column 2) is -1.0; expected a number >= 0 "
        "(AHP synthesis needs ratio-scale values)."
    )
    assert rank([[1, -1], [2, 3]], [1, 1], [1, 1]).ranks.tolist() == [2, 1]


@pytest.mark.parametrize("method", ALL_METHODS)
def test_one_alternative_ranks_first(method: Method) -> None:
    result = rank([[3.0, 7.0, 0.0]], [1, 1, 1], [1, -1, 1], method=method)
    assert result.ranks.tolist() == [1]
    assert np.all(np.isfinite(result.scores))
    assert result.diagnostics == ("There is only one alternative, so it ranks 1.",)


@pytest.mark.parametrize("method", [m for m in ALL_METHODS if m is not Method.AHP])
@pytest.mark.parametrize("constant", [0.0, 4.0])
def test_constant_column_is_left_out(method: Method, constant: float) -> None:
    X = np.array([[1.0, constant, 5.0], [3.0, constant, 2.0], [2.0, constant, 9.0]])
    with_column = rank(X, [0.3, 0.3, 0.4], [1, -1, 1], method=method)
    without = rank(X[:, [0, 2]], [0.3, 0.4], [1, 1], method=method)
    assert np.all(np.isfinite(with_column.scores))
    np.testing.assert_allclose(with_column.scores, without.scores, atol=1e-12)
    assert with_column.weights[1] == 0.0
    np.testing.assert_allclose(with_column.weights, [0.3 / 0.7, 0.0, 0.4 / 0.7])
    what = "is 0 for every alternative" if constant == 0 else "has the same value"
    assert with_column.diagnostics == (
        f"Criterion 'c1' {what}{'' if constant == 0 else ' for every alternative'}, so it "
        "cannot separate them; it was left out and the other weights rescaled to sum to 1.",
    )


@pytest.mark.parametrize("mode", list(AhpMode))
@pytest.mark.parametrize("constant", [0.0, 4.0])
def test_ahp_keeps_a_constant_column_with_its_weight(mode: AhpMode, constant: float) -> None:
    """AHP adds the column's local priority (1/n distributive, 1 ideal; a zero cost too) times
    its weight to everyone: the order is that of the other columns, no weight is rescaled."""
    X = np.array([[1.0, constant, 5.0], [3.0, constant, 2.0], [2.0, constant, 9.0]])
    with_column = rank(X, [0.3, 0.3, 0.4], [1, -1, 1], method="ahp", ahp_mode=mode)
    without = rank(X[:, [0, 2]], [0.3, 0.4], [1, 1], method="ahp", ahp_mode=mode)
    local = 1 / 3 if mode is AhpMode.DISTRIBUTIVE else 1.0
    np.testing.assert_allclose(with_column.scores, 0.3 * local + 0.7 * without.scores, atol=1e-12)
    assert with_column.ranks.tolist() == without.ranks.tolist()
    np.testing.assert_allclose(with_column.weights, [0.3, 0.3, 0.4])
    assert with_column.diagnostics[0] == (
        "Criterion 'c1' has the same value for every alternative, so it cannot separate them; "
        "it adds the same amount to every score."
    )


@pytest.mark.parametrize("method", ALL_METHODS)
def test_nothing_separates_the_alternatives(method: Method) -> None:
    result = rank([[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]], [1, 1], [1, -1], method=method)
    assert result.ranks.tolist() == [1, 1, 1]
    assert result.ties == (("a0", "a1", "a2"),)
    assert result.diagnostics[-1] == (
        "No criterion with a positive weight separates the alternatives, "
        "so all of them share rank 1."
    )
    assert np.all(result.weights == 0)


def test_zero_weight_on_the_only_separating_criterion_ties_everyone() -> None:
    result = rank([[1.0, 5.0], [2.0, 5.0]], [0.0, 1.0], [1, 1])
    assert result.ranks.tolist() == [1, 1]
    np.testing.assert_allclose(result.scores, [0.5, 0.5])


def test_vikor_with_flat_group_utility_gives_no_nan() -> None:
    """S and R equal for both alternatives: pymcdm's Q would be 0/0; every Q is 0 instead."""
    result = rank([[1.0, 0.0], [0.0, 1.0]], [0.5, 0.5], [1, 1], method="vikor")
    np.testing.assert_array_equal(result.scores, [0.0, 0.0])
    assert result.ranks.tolist() == [1, 1]
    assert "share Q = 0" in result.diagnostics[0]


def test_vikor_with_flat_group_utility_ranks_by_regret() -> None:
    """S = 0.5 for all three; R = (.5, .25, .25), so Q = (1 - v)(R - R*)/(R⁻ - R*) = (.5, 0, 0)."""
    X = [[0.0, 10.0, 10.0], [10.0, 0.0, 0.0], [5.0, 5.0, 5.0]]
    result = rank(X, [0.5, 0.25, 0.25], [1, 1, 1], method="vikor")
    np.testing.assert_allclose(result.intermediates["group_utility"], [0.5, 0.5, 0.5])
    np.testing.assert_allclose(result.intermediates["individual_regret"], [0.5, 0.25, 0.25])
    np.testing.assert_allclose(result.scores, [0.5, 0.0, 0.0], atol=1e-12)
    assert result.diagnostics == (
        "VIKOR: group utility S is the same for every alternative, so Q ranks by regret R.",
    )
    assert result.ranks.tolist() == [3, 1, 1]


def test_pymcdm_warnings_become_diagnostics(monkeypatch: pytest.MonkeyPatch) -> None:
    """A warning raised inside pymcdm lands in diagnostics, never on stderr."""
    import prioritizer.core.rank._methods as module

    original = module.TOPSIS

    class NoisyTopsis:
        def __init__(self, normalization_function: Any) -> None:
            self.inner = original(normalization_function)

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            warnings.warn("Alternatives with indices [0] are dominant.", UserWarning, stacklevel=1)
            return self.inner(*args, **kwargs)

    monkeypatch.setattr(module, "TOPSIS", NoisyTopsis)
    result = rank([[1, 2], [0, 1]], [1, 1], [1, 1])
    assert result.diagnostics == (
        "pymcdm (TOPSIS) warned: Alternatives with indices [0] are dominant.",
    )
    assert result.ranks.tolist() == [1, 2]


def test_rank_reversal_needs_three_alternatives() -> None:
    with no_warnings():
        assert rank_reversal_check([[1.0], [2.0]], [1.0], [1], ["a", "b"], ["c"]) == ()


def test_tolerance_must_be_a_non_negative_number() -> None:
    with pytest.raises(InvalidMatrix) as caught:
        rank_alternatives([[1.0], [2.0]], [1.0], [1], ["a", "b"], ["c"], tolerance=-1.0)
    assert str(caught.value) == "tolerance is -1.0; expected a finite number >= 0."


@pytest.mark.parametrize(
    ("matrix", "weights", "types", "method", "message"),
    [
        (
            [[1, 2, 3], [4, float("nan"), 6]],
            [1, 1, 1],
            [1, 1, 1],
            "topsis",
            "matrix (fila 2, columna 2) vale nan; se esperaba un número finito.",
        ),
        (
            [[1, 2, 3], [4, 5, 6]],
            [1, 1],
            [1, 1, 1],
            "topsis",
            "weights vale [1.0, 1.0]; se esperaba 3 pesos, uno por criterio.",
        ),
        (
            [[1, 2, 3], [4, 5, 6]],
            [0.5, -0.1, 0.6],
            [1, 1, 1],
            "topsis",
            "weights (columna 2) vale -0.1; se esperaba un número finito >= 0.",
        ),
        (
            [[1, 2, 3], [4, 5, 6]],
            [1, 1, 1],
            [1, "max", 1],
            "topsis",
            "types (columna 2) vale 'max'; se esperaba +1 (beneficio) o -1 (costo).",
        ),
        (
            [[1, -1, 3], [2, 3, 4]],
            [1, 1, 1],
            [1, 1, 1],
            "ahp",
            "matrix (fila 1, columna 2) vale -1.0; se esperaba un número >= 0 "
            "(la síntesis AHP necesita valores en escala de razón).",
        ),
        (
            [[1, 2, 3], [4, 5, 6]],
            [1, 1, 1],
            [1, 1, 1],
            "electre",
            "method vale 'electre'; se esperaba uno de topsis, ahp, vikor, promethee, spotis.",
        ),
    ],
)
def test_bad_input_messages_in_spanish(
    matrix: Any, weights: Any, types: Any, method: str, message: str
) -> None:
    with no_warnings(), pytest.raises(InvalidMatrix) as caught:
        rank_alternatives(matrix, weights, types, ["a0", "a1"], ["c0", "c1", "c2"], method=method)
    assert caught.value.message("es") == message


def test_bad_labels_in_spanish() -> None:
    with pytest.raises(InvalidMatrix) as caught:
        rank_alternatives([[1, 2], [3, 4]], [1, 1], [1, 1], ["a"], ["x", "y"])
    assert (
        caught.value.message("es") == "ids vale ['a']; se esperaba 2 nombres, uno por alternativa."
    )
    with pytest.raises(InvalidMatrix) as caught:
        rank_alternatives([[1, 2], [3, 4]], [1, 1], [1, 1], ["a", "a"], ["x", "y"])
    assert caught.value.message("es") == "ids (fila 2) vale 'a'; se esperaba nombres sin repetir."


def test_a_score_that_is_not_a_number_is_a_solver_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """pymcdm returning NaN stops the ranking with a sentence, in English and in Spanish."""
    import prioritizer.core.rank._methods as module

    class NanTopsis:
        def __init__(self, normalization_function: Any) -> None:
            self.normalization_function = normalization_function

        def __call__(self, matrix: Any, *args: Any, **kwargs: Any) -> Any:
            return np.full(len(matrix), np.nan)

    monkeypatch.setattr(module, "TOPSIS", NanTopsis)
    with pytest.raises(SolverFailure) as caught:
        rank([[1, 2], [0, 1]], [1, 1], [1, 1])
    assert str(caught.value) == "pymcdm returned a score that is not a number for TOPSIS."
    assert caught.value.message("es") == (
        "pymcdm devolvió un puntaje que no es un número para TOPSIS."
    )


def test_a_warning_while_comparing_rankings_is_a_solver_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pymcdm's own warning text goes into the message as is; the sentence around it is ours."""
    import prioritizer.core.rank.similarity as module

    class NoisyCorrelations:
        @staticmethod
        def weighted_spearman(x: Any, y: Any) -> float:
            warnings.warn("division by zero in rw", RuntimeWarning, stacklevel=1)
            return float("nan")

    monkeypatch.setattr(module, "correlations", NoisyCorrelations)
    with pytest.raises(SolverFailure) as caught:
        weighted_spearman([1, 2, 3], [3, 2, 1])
    assert str(caught.value) == "pymcdm could not compare the rankings: division by zero in rw"
    assert caught.value.message("es") == (
        "pymcdm no pudo comparar las clasificaciones: division by zero in rw"
    )


def test_top_contributions_are_empty_when_nothing_separates() -> None:
    result = rank([[1.0, 2.0], [1.0, 2.0]], [1, 1], [1, 1])
    assert result.top_contributions() == {"a0": (), "a1": ()}
    np.testing.assert_array_equal(result.intermediates["distance_ideal"], [0.0, 0.0])
