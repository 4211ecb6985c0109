"""Writing a whole folder at once: staged next to its target and renamed into place at the end,
so a failure (or Ctrl-C) never leaves a half-written folder or touches an existing one."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from prioritizer.errors import InputError
from prioritizer.phrases import phrase


@contextmanager
def new_folder(directory: Path, *, prefix: str) -> Iterator[Path]:
    """Yields a private staging folder; on success it becomes `directory` (new or empty)."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise InputError(
            str(directory),
            expected=phrase("a new or empty folder"),
            got=phrase("an existing file")
            if directory.is_file()
            else phrase("a folder with files"),
        )
    parent = directory.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        yield staging
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; the result is the user's
        if directory.exists():
            directory.rmdir()
        staging.rename(directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
