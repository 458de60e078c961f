"""Shared test factories: settings, archives, PDFs, web apps and the web test library's fixtures.

One place builds each of these, so a change to how the archive is opened or a PDF is written
is made once for every test module.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.config import Settings
from archive.service import Archive
from archive.web import create_app

UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def settings_for(data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test archive in ``data_dir``: no environment, two ingest workers."""
    return Settings.from_env(env={}, **{"data_dir": data_dir, "ingest_workers": 2, **overrides})


def open_archive(data_dir: Path, **overrides: Any) -> Archive:
    """A fresh (or reopened) archive in ``data_dir`` with ``settings_for``."""
    return Archive.open(settings_for(data_dir, **overrides))


def write_pdf(
    path: Path,
    pages: Sequence[str],
    *,
    title: str | None = None,
    author: str | None = None,
    unicode: bool = False,
    landscape: bool = False,
) -> Path:
    """Write a PDF whose pages hold these texts (Latin-1, or any script with ``unicode``)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L" if landscape else "P")
    if unicode:
        pdf.add_font("DejaVu", fname=str(UNICODE_FONT))
        pdf.set_font("DejaVu", size=11)
    else:
        pdf.set_font("helvetica", size=11)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    for text in pages or ("",):
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 6, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def web_app(archive: Archive, *, testing: bool = True, **config: Any) -> Flask:
    """The web app over this archive (``testing``: errors reach the test, as Flask's TESTING)."""
    test_config = {"TESTING": True, **config} if testing else config or None
    return create_app(archive.settings, archive=archive, test_config=test_config)


def library_fixtures(name: str, *, testing: bool = True, **overrides: Any) -> tuple[Any, Any, Any]:
    """Module fixtures ``library``, ``app`` and ``client`` over ``tests.web_library``'s archive.

    Use as ``library, app, client = library_fixtures("api")``; ``overrides`` are settings.
    """
    from tests.web_library import Library, build_library

    @pytest.fixture(scope="module")
    def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
        built = build_library(tmp_path_factory.mktemp(name), **overrides)
        yield built
        built.archive.close()

    @pytest.fixture(scope="module")
    def app(library: Library) -> Flask:
        return web_app(library.archive, testing=testing)

    @pytest.fixture
    def client(app: Flask) -> FlaskClient:
        return app.test_client()

    return library, app, client
