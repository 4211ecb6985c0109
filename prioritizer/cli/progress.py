"""Progress of long steps on stderr: a rich bar in a terminal, one plain line per stage
otherwise, and nothing at all for a step that ends within a second (or on stdout, ever).
"""

from __future__ import annotations

import sys
import time
from typing import Any

from prioritizer.i18n import t

_QUIET_SECONDS = 1.0


class StageProgress:
    """A `Progress` callback (stage, done, total) for the command line."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.started: dict[str, float] = {}
        self.told: set[str] = set()
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done == 0:  # a stage run again (the next region's) starts its own clock
            self.started[stage] = now
        start = self.started.setdefault(stage, now)
        finished = done >= total
        if now - start < _QUIET_SECONDS and self.bar is None:
            return
        label = t(f"progress.{stage}", self.lang)
        if not sys.stderr.isatty():
            if stage not in self.told and not finished:
                self.told.add(stage)
                sys.stderr.write(f"{label}: {done}/{total}…\n")
            return
        if self.bar is None and not finished:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
        if self.bar is None:
            return
        if stage not in self.told:
            self.told.add(stage)
            self.task = self.bar.add_task(label, total=total)
        self.bar.update(self.task, completed=done, total=total, description=label)
        if finished:
            self.bar.stop()
            self.bar = None


def stage_progress(lang: str) -> StageProgress:
    """The progress display for one command run."""
    return StageProgress(lang)
