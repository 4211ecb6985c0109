"""Command `elicit`: a stakeholder enters pairwise judgments in the terminal (or from a file).

Plain functions with typer-annotated parameters; `cli.py` registers them. Like `cli.py`, they
print and prompt, and turn every PrioritizerError into one message and an exit code. The data
set is changed only by a complete, confirmed questionnaire: the new stakeholders.yaml is checked
by loading the whole data set from a copy, then renamed into place, the old one kept as .bak.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import (
    emit_json,
)
from prioritizer.core.elicit import (
    KEEP,
    REVISE,
    AnswerSheet,
    NewStakeholder,
    Pair,
    Progress,
    Questionnaire,
    Revision,
    answers_from_judgments,
    check_saved,
    dump_answers,
    elicitation_note,
    format_judgment,
    missing_pairs,
    parse_answers,
    update_stakeholders_yaml,
)
from prioritizer.data.load import load_dataset
from prioritizer.data.load.location import DatasetLocation
from prioritizer.data.models import Dataset, LocalizedText, Stakeholder
from prioritizer.data.models.common import SLUG_PATTERN
from prioritizer.data.save import (
    editable_dataset,
    embedded_refused,
    load_with,
    replace_files,
    write_atomically,
)
from prioritizer.errors import InputError
from prioritizer.i18n import t
from prioritizer.phrases import phrase
from prioritizer.present.render.common import format_number, new_table

T = TypeVar("T")
DRAFT_PREFIX = ".elicit-"
INTERRUPTED = 130


class Policy(str, Enum):
    """What `--from` does when the judgments are too inconsistent."""

    KEEP = KEEP
    REVISE = REVISE


# -- elicit ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Session:
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

    def label(self, value: float) -> str:
        strength = value if value >= 1 else 1 / value
        for item in self.data.saaty_scale.values:
            if math.isclose(item.value, strength):
                return item.name.get(self.lang)
        return format_judgment(strength)

    def say(self, key: str, **values: object) -> None:
        self.console.print(t(key, self.lang, **values), markup=False, highlight=False)


@command(inputs=False)
def elicit(
    run: Run,
    region: Annotated[str, typer.Option("--region", help="Region id (cusco, puno).")],
    stakeholder: Annotated[
        str, typer.Option("--stakeholder", help="Stakeholder id (a new id adds one, with --name).")
    ],
    inputs: Annotated[
        Path | None,
        typer.Option(
            "--inputs", help="Your data set folder (from `prioritizer init`): the one changed."
        ),
    ] = None,
    show: Annotated[
        bool, typer.Option("--show", help="Print the current judgments and exit.")
    ] = False,
    from_file: Annotated[
        Path | None,
        typer.Option("--from", help="Answers file (YAML or CSV row,column,value): no questions."),
    ] = None,
    if_inconsistent: Annotated[
        Policy | None,
        typer.Option(
            "--if-inconsistent",
            help="With --from, when CR > 0.10: keep the answers or revise to the suggested values.",
        ),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Name of a new stakeholder (English and Spanish).")
    ] = None,
    name_es: Annotated[
        str | None, typer.Option("--name-es", help="Spanish name of a new stakeholder.")
    ] = None,
    group: Annotated[
        str | None, typer.Option("--group", help="Group id of a new stakeholder (default other).")
    ] = None,
    influence: Annotated[
        float | None, typer.Option("--influence", help="Influence of a new stakeholder (1.0).")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Provenance to record for these judgments.")
    ] = None,
    restart: Annotated[
        bool, typer.Option("--restart", help="Discard an unfinished session and start again.")
    ] = False,
) -> None:
    """Ask a stakeholder for pairwise judgments of the criteria and save them in the data set."""
    console = Console(stderr=run.as_json, highlight=False, soft_wrap=True)

    session = _open_session(inputs, region, stakeholder, run.lang, console)
    if show:
        _show(session, run.as_json)
        return
    details = AnswerSheet(
        judgments={},
        region=region,
        stakeholder=stakeholder,
        name=None if name is None else _name(name, name_es),
        group=group,
        influence=influence,
        source=source,
    )
    if session.person is not None and name is not None:
        raise InputError(
            "--name",
            field="name",
            expected=phrase(
                "no --name for an existing stakeholder ({stakeholder} is on file)",
                stakeholder=stakeholder,
            ),
            got=name,
        )
    if from_file is not None:
        _scripted(session, from_file, details, if_inconsistent, run.as_json)
    else:
        _interactive(session, details, restart, run.as_json)


def _name(name: str, name_es: str | None) -> LocalizedText:
    spanish = name if name_es is None else name_es
    for option, text in (("--name", name), ("--name-es", spanish)):
        if not text.strip():
            raise InputError(option, field=option[2:], expected=phrase("a name"), got=text)
    return LocalizedText(en=name, es=spanish)


def _open_session(
    inputs: Path | None, region: str, stakeholder: str, lang: str, console: Console
) -> _Session:
    if inputs is None:
        raise embedded_refused("elicit")
    location = editable_dataset(inputs, command="elicit")
    data = load_dataset(inputs)
    if region not in data.region_ids:
        raise InputError(
            "--region",
            field="region",
            got=region,
            expected=phrase(
                "one of the regions of the data set ({regions})",
                regions=", ".join(data.region_ids),
            ),
        )
    person = next((s for s in data.stakeholders if s.id == stakeholder), None)
    if person is not None and person.region != region:
        raise InputError(
            "--stakeholder",
            field="stakeholder",
            got=stakeholder,
            expected=phrase(
                "a stakeholder of {region} ({stakeholder} belongs to {other})",
                region=region,
                stakeholder=stakeholder,
                other=person.region,
            ),
        )
    if not re.fullmatch(SLUG_PATTERN, stakeholder):
        raise InputError(
            "--stakeholder",
            field="stakeholder",
            got=stakeholder,
            expected=phrase("an id of lower-case letters, digits and hyphens (puno-new-member)"),
        )
    folder = location.inputs / "regions" / region
    questionnaire = Questionnaire(
        ids=data.criterion_ids,
        scale=tuple(v.value for v in data.saaty_scale.values),
        random_index=data.random_index.get().values,
    )
    return _Session(
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


def _saved_answers(session: _Session) -> dict[Pair, float]:
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


def _read_draft(session: _Session) -> AnswerSheet | None:
    if not session.draft.is_file():
        return None
    try:
        return parse_answers(
            session.draft.read_text(encoding="utf-8-sig"),
            file=str(session.draft),
            questionnaire=session.questionnaire,
        )
    except InputError as error:
        raise InputError(
            error.file,
            row=error.row,
            field=error.field,
            expected=error.expected,
            got=error.got,
            hint=phrase("--restart discards the unfinished session and starts again"),
        ) from None


def _write_draft(session: _Session, sheet: AnswerSheet) -> None:
    write_atomically(session.draft, dump_answers(sheet, session.questionnaire), like=session.file)


# -- showing -----------------------------------------------------------------------------------
def _matrix_table(session: _Session, answers: Mapping[Pair, float], progress: Progress) -> Table:
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


def _show(session: _Session, as_json: bool) -> None:
    draft = _read_draft(session)
    q = session.questionnaire
    if draft is not None:
        answers, origin = dict(draft.judgments), "draft"
    elif session.person is not None:
        answers, origin = _saved_answers(session), "dataset"
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
                "judgments": _judgments_dict(answers),
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
    session.console.print(_matrix_table(session, answers, progress))
    _say_consistency(session, progress)


def _judgments_dict(answers: Mapping[Pair, float]) -> dict[str, dict[str, float]]:
    result: dict[str, dict[str, float]] = {}
    for pair, value in answers.items():
        result.setdefault(pair.row, {})[pair.column] = value
    return result


def _say_consistency(session: _Session, progress: Progress) -> None:
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


def _weights_line(session: _Session, progress: Progress) -> str:
    parts = []
    for criterion, weight in zip(progress.ids, progress.weights, strict=True):
        value = "—" if math.isnan(weight) else format_number(float(weight), 2, session.lang)
        parts.append(f"{session.name(criterion)} {value}")
    return " · ".join(parts)


# -- the interactive questionnaire -------------------------------------------------------------
class _Stop(Exception):
    """The stakeholder asked to stop (exit 0) or the input ended (exit 1): keep the draft, save
    nothing."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _interactive(session: _Session, details: AnswerSheet, restart: bool, as_json: bool) -> None:
    q = session.questionnaire
    lang = session.lang
    if restart:
        session.draft.unlink(missing_ok=True)
    draft = _read_draft(session)
    sheet = _merge_details(draft, details) if draft is not None else details
    _new_stakeholder(session, sheet)
    answers: dict[Pair, float] = dict(sheet.judgments)
    revisions: list[Revision] = list(sheet.revisions)
    saved = _saved_answers(session)
    person = session.person.name.get(lang) if session.person else _display_name(sheet, lang)
    session.console.rule(escape(t("elicit.title", lang, name=person, region=session.region_name)))
    quit_word, back_word = t("elicit.quit_word", lang), t("elicit.back_word", lang)
    session.say("elicit.intro", total=len(q.pairs), quit=quit_word)
    if draft is not None:
        session.say(
            "elicit.resumed", draft=str(session.draft), answered=len(answers), total=len(q.pairs)
        )
    if saved or answers:
        session.say("elicit.defaults")
    session.console.print(_scale_table(session))
    try:
        answers = _ask_pairs(session, answers, saved, sheet, revisions, quit_word, back_word)
        answers = _settle_interactively(session, answers, sheet, revisions)
        progress = q.progress(answers)
        session.console.print(_matrix_table(session, answers, progress))
        _say_consistency(session, progress)
        if not _confirm(session):
            _write_draft(session, _draft_of(sheet, answers, revisions))
            session.say("elicit.not_saved", draft=str(session.draft))
            return
    except (KeyboardInterrupt, _Stop) as stop:
        kept = _read_draft(session)
        session.console.print()
        session.say(
            "elicit.interrupted",
            answered=0 if kept is None else len(kept.judgments),
            total=len(q.pairs),
            draft=str(session.draft),
        )
        code = stop.code if isinstance(stop, _Stop) else INTERRUPTED
        raise typer.Exit(code) from None
    result = _save(session, answers, revisions, sheet)
    session.draft.unlink(missing_ok=True)
    _report(session, result, revisions, as_json)


