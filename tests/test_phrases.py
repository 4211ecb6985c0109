"""Every message phrase in the program has a Spanish translation with the same placeholders."""

from __future__ import annotations

import ast
import pickle
import string
from pathlib import Path

import pytest
import yaml

from prioritizer.errors import InputError, InvalidMatrix
from prioritizer.phrases import STRICT_ENV, MissingTranslation, Phrase, catalogue, phrase, show

PACKAGE = Path(__file__).resolve().parents[1] / "prioritizer"
PHRASE_MAKERS = {"phrase", "Phrase"}


def _sources() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p.name != "phrases.py"]


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _templates() -> dict[str, list[str]]:
    """Every phrase template in the source, with where it is used."""
    found: dict[str, list[str]] = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _called(node) in PHRASE_MAKERS:
                first = node.args[0] if node.args else None
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{where}: phrase() needs a literal template (values go in keywords)"
                )
                found.setdefault(first.value, []).append(where)
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_phrase_has_a_spanish_translation_with_the_same_placeholders() -> None:
    spanish = catalogue("es")
    templates = _templates()
    assert len(templates) > 50
    missing = {t: w for t, w in templates.items() if t not in spanish}
    assert not missing, f"{len(missing)} phrases without Spanish: {list(missing.items())[:5]}"
    for template in templates:
        assert _fields(spanish[template]) == _fields(template), template


def test_no_translation_is_left_without_its_phrase() -> None:
    unused = set(catalogue("es")) - set(_templates())
    assert not unused, sorted(unused)[:10]


def test_validators_raise_phrases() -> None:
    """A pydantic validator's ValueError text becomes the `expected` part of a message."""
    paths = sorted((PACKAGE / "data" / "models").glob("*.py"))
    assert len(paths) > 3, "the models moved: point this test at them"
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _called(node) == "ValueError":
                assert node.args and isinstance(node.args[0], ast.Call), (path, node.lineno)
                assert _called(node.args[0]) in PHRASE_MAKERS, (path, node.lineno)


def test_a_phrase_is_its_english_text_and_renders_in_spanish() -> None:
    expected = phrase("a whole number >= {minimum}", minimum=1)
    assert expected == "a whole number >= 1" and "number" in expected
    assert expected.render("es") == "un número entero >= 1"
    again = pickle.loads(pickle.dumps(expected))
    assert again.render("es") == "un número entero >= 1" and again == expected
    with pytest.raises(AttributeError):
        expected.template = "x"  # type: ignore[misc]


def test_nested_phrases_render_in_the_same_language() -> None:
    error = InputError(
        "projects.csv", row=4, field="cost_pen", expected=phrase("a whole number of soles"), got="x"
    )
    assert error.message() == (
        "projects.csv, line 4: field 'cost_pen' is 'x'; expected a whole number of soles."
    )
    assert error.message("es") == (
        "projects.csv, línea 4: el campo 'cost_pen' vale 'x'; "
        "se esperaba un número entero de soles."
    )
    assert show(error.expected, "es") == "un número entero de soles"


def test_invalid_matrix_names_row_and_column_in_both_languages() -> None:
    error = InvalidMatrix(
        "matrix", expected=phrase("a finite number"), got=float("nan"), row=2, column=0
    )
    assert error.message() == "matrix (row 3, column 1) is nan; expected a finite number."
    assert (
        error.message("es") == "matrix (fila 3, columna 1) vale nan; se esperaba un número finito."
    )


def test_strict_mode_names_a_missing_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(MissingTranslation, match="no es translation"):
        Phrase("a phrase nobody translated").render("es")
    monkeypatch.delenv(STRICT_ENV)
    assert Phrase("a phrase nobody translated").render("es") == "a phrase nobody translated"


class _KeyCounter(yaml.SafeLoader):
    """Safe loader that records every mapping key, so repeated keys can be found."""

    seen: list[object]


def _count_keys(loader: _KeyCounter, node: yaml.MappingNode) -> dict[object, object]:
    loader.seen.extend(loader.construct_object(key) for key, _ in node.value)
    return yaml.SafeLoader.construct_mapping(loader, node)


_KeyCounter.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _count_keys)


@pytest.mark.parametrize(
    "path", sorted((PACKAGE / "locales").rglob("*.yaml")), ids=lambda p: p.name
)
def test_no_locale_file_repeats_a_key(path: Path) -> None:
    """YAML keeps the last of two equal keys silently; a repeated key hides a string."""
    loader = _KeyCounter(path.read_text(encoding="utf-8"))
    loader.seen = []
    try:
        loader.get_single_data()
    finally:
        loader.dispose()
    repeated = sorted({str(k) for k in loader.seen if loader.seen.count(k) > 1})
    assert not repeated, repeated
