"""Tests for prioritizer.core.robustness: SMAA-2 closed forms and oracles, samplers, stability.

No published SMAA-2 example with its numbers is used: the references (Lahdelma & Salminen
2001; Liesiö, Mild & Salo 2007) report Monte-Carlo estimates, not closed forms. The checks are
closed-form two-alternative cases, independent per-scenario oracles (`rank_alternatives`, a
dense-grid scan, and one PuLP model per scenario) and invariants.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
from dataclasses import replace
from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from prioritizer.core.analysis import portfolio_problem, project_scores, region_weights
from prioritizer.core.matrices import build_problem
from prioritizer.core.portfolio import optimal_selection, select_portfolio, violated_rules
from prioritizer.core.rank import Method, rank_alternatives, topsis_closeness
from prioritizer.core.robustness import (
    assess_robustness,
    core_index,
    feasible_portfolios,
    group_concentration,
    portfolio_stability,
    rank_acceptability,
    ranking_stability,
    sample_weights,
    sampler_spec,
)
from prioritizer.data.load import load_dataset
from prioritizer.errors import InfeasiblePortfolio, InvalidMatrix, SolverFailure
from prioritizer.options import RunOptions
from prioritizer.results.portfolio_problem import PortfolioProblem
from prioritizer.results.problem import Level
from prioritizer.results.robustness import (
    Acceptability,
    CoreClass,
    CoreMethod,
    Sampler,
    SamplerSpec,
    StabilitySubject,
)
from prioritizer.results.weights import Aggregation, CriterionSpread, StakeholderWeights, WeightSet
from tests.test_portfolio_session import problems


def ids_for(n: int) -> list[str]:
    return [f"a{i}" for i in range(n)]


def criteria_for(m: int) -> list[str]:
    return [f"c{j}" for j in range(m)]


def uniform(samples: int, m: int, seed: int = 7) -> np.ndarray:
    return sample_weights(sampler_spec(Sampler.UNIFORM, samples, seed, criteria_for(m)))


def smaa(matrix: Any, types: Any, weights: np.ndarray, **options: Any) -> Acceptability:
    X = np.asarray(matrix, dtype=float)
    return rank_acceptability(
        X, types, ids_for(X.shape[0]), criteria_for(X.shape[1]), weights, **options
    )


def three_sigma(p: float, samples: int) -> float:
    return 3.0 * math.sqrt(p * (1.0 - p) / samples)


def weight_set(profiles: list[list[float]], influence: list[float]) -> WeightSet:
    """A WeightSet over c0..c{m-1} built from stakeholder vectors (group = influence mean)."""
    P = np.array(profiles, dtype=float)
    share = np.array(influence) / np.sum(influence)
    group = share @ P
    ids = tuple(criteria_for(P.shape[1]))
    people = tuple(
        StakeholderWeights(
            id=f"s{k}",
            name=f"Stakeholder {k}",
            ids=ids,
            influence=float(share[k]),
            kind="points",
            weights=P[k],
            ahp=None,
            direct=None,
            distance=float(np.linalg.norm(P[k] - group)),
            compatibility=None,
        )
        for k in range(len(P))
    )
    spread = tuple(
        CriterionSpread(c, float(P[:, j].min()), float(P[:, j].max()), float(P[:, j].std()))
        for j, c in enumerate(ids)
    )
    return WeightSet(ids, group, Aggregation.AIP, None, people, spread)


# ---------------------------------------------------------------------------------------------
# SMAA-2: closed forms.
# ---------------------------------------------------------------------------------------------


def test_smaa_symmetric_pair_splits_rank_one_evenly() -> None:
    """a = (1, 0), b = (0, 1), benefit, uniform weights: a is first iff w1 > 1/2, so b¹ = 1/2.

    Vector normalisation leaves both columns as (1, 0) and (0, 1); C_a = w1 / (w1 + w2) = w1.
    """
    samples = 10_000
    result = smaa([[1.0, 0.0], [0.0, 1.0]], [1, 1], uniform(samples, 2))
    tolerance = three_sigma(0.5, samples)
    assert abs(result.shares[0, 0] - 0.5) <= tolerance
    assert abs(result.shares[1, 0] - 0.5) <= tolerance
    # Given a is first, w1 is uniform on (1/2, 1): central weight (3/4, 1/4).
    assert abs(result.central_weights[0, 0] - 0.75) <= 3 * math.sqrt(1 / 48 / 5000)


def test_smaa_threshold_closed_form_vector_topsis() -> None:
    """a = (3, 1), b = (1, 2), benefit: a is first iff w1 > t = δ2 / (δ1 + δ2).

    Vector normalisation: column 1 becomes (3, 1)/√10, column 2 (1, 2)/√5. With two
    alternatives each column's ideal is the better one and the anti-ideal the other, so
    a has d⁺ = w2 δ2 and d⁻ = w1 δ1, with δ1 = 2/√10 and δ2 = 1/√5 (the column gaps);
    C_a = w1 δ1 / (w1 δ1 + w2 δ2) and C_b = w2 δ2 / (w1 δ1 + w2 δ2). So a wins iff
    w1 δ1 > (1 - w1) δ2. Under uniform weights w1 ~ U(0, 1): b¹_a = 1 - t and a's central
    weight for criterion 1 is E[w1 | w1 > t] = (1 + t) / 2.
    """
    samples = 20_000
    delta1, delta2 = 2 / math.sqrt(10), 1 / math.sqrt(5)
    t = delta2 / (delta1 + delta2)
    result = smaa([[3.0, 1.0], [1.0, 2.0]], [1, 1], uniform(samples, 2, seed=11))
    expected = 1 - t
    assert abs(result.shares[0, 0] - expected) <= three_sigma(expected, samples)
    conditional_sd = (1 - t) / math.sqrt(12)  # sd of U(t, 1)
    spread = 3 * conditional_sd / math.sqrt(expected * samples)
    assert abs(result.central_weights[0, 0] - (1 + t) / 2) <= spread
    assert abs(result.central_weights[1, 0] - t / 2) <= 3 * (t / math.sqrt(12)) / math.sqrt(
        t * samples
    )
    assert result.confidence.tolist() == [1.0, 1.0]


def test_smaa_dominance_gives_rank_one_always() -> None:
    """An alternative at least as good on every criterion (better on one) is always first."""
    X = [[0.4, 0.9, 0.2], [0.6, 1.0, 0.1], [0.5, 0.3, 0.3]]
    result = smaa(X, [1, 1, -1], uniform(5_000, 3))
    assert result.shares[1, 0] == 1.0
    assert result.shares[0, 0] == 0.0
    assert result.central_weight("a0") is None
    assert result.confidence[1] == 1.0
    np.testing.assert_allclose(result.central_weights[1], [1 / 3] * 3, atol=0.02)


def test_never_first_has_no_central_weights_and_no_nan() -> None:
    result = smaa([[1.0, 1.0], [0.5, 0.5], [0.2, 0.1]], [1, 1], uniform(500, 2))
    assert np.isfinite(result.central_weights).all() and np.isfinite(result.confidence).all()
    data = result.to_dict()
    assert data["central_weights"]["a1"] is None and data["confidence"]["a1"] is None
    assert data["central_weights"]["a0"] == pytest.approx({"c0": 0.5, "c1": 0.5}, abs=0.05)
    json.dumps(data)


def test_ties_share_their_ranks() -> None:
    """Two identical alternatives split ranks 1-2 or 2-3 evenly; columns still sum to 1."""
    X = [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]
    result = smaa(X, [1, 1], uniform(2_000, 2))
    np.testing.assert_array_equal(result.shares[0], result.shares[1])
    # a0 and a1 share ranks 1-2 when w1 > 1/2 (a2 last) and ranks 2-3 otherwise (a2 first).
    assert result.shares[0, 1] == 0.5
    assert result.shares[0, 0] == pytest.approx(0.5 * (1 - result.shares[2, 0]))
    assert result.tied_samples == 2_000
    np.testing.assert_allclose(result.shares.sum(axis=0), 1.0)
    np.testing.assert_allclose(result.shares.sum(axis=1), 1.0)
    np.testing.assert_array_equal(result.central_weights[0], result.central_weights[1])
    assert result.confidence[0] == 0.5


# ---------------------------------------------------------------------------------------------
# SMAA-2: oracle and invariants.
# ---------------------------------------------------------------------------------------------


def acceptability_oracle(
    X: np.ndarray, types: list[int], W: np.ndarray, method: Method
) -> tuple[np.ndarray, np.ndarray]:
    """b and central weights from one `rank_alternatives` call per scenario.

    A tie group at competition rank r with k members gives each member 1/k of ranks
    r..r+k-1 (the documented sharing rule).
    """
    n = X.shape[0]
    b = np.zeros((n, n))
    first_sum = np.zeros((n, X.shape[1]))
    first_share = np.zeros(n)
    for w in W:
        ranking = rank_alternatives(
            X, w, types, ids_for(n), criteria_for(X.shape[1]), method=method
        )
        for i in range(n):
            r = int(ranking.ranks[i]) - 1
            k = int((ranking.ranks == ranking.ranks[i]).sum())
            b[i, r : r + k] += 1.0 / k
            if r == 0:
                first_sum[i] += w / k
                first_share[i] += 1.0 / k
    central = np.divide(
        first_sum,
        first_share[:, None],
        out=np.zeros_like(first_sum),
        where=first_share[:, None] > 0,
    )
    return b / len(W), central


@pytest.mark.parametrize("method", [Method.TOPSIS, Method.AHP, Method.VIKOR])
def test_vectorised_equals_per_scenario_rank_alternatives(method: Method) -> None:
    rng = np.random.default_rng(3)
    X = rng.uniform(1.0, 9.0, size=(8, 4))
    X[5] = X[2]  # a tie in every scenario
    types = [1, -1, 1, 1]
    W = uniform(150, 4, seed=5)
    expected_b, expected_central = acceptability_oracle(X, types, W, method)
    result = smaa(X, types, W, method=method, chunk_size=32)
    np.testing.assert_allclose(result.shares, expected_b, atol=1e-12)
    np.testing.assert_allclose(result.central_weights, expected_central, atol=1e-12)
    assert result.vectorised is (method is not Method.VIKOR)


def test_confidence_matches_a_ranking_at_the_central_weights() -> None:
    rng = np.random.default_rng(8)
    X = rng.uniform(0.0, 1.0, size=(12, 3))
    result = smaa(X, [1, 1, -1], uniform(3_000, 3))
    for i, alternative in enumerate(result.ids):
        if not result.ever_first(alternative):
            continue
        ranking = rank_alternatives(
            X, result.central_weights[i], [1, 1, -1], result.ids, result.criteria
        )
        assert result.confidence[i] == (1.0 if ranking.ranks[i] == 1 else 0.0)


@st.composite
def small_problems(draw: st.DrawFn) -> tuple[np.ndarray, list[int]]:
    """Matrices of small integers (so ties are frequent), 2-6 alternatives, 2-4 criteria."""
    n = draw(st.integers(2, 6))
    m = draw(st.integers(2, 4))
    cells = draw(st.lists(st.integers(0, 3), min_size=n * m, max_size=n * m))
    types = draw(st.lists(st.sampled_from([1, -1]), min_size=m, max_size=m))
    return np.array(cells, dtype=float).reshape(n, m), types


@settings(max_examples=40, deadline=None)
@given(problem=small_problems(), seed=st.integers(0, 2**16), samples=st.integers(1, 60))
def test_prop_acceptability_rows_and_columns_sum_to_one(
    problem: tuple[np.ndarray, list[int]], seed: int, samples: int
) -> None:
    X, types = problem
    result = smaa(X, types, uniform(samples, X.shape[1], seed), chunk_size=7)
    np.testing.assert_allclose(result.shares.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(result.shares.sum(axis=0), 1.0, atol=1e-12)
    assert np.all(result.shares >= 0)
    assert np.isfinite(result.central_weights).all()


@settings(max_examples=25, deadline=None)
@given(problem=small_problems(), seed=st.integers(0, 2**16))
def test_prop_chunking_never_changes_the_result(
    problem: tuple[np.ndarray, list[int]], seed: int
) -> None:
    X, types = problem
    W = uniform(50, X.shape[1], seed)
    whole = smaa(X, types, W, chunk_size=10_000)
    for chunk in (1, 7):
        part = smaa(X, types, W, chunk_size=chunk)
        np.testing.assert_array_equal(part.shares, whole.shares)
        np.testing.assert_array_equal(part.central_weights, whole.central_weights)
        np.testing.assert_array_equal(part.confidence, whole.confidence)
        assert part.tied_samples == whole.tied_samples


def test_chunk_sizes_1_7_and_10000_give_identical_arrays() -> None:
    rng = np.random.default_rng(21)
    X = rng.uniform(0.0, 10.0, size=(30, 4))
    X[7] = X[3]
    W = uniform(700, 4, seed=2)
    results = [smaa(X, [1, 1, -1, 1], W, chunk_size=c) for c in (1, 7, 10_000)]
    for other in results[1:]:
        np.testing.assert_array_equal(other.shares, results[0].shares)
        np.testing.assert_array_equal(other.central_weights, results[0].central_weights)
        np.testing.assert_array_equal(other.confidence, results[0].confidence)


def test_progress_is_called_per_chunk_and_can_interrupt() -> None:
    X = np.eye(3)
    W = uniform(25, 3)
    calls: list[tuple[int, int]] = []
    smaa(X, [1, 1, 1], W, chunk_size=10, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(10, 25), (20, 25), (25, 25)]

    def stop(done: int, total: int) -> None:
        if done >= 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        smaa(X, [1, 1, 1], W, chunk_size=10, progress=stop)


def test_bad_weight_rows_name_the_cell() -> None:
    X = np.eye(2)
    with pytest.raises(InvalidMatrix, match="row 2, column 1"):
        smaa(X, [1, 1], np.array([[0.5, 0.5], [-0.1, 1.1]]))
    with pytest.raises(InvalidMatrix, match="3 weights"):
        smaa(np.ones((2, 3)) + np.eye(2, 3), [1, 1, 1], np.ones((4, 2)))
    with pytest.raises(InvalidMatrix, match="chunk_size"):
        smaa(X, [1, 1], uniform(3, 2), chunk_size=0)


def test_bad_weight_rows_in_spanish() -> None:
    X = np.eye(2)
    with pytest.raises(InvalidMatrix) as caught:
        smaa(X, [1, 1], np.array([[0.5, 0.5], [-0.1, 1.1]]))
    assert caught.value.message("es") == (
        "weights (fila 2, columna 1) vale -0.1; se esperaba un número finito >= 0."
    )
    with pytest.raises(InvalidMatrix) as caught:
        smaa(np.ones((2, 3)) + np.eye(2, 3), [1, 1, 1], np.ones((4, 2)))
    assert caught.value.message("es") == (
        "weights vale [0.5, 0.5]; se esperaba 3 pesos, uno por criterio."
    )
    with pytest.raises(InvalidMatrix) as caught:
        smaa(X, [1, 1], uniform(3, 2), chunk_size=0)
    assert caught.value.message("es") == "chunk_size vale 0; se esperaba un número entero >= 1."


# ---------------------------------------------------------------------------------------------
# Samplers.
# ---------------------------------------------------------------------------------------------

PROFILES = [[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.3, 0.2, 0.5], [0.6, 0.2, 0.2]]
INFLUENCE = [2.0, 1.0, 1.0, 4.0]


@pytest.mark.parametrize("kind", list(Sampler))
def test_same_seed_same_samples_different_seed_different(kind: Sampler) -> None:
    weights = weight_set(PROFILES, INFLUENCE)
    options: dict[str, Any] = {"jitter": 0.1} if kind is Sampler.STAKEHOLDERS else {}
    first = sample_weights(sampler_spec(kind, 500, 42, criteria_for(3), weights, **options))
    again = sample_weights(sampler_spec(kind, 500, 42, criteria_for(3), weights, **options))
    other = sample_weights(sampler_spec(kind, 500, 43, criteria_for(3), weights, **options))
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    assert first.shape == (500, 3)
    np.testing.assert_allclose(first.sum(axis=1), 1.0)
    assert np.all(first >= 0)


def test_group_concentration_matches_total_variance() -> None:
    """Var(w_j) = μ_j (1 - μ_j) / (α0 + 1) summed over j equals Σ σ_j² of the stakeholders."""
    weights = weight_set(PROFILES, INFLUENCE)
    spec = sampler_spec(Sampler.GROUP, 40_000, 1, criteria_for(3), weights)
    mu = np.asarray(weights.weights)
    sigma = np.array([s.std for s in weights.spread])
    assert spec.concentration == pytest.approx((mu * (1 - mu)).sum() / (sigma**2).sum() - 1)
    drawn = sample_weights(spec)
    np.testing.assert_allclose(drawn.mean(axis=0), mu, atol=0.005)
    assert drawn.var(axis=0).sum() == pytest.approx((sigma**2).sum(), rel=0.05)
    assert group_concentration(mu, np.zeros(3)) is None
    assert group_concentration([0.5, 0.5], [0.5, 0.5]) == pytest.approx(1e-3)


def test_group_sampler_without_disagreement_repeats_the_group_weights() -> None:
    weights = weight_set([[0.2, 0.3, 0.5]] * 3, [1.0, 1.0, 1.0])
    spec = sampler_spec(Sampler.GROUP, 10, 0, criteria_for(3), weights)
    assert spec.concentration is None
    np.testing.assert_allclose(sample_weights(spec), np.tile([0.2, 0.3, 0.5], (10, 1)))


def test_stakeholder_sampler_resamples_by_influence() -> None:
    weights = weight_set(PROFILES, INFLUENCE)
    samples = 16_000
    drawn = sample_weights(sampler_spec(Sampler.STAKEHOLDERS, samples, 3, criteria_for(3), weights))
    P = np.array(PROFILES)
    matches = (np.abs(drawn[:, None, :] - P[None, :, :]).max(axis=2) < 1e-12).argmax(axis=1)
    assert np.all(np.abs(drawn - P[matches]).max(axis=1) < 1e-12)
    shares = np.bincount(matches, minlength=4) / samples
    expected = np.array(INFLUENCE) / sum(INFLUENCE)
    for share, p in zip(shares, expected, strict=True):
        assert abs(share - p) <= three_sigma(p, samples)


def test_sampler_on_a_subset_of_criteria_renormalises() -> None:
    weights = weight_set(PROFILES, INFLUENCE)
    spec = sampler_spec(Sampler.STAKEHOLDERS, 5, 0, ["c2", "c0"], weights)
    assert spec.profiles is not None
    np.testing.assert_allclose(spec.profiles[0], [0.2 / 0.7, 0.5 / 0.7])
    with pytest.raises(InvalidMatrix, match="criteria"):
        sampler_spec(Sampler.GROUP, 5, 0, ["c0", "missing"], weights)
    with pytest.raises(InvalidMatrix, match="seed"):
        sampler_spec(Sampler.UNIFORM, 5, -1, ["c0"])
    with pytest.raises(InvalidMatrix, match="weights"):
        sampler_spec(Sampler.GROUP, 5, 0, ["c0"])


def test_sampler_refusals_in_spanish() -> None:
    weights = weight_set(PROFILES, INFLUENCE)
    with pytest.raises(InvalidMatrix) as caught:
        sampler_spec(Sampler.GROUP, 5, 0, ["c0", "missing"], weights)
    assert str(caught.value) == "criteria is ['missing']; expected criteria among c0, c1, c2."
    assert caught.value.message("es") == (
        "criteria vale ['missing']; se esperaba criterios entre c0, c1, c2."
    )
    with pytest.raises(InvalidMatrix) as caught:
        sampler_spec(Sampler.UNIFORM, 5, -1, ["c0"])
    assert caught.value.message("es") == "seed vale -1; se esperaba un número entero >= 0."
    with pytest.raises(InvalidMatrix) as caught:
        sampler_spec(Sampler.GROUP, 5, 0, ["c0"])
    assert caught.value.message("es") == (
        "weights: se esperaba los pesos del grupo para el muestreo group."
    )
    with pytest.raises(InvalidMatrix) as caught:
        sampler_spec("dirichlet", 5, 0, ["c0"])
    assert caught.value.message("es") == (
        "sampler vale 'dirichlet'; se esperaba uno de uniform, group, stakeholders."
    )


def test_spec_records_what_reproduces_the_draw() -> None:
    weights = weight_set(PROFILES, INFLUENCE)
    spec = sampler_spec(Sampler.STAKEHOLDERS, 5, 9, criteria_for(3), weights, jitter=0.2)
    data = spec.to_dict()
    json.dumps(data)
    assert data["seed"] == 9 and data["kind"] == "stakeholders" and data["jitter"] == 0.2
    assert sum(data["probabilities"].values()) == pytest.approx(1.0)
    rebuilt = SamplerSpec(
        spec.kind,
        spec.samples,
        spec.seed,
        spec.criteria,
        profiles=spec.profiles,
        profile_ids=spec.profile_ids,
        probabilities=spec.probabilities,
        jitter=spec.jitter,
    )
    np.testing.assert_array_equal(sample_weights(rebuilt), sample_weights(spec))


# ---------------------------------------------------------------------------------------------
# Weight stability intervals.
# ---------------------------------------------------------------------------------------------


def test_stability_threshold_closed_form() -> None:
    """Same pair as above: the order a, b holds for w1 in [t, 1] and w2 in [0, 1 - t]."""
    delta1, delta2 = 2 / math.sqrt(10), 1 / math.sqrt(5)
    t = delta2 / (delta1 + delta2)
    first, second = ranking_stability(
        [[3.0, 1.0], [1.0, 2.0]], [1, 1], ["a", "b"], ["c1", "c2"], [0.7, 0.3]
    )
    assert first.current == ("a", "b") and first.subject is StabilitySubject.TOP
    assert first.lower == pytest.approx(t, abs=1e-6) and first.lower >= t
    assert first.upper == 1.0 and first.above is None
    assert first.below == ("b", "a")
    assert second.lower == 0.0 and second.upper == pytest.approx(1 - t, abs=1e-6)
    assert second.above == ("b", "a")


def proportional(w: np.ndarray, j: int, value: float) -> np.ndarray:
    """w_k' = w_k (1 - w_j') / (1 - w_j), w_j' = value (the path the intervals follow)."""
    moved = w * (1 - value) / (1 - w[j])
    moved[j] = value
    return moved


