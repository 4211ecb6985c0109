"""`portfolio --alternatives K`, `--within PCT` and `--by-group` from the command line: the JSON
contract against brute force, the side-by-side view, each group's portfolio against the same
data set holding that group's stakeholders alone, and bad values in both languages."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Run

DATA = Path(__file__).parent / "data"
CANDIDATES = str(DATA / "good" / "candidates.csv")
COST = {"A": 200000, "B": 150000, "C": 100000, "D": 120000, "E": 80000}
VALUE = {"A": 5, "B": 4, "C": 3, "D": 3.5, "E": 1}


def _every_portfolio(budget: int) -> list[tuple[float, frozenset[str]]]:
    """Independent oracle for tests/data/good/candidates.csv: every subset meeting its rules
    (E mandatory, B requires A, C excludes D) within `budget`, best first."""
    found = []
    for k in range(len(COST) + 1):
        for chosen in itertools.combinations(COST, k):
            s = frozenset(chosen)
            if sum(COST[p] for p in s) > budget or "E" not in s:
                continue
            if ("B" in s and "A" not in s) or {"C", "D"} <= s:
                continue
            found.append((float(sum(VALUE[p] for p in s)), s))
    return sorted(found, key=lambda item: -item[0])


def _json(cli: Callable[..., Run], *args: str) -> dict[str, Any]:
    result = cli("portfolio", *args, "--json")
    assert result.code == 0, result.stderr
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


@pytest.mark.parametrize("budget", [300000, 430000, 650000])
@pytest.mark.parametrize("count", [2, 5, 30])
def test_alternatives_json_is_the_k_best(cli: Callable[..., Run], budget: int, count: int) -> None:
    payload = _json(
        cli, "--projects", CANDIDATES, "--budget", str(budget), "--alternatives", str(count)
    )
    expected = _every_portfolio(budget)
    listed = payload["alternatives"]
    assert [item["objective"] for item in listed] == [v for v, _ in expected[:count]]
    assert len({frozenset(item["selected"]) for item in listed}) == len(listed)
    assert listed[0]["selected"] == payload["selected"]
    best = listed[0]
    for rank, item in enumerate(listed, start=1):
        chosen = frozenset(item["selected"])
        assert (item["objective"], chosen) in expected
        assert item["rank"] == rank
        assert item["total_cost"] == sum(COST[p] for p in chosen) <= budget
        assert item["leftover"] == budget - item["total_cost"]
        assert set(item["differs_from_best"]["adds"]) == chosen - set(best["selected"])
        assert set(item["differs_from_best"]["drops"]) == set(best["selected"]) - chosen
        assert item["value_gap_pct"] == pytest.approx(
            100 * (best["objective"] - item["objective"]) / best["objective"]
        )
    search = payload["alternatives_search"]
    assert search["count"] == count and search["found"] == len(listed)
    assert search["end"] == ("count" if len(expected) >= count else "all")


@pytest.mark.parametrize("within", ["0", "10", "25", "100"])
def test_within_json_is_exactly_the_brute_force_set(cli: Callable[..., Run], within: str) -> None:
    payload = _json(cli, "--projects", CANDIDATES, "--budget", "650000", "--within", within)
    expected = _every_portfolio(650000)
    floor = (1 - float(within) / 100) * expected[0][0]
    wanted = {s for v, s in expected if v >= floor - 1e-9}
    assert {frozenset(item["selected"]) for item in payload["alternatives"]} == wanted
    assert payload["alternatives_search"]["end"] == "all"
    assert payload["alternatives_search"]["threshold"] == pytest.approx(floor)


def test_region_alternatives_side_by_side(cli: Callable[..., Run]) -> None:
    result = cli("portfolio", "--region", "cusco", "--alternatives", "4")
    assert result.code == 0, result.stderr
    out = result.stdout
    assert "Alternatives: the 4 best portfolios, side by side" in out
    assert all(f"#{k}" in out for k in range(1, 5))
    for label in ("Value", "Below the best", "Cost", "Budget left", "Funded by every alternative"):
        assert label in out
    assert "These are the 4 best portfolios that meet every rule" in out
    spanish = cli("portfolio", "--region", "cusco", "--alternatives", "4", "--lang", "es")
    assert "Alternativas: las 4 mejores carteras, lado a lado" in spanish.stdout
    assert "Por debajo de la mejor" in spanish.stdout


def test_existing_output_is_unchanged_without_the_options(cli: Callable[..., Run]) -> None:
    plain = _json(cli, "--region", "puno")
    assert not {"alternatives", "alternatives_search", "by_group"} & set(plain)
    text = cli("portfolio", "--region", "puno").stdout
    assert "Alternatives" not in text and "Whose portfolio" not in text


@pytest.mark.parametrize(
    ("args", "lang", "line"),
    [
        (
            ("--alternatives", "1"),
            "en",
            "--alternatives: field 'alternatives' is 1; expected a whole number from 2 to 100.",
        ),
        (
            ("--alternatives", "101"),
            "es",
            "--alternatives: el campo 'alternatives' vale 101; se esperaba un número entero de 2"
            " a 100.",
        ),
        (
            ("--within", "-5"),
            "en",
            "--within: field 'within' is -5.0; expected a percentage from 0 to 100.",
        ),
        (
            ("--within", "150"),
            "en",
            "--within: field 'within' is 150.0; expected a percentage from 0 to 100.",
        ),
        (
            ("--within", "nan"),
            "es",
            "--within: el campo 'within' vale nan; se esperaba un porcentaje de 0 a 100.",
        ),
        (
            ("--by-group", "--value", "coverage"),
            "en",
            "--by-group: field 'by-group' is --value coverage; expected --value score (the"
            " coverage of gaps depends on no one's weights).",
        ),
    ],
)
def test_bad_values_are_one_line(
    cli: Callable[..., Run], args: tuple[str, ...], lang: str, line: str
) -> None:
    result = cli("portfolio", "--region", "cusco", *args, "--lang", lang)
    assert result.code == 2 and result.stdout == ""
    assert result.stderr == f"Error: {line}\n"


def test_by_group_needs_a_region(cli: Callable[..., Run]) -> None:
    result = cli("portfolio", "--projects", CANDIDATES, "--budget", "650000", "--by-group")
    assert result.code == 2
    assert "expected a region of the data set (--region): its stakeholders' groups" in (
        result.stderr
    )


def _alone(data: Path, region: str, members: set[str]) -> Path:
    """The data set with only `members` among the region's stakeholders."""
    path = data / "inputs" / "regions" / region / "stakeholders.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["stakeholders"] = [s for s in document["stakeholders"] if s["id"] in members]
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return data


