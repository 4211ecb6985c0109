"""Weight scenarios: uniform on the simplex, or Dirichlet around the group's (or each
stakeholder's) weights, drawn from a recorded spec so the same spec gives the same scenarios.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from prioritizer.core.robustness.common import (
    _MAX_CONCENTRATION,
    _MIN_CONCENTRATION,
    FloatArray,
    _positive_int,
    _renormalise,
)
from prioritizer.errors import InvalidMatrix, choice
from prioritizer.phrases import phrase
from prioritizer.results.robustness import (
    Sampler,
    SamplerSpec,
)
from prioritizer.results.weights import WeightSet

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
    chosen = choice(Sampler, kind, "sampler")
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
