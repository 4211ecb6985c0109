"""How far rankings of the same alternatives by different methods agree.

Why: when TOPSIS, AHP and the outranking methods agree the planner can trust the order; when
they do not, the disagreement itself is a finding. The coefficients come from pymcdm through
`prioritizer.core.rank` (the one module that imports pymcdm).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from prioritizer.core.rank import rank_similarity, weighted_spearman
from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import phrase
from prioritizer.results.ranking import MethodAgreement, Ranking

__all__ = ["compare_rankings", "fractional_ranks"]


def compare_rankings(rankings: Sequence[Ranking]) -> MethodAgreement:
    """Pairwise weighted Spearman r_w and WS similarity between rankings of the same alternatives.

    Why: r_w and WS both weigh disagreements near the top more than at the bottom, which is
    what matters when only the first few projects get funded. Tied alternatives get the mean of
    the positions they share (fractional ranks, 1, 2.5, 2.5, 4), as Spearman-type coefficients
    expect. Alternatives are matched by id, so the rankings may list them in any order.

    References
    ----------
    Pinto da Costa, J., & Soares, C. (2005). A weighted rank measure of correlation.
    Australian & New Zealand Journal of Statistics, 47(4), 515-529.
    Sałabun, W., & Urbaniak, K. (2020). A new coefficient of rankings similarity in
    decision-making problems. In Computational Science - ICCS 2020, Springer, 632-645.
    """
    if not rankings:
        raise InvalidMatrix("rankings", expected=phrase("at least one ranking"), got=0)
    ids = rankings[0].ids
    labels = tuple(ranking.label for ranking in rankings)
    for k, ranking in enumerate(rankings):
        if sorted(ranking.ids) != sorted(ids):
            raise InvalidMatrix(
                "rankings",
                expected=phrase("rankings of the same alternatives"),
                got=ranking.label,
                row=k,
            )
        if labels.index(ranking.label) != k:
            raise InvalidMatrix(
                "rankings", expected=phrase("one ranking per method"), got=ranking.label, row=k
            )
    positions = np.array([_aligned(fractional_ranks(r), r.ids, ids) for r in rankings])
    size = len(rankings)
    rw = np.ones((size, size))
    ws = np.ones((size, size))
    for i in range(size):
        for j in range(size):
            if i != j:
                rw[i, j] = weighted_spearman(positions[i], positions[j])
                ws[i, j] = rank_similarity(positions[i], positions[j])
    return MethodAgreement(
        labels=labels,
        methods=tuple(ranking.method for ranking in rankings),
        variants=tuple(ranking.variant for ranking in rankings),
        ids=ids,
        weighted_spearman=rw,
        rank_similarity=ws,
    )


def fractional_ranks(ranking: Ranking) -> npt.NDArray[np.float64]:
    """Ranks with ties at the mean of the positions they share (r shared by k → r + (k-1)/2)."""
    ranks = np.asarray(ranking.ranks, dtype=np.float64)
    sizes = {alternative: len(group) for group in ranking.ties for alternative in group}
    extra = np.array([(sizes.get(alternative, 1) - 1) / 2 for alternative in ranking.ids])
    return np.asarray(ranks + extra, dtype=np.float64)


def _aligned(
    values: npt.NDArray[np.float64], own: tuple[str, ...], target: tuple[str, ...]
) -> npt.NDArray[np.float64]:
    where = {alternative: k for k, alternative in enumerate(own)}
    return np.array([values[where[alternative]] for alternative in target])