def _display_name(sheet: AnswerSheet, lang: str) -> str:
    return sheet.name.get(lang) if sheet.name is not None else str(sheet.stakeholder)


def _merge_details(draft: AnswerSheet, details: AnswerSheet) -> AnswerSheet:
    """The draft, with what was given on the command line this time taking precedence."""
    return replace(
        draft,
        name=details.name or draft.name,
        group=details.group or draft.group,
        influence=details.influence if details.influence is not None else draft.influence,
        source=details.source or draft.source,
    )


def _new_stakeholder(session: _Session, sheet: AnswerSheet) -> NewStakeholder | None:
    """Who a stakeholder not yet on file is; an error when nothing says it."""
    if session.person is not None:
        return None
    if sheet.name is None:
        known = ", ".join(s.id for s in session.data.stakeholders_of(session.region))
        raise InputError(
            "--stakeholder",
            field="stakeholder",
            got=session.stakeholder,
            expected=phrase(
                "a stakeholder of {region} ({known}), or --name to add one",
                region=session.region,
                known=known,
            ),
        )
    group = sheet.group or "other"
    if not re.fullmatch(SLUG_PATTERN, group):
        raise InputError(
            "--group",
            field="group",
            got=group,
            expected=phrase("a group id of lower-case letters, digits and hyphens (business)"),
        )
    influence = 1.0 if sheet.influence is None else sheet.influence
    if not (math.isfinite(influence) and influence > 0):
        raise InputError(
            "--influence",
            field="influence",
            got=influence,
            expected=phrase("a positive number"),
        )
    today = date.today().isoformat()
    return NewStakeholder(
        name=sheet.name,
        group=group,
        influence=influence,
        source=sheet.source or f"judgments elicited with prioritizer elicit on {today}",
    )


