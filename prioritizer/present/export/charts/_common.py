"""The house style of the charts: one size that stays legible on a phone, axes in thousands of
soles, names shortened and shown literally, PNG bytes without metadata."""

from __future__ import annotations

import textwrap
from io import BytesIO
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from prioritizer.formats import format_number
from prioritizer.i18n import t

DPI = 150
WIDTH_IN = 5.5
"""Every chart is 5.5 inches wide: shown 366 px wide on a 390 px phone, its 11.5 pt tick
labels are still about 10 px high; on a wide screen the report sets two charts side by side."""

STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 12.0,
    "axes.titlesize": 13.0,
    "axes.labelsize": 12.0,
    "xtick.labelsize": 11.5,
    "ytick.labelsize": 11.5,
    "legend.fontsize": 11.0,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.axisbelow": True,
}
FUNDED_COLOR = "C0"
OTHER_COLOR = "0.55"
BUDGET_COLOR = "firebrick"


def new_figure(height_in: float) -> Figure:
    """A figure of the house width, with its own Agg canvas (no pyplot state)."""
    figure = Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes, without the software tag (same payload, same bytes)."""
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def thousands_axis(axes: Axes, which: str, label_key: str, lang: str) -> None:
    """Soles on an axis in thousands (`1,200` is S/ 1,200,000), the unit in its label."""
    axis = axes.xaxis if which == "x" else axes.yaxis
    axis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v / 1000, 0, lang)))
    axis.set_label_text(t(label_key, lang))


def short(text: str, chars: int) -> str:
    """`text` cut to `chars` characters with an ellipsis."""
    return text if len(text) <= chars else text[: max(chars - 1, 1)] + "…"


def wrapped(text: str, width: int, lines: int = 2) -> str:
    """`text` on at most `lines` lines of `width` characters, the rest cut with an ellipsis."""
    parts = textwrap.wrap(text, width, break_long_words=False) or [""]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], short(" ".join(parts[lines - 1 :]), width)]
    return "\n".join(parts)


def plain(text: str) -> str:
    """Text shown literally: a "$" in a name would otherwise start matplotlib mathtext."""
    return text.replace("$", r"\$")
