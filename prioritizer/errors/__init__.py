"""One error hierarchy: the library raises these, only the CLI turns them into exit codes.

Every message is made of `Phrase`s, so it reads as English in code and tests and is shown in the
user's language by the CLI (`error.message(lang)`).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Required, TypedDict, TypeVar

from prioritizer.phrases import ENGLISH, Phrase, phrase, show

E = TypeVar("E", bound=Enum)


class PrioritizerError(Exception):
    """Base of every error the program explains to its user (never a traceback)."""

    exit_code = 1

    def __init__(self, text: Phrase) -> None:
        self.text = text
        super().__init__(text)

    def message(self, lang: str = ENGLISH) -> str:
        """The error as one sentence in `lang` (the CLI adds the `Error:` prefix)."""
        return show(self.text, lang)


class Complaint(TypedDict, total=False):
    """What an `InputError` says besides where: the field, what was expected, what was found
    and a tip (`CellError` takes them as they are)."""

    field: str | None
    expected: Required[Phrase]
    got: object
    hint: Phrase | None


class InputError(PrioritizerError):
    """Bad input: names the file, line, the field, the bad value and what is expected."""

    exit_code = 2

    def __init__(
        self,
        file: str,
        *,
        row: int | None = None,
        field: str | None = None,
        expected: Phrase,
        got: object = None,
        hint: Phrase | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.field = field
        self.expected = expected
        self.got = got
        self.hint = hint
        super().__init__(self._sentence())

    def with_hint(self, hint: Phrase, *, file: str | None = None) -> InputError:
        """The same complaint with `hint` (and shown as in `file`, when given): what a caller
        that knows the way out adds to an error raised below it."""
        return InputError(
            self.file if file is None else file,
            row=self.row,
            field=self.field,
            expected=self.expected,
            got=self.got,
            hint=hint,
        )

    def _sentence(self) -> Phrase:
        where: str = (
            self.file
            if self.row is None
            else phrase("{file}, line {row}", file=self.file, row=self.row)
        )
        found = None if self.got is None else _show(self.got)
        empty = isinstance(self.got, Phrase) and self.got.template == "nothing"
        if self.field and empty:
            text = phrase(
                "{where}: field '{field}' is empty; expected {expected}.",
                where=where,
                field=self.field,
                expected=self.expected,
            )
        elif empty:
            text = phrase(
                "{where}: found nothing; expected {expected}.", where=where, expected=self.expected
            )
        elif self.field and found is not None:
            text = phrase(
                "{where}: field '{field}' is {got}; expected {expected}.",
                where=where,
                field=self.field,
                got=found,
                expected=self.expected,
            )
        elif self.field:
            text = phrase(
                "{where}: field '{field}' expected {expected}.",
                where=where,
                field=self.field,
                expected=self.expected,
            )
        elif found is not None:
            text = phrase(
                "{where}: found {got}; expected {expected}.",
                where=where,
                got=found,
                expected=self.expected,
            )
        else:
            text = phrase("{where}: expected {expected}.", where=where, expected=self.expected)
        if self.hint:
            return phrase("{text} Tip: {hint}", text=text, hint=self.hint)
        return text


class InconsistentJudgments(PrioritizerError):
    """Pairwise judgments too inconsistent to use where consistency is required."""

    exit_code = 2


class InfeasiblePortfolio(PrioritizerError):
    """No portfolio satisfies every requirement; explained in soles and in the user's terms."""

    exit_code = 3

    def __init__(
        self,
        explanation: Phrase,
        *,
        requirements: Sequence[str] = (),
        shortfall_pen: int | None = None,
    ) -> None:
        self.explanation = explanation
        self.requirements = tuple(requirements)
        self.shortfall_pen = shortfall_pen
        super().__init__(explanation)


class StdoutError(PrioritizerError):
    """Standard output cannot be written (closed, or a full disk): exit 74, as sysexits'
    EX_IOERR. A reader that stops early (`| head`) is not an error: exit 141, nothing said."""

    exit_code = 74


class PipeClosed(Exception):
    """The reader of our standard output went away (a broken pipe)."""


class SolverFailure(PrioritizerError):
    """The solver stopped without a usable answer (crashed, unbounded, or no solver at all)."""

    exit_code = 3


class InvalidMatrix(PrioritizerError):
    """A numeric matrix or vector a kernel cannot use; the caller adds the file it came from."""

    exit_code = 2

    def __init__(
        self,
        field: str,
        *,
        expected: Phrase,
        got: object = None,
        row: int | None = None,
        column: int | None = None,
    ) -> None:
        self.field = field
        self.expected = expected
        self.got = got
        self.row = row
        self.column = column
        what: str = field
        if row is not None and column is not None:
            what = phrase(
                "{field} (row {row}, column {column})", field=field, row=row + 1, column=column + 1
            )
        elif row is not None:
            what = phrase("{field} (row {row})", field=field, row=row + 1)
        elif column is not None:
            what = phrase("{field} (column {column})", field=field, column=column + 1)
        if got is None:
            text = phrase("{what} expected {expected}.", what=what, expected=expected)
        else:
            text = phrase(
                "{what} is {got}; expected {expected}.",
                what=what,
                got=_show(got),
                expected=expected,
            )
        super().__init__(text)


class CommandLineError(PrioritizerError):
    """A mistyped command, option or option value (what click calls a usage error)."""

    exit_code = 2


class OutputError(PrioritizerError):
    """Results could not be written (folder exists, no permission, disk full); nothing was left."""

    exit_code = 2


def _show(value: object) -> str:
    """A bad value as shown in a message: text quoted, a described finding (a phrase) as is."""
    if isinstance(value, Phrase):
        return value
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def choice(kind: type[E], value: object, field: str) -> E:
    """`value` as a member of the enum `kind`, or InvalidMatrix listing the allowed values."""
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(str(member.value) for member in kind)
        raise InvalidMatrix(
            field, expected=phrase("one of {allowed}", allowed=allowed), got=value
        ) from None