def top_order(X: np.ndarray, w: np.ndarray, types: list[int], top: int) -> tuple[Any, ...]:
    ranking = rank_alternatives(X, w, types, ids_for(len(X)), criteria_for(X.shape[1]))
    pairs = sorted((int(r), i) for i, r in enumerate(ranking.ranks) if r <= top)
    return tuple(pairs)


@pytest.mark.parametrize("seed", [1, 2])
def test_stability_matches_a_dense_scan_with_rank_alternatives(seed: int) -> None:
    """Independent oracle: rank at 1,001 points along the path; the bounds agree to a step."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(1.0, 10.0, size=(7, 3))
    types = [1, 1, -1]
    w = np.array([0.45, 0.35, 0.2])
    intervals = ranking_stability(X, types, ids_for(7), criteria_for(3), w)
    grid = np.linspace(0.0, 1.0, 1001)
    for j, interval in enumerate(intervals):
        reference = top_order(X, w, types, 3)
        held = [top_order(X, proportional(w, j, v), types, 3) == reference for v in grid]
        here = int(np.searchsorted(grid, w[j]))
        low = here
        while low > 0 and held[low - 1]:
            low -= 1
        high = here
        while high < len(grid) - 1 and held[high + 1]:
            high += 1
        step = grid[1]
        assert interval.lower == pytest.approx(grid[low], abs=step)
        assert interval.upper == pytest.approx(grid[high], abs=step)
        for value in (interval.lower, interval.upper, w[j]):
            assert top_order(X, proportional(w, j, value), types, 3) == reference


def test_stability_validates_its_options() -> None:
    with pytest.raises(InvalidMatrix, match="precision"):
        ranking_stability(np.eye(2), [1, 1], ["a", "b"], ["p", "q"], [0.5, 0.5], precision=0)
    with pytest.raises(InvalidMatrix, match="grid_points"):
        ranking_stability(np.eye(2), [1, 1], ["a", "b"], ["p", "q"], [0.5, 0.5], grid_points=1)
    with pytest.raises(InvalidMatrix) as caught:
        ranking_stability(np.eye(2), [1, 1], ["a", "b"], ["p", "q"], [0.5, 0.5], precision=2)
    assert caught.value.message("es") == "precision vale 2; se esperaba un número entre 0 y 1."
    with pytest.raises(InvalidMatrix) as caught:
        ranking_stability(np.eye(2), [1, 1], ["a", "b"], ["p", "q"], [0.5, 0.5], grid_points=1)
    assert caught.value.message("es") == "grid_points vale 1; se esperaba al menos 2."


# ---------------------------------------------------------------------------------------------
# Core index and portfolio stability.
# ---------------------------------------------------------------------------------------------


def brute_force_feasible(problem: PortfolioProblem) -> set[tuple[int, ...]]:
    """Every 0/1 vector that `prioritizer.core.portfolio.violated_rules` accepts (2^n checks)."""
    found = set()
    for bits in itertools.product((0, 1), repeat=problem.size):
        chosen = np.array(bits, dtype=np.int64)
        if not violated_rules(problem, chosen, budget_pen=problem.budget_pen):
            found.add(bits)
    return found


def with_values(problem: PortfolioProblem, values: np.ndarray) -> PortfolioProblem:
    return replace(problem, values=values)


def pulp_optimum(problem: PortfolioProblem, values: np.ndarray) -> float | None:
    found = optimal_selection(with_values(problem, values), budget_pen=problem.budget_pen)
    if found is None:
        return None
    assert found.status == "optimal"
    return found.objective


@st.composite
def portfolio_cases(draw: st.DrawFn) -> tuple[PortfolioProblem, np.ndarray]:
    """Small random problems with every rule kind, and a 3-criterion benefit matrix."""
    n = draw(st.integers(2, 7))
    ids = [f"p{i}" for i in range(n)]
    costs = draw(st.lists(st.integers(1, 9), min_size=n, max_size=n))
    budget = draw(st.integers(0, sum(costs)))
    groups = draw(st.lists(st.sampled_from(["g", "h"]), min_size=n, max_size=n))
    pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1])
    requires = draw(st.lists(pairs, max_size=2))
    excludes = draw(st.lists(pairs, max_size=2))
    mandatory = draw(st.lists(st.sampled_from(ids), max_size=1))
    problem = PortfolioProblem.build(
        ids=ids,
        costs_pen=costs,
        budget_pen=budget,
        groups=groups,
        requires=requires,
        excludes=excludes,
        mandatory=mandatory,
        min_per_group=draw(st.sampled_from([{}, {"g": 1}, {"h": 2}])),
        min_share_per_group=draw(st.sampled_from([{}, {"g": 0.3}])),
        max_projects=draw(st.sampled_from([None, 2, 4])),
    )
    cells = draw(st.lists(st.integers(0, 9), min_size=3 * n, max_size=3 * n))
    return problem, np.array(cells, dtype=float).reshape(n, 3)


@settings(max_examples=150, deadline=None)
@given(case=portfolio_cases())
def test_prop_enumeration_finds_exactly_the_feasible_portfolios(
    case: tuple[PortfolioProblem, np.ndarray],
) -> None:
    problem, _ = case
    rows = feasible_portfolios(problem)
    assert rows is not None
    assert {tuple(int(x) for x in row) for row in rows} == brute_force_feasible(problem)


@settings(max_examples=12, deadline=None)
@given(case=portfolio_cases(), seed=st.integers(0, 2**16))
def test_prop_enumeration_optimum_equals_pulp_per_scenario(
    case: tuple[PortfolioProblem, np.ndarray], seed: int
) -> None:
    problem, X = case
    W = uniform(4, 3, seed)
    values = [topsis_closeness(X, w, np.ones(3)) for w in W]
    optima = [pulp_optimum(problem, v) for v in values]
    if optima[0] is None:
        with pytest.raises(InfeasiblePortfolio):
            core_index(problem, X, [1, 1, 1], criteria_for(3), W)
        return
    result = core_index(problem, X, [1, 1, 1], criteria_for(3), W)
    F = feasible_portfolios(problem)
    assert F is not None
    for v, best in zip(values, optima, strict=True):
        assert best is not None
        assert (F @ v).max() == pytest.approx(best, abs=1e-9)
    assert np.all((result.shares >= 0) & (result.shares <= 1))


CORE_X = np.array(
    [
        [9.0, 8.0, 7.0],  # p0: mandatory
        [5.0, 5.0, 5.0],  # p1: dominates p2 ...
        [4.0, 4.0, 3.0],  # p2: ... which is excluded with it and costs more
        [1.0, 9.0, 2.0],
        [8.0, 1.0, 6.0],
        [3.0, 3.0, 9.0],
    ]
)


def core_problem() -> PortfolioProblem:
    return PortfolioProblem.build(
        ids=[f"p{i}" for i in range(6)],
        costs_pen=[50, 20, 30, 25, 25, 25],
        budget_pen=120,
        excludes=[("p1", "p2")],
        mandatory=["p0"],
    )


def test_core_index_mandatory_is_one_dominated_is_zero() -> None:
    result = core_index(core_problem(), CORE_X, [1, 1, 1], criteria_for(3), uniform(2_000, 3))
    assert result.shares[0] == 1.0 and result.class_of("p0") is CoreClass.CORE
    assert result.shares[1] == 1.0  # better and cheaper than its only rival p2
    assert result.shares[2] == 0.0 and result.class_of("p2") is CoreClass.EXTERIOR
    assert 0.0 < result.shares[3] < 1.0
    # Budget 120 - 50 - 20 = 50 leaves room for exactly two of p3, p4, p5.
    assert result.shares[3:].sum() == pytest.approx(2.0)
    assert result.method is CoreMethod.ENUMERATION and result.samples == 2_000
    assert result.distinct_optima == 3


def test_core_index_chunking_and_solver_path_agree() -> None:
    problem = core_problem()
    W = uniform(40, 3, seed=4)
    whole = core_index(problem, CORE_X, [1, 1, 1], criteria_for(3), W, chunk_size=10_000)
    for chunk in (1, 7):
        part = core_index(problem, CORE_X, [1, 1, 1], criteria_for(3), W, chunk_size=chunk)
        np.testing.assert_array_equal(part.shares, whole.shares)
        assert part.tied_samples == whole.tied_samples
    solved = core_index(problem, CORE_X, [1, 1, 1], criteria_for(3), W, max_enumerated=0)
    assert solved.method is CoreMethod.SOLVER and solved.tied_samples is None
    assert whole.tied_samples == 0
    np.testing.assert_array_equal(solved.shares, whole.shares)


def test_core_index_ties_are_counted_and_broken_by_enumeration_order() -> None:
    """Two identical projects a and b, room for c and one of them: every scenario is a tie."""
    problem = PortfolioProblem.build(
        ids=["a", "b", "c", "d"], costs_pen=[10, 10, 10, 10], budget_pen=20
    )
    X = np.array([[5.0, 5.0], [5.0, 5.0], [9.0, 9.0], [1.0, 1.0]])
    result = core_index(problem, X, [1, 1], criteria_for(2), uniform(300, 2))
    assert result.tied_samples == 300
    # Enumeration order is by bitmask (project i = bit i): {a, c} (0b0101) precedes {b, c}.
    assert result.shares.tolist() == [1.0, 0.0, 1.0, 0.0]
    assert result.distinct_optima == 1


def test_core_index_refuses_coverage_mode_and_explains_infeasibility() -> None:
    coverage = PortfolioProblem.build(
        ids=["a", "b"],
        costs_pen=[1, 1],
        budget_pen=1,
        value_mode="coverage",
        gaps=["g"],
        incidence=[[1], [0]],
    )
    with pytest.raises(InvalidMatrix, match="value_mode") as caught:
        core_index(coverage, np.eye(2), [1, 1], criteria_for(2), uniform(3, 2))
    assert caught.value.message("es") == (
        "value_mode vale 'coverage'; se esperaba 'score' (la cobertura no depende de los pesos)."
    )
    with pytest.raises(InvalidMatrix, match="value_mode"):
        portfolio_stability(coverage, np.eye(2), [1, 1], criteria_for(2), [0.5, 0.5])
    impossible = PortfolioProblem.build(
        ids=["a", "b"], costs_pen=[5, 5], budget_pen=4, mandatory=["a"]
    )
    with pytest.raises(InfeasiblePortfolio):
        core_index(impossible, np.eye(2), [1, 1], criteria_for(2), uniform(3, 2))


def test_a_solver_that_stops_early_is_a_solver_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the enumeration limit each scenario is an integer program; one not proven optimal
    stops the run with a sentence in the user's language."""
    import prioritizer.core.robustness.core as module
    from prioritizer.core.portfolio.session import Answer, Session

    class Stopped:
        status = "time_limit"
        selected: tuple[str, ...] = ()

    monkeypatch.setattr(module, "optimal_selection", lambda *args, **kwargs: Stopped())
    monkeypatch.setattr(module, "plan", lambda *args, **kwargs: None)  # the solver, not the DP
    stopped = Answer("best_found", np.array([1, 1], dtype=np.int64))
    monkeypatch.setattr(Session, "maximise", lambda *args, **kwargs: stopped)
    problem = PortfolioProblem.build(ids=["a", "b"], costs_pen=[1, 1], budget_pen=2)
    for solver in ("highs", "cbc"):
        with pytest.raises(SolverFailure) as caught:
            core_index(
                problem,
                np.eye(2),
                [1, 1],
                criteria_for(2),
                uniform(3, 2),
                max_enumerated=0,
                solver=solver,  # type: ignore[arg-type]
            )
    assert str(caught.value) == ("the solver stopped before proving a scenario's portfolio optimal")
    assert caught.value.message("es") == (
        "el solver se detuvo antes de probar que la cartera de un escenario es óptima"
    )


