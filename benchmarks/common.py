"""What every benchmark prints about the machine, and its one timing loop."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any


def machine(*packages: str) -> list[str]:
    """CPU model, logical CPUs, the versions of Python and `packages`, the load average."""
    model = "unknown"
    info = Path("/proc/cpuinfo")
    if info.exists():
        for line in info.read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                model = value.strip()
                break
    versions = "; ".join(f"{name} {version(name)}" for name in packages)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"CPU: {model}; logical CPUs: {os.cpu_count()}",
        f"Python {platform.python_version()}" + (f"; {versions}" if versions else ""),
        f"load average at start: {load} (other processes slow every timing)",
    ]


def median_time(call: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Median wall time of `repeats` calls, and the last call's result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result
