"""The live consequence on the planner's page: for each region, the top mechanisms and the chosen
portfolio under the workshop's group weights, beside the data set's own at the same budget, for
any budget the planner tries. Computed by the core (ranking, then the portfolio's integer
program without why-lines); remembered for the last questions asked, since the page asks again
every few seconds and the answers change far less often."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial

from prioritizer.core.analysis import (
    portfolio_problem,
    portfolio_values,
    project_scores,
    rank_region,
)
from prioritizer.core.portfolio import select_portfolio
from prioritizer.data.models import Dataset
from prioritizer.errors import InfeasiblePortfolio
from prioritizer.options import RunOptions
from prioritizer.phrases import Phrase
from prioritizer.results.problem import Level
from prioritizer.web.memo import Memo

TOP = 5
"""How many mechanisms the page lists per region."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One region's answer under one set of judgments: the best mechanisms (ids, in rank order)
    and the chosen projects, or why no portfolio fits."""

    top: tuple[str, ...]
    selected: tuple[str, ...]
    spent_pen: int
    infeasible: Phrase | None


@dataclass(frozen=True, slots=True)
class RegionConsequence:
    """A region under the workshop's weights (`workshop`) and the data set's (`dataset`)."""

    region: str
    budget_pen: int
    workshop: Outcome
    dataset: Outcome

    @property
    def entering(self) -> tuple[str, ...]:
        """Projects the workshop's weights fund that the data set's do not."""
        return tuple(p for p in self.workshop.selected if p not in self.dataset.selected)

    @property
    def leaving(self) -> tuple[str, ...]:
        """Projects the data set's weights fund that the workshop's do not."""
        return tuple(p for p in self.dataset.selected if p not in self.workshop.selected)


def outcome(data: Dataset, region: str, options: RunOptions) -> Outcome:
    """The top mechanisms and the portfolio of one region (no why-lines: the page shows the
    choice; `prioritizer portfolio` explains it)."""
    mechanisms = rank_region(data, region, replace(options, level=Level.MECHANISMS)).ranking
    order = sorted(range(len(mechanisms.ids)), key=lambda i: (mechanisms.ranks[i], i))
    top = tuple(mechanisms.ids[i] for i in order[:TOP])
    scored = project_scores(data, region, options)
    problem = portfolio_problem(data, region, options, values=portfolio_values(scored.ranking))
    try:
        chosen = select_portfolio(problem, explain=False)
    except InfeasiblePortfolio as error:
        return Outcome(top, (), 0, error.explanation)
    return Outcome(top, chosen.selected, chosen.total_cost_pen, None)


def region_budget(data: Dataset, region: str, options: RunOptions) -> int:
    """The budget a region's portfolio is chosen within: the override, else the data set's."""
    override = options.budget_for(region)
    return data.region(region).budget.budget_pen if override is None else override


def consequences(
    memo: Memo,
    workshop: Dataset,
    dataset: Dataset,
    regions: tuple[str, ...],
    options: RunOptions,
    *,
    revision: int,
    from_workshop: Mapping[str, bool],
) -> tuple[RegionConsequence, ...]:
    """Each region's consequence, remembered in `memo`; `revision` identifies the answers
    behind `workshop`, `from_workshop` says which regions' weights come from workshop answers
    at all."""
    found = []
    files = tuple(sorted(dataset.checksums.items()))  # the data set as read (apply changes it)
    for region in regions:
        budget = region_budget(dataset, region, options)
        base_key = ("dataset", files, region, budget, options)
        base = memo.get(base_key, partial(outcome, dataset, region, options))
        if from_workshop.get(region):
            key = ("workshop", files, revision, region, budget, options)
            live = memo.get(key, partial(outcome, workshop, region, options))
        else:
            live = base
        found.append(RegionConsequence(region, budget, live, base))
    return tuple(found)
