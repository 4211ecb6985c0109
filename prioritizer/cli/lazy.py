"""A typer group whose commands are imported when first used, so `--help` starts at once.

The command modules pull in pydantic, numpy, pandas, openpyxl and the computation stages
(about 1 s) that listing the commands does not need. The group knows each command by name,
module, attribute and summary (the first paragraph of its help, which the listing shows
whole, as its short help, rather than cut at 45 characters);
it imports a command's module only when that command runs or prints its own help, and builds
the command with typer exactly as if it had been registered on the app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any, ClassVar

import typer
from typer.core import TyperCommand, TyperGroup

# click's classes (contexts, formatters, commands) live in typer._click, which typer asks
# applications not to import; they are typed `Any` here.


@dataclass(frozen=True, slots=True)
class LazyCommand:
    """Where a command lives (module and attribute: a function or a typer group) and its summary."""

    module: str
    attribute: str
    summary: str


class LazyGroup(TyperGroup):
    """A typer group listing the commands of `lazy`, in order, and importing each on first use."""

    lazy: ClassVar[Mapping[str, LazyCommand]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(self.lazy, self._load)

    def list_commands(self, ctx: Any) -> list[str]:
        """The command names in the order `--help` lists them (importing none)."""
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The `Commands:` section of `--help`, from the summaries (importing none)."""
        stand_ins = [
            TyperCommand(name, help=where.summary, short_help=where.summary)
            for name, where in self.lazy.items()
        ]
        TyperGroup(commands=stand_ins).format_commands(ctx, formatter)

    def _load(self, name: str) -> Any:
        """The command typer builds for `name`, as if registered on this group."""
        where = self.lazy[name]
        target = getattr(import_module(where.module), where.attribute)
        holder = typer.Typer(
            rich_markup_mode=self.rich_markup_mode, suggest_commands=self.suggest_commands
        )
        if isinstance(target, typer.Typer):
            holder.add_typer(target, name=name, short_help=where.summary)
        else:
            holder.command(name, short_help=where.summary)(target)
        return typer.main.get_group(holder).commands[name]


class _Commands(MutableMapping[str, Any]):
    """A group's commands by name: every name is known at once, each command built on access."""

    def __init__(self, names: Mapping[str, object], load: Callable[[str], Any]) -> None:
        self._names = list(names)
        self._built: dict[str, Any] = {}
        self._load = load

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            self._built[name] = self._load(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._names:
            self._names.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._built.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)
