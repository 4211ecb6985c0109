"""Saving a finished questionnaire into the data set (checked by loading it from a copy, the old
stakeholders.yaml kept as .bak) and the report of what was saved."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from prioritizer.cli.common import (
    emit_json,
)
from prioritizer.cli.elicit.session import Session, judgments_dict
from prioritizer.cli.options import option_error
from prioritizer.core.elicit import (
    AnswerSheet,
    NewStakeholder,
    Pair,
    Revision,
    check_saved,
    elicitation_note,
    format_judgment,
    update_stakeholders_yaml,
)
from prioritizer.data.load.location import DatasetLocation
from prioritizer.data.models.common import SLUG_PATTERN
from prioritizer.data.save import (
    load_with,
    replace_files,
)
from prioritizer.i18n import t
from prioritizer.phrases import phrase
from prioritizer.present.render.common import format_number


def new_stakeholder(session: Session, sheet: AnswerSheet) -> NewStakeholder | None:
    """Who a stakeholder not yet on file is; an error when nothing says it."""
    if session.person is not None:
        return None
    if sheet.name is None:
        known = ", ".join(s.id for s in session.data.stakeholders_of(session.region))
        raise option_error(
            "--stakeholder",
            got=session.stakeholder,
            expected=phrase(
                "a stakeholder of {region} ({known}), or --name to add one",
                region=session.region,
                known=known,
            ),
        )
    group = sheet.group or "other"
    if not re.fullmatch(SLUG_PATTERN, group):
        raise option_error(
            "--group",
            got=group,
            expected=phrase("a group id of lower-case letters, digits and hyphens (business)"),
        )
    influence = 1.0 if sheet.influence is None else sheet.influence
    if not (math.isfinite(influence) and influence > 0):
        raise option_error("--influence", got=influence, expected=phrase("a positive number"))
    today = date.today().isoformat()
    return NewStakeholder(
        name=sheet.name,
        group=group,
        influence=influence,
        source=sheet.source or f"judgments elicited with prioritizer elicit on {today}",
    )


# -- saving ------------------------------------------------------------------------------------
def save_answers(
    session: Session,
    answers: Mapping[Pair, float],
    revisions: Sequence[Revision],
    sheet: AnswerSheet,
) -> dict[str, Any]:
    """Writes the judgments into stakeholders.yaml: checked on a copy of the data set first,
    then the old file is kept as .bak and the new one renamed into place."""
    q = session.questionnaire
    progress = q.progress(answers)
    new = new_stakeholder(session, sheet)
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
        "judgments": judgments_dict(answers),
        **progress.to_dict(),
        "revisions": [revision.to_dict() for revision in revisions],
        "note": note,
    }


def report_saved(
    session: Session, result: Mapping[str, Any], revisions: Sequence[Revision], as_json: bool
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
