"""Money in soles, numbers and percentages written the way each language writes them.

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
