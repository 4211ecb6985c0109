"""One error hierarchy: the library raises these, only the CLI turns them into exit codes."""

from __future__ import annotations

from collections.abc import Sequence


class PrioritizerError(Exception):
    """Base of every error the program explains to its user (never a traceback)."""

    exit_code = 1


class InputError(PrioritizerError):
    """Bad input: names the file, line, the field, the bad value and what is expected."""

    exit_code = 2

    def __init__(
        self,
        file: str,
        *,
        row: int | None = None,
        field: str | None = None,
        expected: str,
        got: object = None,
        hint: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.field = field
        self.expected = expected
        self.got = got
        self.hint = hint
        super().__init__(self.message())

    def message(self) -> str:
        """The error as one English sentence (the CLI localises the frame around it)."""
        where = self.file if self.row is None else f"{self.file}, line {self.row}"
        if self.field:
            found = "" if self.got is None else f" is {_show(self.got)};"
            text = f"{where}: field '{self.field}'{found} expected {self.expected}."
        else:
            found = "" if self.got is None else f"found {_show(self.got)}; "
            text = f"{where}: {found}expected {self.expected}."
        if self.hint:
            text += f" Tip: {self.hint}"
        return text


class Described(str):
    """A description of what was found (`an empty file`), shown without quotes in messages."""


class InconsistentJudgments(PrioritizerError):
    """Pairwise judgments too inconsistent to use where consistency is required."""

    exit_code = 2


class InfeasiblePortfolio(PrioritizerError):
    """No portfolio satisfies every requirement; explained in soles and in the user's terms."""

    exit_code = 3

    def __init__(
        self,
        explanation: str,
        *,
        requirements: Sequence[str] = (),
        shortfall_pen: int | None = None,
    ) -> None:
        self.explanation = explanation
        self.requirements = tuple(requirements)
        self.shortfall_pen = shortfall_pen
        super().__init__(explanation)


class SolverFailure(PrioritizerError):
    """The solver stopped without a usable answer (crashed, unbounded, or no solver at all)."""

    exit_code = 3


def _show(value: object) -> str:
    text = (
        repr(value) if isinstance(value, str) and not isinstance(value, Described) else str(value)
    )
    return text if len(text) <= 80 else text[:77] + "..."


class InvalidMatrix(PrioritizerError):
    """A numeric matrix or vector a kernel cannot use; the caller adds the file it came from."""

    exit_code = 2

    def __init__(
        self,
        field: str,
        *,
        expected: str,
        got: object = None,
        row: int | None = None,
        column: int | None = None,
    ) -> None:
        self.field = field
        self.expected = expected
        self.got = got
        self.row = row
        self.column = column
        parts = [f"row {row + 1}"] if row is not None else []
        parts += [f"column {column + 1}"] if column is not None else []
        cell = f" ({', '.join(parts)})" if parts else ""
        got_text = "" if got is None else f" is {_show(got)};"
        super().__init__(f"{field}{cell}{got_text} expected {expected}.")


class OutputError(PrioritizerError):
    """Results could not be written (folder exists, no permission, disk full); nothing was left."""

    exit_code = 2