def test_feasible_portfolios_gives_up_beyond_its_limits() -> None:
    problem = PortfolioProblem.build(
        ids=[f"p{i}" for i in range(6)], costs_pen=[1] * 6, budget_pen=6
    )
    assert feasible_portfolios(problem, max_projects=5) is None
    assert feasible_portfolios(problem, limit=10) is None
    rows = feasible_portfolios(problem)
    assert rows is not None and rows.shape == (64, 6)


@pytest.fixture(scope="module")
def cusco() -> tuple[Any, PortfolioProblem, Any]:
    """The Cusco candidate projects: element-only scores, the portfolio problem, the weights."""
    data = load_dataset()
    scores = project_scores(data, "cusco", RunOptions())
    problem = portfolio_problem(data, "cusco", RunOptions())
    full = build_problem(data, "cusco", Level.PROJECTS)
    weights = region_weights(data, "cusco", RunOptions(), criteria=full.criteria)
    return scores, problem, (full, weights)


def test_core_index_cusco_equals_one_pulp_model_per_scenario(cusco: Any) -> None:
    scores, problem, _ = cusco
    X, types, criteria = scores.problem.matrix, scores.problem.types, scores.problem.criteria
    W = sample_weights(sampler_spec(Sampler.GROUP, 120, 42, criteria, scores.weights))
    result = core_index(problem, X, types, criteria, W)
    F = feasible_portfolios(problem)
    assert F is not None and result.feasible_portfolios == len(F)
    counts = np.zeros(problem.size)
    for w in W:
        v = topsis_closeness(X, w, types)
        found = optimal_selection(with_values(problem, v), budget_pen=problem.budget_pen)
        assert found is not None and found.status == "optimal"
        assert (F @ v).max() == pytest.approx(found.objective, abs=1e-9)
        counts += [p in found.selected for p in problem.ids]
    # Where several portfolios tie, the solver may keep another one than the enumeration.
    assert result.tied_samples is not None
    assert np.abs(result.shares - counts / len(W)).max() <= result.tied_samples / len(W)


