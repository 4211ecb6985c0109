"""The pairwise questionnaire: its pure logic (prioritizer.core.elicit) and `prioritizer elicit`
driven through answers files (--from), piped answers, drafts and --show."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import typer
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from prioritizer.core.elicit import (
    AnswerSheet,
    NewStakeholder,
    Pair,
    Questionnaire,
    dump_answers,
    parse_answers,
    update_stakeholders_yaml,
)
from prioritizer.core.weigh import ahp_weights
from prioritizer.core.weigh.incomplete import incomplete_priorities
from prioritizer.data.load import load_dataset
from prioritizer.data.models import LocalizedText, pairwise_matrix
from prioritizer.errors import InputError
from tests.conftest import Run, snapshot

GOOD = Path(__file__).parent / "data" / "good"
IDS = ("specialization", "diversification", "global-context", "cost")
SAATY_RI = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45}
JULIACA = {
    Pair("specialization", "diversification"): 1 / 2,
    Pair("specialization", "global-context"): 1 / 5,
    Pair("specialization", "cost"): 1 / 3,
    Pair("diversification", "global-context"): 1 / 2,
    Pair("diversification", "cost"): 5.0,
    Pair("global-context", "cost"): 7.0,
}
COMMANDS = {"elicit", "template", "import"}


def _questionnaire(ids: tuple[str, ...] = IDS) -> Questionnaire:
    return Questionnaire(ids=ids, scale=tuple(range(1, 10)), random_index=SAATY_RI)


def elicit_app() -> typer.Typer:
    """The program's app once the commands are registered there, else one holding just them."""
    from prioritizer.cli.app import app

    if set(typer.main.get_group(app).commands) >= COMMANDS:
        return app
    from prioritizer.cli.elicit import elicit
    from prioritizer.cli.workbook import import_workbook, template

    own = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    own.command("elicit")(elicit)
    own.command("template")(template)
    own.command("import")(import_workbook)
    return own


@pytest.fixture
def run() -> Callable[..., Run]:
    """Runs `prioritizer ARGS...` in-process (with typed answers as `input`)."""
    runner = CliRunner()
    app = elicit_app()

    def call(*args: str, input: str | None = None) -> Run:
        result = runner.invoke(app, list(args), input=input, env={"PRIORITIZER_LANG": ""})
        return Run(result.exit_code, result.stdout, result.stderr)

    return call


# -- pure logic --------------------------------------------------------------------------------
def test_questions_link_every_criterion_after_n_minus_1_answers() -> None:
    q = _questionnaire()
    assert q.pairs[:3] == (
        Pair("specialization", "diversification"),
        Pair("specialization", "global-context"),
        Pair("specialization", "cost"),
    )
    assert len(q.pairs) == 6 and len(set(q.pairs)) == 6
    answers = {pair: 2.0 for pair in q.pairs[:3]}
    progress = q.progress(answers)
    assert not progress.complete and progress.ahp is None
    np.testing.assert_allclose(progress.weights, [0.4, 0.2, 0.2, 0.2])


def test_running_weights_leave_unlinked_criteria_out() -> None:
    progress = _questionnaire().progress({Pair("specialization", "diversification"): 3.0})
    assert progress.answered == 1
    np.testing.assert_allclose(progress.weights[:2], [0.75, 0.25])
    assert np.isnan(progress.weights[2:]).all()
    assert progress.to_dict()["weights"]["cost"] is None


def test_harker_equals_saaty_eigenvector_when_nothing_is_missing() -> None:
    """Independent oracle: ahp_weights' eigenvector of the same complete matrix."""
    q = _questionnaire()
    matrix = q.matrix(JULIACA)
    expected = ahp_weights(matrix, IDS, random_index=SAATY_RI).weights
    np.testing.assert_allclose(incomplete_priorities(matrix), expected, rtol=1e-10)


