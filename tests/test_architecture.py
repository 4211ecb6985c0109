"""House rules that the code's structure must keep: the layers are folders and imports point one
way, front ends → core and presentation → data → results → ground (STYLE.md §6.1)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "prioritizer"

# Rank of each module or folder (longest dotted prefix wins): a module may import only modules of
# a rank at or below its own. Inside the core, the stages keep the pipeline's order.
RANKS = {
    "__init__": 0,
    "phrases": 0,
    "i18n": 0,
    "cells": 0,
    "errors": 0,
    "formats": 0,
    "errors.portfolio": 1.5,
    "errors.plan": 1.5,
    "resources": 0,
    "results": 1,
    "options": 2,
    "data": 3,
    "data.models": 3.0,
    "data.folders": 3.0,
    "data.load": 3.1,
    "data.workbook": 3.2,
    "data.save": 3.3,
    "core": 4,
    "core.matrices": 4.1,
    "core.weigh": 4.2,
    "core.validation": 4.3,
    "core.rank": 4.3,
    "core.agreement": 4.3,
    "core.elicit": 4.3,
    "core.portfolio": 4.4,
    "core.frontier": 4.5,
    "core.robustness": 4.5,
    "core.analysis": 4.6,
    "present": 5,
    "web": 6,
    "cli": 7,
    "__main__": 8,
}
# Pure computation: no terminal, no files, no front end.
COMPUTATION = ("core", "results", "data.models")
FORBIDDEN_IN_COMPUTATION = (
    "rich",
    "typer",
    "prioritizer.present",
    "prioritizer.cli",
    "prioritizer.data.load",
    "prioritizer.data.workbook",
)
ONLY_IMPORTER = {
    "pymcdm": ("core.rank", "core.agreement"),
    "pulp": ("core.portfolio",),
    "highspy": ("core.portfolio",),
    # The workshop app's libraries stay in the web layer (the CLI starts it through web.server).
    "fastapi": ("web",),
    "starlette": ("web",),
    "uvicorn": ("web",),
    "sqlalchemy": ("web",),
    "alembic": ("web",),
    "jinja2": ("web",),
    "segno": ("web",),
}


def _dotted(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")


def _under(name: str, prefixes: tuple[str, ...] | dict[str, object]) -> str | None:
    """The longest of `prefixes` that `name` is or lies under."""
    found = [p for p in prefixes if name == p or name.startswith(p + ".")]
    return max(found, key=len) if found else None


def _modules() -> list[tuple[str, list[str]]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        imported: list[str] = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.append(node.module)
        found.append((_dotted(path) or "__init__", imported))
    return found


def _rank(name: str) -> float:
    prefix = _under(name, RANKS)
    assert prefix is not None, f"{name} belongs to no layer: give it a rank in RANKS"
    return RANKS[prefix]


def test_every_module_has_a_layer() -> None:
    for module, _ in _modules():
        _rank(module)


def test_at_most_a_dozen_modules_at_the_top() -> None:
    assert len(list(PACKAGE.glob("*.py"))) <= 12


def test_imports_point_one_way() -> None:
    for module, imported in _modules():
        for name in imported:
            if name.startswith("prioritizer."):
                target = name.removeprefix("prioritizer.")
                assert _rank(target) <= _rank(module), f"{module} imports {name}"


def test_computation_never_renders_prints_or_reads() -> None:
    for module, imported in _modules():
        if _under(module, COMPUTATION):
            for name in imported:
                assert not _under(name, FORBIDDEN_IN_COMPUTATION), f"{module} imports {name}"


def test_one_adapter_per_library() -> None:
    for module, imported in _modules():
        for library, allowed in ONLY_IMPORTER.items():
            if any(_under(name, (library,)) for name in imported):
                assert _under(module, allowed), f"{module} imports {library}"


def test_no_print_outside_the_cli() -> None:
    for path in PACKAGE.rglob("*.py"):
        if _under(_dotted(path), ("cli",)):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
        ]
        assert not calls, path


def _run_time_imports(tree: ast.Module) -> list[str]:
    """The modules a module imports when it is loaded: its top-level imports (inside `if` and
    `try` too) but not those under `if TYPE_CHECKING:` (annotations only) or in functions;
    `from a import b` counts `a` and `a.b`, which is a module when b is one."""
    found: list[str] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
            elif isinstance(node, ast.Import):
                found.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.append(node.module)
                found.extend(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.If):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                visit(node.orelse)
                visit(node.finalbody)
                for handler in node.handlers:
                    visit(handler.body)

    visit(tree.body)
    return found


def test_no_import_circle_at_run_time() -> None:
    """No module imports, through others, one that imports it back: each could then meet the
    other half-loaded. Within a layer too, where the ranks allow both directions. The package
    a module lies in is loaded first but is no edge here: a package's __init__ handing on its
    modules' names while they import each other is the usual layout, and safe."""
    paths = {_dotted(path): path for path in PACKAGE.rglob("*.py")}
    graph = {
        module: {
            target
            for name in _run_time_imports(ast.parse(path.read_text(encoding="utf-8")))
            if (target := name.removeprefix("prioritizer.")) in paths and target != module
        }
        for module, path in paths.items()
    }
    assert sum(map(len, graph.values())) > 500  # the walk found the package's imports
    done: set[str] = set()

    def circle_from(module: str, trail: list[str]) -> list[str] | None:
        if module in trail:
            return [*trail[trail.index(module) :], module]
        if module in done:
            return None
        for target in sorted(graph[module]):
            found = circle_from(target, [*trail, module])
            if found:
                return found
        done.add(module)
        return None

    circles = [circle for module in sorted(graph) if (circle := circle_from(module, []))]
    assert circles == [], " -> ".join(circles[0])
