"""`methods`: every ranking and weighting method and option, with the published worked example
a test reproduces (or, where none was found, what checks it instead)."""

from __future__ import annotations

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import emit, emit_json
from prioritizer.data.load.method_references import load_method_references
from prioritizer.present.render.methods import methods_payload, render_methods


@command(inputs=False)
def methods(run: Run) -> None:
    """Each method and option, how to ask for it, and the published example that checks it.

    The table is README's "Reference tests"; each test reproduces its example's printed numbers
    and names the source."""
    references = load_method_references()
    if run.as_json:
        emit_json(methods_payload(references, run.lang))
    else:
        emit(render_methods(references, lang=run.lang))
