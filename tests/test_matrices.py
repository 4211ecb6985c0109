"""The decision matrix X_r = Σ_g A·s_r·R, checked against hand computation from the report."""

from __future__ import annotations

import numpy as np
import pytest

from prioritizer.core.analysis import gap_drivers, region_weights
from prioritizer.core.matrices import build_problem, relevance_matrix
from prioritizer.core.weigh import ahp_weights
from prioritizer.data.load import load_dataset
from prioritizer.data.models import Dataset
from prioritizer.options import RunOptions
from prioritizer.results.problem import Level


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load_dataset()


def test_technology_transfer_in_puno_by_hand(data: Dataset) -> None:
    """§6.3 lists technology transfer for lack of connection (HIGH, MEDIUM, LOW) and low
    modernization (HIGH, LOW, HIGH); both gaps are VERY HIGH (4) in Puno, so with the default
    scale 1-4: 4·(3,2,1) + 4·(3,1,3) = (24, 12, 16)."""
    problem = build_problem(data, "puno", Level.MECHANISMS)
    row = problem.ids.index("technology-transfer")
    assert problem.matrix[row].tolist() == [24.0, 12.0, 16.0]


def test_project_row_by_hand(data: Dataset) -> None:
    """The Cusco coffee assessment addresses lack of information (MEDIUM, HIGH, LOW; HIGH=3 in
    Cusco) and bottlenecks (VERY HIGH, LOW, HIGH; HIGH=3): 3·(2,3,1) + 3·(4,1,3) = (18, 12, 12),
    plus its cost S/ 120,000 as a cost criterion."""
    problem = build_problem(data, "cusco", Level.PROJECTS)
    row = problem.ids.index("cusco-coffee-competitiveness-assessment")
    assert problem.matrix[row].tolist() == [18.0, 12.0, 12.0, 120000.0]
    assert problem.criteria[-1] == "cost" and problem.types.tolist() == [1, 1, 1, -1]


def test_interregional_project_costs_its_share(data: Dataset) -> None:
    cusco = build_problem(data, "cusco", Level.PROJECTS)
    puno = build_problem(data, "puno", Level.PROJECTS)
    pid = "interregional-coffee-export-platform"
    costs = cusco.matrix[cusco.ids.index(pid), -1], puno.matrix[puno.ids.index(pid), -1]
    assert costs == (240000.0, 160000.0)


def test_matrix_equals_independent_loop(data: Dataset) -> None:
    for region in data.region_ids:
        problem = build_problem(data, region, Level.MECHANISMS)
        values = {level.id: level.value for level in data.relevance_scale.levels}
        severity = {s.gap: values[s.level] for s in data.region(region).severities}
        for a, mechanism in enumerate(problem.ids):
            expected = [0.0, 0.0, 0.0]
            for link in data.gap_mechanisms:
                if link.mechanism != mechanism:
                    continue
                gap = data.gap(link.gap)
                for e, element in enumerate(data.element_ids):
                    expected[e] += severity[gap.id] * values[gap.relevance[element]]
            assert problem.matrix[a].tolist() == expected
        assert np.allclose(problem.contributions.sum(axis=1), problem.matrix)


def test_scale_mapping_is_data(data: Dataset) -> None:
    steeper = data.relevance_scale.model_copy(
        update={
            "levels": tuple(
                level.model_copy(update={"value": v})
                for level, v in zip(data.relevance_scale.levels, (1, 3, 5, 7), strict=True)
            )
        }
    )
    changed = data.model_copy(update={"relevance_scale": steeper})
    assert relevance_matrix(changed)[0].tolist() == [5.0, 3.0, 1.0]


def test_matrix_is_read_only(data: Dataset) -> None:
    problem = build_problem(data, "cusco", Level.MECHANISMS)
    with pytest.raises(ValueError):
        problem.matrix[0, 0] = 1.0


def test_mechanism_weights_use_the_element_submatrix(data: Dataset) -> None:
    """Ranking mechanisms drops cost: each stakeholder's 3x3 sub-matrix is used, not the 4x4
    weights renormalised (which would differ for inconsistent judgments)."""
    options = RunOptions()
    elements = data.element_ids
    subset = region_weights(data, "puno", options, criteria=elements)
    assert subset.ids == elements
    chamber = next(s for s in subset.stakeholders if s.id == "puno-chamber-juliaca")
    full = np.array([[1, 1 / 2, 1 / 5], [2, 1, 1 / 2], [5, 2, 1]])
    table = data.random_index.get().values
    expected = ahp_weights(full, elements, random_index=table)
    assert chamber.weights.tolist() == pytest.approx(expected.weights.tolist())


def test_gap_drivers_sum_to_one(data: Dataset) -> None:
    problem = build_problem(data, "cusco", Level.MECHANISMS)
    weights = region_weights(data, "cusco", RunOptions(), criteria=problem.criteria)
    drivers = gap_drivers(problem, weights, k=10)
    for mechanism, parts in drivers.items():
        assert sum(share for _, share in parts) == pytest.approx(1.0), mechanism
        assert {gap for gap, _ in parts} == set(data.gaps_of(mechanism))


def test_sources_of_the_matrix_are_told_in_spanish(data: Dataset) -> None:
    problem = build_problem(data, "puno", Level.PROJECTS)
    assert problem.sources[1] == (
        "s: severity of each gap in puno (inputs/regions/puno/severities.csv)"  # by id in core
    )
    assert [s.render("es")[:3] for s in problem.sources] == ["R: ", "s: ", "A: ", "cos"]
    assert problem.sources[1].render("es") == (
        "s: severidad de cada brecha en puno (inputs/regions/puno/severities.csv)"
    )
