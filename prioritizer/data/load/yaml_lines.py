"""YAML read with line numbers: a loader that records the line of every key and item,
refuses duplicate keys, resolves plain scalars as YAML 1.2 does and keeps numbers as written;
syntax errors turned into one message with the line and a fix.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from prioritizer.errors import InputError
from prioritizer.errors.yaml_syntax import yaml_problem
from prioritizer.phrases import phrase


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: object, line: int) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key
        self.line = line


class _Alias(yaml.YAMLError):
    """A YAML alias (`*name`): refused before it is expanded (a "billion laughs" of nested
    aliases takes gigabytes and minutes); a data file has no need of them."""

    def __init__(self, line: int) -> None:
        super().__init__("alias")
        self.line = line


# What a bracket or quote left open is closed with; PyYAML's context for each (where it opened).
_CLOSING = {"{": "}", "[": "]", '"': '"', "'": "'"}
_OPENED_CONTEXTS = (
    "while parsing a flow mapping",
    "while parsing a flow sequence",
    "while scanning a quoted scalar",
    "while scanning a simple key",
)


def _syntax_error(shown: str, error: yaml.YAMLError) -> InputError:
    """A YAML syntax error at the line to fix, with what went wrong there.

    A tab in the indentation is named as such; a `{`, `[` or quote left open is reported where
    it opens (PyYAML's context mark), not lines later where the parser noticed it.
    """
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None)
    opened = getattr(error, "context_mark", None)
    row = None if mark is None else mark.line + 1
    if mark is not None and _tab_at(mark):
        return InputError(
            shown,
            row=row,
            expected=phrase("valid YAML"),
            got=phrase("a tab character"),
            hint=phrase("YAML indents with spaces, not tabs: replace the tab with spaces"),
        )
    got = yaml_problem(problem, None if mark is None else mark.column + 1)
    if opened is None or getattr(error, "context", None) not in _OPENED_CONTEXTS:
        return InputError(shown, row=row, expected=phrase("valid YAML"), got=got)
    opening = _char_at(opened)
    return InputError(
        shown,
        row=opened.line + 1,
        expected=phrase("valid YAML"),
        got=got,
        hint=None
        if opening not in _CLOSING or row is None
        else phrase(
            "close the '{opening}' opened on this line with '{closing}' "
            "(the parser stopped at line {line})",
            opening=opening,
            closing=_CLOSING[opening],
            line=row,
        ),
    )


def _char_at(mark: yaml.Mark) -> str:
    """The character a PyYAML mark points at ("" when the mark keeps no text)."""
    buffer, pointer = getattr(mark, "buffer", None), getattr(mark, "pointer", 0)
    return buffer[pointer] if isinstance(buffer, str) and 0 <= pointer < len(buffer) else ""


def _tab_at(mark: yaml.Mark) -> bool:
    """True when the error is a tab: at the mark, or in the indentation of the mark's line."""
    buffer, pointer = getattr(mark, "buffer", None), getattr(mark, "pointer", 0)
    if not isinstance(buffer, str):
        return False
    line = buffer[buffer.rfind("\n", 0, pointer) + 1 :].split("\n", 1)[0]
    indentation = line[: len(line) - len(line.lstrip(" \t"))]
    return _char_at(mark) == "\t" or "\t" in indentation


class _LineDict(dict[Any, Any]):
    """A YAML mapping that remembers the line of each key."""

    line: int = 0
    lines: dict[Any, int]


class _LineList(list[Any]):
    """A YAML sequence that remembers the line of each item."""

    line: int = 0
    lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records line numbers and refuses duplicate keys and aliases.

    Plain scalars resolve as in YAML 1.2: only true/false are booleans (`yes`, `no`, `on`, `off`
    stay text) and `3:1`, `010`, `0x10`, `0b1` stay text (YAML 1.1 reads them as the base-60
    number 181, the octal 8, 16 and 1), so no value a person typed turns silently into another;
    number fields refuse true/false (`models.common.Number`).
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Refuse an alias where it stands, before any expansion."""
        if self.check_event(yaml.AliasEvent):
            raise _Alias(self.peek_event().start_mark.line + 1)  # type: ignore[no-untyped-call]
        return super().compose_node(parent, index)


class _YamlFloat(float):
    """A YAML float that keeps its source text: `900.000` is shown, and recognised, as written."""

    __slots__ = ("text",)
    text: str

    def __new__(cls, value: float, text: str) -> _YamlFloat:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    def __getnewargs__(self) -> tuple[float, str]:  # type: ignore[override]
        return float(self), self.text


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    result = _LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _LineList:
    result = _LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_float(loader: _LineLoader, node: yaml.ScalarNode) -> _YamlFloat:
    return _YamlFloat(loader.construct_yaml_float(node), str(node.value).strip())


_BOOL, _INT, _FLOAT = (f"tag:yaml.org,2002:{kind}" for kind in ("bool", "int", "float"))
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in (_BOOL, _INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_LineLoader.add_implicit_resolver(
    _INT,
    re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"),  # decimal only: 0x10 and 0b1 stay text
    list("-+0123456789"),
)
_LineLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor(_FLOAT, _construct_float)
