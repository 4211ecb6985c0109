"""The options every command shares (--inputs, --lang, --json, --debug), declared once.

A command is written as `def name(run: Run, <its own options>) -> None` and decorated with
`@command()`: the decorator adds the shared options to the signature typer reads (after the
command's own, so `--help` lists them last), reads them into a `Run`, and runs the body under
`guard`, so every failure ends the same way in every command.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prioritizer.cli.common import DebugOption, InputsOption, JsonOption, LangOption, guard
from prioritizer.i18n import Language, language_from_env

Body = Callable[..., None]

_SHARED: dict[str, tuple[Any, object]] = {
    "inputs": (InputsOption, None),
    "lang": (LangOption, None),
    "as_json": (JsonOption, False),
    "debug": (DebugOption, False),
}


@dataclass(frozen=True, slots=True)
class Run:
    """What a command is told besides its own options: the data set folder (None: the embedded
    one), the output language, whether to print one JSON document, whether to show tracebacks."""

    inputs: Path | None
    language: Language
    as_json: bool
    debug: bool

    @property
    def lang(self) -> str:
        """The language's code (`en`, `es`), as the renderers take it."""
        return self.language.value


def command(*, inputs: bool = True, as_json: bool = True) -> Callable[[Body], Body]:
    """Gives a command body the shared options (`inputs=False` / `as_json=False` leave out
    --inputs / --json for commands that have no use for them) and runs it under `guard`."""
    shared = [
        name for name in _SHARED if (name != "inputs" or inputs) and (name != "as_json" or as_json)
    ]

    def decorate(body: Body) -> Body:
        hints = typing.get_type_hints(body, include_extras=True)
        own = [
            parameter.replace(annotation=hints[parameter.name])
            for parameter in list(inspect.signature(body).parameters.values())[1:]
        ]
        added = [
            inspect.Parameter(
                name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=_SHARED[name][1],
                annotation=_SHARED[name][0],
            )
            for name in shared
        ]

        @functools.wraps(body)
        def run_command(**values: Any) -> None:
            given = {name: values.pop(name) for name in shared}
            lang = given.get("lang")
            run = Run(
                inputs=given.get("inputs"),
                language=language_from_env(lang.value if lang else None),
                as_json=bool(given.get("as_json", False)),
                debug=bool(given.get("debug", False)),
            )
            guard(run.language, run.as_json, run.debug, lambda: body(run, **values))

        parameters = own + added
        setattr(run_command, "__signature__", inspect.Signature(parameters))  # noqa: B010
        run_command.__annotations__ = {p.name: p.annotation for p in parameters}
        return run_command

    return decorate
