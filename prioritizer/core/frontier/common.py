"""What the frontier's sweeps share: the sweep's settings and the kept model, a solver's answer
as a point, the points with what enters and leaves, and the notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from prioritizer.core.portfolio import SOLVER_NAMES, Solver, evaluate_portfolio, linear_value
from prioritizer.core.portfolio.limits import Clock
from prioritizer.core.portfolio.session import Answer, Session, selected_ids
from prioritizer.errors import SolverFailure
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.arrays import IntArray
from prioritizer.results.frontier import Frontier, FrontierPoint
from prioritizer.results.portfolio import Selection
from prioritizer.results.portfolio_problem import PortfolioProblem

_DEFAULT_POINTS = 21
_RELATIVE_GAIN = 1e-6


@dataclass(frozen=True, slots=True)
class _Sweep:
    """What both solver sweeps take from `sweep_budget`: the budget bounds, the solver that
    diagnoses infeasibility, the limits, and the notes they add to."""

    max_budget: int | None
    min_budget: int | None
    solver: Solver
    time_limit: float | None
    notes: list[Phrase]
    clock: Clock

    def session(self, problem: PortfolioProblem) -> Session:
        """The kept HiGHS model every point of the sweep is answered by."""
        return Session(problem, time_limit=self.time_limit, deadline=self.clock)

    def frontier(
        self,
        found: list[Selection],
        method: Literal["breakpoints", "even"],
        lowest: int,
        skipped: tuple[int, ...],
        solver: str = SOLVER_NAMES["highs"],
    ) -> Frontier:
        """The points found, with the notes and each point's solver status; `solver` names
        the engines whose answers they are."""
        return Frontier(
            points=_points(found),
            method=method,
            infeasible_below_pen=lowest,
            skipped_budgets_pen=skipped,
            solver=solver,
            diagnostics=tuple(self.notes + _statuses(found)),
        )


def _selection(
    problem: PortfolioProblem, answer: Answer, budget_pen: int | None
) -> Selection | None:
    """A session's answer as a `Selection` (None when it found no portfolio)."""
    if answer.chosen is None:
        if answer.state == "stopped":
            raise SolverFailure(phrase("{solver} found no portfolio", solver="HiGHS"))
        return None
    chosen = answer.chosen
    return Selection(
        selected=selected_ids(problem, chosen),
        objective=evaluate_portfolio(problem, chosen),
        total_cost_pen=int(linear_value(problem.costs_pen, chosen)),
        budget_pen=budget_pen,
        status="optimal" if answer.state == "optimal" else "best_found",
    )


def _exact_point(problem: PortfolioProblem, chosen: IntArray, budget_pen: int) -> Selection:
    """A portfolio the recursion proved best at `budget_pen`, as a frontier point."""
    return Selection(
        selected=selected_ids(problem, chosen),
        objective=evaluate_portfolio(problem, chosen),
        total_cost_pen=int(linear_value(problem.costs_pen, chosen)),
        budget_pen=budget_pen,
        status="optimal",
    )


def _in_time(
    session: Session, clock: Clock, budget_pen: int, start: IntArray | None = None
) -> Answer | None:
    """The kept model's best at `budget_pen`, or None when the deadline came first (before the
    solve, or stopping it before any portfolio was found)."""
    if clock.expired():
        return None
    answer = session.maximise(budget_pen=budget_pen, start=start)
    return None if answer.chosen is None and answer.state == "stopped" else answer


def _unanswered(clock: Clock, unsolved: list[int], found: list[Selection]) -> list[Phrase]:
    """The note for the even budgets the deadline left to a solver that never answered: where
    the sweep stopped when no point after the first of them was found, else which are missing
    (the recursion's points after them stay)."""
    if not unsolved:
        return []
    if not any((point.budget_pen or 0) > unsolved[0] for point in found):
        return [_stopped(clock, unsolved[0])]
    return [
        phrase(
            "the deadline of {seconds:g} s came before the solver answered budgets"
            " {budgets}: those points are not computed",
            seconds=clock.seconds or 0,
            budgets=unsolved,
        )
    ]


def _stopped(clock: Clock, budget: int) -> Phrase:
    return phrase(
        "the deadline of {seconds:g} s stopped the sweep at budget {budget}: the points after it"
        " are not computed",
        seconds=clock.seconds or 0,
        budget=budget,
    )


def _gain(value: float) -> float:
    return _RELATIVE_GAIN * max(1.0, abs(value))


def _points(found: list[Selection]) -> tuple[FrontierPoint, ...]:
    out: list[FrontierPoint] = []
    previous: tuple[str, ...] = ()
    for selection in found:
        chosen = selection.selected
        was, now = set(previous), set(chosen)
        out.append(
            FrontierPoint(
                budget_pen=int(selection.budget_pen or 0),
                objective=selection.objective,
                total_cost_pen=selection.total_cost_pen,
                selected=chosen,
                added=tuple(p for p in chosen if p not in was),
                removed=tuple(p for p in previous if p not in now),
                status=selection.status,
            )
        )
        previous = chosen
    return tuple(out)


def _statuses(found: list[Selection]) -> list[Phrase]:
    stopped = [s.budget_pen for s in found if s.status != "optimal"]
    if not stopped:
        return []
    return [
        phrase(
            "the time limit stopped the search at budgets {budgets}: best found, not proven",
            budgets=stopped,
        )
    ]
