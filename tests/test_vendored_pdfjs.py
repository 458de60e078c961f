"""The pdf.js files the app serves are the ones package.json names, with their licence."""

from __future__ import annotations

import json

from tests.conftest import ROOT

STATIC = ROOT / "archive" / "web" / "static" / "pdfjs"
FILES = ("pdf.min.mjs", "pdf.worker.min.mjs")


def test_the_served_pdfjs_is_the_version_package_json_names() -> None:
    wanted = json.loads((ROOT / "package.json").read_text())["dependencies"]["pdfjs-dist"]
    assert (STATIC / "VERSION").read_text().startswith(f"pdf.js {wanted} ")
    assert "Apache License" in (STATIC / "LICENSE").read_text()
    for name in FILES:
        assert (STATIC / name).stat().st_size > 100_000, name
    installed = ROOT / "node_modules" / "pdfjs-dist"
    if installed.is_dir():  # after npm ci: the copies must be byte for byte the package's
        version = json.loads((installed / "package.json").read_text())["version"]
        assert version == wanted, "run scripts/vendor_pdfjs.sh after changing package.json"
        for name in FILES:
            assert (STATIC / name).read_bytes() == (installed / "build" / name).read_bytes()
