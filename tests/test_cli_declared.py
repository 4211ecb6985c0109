"""Every command-line option and argument is declared once, in prioritizer/cli/options.yaml."""

from __future__ import annotations

import ast
from collections import Counter
from functools import cache
from pathlib import Path

from prioritizer.cli.declared import declarations

PACKAGE = Path(__file__).resolve().parents[1] / "prioritizer"


@cache
def _calls() -> tuple[tuple[Path, ast.Call], ...]:
    """Every call in the package's modules, with its file (parsed once for the three tests)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [(path, node) for node in ast.walk(tree) if isinstance(node, ast.Call)]
    return tuple(found)


def _named(kind: str) -> Counter[str]:
    """How often each key is named by `option("key")` (or `argument`) in the package."""
    return Counter(
        ast.literal_eval(call.args[0])
        for _, call in _calls()
        if isinstance(call.func, ast.Name) and call.func.id == kind and call.args
    )


def test_every_declaration_is_named_once_and_every_name_is_declared() -> None:
    table = declarations()
    for kind in ("option", "argument"):
        named = _named(kind)
        assert set(named) == set(table[kind + "s"]), kind
        assert [key for key, count in named.items() if count > 1] == [], kind


def test_no_two_declarations_say_the_same() -> None:
    options = declarations()["options"]
    said = Counter((tuple(spec["flags"]), spec["help"]) for spec in options.values())
    assert [pair for pair, count in said.items() if count > 1] == []
    assert all(spec["help"].strip() for spec in options.values())


def test_options_are_declared_only_in_the_table() -> None:
    """typer.Option and typer.Argument are called only by cli/declared.py, except an option
    that runs code (`--version`'s callback), which a data file cannot hold."""
    stray = [
        f"{path.relative_to(PACKAGE)}:{call.lineno}"
        for path, call in _calls()
        if ast.unparse(call.func).removeprefix("typer.") in ("Option", "Argument")
        and path.name != "declared.py"
        and not any(keyword.arg == "callback" for keyword in call.keywords)
    ]
    assert stray == []
