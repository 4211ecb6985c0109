"""House rules that the code's structure must keep: imports point one way along the pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "prioritizer"

# Stage of each module: a module may import only from stages at or before its own.
STAGES = {
    "phrases": 0,
    "formats": 0,
    "errors": 0,
    "cells": 0,
    "i18n": 0,
    "resources": 0,
    "folders": 0,
    "models": 1,
    "results": 1,
    "options": 2,
    "load": 2,
    "views": 3,
    "matrices": 3,
    "weigh": 4,
    "rank": 5,
    "reversal": 5,
    "agreement": 5,
    "portfolio": 6,
    "frontier": 7,
    "robustness": 7,
    "validation": 5,
    "analysis": 8,
    "render": 9,
    "workbook": 3,
    "elicit": 5,
    "cli_elicit": 10,
    "cli_options": 10,
    "cli_rank": 10,
    "cli_portfolio": 10,
    "cli_compare": 10,
    "cli_robustness": 10,
    "cli_common": 10,
    "cli_progress": 10,
    "cli_data": 10,
    "cli_lazy": 10,
    "cli_weights": 10,
    "payload": 9,
    "export": 9,
    "cli": 10,
    "__main__": 11,
    "entry": 11,
    "__init__": 0,
}
COMPUTATION = {
    "matrices",
    "weigh",
    "rank",
    "reversal",
    "agreement",
    "portfolio",
    "frontier",
    "robustness",
    "analysis",
    "validation",
    "results",
    "models",
    "views",
}
FORBIDDEN_IN_COMPUTATION = {
    "rich",
    "typer",
    "prioritizer.render",
    "prioritizer.export",
    "prioritizer.cli",
    "prioritizer.load",
}
ONLY_IMPORTER = {
    "pymcdm": {"rank", "agreement"},
    "pulp": {"portfolio"},
    "highspy": {"portfolio"},
}


def _modules() -> list[tuple[str, list[str]]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        stage = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        imported: list[str] = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.append(node.module)
        found.append((stage, imported))
    return found


def test_every_module_has_a_stage() -> None:
    assert {stage for stage, _ in _modules()} <= set(STAGES)


def test_imports_point_one_way() -> None:
    for stage, imported in _modules():
        for name in imported:
            if name.startswith("prioritizer."):
                target = name.split(".")[1]
                assert STAGES[target] <= STAGES[stage], f"{stage} imports {name}"


def test_computation_never_renders_prints_or_reads() -> None:
    for stage, imported in _modules():
        if stage in COMPUTATION:
            for name in imported:
                assert not any(
                    name == f or name.startswith(f + ".") for f in FORBIDDEN_IN_COMPUTATION
                ), f"{stage} imports {name}"


def test_one_adapter_per_library() -> None:
    for stage, imported in _modules():
        for library, allowed in ONLY_IMPORTER.items():
            if any(name == library or name.startswith(library + ".") for name in imported):
                assert stage in allowed, f"{stage} imports {library}"


def test_no_print_outside_the_cli() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name in ("cli.py",):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
        ]
        assert not calls, path
