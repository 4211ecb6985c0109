"""The workshop's judgments into the data set: the planner's "Apply to the data set" and
`prioritizer workshop export` write stakeholders.yaml as `elicit` does (checked on a copy first,
the old file kept as .bak, comments and other stakeholders kept), and write nothing when the
data set would not load."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from prioritizer.core.elicit import Pair, Questionnaire
from prioritizer.data.load import load_dataset
from prioritizer.data.models import pairwise_matrix
from prioritizer.web.app import create_app
from prioritizer.web.server import Workshop, open_workshop
from prioritizer.web.store import Store
from tests.conftest import Run, snapshot
from tests.web_support import csrf_of, data_set, serve_in_thread

JULIACA = {
    Pair("specialization", "diversification"): 1 / 2,
    Pair("specialization", "global-context"): 1 / 5,
    Pair("specialization", "cost"): 1 / 3,
    Pair("diversification", "global-context"): 1 / 2,
    Pair("diversification", "cost"): 5.0,
    Pair("global-context", "cost"): 7.0,
}
UNA = {  # one "don't know" (specialization vs diversification): the others link every criterion
    Pair("specialization", "global-context"): 2.0,
    Pair("specialization", "cost"): 4.0,
    Pair("diversification", "global-context"): 1.0,
    Pair("diversification", "cost"): 2.0,
    Pair("global-context", "cost"): 2.0,
}


def _id(workshop: Workshop, stakeholder: str) -> int:
    shared = workshop.shared
    return next(
        p.id for p in shared.store.participants(shared.workshop_id) if p.stakeholder == stakeholder
    )


def _answer(workshop: Workshop) -> None:
    """Juliaca answers everything and keeps the contradiction; UNA answers all but one pair;
    Puno's government answers one pair only (not linked, so not written)."""
    store: Store = workshop.shared.store
    q: Questionnaire = workshop.shared.workshop.questionnaire
    juliaca = _id(workshop, "puno-chamber-juliaca")
    for pair, value in JULIACA.items():
        store.record_answer(juliaca, pair, value, None)
    _, kept, _ = q.revise(JULIACA, None)
    store.record_decision(juliaca, kept)
    una = _id(workshop, "puno-una")
    store.record_answer(una, Pair("specialization", "diversification"), None, "no idea")
    for pair, value in UNA.items():
        store.record_answer(una, pair, value, None)
    government = _id(workshop, "puno-regional-government")
    store.record_answer(government, Pair("specialization", "cost"), 3.0, None)


@pytest.fixture
def opened(tmp_path: Path) -> Iterator[tuple[Workshop, Path]]:
    inputs = data_set(tmp_path)
    workshop = open_workshop(inputs)
    _answer(workshop)
    yield workshop, inputs


def _puno(inputs: Path) -> Path:
    return inputs / "inputs" / "regions" / "puno" / "stakeholders.yaml"


def _check_written(inputs: Path, original: bytes) -> None:
    """The Puno file holds the workshop's judgments, and nothing else changed."""
    file = _puno(inputs)
    assert Path(f"{file}.bak").read_bytes() == original
    data = load_dataset(inputs)
    ids = data.criterion_ids
    people = {s.id: s for s in data.stakeholders}
    juliaca = pairwise_matrix(people["puno-chamber-juliaca"], ids)
    for pair, value in JULIACA.items():
        assert juliaca[ids.index(pair.row)][ids.index(pair.column)] == pytest.approx(value)
    una = pairwise_matrix(people["puno-una"], ids)
    for pair, value in UNA.items():
        assert una[ids.index(pair.row)][ids.index(pair.column)] == pytest.approx(value)
    # the pair UNA did not answer is completed from the others: s/d = (s/c) / (d/c) = 2
    assert una[0][1] == pytest.approx(2.0)
    before = original.decode("utf-8").splitlines()
    after = file.read_text(encoding="utf-8").splitlines()
    changed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    # only judgment lines changed: the `judgments:` line (now with its note) and its rows
    assert all(line[1:].startswith(("    judgments:", "      ")) for line in changed), changed
    notes = [line for line in changed if "judgments:  #" in line]
    assert len(notes) == 2
    assert all("with the workshop app (prioritizer serve)" in line for line in notes)
    assert any("kept specialization vs cost = 1/3" in line for line in notes)
    filled = "not answered, completed from the others (least lambda-max): specialization vs "
    assert any(f"{filled}diversification" in line for line in notes)
    assert [line for line in before if line.startswith("#")] == [
        line for line in after if line.startswith("#")
    ]
    assert load_dataset(inputs).region("cusco") is not None


