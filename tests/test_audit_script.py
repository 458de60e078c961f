"""scripts/audit.py: a vulnerability fails the build; an unreachable service is said plainly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def run_with(tmp_path: Path, report: dict, *args: str) -> subprocess.CompletedProcess[str]:
    fake = tmp_path / "pip-audit"
    fake.write_text(f"#!{sys.executable}\nprint({json.dumps(json.dumps(report))})\n")
    fake.chmod(0o755)
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "audit.py"), *args],
        env={**os.environ, "PIP_AUDIT": str(fake)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_known_vulnerability_fails(tmp_path: Path) -> None:
    done = run_with(
        tmp_path,
        {
            "dependencies": [
                {"name": "pypdf", "version": "3.0.0", "vulns": [{"id": "GHSA-xxxx"}]},
                {"name": "flask", "version": "3.1.0", "vulns": []},
            ]
        },
    )
    assert done.returncode == 1
    assert "VULNERABLE pypdf 3.0.0: GHSA-xxxx" in done.stdout


def test_a_clean_audit_passes(tmp_path: Path) -> None:
    done = run_with(tmp_path, {"dependencies": [{"name": "flask", "version": "3.1", "vulns": []}]})
    assert done.returncode == 0 and "audited 1 packages" in done.stdout


def test_an_unreachable_service_is_not_reported_as_clean(tmp_path: Path) -> None:
    report = {"dependencies": [{"name": "flask", "skip_reason": "not found on PyPI"}]}
    done = run_with(tmp_path, report)
    assert done.returncode == 0 and "NO AUDIT" in done.stdout
    assert run_with(tmp_path, report, "--require-service").returncode == 1