def _draft_of(
    sheet: AnswerSheet, answers: Mapping[Pair, float], revisions: Sequence[Revision]
) -> AnswerSheet:
    return replace(sheet, judgments=dict(answers), revisions=tuple(revisions))


def _scale_table(session: _Session) -> Table:
    table = new_table(t("elicit.scale_title", session.lang))
    table.add_column(t("elicit.value", session.lang), justify="right")
    table.add_column(t("elicit.meaning", session.lang))
    for item in session.data.saaty_scale.values:
        table.add_row(str(item.value), escape(item.name.get(session.lang)))
    return table


def _read(session: _Session, prompt: str) -> str:
    try:
        return session.console.input(escape(prompt)).strip()
    except EOFError:
        raise _Stop(1) from None


def _ask_pairs(
    session: _Session,
    answers: dict[Pair, float],
    saved: Mapping[Pair, float],
    sheet: AnswerSheet,
    revisions: list[Revision],
    quit_word: str,
    back_word: str,
) -> dict[Pair, float]:
    q = session.questionnaire
    pairs = q.pairs
    index = next((i for i, pair in enumerate(pairs) if pair not in answers), len(pairs))
    while True:
        if index >= len(pairs):
            pending = q.next_pair(answers)
            if pending is None:
                return answers
            index = pairs.index(pending)
        pair = pairs[index]
        row, column = session.name(pair.row), session.name(pair.column)
        session.console.print()
        session.say(
            "elicit.question",
            index=index + 1,
            total=len(pairs),
            region=session.region_name,
            row=row,
            column=column,
        )
        session.say("elicit.hint", row=row, column=column, back=back_word, quit=quit_word)
        default = answers.get(pair, saved.get(pair))
        shown = f"[{format_judgment(default)}] " if default is not None else ""
        text = _read(session, f"{shown}> ")
        if text.casefold() == quit_word.casefold():
            raise _Stop(0)
        if text.casefold() == back_word.casefold():
            index = max(0, index - 1)
            continue
        if text == "?":
            session.console.print(_scale_table(session))
            continue
        if not text:
            if default is None:
                session.say("elicit.no_default")
                continue
            value = default
        else:
            parsed = q.parse(text)
            if parsed is None:
                session.say("elicit.invalid", text=text)
                continue
            value = parsed
        answers = {**answers, pair: value}
        _write_draft(session, _draft_of(sheet, answers, revisions))
        _say_answer(session, pair, value)
        session.say("elicit.weights_so_far", weights=_weights_line(session, q.progress(answers)))
        index += 1