@settings(max_examples=60, deadline=None)
@given(
    weights=st.lists(st.floats(0.05, 20.0), min_size=3, max_size=6),
    extra=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=8),
    order=st.randoms(use_true_random=False),
)
def test_prop_harker_exact_on_consistent_connected_answers(
    weights: list[float], extra: list[tuple[int, int]], order: object
) -> None:
    """Consistent judgments on any connected set of pairs give the weights back exactly."""
    n = len(weights)
    w = np.array(weights)
    nodes = list(range(n))
    order.shuffle(nodes)  # type: ignore[attr-defined]
    known = {(nodes[k], nodes[order.randrange(k)]) for k in range(1, n)}  # type: ignore[attr-defined]
    known |= {(i % n, j % n) for i, j in extra if i % n != j % n}
    matrix = np.full((n, n), np.nan)
    np.fill_diagonal(matrix, 1.0)
    for i, j in known:
        matrix[i, j], matrix[j, i] = w[i] / w[j], w[j] / w[i]
    np.testing.assert_allclose(incomplete_priorities(matrix), w / w.sum(), rtol=1e-8)


@pytest.mark.parametrize(
    ("text", "value"),
    [("3", 3.0), ("1/3", 1 / 3), (" 1 / 9 ", 1 / 9), ("9", 9.0), ("1", 1.0), ("0.5", 0.5)],
)
def test_parse_accepts_the_scale_and_reciprocals(text: str, value: float) -> None:
    assert _questionnaire().parse(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["10", "1/10", "2.5", "abc", "1/0", "", "-3", "3/2"])
def test_parse_rejects_values_off_the_scale(text: str) -> None:
    assert _questionnaire().parse(text) is None


def test_complete_juliaca_matrix_is_inconsistent_with_the_documented_worst_judgment() -> None:
    """README: the Juliaca chamber's judgments have CR 0.155; the judgment most at odds is
    specialization vs cost = 1/3, whose consistent value rounds to 1 on Saaty's scale."""
    progress = _questionnaire().progress(JULIACA)
    assert progress.complete
    assert progress.consistency_ratio == pytest.approx(0.155, abs=5e-4)
    worst = progress.worst
    assert worst is not None
    assert (worst.row, worst.column) == ("specialization", "cost")
    assert worst.given == pytest.approx(1 / 3)
    assert worst.nearest_saaty == 1.0
    assert 0.5 < worst.consistent < 1.0


def test_revise_and_keep_are_recorded() -> None:
    q = _questionnaire()
    revised, record, after = q.revise(JULIACA, 1.0)
    assert revised[Pair("specialization", "cost")] == 1.0
    assert not record.kept and record.value == 1.0 and record.given == pytest.approx(1 / 3)
    assert record.ratio_before == pytest.approx(0.155, abs=5e-4)
    assert record.ratio_after == after.consistency_ratio
    assert record.ratio_after < 0.10
    assert record.to_dict()["action"] == "revised"
    kept, record, after = q.revise(JULIACA, None)
    assert kept == JULIACA and record.kept and record.value == record.given
    assert record.to_dict()["action"] == "kept"
    assert "kept specialization vs cost = 1/3" in record.note()


def test_settle_revises_until_consistent_or_records_the_keep() -> None:
    q = _questionnaire()
    answers, records = q.settle(JULIACA, "revise")
    assert records and all(not r.kept for r in records)
    assert q.progress(answers).worst is None
    answers, records = q.settle(JULIACA, "keep")
    assert answers == JULIACA
    assert len(records) == 1 and records[0].kept


