"""Result types of the ranking stage: Ranking, Contribution, RankReversal, MethodAgreement.

They carry everything a renderer or exporter needs (ids, scores, ranks, ties, explanations),
so those never have to call back into the computation. Arrays are read-only copies.

`Ranking.intermediates` holds, by name (criteria on the last axis, alternatives first):

- every method: ``contributions`` (n x m), an additive decomposition of the score signed so
  that a larger term helps the alternative (see `Ranking.top_contributions`), and, except for
  PROMETHEE (which compares pairs instead of normalising), ``weighted_normalized`` (n x m);
- TOPSIS: ``normalized`` (n x m), ``ideal`` and ``anti_ideal`` (m, weighted), ``distance_ideal``
  and ``distance_anti_ideal`` (n), ``share_ideal`` and ``share_anti_ideal`` (n x m, each
  criterion's share of the squared distance; rows sum to 1 or are all 0);
- AHP: ``local_priorities`` (n x m);
- VIKOR: ``group_utility`` (S) and ``individual_regret`` (R), both (n);
  ``weighted_normalized`` holds the weighted regrets w_j (f*_j - f_ij) / (f*_j - f⁻_j);
- PROMETHEE: ``positive_flow`` and ``negative_flow`` (n); ``contributions`` are the weighted
  single-criterion net flows w_j φ_j;
- SPOTIS: ``lower_bound``, ``upper_bound`` and ``ideal`` (m), in the units of the data;
  ``weighted_normalized`` holds the weighted distances to the ideal.

A criterion left out because it does not separate the alternatives has weight 0 and shows 0
in every n x m array. When no criterion is left (a single alternative, say), the arrays hold
zeros and only TOPSIS and AHP keep their method-specific ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from prioritizer.results.promethee import PrometheeOrder
from prioritizer.results.records import attributes

if TYPE_CHECKING:  # pandas is slow to import: only `to_frame` needs it
    import pandas as pd

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class Method(StrEnum):
    """Ranking methods, named as in the literature."""

    TOPSIS = "topsis"
    AHP = "ahp"
    VIKOR = "vikor"
    PROMETHEE = "promethee"
    SPOTIS = "spotis"


class Normalization(StrEnum):
    """Column normalisations offered for TOPSIS."""

    VECTOR = "vector"
    MINMAX = "minmax"


class AhpMode(StrEnum):
    """Saaty's two synthesis modes for AHP ratings."""

    DISTRIBUTIVE = "distributive"
    IDEAL = "ideal"


@dataclass(frozen=True, slots=True)
class Contribution:
    """One criterion's part in an alternative's score.

    `value` is the criterion's term in the method's additive decomposition (positive helps);
    `share` is its absolute value over the sum of absolute values for that alternative.
    """

    criterion: str
    value: float
    share: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return attributes(self, "criterion", "value", "share")


@dataclass(frozen=True, slots=True)
class VikorCompromise:
    """VIKOR's two acceptance conditions for the alternative of least Q, and the compromise
    set they imply.

    `acceptable_advantage`: Q(second) - Q(first) >= `dq` = 1 / (m - 1) for m alternatives.
    `acceptable_stability`: the first is also best by S or by R. Both hold: the compromise is
    the first alone; only the stability fails: the first two; the advantage fails: every
    alternative whose Q is less than `dq` above the first's.

    References
    ----------
    Opricovic, S., & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a comparative
    analysis of VIKOR and TOPSIS. European Journal of Operational Research, 156(2), 445-455
    (Sec. 3, step 5).
    """

    v: float
    dq: float
    acceptable_advantage: bool
    acceptable_stability: bool
    compromise: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            **attributes(self, "v", "dq", "acceptable_advantage", "acceptable_stability"),
            "compromise_set": list(self.compromise),
        }


_PER_ALTERNATIVE: dict[Method, tuple[tuple[str, str], ...]] = {
    Method.TOPSIS: (("d_plus", "distance_ideal"), ("d_minus", "distance_anti_ideal")),
    Method.VIKOR: (("S", "group_utility"), ("R", "individual_regret")),
    Method.PROMETHEE: (("phi_plus", "positive_flow"), ("phi_minus", "negative_flow")),
}
"""JSON keys of the per-alternative intermediates each method computes, and their names."""


