"""Progress of long steps: nothing for a step under a second, one plain line per stage on a
stderr that is not a terminal, never anything on stdout."""

from __future__ import annotations

import pytest

from prioritizer.cli import progress as cli_progress


def test_quick_stages_say_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    show = cli_progress.stage_progress("en")
    for done in range(11):
        show("why", done, 10)
    out, err = capsys.readouterr()
    assert out == "" and err == ""


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "settling why-lines exactly: 3/10"),
        ("es", "resolviendo las razones con exactitud: 3/10"),
    ],
)
def test_a_long_stage_gets_one_plain_line_on_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lang: str, words: str
) -> None:
    clock = iter([0.0, 0.2, 1.5, 2.0, 3.0, 4.0, 5.0])
    monkeypatch.setattr(cli_progress.time, "monotonic", lambda: next(clock))
    show = cli_progress.stage_progress(lang)
    for done in (1, 2, 3, 4, 5):
        show("why", done, 10)
    show("why", 10, 10)
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [f"{words}…"]


def test_a_quick_stage_run_again_later_says_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`compare` solves one region, then (seconds later) the next: the second solve is quick
    and its own, not the first one still running."""
    clock = iter([0.0, 0.1, 5.0, 5.1])
    monkeypatch.setattr(cli_progress.time, "monotonic", lambda: next(clock))
    show = cli_progress.stage_progress("en")
    for _ in range(2):
        show("solve", 0, 1)
        show("solve", 1, 1)
    assert capsys.readouterr() == ("", "")
