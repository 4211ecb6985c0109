"""Writing the workshop's judgments into the data set, as `elicit` does: each region's
stakeholders.yaml is rewritten with comments, order and other stakeholders kept, the whole
data set is proven to load with the new files (and to read every judgment back unchanged)
before anything is written, the old files are kept as `.bak`, and the new ones renamed into
place. The planner's "Apply to the data set" and `prioritizer workshop export` both call this.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from prioritizer.core.elicit import (
    Pair,
    check_saved,
    elicitation_note,
    update_stakeholders_yaml,
)
from prioritizer.data.save import load_with, replace_files
from prioritizer.web.judging import completed
from prioritizer.web.store import Store
from prioritizer.web.workshop import WorkshopData

VIA = "the workshop app (prioritizer serve)"
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True, slots=True)
class Applied:
    """What was written: the stakeholders saved (with the pairs not answered that were
    completed from their other answers), those whose answers do not link every criterion
    yet (left as they were in the data set), the files rewritten and their backups."""

    written: tuple[str, ...]
    completed: tuple[tuple[str, tuple[Pair, ...]], ...]
    not_linked: tuple[str, ...]
    files: tuple[Path, ...]
    backups: tuple[Path, ...]


def apply_workshop(workshop: WorkshopData, store: Store, workshop_id: int, *, day: str) -> Applied:
    """Saves every participant whose answers link every criterion into the data set."""
    q = workshop.questionnaire
    participants = store.participants(workshop_id)
    sheets = store.sheets([p.id for p in participants])
    texts: dict[Path, str] = {}
    originals: dict[Path, bytes] = {}
    saved: dict[str, tuple[Path, dict[Pair, float]]] = {}
    filled: list[tuple[str, tuple[Pair, ...]]] = []
    not_linked: list[str] = []
    with _ONE_AT_A_TIME:
        for region in workshop.regions:
            file = workshop.location.inputs / "regions" / region / "stakeholders.yaml"
            for person in participants:
                if person.region != region or not workshop.takes_part(person.stakeholder, region):
                    continue
                answers = sheets[person.id].answers
                full = completed(q, answers)
                if not full:
                    not_linked.append(person.stakeholder)
                    continue
                if file not in originals:
                    originals[file] = file.read_bytes()
                    texts[file] = originals[file].decode("utf-8-sig")
                missing = tuple(pair for pair in q.pairs if pair not in answers)
                note = elicitation_note(
                    day,
                    q.progress(full),
                    store.decisions(person.id),
                    via=VIA,
                    completed=missing,
                )
                texts[file] = update_stakeholders_yaml(
                    texts[file],
                    file=str(file),
                    stakeholder=person.stakeholder,
                    answers=full,
                    questionnaire=q,
                    note=note,
                )
                saved[person.stakeholder] = (file, full)
                if missing:
                    filled.append((person.stakeholder, missing))
        backups: tuple[Path, ...] = ()
        if texts:
            data = load_with(workshop.location, texts)
            for stakeholder, (file, full) in saved.items():
                check_saved(data, stakeholder, full, q, file=str(file))
            backups = tuple(replace_files(texts, originals))
    return Applied(tuple(saved), tuple(filled), tuple(not_linked), tuple(texts), backups)
