"""The kept HiGHS model and the why-lines it answers, against brute force (n <= 10).

Every why-line's loss is the optimum minus the best portfolio with that project flipped; brute
force enumerates all 2^n selections and checks every rule exactly. Lines cut short by the
deadline carry intervals, which must contain the brute-force loss.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prioritizer.core.portfolio import evaluate_portfolio, select_portfolio, violated_rules
from prioritizer.core.portfolio.explain import _explain
from prioritizer.core.portfolio.session import Session
from prioritizer.errors import InfeasiblePortfolio
from prioritizer.formats import format_number, format_pen
from prioritizer.present.explain.portfolio import reason_text
from prioritizer.results.portfolio_problem import PortfolioProblem


@st.composite
def problems(draw: Any) -> PortfolioProblem:
    """Small problems with every kind of rule: requires, excludes, group minimums, a cap."""
    n = draw(st.integers(3, 9))
    ids = [f"p{i}" for i in range(n)]
    costs = draw(st.lists(st.integers(0, 12), min_size=n, max_size=n))
    values = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n))
    pairs = [(a, b) for a in range(n) for b in range(n) if a < b]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=4, unique=True))
    requires, excludes = [], []
    for k, (a, b) in enumerate(chosen):
        (requires if k % 2 == 0 else excludes).append((ids[b], ids[a]))
    groups = draw(st.lists(st.sampled_from(["g", "h"]), min_size=n, max_size=n))
    return PortfolioProblem.build(
        ids=ids,
        costs_pen=[c * 1_000 for c in costs],
        values=[v / 10 for v in values],
        budget_pen=draw(st.integers(0, 40)) * 1_000,
        groups=groups,
        requires=requires,
        excludes=excludes,
        min_per_group={"g": draw(st.integers(0, 1))},
        max_projects=draw(st.none() | st.integers(1, n)),
    )


def brute_force(problem: PortfolioProblem) -> list[tuple[np.ndarray[Any, Any], float]]:
    """Every selection that meets every rule within the budget, with its value."""
    found = []
    for mask in itertools.product([0, 1], repeat=problem.size):
        x = np.array(mask, dtype=np.int64)
        if not violated_rules(problem, x, budget_pen=problem.budget_pen):
            found.append((x, evaluate_portfolio(problem, x)))
    return found


def flip_loss(
    feasible: list[tuple[np.ndarray[Any, Any], float]], chosen: Any, p: int
) -> float | None:
    best = max((v for x, v in feasible), default=None)
    flipped = [v for x, v in feasible if x[p] != chosen[p]]
    return None if best is None or not flipped else best - max(flipped)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_prop_every_why_line_equals_brute_force(problem: PortfolioProblem) -> None:
    assert_why_lines_equal_brute_force(problem)


def assert_why_lines_equal_brute_force(problem: PortfolioProblem) -> None:
    """The optimum and every exact why-line's loss of `select_portfolio` are brute force's."""
    feasible = brute_force(problem)
    try:
        result = select_portfolio(problem)
    except InfeasiblePortfolio:
        assert not feasible
        return
    best = max(v for _, v in feasible)
    assert abs(result.objective - best) <= 1e-9
    chosen = np.array([int(p in result.selected) for p in problem.ids])
    for p, reason in enumerate(result.reasons):
        assert reason.loss_bounds is None  # no deadline: every line is exact
        if not reason.flip_checked or (reason.kind == "in_rule" and reason.flip_loss is None):
            continue
        expected = flip_loss(feasible, chosen, p)
        if expected is None:
            assert reason.flip_loss is None, reason
        else:
            assert reason.flip_loss is not None and abs(reason.flip_loss - expected) <= 1e-9


class _UntilWhy:
    """A deadline that expires when the exact searches start: every line keeps its bounds."""

    seconds: float | None = 1.0

    def __init__(self) -> None:
        self.passed = False

    def expired(self) -> bool:
        return self.passed

    def remaining(self) -> float | None:
        return 0.0 if self.passed else None

    def limit(self, per_solve: float | None) -> float | None:
        return 0.0 if self.passed else per_solve

    def progress(self, stage: str, done: int, total: int) -> None:
        self.passed = self.passed or stage == "why"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_prop_bounds_always_contain_the_exact_loss(problem: PortfolioProblem) -> None:
    feasible = brute_force(problem)
    if not feasible:
        return
    best, _ = max(feasible, key=lambda item: item[1])
    clock = _UntilWhy()
    session = Session(problem, deadline=clock)
    reasons, better = _explain(problem, best, session, resolve=True, progress=clock.progress)
    assert better is None
    for p, reason in enumerate(reasons):
        expected = flip_loss(feasible, best, p)
        if reason.loss_bounds is not None:
            low, high = reason.loss_bounds
            if expected is None:  # no portfolio on its side, not yet proven: no upper end
                assert high is None
            else:
                assert low - 1e-9 <= expected and (high is None or expected <= high + 1e-9)
        elif reason.flip_checked and reason.flip_loss is not None:
            assert abs(reason.flip_loss - expected) <= 1e-9  # type: ignore[operator]
        elif reason.flip_checked and reason.kind != "in_rule":
            assert expected is None


def test_a_short_deadline_gives_labelled_intervals_in_text_and_json() -> None:
    """Lines the deadline cut short say so in words and carry `loss_bounds` in JSON (a minimum
    budget share keeps the dynamic programme out, so the lines are left to bounds)."""
    problem = PortfolioProblem.build(
        ids=["a", "b", "c", "d"],
        costs_pen=[4_000, 3_000, 3_000, 2_000],
        values=[0.9, 0.6, 0.55, 0.3],
        budget_pen=6_000,
        groups=["g", "g", "g", "g"],
        min_share_per_group={"g": 0.1},
    )
    feasible = brute_force(problem)
    best, _ = max(feasible, key=lambda item: item[1])
    clock = _UntilWhy()
    session = Session(problem, deadline=clock)
    reasons, _ = _explain(problem, best, session, resolve=True, progress=clock.progress)
    bounded = [r for r in reasons if r.loss_bounds is not None]
    assert bounded, "the LP bound and the repaired portfolio leave this knapsack open"
    payload = bounded[0].to_dict()
    assert payload["loss_bounds"] == list(bounded[0].loss_bounds)  # type: ignore[arg-type]
    assert payload["reoptimised_loss"] is None
    names = problem.name_map()
    for lang, words in (("en", "the deadline came before"), ("es", "el plazo llegó antes")):
        text = reason_text(bounded[0], lang=lang, names=names, pen=format_pen, number=format_number)
        assert words in text
