"""The `prioritizer` program: runs the CLI and explains command-line mistakes in one line.

Typer (click) would print a usage box in English on a mistyped option or a bad value, and nothing
on stdout for `--json`. Here every such mistake becomes one line in the user's language, naming
the option, the value given and what is allowed (plus the JSON error document with `--json`),
with exit code 2 — the same shape as a bad input file.
"""

from __future__ import annotations

import gc
import re
import signal
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import typer

from prioritizer.cli.app import app
from prioritizer.errors import CommandLineError
from prioritizer.i18n import Language, language_from_env, t
from prioritizer.phrases import Phrase, phrase, show

# click's UsageError (vendored by recent typer): the common base of every command-line mistake.
_USAGE_ERROR: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)
_CHOICES = re.compile(r"is not one of (.+?)\.?$")
_NO_COMMAND = re.compile(r"No such command '(.+)'")
_EXTRA = re.compile(r"unexpected extra argument(?:\(s\)|s)? \((.+)\)")
_CHOOSE = re.compile(r"Choose from:(.+)$")


def main() -> NoReturn:
    """Console entry point.

    Why `gc.freeze`: what start-up imported lives until exit, so the collector need not rescan
    it in every full collection and at exit (about 0.2 s a command; more with large results).
    SIGTERM ends the run as an exit would (`_terminated`).
    """
    gc.freeze()
    signal.signal(signal.SIGTERM, _terminated)
    sys.exit(run())


def _terminated(signum: int, frame: object) -> NoReturn:
    """SIGTERM unwinds the program like an exit (128 + 15), so that every `finally` runs: no
    solver files are left behind and standard output is restored."""
    raise SystemExit(143)


def run(argv: Sequence[str] | None = None) -> int:
    """Runs the CLI on `argv` (default: the process's arguments) and returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    lang = language_from_env(_option_value(args, "--lang"))
    try:
        with warnings.catch_warnings():  # the plain form lasts for this run only
            if "--debug" not in args:
                warnings.showwarning = _plain_warnings(lang)
            result = typer.main.get_command(app).main(
                args=args, prog_name="prioritizer", standalone_mode=False
            )
    except _USAGE_ERROR as error:
        return _report(CommandLineError(usage_problem(error)), lang, "--json" in args)
    except typer.Abort:
        return _report(CommandLineError(phrase("stopped: no more input")), lang, False)
    return _flushed(result if isinstance(result, int) else 0, lang)


def _flushed(code: int, lang: Language) -> int:
    """Flush what help or a command left in stdout's buffer now: a reader gone away ends the
    run quietly (141), a full or broken stdout is one line on stderr (74)."""
    if sys.stdout is None:
        return code
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        from prioritizer.cli.common import PIPE_CLOSED, quiet_stdout

        quiet_stdout()
        return PIPE_CLOSED
    except OSError as error:
        reason = error.strerror or type(error).__name__
        message = phrase("standard output cannot be written: {reason}", reason=reason)
        sys.stderr.write(f"{t('error.prefix', lang)}: {show(message, lang.value)}\n")
        return 74
    return code


def _plain_warnings(lang: Language) -> Callable[..., None]:
    """A `warnings.showwarning` for warnings the kernels did not turn into notes (none is
    known): one line on stderr in the user's words, without the library's file path and source
    line; `--debug` keeps Python's full form."""

    def show(message: Warning | str, *_: object, **__: object) -> None:
        text = str(message).replace("\n", " ")
        sys.stderr.write(f"{t('error.warning', lang)}: {text}\n")

    return show


def usage_problem(error: Exception) -> Phrase:
    """A click usage error as one sentence: the option, the value given and what is allowed."""
    kind = type(error).__name__
    command = _command_path(error)
    if kind == "NoSuchOption":
        option = str(getattr(error, "option_name", ""))
        near = list(getattr(error, "possibilities", None) or ())
        text = (
            phrase(
                "there is no option {option} (perhaps {near})",
                option=option,
                near=", ".join(near),
            )
            if near
            else phrase("there is no option {option}", option=option)
        )
    elif kind == "BadOptionUsage":
        text = phrase(
            "option {option} needs a value", option=str(getattr(error, "option_name", ""))
        )
    elif kind == "MissingParameter":
        choices = _CHOOSE.search(_message(error))
        text = (
            phrase(
                "{name} is missing; one of {choices}",
                name=_param_name(error),
                choices=" ".join(choices.group(1).split()).rstrip(","),
            )
            if choices
            else phrase("{name} is missing", name=_param_name(error))
        )
    elif kind == "BadParameter":
        text = _bad_value(error)
    else:
        text = _other(error)
    return phrase("{text}. See '{command} --help'.", text=text, command=command)


def _bad_value(error: Exception) -> Phrase:
    from pydantic import ValidationError  # slow to import, and only a bad value needs it

    name = _param_name(error)
    cause = error.__cause__
    if not isinstance(cause, ValidationError):
        return phrase("{name} is not valid: {detail}", name=name, detail=_message(error))
    first = cause.errors()[0]
    given = str(first.get("input", ""))
    if first["type"] in {"int_parsing", "int_from_float", "int_type"}:
        expected = phrase("a whole number")
    elif first["type"] in {"float_parsing", "float_type", "finite_number"}:
        expected = phrase("a number")
    elif found := _CHOICES.search(str(first.get("msg", ""))):
        expected = phrase("one of {choices}", choices=found.group(1))
    else:
        return phrase("{name} is not valid: {detail}", name=name, detail=_message(error))
    return phrase(
        "{name} is {value!r}; expected {expected}", name=name, value=given, expected=expected
    )


def _other(error: Exception) -> Phrase:
    message = _message(error)
    if found := _NO_COMMAND.search(message):
        ctx: Any = getattr(error, "ctx", None)
        commands = sorted(getattr(getattr(ctx, "command", None), "commands", {}) or ())
        return phrase(
            "there is no command {name!r}; the commands are {commands}",
            name=found.group(1),
            commands=", ".join(commands),
        )
    if found := _EXTRA.search(message):
        return phrase("unexpected extra argument {value}", value=found.group(1))
    return phrase("the command line is not valid: {detail}", detail=message)


def _param_name(error: Exception) -> str:
    param: Any = getattr(error, "param", None)
    opts = list(getattr(param, "opts", None) or ())
    if opts and str(opts[0]).startswith("-"):
        return str(opts[0])
    return str(getattr(param, "metavar", None) or getattr(param, "name", "") or "").upper()


def _command_path(error: Exception) -> str:
    ctx: Any = getattr(error, "ctx", None)
    return str(getattr(ctx, "command_path", None) or "prioritizer")


def _message(error: Exception) -> str:
    format_message = getattr(error, "format_message", None)
    text = format_message() if callable(format_message) else str(error)
    return " ".join(str(text).split()).rstrip(".")


def _option_value(args: Sequence[str], name: str) -> str | None:
    """The value of `--name X` or `--name=X` in `args`, if any (read before click parses)."""
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _report(error: CommandLineError, lang: Language, as_json: bool) -> int:
    from prioritizer.cli.common import fail  # rich's console: slow to import, `--help` needs none

    try:
        fail(error, lang, as_json)
    except typer.Exit as done:
        return int(done.exit_code)
