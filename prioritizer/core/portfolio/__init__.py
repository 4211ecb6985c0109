"""Pick the best portfolio of projects under a budget and rules, and say why each is in or out.

The only package that imports pulp. A fresh model is built for every solve, with internal
variable names (x_0, x_1, ... and y_g_k) that never derive from project ids or names.

Model (symbols as in `PortfolioProblem`): binary x_p; maximise value; sum c_p x_p <= B;
x_a <= x_b when a requires b; x_a + x_b <= 1 for exclusions; x_p = 1 for mandatory projects;
group minimums by count and by spend (share of B, in whole soles); at most K projects; each
required gap covered at least once. Value is sum v_p x_p ("score") or the severity-weighted
coverage of gaps with diminishing returns ("coverage"): y_gk in [0, 1] is the k-th cover of
gap g, worth s_g * delta**(k-1), with sum_k y_gk <= sum_p a_pg x_p; the coefficients fall
with k, so the LP fills the covers in order and the value is exact.

Each formula (value, spend, covers, every rule) is one function that evaluates a 0/1 numpy
vector and builds the PuLP expression alike; the optimiser, the feasibility check and the
explainer all call the same functions.

CBC runs with its integer preprocessing off: with it on, the bundled CBC 2.10 answered
"Optimal" with a dearer portfolio on a four-project instance (pinned in the tests). Without
preprocessing it crashes on some infeasible models; those solves are retried with it on.

Trust but verify. Every solve's status is checked ("Infeasible" does not raise in PuLP and
leaves solution-looking values). Only a proven optimum is "optimal"; a time limit that stops
the search gives "best_found" plus the gap to the LP-relaxation bound. Every solution is
rounded and re-checked against every rule with exact integer arithmetic. Because the CBC
bundled with PuLP has been seen to call a non-optimal portfolio "Optimal", `select_portfolio`
(i) solves again with HiGHS (mip_rel_gap = 0) when highspy is installed and keeps the better
portfolio, noting any disagreement, and (ii) the explainer re-solves with each project forced
the other way: the optimum is the better of the two branches for any project, so a re-solve
that beats the incumbent exposes a false "Optimal"; the better portfolio is then adopted and
the explanation redone.

The marginal value of the budget is the dual (`pi`) of the budget row in the LP relaxation,
built as a minimisation so that CBC and HiGHS report it with the same sign. It is an
approximation: integer programmes have no exact shadow prices.


Modules: `formulas` (value, spend, rules; money units), `solve` (one checked solve),
`select` (the portfolio and its reasons), `infeasible` (why none fits), `graph` (precedence),
`alternatives` (the k best portfolios, or all within x % of the best) with `kbest` (the
recursion's portfolios in order of value), `knapsack` (the recursion over the budget) and
`reduction` (the recursion on the projects a Lagrangian bound leaves open: many scenarios, many
flips, problems past one table).
"""

from prioritizer.core.portfolio.alternatives import rank_portfolios
from prioritizer.core.portfolio.formulas import (
    evaluate_portfolio,
    gap_covers,
    linear_value,
    money_unit,
    portfolio_value,
    rule_form,
    too_fine,
    violated_rules,
)
from prioritizer.core.portfolio.infeasible import diagnose_infeasibility
from prioritizer.core.portfolio.select import select_portfolio
from prioritizer.core.portfolio.solve import (
    SOLVER_NAMES,
    Solver,
    cheapest_selection,
    minimum_feasible_budget,
    optimal_selection,
    solve_state,
)

__all__ = [
    "SOLVER_NAMES",
    "Solver",
    "cheapest_selection",
    "diagnose_infeasibility",
    "evaluate_portfolio",
    "gap_covers",
    "linear_value",
    "minimum_feasible_budget",
    "money_unit",
    "optimal_selection",
    "portfolio_value",
    "rank_portfolios",
    "rule_form",
    "select_portfolio",
    "solve_state",
    "too_fine",
    "violated_rules",
]
