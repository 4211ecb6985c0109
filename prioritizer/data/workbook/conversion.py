"""A workbook's conversion under way: where the folder form is written, the tables read so
far and where every line came from; what each sheet's converter writes with and refuses by."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from pathlib import Path

from prioritizer.data.workbook.layout import (
    FALSE_WORDS,
    TRUE_WORDS,
    CellError,
    _norm,
    _plain,
    _Sheet,
)
from prioritizer.data.workbook.read import _Cell, _Row, _Table, _WorkbookReader
from prioritizer.data.workbook.records import _Origins, _Yaml
from prioritizer.phrases import Phrase, phrase


class _Conversion:
    """The reader, the output folder and the origins of one workbook's conversion."""

    def __init__(self, reader: _WorkbookReader, root: Path) -> None:
        self.reader = reader
        self.root = root
        self.origins = _Origins(reader.name)
        self.source = reader.path.name

    def write(self, relative: str, text: str, *sheets: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.origins.sheets[relative] = sheets

    def load(self, spec: _Sheet, aliases: Mapping[str, Iterable[str]] | None = None) -> _Table:
        table = self.reader.table(spec, aliases)
        self.origins.tables[table.title] = table
        self.origins.titles[spec.id] = table.title
        return table

    def yaml(self, relative: str, table: _Table) -> _Yaml:
        return _Yaml(relative, self.origins, self.source, table.title)

    def fail(self, cell: _Cell, *, expected: Phrase, got: object = None) -> CellError:
        return self.reader.fail(cell, expected=expected, got=got)

    def group_by(
        self, table: _Table, column: str, known: Container[str], expected: Phrase
    ) -> dict[str, list[_Row]]:
        """The rows of `table` by their id in `column`, in order; an id not `known` is refused."""
        groups: dict[str, list[_Row]] = {}
        for row in table.rows:
            key = row.text(column)
            if key not in known:
                raise self.fail(
                    row.cell(column), expected=expected, got=row.value(column) or phrase("nothing")
                )
            groups.setdefault(key, []).append(row)
        return groups

    def header_cell(self, table: _Table) -> _Cell:
        return next(iter(table.header.values()))

    def _flag(self, row: _Row, key: str) -> bool:
        value = row.value(key)
        if value is None or value is False:
            return False
        if value is True:
            return True
        word = _norm(_plain(value))
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise self.fail(
            row.cell(key), expected=phrase("TRUE or FALSE (or an empty cell)"), got=value
        )
