"""Which regions a command runs on, and their budgets typed on the command line (`--regions
a,b,c`, `--budget REGION=SOLES`, and the older `--budget-cusco`/`--budget-puno`)."""

from __future__ import annotations

from collections.abc import Sequence

from prioritizer.cli.options import check_budget, option_error
from prioritizer.data.models import Dataset
from prioritizer.errors import InputError
from prioritizer.phrases import phrase


def region_list(data: Dataset, regions: str | None) -> tuple[str, ...]:
    """The regions named by `--regions` (comma-separated, each once), else every region."""
    if regions is None:
        return data.region_ids
    chosen = tuple(part.strip() for part in regions.split(",") if part.strip())
    for region in chosen:
        data.require_region(region, "--regions")
    if not chosen or len(set(chosen)) != len(chosen):
        raise option_error(
            "--regions",
            got=regions,
            expected=phrase("region ids separated by commas, each once (e.g. cusco,puno)"),
        )
    return chosen


def parse_region_budget(text: str) -> tuple[str, int | str]:
    """`REGION=SOLES` split into the region and the amount (digits, `,` or `_` between them);
    the amount stays text when it is not a whole number, for `region_budgets` to refuse."""
    region, sign, amount = text.partition("=")
    digits = amount.strip().replace(",", "").replace("_", "")
    if not sign or not region.strip():
        return "", text
    return region.strip(), int(digits) if digits.isdigit() else amount


def region_budgets(
    data: Dataset, given: Sequence[tuple[str, str, int | str]]
) -> tuple[tuple[str, int], ...]:
    """(option, region, amount) triples checked: a region of the data set, a whole number of
    soles within the limit, each region once."""
    budgets: dict[str, int] = {}
    for option, region, amount in given:
        if not region:
            raise InputError(
                option,
                field="budget",
                got=amount,
                expected=phrase("REGION=SOLES (e.g. arequipa=900000)"),
            )
        data.require_region(region, option)
        if isinstance(amount, str):
            raise InputError(
                option, field="budget", got=amount, expected=phrase("a whole number of soles")
            )
        if region in budgets:
            raise InputError(
                option,
                field="budget",
                got=region,
                expected=phrase("one budget per region ({region} is given twice)", region=region),
            )
        budgets[region] = int(check_budget(option, amount) or 0)
    return tuple(budgets.items())
