"""Why each project is in or out of a portfolio, as a sentence: the rule or trade-off, then the
alternative (what the best portfolio with the project flipped gains or loses)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from prioritizer.errors.portfolio import join_names, labeller, rule_text
from prioritizer.i18n import Language, t
from prioritizer.results.portfolio import ProjectReason
from prioritizer.results.portfolio_problem import Formatter, amount_text


def reason_text(
    reason: ProjectReason,
    *,
    lang: Language | str = Language.EN,
    names: Mapping[str, str],
    pen: Formatter,
    number: Formatter,
) -> str:
    """One project's reason as a sentence: the rule or trade-off first, then the alternative."""
    label = labeller(names)
    per_10k = "-" if reason.value_per_pen is None else number(10_000 * reason.value_per_pen)
    values: dict[str, object] = {
        "value": number(reason.value),
        "contribution": number(reason.contribution),
        "cost": pen(reason.cost_pen),
        "per10k": per_10k,
        "unit": pen(10_000),
        "related": join_names(label(p) for p in reason.related),
        "rules": "; ".join(rule_text(r, lang=lang, names=names, pen=pen) for r in reason.rules),
        "package": pen(reason.package_cost_pen or 0),
        "extra": pen(reason.extra_budget_pen or 0),
        "left": pen(reason.leftover_pen),
        "limit": amount_text(reason.rules[0].amount) if reason.rules else "",
    }
    key: str = reason.kind
    if key == "out_requires" and not reason.extra_budget_pen:
        key = "out_requires_fits"
    text = t(f"portfolio.reason.{key}", lang, **values)
    flip = _flip_text(reason, lang, label, number, pen)
    return text if not flip else f"{text} {flip}"


def _flip_text(
    reason: ProjectReason,
    lang: Language | str,
    label: Callable[[str], str],
    number: Formatter,
    pen: Formatter,
) -> str:
    if not reason.flip_checked:
        return ""
    side = "in" if reason.selected else "out"
    if reason.loss_bounds is not None:
        low, high = reason.loss_bounds
        variant = "between" if high is not None else "at_least" if low > 0 else "unknown"
        return t(
            f"portfolio.flip.{side}_{variant}",
            lang,
            low=number(low),
            high="" if high is None else number(high),
            cost=pen(reason.cost_pen),
        )
    if reason.flip_loss is None:
        return "" if reason.kind == "in_rule" else t(f"portfolio.flip.{side}_impossible", lang)
    enter = join_names(label(p) for p in reason.flip_adds)
    leave = join_names(label(p) for p in reason.flip_drops)
    tie = abs(reason.flip_loss) <= 1e-9 * max(1.0, abs(reason.value))
    variant = "tie" if tie else "loss"
    usual, other = (enter, leave) if reason.selected else (leave, enter)
    if usual and other:
        variant += "_both"
    elif usual:
        variant += "_swap"
    elif other:
        variant += "_also"
    return t(
        f"portfolio.flip.{side}_{variant}",
        lang,
        loss=number(reason.flip_loss),
        cost=pen(reason.cost_pen),
        projects=usual or other,
        enter=enter,
        leave=leave,
    )
