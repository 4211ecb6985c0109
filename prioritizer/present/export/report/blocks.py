"""The blocks a report is made of, written once and rendered as Markdown and as HTML."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Heading:
    """A title; level 1 is the report's, level 3 a region's within a section."""

    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """The start of a top-level section: its anchor (the HTML id) and its title."""

    anchor: str
    title: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of plain text; `note` ones are shown smaller (captions, sources)."""

    text: str
    note: bool = False


@dataclass(frozen=True, slots=True)
class Bullets:
    """A bulleted list of plain text."""

    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table of plain text; `right` marks the right-aligned (numeric) columns, `marked` the
    rows to emphasise, and `stack` lets a narrow screen show each row as a card."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: tuple[bool, ...]
    marked: frozenset[int] = field(default_factory=frozenset)
    stack: bool = False


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart of the run by name (see charts.render_charts), with its caption."""

    name: str
    caption: str


@dataclass(frozen=True, slots=True)
class Figures:
    """Charts shown side by side where the page is wide enough (one per region)."""

    charts: tuple[Chart, ...]


Block = Heading | Section | Paragraph | Bullets | Table | Figures