def test_portfolio_stability_cusco_matches_select_portfolio_and_a_scan(cusco: Any) -> None:
    scores, problem, _ = cusco
    X, types, criteria = scores.problem.matrix, scores.problem.types, scores.problem.criteria
    w = np.asarray(scores.weights.weights)
    chosen = select_portfolio(problem, explain=False)
    intervals = portfolio_stability(problem, X, types, criteria, w, grid_points=201)
    F = feasible_portfolios(problem)
    assert F is not None
    current = np.array([p in chosen.selected for p in problem.ids], dtype=float)
    for j, interval in enumerate(intervals):
        assert interval.subject is StabilitySubject.PORTFOLIO
        assert set(interval.current) == set(chosen.selected)
        grid = np.linspace(0.0, 1.0, 401)
        held = []
        for value in grid:
            v = topsis_closeness(X, proportional(w, j, value), types)
            held.append(current @ v >= (F @ v).max() - 1e-9)
        here = int(np.searchsorted(grid, w[j]))
        low, high = here, here
        while low > 0 and held[low - 1]:
            low -= 1
        while high < len(grid) - 1 and held[high + 1]:
            high += 1
        assert interval.lower == pytest.approx(grid[low], abs=grid[1])
        assert interval.upper == pytest.approx(grid[high], abs=grid[1])
        if interval.below is not None:
            v = topsis_closeness(X, proportional(w, j, interval.lower - 2e-6), types)
            assert current @ v < (F @ v).max()


