"""Reads the data set from CSV and YAML files into validated models; the only reader of inputs.

Keeps the line of every record so that any error names file, line, field, bad value and what
was expected. CSV is read with the standard csv module (exact line numbers, no type guessing);
YAML with a loader that records lines and rejects duplicate keys.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from prioritizer.errors import InputError, InvalidMatrix
from prioritizer.models import (
    MAX_PEN,
    SLUG_PATTERN,
    Criterion,
    Dataset,
    Element,
    Gap,
    GapMechanism,
    Mechanism,
    Origin,
    Project,
    RandomIndexTables,
    Region,
    RelevanceScale,
    SaatyScale,
    Severity,
    Stakeholder,
    ValueChain,
    WorkArea,
)
from prioritizer.phrases import Phrase, phrase
from prioritizer.resources import embedded_dir
from prioritizer.results.portfolio import PROJECT_ID, is_project_id

M = TypeVar("M", bound=BaseModel)

LIST_SEPARATOR = ";"


# -- where the data set lives ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DatasetLocation:
    """The two folders a data set is read from, and how to show their paths to the user."""

    criteria: Path
    inputs: Path
    label: str

    def show(self, path: Path) -> str:
        """A path as the user will recognise it in a message."""
        for base, name in ((self.criteria, "criteria"), (self.inputs, "inputs")):
            try:
                relative = path.relative_to(base)
            except ValueError:
                continue
            prefix = name if self.label == "embedded" else str(base)
            return f"{prefix}/{relative.as_posix()}"
        return str(path)


def locate_dataset(inputs: Path | None = None) -> DatasetLocation:
    """Where to read: the embedded data set, a folder made by `init`, or an inputs folder alone.

    A folder with an `inputs/` subfolder is a whole data set (its `criteria/` is used when present,
    else the embedded criteria); a folder with `projects.csv` is the inputs folder itself.
    """
    if inputs is None:
        return DatasetLocation(embedded_dir("criteria"), embedded_dir("inputs"), "embedded")
    if not inputs.exists():
        raise InputError(
            str(inputs),
            expected=phrase("an existing folder with the data set"),
            hint=phrase("`prioritizer init DIR` writes an editable copy of the embedded data"),
        )
    if not inputs.is_dir():
        raise InputError(
            str(inputs),
            expected=phrase("a folder (a data set written by `prioritizer init`)"),
            got=phrase("a file"),
        )
    if (inputs / "inputs").is_dir():
        criteria = inputs / "criteria"
        return DatasetLocation(
            criteria if criteria.is_dir() else embedded_dir("criteria"),
            inputs / "inputs",
            str(inputs),
        )
    if (inputs / "projects.csv").is_file() or (inputs / "gaps.csv").is_file():
        return DatasetLocation(embedded_dir("criteria"), inputs, str(inputs))
    raise InputError(
        str(inputs),
        expected=phrase(
            "a folder with an inputs/ subfolder, or the inputs folder itself "
            "(gaps.csv, projects.csv, regions/)"
        ),
        hint=phrase("`prioritizer init DIR` writes the expected layout"),
    )


# -- low-level readers ---------------------------------------------------------------------------
def _decode(raw: bytes, shown: str) -> str:
    """Text as Spanish-locale tools write it: UTF-8 (with or without BOM), UTF-16 with BOM
    (Excel's "Unicode text"), else Windows-1252 (Excel's plain "CSV" on a Spanish Windows).

    A NUL byte is never text (UTF-16 without its BOM has one in every other byte), and the byte
    reported for other undecodable text is the one where the last reading tried fails.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:  # an odd number of bytes: the file is cut short
            raise _undecodable(raw, error.start, shown) from None
    if b"\x00" in raw:  # UTF-16 without BOM: a NUL in every other byte of Latin text
        utf16 = raw.count(b"\x00") * 4 >= len(raw)
        raise _undecodable(raw, raw.index(b"\x00"), shown, utf16=utf16)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError as error:
            raise _undecodable(raw, error.start, shown) from None


def _undecodable(raw: bytes, start: int, shown: str, *, utf16: bool = False) -> InputError:
    """Byte `start` of `raw` is not text: its line and value, and how to save the file."""
    return InputError(
        shown,
        row=raw[:start].count(b"\n") + 1,
        expected=phrase("text encoded as UTF-8 (or Windows-1252)"),
        got=phrase("byte {byte}", byte=f"0x{raw[start]:02x}"),
        hint=phrase(
            "the file looks like UTF-16 without its byte-order mark: "
            "save it as 'CSV UTF-8' (Excel) or UTF-8 text"
        )
        if utf16
        else phrase("save the file as 'CSV UTF-8' (Excel) or UTF-8 text"),
    )


def _delimiter(text: str) -> str:
    """The separator of a CSV file, from its header line: `,`, `;` (Spanish Excel) or a tab."""
    first = text.split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ","))


# Evidence, in a tab-separated file, of how numbers are written: `16,5`, `0,3333`, `1.250.000`
# (Spanish Excel's "Unicode text") against `16.5`, `0.3333`, `1,250,000` (English Excel's).
_COMMA_DECIMALS = re.compile(r"[+-]?\d+,(\d{1,2}|\d{4,})|[+-]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?")
_POINT_DECIMALS = re.compile(r"[+-]?\d*\.(\d{1,2}|\d{4,})|[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?")


def _decimal_comma(text: str, delimiter: str) -> bool:
    """Whether numbers in the file use `,` as the decimal mark: always with `;` (Spanish
    Excel's CSV), never with `,`; with tabs, when some cell can only be read that way and none
    can only be read the English way (`120,000` alone decides nothing: it stays English)."""
    if delimiter != "\t":
        return delimiter == ";"
    cells = [cell.strip() for line in text.splitlines()[1:] for cell in line.split("\t")]
    comma = any(_COMMA_DECIMALS.fullmatch(cell) for cell in cells)
    point = any(_POINT_DECIMALS.fullmatch(cell) for cell in cells)
    return comma and not point


