"""Result types of the robustness stage: how much the answer depends on the weights.

`SamplerSpec` records how the weight scenarios were drawn (kind, seed, parameters), so a run
can be repeated exactly; `Acceptability` holds the SMAA-2 indices of a ranking;
`StabilityInterval` the range of one criterion's weight within which an outcome holds;
`CoreIndex` the share of scenarios in which each project is in the optimal portfolio;
`RobustnessReport` gathers them. Built by `prioritizer.core.robustness`; imports nothing from the
computation modules. Arrays are read-only and `.to_dict()` returns JSON-ready Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from prioritizer.results.records import attributes, dict_or_none
from prioritizer.results.smaa import MetaWeights, SmaaSubject, UncertainValues
from prioritizer.results.weights import freeze, frozen_array

if TYPE_CHECKING:  # pandas is slow to import: only `to_frame` needs it
    import pandas as pd

FloatArray = npt.NDArray[np.float64]

CORE_THRESHOLD = 0.95
"""A project in the optimum in at least this share of scenarios is core (Liesiö et al. 2007)."""
EXTERIOR_THRESHOLD = 0.05
"""A project in the optimum in at most this share of scenarios is exterior."""


class Sampler(StrEnum):
    """How weight scenarios are drawn."""

    UNIFORM = "uniform"
    """Uniform on the simplex, Dirichlet(1, ..., 1): nothing is known about the weights."""
    GROUP = "group"
    """Dirichlet around the group weights, as spread out as the stakeholders are."""
    STAKEHOLDERS = "stakeholders"
    """One stakeholder's weight vector per scenario, drawn with their influence as probability."""


class StabilitySubject(StrEnum):
    """The outcome a stability interval protects."""

    TOP = "top"
    """The order of the first few alternatives of the ranking (ties included)."""
    PORTFOLIO = "portfolio"
    """The portfolio chosen at the current weights stays optimal."""


class CoreClass(StrEnum):
    """Robust Portfolio Modeling's classes of projects by core index."""

    CORE = "core"
    BORDERLINE = "borderline"
    EXTERIOR = "exterior"


class CoreMethod(StrEnum):
    """How each scenario's optimal portfolio was found."""

    ENUMERATION = "enumeration"
    """Argmax over every feasible portfolio, enumerated once (exact)."""
    SOLVER = "solver"
    """One integer program per scenario (prioritizer.core.portfolio)."""


