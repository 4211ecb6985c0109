"""The regions of a workbook as folders: region.yaml, severities.csv and stakeholders.yaml for
each region, from the sheets keyed by region id and by stakeholder id."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from prioritizer.data.models.common import SLUG_PATTERN
from prioritizer.data.workbook.conversion import _Conversion
from prioritizer.data.workbook.layout import (
    JUDGMENT,
    MONEY,
    NUMBER,
    _Sheet,
    _yaml_scalar,
)
from prioritizer.data.workbook.read import _Row, _Table
from prioritizer.data.workbook.records import _csv, _named_record, _Record, _record_fields
from prioritizer.phrases import phrase


def convert_regions(conv: _Conversion, layout: Mapping[str, _Sheet]) -> dict[str, _Row]:
    """The regions sheet and the sheets keyed by region, as one folder per region; returns the
    regions' rows by id."""
    regions = conv.load(layout["regions"])
    facts = conv.load(layout["facts"])
    rules = conv.load(layout["rules"])
    severities = conv.load(layout["severities"])
    stakeholders = conv.load(layout["stakeholders"])
    judgments = conv.load(layout["judgments"])
    points = conv.load(layout["points"])
    ids: dict[str, _Row] = {}
    for row in regions.rows:
        region = row.text("id")
        if not re.fullmatch(SLUG_PATTERN, region):
            raise conv.fail(
                row.cell("id"),
                expected=phrase("a region id: lower-case letters, digits and hyphens (cusco)"),
                got=row.value("id") or phrase("nothing"),
            )
        if region in ids:
            raise conv.fail(
                row.cell("id"),
                expected=phrase(
                    "each region once ({region} is also at {cell})",
                    region=region,
                    cell=ids[region].cell("id").ref,
                ),
                got=region,
            )
        ids[region] = row
    grouped = {
        name: by_region(conv, table, ids, regions.title)
        for name, table in (
            ("facts", facts),
            ("rules", rules),
            ("severities", severities),
            ("stakeholders", stakeholders),
        )
    }
    people = {row.text("id"): row for row in stakeholders.rows if row.text("id")}
    by_person: dict[str, dict[str, list[_Row]]] = {"judgments": {}, "points": {}}
    for name, table in (("judgments", judgments), ("points", points)):
        for row in table.rows:
            person = row.text("stakeholder")
            if person not in people:
                raise conv.fail(
                    row.cell("stakeholder"),
                    expected=phrase(
                        "a stakeholder id of the sheet {sheet}", sheet=stakeholders.title
                    ),
                    got=row.value("stakeholder") or phrase("nothing"),
                )
            by_person[name].setdefault(person, []).append(row)
    for region, row in ids.items():
        folder = f"inputs/regions/{region}"
        _region_yaml(
            conv,
            f"{folder}/region.yaml",
            regions,
            row,
            grouped["facts"].get(region, []),
            grouped["rules"].get(region, []),
        )
        conv.origins.sheets[f"{folder}/region.yaml"] = (regions.title, facts.title, rules.title)
        rated = grouped["severities"].get(region, [])
        keys = [key for key in severities.spec.column_keys() if key in severities.header][1:]
        conv.write(
            f"{folder}/severities.csv",
            _csv(f"{folder}/severities.csv", conv.origins, keys, rated, keys),
            severities.title,
        )
        _stakeholders_yaml(
            conv,
            f"{folder}/stakeholders.yaml",
            region,
            row,
            stakeholders,
            grouped["stakeholders"].get(region, []),
            by_person,
        )
        conv.origins.sheets[f"{folder}/stakeholders.yaml"] = (
            stakeholders.title,
            judgments.title,
            points.title,
        )
    conv.origins.sheets["inputs/regions"] = (regions.title, severities.title)
    return ids


def by_region(
    conv: _Conversion, table: _Table, regions: Mapping[str, _Row], title: str
) -> dict[str, list[_Row]]:
    """The rows of `table` by region; a region not on the sheet `title` is refused."""
    expected = phrase(
        "a region id of the sheet {sheet} ({ids})", sheet=title, ids=", ".join(regions)
    )
    return conv.group_by(table, "region", regions, expected)