class _Reader:
    """Reads files once, remembering their sha256 for the run manifest."""

    def __init__(self, location: DatasetLocation, *, own: bool = False) -> None:
        """`own`: the user's own files (--matrix, --projects, …), not a data set's."""
        self.location = location
        self.own = own
        self.checksums: dict[str, str] = {}
        self.decimal_comma: dict[str, bool] = {}

    def text(self, path: Path) -> tuple[str, str]:
        shown = self.location.show(path)
        if path.is_dir():
            raise InputError(shown, expected=phrase("a file"), got=phrase("a folder"))
        if not path.is_file() and self.own:
            raise InputError(shown, expected=phrase("a file"), got=phrase("no such file"))
        if not path.is_file():
            raise InputError(
                shown,
                expected=phrase("this file to exist (it is part of every data set)"),
                hint=phrase("`prioritizer init DIR` writes a complete data set to start from"),
            )
        raw = path.read_bytes()
        self.checksums[shown] = hashlib.sha256(raw).hexdigest()
        if not raw.strip():
            raise InputError(
                shown, expected=phrase("a file with content"), got=phrase("an empty file")
            )
        return shown, _decode(raw, shown)

    def yaml(self, path: Path) -> tuple[str, Any]:
        shown, text = self.text(path)
        try:
            return shown, yaml.load(text, Loader=_LineLoader)
        except _DuplicateKey as error:
            raise InputError(
                shown,
                row=error.line,
                field=str(error.key),
                expected=phrase("each key once in its mapping"),
                got=phrase("a repeated key"),
            ) from None
        except yaml.YAMLError as error:
            raise _syntax_error(shown, error) from None

    def csv(
        self, path: Path, required: Sequence[str], optional: Sequence[str] = ()
    ) -> tuple[str, list[tuple[int, dict[str, str]]]]:
        shown, text = self.text(path)
        delimiter = _delimiter(text)
        self.decimal_comma[shown] = _decimal_comma(text, delimiter)
        (header_line, header_cells), *body = _plain_rows(text, shown, delimiter)
        header = [cell.strip() for cell in header_cells]
        allowed = [*required, *optional]
        for column in header:
            if column not in allowed:
                raise InputError(
                    shown,
                    row=header_line,
                    field=column,
                    expected=phrase("one of the columns {columns}", columns=", ".join(allowed)),
                    got=column,
                )
        for column in required:
            if column not in header:
                raise InputError(
                    shown,
                    row=header_line,
                    field=column,
                    expected=phrase("a column named '{column}'", column=column),
                    got=phrase("no such column"),
                )
        if len(set(header)) != len(header):
            repeated = next(c for c in header if header.count(c) > 1)
            raise InputError(
                shown,
                row=header_line,
                field=repeated,
                expected=phrase("each column once"),
                got=phrase("twice"),
            )
        rows: list[tuple[int, dict[str, str]]] = []
        for start, cells in body:
            if len(cells) != len(header):
                raise InputError(
                    shown,
                    row=start,
                    expected=phrase("{count} values, one per column", count=len(header)),
                    got=phrase("{count} values", count=len(cells)),
                    hint=phrase("a name containing the separator must be in double quotes"),
                )
            rows.append((start, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
        if not rows:
            raise InputError(
                shown,
                expected=phrase("at least one data row under the header"),
                got=phrase("none"),
            )
        return shown, rows


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: object, line: int) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key
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
    got = (
        phrase("unreadable YAML")
        if problem is None
        else phrase("a YAML syntax error ({problem})", problem=problem)
    )
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
    """SafeLoader that records line numbers and refuses duplicate keys.

    Plain scalars resolve as in YAML 1.2: only true/false are booleans (`yes`, `no`, `on`, `off`
    stay text) and `3:1`, `010` stay text (YAML 1.1 reads them as the base-60 number 181 and
    the octal 8), so no value a person typed turns silently into another.
    """


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
    re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*)|[-+]?0b[0-1_]+|[-+]?0x[0-9a-fA-F_]+)$"),
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


def _line_of(raw: Any, loc: Sequence[int | str]) -> int | None:
    line = getattr(raw, "line", None)
    node = raw
    for part in loc:
        if isinstance(node, _LineList) and isinstance(part, int) and 0 <= part < len(node):
            line, node = node.lines[part], node[part]
            continue
        if not isinstance(node, _LineDict) or part not in node:
            break
        line, node = node.lines[part], node[part]
    return line


# -- building models with good messages ------------------------------------------------------------
# pydantic's complaints by error type, in pydantic's own words without "Input should be ".
_PYDANTIC_WORDS: dict[str, Phrase] = {
    "bool_parsing": phrase("a valid boolean, unable to interpret input"),
    "bool_type": phrase("a valid boolean"),
    "dict_type": phrase("a valid dictionary"),
    "finite_number": phrase("a finite number"),
    "float_parsing": phrase("a valid number, unable to parse string as a number"),
    "float_type": phrase("a valid number"),
    "int_from_float": phrase("a whole number, not one with a fractional part"),
    "int_parsing": phrase("a whole number written in digits (e.g. 1000000, not 1e6)"),
    "int_parsing_size": phrase("a whole number of at most 4300 digits"),
    "int_type": phrase("a whole number"),
    "invalid_key": phrase("Keys should be strings"),
    "string_type": phrase("a valid string"),
    "tuple_type": phrase("a valid tuple"),
}


