"""The frontier the budget chart and its caption read: steps by budget and the one in force."""

from __future__ import annotations

import pytest

from prioritizer.present.export.figures import frontier_at_budget


def _region(budget: int, *budgets: int) -> dict[str, object]:
    points = [{"budget": b, "objective": b / 10, "added": [f"p{b}"]} for b in budgets]
    return {"budget": budget, "frontier": {"points": points}}


@pytest.mark.parametrize(("budget", "now"), [(50, None), (100, 0), (250, 1), (300, 2), (10_000, 2)])
def test_step_in_force_is_the_last_within_the_budget(budget: int, now: int | None) -> None:
    """Points come sorted by budget whatever their order in the payload."""
    steps, budget_pen, in_force = frontier_at_budget(_region(budget, 300, 100, 200))
    assert [s.budget_pen for s in steps] == [100, 200, 300]
    assert budget_pen == budget and in_force == now


def test_a_region_without_frontier_has_no_steps() -> None:
    assert frontier_at_budget({"budget": 500}) == ((), 500, None)
