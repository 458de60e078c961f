#!/usr/bin/env bash
# Install everything the tests need, then run them all: ruff, mypy, pytest (unit, integration,
# end-to-end in headless Chromium, and tests/test_packaging.py, which builds a wheel, installs
# it into a fresh venv and smoke-tests `archive seed` and the app from it), pip-audit, and a
# smoke run of the benchmarks.
#
#   bash scripts/test.sh            # what .ci/run runs (CI=true makes missing tools fatal)
#   bash scripts/test.sh -k search  # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PY="$VENV/bin/python"

apt_packages=(chromium fonts-dejavu-core fonts-noto-core postgresql poppler-utils
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-ind tesseract-ocr-msa tesseract-ocr-fil
  tesseract-ocr-vie tesseract-ocr-tha tesseract-ocr-khm tesseract-ocr-lao tesseract-ocr-mya
  tesseract-ocr-osd)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "== installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "!! missing Debian packages: ${missing[*]} (install them as root; browser tests skip without Chromium)" >&2
  fi
fi

if [[ ! -x "$PY" ]]; then
  echo "== creating $VENV"
  python3 -m venv "$VENV"
fi
echo "== installing the project with its test dependencies"
"$PY" -m pip install -q --upgrade pip >/dev/null
"$PY" -m pip install -q -e '.[test]'

if command -v npm >/dev/null; then
  echo "== installing axe-core (accessibility checks in the browser tests)"
  npm ci --silent --no-audit --no-fund >/dev/null
else
  echo "!! npm not found: accessibility checks will skip (fatal under CI)" >&2
fi

echo "== ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .

echo "== mypy (archive/ and ingest/; settings in pyproject.toml)"
"$VENV/bin/mypy"

echo "== pytest"
"$PY" -m pytest "$@"

echo "== pip-audit (known vulnerabilities in the installed set)"
"$PY" scripts/audit.py

echo "== benchmark smoke run (never fails for slowness, only if something breaks)"
"$PY" -m bench.run --size smoke --out "${TMPDIR:-/tmp}/bench-smoke.json"
