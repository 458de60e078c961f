"""The project as a user installs it: a wheel built from the source, installed into a fresh
virtual environment (not editable, away from the checkout), seeds the sample seminar and
serves its pages. An editable install reads templates/ and sample_docs/ from the checkout,
so only a real wheel shows whether they ship inside the package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive.resources import sample_docs_dir, templates_dir
from tests.conftest import ROOT

NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "build", "dist", "*.egg-info", "test-artifacts",
    "__pycache__", ".pytest_cache", ".ruff_cache", "archive-data",
)  # fmt: skip

SMOKE = """
import json, sys
from pathlib import Path
import archive
from archive.config import Settings
from archive.web import create_app

data = Path(sys.argv[1])
app = create_app(Settings.from_env(env={}, data_dir=data))
client = app.test_client()
doc_id = app.extensions["archive"].documents(limit=1)[1][0].id
statuses = {}
for url in ("/", "/search?q=social", f"/documents/{doc_id}", f"/documents/{doc_id}/download"):
    response = client.get(url)
    statuses[url] = [response.status_code, len(response.get_data())]
    response.close()
thai = client.get("/search?lang=th").get_data(as_text=True)  # the compiled catalogues ship
print(json.dumps({"package": archive.__file__, "statuses": statuses, "thai": "ค้นหา" in thai}))
"""


def run(*args: str | Path, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run a command away from the checkout, with no path leading back into it."""
    env = {
        k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("ARCHIVE_")
    }
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"{args} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.mark.slow
def test_a_built_wheel_installed_in_a_fresh_venv_seeds_and_serves(tmp_path: Path) -> None:
    source, dist, venv, data = (tmp_path / n for n in ("src", "dist", "venv", "data"))
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, source, cwd=tmp_path)
    [wheel] = dist.glob("*.whl")
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=tmp_path, timeout=900)
    seeded = run(venv / "bin" / "archive", "--data-dir", data, "seed", cwd=tmp_path)
    assert "15 added, 0 duplicates, 0 refused" in seeded.stdout
    smoke = json.loads(run(venv / "bin" / "python", "-c", SMOKE, data, cwd=tmp_path).stdout)
    assert Path(smoke["package"]).is_relative_to(venv)  # the wheel's code, not the checkout's
    for url, (status, size) in smoke["statuses"].items():
        assert status == 200 and size > 0, (url, status)
    assert smoke["thai"], "the interface is not in Thai: the wheel lacks the catalogues"


def test_a_checkout_finds_its_own_templates_and_sample_documents() -> None:
    assert templates_dir() == ROOT / "templates"
    assert sample_docs_dir() == ROOT / "sample_docs"
