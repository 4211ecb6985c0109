"""Saving a finished questionnaire into stakeholders.yaml: a new stakeholder's entry, the note
left on the `judgments:` line, the proof that the file reads back as answered, and the edit
itself with comments, key order and quoting kept."""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from prioritizer.core.elicit.answers import judgments_map, parse_yaml, round_trip_yaml
from prioritizer.core.elicit.questionnaire import (
    Pair,
    Progress,
    Questionnaire,
    Revision,
    format_judgment,
)
from prioritizer.data.models import Dataset, LocalizedText, pairwise_matrix
from prioritizer.errors import InputError
from prioritizer.phrases import phrase


# -- stakeholders.yaml -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NewStakeholder:
    """Who a stakeholder added by `elicit --name` is."""

    name: LocalizedText
    group: str
    influence: float
    source: str


def elicitation_note(
    day: str,
    progress: Progress,
    revisions: Sequence[Revision],
    *,
    via: str = "prioritizer elicit",
    completed: Sequence[Pair] = (),
) -> str:
    """The comment left on the `judgments:` line: when, how, the CR, each revision or keep, and
    the pairs not answered whose values were completed from the others."""
    ratio = progress.consistency_ratio
    parts = [f"elicited {day} with {via}; CR {ratio:.3f}" if ratio is not None else ""]
    parts += [revision.note() for revision in revisions]
    if completed:
        listing = ", ".join(f"{pair.row} vs {pair.column}" for pair in completed)
        parts.append(f"not answered, completed from the others (least lambda-max): {listing}")
    return "; ".join(part for part in parts if part)


def check_saved(
    data: Dataset,
    stakeholder: str,
    answers: Mapping[Pair, float],
    questionnaire: Questionnaire,
    *,
    file: str,
) -> None:
    """Proves that `data` (loaded with a new stakeholders.yaml) holds exactly `answers` for the
    stakeholder, so that nothing is saved that would read back differently."""
    saved = next(s for s in data.stakeholders if s.id == stakeholder)
    ids = questionnaire.ids
    matrix = pairwise_matrix(saved, ids)
    for pair, value in answers.items():
        stored = matrix[ids.index(pair.row)][ids.index(pair.column)]
        if not math.isclose(stored, value, rel_tol=1e-9):
            raise InputError(
                file,
                field=f"judgments.{pair.row}.{pair.column}",
                expected=phrase("{value} after saving", value=format_judgment(value)),
                got=format_judgment(stored),
                hint=phrase("nothing was saved"),
            )


def update_stakeholders_yaml(
    text: str,
    *,
    file: str,
    stakeholder: str,
    answers: Mapping[Pair, float],
    questionnaire: Questionnaire,
    note: str,
    new: NewStakeholder | None = None,
    source: str | None = None,
) -> str:
    """stakeholders.yaml with one stakeholder's judgments replaced (or a stakeholder added),
    everything else — comments, order, other stakeholders, quoting — kept as it was.

    `points`, if the stakeholder had them, are replaced by the judgments; `source`, when given,
    replaces the stakeholder's provenance.
    """
    yaml = round_trip_yaml()
    top = parse_yaml(yaml, text, file)
    people = top.get("stakeholders") if isinstance(top, CommentedMap) else None
    if not isinstance(people, CommentedSeq):
        raise InputError(file, field="stakeholders", expected=phrase("a list of stakeholders"))
    entry = next(
        (p for p in people if isinstance(p, CommentedMap) and p.get("id") == stakeholder), None
    )
    if entry is None:
        if new is None:
            raise InputError(
                file,
                field="stakeholders",
                expected=phrase("a stakeholder with the id {id}", id=stakeholder),
                got=phrase("none"),
            )
        entry = CommentedMap()
        entry["id"] = stakeholder
        name = CommentedMap()
        name["en"], name["es"] = new.name.en, new.name.es
        entry["name"] = name
        entry["group"] = new.group
        entry["influence"] = new.influence
        entry["source"] = new.source
        people.append(entry)
    if "points" in entry:
        del entry["points"]
    if source is not None:
        entry["source"] = source
    entry["judgments"] = judgments_map(answers, questionnaire)
    entry.yaml_add_eol_comment(note, "judgments")
    out = io.StringIO()
    yaml.dump(top, out)
    return out.getvalue()
