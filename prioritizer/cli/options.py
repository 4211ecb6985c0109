"""Options and checks shared by several commands: regions, random-index tables, the
portfolio's value, solver and method, a user's candidates file, folders and files to write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from prioritizer.cli.declared import option
from prioritizer.data.load import AMOUNT_LIMIT
from prioritizer.data.models import Dataset, RandomIndexTables
from prioritizer.data.models.inputs import MAX_PEN
from prioritizer.errors import (
    InputError,
    OutputError,
)
from prioritizer.options import SolverChoice, ValueMode
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.consistency import Priorities
from prioritizer.results.ranking import Method, Normalization
from prioritizer.results.smaa import MetaWeights, SmaaMethod
from prioritizer.results.weights import Aggregation


def _check_region(data: Dataset, region: str | None) -> None:
    if region is not None:
        data.require_region(region)


def option_error(
    option: str, *, got: object, expected: Phrase, hint: Phrase | None = None
) -> InputError:
    """A complaint about the command line's `option`, its field named after the option
    (`--min-per-group` is `min_per_group`), as every option check words it."""
    field = option.removeprefix("--").replace("-", "_")
    return InputError(option, field=field, got=got, expected=expected, hint=hint)


def nothing_given(option: str, expected: Phrase) -> InputError:
    """The refusal of a command run without `option` where it needs one: `expected` says what."""
    return option_error(option, got=phrase("nothing"), expected=expected)


def region_given(data: Dataset, region: str | None, expected: Phrase) -> str:
    """`--region`, checked against the data set; refused with `expected` when it is missing."""
    if region is None:
        raise nothing_given("--region", expected)
    data.require_region(region)
    return region


AggregationOption = Annotated[Aggregation, option("aggregation")]
RandomIndexOption = Annotated[str | None, option("random-index")]
PrioritiesOption = Annotated[Priorities, option("priorities")]


def _check_random_index(data: Dataset, table: str | None) -> None:
    _check_random_index_tables(data.random_index, table)


def _check_random_index_tables(tables: RandomIndexTables, table: str | None) -> None:
    known = [item.id for item in tables.tables]
    if table is not None and table not in known:
        raise InputError(
            "--random-index",
            field="random-index",
            got=table,
            expected=phrase(
                "one of the tables in criteria/random_index.yaml ({known})", known=", ".join(known)
            ),
        )


# -- portfolio and frontier ------------------------------------------------------------------
ValueOption = Annotated[ValueMode, option("value")]
JointOption = Annotated[bool, option("joint")]
SolverOption = Annotated[SolverChoice, option("solver")]
DeadlineOption = Annotated[float, option("deadline")]


def check_budget(option: str, amount: int | None) -> int | None:
    """A budget typed on the command line: whole soles from 0 to the data set's limit (10^12),
    so the solver never meets an amount it cannot hold (one-line error otherwise)."""
    if amount is None:
        return None
    if amount < 0:
        expected = phrase("a budget of 0 soles or more")
    elif amount > MAX_PEN:
        expected = AMOUNT_LIMIT
    else:
        return amount
    raise InputError(option, field=option.removeprefix("--"), got=amount, expected=expected)


def check_deadline(seconds: float) -> float:
    """A deadline must be a positive, finite number of seconds (one-line error otherwise)."""
    if not 0 < seconds < float("inf"):
        raise option_error(
            "--deadline", got=seconds, expected=phrase("a number of seconds above 0")
        )
    return seconds


AlternativesOption = Annotated[int | None, option("alternatives")]
WithinOption = Annotated[float | None, option("within")]
ByGroupOption = Annotated[bool, option("by-group")]
MatrixOption = Annotated[Path | None, option("matrix")]
CriteriaOption = Annotated[Path | None, option("criteria")]
TopOption = Annotated[int | None, option("top")]
NormalizationOption = Annotated[Normalization, option("normalization")]
RequireCoverageOption = Annotated[bool, option("require-coverage")]
TimeLimitOption = Annotated[float | None, option("time-limit")]
MAX_ALTERNATIVES = 100
"""The most portfolios `--alternatives` lists (and `--within` on its own)."""


def check_alternatives(count: int | None, within: float | None) -> None:
    """`--alternatives` is a whole number from 2 to 100 and `--within` a percentage from 0 to
    100 (one-line error otherwise)."""
    if count is not None and not 2 <= count <= MAX_ALTERNATIVES:
        raise option_error(
            "--alternatives",
            got=count,
            expected=phrase("a whole number from 2 to {most}", most=MAX_ALTERNATIVES),
        )
    if within is not None and not 0.0 <= within <= 100.0:
        raise option_error("--within", got=within, expected=phrase("a percentage from 0 to 100"))


def check_by_group(projects: Path | None, value: ValueMode) -> None:
    """`--by-group` needs a region's stakeholders and a value that depends on their weights."""
    if projects is not None:
        raise InputError(
            "--by-group",
            field="by-group",
            got=phrase("--projects {file}", file=str(projects)),
            expected=phrase("a region of the data set (--region): its stakeholders' groups"),
        )
    if value is not ValueMode.SCORE:
        raise InputError(
            "--by-group",
            field="by-group",
            got=phrase("--value {value}", value=value.value),
            expected=phrase("--value score (the coverage of gaps depends on no one's weights)"),
        )


MethodOption = Annotated[Method, option("method")]
SmaaMethodOption = Annotated[SmaaMethod, option("smaa-method")]
UncertainOption = Annotated[Path | None, option("uncertain")]
MetaWeightsOption = Annotated[MetaWeights, option("meta-weights")]
ProjectsOption = Annotated[Path | None, option("projects")]


def check_new_run_folder(folder: Path) -> None:
    """Refuse, before any work, a run folder that exists or whose place a file holds."""
    if folder.exists():
        raise _existing_folder(folder)
    if any(parent.exists() and not parent.is_dir() for parent in folder.parents):
        raise _unwritable(folder, NotADirectoryError(folder))


def _existing_folder(folder: Path) -> OutputError:
    """A run folder is never overwritten: the error that says so."""
    return OutputError(
        phrase(
            "{folder} already exists; a run folder is never overwritten (choose another --out)",
            folder=str(folder),
        )
    )


def _unwritable(target: Path, error: OSError) -> OutputError:
    """The error for a file or folder the system would not let us write (its reason as given,
    or the file that stands where one of its folders should be)."""
    blocking = next((p for p in (target, *target.parents) if p.is_file()), None)
    if blocking is not None and blocking != target:
        return OutputError(
            phrase(
                "could not write {target}: {file} is a file, not a folder",
                target=str(target),
                file=str(blocking),
            )
        )
    return OutputError(
        phrase(
            "could not write {target}: {reason}",
            target=str(target),
            reason=error.strerror or str(error),
        )
    )
