"""Why no roadmap exists, as an error that explains itself in any language, in soles per pool
and year (the sentences are UI strings `plan.cause.<kind>`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from prioritizer.errors import InfeasiblePortfolio
from prioritizer.formats import format_pen
from prioritizer.i18n import Language, t
from prioritizer.phrases import ENGLISH, Phrase
from prioritizer.results.plan import PlanCause


def cause_text(
    cause: PlanCause,
    *,
    lang: Language | str = Language.EN,
    names: Mapping[str, str] | None = None,
    pen: Callable[[int], str] | None = None,
) -> str:
    """One cause as a sentence: who, which year, which pools, how many soles short."""
    money = pen or (lambda amount: format_pen(amount, str(getattr(lang, "value", lang))))
    projects = [(names or {}).get(p, p) for p in cause.projects]
    return t(
        f"plan.cause.{cause.kind}",
        lang,
        project=projects[0] if projects else "",
        other=projects[1] if len(projects) > 1 else "",
        projects=", ".join(projects),
        year="" if cause.year is None else cause.year,
        pools=", ".join(cause.pools),
        need=money(cause.need_pen or 0),
        available=money(cause.available_pen or 0),
        shortfall=money(cause.shortfall_pen or 0),
    )


class PlanExplanation(Phrase):
    """The causes' sentences as one phrase, rendered in any language with its formats."""

    causes: tuple[PlanCause, ...]

    def __new__(cls, causes: Sequence[PlanCause]) -> PlanExplanation:
        text = " ".join(cause_text(c) for c in causes)
        self = cast(PlanExplanation, super().__new__(cls, text))
        object.__setattr__(self, "causes", tuple(causes))
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (PlanExplanation, (self.causes,))

    def render(self, lang: str = ENGLISH) -> str:
        """The causes in `lang`."""
        return " ".join(cause_text(c, lang=lang) for c in self.causes)


class PlanInfeasible(InfeasiblePortfolio):
    """No roadmap meets the rules; `causes` say why, per pool and year in soles."""

    def __init__(self, causes: Sequence[PlanCause]) -> None:
        self.causes = tuple(causes)
        short = [c.shortfall_pen for c in self.causes if c.shortfall_pen]
        super().__init__(
            PlanExplanation(self.causes),
            requirements=[c.kind for c in self.causes],
            shortfall_pen=max(short) if short else None,
        )