def _pydantic_expected(error: ErrorDetails) -> Phrase:
    """What a pydantic error asks for, as a phrase: by error type and its context values.

    A model validator raises `ValueError(phrase(...))`, and that phrase is the answer; a type not
    mapped here keeps pydantic's English words (shown untranslated).
    """
    kind = error["type"]
    ctx = error.get("ctx", {})
    match kind:
        case "greater_than":
            return phrase("greater than {gt}", gt=_bound(ctx["gt"]))
        case "greater_than_equal":
            return phrase("greater than or equal to {ge}", ge=_bound(ctx["ge"]))
        case "less_than_equal":
            return phrase("less than or equal to {le}", le=_bound(ctx["le"]))
        case "string_pattern_mismatch" if ctx["pattern"] == SLUG_PATTERN:
            return phrase("an id of lower-case letters, digits and hyphens (e.g. puno-coffee)")
        case "string_pattern_mismatch":
            return phrase("String should match pattern '{pattern}'", pattern=ctx["pattern"])
        case "string_too_short" if ctx["min_length"] == 1:
            return phrase("String should have at least {min_length} character", min_length=1)
        case "string_too_short":
            return phrase(
                "String should have at least {min_length} characters", min_length=ctx["min_length"]
            )
        case "string_too_long" if ctx["max_length"] == 1:
            return phrase("String should have at most {max_length} character", max_length=1)
        case "string_too_long":
            return phrase(
                "String should have at most {max_length} characters", max_length=ctx["max_length"]
            )
        case "too_short" if ctx.get("field_type") == "Tuple":
            if ctx["min_length"] == 1:
                return phrase(
                    "Tuple should have at least {min_length} item after validation, "
                    "not {actual_length}",
                    min_length=1,
                    actual_length=ctx["actual_length"],
                )
            return phrase(
                "Tuple should have at least {min_length} items after validation, "
                "not {actual_length}",
                min_length=ctx["min_length"],
                actual_length=ctx["actual_length"],
            )
        case "too_long" if ctx.get("field_type") == "Tuple":
            if ctx["max_length"] == 1:
                return phrase(
                    "Tuple should have at most {max_length} item after validation, "
                    "not {actual_length}",
                    max_length=1,
                    actual_length=ctx["actual_length"],
                )
            return phrase(
                "Tuple should have at most {max_length} items after validation, "
                "not {actual_length}",
                max_length=ctx["max_length"],
                actual_length=ctx["actual_length"],
            )
        case "literal_error" if " or " in ctx["expected"]:
            options, _, last = ctx["expected"].rpartition(" or ")
            return phrase("{options} or {last}", options=options, last=last)
        case "model_type":
            return phrase(
                "a valid dictionary or instance of {class_name}", class_name=ctx["class_name"]
            )
        case "value_error":
            reason = ctx.get("error")
            said = reason.args[0] if isinstance(reason, ValueError) and reason.args else None
            if isinstance(said, Phrase):
                return said
    words = _PYDANTIC_WORDS.get(kind)
    if words is not None:
        return words
    return phrase("{detail}", detail=_plain_words(error["msg"]))


def _bound(value: object) -> object:
    """A constraint's number as pydantic writes it: `0`, not `0.0`."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _plain_words(message: str) -> str:
    for prefix in ("Input should be ", "Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return message.rstrip(".")


# Words YAML 1.1 reads as true/false; our loader keeps them as text, so a number field says so.
_YES_NO = frozenset({"yes", "no", "on", "off", "y", "n"})


def _invalid(
    error: ValidationError,
    model: type[BaseModel],
    *,
    file: str,
    line: int | None,
    field_name: Callable[[tuple[int | str, ...]], str] | None,
    raw: Any,
) -> InputError:
    """pydantic's first complaint as one message: file, line, field, bad value, expectation.

    An unknown key is reported before anything else: a misspelt key (`budjet`) also leaves its
    right name missing, and the misspelling is what the user must fix.
    """
    errors = error.errors()
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = tuple(part for part in first["loc"] if part != "origin")
    kind = first["type"]
    row = line
    if raw is not None:
        row = _line_of(raw, loc) or line
    name = field_name(loc) if field_name else ".".join(str(part) for part in loc)
    if kind == "missing":
        return InputError(
            file,
            row=row,
            field=name or None,
            expected=phrase("a value for this field"),
            got=phrase("nothing"),
        )
    if kind == "extra_forbidden":
        expected = phrase("a known field name")
        if len(loc) == 1:
            allowed = ", ".join(n for n in model.model_fields if n != "origin")
            expected = phrase("one of the known fields ({fields})", fields=allowed)
        return InputError(
            file,
            row=row,
            field=name,
            expected=expected,
            hint=phrase("check the spelling of the key"),
        )
    got = first.get("input") if kind != "model_type" else None
    if isinstance(got, Mapping):
        got = None
    hint = None
    if kind in ("int_parsing", "float_parsing") and str(got).strip().lower() in _YES_NO:
        hint = phrase("write a number (such as 1 or 0), not '{word}'", word=str(got).strip())
    return InputError(
        file, row=row, field=name or None, expected=_pydantic_expected(first), got=got, hint=hint
    )


def _build(
    model: type[M],
    data: Mapping[str, Any],
    *,
    file: str,
    line: int | None,
    field_name: Callable[[tuple[int | str, ...]], str] | None = None,
    raw: Any = None,
) -> M:
    fields = tuple(_nested_fields(raw)) if isinstance(raw, _LineDict) else ()
    try:
        origin = Origin(file=file, line=line, fields=fields)
        return model.model_validate({**data, "origin": origin})
    except ValidationError as error:
        raise _invalid(error, model, file=file, line=line, field_name=field_name, raw=raw) from None


def _nested_fields(mapping: _LineDict, prefix: str = "") -> Iterator[tuple[str, int, str]]:
    """(dotted key, line, text) of the mappings in `mapping` and of the values nested in them
    (text "" for a mapping: its line only)."""
    for key, value in mapping.items():
        name = f"{prefix}{key}"
        if isinstance(value, _LineDict):
            yield name, mapping.lines[key], ""
            yield from _nested_fields(value, f"{name}.")
        elif prefix and not isinstance(value, list | dict):
            yield name, mapping.lines[key], str(value)


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]


def _shares(cell: str, file: str, line: int) -> dict[str, str]:
    shares: dict[str, str] = {}
    for item in _split(cell):
        region, sep, share = item.partition(":")
        if not sep or not region.strip() or not share.strip():
            raise InputError(
                file,
                row=line,
                field="cost_shares",
                expected=phrase("region:percent pairs separated by ';' (cusco:40;puno:60)"),
                got=cell,
            )
        shares[region.strip()] = share.strip()
    return shares


def _csv_field(columns: Mapping[str, str]) -> Callable[[tuple[int | str, ...]], str]:
    """Maps a model's error location back to the CSV column the user wrote."""

    def name(loc: tuple[int | str, ...]) -> str:
        if not loc:
            return ""
        head = str(loc[0])
        if head == "name" and len(loc) > 1:
            return f"name_{loc[1]}"
        return columns.get(head, head)

    return name


