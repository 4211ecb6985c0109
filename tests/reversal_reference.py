"""The rank-reversal check as first written: one validated re-ranking per removal, all pairs.

Kept as the reference the fast `rank_reversal_check` must equal (tests/test_reversal.py) and
as the baseline of benchmarks/bench_rank_scale.py; O(n³), so only for small n.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from prioritizer.core.rank import AhpMode, Method, Normalization, rank_alternatives
from prioritizer.results.ranking import RankReversal


def reference_reversals(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    types: npt.ArrayLike,
    ids: Sequence[str],
    criteria: Sequence[str],
    *,
    method: Method | str = Method.TOPSIS,
    normalization: Normalization | str = Normalization.VECTOR,
    ahp_mode: AhpMode | str = AhpMode.DISTRIBUTIVE,
    tolerance: float = 1e-9,
) -> tuple[RankReversal, ...]:
    """Remove each alternative in turn, rank the rest again and list the strict flips."""
    options: dict[str, Any] = {
        "method": method,
        "normalization": normalization,
        "ahp_mode": ahp_mode,
        "tolerance": tolerance,
    }
    full = rank_alternatives(matrix, weights, types, ids, criteria, **options)
    if len(full.ids) < 3:
        return ()
    X = np.asarray(matrix, dtype=np.float64)
    found: list[RankReversal] = []
    for removed in range(len(full.ids)):
        rest = [i for i in range(len(full.ids)) if i != removed]
        reduced = rank_alternatives(
            X[rest], weights, types, [full.ids[i] for i in rest], criteria, **options
        )
        pairs = tuple(
            (full.ids[a], full.ids[b])
            for ia, a in enumerate(rest)
            for ib, b in enumerate(rest)
            if full.ranks[a] < full.ranks[b] and reduced.ranks[ia] > reduced.ranks[ib]
        )
        if pairs:
            found.append(RankReversal(removed=full.ids[removed], reversed_pairs=pairs))
    return tuple(found)
