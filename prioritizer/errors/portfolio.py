"""Why no portfolio fits, as an error that explains itself in any language: the sentences of its
causes and of the rules they involve (the renderers reuse `rule_text` for binding rules)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, cast

from prioritizer.errors import InfeasiblePortfolio
from prioritizer.formats import format_pen, format_share
from prioritizer.i18n import Language, t
from prioritizer.phrases import ENGLISH, Phrase, show
from prioritizer.results.portfolio import InfeasibilityCause
from prioritizer.results.portfolio_problem import Formatter, Rule, amount_text


class CauseExplanation(Phrase):
    """Why no portfolio fits, as a phrase: the causes' sentences, in English or any language.

    Each cause's sentence is a UI string (`portfolio.cause.<kind>` in the locale files), filled
    with soles, shares and project names, so `render` assembles the sentences with
    `explain_causes` and the language's number formats instead of filling one template (the
    `template` attribute holds the English text and is never looked up in a catalogue).
    """

    causes: tuple[InfeasibilityCause, ...]

    def __new__(cls, causes: Sequence[InfeasibilityCause]) -> CauseExplanation:
        self = cast(CauseExplanation, super().__new__(cls, explain_causes(causes)))
        object.__setattr__(self, "causes", tuple(causes))
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (CauseExplanation, (self.causes,))

    def render(self, lang: str = ENGLISH) -> str:
        """The causes in `lang`, with its formats of soles and shares."""
        return explain_causes(
            self.causes,
            lang=lang,
            pen=lambda amount: format_pen(amount, lang),
            share=lambda value: format_share(value, lang),
        )


class PortfolioInfeasible(InfeasiblePortfolio):
    """InfeasiblePortfolio explained by its structured causes, so it reads in any language.

    The explanation (and so `message(lang)`, the CLI's one-line error) is a `CauseExplanation`.
    """

    def __init__(
        self,
        causes: Sequence[InfeasibilityCause],
        *,
        requirements: Sequence[str] = (),
        shortfall_pen: int | None = None,
    ) -> None:
        self.causes = tuple(causes)
        super().__init__(
            CauseExplanation(self.causes), requirements=requirements, shortfall_pen=shortfall_pen
        )


def infeasible_to_dict(
    error: InfeasiblePortfolio, lang: str = ENGLISH, names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The JSON of an infeasible problem: status, explanation in `lang` (groups and gaps by
    their `names`), shortfall, causes."""
    causes = getattr(error, "causes", ())
    explanation = (
        explain_causes(
            causes,
            lang=lang,
            pen=lambda amount: format_pen(amount, lang),
            share=lambda value: format_share(value, lang),
            names=names,
        )
        if causes
        else show(error.explanation, lang)
    )
    return {
        "status": "infeasible",
        "explanation": explanation,
        "shortfall": error.shortfall_pen,
        "requirements": list(error.requirements),
        "causes": [c.to_dict() for c in causes],
    }


def cause_text(
    cause: InfeasibilityCause,
    *,
    lang: Language | str = Language.EN,
    pen: Formatter = format_pen,
    share: Formatter = format_share,
    names: Mapping[str, str] | None = None,
) -> str:
    """One cause as a sentence in the planner's terms (soles, project names, groups, gaps);
    `names` adds the names of groups and gaps to the projects' the cause carries."""
    names = {**(names or {}), **dict(cause.labels)}
    label = labeller(names)

    def money(amount: int | None) -> str:
        return pen(0 if amount is None else amount)

    values: dict[str, object] = {
        "projects": join_names(label(p) for p in cause.projects),
        "group": label(cause.group) if cause.group else "",
        "gap": label(cause.gap) if cause.gap else "",
        "cost": money(cause.cost_pen),
        "budget": money(cause.budget_pen),
        "shortfall": money(cause.shortfall_pen),
        "count": "" if cause.count is None else cause.count,
        "count_candidates": counted("portfolio.n_candidates", cause.count, lang),
        "required": amount_text(cause.required),
        "required_projects": counted("portfolio.n_projects", cause.required, lang),
        "required_pen": money(cause.required_pen),
        "share": share(0.0 if cause.required is None else cause.required),
        "rules": "; ".join(
            rule_text(r, lang=lang, names=names, pen=pen, share=share) for r in cause.rules
        ),
        "a": label(cause.projects[0]) if cause.projects else "",
        "b": label(cause.projects[1]) if len(cause.projects) > 1 else "",
    }
    if cause.kind == "requires_excluded":
        values["chains"] = "; ".join(_chain_text(c, label, lang) for c in cause.chains)
    return t(f"portfolio.cause.{cause.kind}", lang, **values)


def explain_causes(
    causes: Sequence[InfeasibilityCause],
    *,
    lang: Language | str = Language.EN,
    pen: Formatter = format_pen,
    share: Formatter = format_share,
    names: Mapping[str, str] | None = None,
) -> str:
    """Every cause as one paragraph."""
    return " ".join(cause_text(c, lang=lang, pen=pen, share=share, names=names) for c in causes)


def _chain_text(chain: tuple[str, ...], label: Callable[[str], str], lang: Language | str) -> str:
    text = t("portfolio.chain.mandatory", lang, name=label(chain[0]))
    for step, project in enumerate(chain[1:]):
        key = "portfolio.chain.requires" if step == 0 else "portfolio.chain.which_requires"
        text = t(key, lang, chain=text, name=label(project))
    return text


def rule_text(
    rule: Rule,
    *,
    lang: Language | str = Language.EN,
    names: Mapping[str, str] | None = None,
    pen: Formatter = format_pen,
    share: Formatter = format_share,
) -> str:
    """The rule as a phrase ("A requires B", "at least 1 projects in group coffee")."""
    label = labeller(names)
    amount = 0.0 if rule.amount is None else float(rule.amount)
    return t(
        f"portfolio.rule.{rule.kind}",
        lang,
        a=label(rule.projects[0]) if rule.projects else "",
        b=label(rule.projects[1]) if len(rule.projects) > 1 else "",
        group=label(rule.group) if rule.group else "",
        gap=label(rule.gap) if rule.gap else "",
        count=amount_text(rule.amount),
        count_projects=counted("portfolio.n_projects", rule.amount, lang),
        share=share(amount),
        amount=pen(amount),
    )


def counted(key: str, count: float | None, lang: Language | str) -> str:
    """`1 project`, `3 projects`: a count with its noun, singular or plural (`key`.one/.other)."""
    if count is None:
        return ""
    return t(f"{key}.one" if count == 1 else f"{key}.other", lang, count=amount_text(count))


def labeller(names: Mapping[str, str] | None) -> Callable[[str], str]:
    """Project id -> display name, the id itself when no name is known."""
    table = dict(names or {})
    return lambda project: table.get(project, project)


def join_names(items: Iterable[str]) -> str:
    """Names as one list in a sentence."""
    return ", ".join(items)
