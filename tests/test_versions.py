"""Versions: a librarian replaces a document's file with a corrected one, giving a reason;
every version is kept bit for bit and has its own permanent URL, the latest is served and
searched, the history records it and ``archive check`` verifies every version."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from archive.check import run_checks
from archive.search import SearchRequest
from archive.service import Archive
from ingest.pipeline import Candidate, Pipeline
from ingest.worker import Worker
from tests.factories import web_app
from tests.librarian import add_librarian, csrf_token, login, post, text
from tests.test_visibility import get


@pytest.fixture
def desk(archive: Archive) -> Iterator[FlaskClient]:
    add_librarian(archive)
    with web_app(archive).test_client() as client:
        login(client)
        yield client


def replace(client: FlaskClient, doc_id: int, data: bytes, reason: str) -> Any:
    form = {
        "file": (io.BytesIO(data), "corrected.pdf"),
        "reason": reason,
        "csrf_token": csrf_token(client, "/desk/"),
    }
    return client.post(f"/desk/documents/{doc_id}/replace", data=form)


def drain(archive: Archive) -> None:
    worker = Worker(archive)
    while worker.run_once():
        pass


def test_a_corrected_file_becomes_the_latest_and_every_version_stays(
    archive: Archive, desk: FlaskClient, make_pdf: Any
):
    first = make_pdf("Participants: Mr Tanaka (Japan) misspelt Tanakka.", name="list.pdf")
    outcome = Pipeline(archive).run([Candidate(first, {"title": "Participants"}, "list.pdf")])[0]
    doc_id = outcome.document_id
    corrected = make_pdf("Participants: Mr Tanaka (Japan), Ms Santos (Philippines).", name="c.pdf")
    old_bytes, new_bytes = first.read_bytes(), corrected.read_bytes()

    assert replace(desk, doc_id, new_bytes, "").status_code == 303  # no reason: refused
    assert len(archive.versions(doc_id)) == 1
    assert replace(desk, doc_id, new_bytes, "Misspelt name corrected").status_code == 303
    drain(archive)

    versions = archive.versions(doc_id)
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].reason == "Misspelt name corrected" and versions[1].actor == "alice"
    assert get(desk, f"/documents/{doc_id}/download").data == new_bytes
    assert get(desk, f"/documents/{doc_id}/versions/1/download").data == old_bytes
    assert get(desk, f"/documents/{doc_id}/versions/2/download").data == new_bytes
    assert get(desk, f"/documents/{doc_id}/versions/3/download").status_code == 404
    hits = archive.search(SearchRequest(q="Santos")).hits
    assert [h.document.id for h in hits] == [doc_id]  # search follows the latest
    assert archive.search(SearchRequest(q="Tanakka")).total == 0
    page = text(get(desk, f"/documents/{doc_id}"))
    assert "Misspelt name corrected" in page and versions[0].sha256 in page
    event = archive.history(document_id=doc_id)[0]
    assert event.action == "replace" and event.actor == "alice"
    assert event.details["changes"]["sha256"] == [versions[0].sha256, versions[1].sha256]
    assert [f for f in run_checks(archive) if f.level == "error"] == []


def test_check_finds_a_damaged_old_version(archive: Archive, desk: FlaskClient, make_pdf: Any):
    first = make_pdf("First text.", name="a.pdf")
    doc_id = Pipeline(archive).run([Candidate(first, {}, "a.pdf")])[0].document_id
    replace(desk, doc_id, make_pdf("Second text.", name="b.pdf").read_bytes(), "typo")
    drain(archive)
    old = archive.store.path_for(archive.versions(doc_id)[0].sha256)
    old.chmod(0o600)
    old.write_bytes(old.read_bytes()[:-10] + b"0123456789")
    kinds = [f.kind for f in run_checks(archive) if f.level == "error"]
    assert kinds and all(k != "orphan-file" for k in kinds)


def test_a_replacement_that_is_another_documents_file_changes_nothing(
    archive: Archive, desk: FlaskClient, make_pdf: Any
):
    a, b = make_pdf("Alpha.", name="a.pdf"), make_pdf("Beta.", name="b.pdf")
    outcomes = Pipeline(archive).run([Candidate(a, {}, "a.pdf"), Candidate(b, {}, "b.pdf")])
    doc_id = outcomes[0].document_id
    replace(desk, doc_id, b.read_bytes(), "wrong file")
    drain(archive)
    assert len(archive.versions(doc_id)) == 1
    assert archive.document(doc_id).sha256 == archive.versions(doc_id)[0].sha256
    page = text(desk.get("/desk/jobs"))
    assert "not a new version" in page


def test_replacing_needs_a_librarian_and_csrf(archive: Archive, desk: FlaskClient, make_pdf: Any):
    pdf = make_pdf("Gamma.", name="g.pdf")
    doc_id = Pipeline(archive).run([Candidate(pdf, {}, "g.pdf")])[0].document_id
    forged = desk.post(
        f"/desk/documents/{doc_id}/replace",
        data={"file": (io.BytesIO(b"%PDF-1.4"), "x.pdf"), "reason": "r"},
    )
    assert forged.status_code == 400
    with web_app(archive).test_client() as reader:
        response = reader.post(f"/desk/documents/{doc_id}/replace", data={"reason": "r"})
        assert response.status_code in (302, 400, 401, 403)
    assert post(desk, "/desk/drafts/publish", {}).status_code == 303  # harmless, nothing chosen
    assert len(archive.versions(doc_id)) == 1
