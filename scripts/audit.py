"""Audit the installed packages for known vulnerabilities with pip-audit, honestly.

Fails (exit 1) when pip-audit reports a vulnerability. When the advisory service cannot be
reached — pip-audit then marks every package "could not be audited" and would still say "No
known vulnerabilities found" — it says plainly that no audit took place, and exits 0 unless
``--require-service`` is given: a network without the advisory database must not be
mistaken for a clean bill of health, nor block every build.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def main(argv: list[str]) -> int:
    """Run pip-audit, print its findings, return the exit status."""
    done = subprocess.run(
        [
            os.environ.get("PIP_AUDIT", str(VENV_BIN / "pip-audit")),
            "--skip-editable",
            "--progress-spinner",
            "off",
            "--vulnerability-service",
            "pypi",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return 1
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    for dep in vulnerable:
        ids = ", ".join(v["id"] for v in dep["vulns"])
        print(f"VULNERABLE {dep['name']} {dep.get('version', '')}: {ids}")
    if vulnerable:
        return 1
    if deps and len(skipped) == len(deps):
        print(
            f"NO AUDIT: the advisory service could not be reached; none of the {len(deps)} "
            "installed packages was checked."
        )
        return 1 if "--require-service" in argv else 0
    print(
        f"audited {len(deps) - len(skipped)} packages: no known vulnerabilities"
        + (f" ({len(skipped)} could not be audited)" if skipped else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
