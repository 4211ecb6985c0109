"""manifest.json: what it takes to reproduce a run folder.

The command line, the versions of Python, prioritizer and its libraries, a SHA-256 digest of
every input file, the options and the seed. `created` is the only field that differs between
two identical runs; every time stamp of a run folder lives in a manifest field named created*.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import MappingProxyType
from typing import Any

from prioritizer import __version__

DEPENDENCIES = (
    "numpy",
    "pandas",
    "pymcdm",
    "pulp",
    "highspy",
    "pydantic",
    "pyyaml",
    "rich",
    "typer",
    "openpyxl",
    "matplotlib",
)
"""Libraries whose versions can change a run's numbers or files (None when not installed)."""

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Manifest:
    """How a run folder was made; `created` is when (ISO 8601), everything else is what."""

    command: tuple[str, ...]
    version: str
    python: str
    dependencies: Mapping[str, str | None]
    inputs_sha256: Mapping[str, str]
    options: Mapping[str, Any]
    seed: int | None
    created: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "command": list(self.command),
            "version": self.version,
            "python": self.python,
            "dependencies": dict(self.dependencies),
            "inputs_sha256": dict(self.inputs_sha256),
            "options": json.loads(json.dumps(dict(self.options))),
            "seed": self.seed,
            "created": self.created,
        }


def build_manifest(
    argv: Sequence[str],
    inputs_sha256: Mapping[str, str],
    options: Mapping[str, Any],
    seed: int | None,
    now: datetime,
) -> Manifest:
    """The manifest of a run started with `argv` at `now`.

    `inputs_sha256` maps each input file (as the user named it, or relative to the data
    folder) to its hex digest (`sha256_of`); `options` must be JSON-ready.

    Raises
    ------
    ValueError
        If a digest is not 64 lowercase hex digits.
    TypeError
        If `options` cannot be written as JSON.
    """
    for path, digest in inputs_sha256.items():
        if not _SHA256.fullmatch(digest):
            raise ValueError(f"{path}: expected a SHA-256 hex digest, got {digest!r}")
    frozen_options = json.loads(json.dumps(dict(options), sort_keys=True))
    return Manifest(
        command=tuple(str(arg) for arg in argv),
        version=__version__,
        python=platform.python_version(),
        dependencies=MappingProxyType({name: _installed(name) for name in DEPENDENCIES}),
        inputs_sha256=MappingProxyType(dict(sorted(inputs_sha256.items()))),
        options=MappingProxyType(frozen_options),
        seed=seed,
        created=now.isoformat(),
    )


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(manifest: Manifest, folder: Path) -> None:
    """manifest.json, keys sorted, UTF-8."""
    text = json.dumps(manifest.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)
    (folder / "manifest.json").write_text(text + "\n", encoding="utf-8")


def _installed(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None