# -- the data set ----------------------------------------------------------------------------------
def load_dataset(inputs: Path | None = None) -> Dataset:
    """Reads and validates a whole data set (default: the embedded Cusco/Puno data)."""
    location = locate_dataset(inputs)
    reader = _Reader(location)
    criteria_dir, inputs_dir = location.criteria, location.inputs
    files = {
        "elements": location.show(criteria_dir / "elements.yaml"),
        "criteria": location.show(criteria_dir / "criteria.yaml"),
        "work_areas": location.show(inputs_dir / "work_areas.yaml"),
        "gaps": location.show(inputs_dir / "gaps.csv"),
        "mechanisms": location.show(inputs_dir / "mechanisms.csv"),
        "gap_mechanisms": location.show(inputs_dir / "gap_mechanisms.csv"),
        "value_chains": location.show(inputs_dir / "value_chains.yaml"),
        "regions": location.show(inputs_dir / "regions"),
        "stakeholders": location.show(inputs_dir / "regions"),
        "projects": location.show(inputs_dir / "projects.csv"),
    }
    elements = _yaml_list(reader, criteria_dir / "elements.yaml", "elements", Element)
    criteria = _yaml_list(reader, criteria_dir / "criteria.yaml", "criteria", Criterion)
    scale = _yaml_object(reader, criteria_dir / "relevance_scale.yaml", RelevanceScale)
    saaty = _yaml_object(reader, criteria_dir / "saaty_scale.yaml", SaatyScale)
    random_index = _yaml_plain(reader, criteria_dir / "random_index.yaml", RandomIndexTables)
    work_areas = _yaml_list(reader, inputs_dir / "work_areas.yaml", "work_areas", WorkArea)
    element_ids = [element.id for element in elements]
    levels = _level_aliases(scale)
    gaps = _read_gaps(reader, inputs_dir / "gaps.csv", element_ids, levels)
    mechanisms = _read_mechanisms(reader, inputs_dir / "mechanisms.csv")
    links = _read_links(reader, inputs_dir / "gap_mechanisms.csv")
    chains = _yaml_list(reader, inputs_dir / "value_chains.yaml", "value_chains", ValueChain)
    regions, stakeholders = _read_regions(reader, inputs_dir / "regions", levels)
    projects = _read_projects(reader, inputs_dir / "projects.csv")
    return Dataset(
        location=location.label,
        files=files,
        checksums=dict(sorted(reader.checksums.items())),
        elements=tuple(elements),
        criteria=tuple(criteria),
        relevance_scale=scale,
        saaty_scale=saaty,
        random_index=random_index,
        work_areas=tuple(work_areas),
        gaps=tuple(gaps),
        mechanisms=tuple(mechanisms),
        gap_mechanisms=tuple(links),
        value_chains=tuple(chains),
        regions=tuple(regions),
        stakeholders=tuple(stakeholders),
        projects=tuple(projects),
    )


def _kind(value: Any) -> Phrase:
    """What a YAML value is, in the user's words (for "found a list; expected a mapping")."""
    if value is None:
        return phrase("nothing")
    if isinstance(value, bool):
        return phrase("a true/false value")
    if isinstance(value, int | float):
        return phrase("a number")
    if isinstance(value, str):
        return phrase("a text")
    if isinstance(value, list):
        return phrase("a list") if value else phrase("an empty list")
    if isinstance(value, dict):
        return phrase("a mapping")
    return phrase("a value of type {kind}", kind=type(value).__name__)


def _mapping(raw: Any, file: str, what: Phrase) -> _LineDict:
    if not isinstance(raw, _LineDict):
        raise InputError(file, row=getattr(raw, "line", 1), expected=what, got=_kind(raw))
    return raw


def _yaml_list(reader: _Reader, path: Path, key: str, model: type[M]) -> list[M]:
    shown, raw = reader.yaml(path)
    top = _mapping(raw, shown, phrase("a mapping with the key '{key}'", key=key))
    extra = [k for k in top if k != key]
    if extra:
        raise InputError(
            shown,
            row=top.lines[extra[0]],
            field=str(extra[0]),
            expected=phrase("only the key '{key}'", key=key),
            got=phrase("an unknown key"),
        )
    return [
        _build(model, item, file=shown, line=line, raw=item)
        for line, item in _entries(top, key, shown)
    ]


def _entries(top: _LineDict, key: str, shown: str) -> list[tuple[int, _LineDict]]:
    """The mappings listed under `key`, each with its line; a clear error for anything else."""
    items = top.get(key)
    if not isinstance(items, _LineList) or not items:
        raise InputError(
            shown,
            row=top.lines.get(key, top.line),
            field=key,
            expected=phrase("a non-empty list of entries"),
            got=_kind(items),
        )
    for index, item in enumerate(items):
        if not isinstance(item, _LineDict):
            raise InputError(
                shown,
                row=items.lines[index],
                field=key,
                expected=phrase("each entry to be a mapping (id: ..., name: ...)"),
                got=item,
            )
    return list(zip(items.lines, items, strict=True))


def _yaml_object(reader: _Reader, path: Path, model: type[M]) -> M:
    shown, raw = reader.yaml(path)
    top = _mapping(raw, shown, phrase("a mapping"))
    return _build(model, top, file=shown, line=top.line, raw=top)


def _yaml_plain(reader: _Reader, path: Path, model: type[M]) -> M:
    shown, raw = reader.yaml(path)
    top = _mapping(raw, shown, phrase("a mapping"))
    try:
        return model.model_validate(top)
    except ValidationError as error:
        raise _invalid(error, model, file=shown, line=top.line, field_name=None, raw=top) from None


