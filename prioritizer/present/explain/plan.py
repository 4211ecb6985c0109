"""Why each project starts when it does, at its level, or is out of the roadmap, as sentences in
English or Spanish (UI strings `plan.*`), from the structured `PlanReason`."""

from __future__ import annotations

from collections.abc import Mapping

from prioritizer.errors.portfolio import join_names
from prioritizer.i18n import Language, t
from prioritizer.results.plan import PlanReason, Scheduled
from prioritizer.results.portfolio_problem import Formatter


def plan_reason_text(
    reason: PlanReason,
    *,
    entry: Scheduled | None,
    lang: Language | str = Language.EN,
    names: Mapping[str, str],
    pen: Formatter,
    number: Formatter,
) -> str:
    """The reason as sentences: when (or why out), which level, synergies, the flip's loss.

    `names` maps project ids and, where known, pool, unit, level and synergy ids to names.
    """
    related = join_names(names.get(p, p) for p in reason.related) or t("plan.nobody", lang)
    values: dict[str, object] = {
        "start": "" if entry is None else entry.start,
        "year": "" if reason.year is None else reason.year,
        "related": related,
        "unit": related,
        "pools": ", ".join(names.get(p, p) for p in reason.pools),
        "amount": pen(reason.amount_pen or 0),
    }
    if reason.selected:
        parts = [t(f"plan.start.{reason.start_kind}", lang, **values)]
        if reason.level_kind in ("best", "cheaper"):
            options = "; ".join(
                t(
                    "plan.level.option",
                    lang,
                    name=names.get(o.name, o.name),
                    value=number(o.value),
                    cost=pen(o.total_pen),
                )
                for o in reason.alternatives
            )
            parts.append(
                t(
                    f"plan.level.{reason.level_kind}",
                    lang,
                    level=names.get(reason.level or "", reason.level),
                    alternatives=options,
                )
            )
        if reason.synergies:
            synergies = ", ".join(names.get(s, s) for s in reason.synergies)
            parts.append(t("plan.synergy", lang, synergies=synergies))
    else:
        parts = [t(f"plan.out.{reason.out_kind}", lang, **values)]
    if reason.unit_years:
        *first, last = (str(y) for y in reason.unit_years)
        years = t("plan.years_or", lang, first=", ".join(first), last=last) if first else last
        unit = names.get(reason.unit or "", reason.unit)
        parts.append(t("plan.unit_years", lang, years=years, unit=unit))
    if reason.flip_checked:
        side = "in" if reason.selected else "out"
        if reason.flip_loss is None:
            parts.append(t("plan.flip.impossible", lang))
        else:
            parts.append(t(f"plan.flip.{side}", lang, loss=number(reason.flip_loss)))
    return " ".join(parts)
