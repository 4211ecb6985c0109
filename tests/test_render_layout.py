"""The word pattern rich wraps by: set by importing `render.common` alone, as front ends do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SCRIPT = """
from rich.console import Console
from prioritizer.present.render.common import format_pen
console = Console(width=12, color_system=None, legacy_windows=False)
with console.capture() as captured:
    console.print("cost " + format_pen(1234567, "es") + " in all")
print(captured.get(), end="")
"""


def test_importing_common_alone_keeps_amounts_whole() -> None:
    """A fresh interpreter that imports only `common` wraps before `S/`, never inside the amount."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env, check=True
    )
    assert "S/ 1.234.567" in done.stdout.splitlines(), done.stdout