def _level_aliases(scale: RelevanceScale) -> dict[str, str]:
    """Level ids by every way of writing them: `HIGH`, `high`, `Alta`, `muy alta`, `VERY_HIGH`."""
    aliases: dict[str, str] = {}
    for level in scale.levels:
        for text in (level.id, level.name.en, level.name.es):
            aliases[" ".join(text.replace("_", " ").split()).upper()] = level.id
    return aliases


def _level(text: str, aliases: Mapping[str, str]) -> str:
    return aliases.get(" ".join(text.replace("_", " ").split()).upper(), text)


def _read_gaps(
    reader: _Reader, path: Path, element_ids: Sequence[str], levels: Mapping[str, str]
) -> list[Gap]:
    shown, rows = reader.csv(
        path, ["id", "name_en", "name_es", *element_ids, "table_wording", "source"]
    )
    field = _csv_field({})
    return [
        _build(
            Gap,
            {
                "id": row["id"],
                "name": {"en": row["name_en"], "es": row["name_es"]},
                "relevance": {element: _level(row[element], levels) for element in element_ids},
                "table_wording": row["table_wording"],
                "source": row["source"],
            },
            file=shown,
            line=line,
            field_name=lambda loc: (
                str(loc[1]) if loc and loc[0] == "relevance" and len(loc) > 1 else field(loc)
            ),
        )
        for line, row in rows
    ]


def _read_mechanisms(reader: _Reader, path: Path) -> list[Mechanism]:
    shown, rows = reader.csv(path, ["id", "name_en", "name_es", "work_area", "source"])
    return [
        _build(
            Mechanism,
            {
                "id": row["id"],
                "name": {"en": row["name_en"], "es": row["name_es"]},
                "work_area": row["work_area"],
                "source": row["source"],
            },
            file=shown,
            line=line,
            field_name=_csv_field({}),
        )
        for line, row in rows
    ]


def _read_links(reader: _Reader, path: Path) -> list[GapMechanism]:
    shown, rows = reader.csv(path, ["gap", "mechanism", "table_wording", "source"])
    return [
        _build(GapMechanism, row, file=shown, line=line, field_name=_csv_field({}))
        for line, row in rows
    ]


def _read_regions(
    reader: _Reader, folder: Path, levels: Mapping[str, str]
) -> tuple[list[Region], list[Stakeholder]]:
    shown_folder = reader.location.show(folder)
    if not folder.is_dir():
        raise InputError(
            shown_folder,
            expected=phrase("a folder with one subfolder per region"),
            got=phrase("no such folder"),
        )
    region_dirs = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not region_dirs:
        raise InputError(
            shown_folder,
            expected=phrase("at least one region subfolder (cusco/, puno/)"),
            got=phrase("none"),
        )
    regions: list[Region] = []
    stakeholders: list[Stakeholder] = []
    for region_dir in region_dirs:
        shown, raw = reader.yaml(region_dir / "region.yaml")
        top = _mapping(raw, shown, phrase("a mapping with id, name, facts, budget, rules"))
        if top.get("id") != region_dir.name:
            raise InputError(
                shown,
                row=top.lines.get("id", top.line),
                field="id",
                expected=phrase("the folder's name ({name})", name=region_dir.name),
                got=top.get("id"),
            )
        severities = _read_severities(reader, region_dir / "severities.csv", levels)
        rules = top.get("rules")
        rules_data = rules if isinstance(rules, Mapping) else {"source": "default"}
        region_data = {
            **top,
            "rules": {**rules_data, "origin": Origin(file=shown, line=top.lines.get("rules"))},
            "severities": severities,
            "source": top.get("source", "report §5 (regional context)"),
        }
        budget = top.get("budget")
        if isinstance(budget, _LineDict):
            _refuse_dot_thousands(budget.get("budget_pen"), shown, budget.lines.get("budget_pen"))
            region_data["budget"] = {
                **budget,
                "origin": Origin(file=shown, line=top.lines.get("budget")),
            }
        regions.append(_build(Region, region_data, file=shown, line=top.line, raw=top))
        stakeholders.extend(
            _read_stakeholders(reader, region_dir / "stakeholders.yaml", region_dir.name)
        )
    return regions, stakeholders


def _refuse_dot_thousands(amount: Any, file: str, line: int | None) -> None:
    """A budget written `900.000`: YAML reads the number 900.0, but it was most likely typed as
    900 000 with a dot grouping thousands, so it is refused rather than read as 900 soles."""
    if isinstance(amount, _YamlFloat) and _DOT_THOUSANDS.fullmatch(amount.text):
        raise InputError(
            file,
            row=line,
            field="budget.budget_pen",
            expected=phrase("a whole number of soles"),
            got=amount,
            hint=phrase(
                "write {amount} for {amount} soles: YAML reads {text} as {number}",
                amount=int(amount.text.replace(".", "")),
                text=amount.text,
                number=f"{float(amount):g}",
            ),
        )


def _read_severities(reader: _Reader, path: Path, levels: Mapping[str, str]) -> list[Severity]:
    shown, rows = reader.csv(path, ["gap", "level", "source"], ["quote"])
    return [
        _build(
            Severity,
            {**row, "level": _level(row["level"], levels), "quote": row.get("quote") or None},
            file=shown,
            line=line,
            field_name=_csv_field({}),
        )
        for line, row in rows
    ]


def _read_stakeholders(reader: _Reader, path: Path, region_id: str) -> list[Stakeholder]:
    shown, raw = reader.yaml(path)
    top = _mapping(raw, shown, phrase("a mapping with 'region' and 'stakeholders'"))
    for key in top:
        if key not in ("region", "stakeholders"):
            raise InputError(
                shown,
                row=top.lines[key],
                field=str(key),
                expected=phrase("only the keys 'region' and 'stakeholders'"),
                got=phrase("an unknown key"),
            )
    if top.get("region", region_id) != region_id:
        raise InputError(
            shown,
            row=top.lines.get("region"),
            field="region",
            expected=phrase("the folder's region ({region})", region=region_id),
            got=top.get("region"),
        )
    built = []
    for line, item in _entries(top, "stakeholders", shown):
        data = {**item, "region": region_id}
        for key in ("judgments", "points"):
            if key in item:
                data[key] = _numbers(
                    item[key], shown, item.lines[key], key, judgments=key == "judgments"
                )
        built.append(_build(Stakeholder, data, file=shown, line=line, raw=item))
    return built


