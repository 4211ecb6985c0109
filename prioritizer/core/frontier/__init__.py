"""Best portfolio value against budget: exact breakpoints or evenly spaced budgets, by one pass
of the budget recursion where it holds the problem, else by the kept HiGHS model.

Modules: `sweep` (`sweep_budget`, which picks the way), `recursion` (the dynamic programme),
`solver` (the kept model's sweeps), `common` (settings, points, notes).
"""

from prioritizer.core.frontier.sweep import sweep_budget

__all__ = ["sweep_budget"]
