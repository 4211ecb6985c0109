"""The stability interval asks the grid outward from the current weight and stops at the run's
ends: the same interval as asking every grid point at once, whatever the pattern of points out."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritizer.core.robustness.stability import _grid, _interval, _refined


def every_point_at_once(inside, describe, current, grid, precision):  # type: ignore[no-untyped-def]
    """The reference: the whole grid asked in one call, the run around `current` read off it
    (its ends refined as the code does: that part is not what is tested here)."""
    points = np.unique(np.append(grid, current))
    here = int(np.searchsorted(points, current))
    held = inside(points)
    held[here] = True
    low = high = here
    while low > 0 and held[low - 1]:
        low -= 1
    while high < len(points) - 1 and held[high + 1]:
        high += 1
    return _refined(inside, describe, points, low, high, precision)


@settings(max_examples=200, deadline=None)
@given(
    points=st.integers(2, 300),
    current=st.floats(0.0, 1.0),
    holes=st.lists(st.floats(0.0, 1.0), max_size=6),
    width=st.floats(1e-5, 0.05),
)
def test_prop_outward_blocks_give_the_interval_of_the_whole_grid(
    points: int, current: float, holes: list[float], width: float
) -> None:
    """Weights within `width` of a hole are outside."""

    def inside(t: np.ndarray) -> np.ndarray:
        return np.array([all(abs(x - h) > width for h in holes) for x in t], dtype=bool)

    def describe(t: float) -> tuple[str, ...]:
        return (f"{t:.6f}",)

    grid = _grid(points)
    found = _interval(inside, describe, current, grid, 1e-6)
    assert found == every_point_at_once(inside, describe, current, grid, 1e-6)


def test_a_single_grid_point_out_is_found_at_every_distance_from_the_current_weight() -> None:
    """One point out, k grid steps away on either side, for every k across several blocks."""
    grid = _grid(201)
    for k in range(1, 80):
        for hole in (0.5 + k / 200, 0.5 - k / 200):

            def inside(t: np.ndarray, hole: float = hole) -> np.ndarray:
                return np.abs(t - hole) > 1e-4

            found = _interval(inside, lambda t: (), 0.5, grid, 1e-6)
            assert found == every_point_at_once(inside, lambda t: (), 0.5, grid, 1e-6), k


def test_a_narrow_interval_asks_few_grid_points() -> None:
    """Held only within 0.01 of 0.5: a few blocks each side, not the 1,001 points."""
    asked: list[int] = []

    def inside(t: np.ndarray) -> np.ndarray:
        asked.append(len(t))
        return np.abs(t - 0.5) <= 0.01

    lower, upper, _, _ = _interval(inside, lambda t: (), 0.5, _grid(1001), 1e-6)
    assert abs(lower - 0.49) <= 1e-6 and abs(upper - 0.51) <= 1e-6
    grid_calls = [n for n in asked if n > 1]
    assert sum(grid_calls) <= 4 * 16
