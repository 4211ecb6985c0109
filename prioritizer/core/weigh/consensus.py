"""A group's agreement on the criteria weights: Goepel's Shannon-entropy consensus indicator S*
of AHP-OS with its verbal band, each stakeholder's distance to the group, the similarity of every
pair, and the sub-groups of stakeholders who agree more among themselves.

Pure computation: weight vectors in, `Consensus` out.

API (for the web app and the CLI)::

    consensus(weights, stakeholders, ids, *, verbal_scale, influence=None,
              scale_max=9.0, subgroup_threshold=75.0) -> Consensus
    consensus_of(weight_set, *, verbal_scale, scale_max=9.0, subgroup_threshold=75.0)

`weights` has one row per stakeholder (any non-negative numbers; each row is normalised to sum 1),
one column per criterion of `ids`; `influence` (default equal) weighs every mean below;
`verbal_scale` comes from `prioritizer.data.load.reference.load_consensus_scale()`; `scale_max`
is M, the largest judgment of the scale the weights came from. `consensus_of` takes a `WeightSet`
(`aggregate_weights`): its stakeholders' own weights and influences.

Method (Goepel 2018, eqs. 11-21): Hα is the mean of the stakeholders' Shannon entropies, Hγ the
entropy of their mean weights and Hβ = Hγ − Hα. S* = (e^(−Hβ) − r) / (1 − r) with
r = e^(Hα,min) / n, where Hα,min is the entropy of the weights of one criterion judged M times as
important as each of the others; 100% when everyone gives the same weights, 0% when each of n
stakeholders puts a different criterion M times above the rest. With equal influence this is
exactly AHP-OS's indicator; with influences the means are weighted (Hβ stays ≥ 0 by concavity).
Weights more extreme than any judgment on the scale allows (direct points with zeros, rare strongly
inconsistent matrices) can push the formula below 0; S* is then reported as 0 (the entropies
are in the result).

Sub-groups: agglomerative clustering in which the linkage of two clusters is the consensus S* of
their union: the pair whose union agrees most is merged while that consensus reaches
`subgroup_threshold` (default 75%, where Goepel's "high" band starts), so that every sub-group
reported has at least that consensus. Goepel's consensus cluster analysis (AHP-OS, 2022) builds
groups from the matrix of pairwise S*; merging on the union's own S* guarantees the sub-group's
consensus, which pairwise similarity alone does not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from prioritizer.core.weigh._checks import _check_ids
from prioritizer.core.weigh.group import compatibility_index
from prioritizer.data.models.consensus import ConsensusScale
from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import phrase
from prioritizer.results.judgments import Consensus, StakeholderAgreement, Subgroup
from prioritizer.results.weights import FloatArray, WeightSet

SAATY_SCALE_MAX = 9.0
"""M of Saaty's fundamental 1-9 scale (Goepel 2018, eq. 16: "M = 9 for the fundamental AHP
scale")."""

SUBGROUP_THRESHOLD = 75.0
"""Consensus (percent) every sub-group must reach: the lower bound of "high" in Goepel (2018),
Table 2."""


# --------------------------------------------------------------------------- kernels


def shannon_entropy(p: npt.ArrayLike) -> FloatArray:
    """−Σ p ln p of each row (nats), with 0 ln 0 = 0.

    References
    ----------
    Shannon, C. E. (1948). A mathematical theory of communication. Bell System Technical
    Journal, 27(3), 379-423.
    """
    q = np.asarray(p, dtype=np.float64)
    positive = q > 0
    logs = np.log(np.where(positive, q, 1.0))
    return np.asarray(-(np.where(positive, q * logs, 0.0)).sum(axis=-1), dtype=np.float64)


def entropy_partition(weights: FloatArray, influence: FloatArray) -> tuple[float, float, float]:
    """Hα, Hγ and Hβ = Hγ − Hα of stakeholders' weight rows (each summing to 1) under
    `influence` (summing to 1).

    Hβ ≥ 0 because entropy is concave; a rounding residue below 0 is returned as 0.

    References
    ----------
    Jost, L. (2007). Partitioning diversity into independent alpha and beta components.
    Ecology, 88(10), 2427-2439.
    Goepel, K. D. (2018). Implementation of an online software tool for the Analytic Hierarchy
    Process (AHP-OS). International Journal of the Analytic Hierarchy Process, 10(3), 469-487,
    eqs. 11-13.
    """
    alpha = float(influence @ shannon_entropy(weights))
    gamma = float(shannon_entropy(influence @ weights))
    return alpha, gamma, max(0.0, gamma - alpha)


