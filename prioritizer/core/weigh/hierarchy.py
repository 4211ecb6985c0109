"""A whole AHP hierarchy: every node's priorities and CR, each leaf's alternatives (compared
pairwise or rated on a scale), multiplied down the tree into the alternatives' global priorities.

Pure computation: a `HierarchySpec` in, a `HierarchyResult` out.

Synthesis. A criterion's global weight is its local weight times its parent's. Under a leaf
judged pairwise, the alternatives' priorities are the eigenvector (distributive mode: they sum to
1) or the eigenvector divided by its largest entry (ideal mode: the best has 1). Under a rated
leaf (absolute measurement), an alternative's value is its intensity's value on the scale, the
best intensity at 1 (the eigenvector of the intensities' matrix, or the values given, divided by
the largest); distributive mode divides these by their sum, ideal mode keeps them (an alternative
below the top intensity stays below 1: ratings are absolute). An alternative's score is
Σ (leaf global weight × its value there); its global priority is the score over the sum of
scores (in distributive mode the scores already sum to 1).

References
----------
Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, New York (hierarchic
composition, distributive mode).
Belton, V., & Gear, T. (1983). On a short-coming of Saaty's method of analytic hierarchies.
Omega, 11(3), 228-230 (the ideal mode).
Saaty, T. L. (1994). Highlights and critical points in the theory and application of the
Analytic Hierarchy Process. European Journal of Operational Research, 74(3), 426-447 (ideal
and distributive modes; absolute measurement with ratings).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from prioritizer.core.weigh.ahp import CONSISTENCY_THRESHOLD, ahp_weights
from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.hierarchy import (
    HierarchyResult,
    HierarchySpec,
    NodeResult,
    NodeSpec,
    ScaleResult,
    ScaleSpec,
    Synthesis,
)
from prioritizer.results.weights import AhpWeights, FloatArray


def synthesize(
    spec: HierarchySpec,
    *,
    random_index: Mapping[int, float],
    mode: Synthesis = Synthesis.DISTRIBUTIVE,
    threshold: float = CONSISTENCY_THRESHOLD,
) -> HierarchyResult:
    """Every node's priorities and CR and the alternatives' global priorities (see the module)."""
    chosen = Synthesis(mode)
    scales = {scale.id: _scale(scale, random_index, threshold) for scale in spec.scales}
    goal = _node(spec.goal, 1.0, 1.0, spec, scales, chosen, random_index, threshold)
    scores = np.zeros(len(spec.alternatives))
    for node in goal.walk():
        if node.alternatives is not None:
            scores += node.global_weight * np.asarray(node.alternatives)
    return HierarchyResult(
        alternatives=spec.alternatives,
        mode=chosen,
        scores=scores,
        priorities=scores / scores.sum(),
        goal=goal,
        scales=tuple(scales.values()),
        threshold=threshold,
    )


def _node(
    spec: NodeSpec,
    local: float,
    parent: float,
    whole: HierarchySpec,
    scales: Mapping[str, ScaleResult],
    mode: Synthesis,
    random_index: Mapping[int, float],
    threshold: float,
) -> NodeResult:
    weight = local * parent
    if spec.children:
        ids = tuple(child.id for child in spec.children)
        ahp = _ahp(spec, ids, random_index, threshold)
        weights = np.ones(1) if ahp is None else ahp.weights
        children = tuple(
            _node(child, float(w), weight, whole, scales, mode, random_index, threshold)
            for child, w in zip(spec.children, weights, strict=True)
        )
        return NodeResult(spec.id, spec.name, local, weight, ahp, children, None)
    if spec.ratings is not None and spec.scale is not None:
        scale = scales[spec.scale]
        values = np.array([scale.values[scale.intensities.index(r)] for r in spec.ratings])
        if mode is Synthesis.DISTRIBUTIVE:
            values = values / values.sum()
        return NodeResult(
            spec.id, spec.name, local, weight, None, (), values, whole.alternatives, spec.ratings
        )
    ahp = _ahp(spec, whole.alternatives, random_index, threshold)
    priorities = np.ones(1) if ahp is None else np.array(ahp.weights)
    if mode is Synthesis.IDEAL:
        priorities = priorities / priorities.max()
    return NodeResult(spec.id, spec.name, local, weight, ahp, (), priorities, whole.alternatives)


def _ahp(
    spec: NodeSpec, ids: tuple[str, ...], random_index: Mapping[int, float], threshold: float
) -> AhpWeights | None:
    """The AHP of a node's matrix, its complaints naming the node; None for a single element
    (the loader gives every node of two or more elements a matrix)."""
    if len(ids) == 1 or spec.matrix is None:
        return None
    return _named_ahp(
        spec.matrix,
        ids,
        random_index,
        threshold,
        lambda field: phrase("criterion '{id}': {field}", id=spec.id, field=field),
    )


def _scale(spec: ScaleSpec, random_index: Mapping[int, float], threshold: float) -> ScaleResult:
    """A rating scale's values, the best intensity at 1 (Saaty's idealised intensities)."""
    ahp = None
    if spec.matrix is not None:
        ahp = _named_ahp(
            spec.matrix,
            spec.intensities,
            random_index,
            threshold,
            lambda field: phrase("scale '{id}': {field}", id=spec.id, field=field),
        )
        raw: FloatArray = np.array(ahp.weights)
    else:
        raw = np.array(spec.values, dtype=np.float64)
    return ScaleResult(spec.id, spec.intensities, raw / raw.max(), ahp)


def _named_ahp(
    matrix: npt.ArrayLike,
    ids: Sequence[str],
    random_index: Mapping[int, float],
    threshold: float,
    name: Callable[[str], Phrase],
) -> AhpWeights:
    """`ahp_weights`, a complaint's field renamed by `name` to say which node or scale it is in."""
    try:
        return ahp_weights(matrix, ids, random_index=random_index, threshold=threshold)
    except InvalidMatrix as error:
        raise InvalidMatrix(name(error.field), expected=error.expected, got=error.got) from error
