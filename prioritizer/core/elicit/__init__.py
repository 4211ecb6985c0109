"""The pairwise questionnaire of `prioritizer elicit`, as pure logic: which pair to ask next, the
weights so far, the consistency ratio as soon as a cycle of answers can be checked, the judgment
most at odds and the value that would fit (`questionnaire`), the answers file (and draft)
format, and the edit of stakeholders.yaml (`answers`).

No printing, no input(), no file access: `cli/elicit.py` and the web app do those. Texts in,
texts out.

Answers file (`--from FILE`, and the draft `.elicit-<stakeholder>.yaml` kept while a session
is unfinished) — YAML::

    region: puno                       # optional; must match --region
    stakeholder: puno-chamber-juliaca  # optional; must match --stakeholder
    judgments:                         # row criterion: {column criterion: value}
      specialization: {diversification: 1/2, global-context: 1/5, cost: 1/3}
      diversification: {global-context: 1/2, cost: 5}
      global-context: {cost: 7}
    if_inconsistent: revise            # or keep (default): what to do when CR > 0.10
    name: {en: Weavers, es: Tejedores}  # only to add a stakeholder
    group: business
    influence: 1.0
    source: workshop of 12 March

Each pair is judged once, in either direction: 3 means the row criterion is moderately more
important than the column one, 1/3 the reverse; values are those of Saaty's scale (1-9) and
their reciprocals. `revise` replaces the judgment most at odds with the others by the nearest
scale value consistent with them until CR <= 0.10; `keep` keeps the answers and records that.
Or CSV, with the header `row,column,value` and one line per pair.
"""

from __future__ import annotations

from prioritizer.core.elicit.answers import (
    AnswerSheet,
    answers_from_judgments,
    dump_answers,
    judgments_map,
    missing_pairs,
    parse_answers,
)
from prioritizer.core.elicit.questionnaire import (
    KEEP,
    REVISE,
    Pair,
    Progress,
    Questionnaire,
    Revision,
    format_judgment,
)
from prioritizer.core.elicit.stakeholders_file import (
    NewStakeholder,
    check_saved,
    elicitation_note,
    update_stakeholders_yaml,
)

__all__ = [
    "KEEP",
    "REVISE",
    "AnswerSheet",
    "NewStakeholder",
    "Pair",
    "Progress",
    "Questionnaire",
    "Revision",
    "answers_from_judgments",
    "check_saved",
    "dump_answers",
    "elicitation_note",
    "format_judgment",
    "judgments_map",
    "missing_pairs",
    "parse_answers",
    "update_stakeholders_yaml",
]