def test_apply_writes_the_judgments_as_elicit_does(opened: tuple[Workshop, Path]) -> None:
    workshop, inputs = opened
    original = _puno(inputs).read_bytes()
    cusco = (inputs / "inputs" / "regions" / "cusco" / "stakeholders.yaml").read_bytes()
    token = workshop.opening.planner
    with (
        serve_in_thread(create_app(workshop.shared)) as base,
        httpx.Client(base_url=base) as client,
    ):
        csrf = csrf_of(client.get(f"/p/{token}").text)
        done = client.post(f"/p/{token}/apply", data={"csrf": csrf})
        assert done.status_code == 200, done.text
        assert "Saved: National University of the Altiplano (UNA Puno), Chamber of Commerce" in (
            done.text
        )
        assert "Regional Government of Puno (Economic Development)" in done.text  # not linked
        after = client.get(f"/p/{token}").text
    _check_written(inputs, original)
    assert (inputs / "inputs" / "regions" / "cusco" / "stakeholders.yaml").read_bytes() == cusco
    assert not Path(f"{inputs}/inputs/regions/cusco/stakeholders.yaml.bak").exists()
    # the server reads the data set again: its own judgments now are the workshop's
    assert "From the workshop&#39;s answers" in after
    reread = {s.id: s for s in workshop.shared.workshop.data.stakeholders}
    saved = {s.id: s for s in load_dataset(inputs).stakeholders}
    assert reread["puno-una"].judgments == saved["puno-una"].judgments


def test_workshop_export_does_the_same_from_the_command_line(
    opened: tuple[Workshop, Path], cli: Callable[..., Run]
) -> None:
    _, inputs = opened
    original = _puno(inputs).read_bytes()
    done = cli("workshop", "export", "--inputs", str(inputs), "--json")
    assert done.code == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["status"] == "saved"
    assert report["written"] == ["puno-una", "puno-chamber-juliaca"]
    assert "puno-regional-government" in report["not_linked"]  # one answer links nothing
    assert len(report["not_linked"]) == 8  # with the seven who gave none
    assert report["completed"] == {
        "puno-una": [{"row": "specialization", "column": "diversification"}]
    }
    _check_written(inputs, original)
    text = cli("workshop", "export", "--inputs", str(inputs), env={"PRIORITIZER_LANG": "es"})
    assert text.code == 0 and "Se guardaron los juicios de puno-una" in text.stdout


def test_nothing_is_written_when_the_data_set_would_not_load(
    opened: tuple[Workshop, Path], cli: Callable[..., Run]
) -> None:
    workshop, inputs = opened
    token = workshop.opening.planner
    with (
        serve_in_thread(create_app(workshop.shared)) as base,
        httpx.Client(base_url=base) as client,
    ):
        csrf = csrf_of(client.get(f"/p/{token}").text)
        # someone breaks another file of the data set while the workshop runs
        projects = inputs / "inputs" / "projects.csv"
        broken = projects.read_text(encoding="utf-8") + "broken,row\n"
        projects.write_text(broken, encoding="utf-8")
        before = snapshot(inputs / "inputs")
        refused = client.post(f"/p/{token}/apply", data={"csrf": csrf})
        assert refused.status_code == 400
        assert "nothing was saved" in refused.text and "projects.csv, line 31" in refused.text
    assert snapshot(inputs / "inputs") == before
    done = cli("workshop", "export", "--inputs", str(inputs))
    assert done.code == 2 and "projects.csv, line 31" in done.stderr
    assert snapshot(inputs / "inputs") == before


def test_export_needs_a_workshop(cli: Callable[..., Run], data_copy: Path) -> None:
    done = cli("workshop", "export", "--inputs", str(data_copy))
    assert done.code == 2
    assert "a workshop started by `prioritizer serve --inputs" in done.stderr
    assert cli("workshop", "export").code == 2
