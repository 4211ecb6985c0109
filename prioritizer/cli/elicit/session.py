"""The `elicit` session: the data set, stakeholder and files one run works with, its draft
(an unfinished questionnaire kept beside the data set), and `--show`."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from prioritizer.cli.common import (
    emit_json,
)
from prioritizer.cli.options import option_error
from prioritizer.core.elicit import (
    AnswerSheet,
    Pair,
    Progress,
    Questionnaire,
    answers_from_judgments,
    dump_answers,
    format_judgment,
    parse_answers,
)
from prioritizer.data.load import load_dataset
from prioritizer.data.models import Dataset, LocalizedText, Stakeholder
from prioritizer.data.models.common import SLUG_PATTERN
from prioritizer.data.save import (
    editable_dataset,
    embedded_refused,
    write_atomically,
)
from prioritizer.errors import InputError
from prioritizer.i18n import t
from prioritizer.phrases import phrase
from prioritizer.present.render.common import format_number, new_table

DRAFT_PREFIX = ".elicit-"


# -- elicit ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Session:
    """Everything one `elicit` run works with."""

    data: Dataset
    questionnaire: Questionnaire
    region: str
    region_name: str
    stakeholder: str
    person: Stakeholder | None
    criteria: Path
    inputs: Path
    file: Path
    draft: Path
    lang: str
    console: Console

    def name(self, criterion: str) -> str:
        return next(c.name.get(self.lang) for c in self.data.criteria if c.id == criterion)

    def describe(self, criterion: str) -> str:
        """What weighing the criterion more means ("" when the data set says nothing)."""
        found = next(c for c in self.data.criteria if c.id == criterion)
        return "" if found.description is None else found.description.get(self.lang)

    def label(self, value: float) -> str:
        strength = value if value >= 1 else 1 / value
        for item in self.data.saaty_scale.values:
            if math.isclose(item.value, strength):
                return item.name.get(self.lang)
        return format_judgment(strength)

    def say(self, key: str, **values: object) -> None:
        self.console.print(t(key, self.lang, **values), markup=False, highlight=False)


def open_session(
    inputs: Path | None, region: str, stakeholder: str, lang: str, console: Console
) -> Session:
    """Loads the editable data set and names the files of this run; refuses an unknown region,
    a stakeholder of another region or an id that is not a slug."""
    if inputs is None:
        raise embedded_refused("elicit")
    location = editable_dataset(inputs, command="elicit")
    data = load_dataset(inputs)
    data.require_region(region)
    person = next((s for s in data.stakeholders if s.id == stakeholder), None)
    if person is not None and person.region != region:
        raise option_error(
            "--stakeholder",
            got=stakeholder,
            expected=phrase(
                "a stakeholder of {region} ({stakeholder} belongs to {other})",
                region=region,
                stakeholder=stakeholder,
                other=person.region,
            ),
        )
    if not re.fullmatch(SLUG_PATTERN, stakeholder):
        raise option_error(
            "--stakeholder",
            got=stakeholder,
            expected=phrase("an id of lower-case letters, digits and hyphens (puno-new-member)"),
        )
    folder = location.inputs / "regions" / region
    questionnaire = Questionnaire(
        ids=data.criterion_ids,
        scale=tuple(v.value for v in data.saaty_scale.values),
        random_index=data.random_index.get().values,
    )
    return Session(
        data=data,
        questionnaire=questionnaire,
        region=region,
        region_name=data.region(region).name.get(lang),
        stakeholder=stakeholder,
        person=person,
        criteria=location.criteria,
        inputs=location.inputs,
        file=folder / "stakeholders.yaml",
        draft=folder / f"{DRAFT_PREFIX}{stakeholder}.yaml",
        lang=lang,
        console=console,
    )


def localized_name(name: str, name_es: str | None) -> LocalizedText:
    """A new stakeholder's name from --name and --name-es (English when no Spanish is given)."""
    spanish = name if name_es is None else name_es
    for option, text in (("--name", name), ("--name-es", spanish)):
        if not text.strip():
            raise InputError(option, field=option[2:], expected=phrase("a name"), got=text)
    return LocalizedText(en=name, es=spanish)


def saved_answers(session: Session) -> dict[Pair, float]:
    """The stakeholder's judgments on file (points give the ratios they imply; a 0 point none)."""
    person = session.person
    if person is None:
        return {}
    if person.judgments is not None:
        return answers_from_judgments(person.judgments, session.questionnaire)
    ids = session.questionnaire.ids
    points = person.points or {}
    return {
        Pair(a, b): points[a] / points[b]
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if points.get(a, 0) > 0 and points.get(b, 0) > 0
    }