# `3:1`, a ratio written as in conversation; a judgment is the one number 3 (`1:3` is 1/3).
_RATIO = re.compile(r"\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*")


def _numbers(value: Any, file: str, line: int, field: str, *, judgments: bool) -> Any:
    """Turns judgment or point cells such as `1/3` into numbers, keeping the structure for
    validation. A judgment is a positive number or fraction; points need only be >= 0."""
    if isinstance(value, _LineDict):
        out = _LineDict()
        out.line, out.lines = value.line, value.lines
        for key, item in value.items():
            out[key] = _numbers(item, file, value.lines[key], f"{field}.{key}", judgments=judgments)
        return out
    expected = (
        phrase("a positive number or fraction like 1/3")
        if judgments
        else phrase("a finite number >= 0")
    )
    ratio = _RATIO.fullmatch(value) if judgments and isinstance(value, str) else None
    if ratio is not None:
        above, below = ratio.groups()
        raise InputError(
            file,
            row=line,
            field=field,
            expected=expected,
            got=value,
            hint=phrase(
                "write the ratio {ratio} as {fraction}: a judgment is one number "
                "on Saaty's scale, from 1/9 to 9",
                ratio=value.strip(),
                fraction=above if below == "1" else f"{above}/{below}",
            ),
        )
    if isinstance(value, str):
        return parse_number(value, file=file, line=line, field=field, expected=expected)
    if isinstance(value, bool):
        raise InputError(file, row=line, field=field, expected=expected, got=value)
    return value


def whole_soles(
    text: str, *, file: str, line: int | None, field: str, decimal_comma: bool = False
) -> int:
    """An amount in soles as people type it: `120000`, `S/ 120,000`, `120.000` (with `;` files,
    where `.` groups thousands and `,` is the decimal mark); it must be whole soles.

    Elsewhere `150.000` is refused: it reads as 150 soles, but was most likely typed as 150 000.
    """
    cleaned = text.strip().removeprefix("S/.").removeprefix("S/").replace("\u00a0", "")
    cleaned = cleaned.replace(" ", "").replace("_", "")
    if decimal_comma:
        cleaned = _decimal_point(cleaned)
    elif _DOT_THOUSANDS.fullmatch(cleaned):
        raise InputError(
            file,
            row=line,
            field=field,
            got=text,
            expected=phrase("a whole number of soles (e.g. 120000 or 120,000)"),
            hint=phrase(
                "a dot before three digits may be a decimal point or group thousands: "
                "write {amount} if that is the amount",
                amount=int(cleaned.replace(".", "")),
            ),
        )
    else:
        cleaned = cleaned.replace(",", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise InputError(
            file,
            row=line,
            field=field,
            got=text,
            expected=phrase("a whole number of soles (e.g. 120.000)")
            if decimal_comma
            else phrase("a whole number of soles (e.g. 120000 or 120,000)"),
        )
    if abs(amount) > MAX_PEN:
        raise InputError(
            file,
            row=line,
            field=field,
            got=text,
            expected=phrase("an amount of at most 1,000,000,000,000 soles"),
        )
    return int(amount)


def parse_number(
    text: str,
    *,
    file: str,
    line: int | None,
    field: str,
    decimal_comma: bool = False,
    expected: Phrase | None = None,
) -> float:
    """A number or a fraction written as `a/b` (Saaty judgments such as `1/3`).

    `expected` says what the cell may hold when it is not a number (by default a judgment's).
    """
    cleaned = text.strip()
    try:
        if "/" in cleaned:
            numerator, denominator = cleaned.split("/", 1)
            value = _float(numerator, decimal_comma) / _float(denominator, decimal_comma)
        else:
            value = _float(cleaned, decimal_comma)
    except (ValueError, ZeroDivisionError):
        raise InputError(
            file,
            row=line,
            field=field,
            expected=expected or phrase("a positive number or a fraction like 1/3"),
            got=text,
        ) from None
    if math.isfinite(value) and value != 0 and not SMALLEST <= abs(value) <= LARGEST:
        # Squares and sums of such numbers overflow or vanish in floating point (TOPSIS norms).
        raise InputError(
            file,
            row=line,
            field=field,
            expected=phrase("0 or a number between 1e-9 and 1e12 in size"),
            got=text,
        )
    return value


SMALLEST, LARGEST = 1e-9, 1e12
"""The range of sizes a number in a file may have (besides 0): wider than any score, weight,
judgment or value a planner writes, narrow enough that squares and sums stay exact enough."""


# `1.250.000`: dots grouping thousands (`0.250` is not such a number).
_DOT_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+")
# `0.25`, `1.5`, `0.2500`: one dot, not before exactly three digits, so not grouping thousands.
_DOT_DECIMALS = re.compile(r"[+-]?\d*\.(\d{1,2}|\d{4,})")


def _decimal_point(text: str) -> str:
    """A number from a `;` file (Spanish Excel: `1.250,5`) with `.` as its decimal point.

    There `,` is the decimal mark and `.` groups thousands, except that a lone `.` which is not
    followed by exactly three digits (`0.25`) can only be a decimal point.
    """
    if "," not in text and _DOT_DECIMALS.fullmatch(text.strip()):
        return text
    return text.replace(".", "").replace(",", ".")


def _float(text: str, decimal_comma: bool) -> float:
    return float(_decimal_point(text) if decimal_comma else text)


def _read_projects(reader: _Reader, path: Path) -> list[Project]:
    columns = [
        "id",
        "name_en",
        "name_es",
        "value_chain",
        "regions",
        "cost_pen",
        "mechanisms",
        "gaps",
        "phase",
        "source",
    ]
    optional = ["cost_shares", "requires", "excludes", "mandatory"]
    shown, rows = reader.csv(path, columns, optional)
    projects = []
    for line, row in rows:
        data: dict[str, Any] = {
            "id": row["id"],
            "name": {"en": row["name_en"], "es": row["name_es"]},
            "value_chain": row["value_chain"],
            "regions": _split(row["regions"]),
            "cost_pen": whole_soles(
                row["cost_pen"],
                file=shown,
                line=line,
                field="cost_pen",
                decimal_comma=reader.decimal_comma.get(shown, False),
            ),
            "cost_shares": _shares(row.get("cost_shares", ""), shown, line),
            "mechanisms": _split(row["mechanisms"]),
            "gaps": _split(row["gaps"]),
            "phase": row["phase"],
            "requires": _split(row.get("requires", "")),
            "excludes": _split(row.get("excludes", "")),
            "mandatory": row.get("mandatory") or "false",
            "source": row["source"],
        }
        projects.append(_build(Project, data, file=shown, line=line, field_name=_csv_field({})))
    return projects


def load_random_index(criteria: Path | None = None) -> RandomIndexTables:
    """The random-index tables alone (for `weights ahp` on a matrix outside any data set)."""
    folder = criteria or embedded_dir("criteria")
    reader = _Reader(
        DatasetLocation(folder, folder, "embedded" if criteria is None else str(folder))
    )
    return _yaml_plain(reader, folder / "random_index.yaml", RandomIndexTables)


# -- a user's own matrices -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PairwiseFile:
    """A pairwise comparison matrix read from CSV: criterion ids and the numbers, row by row."""

    file: str
    ids: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]

    def locate(self, error: InvalidMatrix) -> InputError:
        """The kernel's complaint about the matrix, pointed at this file's line and column."""
        return _locate(error, self.file, self.ids)


