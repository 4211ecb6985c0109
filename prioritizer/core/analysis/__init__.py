"""Orchestration, still pure: from a Dataset and RunOptions to weights, problems, rankings,
portfolios and whole-region analyses.

The front ends call these; they call the stage modules (matrices, weigh, rank, agreement,
portfolio, frontier, robustness) in one direction and return result objects.
"""

from __future__ import annotations

from prioritizer.core.analysis.perspectives import (
    appraise_alternatives,
    group_portfolios,
    stakeholder_groups,
)
from prioritizer.core.analysis.portfolios import (
    plan_jointly,
    portfolio_problem,
    portfolio_values,
    project_scores,
    uncovered_gaps,
    with_projects,
    without_projects,
)
from prioritizer.core.analysis.ranking import (
    RegionRanking,
    gap_drivers,
    rank_region,
    rank_shifts,
    severity_differences,
)
from prioritizer.core.analysis.regions import analyse_region, compare_regions, region_robustness
from prioritizer.core.analysis.weights import region_weights, stakeholder_input

__all__ = [
    "RegionRanking",
    "analyse_region",
    "appraise_alternatives",
    "compare_regions",
    "gap_drivers",
    "group_portfolios",
    "plan_jointly",
    "portfolio_problem",
    "portfolio_values",
    "project_scores",
    "rank_region",
    "rank_shifts",
    "region_robustness",
    "region_weights",
    "severity_differences",
    "stakeholder_groups",
    "stakeholder_input",
    "uncovered_gaps",
    "with_projects",
    "without_projects",
]
