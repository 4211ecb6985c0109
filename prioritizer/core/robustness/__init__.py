"""How much the answer depends on the weights: SMAA-2, weight stability intervals, core index.

Weight scenarios are drawn from a recorded `SamplerSpec` with `np.random.default_rng(seed)`,
so the same spec gives the same scenarios. SMAA scores a chunk of scenarios at once with the
vectorised TOPSIS kernel of `prioritizer.core.rank` (or AHP synthesis, one matrix product); VIKOR,
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
one integer program per scenario through `prioritizer.core.portfolio`. Portfolios within the
tolerance of the optimum tie; the first in enumeration order is kept and the tie counted.


Uncertain criteria values (`UncertainValues`: interval, triangular or normal cells) are drawn
with the weights, a chunk of c scenarios as c x n x m values; the weighted sum of raw values
scores such a chunk in one product, the other methods one scenario at a time.

Modules: `sampling` (weight scenarios), `values` (uncertain values, the weighted sum, pairwise
wins), `tally` (positions and running sums), `acceptability` (SMAA-2), `stability` (weight
intervals), `core` (core index, value stability), `assess` (the report), `common` (types, checks).
"""

from prioritizer.core.robustness.acceptability import rank_acceptability
from prioritizer.core.robustness.assess import assess_robustness
from prioritizer.core.robustness.common import (
    DEFAULT_CHUNK,
    MAX_ENUMERATED,
    MAX_PORTFOLIOS,
    Progress,
)
from prioritizer.core.robustness.core import core_index, feasible_portfolios, portfolio_stability
from prioritizer.core.robustness.sampling import group_concentration, sample_weights, sampler_spec
from prioritizer.core.robustness.stability import ranking_stability

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
