"""How much the answer depends on the weights: SMAA-2, weight stability intervals, core index.

Weight scenarios are drawn from a recorded `SamplerSpec` with `np.random.default_rng(seed)`,
so the same spec gives the same scenarios. SMAA scores a chunk of scenarios at once with the
vectorised TOPSIS kernel of `prioritizer.rank` (or AHP synthesis, one matrix product); VIKOR,
PROMETHEE II and SPOTIS go through `rank_alternatives` one scenario at a time (slow but the
same numbers as a single ranking). Memory is bounded by the chunk: a chunk of c scenarios
needs c x n scores, never scenarios x alternatives x criteria. Results do not depend on the
chunk size (integer counts, and sums accumulated in scenario order).

Notation inside the kernels: X the decision matrix (n alternatives x m criteria), W a block
of weight rows (c x m), b[i, r] the rank acceptability, v the project values of a scenario,
F the feasible portfolios (k x n, 0/1).

Ties follow `rank_alternatives`: sorted scores within `tolerance` (absolute, or relative to
the larger one) chain into one group. Where `rank_alternatives` gives the whole group the
best rank of the group (competition ranking 1, 2, 2, 4), acceptability shares the group's
ranks among its members: a group of k over ranks r..r+k-1 gives each member 1/k of each of
those ranks (so the rows and the columns of b sum to 1; with competition ranks, rank 3 would
be empty in that scenario and rank 2 counted twice). Scenarios with a tie are counted.

Core index: the feasible portfolios of a problem with up to 22 candidates are enumerated once
(budget, exclusions and the project cap prune as the subsets grow), so each scenario's
optimum is an argmax of F @ v, exact and proven by exhaustion; larger problems fall back to
one integer program per scenario through `prioritizer.portfolio`. Portfolios within the
tolerance of the optimum tie; the first in enumeration order is kept and the tie counted.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import replace
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from prioritizer.errors import InvalidMatrix, SolverFailure
from prioritizer.phrases import phrase
from prioritizer.portfolio import Solver, diagnose_infeasibility, optimal_selection
from prioritizer.rank import ahp_local_priorities, rank_alternatives, topsis_closeness
from prioritizer.results.portfolio import PortfolioProblem, required_share_pen
from prioritizer.results.problem import DecisionProblem
from prioritizer.results.ranking import AhpMode, Method, Normalization
from prioritizer.results.robustness import (
    Acceptability,
    CoreIndex,
    CoreMethod,
    RobustnessReport,
    Sampler,
    SamplerSpec,
    StabilityInterval,
    StabilitySubject,
)
from prioritizer.results.weights import WeightSet

__all__ = [
    "DEFAULT_CHUNK",
    "MAX_ENUMERATED",
    "MAX_PORTFOLIOS",
    "Progress",
    "assess_robustness",
    "core_index",
    "feasible_portfolios",
    "group_concentration",
    "portfolio_stability",
    "rank_acceptability",
    "ranking_stability",
    "sample_weights",
    "sampler_spec",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Progress = Callable[[int, int], None]
"""Called after each chunk with (scenarios done, scenarios in all); may raise to stop."""
Scorer = Callable[[FloatArray], FloatArray]

DEFAULT_CHUNK = 1024
MAX_ENUMERATED = 22
"""Most candidate projects for which the feasible portfolios are enumerated."""
MAX_PORTFOLIOS = 250_000
"""Most feasible portfolios kept (k x n, about 44 MB as floats for 22 projects) before falling
back to one integer program per scenario."""
_MAX_CELLS = 1 << 22
_MIN_CONCENTRATION = 1e-3
_MAX_CONCENTRATION = 1e12
_VECTORISED = frozenset({Method.TOPSIS, Method.AHP})


# ---------------------------------------------------------------------------------------------
# Weight scenarios.
# ---------------------------------------------------------------------------------------------


def group_concentration(mean: npt.ArrayLike, std: npt.ArrayLike) -> float | None:
    """Dirichlet concentration α0 whose spread matches the stakeholders' disagreement.

    Why: a Dirichlet with mean μ and concentration α0 (parameters α0 μ_j) has
    Var(w_j) = μ_j (1 - μ_j) / (α0 + 1). One α0 cannot match every criterion's std σ_j, so it
    matches their sum: α0 = Σ μ_j (1 - μ_j) / Σ σ_j² - 1, floored at 1e-3 (more disagreement
    than a Dirichlet with that mean can show; it then spreads as far as it can). Returns None
    when σ = 0 up to rounding, α0 > 1e12 (complete agreement: no spread to sample).

    References
    ----------
    Kotz, S., Balakrishnan, N., & Johnson, N. L. (2000). Continuous Multivariate
    Distributions, Vol. 1, 2nd ed. Wiley, ch. 49 (moments of the Dirichlet distribution).
    """
    mu = np.asarray(mean, dtype=np.float64)
    total_variance = float(np.square(np.asarray(std, dtype=np.float64)).sum())
    spread = float((mu * (1.0 - mu)).sum())
    if total_variance * _MAX_CONCENTRATION <= spread:
        return None
    return max(spread / total_variance - 1.0, _MIN_CONCENTRATION)


def sampler_spec(
    kind: Sampler | str,
    samples: int,
    seed: int,
    criteria: Sequence[str],
    weights: WeightSet | None = None,
    *,
    jitter: float = 0.0,
    concentration: float | None = None,
) -> SamplerSpec:
    """The recorded description of a weight sampler over `criteria`, parameters resolved.

    Why: the spec, not the drawn array, goes into results and manifests; `sample_weights(spec)`
    draws the same scenarios from it every time. `group` and `stakeholders` need the region's
    `WeightSet`; when `criteria` is a subset of its criteria, every weight vector is restricted
    to them and renormalised. For `group` the mean is the group weights and the concentration
    comes from `group_concentration` with the stakeholders' population std per criterion (as
    in `WeightSet.spread`, unweighted), unless `concentration` is given. For `stakeholders`
    each scenario is one stakeholder's vector, drawn with their influence as probability,
    times exp(jitter · z) per criterion (z standard normal) and renormalised (jitter 0: exact
    resampling).

    References
    ----------
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research, 49(3), 444-454.
    """
    chosen = _parse(Sampler, kind, "sampler")
    count = _positive_int(samples, "samples")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InvalidMatrix(
            "seed", expected=phrase("a whole number >= {minimum}", minimum=0), got=seed
        )
    labels = tuple(criteria)
    if not labels or len(set(labels)) != len(labels):
        raise InvalidMatrix("criteria", expected=phrase("distinct criterion ids"), got=list(labels))
    if not (np.isfinite(jitter) and jitter >= 0):
        raise InvalidMatrix("jitter", expected=phrase("a finite number >= 0"), got=jitter)
    if concentration is not None and not (np.isfinite(concentration) and concentration > 0):
        raise InvalidMatrix(
            "concentration", expected=phrase("a finite number > 0"), got=concentration
        )
    if chosen is Sampler.UNIFORM:
        return SamplerSpec(chosen, count, int(seed), labels)
    if weights is None:
        raise InvalidMatrix(
            "weights",
            expected=phrase("the group's weights for the {sampler} sampler", sampler=chosen.value),
        )
    missing = [c for c in labels if c not in weights.ids]
    if missing:
        raise InvalidMatrix(
            "criteria",
            expected=phrase("criteria among {ids}", ids=", ".join(weights.ids)),
            got=missing,
        )
    columns = [weights.ids.index(c) for c in labels]
    profiles = np.array([s.weights[columns] for s in weights.stakeholders], dtype=np.float64)
    profiles = _renormalise(profiles.reshape(-1, len(labels)), phrase("stakeholder weights"))
    if chosen is Sampler.GROUP:
        group = np.asarray(weights.weights)[columns][None, :]
        mean = _renormalise(group, phrase("group weights"))[0]
        spread = profiles.std(axis=0) if len(profiles) else np.zeros(len(labels))
        alpha = concentration if concentration is not None else group_concentration(mean, spread)
        return SamplerSpec(chosen, count, int(seed), labels, mean=mean, concentration=alpha)
    if not len(profiles):
        raise InvalidMatrix("weights", expected=phrase("at least one stakeholder to resample"))
    influence = np.array([s.influence for s in weights.stakeholders], dtype=np.float64)
    if not (np.all(np.isfinite(influence)) and np.all(influence >= 0) and influence.sum() > 0):
        raise InvalidMatrix("influence", expected=phrase("finite numbers >= 0 with a positive sum"))
    return SamplerSpec(
        chosen,
        count,
        int(seed),
        labels,
        profiles=profiles,
        profile_ids=tuple(s.id for s in weights.stakeholders),
        probabilities=influence / influence.sum(),
        jitter=float(jitter),
    )


def sample_weights(spec: SamplerSpec) -> FloatArray:
    """Draw the spec's weight scenarios: samples x criteria, every row on the simplex.

    Why: one function per kind, seeded by the spec only, so a recorded spec reproduces the
    scenarios exactly. Criteria with group weight 0 stay 0 in the group Dirichlet.

    References
    ----------
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research, 49(3), 444-454.
    Tervonen, T., & Lahdelma, R. (2007). Implementing stochastic multicriteria acceptability
    analysis. European Journal of Operational Research, 178(2), 500-513 (uniform weights on
    the simplex).
    """
    rng = np.random.default_rng(spec.seed)
    m = len(spec.criteria)
    if spec.kind is Sampler.UNIFORM:
        return rng.dirichlet(np.ones(m), size=spec.samples)
    if spec.kind is Sampler.GROUP:
        if spec.mean is None:
            raise InvalidMatrix("sampler", expected=phrase("a group mean for the group sampler"))
        mean = np.asarray(spec.mean, dtype=np.float64)
        if spec.concentration is None:
            return np.tile(mean, (spec.samples, 1))
        positive = mean > 0
        drawn = np.zeros((spec.samples, m))
        drawn[:, positive] = rng.dirichlet(spec.concentration * mean[positive], size=spec.samples)
        return drawn
    if spec.profiles is None or spec.probabilities is None:
        raise InvalidMatrix(
            "sampler", expected=phrase("stakeholder profiles for the stakeholder sampler")
        )
    picks = rng.choice(len(spec.profiles), size=spec.samples, p=spec.probabilities)
    drawn = np.array(spec.profiles[picks], dtype=np.float64)
    if spec.jitter > 0:
        drawn *= np.exp(spec.jitter * rng.standard_normal(drawn.shape))
        drawn /= drawn.sum(axis=1, keepdims=True)
    return drawn


# ---------------------------------------------------------------------------------------------
# SMAA-2.
# ---------------------------------------------------------------------------------------------


def rank_acceptability(
    matrix: npt.ArrayLike,
    types: npt.ArrayLike,
    ids: Sequence[str],
    criteria: Sequence[str],
    weights: npt.ArrayLike,
    *,
    method: Method | str = Method.TOPSIS,
    normalization: Normalization | str = Normalization.VECTOR,
    ahp_mode: AhpMode | str = AhpMode.DISTRIBUTIVE,
    tolerance: float = 1e-9,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
) -> Acceptability:
    """SMAA-2 rank acceptability indices, central weights and confidence factors.

    Why: a planner should see how often each alternative is first (and second, third...)
    across plausible weights, not only under one weight vector. `weights` holds one scenario
    per row (from `sample_weights`). TOPSIS and AHP score `chunk_size` scenarios per matrix
    product; the other methods call `rank_alternatives` once per scenario. Criteria that do
    not separate the alternatives are left out as `rank_alternatives` does.

    The confidence factor p_i^c is, in SMAA-2, the probability that i is first when the
    weights are fixed at its central weight vector and the criteria values vary; here the
    values are fixed, so it is 1 when i is first at its central weights, 0 when not (1/k when
    it ties for first with k - 1 others). Alternatives never first have no central weights:
    a row of zeros, confidence 0 (`Acceptability.central_weight` returns None). `progress`
    is called after each chunk; an exception it raises (KeyboardInterrupt) stops the run and
    nothing is returned.

    References
    ----------
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research, 49(3), 444-454.
    Tervonen, T., & Figueira, J. R. (2008). A survey on stochastic multicriteria acceptability
    analysis methods. Journal of Multi-Criteria Decision Analysis, 15(1-2), 1-14.
    """
    W = _weight_rows(weights)
    chunk = _positive_int(chunk_size, "chunk_size")
    setup = _Setup.build(
        matrix, types, ids, criteria, W[0], method, normalization, ahp_mode, tolerance
    )
    if W.shape[1] != len(setup.criteria):
        raise InvalidMatrix(
            "weights",
            expected=phrase("{count} columns, one per criterion", count=len(setup.criteria)),
            got=W.shape,
        )
    S, n = W.shape[0], len(setup.ids)
    tally = _Tally(n, W.shape[1])
    for begin in range(0, S, chunk):
        block = W[begin : begin + chunk]
        tally.add(block, _positions(setup.score(block), setup.tolerance))
        if progress is not None:
            progress(min(begin + chunk, S), S)
    shares, central, tied = tally.result(S)
    confidence = _confidence(setup, central, shares[:, 0] > 0)
    return Acceptability(
        ids=setup.ids,
        criteria=setup.criteria,
        method=setup.method,
        variant=setup.variant,
        samples=S,
        shares=shares,
        central_weights=central,
        confidence=confidence,
        tied_samples=tied,
        chunk_size=chunk,
        vectorised=setup.method in _VECTORISED,
    )


class _Setup:
    """A validated problem and its scoring function: weight rows -> merit (higher is better)."""

    __slots__ = ("criteria", "ids", "method", "score", "tolerance", "variant")

    def __init__(
        self,
        ids: tuple[str, ...],
        criteria: tuple[str, ...],
        method: Method,
        variant: str | None,
        score: Scorer,
        tolerance: float,
    ) -> None:
        self.ids = ids
        self.criteria = criteria
        self.method = method
        self.variant = variant
        self.score = score
        self.tolerance = tolerance

    @classmethod
    def build(
        cls,
        matrix: npt.ArrayLike,
        types: npt.ArrayLike,
        ids: Sequence[str],
        criteria: Sequence[str],
        first: FloatArray,
        method: Method | str,
        normalization: Normalization | str,
        ahp_mode: AhpMode | str,
        tolerance: float,
    ) -> _Setup:
        # One ranking validates everything (InvalidMatrix naming row and column) the way a
        # single run would, and parses the options.
        reference = rank_alternatives(
            matrix,
            first,
            types,
            ids,
            criteria,
            method=method,
            normalization=normalization,
            ahp_mode=ahp_mode,
            tolerance=tolerance,
        )
        X = np.asarray(matrix, dtype=np.float64)
        t = np.asarray(types, dtype=np.int64)
        keep = ~np.array([_constant(X[:, j], tolerance) for j in range(X.shape[1])], dtype=bool)
        chosen = reference.method
        score: Scorer
        if chosen is Method.TOPSIS:
            norm = reference.normalization or Normalization.VECTOR
            score = _topsis_scorer(X, t, keep, norm)
        elif chosen is Method.AHP:
            score = _ahp_scorer(X, t, keep, reference.ahp_mode or AhpMode.DISTRIBUTIVE)
        else:
            score = _per_sample_scorer(X, t, reference.ids, reference.criteria, chosen, tolerance)
        return cls(reference.ids, reference.criteria, chosen, reference.variant, score, tolerance)


def _topsis_scorer(
    X: FloatArray, types: IntArray, keep: BoolArray, normalization: Normalization
) -> Scorer:
    def score(W: FloatArray) -> FloatArray:
        return topsis_closeness(X, _informative_weights(W, keep), types, normalization)

    return score


def _ahp_scorer(X: FloatArray, types: IntArray, keep: BoolArray, mode: AhpMode) -> Scorer:
    local = ahp_local_priorities(X, types, mode)

    def score(W: FloatArray) -> FloatArray:
        return np.asarray(_informative_weights(W, keep) @ local.T, dtype=np.float64)

    return score


def _per_sample_scorer(
    X: FloatArray,
    types: IntArray,
    ids: tuple[str, ...],
    criteria: tuple[str, ...],
    method: Method,
    tolerance: float,
) -> Scorer:
    def score(W: FloatArray) -> FloatArray:
        merit = np.empty((W.shape[0], X.shape[0]))
        for s, row in enumerate(W):
            ranking = rank_alternatives(
                X, row, types, ids, criteria, method=method, tolerance=tolerance
            )
            merit[s] = ranking.scores if ranking.higher_is_better else -ranking.scores
        return merit

    return score


def _informative_weights(W: FloatArray, keep: BoolArray) -> FloatArray:
    """Weights with the non-separating criteria set to 0 and each row rescaled to sum 1."""
    kept = np.where(keep, W, 0.0)
    total = kept.sum(axis=1, keepdims=True)
    return np.asarray(
        np.divide(kept, total, out=np.zeros_like(kept), where=total > 0), dtype=np.float64
    )


def _constant(column: FloatArray, tolerance: float) -> bool:
    """The rule of `rank_alternatives`: relative spread within the tolerance."""
    return float(column.max() - column.min()) <= tolerance * float(np.abs(column).max())


class _Positions(NamedTuple):
    """Per scenario: alternatives best first, and each position's tie group (start, size).

    `order[s, p]` is the alternative at position p; `start[s, p]` the first position of its
    tie group (competition rank = start + 1) and `size[s, p]` the group's size; `tied` says
    whether any scenario of the block has a tie (else start = p and size = 1 everywhere, held
    as a broadcast array).
    """

    order: IntArray
    start: IntArray
    size: IntArray
    tied: bool


def _positions(merit: FloatArray, tolerance: float) -> _Positions:
    """Sort each scenario's merits (best first) and chain ties as `rank_alternatives` does.

    Consecutive sorted scores a >= b are tied when a - b <= tolerance * max(1, |a|, |b|)
    (absolute or relative to the larger). The sort is not stable: members of a tie group
    come in any order, which no result depends on (they share the group's ranks).
    """
    c, n = merit.shape
    order = np.argsort(merit, axis=1)[:, ::-1]
    ranked = np.take_along_axis(merit, order, axis=1)
    gap = ranked[:, :-1] - ranked[:, 1:]
    column = np.arange(n)
    # Quick exit: no gap within the loosest threshold of the block means no tie at all.
    largest = max(1.0, float(ranked[:, 0].max()), -float(ranked[:, -1].min()))
    if not gap.size or gap.min() > tolerance * largest:
        ones = np.broadcast_to(np.ones(1, dtype=np.int64), (c, n))
        return _Positions(order, np.broadcast_to(column, (c, n)), ones, False)
    scale = np.maximum(np.maximum(ranked[:, :-1], -ranked[:, 1:]), 1.0)
    tied = gap <= tolerance * scale
    opens = np.concatenate([np.ones((c, 1), dtype=bool), ~tied], axis=1)
    closes = np.concatenate([~tied, np.ones((c, 1), dtype=bool)], axis=1)
    start = np.maximum.accumulate(np.where(opens, column, 0), axis=1)
    end = np.minimum.accumulate(np.where(closes, column, n - 1)[:, ::-1], axis=1)[:, ::-1]
    return _Positions(order, start, end - start + 1, bool(tied.any()))


class _Tally:
    """Running SMAA sums that do not depend on how the scenarios are split into chunks.

    Untied positions are integer counts; tie shares (1/k) and central-weight sums are added
    with `np.add.at` in scenario order, so every cell receives the same additions in the same
    order whatever the chunk size.
    """

    __slots__ = (
        "count_first",
        "counts",
        "first_tied",
        "n",
        "sum_tied",
        "sum_untied",
        "tie_shares",
        "tied_rows",
    )

    def __init__(self, n: int, m: int) -> None:
        self.n = n
        self.counts = np.zeros(n * n, dtype=np.int64)
        self.tie_shares = np.zeros((n, n))
        self.count_first = np.zeros(n, dtype=np.int64)
        self.first_tied = np.zeros(n)
        self.sum_untied = np.zeros((n, m))
        self.sum_tied = np.zeros((n, m))
        self.tied_rows = 0

    def add(self, W: FloatArray, positions: _Positions) -> None:
        n = self.n
        order, start, size = positions.order, positions.start, positions.size
        cells = order * n + np.arange(n)
        if not positions.tied:
            self.counts += np.bincount(cells.ravel(), minlength=n * n)
            self._add_first(order[:, 0], W)
            return
        single = size == 1
        self.counts += np.bincount(cells[single], minlength=n * n)
        alone = single[:, 0]
        self._add_first(order[alone, 0], W[alone])
        self.tied_rows += int((~single).any(axis=1).sum())
        rows, cols = np.nonzero(~single)  # row-major: scenario order
        members = order[rows, cols]
        k = size[rows, cols]
        # Each tied member gets 1/k of each rank of its group: expand to k entries per member.
        repeat = np.repeat(np.arange(len(members)), k)
        offset = np.arange(len(repeat)) - np.repeat(np.cumsum(k) - k, k)
        ranks = start[rows, cols][repeat] + offset
        np.add.at(self.tie_shares, (members[repeat], ranks), 1.0 / k[repeat])
        at_top = start[rows, cols] == 0
        top_rows, top_members, top_k = rows[at_top], members[at_top], k[at_top]
        np.add.at(self.first_tied, top_members, 1.0 / top_k)
        np.add.at(self.sum_tied, top_members, W[top_rows] / top_k[:, None])

    def _add_first(self, first: IntArray, W: FloatArray) -> None:
        self.count_first += np.bincount(first, minlength=self.n)
        np.add.at(self.sum_untied, first, W)

    def result(self, samples: int) -> tuple[FloatArray, FloatArray, int]:
        n = self.n
        shares = (self.counts.reshape(n, n) + self.tie_shares) / samples
        weight_sums = self.sum_untied + self.sum_tied
        first = self.count_first + self.first_tied
        central = np.divide(
            weight_sums, first[:, None], out=np.zeros_like(weight_sums), where=first[:, None] > 0
        )
        return shares, central, self.tied_rows


def _confidence(setup: _Setup, central: FloatArray, ever_first: BoolArray) -> FloatArray:
    confidence = np.zeros(len(setup.ids))
    chosen = np.flatnonzero(ever_first)
    if not len(chosen):
        return confidence
    placed = _positions(setup.score(central[chosen]), setup.tolerance)
    for row, i in enumerate(chosen):
        p = int(np.flatnonzero(placed.order[row] == i)[0])
        if placed.start[row, p] == 0:
            confidence[i] = 1.0 / float(placed.size[row, p])
    return confidence


# ---------------------------------------------------------------------------------------------
# Weight stability intervals.
# ---------------------------------------------------------------------------------------------


def ranking_stability(
    matrix: npt.ArrayLike,
    types: npt.ArrayLike,
    ids: Sequence[str],
    criteria: Sequence[str],
    weights: npt.ArrayLike,
    *,
    top: int = 3,
    method: Method | str = Method.TOPSIS,
    normalization: Normalization | str = Normalization.VECTOR,
    ahp_mode: AhpMode | str = AhpMode.DISTRIBUTIVE,
    tolerance: float = 1e-9,
    grid_points: int = 1001,
    precision: float = 1e-6,
) -> tuple[StabilityInterval, ...]:
    """Per criterion, the interval of its weight within which the first `top` keep their order.

    Why: "how far can the weight of cost move before the top three change?" is the question
    a planner can answer about their own judgments. The other weights follow proportionally,
    w_k' = w_k (1 - w_j') / (1 - w_j) (shared equally when they are all 0). The outcome is the
    first `top` alternatives with their competition ranks, so a tie appearing counts as a
    change. Found on a grid of `grid_points` over [0, 1] (plus the current weight), then by
    bisection at each boundary to `precision`; the interval is the run of the grid around the
    current weight, so an excursion narrower than the grid step can be missed.

    References
    ----------
    Triantaphyllou, E., & Sánchez, A. (1997). A sensitivity analysis approach for some
    deterministic multi-criteria decision-making methods. Decision Sciences, 28(1), 151-194.
    Mareschal, B. (1988). Weight stability intervals in multicriteria decision aid. European
    Journal of Operational Research, 33(1), 54-64.
    """
    w = _current_weights(weights)
    count = _positive_int(top, "top")
    setup = _Setup.build(
        matrix, types, ids, criteria, w, method, normalization, ahp_mode, tolerance
    )
    if len(w) != len(setup.criteria):
        raise InvalidMatrix(
            "weights",
            expected=phrase("{count} weights", count=len(setup.criteria)),
            got=w.tolist(),
        )
    grid = _grid(grid_points)
    step = _precision(precision)

    def outcomes(W: FloatArray) -> list[tuple[tuple[int, int], ...]]:
        return _heads(_positions(setup.score(W), setup.tolerance), count)

    def names(key: Hashable) -> tuple[str, ...]:
        assert isinstance(key, tuple)
        return tuple(setup.ids[i] for _, i in key)

    intervals = []
    for j, criterion in enumerate(setup.criteria):
        reference = outcomes(_path(w, j, np.array([w[j]])))[0]

        def inside(t: FloatArray, j: int = j, reference: Hashable = reference) -> BoolArray:
            return np.array([key == reference for key in outcomes(_path(w, j, t))])

        def describe(t: float, j: int = j) -> tuple[str, ...]:
            return names(outcomes(_path(w, j, np.array([t])))[0])

        lower, upper, below, above = _interval(inside, describe, float(w[j]), grid, step)
        intervals.append(
            StabilityInterval(
                criterion=criterion,
                subject=StabilitySubject.TOP,
                weight=float(w[j]),
                lower=lower,
                upper=upper,
                current=names(reference),
                below=below,
                above=above,
                precision=step,
            )
        )
    return tuple(intervals)


def _heads(placed: _Positions, top: int) -> list[tuple[tuple[int, int], ...]]:
    """Per scenario, the (competition rank - 1, alternative) pairs of the first `top` places.

    A tie group that starts within the first `top` places is included whole, its members in
    input order, so the outcome does not depend on how the sort ordered them.
    """
    heads = []
    for order, start in zip(placed.order, placed.start, strict=True):
        within = start < top
        pairs = zip(start[within].tolist(), order[within].tolist(), strict=True)
        heads.append(tuple(sorted(pairs)))
    return heads


def _path(w: FloatArray, j: int, t: FloatArray) -> FloatArray:
    """Weight rows with w_j = t and the others rescaled proportionally to sum 1 - t."""
    others = w.copy()
    others[j] = 0.0
    total = others.sum()
    if total > 0:
        others /= total
    elif len(w) > 1:
        others[:] = 1.0 / (len(w) - 1)
        others[j] = 0.0
    rows = np.outer(1.0 - t, others)
    rows[:, j] = t
    return rows


def _interval(
    inside: Callable[[FloatArray], BoolArray],
    describe: Callable[[float], tuple[str, ...]],
    current: float,
    grid: FloatArray,
    precision: float,
) -> tuple[float, float, tuple[str, ...] | None, tuple[str, ...] | None]:
    """The run of `grid` around `current` where `inside` holds, its ends refined by bisection.

    Returns (lower, upper, outcome below, outcome above); an end that reaches 0 or 1 has no
    outcome beyond it (None).
    """
    points = np.unique(np.append(grid, current))
    here = int(np.searchsorted(points, current))
    held = inside(points)
    held[here] = True
    low = here
    while low > 0 and held[low - 1]:
        low -= 1
    high = here
    while high < len(points) - 1 and held[high + 1]:
        high += 1
    lower, below = float(points[low]), None
    if low > 0:
        lower, outside = _bisect(inside, float(points[low]), float(points[low - 1]), precision)
        # One more step out, past a tie at the boundary itself, to show what comes next.
        below = describe(max(outside - precision, 0.0))
    upper, above = float(points[high]), None
    if high < len(points) - 1:
        upper, outside = _bisect(inside, float(points[high]), float(points[high + 1]), precision)
        above = describe(min(outside + precision, 1.0))
    return lower, upper, below, above


def _bisect(
    inside: Callable[[FloatArray], BoolArray], held: float, failed: float, precision: float
) -> tuple[float, float]:
    """Narrow [held, failed] to `precision`; returns the last point inside and the first out."""
    while abs(failed - held) > precision:
        middle = 0.5 * (held + failed)
        if inside(np.array([middle]))[0]:
            held = middle
        else:
            failed = middle
    return held, failed


def _grid(points: int) -> FloatArray:
    count = _positive_int(points, "grid_points")
    if count < 2:
        raise InvalidMatrix("grid_points", expected=phrase("at least 2"), got=points)
    return np.linspace(0.0, 1.0, count)


def _precision(precision: float) -> float:
    if not (np.isfinite(precision) and 0 < precision < 1):
        raise InvalidMatrix("precision", expected=phrase("a number between 0 and 1"), got=precision)
    return float(precision)


# ---------------------------------------------------------------------------------------------
# Portfolio core index.
# ---------------------------------------------------------------------------------------------


def feasible_portfolios(
    problem: PortfolioProblem, *, max_projects: int = MAX_ENUMERATED, limit: int = MAX_PORTFOLIOS
) -> BoolArray | None:
    """Every portfolio that meets the budget and every rule, one 0/1 row each (k x n).

    Why: with the feasible set written down once, each weight scenario's optimum is an argmax
    of one matrix product instead of an integer program. Subsets are grown project by project
    (project i is bit i), pruned as soon as the budget, an exclusion or the project cap is
    broken; mandatory projects are in from the start; requirements, group minimums (count
    and share of the budget, in whole soles as `prioritizer.portfolio` rounds them) and
    required gap coverage are checked at the end. Rows come in increasing bit order.
    Returns None when the problem has more than `max_projects` candidates or more than
    `limit` feasible portfolios (then a solver per scenario is the better tool).

    References
    ----------
    Liesiö, J., Mild, P., & Salo, A. (2007). Preference programming for robust portfolio
    modeling and project selection. European Journal of Operational Research, 181(3),
    1488-1505 (the set of feasible portfolios and its non-dominated subset).
    """
    n = problem.size
    if n > max_projects:
        return None
    costs = np.asarray(problem.costs_pen, dtype=np.int64)
    budget = int(problem.budget_pen)
    cap = n if problem.max_projects is None else int(problem.max_projects)
    forced = np.zeros(n, dtype=bool)
    forced[[problem.index(p) for p in problem.mandatory]] = True
    partners: list[int] = [0] * n
    for a, b in problem.excludes:
        i, j = problem.index(a), problem.index(b)
        partners[i] |= 1 << j
        partners[j] |= 1 << i
    masks = np.zeros(1, dtype=np.int64)
    spend = np.zeros(1, dtype=np.int64)
    count = np.zeros(1, dtype=np.int64)
    for i in range(n):
        bit = np.int64(1 << i)
        grow = (spend + costs[i] <= budget) & (count < cap) & ((masks & partners[i]) == 0)
        if forced[i]:
            masks, spend, count = masks[grow] | bit, spend[grow] + costs[i], count[grow] + 1
        else:
            masks = np.concatenate([masks, masks[grow] | bit])
            spend = np.concatenate([spend, spend[grow] + costs[i]])
            count = np.concatenate([count, count[grow] + 1])
        if len(masks) > limit:
            return None
    chosen = ((masks[:, None] >> np.arange(n)) & 1).astype(bool)
    return np.asarray(chosen[_meets_rules(problem, chosen)], dtype=bool)


def _meets_rules(problem: PortfolioProblem, chosen: BoolArray) -> BoolArray:
    """Rows of `chosen` that meet the requirements, group minimums and required coverage."""
    ok = np.ones(len(chosen), dtype=bool)
    for a, b in problem.requires:
        ok &= ~chosen[:, problem.index(a)] | chosen[:, problem.index(b)]
    for group, minimum in problem.min_per_group.items():
        members = np.array([g == group for g in problem.groups], dtype=bool)
        ok &= chosen[:, members].sum(axis=1) >= minimum
    costs = np.asarray(problem.costs_pen, dtype=np.int64)
    for group, share in problem.min_share_per_group.items():
        members = np.array([g == group for g in problem.groups], dtype=np.int64)
        ok &= chosen.astype(np.int64) @ (members * costs) >= required_share_pen(
            share, int(problem.budget_pen)
        )
    for gap in problem.require_coverage:
        column = np.asarray(problem.incidence, dtype=bool)[:, problem.gaps.index(gap)]
        ok &= chosen[:, column].any(axis=1)
    return ok


def core_index(
    problem: PortfolioProblem,
    matrix: npt.ArrayLike,
    types: npt.ArrayLike,
    criteria: Sequence[str],
    weights: npt.ArrayLike,
    *,
    normalization: Normalization | str = Normalization.VECTOR,
    tolerance: float = 1e-9,
    chunk_size: int = DEFAULT_CHUNK,
    solver: Solver = "cbc",
    max_enumerated: int = MAX_ENUMERATED,
    progress: Progress | None = None,
) -> CoreIndex:
    """Share of weight scenarios in which each project is in the optimal portfolio.

    Why: Robust Portfolio Modeling's question, "which projects are worth funding whatever the
    weights?". In each scenario (a row of `weights` over `criteria`) the project values are
    the TOPSIS closeness of the projects (rows of `matrix`, in `problem.ids` order) on those
    criteria, as the portfolio's "score" mode uses them (cost is the budget, not a
    criterion), and the optimum is found exactly: by argmax over `feasible_portfolios`
    (chunked F @ v), or with one integer program per scenario (`solver`) when the feasible
    set is too large to enumerate (more than `max_enumerated` projects or `MAX_PORTFOLIOS`
    portfolios). Optimal portfolios within `tolerance` (relative to the optimum, at least
    absolute) count as tied; the first in enumeration order is kept and
    the scenario is counted in `tied_samples`. Classes: core >= 0.95, exterior <= 0.05,
    borderline otherwise. `problem.values` is not used (each scenario has its own values).

    Raises
    ------
    InvalidMatrix
        When the problem is in coverage mode (its value does not depend on the weights) or
        the matrix, weights or criteria do not fit the problem.
    PortfolioInfeasible
        When no portfolio meets the rules (the same diagnosis as `select_portfolio`).

    References
    ----------
    Liesiö, J., Mild, P., & Salo, A. (2007). Preference programming for robust portfolio
    modeling and project selection. European Journal of Operational Research, 181(3),
    1488-1505.
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research, 49(3), 444-454.
    """
    if problem.value_mode != "score":
        raise InvalidMatrix(
            "value_mode",
            expected=phrase("'score' (coverage does not depend on the weights)"),
            got=problem.value_mode,
        )
    W = _weight_rows(weights)
    chunk = _positive_int(chunk_size, "chunk_size")
    values = _value_scorer(problem, matrix, types, criteria, W[0], normalization, tolerance)
    if W.shape[1] != len(tuple(criteria)):
        raise InvalidMatrix(
            "weights",
            expected=phrase("{count} columns, one per criterion", count=len(tuple(criteria))),
            got=W.shape,
        )
    S, n = W.shape[0], problem.size
    F = feasible_portfolios(problem, max_projects=max_enumerated)
    if F is not None and not len(F):
        raise diagnose_infeasibility(problem, solver=solver)
    counts = np.zeros(n, dtype=np.int64)
    optima: set[bytes] = set()
    tied = 0
    if F is not None:
        portfolios = F.astype(np.float64)
        block = max(1, min(chunk, _MAX_CELLS // max(len(F), 1)))
        for begin in range(0, S, block):
            picked, ties, _ = _best_rows(portfolios, values(W[begin : begin + block]), tolerance)
            rows = F[picked]
            counts += rows.sum(axis=0)
            optima.update(np.packbits(row).tobytes() for row in np.unique(rows, axis=0))
            tied += ties
            if progress is not None:
                progress(min(begin + block, S), S)
    else:
        for begin in range(0, S, chunk):
            for v in values(W[begin : begin + chunk]):
                row = _solve_one(problem, v, solver)
                counts += row
                optima.add(np.packbits(row).tobytes())
            if progress is not None:
                progress(min(begin + chunk, S), S)
    return CoreIndex(
        ids=problem.ids,
        shares=counts / S,
        samples=S,
        method=CoreMethod.ENUMERATION if F is not None else CoreMethod.SOLVER,
        feasible_portfolios=None if F is None else len(F),
        tied_samples=None if F is None else tied,
        distinct_optima=len(optima),
    )


def _value_scorer(
    problem: PortfolioProblem,
    matrix: npt.ArrayLike,
    types: npt.ArrayLike,
    criteria: Sequence[str],
    first: FloatArray,
    normalization: Normalization | str,
    tolerance: float,
) -> Scorer:
    """Weight rows -> project values (TOPSIS closeness, clipped at 0 as the portfolio's values)."""
    setup = _Setup.build(
        matrix,
        types,
        problem.ids,
        criteria,
        first,
        Method.TOPSIS,
        normalization,
        AhpMode.DISTRIBUTIVE,
        tolerance,
    )

    def values(W: FloatArray) -> FloatArray:
        return np.clip(setup.score(W), 0.0, None)

    return values


def _best_rows(
    portfolios: FloatArray, values: FloatArray, tolerance: float
) -> tuple[IntArray, int, FloatArray]:
    """Per scenario: the first portfolio within `tolerance` of the best, how many scenarios
    had a tie, and the best value."""
    totals = values @ portfolios.T
    best = totals.max(axis=1)
    near = totals >= (best - tolerance * np.maximum(np.abs(best), 1.0))[:, None]
    picked = np.argmax(near, axis=1)
    return picked, int((near.sum(axis=1) > 1).sum()), best


def _solve_one(problem: PortfolioProblem, values: FloatArray, solver: Solver) -> IntArray:
    """The optimal portfolio for one scenario's values, by integer program."""
    scenario = replace(problem, values=values)
    found = optimal_selection(scenario, budget_pen=problem.budget_pen, solver=solver)
    if found is None:
        raise diagnose_infeasibility(problem, solver=solver)
    if found.status != "optimal":
        raise SolverFailure(
            phrase("the solver stopped before proving a scenario's portfolio optimal")
        )
    chosen = set(found.selected)
    return np.array([p in chosen for p in problem.ids], dtype=np.int64)


def portfolio_stability(
    problem: PortfolioProblem,
    matrix: npt.ArrayLike,
    types: npt.ArrayLike,
    criteria: Sequence[str],
    weights: npt.ArrayLike,
    *,
    normalization: Normalization | str = Normalization.VECTOR,
    tolerance: float = 1e-9,
    grid_points: int = 1001,
    precision: float = 1e-6,
    solver: Solver = "cbc",
    max_enumerated: int = MAX_ENUMERATED,
) -> tuple[StabilityInterval, ...]:
    """Per criterion, the interval of its weight within which the chosen portfolio stays optimal.

    Why: the companion of `ranking_stability` for the portfolio: how far can a weight move
    before a different set of projects is worth more? Project values are recomputed as in
    `core_index` along the same proportional path; the portfolio chosen at `weights` (the
    first optimum in enumeration order) holds while its value is within `tolerance` of the
    optimum (a tie still holds). `below` and `above` name the optimal portfolio beyond each
    end. Grid and bisection as in `ranking_stability`; with more projects than
    `max_enumerated` each point is one integer program (slow: lower `grid_points`).

    References
    ----------
    Liesiö, J., Mild, P., & Salo, A. (2007). Preference programming for robust portfolio
    modeling and project selection. European Journal of Operational Research, 181(3),
    1488-1505.
    Mareschal, B. (1988). Weight stability intervals in multicriteria decision aid. European
    Journal of Operational Research, 33(1), 54-64.
    """
    if problem.value_mode != "score":
        raise InvalidMatrix(
            "value_mode",
            expected=phrase("'score' (coverage does not depend on the weights)"),
            got=problem.value_mode,
        )
    w = _current_weights(weights)
    labels = tuple(criteria)
    if len(w) != len(labels):
        raise InvalidMatrix(
            "weights", expected=phrase("{count} weights", count=len(labels)), got=w.tolist()
        )
    values = _value_scorer(problem, matrix, types, labels, w, normalization, tolerance)
    grid = _grid(grid_points)
    step = _precision(precision)
    F = feasible_portfolios(problem, max_projects=max_enumerated)
    if F is not None and not len(F):
        raise diagnose_infeasibility(problem, solver=solver)

    portfolios = None if F is None else F.astype(np.float64)

    def optima(V: FloatArray) -> tuple[IntArray, FloatArray]:
        """Each scenario's kept optimum (rows of 0/1) and optimal value."""
        if portfolios is None:
            rows = np.array([_solve_one(problem, v, solver) for v in V], dtype=np.int64)
            return rows, np.einsum("sn,sn->s", V, rows)
        picked, _, best = _best_rows(portfolios, V, tolerance)
        return np.asarray(F, dtype=np.int64)[picked], best

    def members(row: IntArray) -> tuple[str, ...]:
        return tuple(p for p, x in zip(problem.ids, row, strict=True) if x)

    current = optima(values(w[None, :]))[0][0]
    intervals = []
    for j, criterion in enumerate(labels):

        def inside(t: FloatArray, j: int = j) -> BoolArray:
            V = values(_path(w, j, t))
            _, best = optima(V)
            return np.asarray(V @ current >= best - tolerance * np.maximum(np.abs(best), 1.0))

        def describe(t: float, j: int = j) -> tuple[str, ...]:
            return members(optima(values(_path(w, j, np.array([t]))))[0][0])

        lower, upper, below, above = _interval(inside, describe, float(w[j]), grid, step)
        intervals.append(
            StabilityInterval(
                criterion=criterion,
                subject=StabilitySubject.PORTFOLIO,
                weight=float(w[j]),
                lower=lower,
                upper=upper,
                current=members(current),
                below=below,
                above=above,
                precision=step,
            )
        )
    return tuple(intervals)


# ---------------------------------------------------------------------------------------------
# The whole report.
# ---------------------------------------------------------------------------------------------


def assess_robustness(
    problem: DecisionProblem,
    spec: SamplerSpec,
    weights: npt.ArrayLike,
    *,
    portfolio: PortfolioProblem | None = None,
    value_criteria: Sequence[str] | None = None,
    value_weights: npt.ArrayLike | None = None,
    method: Method | str = Method.TOPSIS,
    normalization: Normalization | str = Normalization.VECTOR,
    ahp_mode: AhpMode | str = AhpMode.DISTRIBUTIVE,
    tolerance: float = 1e-9,
    top: int = 3,
    grid_points: int = 1001,
    precision: float = 1e-6,
    chunk_size: int = DEFAULT_CHUNK,
    solver: Solver = "cbc",
    progress: Progress | None = None,
) -> RobustnessReport:
    """SMAA-2, stability intervals and (with a portfolio) the core index of one problem.

    Why: one call for the CLI. The scenarios are drawn from `spec` (its criteria must be the
    problem's, in any order); `weights` are the current weights over `problem.criteria`, for
    the stability intervals. With `portfolio`, the core index and the portfolio's stability
    use the same scenarios restricted to `value_criteria` (default: the element criteria,
    the first `problem.contributions.shape[2]`) and renormalised, and the rows of `problem`
    for the portfolio's projects; `value_weights` (default: `weights` restricted the same
    way) are the weights the portfolio was chosen with. `progress` sees the SMAA scenarios
    and then the core-index scenarios as one count.

    References
    ----------
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research, 49(3), 444-454.
    Liesiö, J., Mild, P., & Salo, A. (2007). Preference programming for robust portfolio
    modeling and project selection. European Journal of Operational Research, 181(3),
    1488-1505.
    """
    if sorted(spec.criteria) != sorted(problem.criteria):
        raise InvalidMatrix(
            "criteria",
            expected=phrase("the problem's criteria {ids}", ids=", ".join(problem.criteria)),
            got=list(spec.criteria),
        )
    drawn = sample_weights(spec)[:, [spec.criteria.index(c) for c in problem.criteria]]
    total = spec.samples * (2 if portfolio is not None else 1)

    def offset(start: int) -> Progress | None:
        if progress is None:
            return None
        report = progress
        return lambda done, _: report(start + done, total)

    smaa = rank_acceptability(
        problem.matrix,
        problem.types,
        problem.ids,
        problem.criteria,
        drawn,
        method=method,
        ahp_mode=ahp_mode,
        chunk_size=chunk_size,
        progress=offset(0),
        normalization=normalization,
        tolerance=tolerance,
    )
    stability = ranking_stability(
        problem.matrix,
        problem.types,
        problem.ids,
        problem.criteria,
        weights,
        top=top,
        method=method,
        ahp_mode=ahp_mode,
        grid_points=grid_points,
        precision=precision,
        normalization=normalization,
        tolerance=tolerance,
    )
    if portfolio is None:
        return RobustnessReport(spec, smaa, stability)
    labels = (
        tuple(value_criteria)
        if value_criteria is not None
        else problem.criteria[: problem.contributions.shape[2]]
    )
    columns = [_position(problem.criteria, c, "value_criteria") for c in labels]
    rows = [_position(problem.ids, p, "portfolio") for p in portfolio.ids]
    X = np.asarray(problem.matrix, dtype=np.float64)[np.ix_(rows, columns)]
    types = np.asarray(problem.types)[columns]
    current = _current_weights(weights)[columns] if value_weights is None else value_weights
    core = core_index(
        portfolio,
        X,
        types,
        labels,
        drawn[:, columns],
        chunk_size=chunk_size,
        solver=solver,
        progress=offset(spec.samples),
        normalization=normalization,
        tolerance=tolerance,
    )
    kept = portfolio_stability(
        portfolio,
        X,
        types,
        labels,
        current,
        grid_points=grid_points,
        precision=precision,
        solver=solver,
        normalization=normalization,
        tolerance=tolerance,
    )
    return RobustnessReport(spec, smaa, stability + kept, core)


def _position(labels: Sequence[str], label: str, field: str) -> int:
    if label not in labels:
        raise InvalidMatrix(
            field, expected=phrase("ids among {ids}", ids=", ".join(labels)), got=label
        )
    return list(labels).index(label)


# ---------------------------------------------------------------------------------------------
# Validation helpers.
# ---------------------------------------------------------------------------------------------


def _weight_rows(weights: npt.ArrayLike) -> FloatArray:
    """Scenario weights as a float array, rows on the simplex (each divided by its sum)."""
    try:
        W = np.array(weights, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidMatrix("weights", expected=phrase("numbers only"), got=weights) from None
    if W.ndim != 2 or W.shape[0] < 1 or W.shape[1] < 1:
        raise InvalidMatrix(
            "weights", expected=phrase("a 2-D array (scenarios x criteria)"), got=W.shape
        )
    bad = np.argwhere(~np.isfinite(W) | (W < 0))
    if bad.size:
        row, column = (int(k) for k in bad[0])
        raise InvalidMatrix(
            "weights",
            expected=phrase("a finite number >= 0"),
            got=float(W[row, column]),
            row=row,
            column=column,
        )
    total = W.sum(axis=1, keepdims=True)
    empty = np.flatnonzero(total[:, 0] <= 0)
    if empty.size:
        raise InvalidMatrix(
            "weights", expected=phrase("a positive sum"), got=0.0, row=int(empty[0])
        )
    return np.asarray(W / total, dtype=np.float64)


def _current_weights(weights: npt.ArrayLike) -> FloatArray:
    try:
        w = np.array(weights, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidMatrix("weights", expected=phrase("numbers only"), got=weights) from None
    if w.ndim != 1:
        raise InvalidMatrix("weights", expected=phrase("one weight per criterion"), got=w.shape)
    return np.asarray(_weight_rows(w[None, :])[0], dtype=np.float64)


def _renormalise(rows: FloatArray, field: str) -> FloatArray:
    if rows.size and not (np.all(np.isfinite(rows)) and np.all(rows >= 0)):
        raise InvalidMatrix(field, expected=phrase("finite numbers >= 0"))
    total = rows.sum(axis=1, keepdims=True)
    if rows.size and np.any(total <= 0):
        raise InvalidMatrix(field, expected=phrase("a positive sum over the criteria used"))
    return np.asarray(rows / np.where(total > 0, total, 1.0), dtype=np.float64)


def _positive_int(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise InvalidMatrix(
            field, expected=phrase("a whole number >= {minimum}", minimum=1), got=value
        )
    return int(value)


def _parse(kind: type[Sampler], value: object, field: str) -> Sampler:
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise InvalidMatrix(
            field, expected=phrase("one of {allowed}", allowed=allowed), got=value
        ) from None