@pytest.mark.parametrize("region", ["cusco", "puno"])
def test_each_group_gets_the_portfolio_it_would_get_alone(
    cli: Callable[..., Run], data_copy: Path, region: str
) -> None:
    """A group's portfolio is the one the same command chooses on a data set where that group's
    stakeholders are the only ones; the cross-valuations are sums of the project values the
    two runs report."""
    payload = _json(cli, "--region", region, "--by-group")
    by_group = payload["by_group"]
    common = {p["id"]: p["value"] for p in payload["projects"]}
    assert by_group["common"]["selected"] == payload["selected"]
    assert by_group["common"]["objective"] == pytest.approx(payload["objective"])
    path = data_copy / "inputs" / "regions" / region / "stakeholders.yaml"
    original = path.read_text("utf-8")
    people = yaml.safe_load(original)["stakeholders"]
    order = list(dict.fromkeys(s["group"] for s in people))
    assert [g["group"] for g in by_group["groups"]] == order
    for group in by_group["groups"]:
        members = {s["id"] for s in people if s["group"] == group["group"]}
        assert set(group["stakeholders"]) == members
        path.write_text(original, encoding="utf-8")
        folder = str(_alone(data_copy, region, members))
        alone = _json(cli, "--region", region, "--inputs", folder, "--by-group")
        own = {p["id"]: p["value"] for p in alone["projects"]}
        assert group["values"] == pytest.approx(own)
        assert group["selected"] == alone["selected"]
        assert group["objective"] == pytest.approx(alone["objective"])
        assert group["total_cost"] == alone["total_cost"] <= payload["budget"]
        assert set(group["adds"]) == set(alone["selected"]) - set(payload["selected"])
        assert set(group["drops"]) == set(payload["selected"]) - set(alone["selected"])
        assert group["value_under_common"] == pytest.approx(
            sum(common[p] for p in group["selected"])
        )
        assert group["common_under_own"] == pytest.approx(sum(own[p] for p in payload["selected"]))
        assert group["value_under_common"] <= payload["objective"] + 1e-9
        assert group["common_under_own"] <= group["objective"] + 1e-9
        assert group["weights"] == pytest.approx(alone["by_group"]["common"]["weights"])
        assert sum(group["weights"].values()) == pytest.approx(1.0)
        assert [g["group"] for g in alone["by_group"]["groups"]] == [group["group"]]
        assert alone["by_group"]["groups"][0]["agrees"]


def test_each_alternative_is_valued_by_each_group(cli: Callable[..., Run]) -> None:
    """With both options, every alternative carries its value by each group's weights, as a
    share of that group's own best: the sum of the group's project values over its projects."""
    payload = _json(cli, "--region", "cusco", "--by-group", "--alternatives", "6")
    groups = {g["group"]: g for g in payload["by_group"]["groups"]}
    for item in payload["alternatives"]:
        assert list(item["by_group"]) == list(groups)
        for name, share in item["by_group"].items():
            group = groups[name]
            worth = sum(group["values"][p] for p in item["selected"])
            assert share == pytest.approx(worth / group["objective"])
            assert share <= 1 + 1e-9
    first = payload["alternatives"][0]["by_group"]
    assert first == pytest.approx({n: g["common_share_of_own"] for n, g in groups.items()})
    text = cli("portfolio", "--region", "cusco", "--by-group", "--alternatives", "3").stdout
    assert "For Government" in text and "which of these near-equals" in " ".join(text.split())


def test_by_group_in_the_terminal_names_what_each_group_would_change(
    cli: Callable[..., Run],
) -> None:
    result = cli("portfolio", "--region", "cusco", "--by-group")
    assert result.code == 0, result.stderr
    out = result.stdout
    assert "Whose portfolio is this?" in out
    for label in ("Government", "Research", "Producers", "Business", "All"):
        assert label in out
    assert "would add" in out or "Would fund the same portfolio" in out
    spanish = cli("portfolio", "--region", "cusco", "--by-group", "--lang", "es").stdout
    assert "¿De quién es esta cartera?" in spanish and "Gobierno" in spanish