def _say_answer(session: _Session, pair: Pair, value: float) -> None:
    row, column = session.name(pair.row), session.name(pair.column)
    if math.isclose(value, 1.0):
        session.say("elicit.answer_equal", row=row, column=column, label=session.label(1.0))
        return
    more, less = (row, column) if value > 1 else (column, row)
    strength = value if value > 1 else 1 / value
    session.say(
        "elicit.answer",
        more=more,
        less=less,
        label=session.label(value),
        value=format_judgment(strength),
    )


def _settle_interactively(
    session: _Session, answers: dict[Pair, float], sheet: AnswerSheet, revisions: list[Revision]
) -> dict[Pair, float]:
    """While CR is too high: show the judgment most at odds and let the stakeholder revise it
    (to the suggested or another value) or keep it. Each decision is recorded."""
    q = session.questionnaire
    lang = session.lang
    keep_word = t("elicit.keep_word", lang)
    progress = q.progress(answers)
    while progress.worst is not None:
        session.console.print()
        _say_consistency(session, progress)
        worst = progress.worst
        suggested, given = format_judgment(worst.nearest_saaty), format_judgment(worst.given)
        session.say("elicit.revise_prompt", suggested=suggested, keep=keep_word, given=given)
        text = _read(session, "> ")
        if text.casefold() == keep_word.casefold():
            answers, record, progress = q.revise(answers, None)
            revisions.append(record)
            _write_draft(session, _draft_of(sheet, answers, revisions))
            session.say(
                "elicit.kept",
                row=session.name(record.row),
                column=session.name(record.column),
                given=given,
                cr=format_number(record.ratio_before, 3, lang),
            )
            break
        value = worst.nearest_saaty if not text else q.parse(text)
        if value is None:
            session.say("elicit.invalid", text=text)
            continue
        answers, record, progress = q.revise(answers, value)
        revisions.append(record)
        _write_draft(session, _draft_of(sheet, answers, revisions))
        session.say(
            "elicit.revised",
            row=session.name(record.row),
            column=session.name(record.column),
            value=format_judgment(value),
            before=format_number(record.ratio_before, 3, lang),
            after=format_number(record.ratio_after, 3, lang),
        )
    return answers


