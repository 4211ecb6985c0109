"""Builds a region's decision matrix from the data set: X_r = sum over gaps of A * s_r * R.

Notation of DESIGN.md, inside this module only: R[g, e] relevance of gap g to element e (§6.3
table), s[g] severity of gap g in the region (§5.2-5.4), A[a, g] = 1 where alternative a
addresses gap g (a mechanism listed for g in §6.3, or a project naming g), X[a, e] the score.
Projects also get the cost charged to the region's budget as a cost criterion.
"""

from __future__ import annotations

import numpy as np

from prioritizer.data.models import Dataset
from prioritizer.errors import InputError
from prioritizer.phrases import phrase
from prioritizer.results.problem import DecisionProblem, FloatArray, Level


def relevance_matrix(data: Dataset) -> FloatArray:
    """R: gaps x elements, the §6.3 levels turned into numbers by the relevance scale."""
    scale = data.relevance_scale
    return np.array(
        [[scale.value_of(gap.relevance[e]) for e in data.element_ids] for gap in data.gaps],
        dtype=np.float64,
    )


def severity_vector(data: Dataset, region_id: str) -> FloatArray:
    """s: the severity of each gap in a region, as numbers on the relevance scale."""
    region = data.region(region_id)
    scale = data.relevance_scale
    return np.array([scale.value_of(region.severity_of(g.id).level) for g in data.gaps])


def build_problem(
    data: Dataset, region_id: str, level: Level, *, lang: str = "en"
) -> DecisionProblem:
    """The decision problem of one region: mechanisms on the three elements, or projects on the
    three elements plus their cost to the region."""
    gap_ids = tuple(g.id for g in data.gaps)
    position = {g: i for i, g in enumerate(gap_ids)}
    if level is Level.MECHANISMS:
        alternatives = [(m.id, m.name.get(lang), data.gaps_of(m.id)) for m in data.mechanisms]
    else:
        alternatives = [(p.id, p.name.get(lang), p.gaps) for p in data.projects_in(region_id)]
        if not alternatives:
            raise InputError(
                "inputs/projects.csv",
                field="regions",
                expected=phrase("at least one candidate project for {region}", region=region_id),
                got=phrase("none"),
            )
    incidence = np.zeros((len(alternatives), len(gap_ids)))
    for a, (_, _, gaps) in enumerate(alternatives):
        for gap in gaps:
            incidence[a, position[gap]] = 1.0
    R = relevance_matrix(data)
    s = severity_vector(data, region_id)
    contributions = incidence[:, :, None] * (s[:, None] * R)[None, :, :]
    X = contributions.sum(axis=1)
    criteria = list(data.element_ids)
    types = [1] * len(criteria)
    sources = [
        phrase(
            "R: relevance levels of the §6.3 table (inputs/gaps.csv) on "
            "criteria/relevance_scale.yaml"
        ),
        phrase(
            "s: severity of each gap in {name} (inputs/regions/{region}/severities.csv)",
            name=region_id,  # an id: renderers show the region's name
            region=region_id,
        ),
    ]
    if level is Level.MECHANISMS:
        sources.append(
            phrase("A: mechanisms listed for each gap in §6.3 (inputs/gap_mechanisms.csv)")
        )
    else:
        cost = next(c for c in data.criteria if c.type == "cost")
        costs = np.array([[float(p.cost_in(region_id))] for p in data.projects_in(region_id)])
        X = np.hstack([X, costs]) if len(alternatives) else np.zeros((0, len(criteria) + 1))
        criteria.append(cost.id)
        types.append(-1)
        sources.append(phrase("A: gaps each project addresses (inputs/projects.csv, column gaps)"))
        sources.append(
            phrase("cost: the region's share of each project's cost (illustrative soles)")
        )
    matrix = np.ascontiguousarray(X, dtype=np.float64)
    matrix.setflags(write=False)
    contributions.setflags(write=False)
    type_array = np.array(types, dtype=np.int64)
    type_array.setflags(write=False)
    return DecisionProblem(
        region=region_id,
        level=level,
        ids=tuple(a[0] for a in alternatives),
        names=tuple(a[1] for a in alternatives),
        criteria=tuple(criteria),
        types=type_array,
        matrix=matrix,
        gaps=gap_ids,
        contributions=contributions,
        sources=tuple(sources),
    )