def _region_yaml(
    conv: _Conversion,
    relative: str,
    table: _Table,
    row: _Row,
    facts: Sequence[_Row],
    rules: Sequence[_Row],
) -> None:
    out = conv.yaml(relative, table)
    fields = _record_fields(
        row,
        {
            "budget": "budget_pen",
            "budget.budget_pen": "budget_pen",
            "budget.source": "budget_source",
            "budget.note": "budget_note",
            "rules": "rules_source",
            "rules.source": "rules_source",
            "min_projects_per_chain": "rules_source",
        },
    )
    record = _Record(out, 0, fields, first=False)
    record.scalar("id", row, "id")
    record.localized("name", row, "name")
    record.scalar("source", row, "source")
    if facts:
        record.line("facts:", facts[0].cell("fact"))
    for fact in facts:
        key = fact.text("fact")
        for column in ("value", "year", "source"):
            fields[f"facts.{key}.{column}"] = fact.cell(column)
        fields.setdefault(f"facts.{key}", fact.cell("fact"))
        record.line(f"{json.dumps(key, ensure_ascii=False)}:", fact.cell("fact"), depth=1)
        record.scalar("value", fact, "value", NUMBER, depth=2)
        record.scalar("year", fact, "year", NUMBER, depth=2)
        record.scalar("source", fact, "source", depth=2)
    record.line("budget:", row.cell("budget_pen"))
    record.scalar("budget_pen", row, "budget_pen", MONEY, depth=1)
    record.scalar("source", row, "budget_source", depth=1)
    record.scalar("note", row, "budget_note", depth=1)
    record.line("rules:", row.cell("rules_source"))
    if rules:
        record.line("min_projects_per_chain:", rules[0].cell("value_chain"), depth=1)
    for rule in rules:
        chain = rule.text("value_chain")
        fields[f"min_projects_per_chain={chain}"] = rule.cell("value_chain")
        fields[f"rules.min_projects_per_chain.{chain}"] = rule.cell("min_projects")
        record.line(
            f"{json.dumps(chain, ensure_ascii=False)}: "
            f"{_yaml_scalar(rule.value('min_projects'), NUMBER)}",
            rule.cell("min_projects"),
            depth=2,
        )
    record.scalar("source", row, "rules_source", depth=1)
    conv.write(relative, out.text(), table.title)


def _stakeholders_yaml(
    conv: _Conversion,
    relative: str,
    region: str,
    region_row: _Row,
    table: _Table,
    people: Sequence[_Row],
    weighting: Mapping[str, Mapping[str, list[_Row]]],
) -> None:
    out = conv.yaml(relative, table)
    top = {"region": region_row.cell("id"), "stakeholders": region_row.cell("id")}
    out.add(f"region: {json.dumps(region)}", region_row.cell("id"), top)
    out.add("stakeholders:" if people else "stakeholders: []", region_row.cell("id"), top)
    for row in people:
        person = row.text("id")
        record = _named_record(out, row)
        fields = record.fields
        record.scalar("group", row, "group")
        record.scalar("influence", row, "influence", NUMBER)
        record.scalar("source", row, "source")
        judged = weighting["judgments"].get(person, [])
        given = weighting["points"].get(person, [])
        fields["judgments"] = row.cell("id")
        fields["points"] = given[0].cell("points") if given else row.cell("id")
        if judged:
            record.line("judgments:", judged[0].cell("row"))
            by_row: dict[str, list[_Row]] = {}
            for item in judged:
                by_row.setdefault(item.text("row"), []).append(item)
            for criterion, items in by_row.items():
                fields[f"judgments.{criterion}"] = items[0].cell("row")
                record.line(
                    f"{json.dumps(criterion, ensure_ascii=False)}:", items[0].cell("row"), 1
                )
                for item in items:
                    other = item.text("column")
                    path = f"judgments.{criterion}.{other}"
                    record.entry(path, other, item, "value", JUDGMENT, 2)
        if given:
            record.line("points:", given[0].cell("criterion"))
            for item in given:
                criterion = item.text("criterion")
                record.entry(f"points.{criterion}", criterion, item, "points", NUMBER, 1)
    conv.write(relative, out.text(), table.title)