def minimum_alpha_entropy(n: int, scale_max: float) -> float:
    """Hα,min: the entropy of the weights (M, 1, ..., 1) / (n + M − 1) of one criterion judged M
    times as important as each of the n − 1 others.

    References
    ----------
    Goepel, K. D. (2018). Implementation of an online software tool for the Analytic Hierarchy
    Process (AHP-OS). International Journal of the Analytic Hierarchy Process, 10(3), 469-487,
    eq. 16.
    """
    weights = np.array([scale_max] + [1.0] * (n - 1)) / (n + scale_max - 1)
    return float(shannon_entropy(weights))


def ahp_consensus(beta_entropy: float, n: int, scale_max: float) -> float:
    """Goepel's AHP consensus S* in percent from Hβ, clipped to [0, 100].

    S* = (e^(−Hβ) − r) / (1 − r) with r = e^(Hα,min) / n, the smallest e^(−Hβ) that weights
    within the judgment scale allow.

    References
    ----------
    Goepel, K. D. (2018). Implementation of an online software tool for the Analytic Hierarchy
    Process (AHP-OS). International Journal of the Analytic Hierarchy Process, 10(3), 469-487,
    eqs. 14-21.
    """
    floor = math.exp(minimum_alpha_entropy(n, scale_max)) / n
    value = 100.0 * (math.exp(-beta_entropy) - floor) / (1.0 - floor)
    return min(100.0, max(0.0, value))


def _subgroups(
    weights: FloatArray, influence: FloatArray, scale_max: float, threshold: float
) -> list[list[int]]:
    """Stakeholder indices merged while the union of two clusters reaches `threshold` (the pair
    with the highest union consensus first; ties: the earliest pair)."""
    clusters = [[k] for k in range(weights.shape[0])]
    while True:
        best: tuple[float, int, int] | None = None
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                value = _consensus_among(weights, influence, clusters[a] + clusters[b], scale_max)
                if value >= threshold and (best is None or value > best[0]):
                    best = (value, a, b)
        if best is None:
            return clusters
        _, a, b = best
        clusters[a] = sorted(clusters[a] + clusters[b])
        del clusters[b]


def _consensus_among(
    weights: FloatArray, influence: FloatArray, members: Sequence[int], scale_max: float
) -> float:
    """S* (percent) of the stakeholders `members`, their influences renormalised."""
    share = influence[list(members)] / influence[list(members)].sum()
    _, _, beta = entropy_partition(weights[list(members)], share)
    return ahp_consensus(beta, weights.shape[1], scale_max)


# --------------------------------------------------------------------------- public API


def consensus(
    weights: npt.ArrayLike,
    stakeholders: Sequence[str],
    ids: Sequence[str],
    *,
    verbal_scale: ConsensusScale,
    influence: npt.ArrayLike | None = None,
    scale_max: float = SAATY_SCALE_MAX,
    subgroup_threshold: float = SUBGROUP_THRESHOLD,
) -> Consensus:
    """The group's consensus S* with its verbal band, each stakeholder's distance to the group
    and the consensus without them, the similarity of every pair and the sub-groups.

    See the module docstring for the inputs and the method.

    References
    ----------
    Goepel, K. D. (2018). Implementation of an online software tool for the Analytic Hierarchy
    Process (AHP-OS). International Journal of the Analytic Hierarchy Process, 10(3), 469-487.
    Goepel, K. D. (2022). Group consensus cluster analysis using Shannon alpha and beta entropy
    (preprint, doi:10.13140/RG.2.2.28745.8304; AHP-OS classes/AhpCluster.php).
    Garuti, C., & Salomon, V. A. P. (2011). Compatibility indices between priority vectors.
    International Journal of the Analytic Hierarchy Process, 4(2), 152-160.
    """
    criteria = _check_ids(ids)
    people = _check_stakeholders(stakeholders)
    w = _check_weights(weights, people, criteria)
    share = _check_influence(influence, people)
    if not (math.isfinite(scale_max) and scale_max > 1):
        raise InvalidMatrix(
            phrase("largest value of the judgment scale"),
            expected=phrase("a number > 1"),
            got=scale_max,
        )
    if not (math.isfinite(subgroup_threshold) and 0 <= subgroup_threshold <= 100):
        raise InvalidMatrix(
            phrase("sub-group consensus threshold"),
            expected=phrase("a percentage from 0 to 100"),
            got=subgroup_threshold,
        )
    k, n = w.shape
    alpha, gamma, beta = entropy_partition(w, share)
    group = share @ w
    everyone = range(k)
    value = ahp_consensus(beta, n, scale_max) if k >= 2 else None
    similarity = np.full((k, k), 100.0)
    for i in range(k):
        for j in range(i + 1, k):
            similarity[i, j] = similarity[j, i] = _consensus_among(w, share, (i, j), scale_max)
    clusters = _subgroups(w, share, scale_max, subgroup_threshold) if k >= 2 else [[0]]
    subgroups = []
    for members in sorted((c for c in clusters if len(c) > 1), key=lambda c: (-len(c), c[0])):
        inner = _consensus_among(w, share, members, scale_max)
        mean = share[members] @ w[members] / share[members].sum()
        subgroups.append(
            Subgroup(
                members=tuple(people[m] for m in members),
                consensus=inner,
                label=verbal_scale.label(inner),
                weights=mean,
            )
        )
    return Consensus(
        ids=criteria,
        weights=group,
        stakeholders=tuple(
            StakeholderAgreement(
                id=people[i],
                influence=float(share[i]),
                weights=w[i],
                distance=float(np.linalg.norm(w[i] - group)),
                compatibility=_compatibility(w[i], group),
                consensus_without=None
                if k < 3
                else _consensus_among(w, share, [j for j in everyone if j != i], scale_max),
            )
            for i in everyone
        ),
        alpha_entropy=alpha,
        gamma_entropy=gamma,
        beta_entropy=beta,
        scale_max=float(scale_max),
        consensus=value,
        label=None if value is None else verbal_scale.label(value),
        similarity=similarity,
        subgroups=tuple(subgroups),
        unclustered=tuple(people[c[0]] for c in clusters if len(c) == 1),
        subgroup_threshold=float(subgroup_threshold),
    )


