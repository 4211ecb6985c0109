"""Answers as text: the answers file (`--from`, drafts) read and written, and the judgments put
into stakeholders.yaml with its comments, key order and quoting kept."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from prioritizer.core.elicit.questionnaire import (
    KEEP,
    REVISE,
    Pair,
    Questionnaire,
    Revision,
    format_judgment,
)
from prioritizer.data.models import LocalizedText
from prioritizer.errors import InputError
from prioritizer.errors.yaml_syntax import yaml_problem
from prioritizer.phrases import phrase


# -- the answers file --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AnswerSheet:
    """Answers read from `--from FILE` or a draft: judgments so far and, for a new stakeholder,
    who they are."""

    judgments: Mapping[Pair, float]
    region: str | None = None
    stakeholder: str | None = None
    name: LocalizedText | None = None
    group: str | None = None
    influence: float | None = None
    source: str | None = None
    if_inconsistent: str | None = None
    revisions: tuple[Revision, ...] = field(default_factory=tuple)


TOP_KEYS = (
    "region",
    "stakeholder",
    "judgments",
    "if_inconsistent",
    "name",
    "group",
    "influence",
    "source",
    "revisions",
)


def round_trip_yaml() -> YAML:
    """A ruamel reader/writer keeping comments, key order and quoting, indented as the data set."""
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    return yaml


def parse_yaml(yaml: YAML, text: str, file: str) -> Any:
    """Round-trip YAML (comments kept), or one message with the line where it does not parse."""
    try:
        return yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark
        raise InputError(
            file,
            row=None if mark is None else mark.line + 1,
            expected=phrase("valid YAML"),
            got=yaml_problem(error.problem, None if mark is None else mark.column + 1),
        ) from None


def parse_answers(text: str, *, file: str, questionnaire: Questionnaire) -> AnswerSheet:
    """Reads an answers file (YAML, or CSV when `file` ends in .csv); every error names the line.

    Judgments may be partial (a draft); unknown criteria, values off the scale, a pair given
    twice and unknown keys are errors.
    """
    if file.lower().endswith(".csv"):
        return AnswerSheet(_csv_answers(text, file, questionnaire))
    top = parse_yaml(round_trip_yaml(), text, file)
    if not isinstance(top, CommentedMap):
        raise InputError(file, expected=phrase("a mapping with 'judgments'"), got=phrase("none"))
    for key in top:
        if key not in TOP_KEYS:
            raise InputError(
                file,
                row=top.lc.key(key)[0] + 1,
                field=str(key),
                expected=phrase("one of the keys {keys}", keys=", ".join(TOP_KEYS)),
                got=phrase("an unknown key"),
            )
    judgments = top.get("judgments") or CommentedMap()
    if not isinstance(judgments, CommentedMap):
        raise InputError(
            file,
            row=top.lc.key("judgments")[0] + 1,
            field="judgments",
            expected=phrase(
                "a mapping row criterion: {open}column criterion: value{close}", open="{", close="}"
            ),
            got=judgments,
        )
    given: dict[Pair, float] = {}
    for row, columns in judgments.items():
        line = judgments.lc.key(row)[0] + 1
        if not isinstance(columns, CommentedMap):
            raise InputError(
                file,
                row=line,
                field=f"judgments.{row}",
                expected=phrase(
                    "a mapping {open}column criterion: value{close}", open="{", close="}"
                ),
                got=columns,
            )
        for column, value in columns.items():
            where = columns.lc.key(column)[0] + 1
            _add_answer(given, str(row), str(column), value, file, where, questionnaire)
    policy = top.get("if_inconsistent")
    if policy is not None and policy not in (KEEP, REVISE):
        raise InputError(
            file,
            row=top.lc.key("if_inconsistent")[0] + 1,
            field="if_inconsistent",
            expected=phrase("{keep} or {revise}", keep=KEEP, revise=REVISE),
            got=policy,
        )
    name = top.get("name")
    influence = top.get("influence")
    if influence is not None and (
        isinstance(influence, bool) or not isinstance(influence, (int, float)) or not influence > 0
    ):
        raise InputError(
            file,
            row=top.lc.key("influence")[0] + 1,
            field="influence",
            expected=phrase("a positive number"),
            got=influence,
        )
    return AnswerSheet(
        judgments=given,
        region=_text(top, "region", file),
        stakeholder=_text(top, "stakeholder", file),
        name=None if name is None else _localized(name, file, top.lc.key("name")[0] + 1),
        group=_text(top, "group", file),
        influence=None if influence is None else float(influence),
        source=_text(top, "source", file),
        if_inconsistent=policy,
        revisions=_revisions(top, file),
    )


def _revisions(top: CommentedMap, file: str) -> tuple[Revision, ...]:
    items = top.get("revisions") or CommentedSeq()
    line = top.lc.key("revisions")[0] + 1 if "revisions" in top else 1
    if not isinstance(items, CommentedSeq):
        raise InputError(file, row=line, field="revisions", expected=phrase("a list"), got=items)
    return tuple(
        _revision(item, file, items.lc.item(index)[0] + 1) for index, item in enumerate(items)
    )


def _text(top: CommentedMap, key: str, file: str) -> str | None:
    value = top.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(
            file, row=top.lc.key(key)[0] + 1, field=key, expected=phrase("a text"), got=value
        )
    return value.strip()


def _localized(value: Any, file: str, line: int) -> LocalizedText:
    if isinstance(value, str):
        return LocalizedText(en=value, es=value)
    if isinstance(value, Mapping) and value.get("en") and value.get("es"):
        return LocalizedText(en=str(value["en"]), es=str(value["es"]))
    raise InputError(
        file,
        row=line,
        field="name",
        expected=phrase("a name, or {en: ..., es: ...}"),
        got=value,
    )


def _revision(item: Any, file: str, line: int) -> Revision:
    try:
        return Revision.from_dict(item)
    except (KeyError, TypeError, ValueError):
        raise InputError(
            file,
            row=line,
            field="revisions",
            expected=phrase(
                "revisions as the draft records them (row, column, action, given, "
                "consistent, suggested, value, consistency_ratio_before, consistency_ratio_after)"
            ),
            got=phrase("something else"),
        ) from None


def _add_answer(
    given: dict[Pair, float],
    row: str,
    column: str,
    raw: Any,
    file: str,
    line: int,
    questionnaire: Questionnaire,
) -> None:
    ids = questionnaire.ids
    refused = partial(InputError, file, row=line, field=f"judgments.{row}.{column}")
    for criterion in (row, column):
        if criterion not in ids:
            raise refused(
                expected=phrase("a criterion id ({ids})", ids=", ".join(ids)), got=criterion
            )
    if row == column:
        raise refused(expected=phrase("two different criteria"), got=column)
    value = None if isinstance(raw, bool) else questionnaire.parse(str(raw))
    if value is None:
        raise refused(
            expected=phrase("a value of Saaty's scale: 1 to 9, or 1/2 to 1/9"), got=str(raw)
        )
    first, second = (row, column) if ids.index(row) < ids.index(column) else (column, row)
    pair = Pair(first, second)
    if pair in given:
        raise refused(
            expected=phrase(
                "each pair once ({first} vs {second} is already judged)",
                first=first,
                second=second,
            ),
            got=str(raw),
        )
    given[pair] = value if first == row else 1.0 / value


def _csv_answers(text: str, file: str, questionnaire: Questionnaire) -> dict[Pair, float]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    given: dict[Pair, float] = {}
    header: list[str] | None = None
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = [cell.strip() for cell in cells]
            if header != ["row", "column", "value"]:
                raise InputError(
                    file,
                    row=line,
                    expected=phrase("the header row,column,value"),
                    got=",".join(cells),
                )
            continue
        if len(cells) != 3:
            raise InputError(
                file,
                row=line,
                expected=phrase("3 values: row,column,value"),
                got=phrase("{count} values", count=len(cells)),
            )
        row, column, value = (cell.strip() for cell in cells)
        _add_answer(given, row, column, value, file, line, questionnaire)
    if header is None:
        raise InputError(
            file, expected=phrase("the header row,column,value"), got=phrase("nothing")
        )
    return given


def missing_pairs(questionnaire: Questionnaire, answers: Mapping[Pair, float]) -> tuple[Pair, ...]:
    """The pairs not judged yet, in question order."""
    return tuple(pair for pair in questionnaire.pairs if pair not in answers)


def dump_answers(sheet: AnswerSheet, questionnaire: Questionnaire) -> str:
    """An answers file (the draft) in the format `parse_answers` reads."""
    top = CommentedMap()
    top.yaml_set_start_comment(
        "Unfinished `prioritizer elicit` session: the answers so far. The next run of the same\n"
        "command resumes from here; the data set is changed only when all pairs are answered."
    )
    for key in ("region", "stakeholder"):
        if getattr(sheet, key) is not None:
            top[key] = getattr(sheet, key)
    top["judgments"] = judgments_map(sheet.judgments, questionnaire)
    if sheet.if_inconsistent is not None:
        top["if_inconsistent"] = sheet.if_inconsistent
    if sheet.name is not None:
        top["name"] = _flow({"en": sheet.name.en, "es": sheet.name.es})
    for key in ("group", "influence", "source"):
        if getattr(sheet, key) is not None:
            top[key] = getattr(sheet, key)
    if sheet.revisions:
        items = CommentedSeq()
        for revision in sheet.revisions:
            items.append(_flow(revision.to_dict()))
        top["revisions"] = items
    out = io.StringIO()
    round_trip_yaml().dump(top, out)
    return out.getvalue()


def _flow(values: Mapping[str, Any]) -> CommentedMap:
    mapping = CommentedMap(values)
    mapping.fa.set_flow_style()
    return mapping


def _yaml_judgment(value: float) -> int | float | str:
    text = format_judgment(value)
    if "/" in text:
        return text
    return int(text) if text.isdigit() else float(text)


def judgments_map(answers: Mapping[Pair, float], questionnaire: Questionnaire) -> CommentedMap:
    """Judgments as stakeholders.yaml writes them: `row: {column: value, ...}` in criteria
    order, one flow mapping per row, `1/3` for reciprocals."""
    result = CommentedMap()
    for pair in questionnaire.pairs:
        if pair in answers:
            if pair.row not in result:
                result[pair.row] = _flow({})
            result[pair.row][pair.column] = _yaml_judgment(answers[pair])
    return result


def answers_from_judgments(
    judgments: Mapping[str, Mapping[str, float]], questionnaire: Questionnaire
) -> dict[Pair, float]:
    """A stakeholder's saved judgments (either direction) as answers in question order."""
    ids = questionnaire.ids
    answers: dict[Pair, float] = {}
    for row, columns in judgments.items():
        for column, value in columns.items():
            if row == column or row not in ids or column not in ids:
                continue
            if ids.index(row) < ids.index(column):
                answers[Pair(row, column)] = value
            else:
                answers[Pair(column, row)] = 1.0 / value
    return answers
