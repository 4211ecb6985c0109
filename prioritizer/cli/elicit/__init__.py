"""Command `elicit`: a stakeholder enters pairwise judgments in the terminal (or from a file).

The command and its scripted path (`--from`) live here; the session in session.py, the terminal
questionnaire in questions.py, saving in save.py. Like every command, it prints and prompts, and
turns every PrioritizerError into one message and an exit code (cli/command.py). The data
set is changed only by a complete, confirmed questionnaire: the new stakeholders.yaml is checked
by loading the whole data set from a copy, then renamed into place, the old one kept as .bak.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated

from rich.console import Console

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import RequiredRegionOption
from prioritizer.cli.declared import option
from prioritizer.cli.elicit.questions import interactive
from prioritizer.cli.elicit.save import report_saved, save_answers
from prioritizer.cli.elicit.session import Session, localized_name, open_session, show_judgments
from prioritizer.cli.options import option_error
from prioritizer.core.elicit import (
    KEEP,
    REVISE,
    AnswerSheet,
    missing_pairs,
    parse_answers,
)
from prioritizer.errors import InputError
from prioritizer.phrases import phrase


class Policy(str, Enum):
    """What `--from` does when the judgments are too inconsistent."""

    KEEP = KEEP
    REVISE = REVISE


@command(inputs=False)
def elicit(
    run: Run,
    region: RequiredRegionOption,
    stakeholder: Annotated[str, option("elicit-stakeholder")],
    inputs: Annotated[Path | None, option("elicit-inputs")] = None,
    show: Annotated[bool, option("show")] = False,
    from_file: Annotated[Path | None, option("from")] = None,
    if_inconsistent: Annotated[Policy | None, option("if-inconsistent")] = None,
    name: Annotated[str | None, option("name")] = None,
    name_es: Annotated[str | None, option("name-es")] = None,
    group: Annotated[str | None, option("group")] = None,
    influence: Annotated[float | None, option("elicit-influence")] = None,
    source: Annotated[str | None, option("source")] = None,
    restart: Annotated[bool, option("restart")] = False,
) -> None:
    """Ask a stakeholder for pairwise judgments of the criteria and save them in the data set."""
    console = Console(stderr=run.as_json, highlight=False)
    # A terminal gets lines wrapped between words at its width; a pipe gets each paragraph whole.
    console.soft_wrap = not console.is_terminal

    session = open_session(inputs, region, stakeholder, run.lang, console)
    if show:
        show_judgments(session, run.as_json)
        return
    details = AnswerSheet(
        judgments={},
        region=region,
        stakeholder=stakeholder,
        name=None if name is None else localized_name(name, name_es),
        group=group,
        influence=influence,
        source=source,
    )
    if session.person is not None and name is not None:
        raise option_error(
            "--name",
            got=name,
            expected=phrase(
                "no --name for an existing stakeholder ({stakeholder} is on file)",
                stakeholder=stakeholder,
            ),
        )
    if from_file is not None:
        _scripted(session, from_file, details, if_inconsistent, run.as_json)
    else:
        interactive(session, details, restart, run.as_json)


# -- scripted ----------------------------------------------------------------------------------
def _scripted(
    session: Session,
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
    result = save_answers(session, answers, revisions, merged)
    report_saved(session, result, revisions, as_json)
