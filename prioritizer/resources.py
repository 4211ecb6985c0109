"""Locates the embedded data set (criteria/ and inputs/) in an installed wheel or a checkout.

Never parses anything: load/ does. Order: the wheel's `prioritizer/_data/<kind>` (hatchling
force-include), then the checkout's top-level `<kind>/` (editable installs and development).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from prioritizer.errors import InputError
from prioritizer.phrases import phrase

KINDS = ("criteria", "inputs")


def embedded_dir(kind: str) -> Path:
    """The folder of embedded data `kind` ("criteria" or "inputs")."""
    if kind not in KINDS:
        raise ValueError(f"unknown data kind {kind!r}")
    packaged = Path(str(resources.files("prioritizer") / "_data" / kind))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / kind
    if checkout.is_dir():
        return checkout
    raise InputError(
        str(packaged),
        expected=phrase(
            "the embedded {kind}/ folder here or at {checkout}", kind=kind, checkout=checkout
        ),
        hint=phrase("reinstall the package with `pip install .` from the project folder"),
    )
