"""The bodies the pages send, as pydantic models: every field typed and bounded, so that a
garbled, oversized or hand-made request is a 422 with a plain message before any work is done.
What depends on the data set (a pair number, a strength on its scale) is checked by the routes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from prioritizer.results.weights import Aggregation
from prioritizer.web.models import COMMENT_LENGTH, ID_LENGTH

BUDGET_LIMIT_PEN = 10**12
"""The largest budget the planner may try (the data set's own limit on money)."""

Csrf = Annotated[str, StringConstraints(max_length=128)]
Slug = Annotated[str, StringConstraints(max_length=ID_LENGTH, pattern=r"^[a-z0-9][a-z0-9-]*$")]
Comment = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        max_length=COMMENT_LENGTH,
        pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$",
    ),
]
"""Free text without control characters (line breaks and tabs allowed)."""


class _Form(BaseModel):
    """A form: fields it does not know are refused (a request built by hand, or stale)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    csrf: Csrf


class AnswerForm(_Form):
    """One answer: pair number (1-based), which side matters more and how much, or "don't
    know" (`action=skip`); an optional comment on why."""

    pair: Annotated[int, Field(ge=1, le=1000)]
    action: Literal["save", "skip"] = "save"
    side: Literal["row", "equal", "column"] | None = None
    strength: Annotated[int, Field(ge=1, le=1000)] | None = None
    comment: Comment = ""


class DecisionForm(_Form):
    """What to do with the judgment most at odds: revise it to `side`/`strength`, or keep it.
    `row` and `column` name the judgment the page showed, so a stale page cannot change
    another one."""

    action: Literal["revise", "keep"]
    row: Slug
    column: Slug
    side: Literal["row", "equal", "column"] | None = None
    strength: Annotated[int, Field(ge=1, le=1000)] | None = None


class NamesForm(_Form):
    """The planner's switch: hide names in the group views, or show them."""

    hide: bool


class LinkForm(_Form):
    """A new private link for a stakeholder (the old one stops working), or none at all;
    `confirm` once the planner has said yes to stopping a link that works."""

    stakeholder: Slug
    action: Literal["new", "revoke"]
    confirm: bool = False


class ApplyForm(_Form):
    """The planner's confirmation to write the judgments into the data set."""


class PanelParams(BaseModel):
    """The planner page's address: the aggregation, and the consensus sub-groups must reach
    (blank: the first level above each region's own; the levels are SUBGROUP_LEVELS of
    web/group.py). The budgets, one `budget_<region>` per region of the data set, are read by
    the route."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    agg: Aggregation = Aggregation.AIJ
    subgroups: Literal["", "75", "80", "85", "90", "95"] = ""
