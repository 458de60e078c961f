"""OCR as readers and librarians meet it: an upload's scan is recognised by the worker, the
jobs and desk pages show its state and confidence, readers see "text recognised by OCR",
and a librarian re-runs OCR in another language (POST with CSRF, recorded in the history)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from archive.search import SearchRequest
from archive.service import Archive
from ingest.worker import Worker
from tests.conftest import need
from tests.factories import web_app
from tests.librarian import add_librarian, login, post, text
from tests.scans import FONTS, image_pdf, page_image


@pytest.fixture
def desk(archive: Archive) -> FlaskClient:
    need(shutil.which("tesseract") is not None, "tesseract (Debian tesseract-ocr)")
    need(FONTS["thai"].is_file(), "Noto fonts (Debian fonts-noto-core)")
    archive.settings = archive.settings.with_(ocr_dpi=150)
    add_librarian(archive)
    client = web_app(archive).test_client()
    login(client)
    return client


def work(archive: Archive) -> None:
    worker = Worker(archive)
    while worker.run_once():
        pass


def upload_scan(client: FlaskClient, tmp_path: Path) -> None:
    lines = ["Remittances and the portability of benefits"] * 2
    pdf = image_pdf(tmp_path / "scan.pdf", [page_image(lines)])
    response = post(client, "/desk/upload", {"files": [(io.BytesIO(pdf.read_bytes()), "scan.pdf")]})
    assert response.status_code in (302, 303), text(response)


def test_an_uploaded_scan_is_read_by_the_worker_and_shown_as_ocr(
    archive: Archive, desk: FlaskClient, tmp_path: Path
) -> None:
    upload_scan(desk, tmp_path)
    worker = Worker(archive)
    assert worker.run_once()  # the upload: added, its page queued for OCR
    assert "OCR: 1 page waiting" in " ".join(text(desk.get("/desk/jobs")).split())
    assert worker.run_once()  # OCR of that page
    jobs_page = " ".join(text(desk.get("/desk/jobs")).split())
    assert "OCR: 1 done (mean confidence" in jobs_page
    archive.publish([d.document.id for d in archive.drafts()], actor="alice")  # reviewed
    [hit] = archive.search(SearchRequest(q="portability")).hits
    doc_id = hit.document.id
    desk_page = text(desk.get(f"/desk/documents/{doc_id}"))
    assert 'class="ocr-done"' in desk_page and "eng" in desk_page

    reader = web_app(archive).test_client()
    results = text(reader.get("/search?q=portability"))
    assert "text recognised by OCR" in results
    api = reader.get("/api/search?q=portability").get_json()
    assert api["hits"][0]["pages"][0]["text_source"] == "ocr"
    document = text(reader.get(f"/documents/{doc_id}?q=portability"))
    assert "text recognised by OCR" in document
    viewer = text(reader.get(f"/documents/{doc_id}/view?page=1&q=portability"))
    assert '<span id="ocr-note">' in viewer  # shown, not hidden: this page is a scan


def test_a_librarian_runs_ocr_again_in_another_language(
    archive: Archive, desk: FlaskClient, tmp_path: Path
) -> None:
    upload_scan(desk, tmp_path)
    work(archive)
    [event] = [e for e in archive.history() if e.action == "ingest"]
    doc_id = event.document_id
    path = f"/desk/documents/{doc_id}/ocr"

    forged = desk.post(path, data={"languages": "tha"})  # no CSRF token
    assert forged.status_code == 400
    assert not [e for e in archive.history(document_id=doc_id) if e.action == "ocr-requested"]

    bad = post(desk, path, {"languages": "klingon"}, token_page=f"/desk/documents/{doc_id}")
    assert bad.status_code == 303
    assert "not an installed OCR language" in text(desk.get(f"/desk/documents/{doc_id}"))

    asked = post(desk, path, {"languages": "vie"}, token_page=f"/desk/documents/{doc_id}")
    assert asked.status_code == 303
    page = text(desk.get(f"/desk/documents/{doc_id}"))
    assert "1 page queued for OCR in Vietnamese" in page and 'class="ocr-pending"' in page
    [requested] = [e for e in archive.history(document_id=doc_id) if e.action == "ocr-requested"]
    assert requested.actor == "alice" and requested.details["languages"] == "vie"
    work(archive)
    page = text(desk.get(f"/desk/documents/{doc_id}"))
    assert 'class="ocr-done"' in page and "<td>Vietnamese</td>" in page  # the pack, named