def test_assess_robustness_report_json_contract(cusco: Any) -> None:
    scores, problem, (full, weights) = cusco
    spec = sampler_spec(Sampler.GROUP, 400, 5, full.criteria, weights)
    seen: list[tuple[str, int, int]] = []
    report = assess_robustness(
        full,
        spec,
        weights.weights,
        portfolio=problem,
        value_weights=scores.weights.weights,
        grid_points=101,
        chunk_size=150,
        progress=lambda stage, done, total: seen.append((stage, done, total)),
    )
    data = report.to_dict()
    json.dumps(data)
    assert data["samples"] == 400 and data["seed"] == 5
    assert set(data["acceptability"]) == set(full.ids)
    assert all(len(row) == len(full.ids) for row in data["acceptability"].values())
    first = [row[0] for row in data["acceptability"].values()]
    assert sum(first) == pytest.approx(1.0)
    for alternative, central in data["central_weights"].items():
        assert central is None or set(central) == set(full.criteria), alternative
    assert set(data["core_index"]) == set(problem.ids)
    assert data["core"]["method"] == "enumeration"
    assert {item["subject"] for item in data["stability"]} == {"top", "portfolio"}
    # each stage counts its own steps: scenarios in chunks of 150, then criteria
    stability = [item for item in seen if item[0] == "portfolio_stability"]
    assert seen[: len(seen) - len(stability)] == [
        *[("acceptability", done, 400) for done in (150, 300, 400)],
        *[("core_index", done, 400) for done in (150, 300, 400)],
    ]
    criteria = full.contributions.shape[2]  # the element criteria the portfolio's values use
    assert stability == [("portfolio_stability", done, criteria) for done in range(criteria + 1)]
    without = assess_robustness(full, spec, weights.weights, grid_points=11)
    assert "core_index" not in without.to_dict()
    np.testing.assert_array_equal(without.acceptability.shares, report.acceptability.shares)


