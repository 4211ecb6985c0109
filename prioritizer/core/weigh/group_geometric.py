"""A group's priorities by the row geometric mean (`weights ahp F1 F2 ... --priorities
geometric`): what an analyst replicating a GCI-based group study (e.g. Escobar, Aguarón &
Moreno-Jiménez 2015) expects beside the eigenvector's group AHP."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from prioritizer.core.weigh.consistency import analyse_pairwise
from prioritizer.core.weigh.group import _for_stakeholder, weighted_geometric_mean
from prioritizer.errors import InvalidMatrix
from prioritizer.results.consistency import (
    GroupMember,
    PairwiseAnalysis,
    PairwiseGroup,
    Priorities,
)
from prioritizer.results.weights import Aggregation


def geometric_group(
    matrices: Sequence[npt.ArrayLike],
    ids: Sequence[str],
    names: Sequence[str],
    influence: Sequence[float],
    *,
    files: Sequence[str],
    method: Aggregation,
    random_index: Mapping[int, float],
    random_index_table: str | None = None,
) -> PairwiseGroup:
    """Each member's RGM priorities and GCI, and the group's: AIJ takes the RGM of the weighted
    geometric mean of the judgments (which equals the weighted geometric mean of the members'
    RGM vectors, normalised), AIP the weighted arithmetic mean of those vectors.

    Influences are positive and normalised to sum 1; matrices are complete and share `ids`;
    `files` are the members' files (their JSON `name`, beside `names` as their `id`).

    References
    ----------
    Aczél, J., & Saaty, T. L. (1983). Procedures for synthesizing ratio judgements. Journal of
    Mathematical Psychology, 27(1), 93-102.
    Escobar, M. T., Aguarón, J., & Moreno-Jiménez, J. M. (2015). Some extensions of the precise
    consistency consensus matrix. Decision Support Systems, 74, 67-77.
    """
    shares = np.asarray(influence, dtype=np.float64) / float(np.sum(influence))

    def analysed(matrix: npt.ArrayLike) -> PairwiseAnalysis:
        return analyse_pairwise(
            matrix,
            ids,
            random_index=random_index,
            priorities=Priorities.GEOMETRIC,
            random_index_table=random_index_table,
        )

    def member(name: str, share: float, matrix: npt.ArrayLike, file: str) -> GroupMember:
        try:
            return GroupMember(name, float(share), analysed(matrix), file)
        except InvalidMatrix as error:  # named with its file, as `aggregate_weights` names it
            raise _for_stakeholder(name, error) from error

    members = tuple(
        member(name, share, matrix, file)
        for name, share, matrix, file in zip(names, shares, matrices, files, strict=True)
    )
    if Aggregation(method) is Aggregation.AIJ:
        stack = np.array([member.analysis.matrix for member in members])
        group = analysed(weighted_geometric_mean(stack, shares))
        return PairwiseGroup(tuple(ids), "aij", group.weights, members, group)
    vectors = np.array([member.analysis.weights for member in members])
    mean = shares @ vectors
    return PairwiseGroup(tuple(ids), "aip", mean / mean.sum(), members, None)
