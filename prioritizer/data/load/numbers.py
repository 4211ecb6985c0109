"""Numbers as planners type them: whole soles (`120000`, `120,000`, `120.000` in a `;`
file) and plain numbers or fractions like `1/3`, within sizes the kernels can use.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from prioritizer.data.models import MAX_PEN
from prioritizer.errors import InputError
from prioritizer.phrases import Phrase, phrase

AMOUNT_LIMIT = phrase("an amount of at most 1,000,000,000,000 soles")
"""What a larger amount is told (MAX_PEN), in a file or a workbook cell alike."""


def whole_soles(
    text: str, *, file: str, line: int | None, field: str, decimal_comma: bool = False
) -> int:
    """An amount in soles as people type it: `120000`, `S/ 120,000`, `120.000` (with `;` files,
    where `.` groups thousands and `,` is the decimal mark); it must be whole soles.

    Elsewhere `150.000` is refused: it reads as 150 soles, but was most likely typed as 150 000.
    """
    cleaned = text.strip().removeprefix("S/.").removeprefix("S/").replace("\u00a0", "")
    cleaned = cleaned.replace(" ", "").replace("_", "")
    if decimal_comma:
        cleaned = _decimal_point(cleaned)
    elif _DOT_THOUSANDS.fullmatch(cleaned):
        raise _refused(
            text,
            file,
            line,
            field,
            phrase("a whole number of soles (e.g. 120000 or 120,000)"),
            hint=phrase(
                "a dot before three digits may be a decimal point or group thousands: "
                "write {amount} if that is the amount",
                amount=int(cleaned.replace(".", "")),
            ),
        )
    else:
        cleaned = cleaned.replace(",", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount != amount.to_integral_value():
        expected = (
            phrase("a whole number of soles (e.g. 120.000)")
            if decimal_comma
            else phrase("a whole number of soles (e.g. 120000 or 120,000)")
        )
        raise _refused(text, file, line, field, expected)
    if abs(amount) > MAX_PEN:
        raise _refused(text, file, line, field, AMOUNT_LIMIT)
    return int(amount)


def parse_number(
    text: str,
    *,
    file: str,
    line: int | None,
    field: str,
    decimal_comma: bool = False,
    expected: Phrase | None = None,
) -> float:
    """A number or a fraction written as `a/b` (Saaty judgments such as `1/3`).

    `expected` says what the cell may hold when it is not a number (by default a judgment's).
    """
    cleaned = text.strip()
    try:
        if "/" in cleaned:
            numerator, denominator = cleaned.split("/", 1)
            value = _float(numerator, decimal_comma) / _float(denominator, decimal_comma)
        else:
            value = _float(cleaned, decimal_comma)
    except (ValueError, ZeroDivisionError):
        what = expected or phrase("a positive number or a fraction like 1/3")
        raise _refused(text, file, line, field, what) from None
    if math.isfinite(value) and value != 0 and not SMALLEST <= abs(value) <= LARGEST:
        # Squares and sums of such numbers overflow or vanish in floating point (TOPSIS norms).
        size = phrase("0 or a number between 1e-9 and 1e12 in size")
        raise _refused(text, file, line, field, size)
    return value


def finite_number(text: str, *, file: str, line: int, field: str, decimal_comma: bool) -> float:
    """A number that is neither infinite nor NaN: a decision matrix's cell, a distribution's
    bound. `parse_number` lets `inf` through, which no score or bound can be."""
    expected = phrase("a finite number")
    value = parse_number(
        text, file=file, line=line, field=field, decimal_comma=decimal_comma, expected=expected
    )
    if not -float("inf") < value < float("inf"):
        raise _refused(text, file, line, field, expected)
    return value


SMALLEST, LARGEST = 1e-9, 1e12
"""The range of sizes a number in a file may have (besides 0): wider than any score, weight,
judgment or value a planner writes, narrow enough that squares and sums stay exact enough."""


def _refused(
    text: str, file: str, line: int | None, field: str, expected: Phrase, hint: Phrase | None = None
) -> InputError:
    """The error every check here raises: `text`, typed in `field` at `file` line `line`, is
    not what was expected."""
    return InputError(file, row=line, field=field, expected=expected, got=text, hint=hint)


# `1.250.000`: dots grouping thousands (`0.250` is not such a number).
_DOT_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+")


def _decimal_point(text: str) -> str:
    """A number from a `;` file (Spanish Excel: `1.250,5`) with `.` as its decimal point.

    There `,` is the decimal mark and `.` groups thousands; a number without `,` whose dots do
    not group thousands (`0.25`, `0.125`, `1234.5`: no group starts with 0 or has four digits)
    can only be using `.` as its decimal point.
    """
    if "," not in text and not _DOT_THOUSANDS.fullmatch(text.strip()):
        return text
    return text.replace(".", "").replace(",", ".")


def _float(text: str, decimal_comma: bool) -> float:
    return float(_decimal_point(text) if decimal_comma else text)
