"""Report sections that frame the choice: the summary, what to fund whatever the weights and
what to debate, the weights, the mechanisms, what differs and joint planning."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from prioritizer.formats import format_number, format_pen, format_share
from prioritizer.i18n import t
from prioritizer.present.export.charts import SCORES, WEIGHTS, chart_name
from prioritizer.present.export.report.blocks import (
    Block,
    Bullets,
    Chart,
    Figures,
    Heading,
    Paragraph,
    Section,
    Table,
)
from prioritizer.present.export.summary import format_value, funded, summary_rows
from prioritizer.present.export.tables import Payload, display_name, is_infeasible

TOP_MECHANISMS = 10


def title_blocks(payload: Payload, areas: Sequence[Payload], lang: str) -> list[Block]:
    """The report's title and the options of the run."""
    blocks: list[Block] = [
        Heading(1, t("export.title", lang, regions=" · ".join(str(r["name"]) for r in areas)))
    ]
    said = options_text(payload.get("options") or {}, lang)
    if said:
        blocks.append(Paragraph(f"{t('export.options', lang)}: {said}", note=True))
    return blocks


_SOLVERS = {"highs": "HiGHS", "cbc": "CBC"}


def options_text(options: Payload, lang: str) -> str:
    """The run's options in words (`ranked with TOPSIS; regions planned separately; …`); an
    option without words of its own as `key=value`."""
    said: list[str] = []
    rest = {k: v for k, v in options.items() if isinstance(v, str | int | float | bool)}
    if "method" in rest:
        method = t(f"ranking.method.{rest.pop('method')}", lang)
        said.append(t("export.opt.method", lang, method=method))
    for key in ("value", "joint", "roadmap", "require_coverage", "aggregation"):
        if key in rest:
            said.append(t(f"export.opt.{key}.{str(rest.pop(key)).lower()}", lang))
    if "solver" in rest:
        solver = str(rest.pop("solver"))
        deadline = rest.pop("deadline", None)
        said.append(t("export.opt.solver", lang, solver=_SOLVERS.get(solver, solver)))
        if deadline is not None:
            seconds = format_number(float(deadline), 0, lang)
            said.append(t("export.opt.deadline", lang, seconds=seconds))
    if "samples" in rest:
        samples = format_number(float(rest.pop("samples")), 0, lang)
        said.append(t("export.opt.samples", lang, samples=samples, seed=rest.pop("seed", 0)))
    said += [f"{k}={v if isinstance(v, str) else json.dumps(v)}" for k, v in rest.items()]
    return "; ".join(said)


def summary_section(payload: Payload, areas: Sequence[Payload], lang: str) -> list[Block]:
    """Budget, spending, value, robustness and coverage side by side."""
    rows = tuple(
        (row.label, *(format_value(v, row.kind, lang) for v in row.values))
        for row in summary_rows(payload, lang)
    )
    header = (t("export.summary.item", lang), *(str(r["name"]) for r in areas))
    blocks: list[Block] = [
        Section("summary", t("export.summary", lang)),
        Table(header, rows, (False,) * len(header)),
    ]
    blocks += [infeasible_line(r, lang) for r in areas if is_infeasible(r["portfolio"])]
    return blocks


def core_section(payload: Payload, areas: Sequence[Payload], lang: str) -> list[Block]:
    """Per region: the projects to fund whatever the weights, those to debate (and which of
    them this plan funds), those to leave out whatever the weights."""
    blocks: list[Block] = [Section("core-index", t("export.core", lang))]
    summaries = [r.get("robustness") for r in areas]
    first = next((s for s in summaries if s), None)
    if first is None:
        return [*blocks, Paragraph(t("export.core.not_computed", lang))]
    blocks.append(
        Paragraph(t("export.core.intro", lang, samples=first["samples"], seed=first["seed"]))
    )
    for region, summary in zip(areas, summaries, strict=True):
        blocks.append(Heading(3, str(region["name"])))
        if not summary:
            blocks.append(Paragraph(t("export.core.not_computed", lang)))
            continue
        chosen = set(funded(region))
        shares: Mapping[str, float] = summary.get("core_index", {})

        debated = list(summary.get("borderline", []))
        blocks += [
            _core_table(
                payload, "compare.robust_core", summary.get("core", []), shares, chosen, lang
            ),
            _core_table(payload, "compare.robust_debate", debated, shares, chosen, lang),
            Paragraph(
                t(
                    "export.core.debated",
                    lang,
                    funded=_names(payload, [p for p in debated if p in chosen], lang),
                    out=_names(payload, [p for p in debated if p not in chosen], lang),
                )
            ),
            Paragraph(
                t(
                    "export.core.exterior",
                    lang,
                    names=_names(payload, summary.get("exterior", []), lang),
                ),
                note=True,
            ),
        ]
    return blocks


