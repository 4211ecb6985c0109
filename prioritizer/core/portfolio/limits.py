"""What bounds a run and how it reports progress: a run-wide deadline and a progress callback.

Pure computation never prints; it calls `Progress` (stage, done, total) and the front end
decides how to show it (a rich bar in a terminal, one line per stage otherwise, nothing for
tests). The deadline is a point in monotonic time shared by every solve of one command.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol


class Progress(Protocol):
    """Told how far a stage has got: `stage` is a short key, `done` of `total` steps."""

    def __call__(self, stage: str, done: int, total: int) -> None: ...


def no_progress(stage: str, done: int, total: int) -> None:
    """The progress callback that shows nothing (library calls, tests)."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """A run-wide time bound: `seconds` from creation, or None for no bound."""

    seconds: float | None = None
    started: float = field(default_factory=time.monotonic)

    def remaining(self) -> float | None:
        """Seconds left (never negative), or None when the run has no deadline."""
        if self.seconds is None:
            return None
        return max(0.0, self.started + self.seconds - time.monotonic())

    def expired(self) -> bool:
        """Whether the deadline has passed."""
        left = self.remaining()
        return left is not None and left <= 0.0

    def limit(self, per_solve: float | None) -> float | None:
        """The time limit for the next solve: the per-solve limit, cut to what is left."""
        left = self.remaining()
        if left is None:
            return per_solve
        return left if per_solve is None else min(per_solve, left)


NO_DEADLINE = Deadline(None)


class Clock(Protocol):
    """What a search asks of a deadline (`Deadline` is the real one)."""

    @property
    def seconds(self) -> float | None: ...

    def remaining(self) -> float | None: ...

    def expired(self) -> bool: ...

    def limit(self, per_solve: float | None) -> float | None: ...


def as_deadline(value: float | Clock | None) -> Clock:
    """A deadline from seconds counted from now, or the run's own clock (shared by its calls)."""
    if value is None or isinstance(value, int | float):
        return Deadline(None if value is None else float(value))
    return value