@dataclass(frozen=True, slots=True, eq=False)
class Ranking:
    """Scores and competition ranks (1, 2, 2, 4) of alternatives under one method.

    Rank 1 is always the best, whatever the direction of the method's own score
    (`higher_is_better` is False for VIKOR and SPOTIS). `weights` are the weights actually
    used: normalised to sum 1, with 0 for criteria left out (all 0 when none could be used).
    """

    method: Method
    normalization: Normalization | None
    ids: tuple[str, ...]
    criteria: tuple[str, ...]
    weights: FloatArray
    scores: FloatArray
    ranks: IntArray
    higher_is_better: bool
    ties: tuple[tuple[str, ...], ...]
    intermediates: Mapping[str, FloatArray]
    diagnostics: tuple[str, ...] = ()
    ahp_mode: AhpMode | None = None
    vikor: VikorCompromise | None = None
    promethee: PrometheeOrder | None = None
    """PROMETHEE only: each criterion's preference function and PROMETHEE I's partial order."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", _read_only(self.weights, np.float64))
        object.__setattr__(self, "scores", _read_only(self.scores, np.float64))
        object.__setattr__(self, "ranks", _read_only(self.ranks, np.int64))
        frozen = {name: _read_only(value, np.float64) for name, value in self.intermediates.items()}
        object.__setattr__(self, "intermediates", MappingProxyType(frozen))

    @property
    def variant(self) -> str | None:
        """The normalisation (TOPSIS) or synthesis mode (AHP) used, if the method has one."""
        chosen = self.normalization or self.ahp_mode
        return None if chosen is None else chosen.value

    @property
    def label(self) -> str:
        """The method with its variant, e.g. ``topsis (vector)`` or ``ahp (ideal)``."""
        variant = self.variant
        return self.method.value if variant is None else f"{self.method.value} ({variant})"

    @property
    def order(self) -> tuple[int, ...]:
        """Row indices from best to worst; ties keep the input order."""
        return tuple(sorted(range(len(self.ids)), key=lambda i: (int(self.ranks[i]), i)))

    def is_tied(self, alternative: str) -> bool:
        """Whether `alternative` shares its rank with another alternative."""
        return any(alternative in group for group in self.ties)

    def top_contributions(self, k: int = 3) -> dict[str, tuple[Contribution, ...]]:
        """Per alternative, the `k` criteria whose terms move its score most (by absolute size).

        Why: a planner asks "what puts this project first?"; the answer is the largest terms of
        the score's decomposition. For TOPSIS the terms split D⁻² − D⁺² (positive when the
        alternative is nearer the ideal than the anti-ideal on that criterion), so their sign
        tells which side of 0.5 each criterion pulls the closeness.
        """
        terms = self.intermediates["contributions"]
        result: dict[str, tuple[Contribution, ...]] = {}
        for row, alternative in enumerate(self.ids):
            values = terms[row]
            total = float(np.abs(values).sum())
            # Terms at rounding-noise level (e.g. exactly midway on TOPSIS) are not drivers.
            picked = sorted(
                (j for j in range(len(self.criteria)) if abs(values[j]) > 1e-12 * total),
                key=lambda j: (-abs(float(values[j])), j),
            )[:k]
            result[alternative] = tuple(
                Contribution(
                    criterion=self.criteria[j],
                    value=float(values[j]),
                    share=abs(float(values[j])) / total,
                )
                for j in picked
            )
        return result

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; ``ranking`` lists ``{"id", "score", "rank"}`` from best to worst,
        with what the method computed per alternative: TOPSIS ``d_plus`` and ``d_minus``
        (distances to the ideal and anti-ideal points, given as ``ideal`` and ``anti_ideal``),
        VIKOR ``S``, ``R`` and ``Q`` (``score`` stays Q), PROMETHEE ``phi_plus``, ``phi_minus``
        and ``net_flow``, with ``preference_functions`` and PROMETHEE I's ``promethee_i``
        (``outranks``, ``indifferent``, ``incomparable`` pairs)."""
        per_alternative = {
            key: self.intermediates[name]
            for key, name in _PER_ALTERNATIVE.get(self.method, ())
            if name in self.intermediates
        }
        if self.method is Method.VIKOR:
            per_alternative["Q"] = self.scores
        if self.method is Method.PROMETHEE:
            per_alternative["net_flow"] = self.scores
        out: dict[str, Any] = {
            "method": self.method.value,
            "normalization": None if self.normalization is None else self.normalization.value,
            "ahp_mode": None if self.ahp_mode is None else self.ahp_mode.value,
            "higher_is_better": self.higher_is_better,
            "criteria": list(self.criteria),
            "weights": [float(w) for w in self.weights],
            "ranking": [
                {
                    "id": self.ids[i],
                    "score": float(self.scores[i]),
                    "rank": int(self.ranks[i]),
                    **{key: float(values[i]) for key, values in per_alternative.items()},
                }
                for i in self.order
            ],
            "ties": [list(group) for group in self.ties],
            "diagnostics": list(self.diagnostics),
        }
        if self.vikor is not None:
            out["vikor"] = self.vikor.to_dict()
        if self.promethee is not None:
            out.update(self.promethee.to_dict(self.criteria))
        if self.method is Method.TOPSIS:
            for key in ("ideal", "anti_ideal"):
                if key in self.intermediates:
                    out[key] = dict(
                        zip(self.criteria, map(float, self.intermediates[key]), strict=True)
                    )
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per alternative (index ``id``), best first: rank, score, tied."""
        import pandas as pd

        rows = self.order
        tied = {alternative for group in self.ties for alternative in group}
        return pd.DataFrame(
            {
                "rank": [int(self.ranks[i]) for i in rows],
                "score": [float(self.scores[i]) for i in rows],
                "tied": [self.ids[i] in tied for i in rows],
            },
            index=pd.Index([self.ids[i] for i in rows], name="id"),
        )


@dataclass(frozen=True, slots=True)
class RankReversal:
    """Pairs whose strict order flips when one alternative is removed from the problem.

    Each pair ``(a, b)`` had `a` strictly above `b` with every alternative present, and strictly
    below it once `removed` is gone.
    """

    removed: str
    reversed_pairs: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"removed": self.removed, "reversed_pairs": list(map(list, self.reversed_pairs))}


@dataclass(frozen=True, slots=True, eq=False)
class MethodAgreement:
    """Pairwise agreement between rankings of the same alternatives by different methods.

    `weighted_spearman[i, j]` is r_w between rankings i and j (symmetric, 1 on the diagonal);
    `rank_similarity[i, j]` is the WS coefficient with ranking i as the reference (WS is not
    symmetric: it weighs disagreements near the top of the reference most). `methods` and
    `variants` (normalisation or AHP mode, if any) say what each label stands for.
    """

    labels: tuple[str, ...]
    methods: tuple[Method, ...]
    variants: tuple[str | None, ...]
    ids: tuple[str, ...]
    weighted_spearman: FloatArray
    rank_similarity: FloatArray

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "weighted_spearman", _read_only(self.weighted_spearman, np.float64)
        )
        object.__setattr__(self, "rank_similarity", _read_only(self.rank_similarity, np.float64))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: method labels and both matrices as nested lists (rows = labels)."""
        return {
            "methods": list(self.labels),
            "ids": list(self.ids),
            "weighted_spearman": [[float(v) for v in row] for row in self.weighted_spearman],
            "ws": [[float(v) for v in row] for row in self.rank_similarity],
        }

    def to_frame(self, measure: str = "weighted_spearman") -> pd.DataFrame:
        """One matrix (``weighted_spearman`` or ``ws``) as a labelled square DataFrame."""
        import pandas as pd

        matrices = {"weighted_spearman": self.weighted_spearman, "ws": self.rank_similarity}
        if measure not in matrices:
            raise ValueError(f"measure must be one of {sorted(matrices)}, not {measure!r}")
        values = matrices[measure]
        labels = pd.Index(list(self.labels), name="method")
        return pd.DataFrame(values, index=labels, columns=labels.rename(None))


def _read_only(values: npt.ArrayLike, dtype: type[np.generic]) -> Any:
    array = np.array(values, dtype=dtype, copy=True)
    array.setflags(write=False)
    return array
