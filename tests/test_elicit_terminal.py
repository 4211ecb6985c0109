"""`prioritizer elicit` in a real pseudo-terminal (pexpect): a full session with a revision, and
Ctrl-C in the middle of one."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
import typer

from prioritizer.core.elicit import Questionnaire, parse_answers
from prioritizer.data.load import load_dataset
from tests.conftest import snapshot
from tests.test_elicit import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
ENTRY = (
    "import typer; from prioritizer.cli.elicit import elicit; "
    "app = typer.Typer(add_completion=False); app.command('elicit')(elicit); "
    "app.callback()(lambda: None); app()"
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def _spawn(*args: str) -> pexpect.spawn:
    """`python -m prioritizer elicit ...` once the command is registered, else a tiny entry."""
    from prioritizer.cli.app import app

    registered = set(typer.main.get_group(app).commands) >= COMMANDS
    head = ["-m", "prioritizer"] if registered else ["-c", ENTRY]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRIORITIZER_LANG": "en", "TERM": "dumb"}
    return pexpect.spawn(
        sys.executable,
        [*head, "elicit", *args],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(50, 120),
    )


def _args(root: Path) -> tuple[str, ...]:
    return ("--region", "puno", "--stakeholder", "puno-chamber-juliaca", "--inputs", str(root))


def test_full_session_with_a_revision(data_copy: Path) -> None:
    stakeholders = data_copy / "inputs" / "regions" / "puno" / "stakeholders.yaml"
    original = stakeholders.read_bytes()
    child = _spawn(*_args(data_copy))
    child.expect_exact(
        "(1/6) For Puno, how much more important is Specialization than Diversification?"
    )
    child.expect_exact("[1/2] > ")
    child.sendline("")
    child.expect_exact("Diversification over Specialization: Weak or slight (2)")
    for default in ("1/5", "1/3", "1/2", "5", "7"):
        child.expect_exact(f"[{default}] > ")
        child.sendline("")
    child.expect_exact("Most at odds with the others: Specialization vs Cost = 1/3.")
    child.expect_exact("the nearest value on the scale is 1.")
    child.expect_exact("> ")
    child.sendline("")
    child.expect_exact("Changed Specialization vs Cost to 1: CR 0.155 -> 0.027.")
    child.expect_exact("[Y/n]")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = stakeholders.read_text(encoding="utf-8")
    assert "revised specialization vs cost from 1/3 to 1 (CR 0.155 -> 0.027)" in text
    assert stakeholders.with_name("stakeholders.yaml.bak").read_bytes() == original
    assert not (stakeholders.parent / ".elicit-puno-chamber-juliaca.yaml").exists()
    juliaca = next(
        s for s in load_dataset(data_copy).stakeholders if s.id == "puno-chamber-juliaca"
    )
    assert juliaca.judgments is not None
    assert juliaca.judgments["specialization"]["cost"] == 1.0


def test_ctrl_c_leaves_the_data_set_byte_identical(data_copy: Path) -> None:
    before = snapshot(data_copy)
    child = _spawn(*_args(data_copy))
    child.expect_exact("[1/2] > ")
    child.sendline("3")
    child.expect_exact("[1/5] > ")
    child.sendline("1/2")
    child.expect_exact("[1/3] > ")
    child.sendintr()
    child.expect_exact("Stopped: 2 of 6 answers kept in")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    draft = data_copy / "inputs" / "regions" / "puno" / ".elicit-puno-chamber-juliaca.yaml"
    after = snapshot(data_copy)
    assert after.pop(str(draft.relative_to(data_copy))) == draft.read_bytes()
    assert after == before
    data = load_dataset(data_copy)
    questionnaire = Questionnaire(
        ids=data.criterion_ids,
        scale=tuple(v.value for v in data.saaty_scale.values),
        random_index=data.random_index.get().values,
    )
    sheet = parse_answers(
        draft.read_text(encoding="utf-8"), file=str(draft), questionnaire=questionnaire
    )
    assert sorted(sheet.judgments.values()) == [0.5, 3.0]


def _session_words(root: Path, columns: int) -> set[str]:
    """The words a Spanish session with every default shows in a terminal this wide."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRIORITIZER_LANG": "es", "TERM": "xterm"}
    env.pop("COLUMNS", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "prioritizer", "elicit", *_args(root)],
        cwd=str(ROOT),
        env={**env, "NO_COLOR": "1"},
        encoding="utf-8",
        timeout=30,
        dimensions=(50, columns),
    )
    shown = []
    for _ in range(8):
        child.expect_exact("> ")
        shown.append(child.before)
        child.sendline("")
    child.expect_exact("[S/n]")
    shown.append(child.before)
    child.sendline("s")
    child.expect(pexpect.EOF)
    shown.append(child.before or "")
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", "".join(shown).replace("\r", ""))
    assert max(len(line) for line in text.splitlines()) <= columns
    saved = f"{root}/inputs/regions/puno/stakeholders.yaml.bak"
    return {
        word
        for line in text.splitlines()
        for word in line.split()
        if set(word) - set("━─") and word.strip("().?") not in saved
    }


def test_a_narrow_terminal_gets_every_word_whole(data_copy: Path) -> None:
    """A session at 50 columns shows the words a wide one does, none cut or lost."""
    wide_copy = data_copy.parent / "wide"
    shutil.copytree(data_copy, wide_copy)
    narrow, wide = _session_words(data_copy, 50), _session_words(wide_copy, 250)
    assert "…" not in " ".join(narrow)
    assert {"Cuestionario", "Juliaca", "Especialización", "Diversificación"} <= narrow
    assert narrow <= wide