def test_answers_file_reads_either_direction_and_names_lines() -> None:
    q = _questionnaire()
    sheet = parse_answers(
        (GOOD / "elicit_consistent.yaml").read_text(encoding="utf-8"),
        file="answers.yaml",
        questionnaire=q,
    )
    assert sheet.judgments[Pair("global-context", "cost")] == 2.0
    assert q.progress(sheet.judgments).consistency_ratio == pytest.approx(0.0, abs=1e-12)
    csv_sheet = parse_answers(
        (GOOD / "elicit_consistent.csv").read_text(encoding="utf-8"),
        file="answers.csv",
        questionnaire=q,
    )
    assert csv_sheet.judgments == sheet.judgments


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("judgments:\n  specialization: {tea: 3}\n", 2, "a criterion id"),
        ("judgments:\n  specialization:\n    cost: 11\n", 3, "Saaty's scale"),
        (
            "judgments:\n  specialization: {cost: 3}\n  cost: {specialization: 1/3}\n",
            3,
            "each pair once",
        ),
        ("judgment:\n  specialization: {cost: 3}\n", 1, "one of the keys"),
        ("if_inconsistent: maybe\n", 1, "keep or revise"),
        ("judgments: {specialization: {cost: [3}\n", 1, "valid YAML"),
    ],
)
def test_answers_file_errors_name_the_line(text: str, line: int, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_answers(text, file="answers.yaml", questionnaire=_questionnaire())
    assert caught.value.row == line
    assert expected in caught.value.expected


@pytest.mark.parametrize(
    ("file", "text", "spanish"),
    [
        (
            "answers.yaml",
            "judgments:\n  specialization: {tea: 3}\n",
            "answers.yaml, línea 2: el campo 'judgments.specialization.tea' vale 'tea'; se "
            "esperaba un id de criterio (specialization, diversification, global-context, cost).",
        ),
        (
            "answers.yaml",
            "judgments:\n  specialization:\n    cost: 11\n",
            "answers.yaml, línea 3: el campo 'judgments.specialization.cost' vale '11'; se "
            "esperaba un valor de la escala de Saaty: de 1 a 9, o de 1/2 a 1/9.",
        ),
        (
            "answers.yaml",
            "judgments:\n  specialization: {cost: 3}\n  cost: {specialization: 1/3}\n",
            "answers.yaml, línea 3: el campo 'judgments.cost.specialization' vale '1/3'; se "
            "esperaba cada par una sola vez (specialization frente a cost ya tiene un juicio).",
        ),
        (
            "answers.yaml",
            "judgments:\n  cost: 3\n",
            "answers.yaml, línea 2: el campo 'judgments.cost' vale 3; se esperaba un mapeo "
            "{criterio de columna: valor}.",
        ),
        (
            "answers.yaml",
            "if_inconsistent: maybe\n",
            "answers.yaml, línea 1: el campo 'if_inconsistent' vale 'maybe'; se esperaba keep o "
            "revise.",
        ),
        (
            "answers.csv",
            "row,column,value\ncost,specialization\n",
            "answers.csv, línea 2: encontrado: 2 valores; se esperaba 3 valores: row,column,value.",
        ),
    ],
)
def test_answers_file_errors_read_in_spanish(file: str, text: str, spanish: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_answers(text, file=file, questionnaire=_questionnaire())
    assert caught.value.message("es") == spanish


def test_draft_round_trips_through_the_answers_format() -> None:
    q = _questionnaire()
    _, record, _ = q.revise(JULIACA, 1.0)
    sheet = AnswerSheet(
        judgments=dict(list(JULIACA.items())[:4]),
        region="puno",
        stakeholder="puno-new",
        name=LocalizedText(en="New: one", es="Nuevo"),
        group="business",
        influence=0.5,
        revisions=(record,),
    )
    back = parse_answers(dump_answers(sheet, q), file="draft.yaml", questionnaire=q)
    assert back == sheet


def test_stakeholders_yaml_edit_keeps_everything_else(data_copy: Path) -> None:
    path = data_copy / "inputs" / "regions" / "puno" / "stakeholders.yaml"
    original = path.read_text(encoding="utf-8")
    q = _questionnaire()
    answers = {pair: 1.0 for pair in q.pairs}
    text = update_stakeholders_yaml(
        original,
        file=str(path),
        stakeholder="puno-una",
        answers=answers,
        questionnaire=q,
        note="elicited today",
        new=None,
    )
    diff = [
        line
        for line in difflib.unified_diff(original.splitlines(), text.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert diff == [
        "-    judgments:",
        "-      specialization: {diversification: 1, global-context: 3, cost: 4}",
        "-      diversification: {global-context: 3, cost: 4}",
        "-      global-context: {cost: 2}",
        "+    judgments:  # elicited today",
        "+      specialization: {diversification: 1, global-context: 1, cost: 1}",
        "+      diversification: {global-context: 1, cost: 1}",
        "+      global-context: {cost: 1}",
    ]
    added = update_stakeholders_yaml(
        original,
        file=str(path),
        stakeholder="puno-new",
        answers=answers,
        questionnaire=q,
        note="n",
        new=NewStakeholder(LocalizedText(en="A: b", es="C"), "business", 2.0, "workshop"),
    )
    assert added.startswith(original)
    entry = yaml.safe_load(added)["stakeholders"][-1]
    assert entry["name"] == {"en": "A: b", "es": "C"} and entry["influence"] == 2.0


# -- the command, scripted ---------------------------------------------------------------------
def _file(root: Path, region: str) -> Path:
    return root / "inputs" / "regions" / region / "stakeholders.yaml"


def _comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_from_consistent_answers_saves_and_keeps_the_rest(
    run: Callable[..., Run], data_copy: Path
) -> None:
    path = _file(data_copy, "cusco")
    original = path.read_bytes()
    before = load_dataset(data_copy)
    result = run(
        "elicit", "--region", "cusco", "--stakeholder", "cusco-unsaac",
        "--inputs", str(data_copy), "--from", str(GOOD / "elicit_consistent.yaml"), "--json",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["status"] == "saved" and payload["revisions"] == []
    assert payload["consistency_ratio"] == pytest.approx(0.0, abs=1e-12)
    assert payload["weights"]["specialization"] == pytest.approx(4 / 9)
    assert path.with_name("stakeholders.yaml.bak").read_bytes() == original
    text = path.read_text(encoding="utf-8")
    assert _comments(text) == _comments(original.decode("utf-8"))
    after = load_dataset(data_copy)
    changed = next(s for s in after.stakeholders if s.id == "cusco-unsaac")
    assert pairwise_matrix(changed, IDS)[0] == [1.0, 2.0, 2.0, 4.0]
    others = [s.model_dump() for s in before.stakeholders if s.id != "cusco-unsaac"]
    assert [s.model_dump() for s in after.stakeholders if s.id != "cusco-unsaac"] == others
    assert re.search(r"judgments:  # elicited \d{4}-\d\d-\d\d with prioritizer elicit", text)


def test_from_inconsistent_answers_reports_and_records_the_revision(
    run: Callable[..., Run], data_copy: Path
) -> None:
    result = run(
        "elicit", "--region", "puno", "--stakeholder", "puno-chamber-juliaca",
        "--inputs", str(data_copy), "--from", str(GOOD / "elicit_inconsistent.yaml"), "--json",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    (revision,) = payload["revisions"]
    assert revision["row"] == "specialization" and revision["column"] == "cost"
    assert revision["action"] == "revised"
    assert revision["given"] == pytest.approx(1 / 3) and revision["suggested"] == 1.0
    assert revision["consistency_ratio_before"] == pytest.approx(0.155, abs=5e-4)
    assert payload["consistency_ratio"] < 0.10
    text = _file(data_copy, "puno").read_text(encoding="utf-8")
    assert "revised specialization vs cost from 1/3 to 1 (CR 0.155 -> " in text
    assert "specialization: {diversification: 1/2, global-context: 1/5, cost: 1}" in text


def test_from_keep_saves_the_inconsistent_judgments_and_says_so(
    run: Callable[..., Run], data_copy: Path
) -> None:
    result = run(
        "elicit", "--region", "puno", "--stakeholder", "puno-chamber-juliaca",
        "--inputs", str(data_copy), "--from", str(GOOD / "elicit_inconsistent.yaml"),
        "--if-inconsistent", "keep",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "Specialization vs Cost = 1/3 kept (CR 0.155)" in result.stdout
    text = _file(data_copy, "puno").read_text(encoding="utf-8")
    assert "kept specialization vs cost = 1/3" in text
    assert "cost: 1/3}" in text


def test_new_stakeholder_is_added(run: Callable[..., Run], data_copy: Path) -> None:
    result = run(
        "elicit", "--region", "puno", "--stakeholder", "puno-textile-exporters",
        "--inputs", str(data_copy), "--from", str(GOOD / "elicit_new_stakeholder.yaml"),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    added = next(
        s for s in load_dataset(data_copy).stakeholders if s.id == "puno-textile-exporters"
    )
    assert added.region == "puno" and added.group == "business" and added.influence == 0.5
    assert added.name.es == "Exportadores textiles de Puno"
    result = run(
        "elicit", "--region", "puno", "--stakeholder", "puno-weavers", "--name", "Weavers",
        "--inputs", str(data_copy), "--from", str(GOOD / "elicit_consistent.csv"),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    weavers = next(s for s in load_dataset(data_copy).stakeholders if s.id == "puno-weavers")
    assert weavers.name.en == weavers.name.es == "Weavers" and weavers.group == "other"


def test_refuses_the_embedded_data_set(run: Callable[..., Run]) -> None:
    result = run(
        "elicit", "--region", "puno", "--stakeholder", "puno-una",
        "--from", str(GOOD / "elicit_consistent.yaml"),
    )  # fmt: skip
    assert result.code == 2
    assert "run `prioritizer init DIR` first" in result.stderr
    checkout = Path(__file__).resolve().parents[1]
    result = run(
        "elicit", "--region", "puno", "--stakeholder", "puno-una", "--inputs", str(checkout),
        "--from", str(GOOD / "elicit_consistent.yaml"),
    )  # fmt: skip
    assert result.code == 2 and "prioritizer init DIR" in result.stderr
    assert not (checkout / "inputs" / "regions" / "puno" / "stakeholders.yaml.bak").exists()


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--stakeholder", "puno-nobody"], "or --name to add one"),
        (["--stakeholder", "cusco-unsaac"], "belongs to cusco"),
        (["--stakeholder", "puno-x", "--name", "   "], "field 'name' is '   '; expected a name"),
        (["--stakeholder", "puno-x", "--name", "X", "--source", " "], "nothing was saved"),
        (["--stakeholder", "puno-una", "--name", "Again"], "no --name for an existing"),
    ],
)
def test_a_failure_leaves_the_data_set_untouched(
    run: Callable[..., Run], data_copy: Path, extra: list[str], expected: str
) -> None:
    before = snapshot(data_copy)
    result = run(
        "elicit", "--region", "puno", *extra, "--inputs", str(data_copy),
        "--from", str(GOOD / "elicit_consistent.yaml"),
    )  # fmt: skip
    assert result.code == 2
    assert expected in result.stderr
    assert snapshot(data_copy) == before


def test_incomplete_answers_file_is_an_error(
    run: Callable[..., Run], data_copy: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "partial.yaml"
    answers.write_text("judgments:\n  specialization: {cost: 3}\n", encoding="utf-8")
    before = snapshot(data_copy)
    result = run(
        "elicit", "--region", "puno", "--stakeholder", "puno-una",
        "--inputs", str(data_copy), "--from", str(answers),
    )  # fmt: skip
    assert result.code == 2
    assert "missing: specialization vs diversification" in result.stderr
    assert snapshot(data_copy) == before


# -- the command, answered on stdin ------------------------------------------------------------
def test_stop_keeps_a_draft_and_the_next_run_resumes(
    run: Callable[..., Run], data_copy: Path
) -> None:
    base = (
        "elicit",
        "--region",
        "cusco",
        "--stakeholder",
        "cusco-inia",
        "--inputs",
        str(data_copy),
    )
    before = snapshot(data_copy)
    first = run(*base, input="1/2\n1/3\nq\n")
    assert first.code == 0, first.stderr
    draft = data_copy / "inputs" / "regions" / "cusco" / ".elicit-cusco-inia.yaml"
    assert snapshot(data_copy) == {**before, str(draft.relative_to(data_copy)): draft.read_bytes()}
    assert (
        "Weights so far: Specialization 0.17 · Diversification 0.33 · Global context 0.50 · Cost —"
        in first.stdout
    )
    said = " ".join(first.stdout.split())  # each side of a question says what it means
    assert "Specialization: Modernise and add value to the region's current niches" in said
    assert "Diversification: Discover new niches in the same activity" in said
    shown = run(*base, "--show", "--json")
    assert json.loads(shown.stdout)["source"] == "draft"
    assert json.loads(shown.stdout)["progress"]["answered"] == 2
    second = run(*base, input="1\n1/2\n2\n3\ny\n")
    assert second.code == 0, second.stderr
    assert "Continuing the unfinished session" in second.stdout
    assert "(3/6)" in second.stdout and "(1/6)" not in second.stdout
    assert not draft.exists()
    inia = next(s for s in load_dataset(data_copy).stakeholders if s.id == "cusco-inia")
    assert pairwise_matrix(inia, IDS)[0] == pytest.approx([1.0, 0.5, 1 / 3, 1.0])
    assert pairwise_matrix(inia, IDS)[2][3] == 3.0


def test_end_of_input_saves_nothing(run: Callable[..., Run], data_copy: Path) -> None:
    path = _file(data_copy, "cusco")
    original = path.read_bytes()
    result = run(
        "elicit", "--region", "cusco", "--stakeholder", "cusco-inia",
        "--inputs", str(data_copy), input="2\n",
    )  # fmt: skip
    assert result.code == 1
    assert path.read_bytes() == original
    assert "1 of 6 answers kept" in result.stdout


def test_declining_to_save_keeps_the_draft(run: Callable[..., Run], data_copy: Path) -> None:
    path = _file(data_copy, "cusco")
    original = path.read_bytes()
    result = run(
        "elicit", "--region", "cusco", "--stakeholder", "cusco-inia", "--inputs",
        str(data_copy), "--lang", "es", input="\n\n\n\n\n\nn\n",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "No se guardó" in result.stdout
    assert path.read_bytes() == original
    assert (path.parent / ".elicit-cusco-inia.yaml").exists()


def test_show_prints_the_matrix_with_fractions(run: Callable[..., Run], data_copy: Path) -> None:
    result = run(
        "elicit", "--region", "puno", "--stakeholder", "puno-chamber-juliaca",
        "--inputs", str(data_copy), "--show",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "1/5" in result.stdout and "1/7" in result.stdout
    assert "CR = 0.155" in result.stdout
    assert "Specialization vs Cost = 1/3" in result.stdout


# -- messages in Spanish -----------------------------------------------------------------------
def test_command_errors_read_in_spanish(run: Callable[..., Run], data_copy: Path) -> None:
    unknown = run(
        "elicit", "--region", "puno", "--stakeholder", "puno-nobody", "--inputs", str(data_copy),
        "--from", str(GOOD / "elicit_consistent.yaml"), "--lang", "es",
    )  # fmt: skip
    assert unknown.code == 2
    assert (
        "--stakeholder: el campo 'stakeholder' vale 'puno-nobody'; se esperaba un actor de puno "
        "(puno-regional-government, puno-una, puno-alpaca-breeders, puno-chamber-juliaca, "
        "puno-senati), o --name para añadir uno." in " ".join(unknown.stderr.split())
    )
    embedded = run(
        "elicit", "--region", "puno", "--stakeholder", "puno-una",
        "--from", str(GOOD / "elicit_consistent.yaml"), "--lang", "es",
    )  # fmt: skip
    assert embedded.code == 2
    assert (
        "--inputs: encontrado: el conjunto de datos incluido, que nunca se modifica; se esperaba "
        "una carpeta propia con el conjunto de datos (elicit guarda en ella). Consejo: ejecute "
        "primero `prioritizer init DIR` y luego añada --inputs DIR"
        in " ".join(embedded.stderr.split())
    )


def test_incomplete_answers_file_in_spanish(
    run: Callable[..., Run], data_copy: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "partial.yaml"
    answers.write_text("judgments:\n  specialization: {cost: 3}\n", encoding="utf-8")
    result = run(
        "elicit", "--region", "puno", "--stakeholder", "puno-una",
        "--inputs", str(data_copy), "--from", str(answers), "--lang", "es",
    )  # fmt: skip
    assert result.code == 2
    assert (
        f"{answers}: en el campo 'judgments' se esperaba un juicio para cada par de criterios "
        "(faltan: specialization vs diversification," in " ".join(result.stderr.split())
    )


def test_a_bad_draft_is_explained_in_the_session_language(
    run: Callable[..., Run], data_copy: Path
) -> None:
    """The interactive session stops on a draft it cannot read, saying why in Spanish."""
    draft = data_copy / "inputs" / "regions" / "cusco" / ".elicit-cusco-inia.yaml"
    draft.write_text("judgments:\n  specialization: {cost: 12}\n", encoding="utf-8")
    before = snapshot(data_copy)
    result = run(
        "elicit", "--region", "cusco", "--stakeholder", "cusco-inia",
        "--inputs", str(data_copy), "--lang", "es", input="1\n",
    )  # fmt: skip
    assert result.code == 2
    assert (
        f"{draft}, línea 2: el campo 'judgments.specialization.cost' vale '12'; se esperaba un "
        "valor de la escala de Saaty: de 1 a 9, o de 1/2 a 1/9. Consejo: --restart descarta la "
        "sesión sin terminar y empieza de nuevo" in " ".join(result.stderr.split())
    )
    assert snapshot(data_copy) == before


def test_an_answer_off_the_scale_is_explained_in_spanish(
    run: Callable[..., Run], data_copy: Path
) -> None:
    result = run(
        "elicit", "--region", "cusco", "--stakeholder", "cusco-inia",
        "--inputs", str(data_copy), "--lang", "es", input="11\n",
    )  # fmt: skip
    assert "11 no está en la escala: escriba de 1 a 9, o de 1/2 a 1/9." in result.stdout


def test_show_a_stakeholder_whose_points_include_a_zero(
    run: Callable[..., Run], data_copy: Path
) -> None:
    """A 0 point implies no ratio on Saaty's scale: those pairs start unanswered, no crash."""
    path = data_copy / "inputs" / "regions" / "cusco" / "stakeholders.yaml"
    text = path.read_text(encoding="utf-8")
    old = (
        "    judgments:\n"
        "      specialization: {diversification: 2, global-context: 1, cost: 3}\n"
        "      diversification: {global-context: 1/2, cost: 2}\n"
        "      global-context: {cost: 3}\n"
    )
    new = "    points: {specialization: 40, diversification: 20, global-context: 40, cost: 0}\n"
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    args = ("elicit", "--region", "cusco", "--stakeholder", "cusco-regional-government")
    shown = run(*args, "--inputs", str(data_copy), "--show", "--json")
    assert shown.code == 0, shown.stderr
    assert json.loads(shown.stdout)["progress"]["answered"] == 3