def weights_section(
    payload: Payload, areas: Sequence[Payload], lang: str, charts: Mapping[str, bytes]
) -> list[Block]:
    """Group weights side by side, each region's stakeholders, the weights charts."""
    criteria = list(areas[0]["weights"]["weights"]) if areas else []
    rows = tuple(
        (display_name(payload, c), *(_weight_cell(r["weights"], c, lang) for r in areas))
        for c in criteria
    )
    header = (t("export.col.criterion", lang), *(str(r["name"]) for r in areas))
    blocks: list[Block] = [
        Section("weights", t("export.weights", lang)),
        Paragraph(t("export.weights.group", lang)),
        Table(header, rows, (False,) + (True,) * len(areas)),
    ]
    for region in areas:
        weights = region["weights"]
        people = weights.get("stakeholders", [])
        if not people:
            continue
        own = list(weights["weights"])
        header = (
            t("export.col.stakeholder", lang),
            t("export.col.influence", lang),
            t("export.col.consistency_ratio", lang),
            *(display_name(payload, c) for c in own),
        )
        rows = tuple(
            (
                str(p["name"]),
                format_share(float(p.get("influence", 0.0)), lang),
                _cr(p, lang),
                *(format_share(float(p["weights"][c]), lang) for c in own),
            )
            for p in people
        )
        blocks += [
            Heading(3, t("export.weights.stakeholders", lang, region=region["name"])),
            Table(header, rows, (False,) + (True,) * (len(header) - 1), stack=True),
        ]
    shown = [
        Chart(chart_name(WEIGHTS, r["id"]), t("export.caption.weights", lang, region=r["name"]))
        for r in areas
        if chart_name(WEIGHTS, r["id"]) in charts
    ]
    return blocks + ([Figures(tuple(shown))] if shown else [])


def mechanisms_section(
    payload: Payload, areas: Sequence[Payload], lang: str, charts: Mapping[str, bytes]
) -> list[Block]:
    """The first mechanisms of each region side by side, the scores chart, rank reversals."""
    lists = [(r.get("ranking") or {}).get("ranking", [])[:TOP_MECHANISMS] for r in areas]
    header: tuple[str, ...] = ()
    for region in areas:
        header += (str(region["name"]), t("export.col.score", lang))
    rows = []
    for position in range(max((len(items) for items in lists), default=0)):
        cells: tuple[str, ...] = ()
        for items in lists:
            if position < len(items):
                item = items[position]
                cells += (
                    f"{item['rank']}. {display_name(payload, item['id'])}",
                    format_number(float(item["score"]), 3, lang),
                )
            else:
                cells += ("", "")
        rows.append(cells)
    notes = tuple(n for r in areas for n in r.get("rank_reversal_notes", []))
    chart = (
        [Figures((Chart(SCORES, t("export.caption.scores", lang)),))] if SCORES in charts else []
    )
    return [
        Section("mechanisms", t("export.mechanisms", lang, n=len(rows))),
        Table(header, tuple(rows), (False, True) * len(areas), stack=True),
        *chart,
        *([Bullets(notes)] if notes else []),
    ]


def differences_section(payload: Payload, lang: str) -> list[Block]:
    """What differs between the regions and why, as the terminal says it."""
    items = tuple(
        str(d.get("text") or display_name(payload, d["subject"]))
        for d in payload.get("differences", [])
    )
    if not items:
        return [
            Section("differences", t("export.differences", lang)),
            Paragraph(t("export.no_differences", lang)),
        ]
    quoted = any("«" in item for item in items)
    notes: list[Block] = [Paragraph(t("export.quotes_note", lang), note=True)] if quoted else []
    return [Section("differences", t("export.differences", lang)), Bullets(items), *notes]


def joint_section(payload: Payload, areas: Sequence[Payload], lang: str) -> list[Block]:
    """Planning both regions as one problem against planning them apart, when it was asked."""
    joint = payload.get("joint")
    if not joint:
        return []
    rows = (
        (t("export.joint.separate", lang), format_number(joint["separate_objective"], 3, lang)),
        (t("export.joint.jointly", lang), format_number(joint["objective"], 3, lang)),
    )
    names = {str(r["id"]): str(r["name"]) for r in areas}
    plans = tuple(
        f"{names.get(region, region)}: " + ", ".join(display_name(payload, p) for p in chosen)
        for region, chosen in joint.get("selected", {}).items()
    )
    gain = t(
        "export.joint.gain",
        lang,
        value=format_number(joint["gain_value"], 3, lang),
        pen=format_pen(joint["gain_pen"], lang),
    )
    return [
        Section("joint", t("export.joint", lang)),
        Table((t("export.joint.plan", lang), t("export.joint.value", lang)), rows, (False, True)),
        Paragraph(gain),
        Bullets(plans),
    ]


def infeasible_line(region: Payload, lang: str) -> Paragraph:
    """Why a region has no portfolio."""
    explanation = str(region["portfolio"].get("explanation", ""))
    return Paragraph(
        t("export.infeasible_line", lang, region=region["name"], explanation=explanation)
    )


def _core_table(
    payload: Payload,
    label: str,
    projects: Sequence[str],
    shares: Mapping[str, float],
    chosen: set[str],
    lang: str,
) -> Table:
    """Projects of one core-index class, highest index first, with whether this plan funds
    them."""
    rows = tuple(
        (
            display_name(payload, p),
            format_share(float(shares.get(p, 0.0)), lang, 0),
            t("export.yes" if p in chosen else "export.no", lang),
        )
        for p in sorted(projects, key=lambda p: -float(shares.get(p, 0.0)))
    ) or ((t("export.none", lang), "", ""),)
    header = (t(label, lang), t("export.col.core_index", lang), t("export.col.in_plan", lang))
    return Table(header, rows, (False, True, False))


def _names(payload: Payload, ids: Sequence[str], lang: str) -> str:
    return ", ".join(display_name(payload, i) for i in ids) or t("export.none", lang)


def _cr(holder: Payload, lang: str) -> str:
    value = holder.get("consistency_ratio")
    return "—" if value is None else format_number(float(value), 3, lang)


def _weight_cell(weights: Payload, criterion: str, lang: str) -> str:
    value = format_share(float(weights["weights"][criterion]), lang)
    spread = (weights.get("spread") or {}).get(criterion)
    if not spread:
        return value
    low = format_share(float(spread["min"]), lang, 0)
    high = format_share(float(spread["max"]), lang, 0)
    return t("export.weights.spread", lang, weight=value, low=low, high=high)