def _locate(error: InvalidMatrix, file: str, columns: Sequence[str]) -> InputError:
    """A kernel's complaint about row r, column c of a CSV matrix: line r + 2, that column."""
    field = columns[error.column] if error.column is not None else error.field
    line = None if error.row is None else error.row + 2
    return InputError(file, row=line, field=field, expected=error.expected, got=error.got)


def load_pairwise_csv(path: Path) -> PairwiseFile:
    """A square matrix with criterion ids in the header row and, in the same order, the first
    column; cells are positive numbers or fractions like `1/3`."""
    location = DatasetLocation(path.parent, path.parent, str(path.parent))
    reader = _Reader(location, own=True)
    shown = str(path)
    _, text = reader.text(path)
    delimiter = _delimiter(text)
    comma = _decimal_comma(text, delimiter)
    rows = _plain_rows(text, shown, delimiter)
    header, body = rows[0][1], rows[1:]
    ids = tuple(cell.strip() for cell in header[1:])
    if not ids:
        raise InputError(
            shown,
            row=1,
            expected=phrase("a header row with the criterion ids after the first cell"),
            got=phrase("no ids"),
        )
    if len(set(ids)) != len(ids):
        raise InputError(
            shown,
            row=1,
            expected=phrase("each criterion id once in the header"),
            got=next(i for i in ids if ids.count(i) > 1),
        )
    if len(body) != len(ids):
        raise InputError(
            shown,
            expected=phrase("a square matrix: {count} rows for {count} columns", count=len(ids)),
            got=phrase("{count} rows", count=len(body)),
        )
    matrix = []
    for (line, cells), expected_id in zip(body, ids, strict=True):
        if cells[0].strip() != expected_id:
            raise InputError(
                shown,
                row=line,
                field=phrase("first column"),
                expected=phrase("the id {id!r} (rows in the header's order)", id=expected_id),
                got=cells[0].strip(),
            )
        if len(cells) != len(ids) + 1:
            raise InputError(
                shown,
                row=line,
                expected=phrase(
                    "{cells} cells (an id and {count} numbers)", cells=len(ids) + 1, count=len(ids)
                ),
                got=phrase("{count} cells", count=len(cells)),
            )
        matrix.append(
            tuple(
                parse_number(cell, file=shown, line=line, field=column, decimal_comma=comma)
                for cell, column in zip(cells[1:], ids, strict=True)
            )
        )
    return PairwiseFile(shown, ids, tuple(matrix))


@dataclass(frozen=True, slots=True)
class DecisionFile:
    """A user's decision matrix (alternatives x criteria) with the criteria's types and weights."""

    file: str
    ids: tuple[str, ...]
    criteria: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...]
    types: tuple[int, ...]
    weights: tuple[float, ...]

    def locate(self, error: InvalidMatrix) -> InputError:
        """The kernel's complaint about the matrix, pointed at this file's line and criterion."""
        return _locate(error, self.file, self.criteria)


