"""Precedence between projects (`requires`) as a graph: what a project needs, directly
or through others.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence

from prioritizer.results.portfolio_problem import PortfolioProblem

# --------------------------------------------------------------------------- graph helpers


def _prerequisites(problem: PortfolioProblem) -> dict[int, set[int]]:
    needs: dict[int, set[int]] = {i: set() for i in range(problem.size)}
    for a, b in problem.requires:
        needs[problem.index(a)].add(problem.index(b))
    return needs


def exclusion_partners(problem: PortfolioProblem) -> dict[int, set[int]]:
    """Each project's exclusion partners (indices), both ways."""
    partners: dict[int, set[int]] = {i: set() for i in range(problem.size)}
    for one, two in problem.excludes:
        partners[problem.index(one)].add(problem.index(two))
        partners[problem.index(two)].add(problem.index(one))
    return partners


def _closure(needs: dict[int, set[int]], start: Iterable[int]) -> set[int]:
    """Projects in `start` plus everything they require, transitively."""
    seen = set(start)
    queue = deque(seen)
    while queue:
        for nxt in needs[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _chain(needs: dict[int, set[int]], sources: Sequence[int], target: int) -> tuple[int, ...]:
    """Shortest requirement chain from one of `sources` (mandatory projects) to `target`."""
    parent: dict[int, int | None] = {s: None for s in sources}
    queue = deque(sources)
    while queue:
        node = queue.popleft()
        if node == target:
            path = [node]
            while (prev := parent[path[-1]]) is not None:
                path.append(prev)
            return tuple(reversed(path))
        for nxt in sorted(needs[node]):
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return (target,)
