"""What every command shares: options, printing (the only printing code) and error handling.

The commands build on these (through `command.py`), so a failure looks the same
everywhere: one line on stderr (and a JSON error document with --json), and an exit code.
"""

from __future__ import annotations

import codecs
import errno
import io
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO, TypeVar

import typer
from rich.console import Console, RenderableType

from prioritizer.cli.declared import option
from prioritizer.errors import InputError, PipeClosed, PrioritizerError, StdoutError
from prioritizer.i18n import Language, t
from prioritizer.phrases import Phrase, phrase, show

T = TypeVar("T")

InputsOption = Annotated[Path | None, option("inputs")]
LangOption = Annotated[Language | None, option("lang")]
JsonOption = Annotated[bool, option("json")]
DebugOption = Annotated[bool, option("debug")]
_REGION = option("region")
RegionOption = Annotated[str | None, _REGION]
RequiredRegionOption = Annotated[str, _REGION]


_PLAIN = str.maketrans("—–‐•…‘’“”→←≥≤×·", "---*.''\"\"><><x.")
"""Punctuation rich and our tables print, each as one ASCII character of the same width."""


def _plain_letters(error: UnicodeError) -> tuple[str, int]:
    """Encoding fallback for terminals that are not UTF-8: `é` -> `e`, `…` -> `.`, `Σ` -> `?`.

    One character out for each character in, so tables that rich measured keep their width
    (`…` as `...` would push a row past the terminal's edge); never a crash."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end].translate(_PLAIN)
    plain = [
        unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode("ascii")[:1] or "?"
        for c in text
    ]
    return "".join(plain), error.end


codecs.register_error("prioritizer-plain", _plain_letters)


def _unicode_safe(stream: TextIO) -> bool:
    """True when `stream` can print any text; else make it fall back to plain letters. A UTF
    stream writes a path's undecodable bytes back as they were (surrogateescape), as the file
    system gave them, instead of failing on them."""
    encoding = (getattr(stream, "encoding", None) or "ascii").lower().replace("-", "")
    if encoding.startswith("utf"):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="surrogateescape")
        return True
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="prioritizer-plain")
    return False


class _Console(Console):
    """rich's console, but a broken pipe ends the run through `guard` (exit 141) rather than
    rich's own `SystemExit(1)`, which would read as an internal error."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise PipeClosed


def stdout() -> Console:
    _unicode_safe(sys.stdout)
    return _Console(soft_wrap=False, highlight=False)


def say_error(message: str) -> None:
    """One line on stderr, never wrapped (paths stay copyable), no colour codes."""
    _unicode_safe(sys.stderr)
    sys.stderr.write(message.replace("\n", " ") + "\n")


def fail(error: PrioritizerError, lang: Language, as_json: bool) -> NoReturn:
    message = error.message(lang)
    if as_json and not isinstance(error, StdoutError):  # stdout cannot carry the document
        payload: dict[str, Any] = {"status": "error", "error": {"message": message}}
        if isinstance(error, InputError):
            payload["error"].update(
                {
                    "file": error.file,
                    "row": error.row,
                    "field": None if error.field is None else show(error.field, lang),
                    "expected": show(error.expected, lang),
                    "got": None if error.got is None else show(error.got, lang),
                }
            )
        emit_json(payload)
    say_error(f"{t('error.prefix', lang)}: {message}")
    raise typer.Exit(error.exit_code)


def guard(lang: Language, as_json: bool, debug: bool, work: Callable[[], T]) -> T:
    """Runs `work`, turning our errors into one message and others into a short internal error."""
    try:
        return work()
    except PrioritizerError as error:
        fail(error, lang, as_json)
    except PipeClosed:
        quiet_stdout()
        raise typer.Exit(PIPE_CLOSED) from None
    except (typer.Exit, typer.Abort):
        raise
    except KeyboardInterrupt:  # Ctrl-C: said in one line, exit 130 as the shell's convention
        say_error(t("error.interrupted", lang))
        raise typer.Exit(130) from None
    except OSError as error:  # what the operating system refused: said, not an internal error
        if debug:
            raise
        say_error(f"{t('error.prefix', lang)}: {show(os_problem(error), lang.value)}")
        raise typer.Exit(2) from None
    except Exception as error:
        if debug:
            raise
        say_error(t("error.internal", lang, kind=type(error).__name__))
        raise typer.Exit(1) from None


def os_problem(error: OSError) -> Phrase:
    """What the operating system refused, in the user's words, naming the file or folder."""
    path = str(error.filename or "?")
    if isinstance(error, PermissionError):
        return phrase("{path}: permission denied (this user cannot read or write it)", path=path)
    if isinstance(error, FileNotFoundError):
        return phrase("{path}: no such file or folder", path=path)
    if isinstance(error, IsADirectoryError):
        return phrase("{path}: a folder, where a file was expected", path=path)
    if isinstance(error, NotADirectoryError | FileExistsError) and Path(path).is_file():
        return phrase("{path}: a file, where a folder is needed", path=path)
    if error.errno == errno.ENOSPC:
        return phrase("{path}: the disk is full", path=path)
    return phrase("{path}: {reason}", path=path, reason=error.strerror or type(error).__name__)


def emit_json(payload: object) -> None:
    def write() -> None:
        ascii_only = not _unicode_safe(sys.stdout)
        sys.stdout.write(json.dumps(payload, ensure_ascii=ascii_only, indent=2) + "\n")

    _written(write)


def emit(renderable: RenderableType) -> None:
    """A renderable on stdout; piped or redirected, without the spaces that pad table lines."""

    def write() -> None:
        console = stdout()
        if console.is_terminal:
            console.print(renderable)
            return
        with console.capture() as captured:
            console.print(renderable)
        sys.stdout.write(_PADDING.sub("", captured.get()))

    _written(write)


_PADDING = re.compile(r"[ \t]+$", re.MULTILINE)


def emit_text(text: str) -> None:
    """Plain text on stdout, never wrapped (links and paths stay copyable), no markup."""
    _written(lambda: stdout().print(text, soft_wrap=True, markup=False, highlight=False))


PIPE_CLOSED = 141
"""Exit code when the reader of a pipe stops early (128 + SIGPIPE, as shells report it)."""


def _written(write: Callable[[], None]) -> None:
    """Write and flush standard output now, so that a closed or full one is told here (exit
    74) rather than lost at exit; a reader that went away ends the run quietly (exit 141)."""
    if sys.stdout is None:
        raise StdoutError(phrase("standard output is closed; nothing could be written"))
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        raise PipeClosed from None
    except OSError as error:
        raise StdoutError(
            phrase(
                "standard output cannot be written: {reason}",
                reason=error.strerror or type(error).__name__,
            )
        ) from None


def quiet_stdout() -> None:
    """Point standard output at the null device (after a broken pipe, so that Python's final
    flush does not fail again)."""
    try:
        sink = os.open(os.devnull, os.O_WRONLY)
        os.dup2(sink, 1)
        os.close(sink)
    except OSError:
        pass