def _confirm(session: _Session) -> bool:
    yes = {word.strip().casefold() for word in t("elicit.yes", session.lang).split(",")}
    no = {word.strip().casefold() for word in t("elicit.no", session.lang).split(",")}
    while True:
        text = _read(session, t("elicit.confirm", session.lang, file=str(session.file)) + " ")
        word = text.casefold()
        if not word or word in yes:
            return True
        if word in no:
            return False


# -- scripted ----------------------------------------------------------------------------------
def _scripted(
    session: _Session,
    path: Path,
    details: AnswerSheet,
    policy: Policy | None,
    as_json: bool,
) -> None:
    q = session.questionnaire
    if not path.is_file():
        raise InputError(
            str(path), expected=phrase("an answers file (YAML or CSV)"), got=phrase("none")
        )
    sheet = parse_answers(path.read_text(encoding="utf-8-sig"), file=str(path), questionnaire=q)
    for key, wanted in (("region", session.region), ("stakeholder", session.stakeholder)):
        found = getattr(sheet, key)
        if found is not None and found != wanted:
            raise InputError(
                str(path),
                field=key,
                expected=phrase(
                    "the --{option} of the command ({value})", option=key, value=wanted
                ),
                got=found,
            )
    missing = missing_pairs(q, sheet.judgments)
    if missing:
        listing = ", ".join(f"{p.row} vs {p.column}" for p in missing)
        raise InputError(
            str(path),
            field="judgments",
            expected=phrase(
                "a judgment for every pair of criteria (missing: {pairs})", pairs=listing
            ),
        )
    merged = replace(
        sheet,
        name=details.name or sheet.name,
        group=details.group or sheet.group,
        influence=details.influence if details.influence is not None else sheet.influence,
        source=details.source or sheet.source,
    )
    chosen = policy.value if policy is not None else sheet.if_inconsistent or KEEP
    answers, revisions = q.settle(sheet.judgments, chosen)
    result = _save(session, answers, revisions, merged)
    _report(session, result, revisions, as_json)


# -- saving ------------------------------------------------------------------------------------
def _save(
    session: _Session,
    answers: Mapping[Pair, float],
    revisions: Sequence[Revision],
    sheet: AnswerSheet,
) -> dict[str, Any]:
    """Writes the judgments into stakeholders.yaml: checked on a copy of the data set first,
    then the old file is kept as .bak and the new one renamed into place."""
    q = session.questionnaire
    progress = q.progress(answers)
    new = _new_stakeholder(session, sheet)
    note = elicitation_note(date.today().isoformat(), progress, revisions)
    original = session.file.read_bytes()
    text = update_stakeholders_yaml(
        original.decode("utf-8-sig"),
        file=str(session.file),
        stakeholder=session.stakeholder,
        answers=answers,
        questionnaire=q,
        note=note,
        new=new,
        source=sheet.source if session.person is not None else None,
    )
    location = DatasetLocation(session.criteria, session.inputs, str(session.inputs))
    data = load_with(location, {session.file: text})
    check_saved(data, session.stakeholder, answers, q, file=str(session.file))
    (backup,) = replace_files({session.file: text}, {session.file: original})
    return {
        "status": "saved",
        "region": session.region,
        "stakeholder": session.stakeholder,
        "file": str(session.file),
        "backup": str(backup),
        "judgments": _judgments_dict(answers),
        **progress.to_dict(),
        "revisions": [revision.to_dict() for revision in revisions],
        "note": note,
    }


def _report(
    session: _Session, result: Mapping[str, Any], revisions: Sequence[Revision], as_json: bool
) -> None:
    if as_json:
        emit_json(result)
        return
    session.say("elicit.saved", file=result["file"], backup=result["backup"])
    lang = session.lang
    notes = [
        t(
            "elicit.note_kept" if r.kept else "elicit.note_revised",
            lang,
            row=session.name(r.row),
            column=session.name(r.column),
            given=format_judgment(r.given),
            value=format_judgment(r.value),
            before=format_number(r.ratio_before, 3, lang),
            after=format_number(r.ratio_after, 3, lang),
        )
        for r in revisions
    ]
    if notes:
        session.say("elicit.revisions", notes="; ".join(notes))
