"""Text cells that a spreadsheet must not run as formulas (CSV injection), for every CSV the
tool writes: run folders, frontiers, and the data sets `import` writes.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection)."""


def defuse(text: str) -> str:
    """`text` with a leading apostrophe when it starts like a formula, else unchanged.

    References
    ----------
    OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
    (prefix cells beginning with = + - @ tab or carriage return with a single quote).
    """
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
