"""The wheel carries the embedded data set, and a plain install works from any folder."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# In the installed package: a page template, the stylesheet, and the migrations run on a database.
_WEB_PROBE = """
import sys
from importlib import resources
from prioritizer.web.db import migrate, open_engine
from prioritizer.web.pages import environment
engine = open_engine("sqlite:///" + sys.argv[1])
migrate(engine)
with engine.connect() as db:
    version = db.exec_driver_sql("select version_num from alembic_version").scalar()
print(environment().get_template("stakeholder.html").filename)
print(resources.files("prioritizer.web") / "static" / "app.css")
print(version)
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
        ],
        check=True,
    )
    return next(out.glob("prioritizer-*.whl"))


@pytest.mark.slow
def test_wheel_contains_the_data_set(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for kind in ("criteria", "inputs"):
        for path in sorted((ROOT / kind).rglob("*")):
            if path.is_file():
                assert (
                    f"prioritizer/_data/{kind}/{path.relative_to(ROOT / kind).as_posix()}" in names
                )
    assert "prioritizer/locales/es/catalog.yaml" in names
    # the workshop app's pages, scripts, styles and migrations ship in the package
    for kind, suffixes in (("templates", (".html",)), ("static", (".css", ".js", ".svg"))):
        for path in sorted((ROOT / "prioritizer" / "web" / kind).iterdir()):
            if path.suffix in suffixes:
                assert f"prioritizer/web/{kind}/{path.name}" in names
    assert "prioritizer/web/migrations/env.py" in names
    assert "prioritizer/web/migrations/versions/0001_workshop.py" in names
    assert not any(name.startswith(("criteria/", "inputs/", "tests/")) for name in names)


@pytest.mark.slow
def test_plain_install_runs_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # The dependencies come from this test run's own environment, appended after the new venv's
    # site-packages: never from the base interpreter, which a fresh machine has bare.
    inner_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    outer = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    Path(inner_site, "outer-deps.pth").write_text("\n".join(sorted(outer)) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = env_dir / "bin" / "prioritizer"
    done = subprocess.run(
        [str(script), "validate", "--json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert '"status": "valid"' in done.stdout
    located = subprocess.run(
        [
            str(python),
            "-c",
            "from prioritizer.resources import embedded_dir;print(embedded_dir('inputs'))",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert located.stdout.strip() == str(Path(inner_site, "prioritizer", "_data", "inputs"))
    assert list(elsewhere.iterdir()) == []
    web = subprocess.run(
        [str(python), "-c", _WEB_PROBE, str(tmp_path / "w.sqlite")],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    template, stylesheet, version = web.stdout.split()
    for shipped in (template, stylesheet):
        assert shipped.startswith(str(Path(inner_site, "prioritizer", "web"))), shipped
        assert Path(shipped).is_file()
    assert version == "0001"
    main = subprocess.run(
        [str(script), "compare"], cwd=elsewhere, capture_output=True, text=True, check=False
    )
    assert main.returncode == 0, main.stderr
    assert "Cusco" in main.stdout and "Puno" in main.stdout
    runs = list((elsewhere / "results").glob("compare-*"))
    assert len(runs) == 1 and (runs[0] / "report.html").is_file()
    assert (runs[0] / "results.xlsx").is_file() and (runs[0] / "manifest.json").is_file()
