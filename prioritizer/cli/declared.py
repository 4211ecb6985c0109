"""The typer options and arguments of every command, built from their one declaration in
cli/options.yaml, so a flag's help is written once however many commands take it."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import typer


@cache
def declarations() -> dict[str, dict[str, dict[str, Any]]]:
    """cli/options.yaml: "options" and "arguments", each entry's typer settings by key."""
    import yaml  # the command modules that call this load data sets with it anyway

    text = (resources.files("prioritizer.cli") / "options.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    table: dict[str, dict[str, dict[str, Any]]] = yaml.load(text, Loader=loader)
    return table


def option(key: str) -> Any:
    """The typer Option declared as `key`: its flags, help and any other setting."""
    spec = dict(declarations()["options"][key])
    return typer.Option(*spec.pop("flags"), **spec)


def argument(key: str) -> Any:
    """The typer Argument declared as `key`."""
    return typer.Argument(**declarations()["arguments"][key])
