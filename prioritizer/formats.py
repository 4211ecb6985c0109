"""Money in soles, numbers and percentages written the way each language writes them, and
pairwise judgments the way people write them (`3`, `1/3`).

Pure text functions with no rich import, so results, exceptions and renderers share one format.
"""

from __future__ import annotations

from prioritizer.i18n import Language


def format_pen(amount_pen: float, lang: Language | str = Language.EN) -> str:
    """Soles as `S/ 1,234,567` (English) or `S/ 1.234.567` (Spanish); never abbreviated."""
    text = f"{round(amount_pen):,}"
    if _code(lang) == "es":
        text = text.replace(",", ".")
    return f"S/ {text}"


def format_number(value: float, digits: int = 3, lang: Language | str = Language.EN) -> str:
    """A decimal number with the language's decimal mark (`0.512` / `0,512`)."""
    text = f"{value:,.{digits}f}"
    if _code(lang) == "es":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_share(value: float, lang: Language | str = Language.EN, digits: int = 1) -> str:
    """A fraction 0..1 as a percentage (`42.5%` / `42,5 %`)."""
    number = format_number(100.0 * value, digits, lang)
    return f"{number} %" if _code(lang) == "es" else f"{number}%"


def _code(lang: Language | str) -> str:
    return lang.value if isinstance(lang, Language) else str(lang)


def judgment_text(value: float) -> str:
    """A judgment as people write it: `3`, `1/3`, or the decimal when it is neither.

    Exact: `1/k` is written only when 1/k as a float is the value, so reading it back gives
    the same number.
    """
    if value >= 1 and float(value).is_integer():
        return str(int(value))
    if 0 < value < 1:
        k = round(1 / value)
        if k >= 2 and 1.0 / k == value:
            return f"1/{k}"
    return repr(float(value))