def read_draft(session: Session) -> AnswerSheet | None:
    """The unfinished questionnaire kept beside the data set, if any."""
    if not session.draft.is_file():
        return None
    try:
        return parse_answers(
            session.draft.read_text(encoding="utf-8-sig"),
            file=str(session.draft),
            questionnaire=session.questionnaire,
        )
    except InputError as error:
        hint = phrase("--restart discards the unfinished session and starts again")
        raise error.with_hint(hint) from None


def write_draft(session: Session, sheet: AnswerSheet) -> None:
    """Keeps the answers so far beside the data set (atomically, with the data set's file mode)."""
    write_atomically(session.draft, dump_answers(sheet, session.questionnaire), like=session.file)


# -- showing -----------------------------------------------------------------------------------
def matrix_table(session: Session, answers: Mapping[Pair, float], progress: Progress) -> Table:
    """The judgments as a matrix, with the weights they give."""
    ids = session.questionnaire.ids
    name = session.person.name.get(session.lang) if session.person else session.stakeholder
    table = new_table(t("elicit.matrix_title", session.lang, name=name))
    table.add_column("", no_wrap=True)
    for number in range(1, len(ids) + 1):
        table.add_column(str(number), justify="right")
    table.add_column(t("elicit.weight", session.lang), justify="right")
    for i, row in enumerate(ids):
        cells = []
        for j, column in enumerate(ids):
            value = 1.0 if i == j else _judgment(answers, row, column, i < j)
            cells.append("·" if value is None else format_judgment(value))
        weight = float(progress.weights[i])
        shown = "—" if math.isnan(weight) else format_number(weight, 3, session.lang)
        table.add_row(f"{i + 1}  {escape(session.name(row))}", *cells, shown)
    return table


def _judgment(answers: Mapping[Pair, float], row: str, column: str, upper: bool) -> float | None:
    if upper:
        return answers.get(Pair(row, column))
    value = answers.get(Pair(column, row))
    return None if value is None else 1.0 / value


def show_judgments(session: Session, as_json: bool) -> None:
    """`--show`: the judgments on file (or the draft's), their weights and consistency."""
    draft = read_draft(session)
    q = session.questionnaire
    if draft is not None:
        answers, origin = dict(draft.judgments), "draft"
    elif session.person is not None:
        answers, origin = saved_answers(session), "dataset"
    else:
        answers, origin = {}, "none"
    progress = q.progress(answers)
    if as_json:
        emit_json(
            {
                "region": session.region,
                "stakeholder": session.stakeholder,
                "source": origin,
                "file": str(session.draft if origin == "draft" else session.file),
                "judgments": judgments_dict(answers),
                "progress": progress.to_dict(),
            }
        )
        return
    if origin == "none":
        session.say("elicit.source_none", stakeholder=session.stakeholder)
        return
    if origin == "draft":
        session.say(
            "elicit.source_draft",
            draft=str(session.draft),
            answered=progress.answered,
            total=progress.total,
        )
    elif session.person is not None and session.person.points is not None:
        session.say("elicit.source_points", name=session.person.name.get(session.lang))
    else:
        session.say("elicit.source_dataset", file=str(session.file))
    session.console.print(matrix_table(session, answers, progress))
    say_consistency(session, progress)


def judgments_dict(answers: Mapping[Pair, float]) -> dict[str, dict[str, float]]:
    """Answers as nested row -> column -> value, the shape of stakeholders.yaml's judgments."""
    result: dict[str, dict[str, float]] = {}
    for pair, value in answers.items():
        result.setdefault(pair.row, {})[pair.column] = value
    return result


def say_consistency(session: Session, progress: Progress) -> None:
    """The consistency ratio so far, whether it is acceptable, and the judgment most at odds."""
    ratio = progress.consistency_ratio
    if ratio is None:
        return
    lang = session.lang
    threshold = format_number(session.questionnaire.threshold, 2, lang)
    if progress.worst is None:
        session.say("elicit.consistency", cr=format_number(ratio, 3, lang), threshold=threshold)
        session.say("elicit.consistent")
        return
    session.say("elicit.inconsistent", cr=format_number(ratio, 3, lang), threshold=threshold)
    worst = progress.worst
    session.say(
        "elicit.worst",
        row=session.name(worst.row),
        column=session.name(worst.column),
        given=format_judgment(worst.given),
        consistent=format_number(worst.consistent, 2, lang),
        suggested=format_judgment(worst.nearest_saaty),
    )


def weights_line(session: Session, progress: Progress) -> str:
    """The running weights as one line (criteria not yet linked shown as such)."""
    parts = []
    for criterion, weight in zip(progress.ids, progress.weights, strict=True):
        value = "—" if math.isnan(weight) else format_number(float(weight), 2, session.lang)
        parts.append(f"{session.name(criterion)} {value}")
    return " · ".join(parts)