def load_decision_csv(matrix_path: Path, criteria_path: Path) -> DecisionFile:
    """M.csv: `id` then one column per criterion; C.csv: `id`, `type` (benefit|cost), `weight`."""
    reader = _Reader(DatasetLocation(criteria_path.parent, matrix_path.parent, "user"), own=True)
    shown_c, rows = reader.csv(criteria_path, ["id", "type", "weight"], ["name", "unit"])
    comma = reader.decimal_comma[shown_c]
    criteria: list[str] = []
    types: list[int] = []
    weights: list[float] = []
    for line, row in rows:
        criterion = row["id"]
        if not criterion or criterion in criteria:
            raise InputError(
                shown_c,
                row=line,
                field="id",
                expected=phrase("a unique criterion id"),
                got=criterion or phrase("nothing"),
            )
        kind = row["type"].lower()
        if kind not in ("benefit", "cost"):
            raise InputError(
                shown_c,
                row=line,
                field="type",
                expected=phrase("benefit or cost"),
                got=row["type"],
            )
        if not row["weight"]:
            raise InputError(
                shown_c,
                row=line,
                field="weight",
                expected=phrase("a weight (a number >= 0)"),
                got=phrase("nothing"),
            )
        if row["weight"].endswith("%"):
            raise InputError(
                shown_c,
                row=line,
                field="weight",
                expected=phrase("a weight (a number >= 0)"),
                got=row["weight"],
                hint=phrase(
                    "write {number} without the % sign: weights are rescaled to sum to 1",
                    number=row["weight"].removesuffix("%").strip(),
                ),
            )
        weight = parse_number(
            row["weight"],
            file=shown_c,
            line=line,
            field="weight",
            decimal_comma=comma,
            expected=phrase("a weight (a number >= 0)"),
        )
        if not 0 <= weight < float("inf"):
            raise InputError(
                shown_c,
                row=line,
                field="weight",
                expected=phrase("a finite number >= 0"),
                got=row["weight"],
            )
        criteria.append(criterion)
        types.append(1 if kind == "benefit" else -1)
        weights.append(weight)
    if sum(weights) <= 0:
        raise InputError(
            shown_c,
            field="weight",
            expected=phrase("at least one positive weight"),
            got=phrase("all zero"),
        )
    shown_m, rows = reader.csv(matrix_path, ["id", *criteria], ["name"])
    comma = reader.decimal_comma[shown_m]
    ids: list[str] = []
    matrix: list[tuple[float, ...]] = []
    for line, row in rows:
        alternative = row["id"]
        if not alternative or alternative in ids:
            raise InputError(
                shown_m,
                row=line,
                field="id",
                expected=phrase("a unique id per alternative"),
                got=alternative or phrase("nothing"),
            )
        values = []
        for criterion in criteria:
            value = parse_number(
                row[criterion],
                file=shown_m,
                line=line,
                field=criterion,
                decimal_comma=comma,
                expected=phrase("a finite number"),
            )
            if not -float("inf") < value < float("inf"):
                raise InputError(
                    shown_m,
                    row=line,
                    field=criterion,
                    expected=phrase("a finite number"),
                    got=row[criterion],
                )
            values.append(value)
        ids.append(alternative)
        matrix.append(tuple(values))
    return DecisionFile(
        shown_m, tuple(ids), tuple(criteria), tuple(matrix), tuple(types), tuple(weights)
    )


def _plain_rows(text: str, shown: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows of a CSV text with the line each starts on; the first is the header."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if any(cell.strip() for cell in cells):
                rows.append((start, cells))
    except csv.Error as error:
        raise InputError(
            shown,
            row=reader.line_num,
            expected=phrase("well-formed CSV"),
            got=phrase("{detail}", detail=str(error)),
        ) from None
    if not rows:
        raise InputError(shown, expected=phrase("a header row"), got=phrase("nothing"))
    return rows


@dataclass(frozen=True, slots=True)
class CandidateFile:
    """A user's own candidate projects: id, cost, value and optional rules, as read from CSV."""

    file: str
    ids: tuple[str, ...]
    names: tuple[str, ...]
    costs_pen: tuple[int, ...]
    values: tuple[float, ...]
    groups: tuple[str | None, ...]
    requires: tuple[tuple[str, str], ...]
    excludes: tuple[tuple[str, str], ...]
    mandatory: tuple[str, ...]


_TRUE = {"true", "yes", "1", "si", "sí", "x", "verdadero"}
_FALSE = {"false", "no", "0", "", "falso"}


def load_candidates_csv(path: Path) -> CandidateFile:
    """P.csv: `id`, `cost`, `value`, optional `name`, `requires` and `excludes` (ids separated by
    `;`), `group`, `mandatory` (true/false)."""
    reader = _Reader(DatasetLocation(path.parent, path.parent, str(path.parent)), own=True)
    shown = str(path)
    _, rows = reader.csv(
        path, ["id", "cost", "value"], ["name", "requires", "excludes", "group", "mandatory"]
    )
    decimal_comma = any(reader.decimal_comma.values())
    ids: list[str] = []
    names: list[str] = []
    costs: list[int] = []
    values: list[float] = []
    groups: list[str | None] = []
    requires: list[tuple[str, str]] = []
    excludes: list[tuple[str, str]] = []
    mandatory: list[str] = []
    for line, row in rows:
        project = row["id"]
        if not project:
            raise InputError(
                shown, row=line, field="id", expected=phrase("a project id"), got=phrase("nothing")
            )
        if project in ids:
            raise InputError(
                shown, row=line, field="id", expected=phrase("each id once"), got=project
            )
        if not is_project_id(project):
            raise InputError(shown, row=line, field="id", expected=PROJECT_ID, got=project)
        cost = whole_soles(
            row["cost"], file=shown, line=line, field="cost", decimal_comma=decimal_comma
        )
        if cost < 0:
            raise InputError(
                shown,
                row=line,
                field="cost",
                expected=phrase("a cost of 0 soles or more"),
                got=cost,
            )
        value = parse_number(
            row["value"], file=shown, line=line, field="value", decimal_comma=decimal_comma
        )
        if not (value >= 0 and value != float("inf")):
            raise InputError(
                shown,
                row=line,
                field="value",
                expected=phrase("a finite value >= 0"),
                got=row["value"],
            )
        flag = row.get("mandatory", "").strip().lower()
        if flag not in _TRUE | _FALSE:
            raise InputError(
                shown,
                row=line,
                field="mandatory",
                expected=phrase("true or false"),
                got=row["mandatory"],
            )
        ids.append(project)
        names.append(row.get("name") or project)
        costs.append(cost)
        values.append(value)
        groups.append(row.get("group") or None)
        requires += [(project, other) for other in _split(row.get("requires", ""))]
        excludes += [(project, other) for other in _split(row.get("excludes", ""))]
        if flag in _TRUE:
            mandatory.append(project)
    known = set(ids)
    for kind, pairs in (("requires", requires), ("excludes", excludes)):
        for project, other in pairs:
            if other not in known or other == project:
                line = next(ln for ln, row in rows if row["id"] == project)
                raise InputError(
                    shown,
                    row=line,
                    field=kind,
                    got=other,
                    expected=phrase("the id of another project in this file"),
                )
    return CandidateFile(
        shown,
        tuple(ids),
        tuple(names),
        tuple(costs),
        tuple(values),
        tuple(groups),
        tuple(requires),
        tuple(excludes),
        tuple(mandatory),
    )
