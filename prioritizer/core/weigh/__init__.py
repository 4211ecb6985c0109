"""Criteria weights from stakeholders: AHP priorities with consistency, direct points, groups.

Pure computation: arrays and mappings in, frozen results out; tables such as the random index
come in as arguments. Notation inside the kernels: A is a pairwise matrix whose a_ij says how
many times criterion i is more important than criterion j, w the priority vector (sums to 1),
λmax the principal eigenvalue of A, n the number of criteria.
"""

from __future__ import annotations

from prioritizer.core.weigh._checks import RECIPROCITY_TOLERANCE
from prioritizer.core.weigh.ahp import (
    CONSISTENCY_THRESHOLD,
    ahp_weights,
    consistency_index,
    consistent_matrix,
    judgment_deviations,
    nearest_scale_value,
    principal_eigenpair,
)
from prioritizer.core.weigh.group import (
    StakeholderInput,
    aggregate_weights,
    compatibility_index,
    direct_weights,
    restrict,
    restrict_stakeholder,
    weighted_geometric_mean,
)

__all__ = [
    "CONSISTENCY_THRESHOLD",
    "RECIPROCITY_TOLERANCE",
    "StakeholderInput",
    "aggregate_weights",
    "ahp_weights",
    "compatibility_index",
    "consistency_index",
    "consistent_matrix",
    "direct_weights",
    "judgment_deviations",
    "nearest_scale_value",
    "principal_eigenpair",
    "restrict",
    "restrict_stakeholder",
    "weighted_geometric_mean",
]
