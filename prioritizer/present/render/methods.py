"""The terminal table of `prioritizer methods`: each method, how to ask for it, what checks it."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text

from prioritizer.data.models.methods import MethodReference, MethodReferences
from prioritizer.i18n import t
from prioritizer.present.render.common import new_table
from prioritizer.present.render.layout import whole_words


def examples_cell(reference: MethodReference) -> str:
    """The published examples and, in brackets, the tests that reproduce them (README's cell)."""
    if not reference.examples:
        return "—"
    tests = dict.fromkeys(example.test for example in reference.examples)
    sources = "; ".join(example.source for example in reference.examples)
    return f"{sources} ({', '.join(f'`{test}`' for test in tests)})"


def render_methods(references: MethodReferences, *, lang: str = "en") -> RenderableType:
    """One row per method or option: its name, command, published examples and other checks."""
    table = new_table(t("methods.title", lang))
    for key in ("methods.method", "methods.usage", "methods.published", "methods.otherwise"):
        table.add_column(t(key, lang))
    for reference in references.methods:
        published = examples_cell(reference).replace("`", "")
        if reference.missing is not None:
            published = reference.missing.get(lang)
        table.add_row(
            Text(reference.method.get(lang), style="bold"),
            Text(reference.usage),
            Text(published),
            Text(reference.otherwise.get(lang) if reference.otherwise else ""),
        )
    table.caption = t("methods.caption", lang)
    return whole_words(table)


def methods_payload(references: MethodReferences, lang: str) -> dict[str, Any]:
    """The JSON of `prioritizer methods`: every row with its examples and tests."""
    return {
        "methods": [
            {
                "method": reference.method.get(lang),
                "usage": reference.usage,
                "examples": [
                    {"source": example.source, "test": example.test}
                    for example in reference.examples
                ],
                "missing": reference.missing.get(lang) if reference.missing else None,
                "otherwise": reference.otherwise.get(lang) if reference.otherwise else None,
            }
            for reference in references.methods
        ]
    }