def test_frames_follow_the_arrays() -> None:
    result = smaa([[1.0, 1.0], [0.5, 0.5], [0.9, 0.0]], [1, 1], uniform(400, 2))
    frame = result.to_frame()
    assert list(frame.index) == [result.ids[i] for i in result.order]
    assert frame.loc["a0", "rank_1"] == result.shares[0, 0] == 1.0
    np.testing.assert_allclose(frame[["rank_1", "rank_2", "rank_3"]].sum(axis=1), 1.0)
    core = core_index(core_problem(), CORE_X, [1, 1, 1], criteria_for(3), uniform(50, 3))
    table = core.to_frame()
    assert table.loc["p0", "class"] == "core" and table.loc["p2", "core_index"] == 0.0


@pytest.mark.parametrize("recursion", [True, False])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 2**16))
def test_prop_core_index_past_enumeration_equals_enumeration(
    recursion: bool, problem: PortfolioProblem, seed: int
) -> None:
    """Past the enumeration limit (the dynamic programme over the budget, or the kept model
    scenario by scenario) every scenario's optimum is the enumerated one."""
    import prioritizer.core.robustness.core as module

    rng = np.random.default_rng(seed)
    X = rng.uniform(1, 10, size=(problem.size, 3))
    W = uniform(30, 3, seed=seed % 1000)
    try:
        enumerated = core_index(problem, X, [1, 1, 1], criteria_for(3), W)
    except InfeasiblePortfolio:
        return
    assume(enumerated.tied_samples == 0)
    with contextlib.ExitStack() as stack:
        if not recursion:
            stack.enter_context(patch.object(module, "plan", lambda *args, **kwargs: None))
        solved = core_index(problem, X, [1, 1, 1], criteria_for(3), W, max_enumerated=0)
    np.testing.assert_array_equal(solved.shares, enumerated.shares)


def test_scenario_weights_need_one_column_per_criterion() -> None:
    """The core index and the rank acceptability refuse weight rows whose columns are not the
    criteria, in the same words (the first row is checked as the weights of a ranking)."""
    four_columns = uniform(5, 4)
    with pytest.raises(InvalidMatrix) as by_core:
        core_index(core_problem(), CORE_X, [1, 1, 1], criteria_for(3), four_columns)
    with pytest.raises(InvalidMatrix) as by_ranks:
        rank_acceptability(
            CORE_X, [1, 1, 1], [f"a{i}" for i in range(len(CORE_X))], criteria_for(3), four_columns
        )
    for caught in (by_core, by_ranks):
        assert caught.value.message("en").endswith("expected 3 weights, one per criterion.")