def consensus_of(
    weight_set: WeightSet,
    *,
    verbal_scale: ConsensusScale,
    scale_max: float = SAATY_SCALE_MAX,
    subgroup_threshold: float = SUBGROUP_THRESHOLD,
) -> Consensus:
    """`consensus` of the stakeholders of a `WeightSet`: their own weights and influences."""
    return consensus(
        [s.weights for s in weight_set.stakeholders],
        [s.id for s in weight_set.stakeholders],
        weight_set.ids,
        verbal_scale=verbal_scale,
        influence=[s.influence for s in weight_set.stakeholders],
        scale_max=scale_max,
        subgroup_threshold=subgroup_threshold,
    )


# --------------------------------------------------------------------------- validation


def _compatibility(own: FloatArray, group: FloatArray) -> float | None:
    if not (np.all(own > 0) and np.all(group > 0)):
        return None
    value = compatibility_index(own, group)
    return value if math.isfinite(value) else None


def _check_stakeholders(stakeholders: Sequence[str]) -> tuple[str, ...]:
    people = tuple(stakeholders)
    if not people:
        raise InvalidMatrix("stakeholders", expected=phrase("at least one stakeholder"), got=0)
    seen: set[str] = set()
    for person in people:
        if person in seen:
            raise InvalidMatrix("stakeholders", expected=phrase("each id once"), got=person)
        seen.add(person)
    return people


def _check_weights(
    weights: npt.ArrayLike, people: tuple[str, ...], criteria: tuple[str, ...]
) -> FloatArray:
    """Rows of finite non-negative weights with a positive sum, normalised to sum 1."""
    try:
        w = np.array(weights, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise InvalidMatrix(
            phrase("stakeholder weights"), expected=phrase("numbers only"), got=str(error)
        ) from error
    if len(criteria) < 2:
        raise InvalidMatrix(phrase("criteria"), expected=phrase("at least two criteria"), got=1)
    if w.shape != (len(people), len(criteria)):
        raise InvalidMatrix(
            phrase("stakeholder weights"),
            expected=phrase(
                "one row per stakeholder ({rows}) and one column per criterion ({columns})",
                rows=len(people),
                columns=len(criteria),
            ),
            got=" × ".join(str(size) for size in w.shape),
        )
    for row, person in enumerate(people):
        values = w[row]
        if not (np.all(np.isfinite(values)) and np.all(values >= 0) and values.sum() > 0):
            raise InvalidMatrix(
                phrase("stakeholder '{id}': {field}", id=person, field="weights"),
                expected=phrase("finite numbers >= 0 with a positive sum"),
                got=", ".join(f"{value:g}" for value in values),
                row=row,
            )
    return np.asarray(w / w.sum(axis=1, keepdims=True), dtype=np.float64)


def _check_influence(influence: npt.ArrayLike | None, people: tuple[str, ...]) -> FloatArray:
    """Influences normalised to sum 1; equal when not given."""
    if influence is None:
        return np.full(len(people), 1.0 / len(people))
    raw = np.array(influence, dtype=np.float64).reshape(-1)
    if raw.size != len(people):
        raise InvalidMatrix(
            "influence",
            expected=phrase("one value per stakeholder ({count})", count=len(people)),
            got=raw.size,
        )
    for person, value in zip(people, raw, strict=True):
        if not (math.isfinite(value) and value > 0):
            raise InvalidMatrix(
                phrase("stakeholder '{id}': {field}", id=person, field="influence"),
                expected=phrase("a positive number"),
                got=float(value),
            )
    return np.asarray(raw / raw.sum(), dtype=np.float64)
