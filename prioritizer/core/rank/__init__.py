"""Rank alternatives: TOPSIS through pymcdm, AHP synthesis, and VIKOR/PROMETHEE II/SPOTIS.

With `core.agreement`, the only code that imports pymcdm. `rank_alternatives` validates the
problem first (raising InvalidMatrix), leaves out criteria that do not separate the
alternatives, calls pymcdm with `validation=False`, turns anything pymcdm warns into a sentence
in `Ranking.diagnostics`, and returns a Ranking with tolerance-based ties and explanations.
`topsis_closeness` is the bare, vectorised TOPSIS kernel for callers that score thousands of
weight vectors (SMAA).

Notation (DESIGN.md): X is the decision matrix (alternatives x criteria), w the criteria
weights, types +1 for a benefit criterion and -1 for a cost criterion.

Criteria that carry no information. A column whose values are all equal (relative spread
max - min <= tolerance * max |x|, so an all-zero column too) cannot separate the alternatives.
A diagnostic names it. Except in AHP, it is left out before the method runs, its weight set to
0 and the others rescaled to sum 1. TOPSIS closeness and VIKOR Q are the same as if the column
were kept with no effect (both ignore a common scale of the weights, and the column adds no
distance or regret); vector normalisation is spared the 0/0 of an all-zero column, and VIKOR
and SPOTIS a zero range they cannot divide by; PROMETHEE and SPOTIS scores are rescaled but
keep their order. AHP keeps the column with its weight: it adds the same local priority to
everyone, and rescaling would let a higher cost raise a score (an alternative whose other
scores are low gains when the column stops being constant). When no
criterion with positive weight is left, every alternative ties at rank 1 with the method's
neutral score (TOPSIS 0.5, AHP 1/n distributive or 1 ideal, VIKOR 0, PROMETHEE 0, SPOTIS 0).
"""

from __future__ import annotations

from prioritizer.core.rank._methods import ahp_local_priorities, topsis_closeness, vikor_compromise
from prioritizer.core.rank.alternatives import objective_weights, rank_alternatives
from prioritizer.core.rank.leave_one_out import rank_reversal_check
from prioritizer.core.rank.similarity import rank_similarity, weighted_spearman
from prioritizer.results.ranking import AhpMode, Method, Normalization

__all__ = [
    "AhpMode",
    "Method",
    "Normalization",
    "ahp_local_priorities",
    "objective_weights",
    "rank_alternatives",
    "rank_reversal_check",
    "rank_similarity",
    "topsis_closeness",
    "vikor_compromise",
    "weighted_spearman",
]