@dataclass(frozen=True, slots=True, eq=False)
class SamplerSpec:
    """Everything needed to draw the same weight scenarios again.

    `mean` and `concentration` describe the group Dirichlet (concentration None: the
    stakeholders agree exactly, so every scenario is the group weights); `profiles` (one row
    per stakeholder, criteria in `criteria` order), `profile_ids`, `probabilities` and `jitter`
    the stakeholder resampling.
    """

    kind: Sampler
    samples: int
    seed: int
    criteria: tuple[str, ...]
    mean: FloatArray | None = None
    concentration: float | None = None
    profiles: FloatArray | None = None
    profile_ids: tuple[str, ...] = ()
    probabilities: FloatArray | None = None
    jitter: float = 0.0

    def __post_init__(self) -> None:
        for name in ("mean", "profiles", "probabilities"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, frozen_array(value))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the kind, seed, count and the parameters that apply to the kind."""
        result: dict[str, Any] = {
            "kind": self.kind.value,
            "samples": self.samples,
            "seed": self.seed,
            "criteria": list(self.criteria),
        }
        if self.kind is Sampler.GROUP and self.mean is not None:
            result["mean"] = _by_criterion(self.criteria, self.mean)
            result["concentration"] = self.concentration
        if self.kind is Sampler.STAKEHOLDERS and self.probabilities is not None:
            result["probabilities"] = {
                stakeholder: float(p)
                for stakeholder, p in zip(self.profile_ids, self.probabilities, strict=True)
            }
            result["jitter"] = self.jitter
        return result


@dataclass(frozen=True, slots=True, eq=False)
class Acceptability(SmaaSubject):
    """SMAA-2 indices of a ranking under sampled weights.

    `shares[i, r]` is the rank acceptability b_i^(r+1): the share of scenarios in which
    alternative i takes rank r + 1 (a tie over ranks r..r+k-1 gives each of its k members 1/k
    of each of those ranks, so rows and columns sum to 1). `central_weights[i]` is the mean
    weight vector of the scenarios in which i is first (a row of zeros, and `confidence[i]`
    0, when i is never first); `confidence[i]` is i's share of rank 1 with the weights fixed
    at its central weights (with `uncertain` values, the share of value scenarios in which i
    is first at those weights: SMAA-2's confidence factor; with exact values it is 0 or 1, or
    1/k for a k-way tie). `tied_samples` counts scenarios with at least one tie.
    `winning[a, b]` is the pairwise winning index: the share of scenarios in which a ranks
    strictly above b (a tie counts for neither, so winning[a, b] + winning[b, a] is 1 minus
    the share of scenarios where they tie). `holistic` weighs each row of `shares` by the
    `meta_weights`.
    """

    samples: int
    shares: FloatArray
    central_weights: FloatArray
    confidence: FloatArray
    tied_samples: int
    chunk_size: int
    vectorised: bool
    """False when every scenario went through `rank_alternatives` one by one."""
    winning: FloatArray | None = None
    meta_weights: MetaWeights = MetaWeights.LINEAR
    uncertain: UncertainValues | None = None

    def __post_init__(self) -> None:
        freeze(self, "shares", "central_weights", "confidence")
        if self.winning is not None:
            object.__setattr__(self, "winning", frozen_array(self.winning))

    @property
    def holistic(self) -> FloatArray:
        """Holistic acceptability a_i = Σ_r α_r b_i^r, in [0, 1] (Lahdelma & Salminen 2001)."""
        return frozen_array(self.shares @ self.meta_weights.alphas(len(self.ids)))

    @property
    def first(self) -> FloatArray:
        """The rank-1 acceptability b_i^1 of every alternative."""
        return frozen_array(self.shares[:, 0])

    def top_share(self, k: int = 3) -> FloatArray:
        """Share of scenarios in which each alternative ranks 1 to k (k = 3: "rank 1-3")."""
        return frozen_array(self.shares[:, : max(k, 0)].sum(axis=1))

    @property
    def order(self) -> tuple[int, ...]:
        """Row indices, most acceptable first: by b^1, then b^2, ... (lexicographic)."""
        keys = [tuple(-float(v) for v in row) for row in self.shares]
        return tuple(sorted(range(len(self.ids)), key=lambda i: (keys[i], i)))

    def ever_first(self, alternative: str) -> bool:
        """Whether `alternative` ranks first in at least one scenario (it has central weights)."""
        return bool(self.shares[self.ids.index(alternative), 0] > 0)

    def central_weight(self, alternative: str) -> dict[str, float] | None:
        """The central weight vector of `alternative` by criterion; None if it is never first."""
        if not self.ever_first(alternative):
            return None
        row = self.central_weights[self.ids.index(alternative)]
        return _by_criterion(self.criteria, row)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; `acceptability` and `central_weights` are the CLI's JSON contract."""
        return {
            "method": self.method.value,
            "variant": self.variant,
            "samples": self.samples,
            "acceptability": {
                alternative: [float(v) for v in self.shares[i]]
                for i, alternative in enumerate(self.ids)
            },
            "rank_1_3": {
                alternative: float(v)
                for alternative, v in zip(self.ids, self.top_share(3), strict=True)
            },
            "central_weights": {
                alternative: self.central_weight(alternative) for alternative in self.ids
            },
            "confidence": {
                alternative: float(self.confidence[i]) if self.ever_first(alternative) else None
                for i, alternative in enumerate(self.ids)
            },
            "tied_samples": self.tied_samples,
            "chunk_size": self.chunk_size,
            "vectorised": self.vectorised,
            "pairwise_winning": None
            if self.winning is None
            else {
                a: {b: float(self.winning[i, j]) for j, b in enumerate(self.ids) if j != i}
                for i, a in enumerate(self.ids)
            },
            "holistic_acceptability": dict(zip(self.ids, map(float, self.holistic), strict=True)),
            "meta_weights": {
                "kind": self.meta_weights.value,
                "alphas": [float(a) for a in self.meta_weights.alphas(len(self.ids))],
            },
            "uncertain_values": dict_or_none(self.uncertain),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per alternative (index ``id``), most acceptable first: ``rank_1`` ...
        ``rank_n``, ``rank_1_3`` and ``confidence``."""
        import pandas as pd

        rows = list(self.order)
        columns = {f"rank_{r + 1}": self.shares[rows, r] for r in range(len(self.ids))}
        columns["rank_1_3"] = self.top_share(3)[rows]
        columns["confidence"] = self.confidence[rows]
        return pd.DataFrame(columns, index=pd.Index([self.ids[i] for i in rows], name="id"))


@dataclass(frozen=True, slots=True)
class StabilityInterval:
    """The range [lower, upper] of one criterion's weight within which an outcome holds.

    The other weights follow proportionally (w_k' = w_k (1 - w_j') / (1 - w_j)). `current` is
    the outcome at the current weight `weight` (the first alternatives in order, or the chosen
    portfolio's projects); `below` and `above` are the outcomes just outside the interval
    (None where the interval reaches 0 or 1). `lower` and `upper` are points where the
    outcome was checked to hold, within `precision` of the true boundary.
    """

    criterion: str
    subject: StabilitySubject
    weight: float
    lower: float
    upper: float
    current: tuple[str, ...]
    below: tuple[str, ...] | None
    above: tuple[str, ...] | None
    precision: float

    @property
    def width(self) -> float:
        """upper - lower: how far the weight can move (in total) before the outcome changes."""
        return self.upper - self.lower

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "criterion": self.criterion,
            "subject": self.subject.value,
            **attributes(self, "weight", "lower", "upper"),
            "current": list(self.current),
            "below": None if self.below is None else list(self.below),
            "above": None if self.above is None else list(self.above),
            "precision": self.precision,
        }


@dataclass(frozen=True, slots=True, eq=False)
class CoreIndex:
    """Core index of each project: the share of weight scenarios whose optimum includes it.

    `tied_samples` counts scenarios with more than one optimal portfolio (the one kept is the
    first in enumeration order, see `prioritizer.core.robustness.core_index`; None when a solver
    was used per scenario, which finds one optimum and cannot tell); `distinct_optima` how
    many different portfolios were kept across the scenarios; `feasible_portfolios` the
    number enumerated (None when a solver was used per scenario).
    """

    ids: tuple[str, ...]
    shares: FloatArray
    samples: int
    method: CoreMethod
    feasible_portfolios: int | None
    tied_samples: int | None
    distinct_optima: int
    core_threshold: float = CORE_THRESHOLD
    exterior_threshold: float = EXTERIOR_THRESHOLD

    def __post_init__(self) -> None:
        freeze(self, "shares")

    def class_of(self, project: str) -> CoreClass:
        """Core (>= core threshold), exterior (<= exterior threshold) or borderline."""
        share = float(self.shares[self.ids.index(project)])
        if share >= self.core_threshold:
            return CoreClass.CORE
        if share <= self.exterior_threshold:
            return CoreClass.EXTERIOR
        return CoreClass.BORDERLINE

    @property
    def classes(self) -> dict[str, CoreClass]:
        """Every project's class, in input order."""
        return {project: self.class_of(project) for project in self.ids}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "samples": self.samples,
            "method": self.method.value,
            "core_index": {p: float(v) for p, v in zip(self.ids, self.shares, strict=True)},
            "classes": {project: kind.value for project, kind in self.classes.items()},
            "thresholds": {"core": self.core_threshold, "exterior": self.exterior_threshold},
            **attributes(self, "feasible_portfolios", "tied_samples", "distinct_optima"),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per project (index ``id``), input order: ``core_index`` and ``class``."""
        import pandas as pd

        return pd.DataFrame(
            {
                "core_index": np.asarray(self.shares),
                "class": [kind.value for kind in self.classes.values()],
            },
            index=pd.Index(list(self.ids), name="id"),
        )


@dataclass(frozen=True, slots=True)
class RobustnessReport:
    """SMAA-2 acceptability, stability intervals and (optionally) the core index of one run."""

    sampler: SamplerSpec
    acceptability: Acceptability
    stability: tuple[StabilityInterval, ...] = ()
    core_index: CoreIndex | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form.

        The CLI's contract: ``samples``, ``seed``, ``acceptability`` ({id: [share at rank 1,
        rank 2, ...]}), ``central_weights`` ({id: {criterion: w} or None}) and, when computed,
        ``core_index`` ({project: share}); ``pairwise_winning`` ({a: {b: share a above b}}),
        ``holistic_acceptability`` ({id: a_i}), ``confidence`` ({id: p_i or None}) and
        ``uncertain_values`` (the cells drawn, or None); the rest (sampler, meta-weights,
        rank 1-3 shares, stability intervals, core classes, chunking) is extra.
        """
        smaa = self.acceptability.to_dict()
        result: dict[str, Any] = {
            "samples": self.sampler.samples,
            "seed": self.sampler.seed,
            "sampler": self.sampler.to_dict(),
            "method": smaa["method"],
            "variant": smaa["variant"],
            "acceptability": smaa["acceptability"],
            "rank_1_3": smaa["rank_1_3"],
            "central_weights": smaa["central_weights"],
            "confidence": smaa["confidence"],
            "tied_samples": smaa["tied_samples"],
            "chunk_size": smaa["chunk_size"],
            "vectorised": smaa["vectorised"],
            "pairwise_winning": smaa["pairwise_winning"],
            "holistic_acceptability": smaa["holistic_acceptability"],
            "meta_weights": smaa["meta_weights"],
            "uncertain_values": smaa["uncertain_values"],
            "stability": [interval.to_dict() for interval in self.stability],
        }
        if self.core_index is not None:
            core = self.core_index.to_dict()
            result["core_index"] = core.pop("core_index")
            result["core"] = core
        return result


def _by_criterion(criteria: tuple[str, ...], values: FloatArray) -> dict[str, float]:
    return {criterion: float(v) for criterion, v in zip(criteria, values, strict=True)}
