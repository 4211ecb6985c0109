"""Random valid and near-valid files never crash the program: they load or give the clear
message, and what loads is ranked and solved without any other exception (the kernels run on it).

The message is also shown in Spanish (strict mode: a phrase without its translation fails) and
never falls back to pydantic's English words.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prioritizer.core.analysis import portfolio_problem, rank_region
from prioritizer.core.portfolio import select_portfolio
from prioritizer.core.rank import rank_alternatives
from prioritizer.data.load import load_candidates_csv, load_dataset, load_decision_csv
from prioritizer.data.models import Dataset
from prioritizer.errors import InfeasiblePortfolio, InputError, InvalidMatrix
from prioritizer.options import RunOptions
from prioritizer.resources import embedded_dir
from prioritizer.results.portfolio_problem import PortfolioProblem
from prioritizer.results.problem import Level
from prioritizer.results.ranking import Method

AWKWARD = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "1e309",
            "-1",
            "0",
            "1/0",
            "1/3",
            "=SUM(A1)",
            "ALTA",
            "very high",
            "S/ 1.000",
            "1,5",
            "120.000,00",
            "true",
            "no",
            "null",
            "~",
            "é",
            "\t",
            '"',
            ";",
            "cusco;lima",
        ]
    ),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def _copy(tmp: Path) -> Path:
    root = tmp / "data"
    if root.exists():
        shutil.rmtree(root)
    for kind in ("criteria", "inputs"):
        shutil.copytree(embedded_dir(kind), root / kind)
    return root


def _explained(error: InputError) -> None:
    """The message reads in both languages, and its expectation is one of our phrases."""
    assert error.expected.template != "{detail}", error.message()
    spanish = error.message("es")
    assert "se esperaba" in spanish and "Traceback" not in spanish


def _run_kernels(data: Dataset) -> None:
    """What the analysis does with a loaded data set: rank both levels, choose a portfolio."""
    for region in data.region_ids:
        for level in Level:
            rank_region(data, region, RunOptions(level=level))
        try:
            problem = portfolio_problem(data, region, RunOptions())
            select_portfolio(problem, explain=False, cross_check=False)
        except InfeasiblePortfolio as error:
            assert error.message("es")


def _edit_cell(path: Path, row: int, column: int, value: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    row = 1 + row % (len(rows) - 1)
    rows[row][column % len(rows[row])] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(
    name=st.sampled_from(
        [
            "projects.csv",
            "gaps.csv",
            "mechanisms.csv",
            "gap_mechanisms.csv",
            "regions/puno/severities.csv",
        ]
    ),
    row=st.integers(0, 40),
    column=st.integers(0, 20),
    value=AWKWARD,
)
def test_prop_any_cell_loads_or_explains(
    tmp_path: Path, name: str, row: int, column: int, value: str
) -> None:
    root = _copy(tmp_path)
    _edit_cell(root / "inputs" / name, row, column, value)
    try:
        data = load_dataset(root)
    except InputError as error:
        message = error.message()
        assert "Traceback" not in message and "pydantic" not in message.lower()
        assert error.file and error.expected
        _explained(error)
    else:
        _run_kernels(data)


@SETTINGS
@given(value=AWKWARD, key=st.sampled_from(["influence", "group", "id", "source"]))
def test_prop_any_yaml_value_loads_or_explains(tmp_path: Path, value: str, key: str) -> None:
    root = _copy(tmp_path)
    path = root / "inputs" / "regions" / "cusco" / "stakeholders.yaml"
    text = path.read_text(encoding="utf-8")
    old = {
        "influence": "    influence: 1.5\n",
        "group": "    group: government\n",
        "id": "  - id: cusco-regional-government\n",
        "source": "    source: report §5.2 (CORCYTEC member 1, chairs the Council); judgments illustrative\n",
    }[key]
    new = old.split(":")[0] + ": " + value.replace("\n", " ") + "\n"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    try:
        data = load_dataset(root)
    except InputError as error:
        assert error.file.endswith("stakeholders.yaml")
        _explained(error)
    else:
        _run_kernels(data)


@SETTINGS
@given(cells=st.lists(AWKWARD, min_size=3, max_size=3))
def test_prop_user_files_load_or_explain(tmp_path: Path, cells: list[str]) -> None:
    candidates = tmp_path / "p.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([["id", "cost", "value"], ["a", *cells[1:]]])
    candidates.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        found = load_candidates_csv(candidates)
    except InputError as error:
        assert error.file == str(candidates)
        _explained(error)
    else:
        problem = PortfolioProblem.build(
            ids=found.ids, costs_pen=found.costs_pen, values=found.values, budget_pen=10**6
        )
        select_portfolio(problem, explain=False, cross_check=False)
    matrix, criteria = tmp_path / "m.csv", tmp_path / "c.csv"
    matrix.write_text(f"id,x\na,{cells[0].replace(',', '')}\nb,2\n", encoding="utf-8")
    criteria.write_text(
        f"id,type,weight\nx,benefit,{cells[1].replace(',', '')}\n", encoding="utf-8"
    )
    try:
        decision = load_decision_csv(matrix, criteria)
    except InputError as error:
        assert error.file in (str(matrix), str(criteria))
        _explained(error)
    else:
        for method in Method:
            try:
                rank_alternatives(
                    decision.matrix,
                    decision.weights,
                    decision.types,
                    decision.ids,
                    decision.criteria,
                    method=method,
                )
            except InvalidMatrix as error:  # what `rank --matrix` shows: the file's cell
                located = decision.locate(error)
                assert located.file in (str(matrix), str(criteria))
                _explained(located)


# Every implicit type of YAML 1.1, in the forms people type, beside plain decimals.
YAML11_SCALARS = st.one_of(
    st.sampled_from(
        [
            "0x10",
            "0X1F",
            "0b101",
            "-0b1",
            "0o17",
            "017",
            "1:30",
            "190:20:30",
            "1_000",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "True",
            "FALSE",
            "~",
            "null",
            "Null",
            ".inf",
            "-.Inf",
            ".nan",
            "1e6",
            "1.5e+3",
            "2001-12-14",
            "2001-12-14t21:59:43.10-05:00",
            "12:00",
            "1,000",
            "+12",
            "-0",
            "00",
            "0.",
            ".5",
        ]
    ),
    st.integers(min_value=0, max_value=10**12).map(str),
)


@SETTINGS
@given(value=YAML11_SCALARS)
def test_prop_no_yaml_scalar_is_silently_retyped_into_a_budget(tmp_path: Path, value: str) -> None:
    """A budget typed in any YAML 1.1 form loads as the whole number of soles written in
    digits, or is refused with one message: never 0x10 read as 16, True as 1, 1:30 as 90."""
    root = _copy(tmp_path)
    path = root / "inputs" / "regions" / "cusco" / "region.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("budget_pen: 1200000", f"budget_pen: {value}", 1), "utf-8")
    try:
        data = load_dataset(root)
    except InputError as error:
        assert error.file.endswith("region.yaml")
        _explained(error)
        return
    budget = next(r for r in data.regions if r.id == "cusco").budget.budget_pen
    written = value.replace("_", "")
    assert re.fullmatch(r"[+-]?[0-9]*\.?[0-9]*(?:[eE][+-]?[0-9]+)?", written), (value, budget)
    assert budget == float(written), (value, budget)  # the number as written, in digits


@SETTINGS
@given(value=YAML11_SCALARS, field=st.sampled_from(["influence", "judgment"]))
def test_prop_no_yaml_scalar_is_silently_retyped_in_stakeholders(
    tmp_path: Path, value: str, field: str
) -> None:
    """An influence or a judgment typed in any YAML 1.1 form loads as the number written in
    digits, or is refused naming stakeholders.yaml: never 0x10 read as 16 or True as 1."""
    root = _copy(tmp_path)
    path = root / "inputs" / "regions" / "cusco" / "stakeholders.yaml"
    text = path.read_text(encoding="utf-8")
    old, new = {
        "influence": ("    influence: 1.5\n", f"    influence: {value}\n"),
        "judgment": (
            "{diversification: 2, global-context: 1, cost: 3}",
            f"{{diversification: {value}, global-context: 1, cost: 3}}",
        ),
    }[field]
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    try:
        data = load_dataset(root)
    except InputError as error:
        assert error.file.endswith("stakeholders.yaml")
        _explained(error)
        return
    person = next(s for s in data.stakeholders if s.id == "cusco-regional-government")
    loaded = (
        person.influence
        if field == "influence"
        else person.judgments["specialization"]["diversification"]  # type: ignore[index]
    )
    written = value.replace("_", "")
    assert re.fullmatch(r"[+-]?[0-9]*\.?[0-9]*(?:[eE][+-]?[0-9]+)?", written), (value, loaded)
    assert loaded == float(written), (value, loaded)
