"""Which published worked example checks each method and option (data/method_references.yaml)."""

from __future__ import annotations

import re

from pydantic import Field, model_validator

from prioritizer.data.models.common import Frozen, LocalizedText, NonEmpty
from prioritizer.phrases import phrase

TEST_FILE = r"^test_[a-z0-9_]+\.py$"


class Example(Frozen):
    """A published worked example and the test (under tests/) that reproduces its numbers."""

    source: NonEmpty
    test: str = Field(pattern=TEST_FILE)

    @property
    def cue(self) -> str:
        """The source's first word (an author's surname): the test must name it."""
        match = re.match(r"\w+", self.source)
        return match.group(0) if match else self.source


class MethodReference(Frozen):
    """One method or option that changes a number: the command line that asks for it, its
    published examples (none where none with readable numbers was found) and the oracle or
    invariants that check it otherwise."""

    method: LocalizedText
    usage: NonEmpty
    examples: tuple[Example, ...] = ()
    otherwise: LocalizedText | None = None
    missing: LocalizedText | None = None
    """Why no published example is cited (what was looked for), when none is."""

    @model_validator(mode="after")
    def _checked_somehow(self) -> MethodReference:
        if not self.examples and (self.missing is None or self.otherwise is None):
            raise ValueError(
                phrase("examples, or both `missing` (what was looked for) and `otherwise`")
            )
        if self.examples and self.missing is not None:
            raise ValueError(phrase("`missing` only where no example is cited"))
        return self


class MethodReferences(Frozen):
    """Every method and option, in the order the README's "Reference tests" table lists them."""

    methods: tuple[MethodReference, ...] = Field(min_length=1)
