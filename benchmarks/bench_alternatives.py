"""The k best portfolios against the single optimum (ratios), on structured random candidates.

Run from the checkout: ``python benchmarks/bench_alternatives.py [--sizes 150,500] [--k 10]
[--repeats 3]``.

For each size n, the problem of benchmarks/instances.py (groups with minimum counts, requires,
excludes, a budget of a third of the total cost) is timed, in this process:

- optimum: `select_portfolio(..., explain=False)`, what `portfolio` finds before its why-lines
  (the recursion, HiGHS on the kept model, the CBC cross-check);
- k best: `rank_portfolios(problem, count=k)`, the optimum included, as `portfolio
  --alternatives k` runs it (the recursion's ranking where it holds the problem);
- k best by HiGHS alone: the same with `recursion=False` (no-good cuts on the kept model, one
  solve each), the engine for problems the recursion cannot hold;
- within 1 %: `rank_portfolios(problem, within_pct=1)`, and how many portfolios that is.

Each is printed in seconds and as a ratio to the optimum of the same run (the machine is shared
and noisy: read the ratios, not the seconds). Medians of `--repeats` runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, median_time
from instances import structured_problem

from prioritizer.core.portfolio import select_portfolio
from prioritizer.core.portfolio.alternatives import rank_portfolios


def main() -> None:
    """Print one row per size."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="150,500")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for line in machine("highspy", "pulp", "numpy"):
        print(line)
    k = args.k
    print(
        f"| n | optimum s | {k} best s | ÷ optimum | {k} best, HiGHS alone s | ÷ optimum |"
        " within 1 % s | ÷ optimum | portfolios within 1 % | engine |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in (int(s) for s in args.sizes.split(",")):
        print(row(n, k, args.repeats))


def row(n: int, k: int, repeats: int) -> str:
    """One size: the seconds and ratios of the table, checked (both engines, same values)."""
    problem = structured_problem(n)
    rank_portfolios(problem, count=2)  # warm up: imports, HiGHS loaded once
    optimum, best = median_time(lambda: select_portfolio(problem, explain=False), repeats)
    ranked, result = median_time(lambda: rank_portfolios(problem, count=k), repeats)
    alone, other = median_time(lambda: rank_portfolios(problem, count=k, recursion=False), repeats)
    within, near = median_time(lambda: rank_portfolios(problem, within_pct=1.0), repeats)
    assert abs(result.alternatives[0].objective - best.objective) <= 1e-9
    assert all(
        abs(a.objective - b.objective) <= 1e-9 * max(1.0, a.objective)
        for a, b in zip(result.alternatives, other.alternatives, strict=True)
    ), "the two engines disagree"
    return (
        f"| {n} | {optimum:.3f} | {ranked:.3f} | {ranked / optimum:.1f} | {alone:.3f} |"
        f" {alone / optimum:.1f} | {within:.3f} | {within / optimum:.1f} |"
        f" {len(near.alternatives)} ({near.end}) | {result.solver} |"
    )


if __name__ == "__main__":
    main()
