"""A YAML parser's problems in the user's words, in any language: the parsers (PyYAML, and
ruamel, which shares its messages) speak English only."""

from __future__ import annotations

from prioritizer.phrases import Phrase, phrase

# PyYAML's problems, by how they start, in the user's words (PyYAML's own text is English only).
_PROBLEMS: tuple[tuple[str, Phrase], ...] = (
    (
        "mapping values are not allowed",
        phrase("a ':' the line cannot have (indentation, or a value with ': ' not in quotes)"),
    ),
    ("expected <block end>", phrase("a line indented differently from the ones around it")),
    ("found character", phrase("a character that cannot start a value (put the value in quotes)")),
    ("expected ',' or", phrase("a list or mapping in brackets that is not closed")),
    ("found unexpected end of stream", phrase("a quote that is not closed")),
    (
        "found undefined alias",
        phrase("a '*' that names no '&' anchor (put the value in quotes)"),
    ),
    ("could not determine a constructor", phrase("a '!' tag this program does not read")),
)


def yaml_problem(problem: str | None, column: int | None) -> Phrase:
    """What went wrong in a YAML file, in the user's words, with the column; never the
    parser's own English text (PyYAML's, or ruamel's, which shares it)."""
    for start, words in _PROBLEMS:
        if problem is not None and problem.startswith(start):
            if column is None:
                return words
            return phrase("{problem} at column {column}", problem=words, column=column)
    if column is None:
        return phrase("unreadable YAML")
    return phrase("a YAML syntax error at column {column}", column=column)
