"""The interactive questionnaire of `elicit`: one pair at a time, the scale, going back, the
judgment most at odds to revise or keep, and the draft saved after every answer."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from prioritizer.cli.elicit.save import new_stakeholder, report_saved, save_answers
from prioritizer.cli.elicit.session import (
    Session,
    matrix_table,
    read_draft,
    saved_answers,
    say_consistency,
    weights_line,
    write_draft,
)
from prioritizer.core.elicit import (
    AnswerSheet,
    Pair,
    Revision,
    format_judgment,
)
from prioritizer.i18n import t
from prioritizer.present.render.common import format_number, new_table

INTERRUPTED = 130


# -- the interactive questionnaire -------------------------------------------------------------
class _Stop(Exception):
    """The stakeholder asked to stop (exit 0) or the input ended (exit 1): keep the draft, save
    nothing."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def interactive(session: Session, details: AnswerSheet, restart: bool, as_json: bool) -> None:
    """Asks every pair not yet answered (resuming a draft), settles an inconsistent matrix,
    then saves on confirmation."""
    q = session.questionnaire
    lang = session.lang
    if restart:
        session.draft.unlink(missing_ok=True)
    draft = read_draft(session)
    sheet = _merge_details(draft, details) if draft is not None else details
    new_stakeholder(session, sheet)
    answers: dict[Pair, float] = dict(sheet.judgments)
    revisions: list[Revision] = list(sheet.revisions)
    saved = saved_answers(session)
    person = session.person.name.get(lang) if session.person else _display_name(sheet, lang)
    title = t("elicit.title", lang, name=person, region=session.region_name)
    if len(title) + 6 <= session.console.width:
        session.console.rule(escape(title))
    else:  # a rule would cut the title: the title alone, wrapped between words
        session.console.print(Text(title, style="bold"))
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
        session.console.print(matrix_table(session, answers, progress))
        say_consistency(session, progress)
        if not _confirm(session):
            write_draft(session, _draft_of(sheet, answers, revisions))
            session.say("elicit.not_saved", draft=str(session.draft))
            return
    except (KeyboardInterrupt, _Stop) as stop:
        kept = read_draft(session)
        session.console.print()
        session.say(
            "elicit.interrupted",
            answered=0 if kept is None else len(kept.judgments),
            total=len(q.pairs),
            draft=str(session.draft),
        )
        code = stop.code if isinstance(stop, _Stop) else INTERRUPTED
        raise typer.Exit(code) from None
    result = save_answers(session, answers, revisions, sheet)
    session.draft.unlink(missing_ok=True)
    report_saved(session, result, revisions, as_json)


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


def _draft_of(
    sheet: AnswerSheet, answers: Mapping[Pair, float], revisions: Sequence[Revision]
) -> AnswerSheet:
    return replace(sheet, judgments=dict(answers), revisions=tuple(revisions))


def _scale_table(session: Session) -> Table:
    table = new_table(t("elicit.scale_title", session.lang))
    table.add_column(t("elicit.value", session.lang), justify="right")
    table.add_column(t("elicit.meaning", session.lang))
    for item in session.data.saaty_scale.values:
        table.add_row(str(item.value), escape(item.name.get(session.lang)))
    return table


def _read(session: Session, prompt: str) -> str:
    try:
        return session.console.input(escape(prompt)).strip()
    except EOFError:
        raise _Stop(1) from None


def _ask_pairs(
    session: Session,
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
        for criterion, shown_name in ((pair.row, row), (pair.column, column)):
            if meaning := session.describe(criterion):
                session.console.print(Text(f"  {shown_name}: {meaning}", style="dim"))
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
        write_draft(session, _draft_of(sheet, answers, revisions))
        _say_answer(session, pair, value)
        session.say("elicit.weights_so_far", weights=weights_line(session, q.progress(answers)))
        index += 1


def _say_answer(session: Session, pair: Pair, value: float) -> None:
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
    session: Session, answers: dict[Pair, float], sheet: AnswerSheet, revisions: list[Revision]
) -> dict[Pair, float]:
    """While CR is too high: show the judgment most at odds and let the stakeholder revise it
    (to the suggested or another value) or keep it. Each decision is recorded."""
    q = session.questionnaire
    lang = session.lang
    keep_word = t("elicit.keep_word", lang)
    progress = q.progress(answers)
    while progress.worst is not None:
        session.console.print()
        say_consistency(session, progress)
        worst = progress.worst
        suggested, given = format_judgment(worst.nearest_saaty), format_judgment(worst.given)
        session.say("elicit.revise_prompt", suggested=suggested, keep=keep_word, given=given)
        text = _read(session, "> ")
        kept = text.casefold() == keep_word.casefold()
        value = None if kept else (q.parse(text) if text else worst.nearest_saaty)
        if value is None and not kept:
            session.say("elicit.invalid", text=text)
            continue
        answers, record, progress = q.revise(answers, value)  # None keeps the judgment
        revisions.append(record)
        write_draft(session, _draft_of(sheet, answers, revisions))
        pair = {"row": session.name(record.row), "column": session.name(record.column)}
        before = format_number(record.ratio_before, 3, lang)
        if value is None:
            session.say("elicit.kept", **pair, given=given, cr=before)
            break
        after = format_number(record.ratio_after, 3, lang)
        session.say(
            "elicit.revised", **pair, value=format_judgment(value), before=before, after=after
        )
    return answers


def _confirm(session: Session) -> bool:
    yes = {word.strip().casefold() for word in t("elicit.yes", session.lang).split(",")}
    no = {word.strip().casefold() for word in t("elicit.no", session.lang).split(",")}
    while True:
        text = _read(session, t("elicit.confirm", session.lang, file=str(session.file)) + " ")
        word = text.casefold()
        if not word or word in yes:
            return True
        if word in no:
            return False
