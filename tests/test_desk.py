"""The librarian desk: uploads and the jobs page, editing, withdrawal, history, concurrency."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g, render_template_string
from flask.testing import FlaskClient
from sqlalchemy import update
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from archive import jobs
from archive.accounts import Account
from archive.catalog import Job
from archive.check import ERROR, run_checks
from archive.collections import upsert_collection
from archive.search import SearchRequest
from archive.service import Archive
from ingest.pipeline import Pipeline, candidates
from ingest.worker import Worker
from tests.conftest import ROOT, PdfMaker
from tests.factories import web_app
from tests.librarian import add_librarian, csrf_token, login, post, text


@pytest.fixture
def app(archive: Archive) -> Flask:
    add_librarian(archive)
    upsert_collection(
        archive,
        {"slug": "asean-2015", "title": "ASEAN seminar 2015", "start_date": "2015-11-03"},
        actor="test",
    )
    return web_app(archive)


@pytest.fixture
def desk(app: Flask) -> FlaskClient:
    """A librarian's browser, logged in."""
    client = app.test_client()
    assert login(client).status_code == 302
    return client


FileSpec = Path | tuple[str, bytes]


def upload(
    client: FlaskClient, *files: FileSpec, manifest: str | None = None, collection: str = ""
) -> Any:
    """Send the upload form with these files (paths, or (name, bytes))."""
    parts = []
    for spec in files:
        name, data = (spec.name, spec.read_bytes()) if isinstance(spec, Path) else spec
        parts.append((io.BytesIO(data), name))
    form: dict[str, Any] = {"files": parts, "collection": collection}
    if manifest is not None:
        form["manifest"] = (io.BytesIO(manifest.encode()), "manifest.csv")
    return post(client, "/desk/upload", form)


def work(archive: Archive) -> None:
    """Let the background worker drain the queue (as ``archive worker`` would), then publish
    the drafts it added, as a librarian would after review (``test_drafts.py``)."""
    worker = Worker(archive)
    while worker.run_once():
        pass
    archive.publish([d.document.id for d in archive.drafts()], actor="alice")


def nothing_stored(archive: Archive) -> bool:
    incoming = archive.settings.incoming_path
    return jobs.recent(archive) == [] and not (incoming.exists() and any(incoming.iterdir()))


def found(archive: Archive, q: str) -> list[int]:
    return [hit.document.id for hit in archive.search(SearchRequest(q=q)).hits]


def ingest(archive: Archive, *paths: Path, collection: str | None = None) -> list[int]:
    outcomes = Pipeline(archive).run(candidates(list(paths), collection=collection))
    assert all(o.status == "added" for o in outcomes), outcomes
    return [o.document_id for o in outcomes if o.document_id]


# -- uploads ----------------------------------------------------------------------------------


def test_an_upload_is_stored_before_received_then_ingested_in_the_background(
    archive: Archive, desk: FlaskClient, make_pdf: PdfMaker
) -> None:
    pdf = make_pdf("Remittance corridors between member states.", title="Remittance corridors")
    response = upload(desk, pdf)
    assert response.status_code == 303 and response.headers["Location"] == "/desk/jobs"
    # Told "received" only once the bytes are on disk and the job is committed.
    [job] = jobs.recent(archive)
    assert job.state == "queued" and job.submitted_by == "alice"
    stored = archive.settings.incoming_path / job.incoming_name
    assert stored.read_bytes() == pdf.read_bytes()
    assert job.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    page = text(desk.get("/desk/jobs"))
    assert "Received 1 file:" in page and "queued" in page
    assert "this page updates itself" in page and "jobs.js" in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert found(archive, "remittance") == []  # the request did not ingest it
    work(archive)
    page = text(desk.get("/desk/jobs"))
    assert "added as" in page and "http-equiv" not in page and "jobs.js" not in page
    [job] = jobs.recent(archive)
    assert job.state == "added" and f'href="/desk/documents/{job.document_id}"' in page
    assert found(archive, "remittance") == [job.document_id]
    assert not stored.exists()  # the file now lives in the store, under its SHA-256
    actions = [e.action for e in archive.history()]
    assert actions.index("ingest") < actions.index("upload")  # newest first


def test_many_files_with_a_manifest_into_a_collection(
    archive: Archive, desk: FlaskClient, make_pdf: PdfMaker
) -> None:
    first = make_pdf("Opening remarks on social protection.", name="speech.pdf")
    second = make_pdf("Summary of the workshop's findings.", name="summary.pdf")
    manifest = (
        "file,title,type,date,language,creators,subjects\n"
        "speech.pdf,Opening remarks,speech,2015-11-03,en,Minister A; Minister B,opening\n"
    )
    response = upload(desk, first, second, manifest=manifest, collection="asean-2015")
    assert response.status_code == 303
    work(archive)
    docs = {
        job.original_filename: archive.document(job.document_id) for job in jobs.recent(archive)
    }
    speech, summary = docs["speech.pdf"], docs["summary.pdf"]
    assert (speech.title, speech.type, speech.date, speech.language) == (
        "Opening remarks",
        "speech",
        "2015-11-03",
        "en",
    )
    assert speech.creators == ["Minister A", "Minister B"] and speech.subjects == ["opening"]
    assert speech.collection.slug == summary.collection.slug == "asean-2015"
    assert summary.type == "other"  # no row: the PDF and defaults speak


@pytest.mark.parametrize(
    ("manifest", "collection", "message"),
    [
        ("file,date\na.pdf,3 November\n", "", "manifest.csv line 2: date &#39;3 November&#39;"),
        ("file,type\na.pdf,memo\n", "", "unknown type &#39;memo&#39;"),
        ("file,language\na.pdf,English\n", "", "not an ISO 639 code"),
        ("file,collection\na.pdf,nowhere\n", "", "No collection &#39;nowhere&#39;"),
        ("title\nA title\n", "", "no &#39;file&#39; column"),
        ("file\na.pdf\na.pdf\n", "", "a second row for &#39;a.pdf&#39;"),
        (None, "no-such-seminar", "No collection &#39;no-such-seminar&#39;"),
    ],
)
def test_an_unusable_manifest_or_collection_refuses_the_whole_upload(
    archive: Archive,
    desk: FlaskClient,
    make_pdf: PdfMaker,
    manifest: str | None,
    collection: str,
    message: str,
) -> None:
    pdf = make_pdf("Text.", name="a.pdf")
    response = upload(desk, pdf, make_pdf("More."), manifest=manifest, collection=collection)
    assert response.status_code == 400
    page = text(response)
    assert "Nothing was uploaded." in page and message in page
    assert nothing_stored(archive)


def test_a_manifest_that_is_not_utf8_text_is_refused(
    archive: Archive, desk: FlaskClient, make_pdf: PdfMaker
) -> None:
    form = {
        "files": [(make_pdf("x").open("rb"), "a.pdf")],
        "manifest": (io.BytesIO(b"file,title\na.pdf,caf\xe9\n"), "m.csv"),
    }
    response = post(desk, "/desk/upload", form)
    assert response.status_code == 400 and "m.csv: cannot be read" in text(response)
    assert nothing_stored(archive)


def test_an_upload_without_files_is_refused(archive: Archive, desk: FlaskClient) -> None:
    response = post(desk, "/desk/upload", {"collection": ""})
    assert response.status_code == 400
    assert "Choose at least one file to upload." in text(response)
    assert nothing_stored(archive)


def test_a_file_name_is_kept_as_data_never_as_a_path(
    archive: Archive, desk: FlaskClient, make_pdf: PdfMaker
) -> None:
    hostile = "..\\..\\etc/passwd\x07<img src=x onerror=alert(1)>.pdf"
    upload(desk, (hostile, make_pdf("Hostile name.").read_bytes()))
    [job] = jobs.recent(archive)
    assert job.original_filename == "passwd<img src=x onerror=alert(1)>.pdf"
    assert (archive.settings.incoming_path / job.incoming_name).is_file()
    assert job.incoming_name != job.original_filename and "/" not in job.incoming_name
    page = text(desk.get("/desk/jobs"))
    assert "passwd&lt;img src=x onerror=alert(1)&gt;.pdf" in page and "<img" not in page
    work(archive)
    assert archive.document(jobs.recent(archive)[0].document_id).original_filename == (
        "passwd<img src=x onerror=alert(1)>.pdf"
    )


def test_an_oversized_upload_gets_a_readable_413_and_stores_nothing(
    settings: Any, make_pdf: PdfMaker
) -> None:
    archive = Archive.open(settings.with_(max_upload_mb=1))
    add_librarian(archive)
    client = web_app(archive).test_client()
    login(client)
    big = FileStorage(io.BytesIO(b"%PDF-1.4\n" + os.urandom(1_200_000)), "big.pdf")
    fields = MultiDict([("csrf_token", csrf_token(client, "/desk/")), ("files", big)])
    # Encoded in memory: the test client's own encoder would spool this to a temporary file
    # that nobody closes, since the app rightly refuses it without reading it.
    boundary, body = encode_multipart(fields)
    response = client.post(
        "/desk/upload", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413, text(response)[-800:]
    page = text(response)
    assert "Upload too large" in page and "at most 1 MB" in page and "Nothing was stored" in page
    assert nothing_stored(archive)
    archive.close()


def test_a_duplicate_upload_names_the_document_it_duplicates(
    archive: Archive, desk: FlaskClient, make_pdf: PdfMaker
) -> None:
    pdf = make_pdf("Labour migration statistics.", title="Labour migration")
    upload(desk, pdf)
    work(archive)
    original = jobs.recent(archive)[0].document_id
    upload(desk, ("copy-of-it.pdf", pdf.read_bytes()))
    work(archive)
    latest = jobs.recent(archive)[0]
    assert latest.state == "duplicate" and latest.document_id == original
    page = text(desk.get("/desk/jobs"))
    assert f'duplicate of\n                  <a href="/desk/documents/{original}">' in page
    assert "Labour migration" in page


def test_a_refused_file_is_shown_with_its_reason(archive: Archive, desk: FlaskClient) -> None:
    upload(desk, ("notes.pdf", b"These are not PDF bytes at all."))
    work(archive)
    [job] = jobs.recent(archive)
    assert job.state == "refused" and job.message
    page = text(desk.get("/desk/jobs"))
    assert f"refused because {job.message}" in page
    assert "not a PDF" in job.message


def test_jobs_json_for_scripts(archive: Archive, desk: FlaskClient, make_pdf: PdfMaker) -> None:
    upload(desk, make_pdf("One."), ("bad.pdf", b"nope"))
    data = desk.get("/desk/jobs.json").get_json()
    assert data["active"] is True and {j["state"] for j in data["jobs"]} == {"queued"}
    work(archive)
    data = desk.get("/desk/jobs.json").get_json()
    assert data["active"] is False
    states = {j["file"]: (j["state"], j["document_url"]) for j in data["jobs"]}
    assert states["bad.pdf"] == ("refused", None)
    [added] = [j for j in data["jobs"] if j["state"] == "added"]
    assert added["document_url"] == f"/documents/{added['document_id']}"
    assert added["submitted_by"] == "alice"


# -- the worker stopping and starting again ---------------------------------------------------


def test_files_left_by_a_stopped_worker_are_ingested_when_it_starts(
    archive: Archive, desk: FlaskClient, make_pdf: PdfMaker
) -> None:
    upload(desk, make_pdf("Alpha file."), make_pdf("Beta file."))
    with archive.catalog.session() as session:  # the worker died in the middle of the first
        session.execute(update(Job).where(Job.id == 1).values(state="working"))
    assert jobs.requeue_interrupted(archive) == 1
    work(archive)
    assert [job.state for job in jobs.recent(archive)] == ["added", "added"]


def start_worker(data_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(data_dir),
        "ARCHIVE_WORKER_POLL_SECONDS": "0.1",
        "ARCHIVE_INGEST_WORKERS": "1",
    }
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "archive.cli", "worker"], cwd=ROOT, env=env, stderr=out
        )


def wait_for(condition: Callable[[], bool], *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(30)


@pytest.mark.slow
def test_a_real_worker_process_stopped_and_started_again_loses_nothing(
    archive: Archive, desk: FlaskClient, make_pdf: PdfMaker, tmp_path: Path
) -> None:
    upload(desk, make_pdf("Gamma file."), make_pdf("Delta file."))
    with archive.catalog.session() as session:
        session.execute(update(Job).where(Job.id == 1).values(state="working"))
    data_dir, log = archive.settings.data_path, tmp_path / "worker.log"
    done = lambda: not jobs.has_active(archive)  # noqa: E731
    worker = start_worker(data_dir, log)
    try:
        wait_for(done)
    finally:
        assert stop(worker) == 0, log.read_text()
    upload(desk, make_pdf("Epsilon file, received while the worker was stopped."))
    assert jobs.has_active(archive)
    worker = start_worker(data_dir, log)
    try:
        wait_for(done)
    finally:
        assert stop(worker) == 0, log.read_text()
    assert [job.state for job in jobs.recent(archive)] == ["added"] * 3
    assert len(archive.drafts()) == 3  # web uploads wait for review
    archive.publish([d.document.id for d in archive.drafts()], actor="alice")
    assert len(found(archive, "file")) == 3


# -- editing ----------------------------------------------------------------------------------


@pytest.fixture
def doc_id(archive: Archive, app: Flask, make_pdf: PdfMaker) -> int:
    pdf = make_pdf("Decent work for domestic workers.", title="Domestic workers")
    return ingest(archive, pdf)[0]


def edit_form(**values: str) -> dict[str, str]:
    form = {
        "title": "Domestic workers",
        "creators": "",
        "date": "",
        "type": "other",
        "language": "en",
        "subjects": "",
        "description": "",
        "collection_id": "",
    }
    return form | values


def test_every_field_can_be_edited_and_search_sees_it_at_once(
    archive: Archive, desk: FlaskClient, doc_id: int
) -> None:
    page = text(desk.get(f"/desk/documents/{doc_id}/edit"))
    assert 'value="Domestic workers"' in page and 'name="collection_id"' in page
    form = edit_form(
        title="Zanzibar declaration on care work",
        creators="ILO Regional Office\nASEAN Secretariat; Jane Doe",
        date="2015-11",
        type="recommendations",
        language="ms",
        subjects="care work\ndomestic work",
        description="Agreed on the last day.",
        collection_id="1",
    )
    response = post(desk, f"/desk/documents/{doc_id}/edit", form)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/desk/documents/{doc_id}"
    doc = archive.document(doc_id)
    assert doc.title == "Zanzibar declaration on care work"
    assert doc.creators == ["ILO Regional Office", "ASEAN Secretariat", "Jane Doe"]
    assert (doc.date, doc.type, doc.language) == ("2015-11", "recommendations", "ms")
    assert doc.subjects == ["care work", "domestic work"]
    assert doc.description == "Agreed on the last day." and doc.collection.slug == "asean-2015"
    assert found(archive, "zanzibar") == [doc_id]  # no worker needed
    filtered = SearchRequest(q="domestic", filters={"type": "recommendations"})
    assert [h.document.id for h in archive.search(filtered).hits] == [doc_id]
    page = text(desk.get(f"/desk/documents/{doc_id}"))
    assert "Saved: title, creators, date, type, language, subjects, description" in page
    assert "<del>Domestic workers</del> → <ins>Zanzibar declaration on care work</ins>" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "November 2015", "Not saved: date &#39;November 2015&#39; is not YYYY"),
        ("date", "2015-13-01", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("type", "memo", "Not saved: unknown type &#39;memo&#39;"),
        ("language", "english", "is not an ISO 639 code"),
        ("title", "   ", "Not saved: a document needs a title."),
        ("collection_id", "99", "Not saved: no collection &#39;99&#39;"),
    ],
)
def test_a_bad_edit_shows_the_form_again_and_changes_nothing(
    archive: Archive, desk: FlaskClient, doc_id: int, field: str, value: str, message: str
) -> None:
    before = len(archive.history())
    response = post(
        desk, f"/desk/documents/{doc_id}/edit", edit_form(**{"title": "New", field: value})
    )
    assert response.status_code == 400
    page = text(response)
    assert message in page and 'name="title"' in page
    assert archive.document(doc_id).title == "Domestic workers"
    assert len(archive.history()) == before


@pytest.mark.parametrize("token", [None, "forged", "other-session"])
def test_without_a_valid_csrf_token_nothing_changes(
    archive: Archive, app: Flask, desk: FlaskClient, doc_id: int, token: str | None
) -> None:
    if token == "other-session":
        token = csrf_token(app.test_client())  # a real token, of another visitor's session
    before = len(archive.history())
    attempts = [
        (f"/desk/documents/{doc_id}/edit", edit_form(title="Hijacked")),
        (f"/desk/documents/{doc_id}/withdraw", {"reason": "hijacked"}),
        ("/desk/collections/1/edit", {"title": "Hijacked"}),
        ("/desk/upload", {"files": [(io.BytesIO(b"%PDF-1.4"), "x.pdf")]}),
    ]
    for path, data in attempts:
        if token:
            data = {**data, "csrf_token": token}
        response = desk.post(path, data=data)
        assert response.status_code == 400, path
        assert "Form expired or forged" in text(response) and "Nothing was changed" in text(
            response
        )
    doc = archive.document(doc_id)
    assert doc.title == "Domestic workers" and doc.status == "published"
    assert archive.collections()[0].title == "ASEAN seminar 2015"
    assert jobs.recent(archive) == [] and len(archive.history()) == before


def test_a_collection_can_be_edited(archive: Archive, desk: FlaskClient) -> None:
    page = text(desk.get("/desk/collections/1/edit"))
    assert 'value="ASEAN seminar 2015"' in page
    form = {
        "title": "ASEAN Seminar on Social Protection",
        "start_date": "2015-11-03",
        "end_date": "2015-11-05",
        "venue": "Hanoi, Viet Nam",
        "description": "Three days on coverage gaps.",
    }
    response = post(desk, "/desk/collections/1/edit", form)
    assert response.status_code == 303 and response.headers["Location"] == "/collections/asean-2015"
    [col] = archive.collections()
    assert (col.title, col.end_date, col.venue) == (form["title"], "2015-11-05", "Hanoi, Viet Nam")
    response = post(desk, "/desk/collections/1/edit", {**form, "end_date": "5 Nov"})
    assert response.status_code == 400 and "Not saved: end_date must be YYYY-MM-DD" in text(
        response
    )
    assert archive.collections()[0].end_date == "2015-11-05"
    assert desk.get("/desk/collections/99/edit").status_code == 404
    [event] = [e for e in archive.history() if e.action == "collection-edit"]
    assert event.actor == "alice" and event.details["changes"]["venue"] == ["", "Hanoi, Viet Nam"]


# -- withdrawal -------------------------------------------------------------------------------


@pytest.fixture
def two_docs(archive: Archive, app: Flask, make_pdf: PdfMaker) -> tuple[int, int]:
    ids = ingest(
        archive,
        make_pdf("Pension coverage in the region.", title="Pensions"),
        make_pdf("Pension reform speech.", title="Reform speech"),
        collection="asean-2015",
    )
    archive.edit(ids[1], {"type": "speech"}, actor="test")
    return ids[0], ids[1]


def visible(archive: Archive, doc_id: int) -> dict[str, bool]:
    """Where a reader can see a document."""
    results = archive.search(SearchRequest(q="pension"))
    return {
        "search": doc_id in [h.document.id for h in results.hits],
        "facets": ("speech", 1) in results.facets["type"],
        "listing": doc_id in [d.id for d in archive.documents()[1]],
        "index": doc_id in archive.index.indexed_pages(),
    }


def test_withdraw_and_restore_at_the_archive_level(
    archive: Archive, two_docs: tuple[int, int]
) -> None:
    _, speech = two_docs
    assert set(visible(archive, speech).values()) == {True}
    archive.set_status(speech, withdrawn=True, reason="Published in error", actor="alice")
    assert set(visible(archive, speech).values()) == {False}
    doc = archive.document(speech)
    assert doc.status == "withdrawn" and doc.withdrawn_reason == "Published in error"
    assert archive.store.path_for(doc.sha256).is_file()  # the file is kept
    assert not [f for f in run_checks(archive) if f.level == ERROR]
    archive.set_status(speech, withdrawn=False, reason="", actor="alice")
    assert set(visible(archive, speech).values()) == {True}
    assert not [f for f in run_checks(archive) if f.level == ERROR]


def test_withdraw_and_restore_from_the_desk(
    archive: Archive, desk: FlaskClient, two_docs: tuple[int, int]
) -> None:
    _, speech = two_docs
    assert desk.get(f"/documents/{speech}").status_code == 200
    response = post(desk, f"/desk/documents/{speech}/withdraw", {"reason": "  "})
    assert response.status_code == 303
    assert "Not withdrawn: say why" in text(desk.get(response.headers["Location"]))
    assert archive.document(speech).status == "published"
    response = post(desk, f"/desk/documents/{speech}/withdraw", {"reason": "Draft, not final"})
    assert response.status_code == 303
    page = text(desk.get(f"/desk/documents/{speech}"))
    assert "Withdrawn: Draft, not final" in page and 'action="/desk/documents/' in page
    assert set(visible(archive, speech).values()) == {False}
    reader = desk.application.test_client()
    tombstone = reader.get(f"/documents/{speech}")
    assert tombstone.status_code == 410 and "Draft, not final" in text(tombstone)
    assert "Withdrawn documents" in text(desk.get("/desk/")) and "Draft, not final" in text(
        desk.get("/desk/")
    )
    response = post(desk, f"/desk/documents/{speech}/restore")
    assert response.status_code == 303
    assert set(visible(archive, speech).values()) == {True}
    assert reader.get(f"/documents/{speech}").status_code == 200
    history = [(e.action, e.actor) for e in archive.history(document_id=speech)]
    assert history[:2] == [("restore", "alice"), ("withdraw", "alice")]


# -- history ----------------------------------------------------------------------------------


def test_history_shows_who_did_what_newest_first(
    archive: Archive,
    app: Flask,
    desk: FlaskClient,
    make_pdf: PdfMaker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    login(app.test_client(), "alice", "a wrong password, surely")
    upload(desk, make_pdf("Youth employment."))
    work(archive)
    doc_id = jobs.recent(archive)[0].document_id
    post(desk, f"/desk/documents/{doc_id}/edit", edit_form(title="Youth employment"))
    post(desk, f"/desk/documents/{doc_id}/withdraw", {"reason": "Duplicate of a later version"})
    post(desk, f"/desk/documents/{doc_id}/restore")
    post(desk, "/desk/collections/1/edit", {"title": "Renamed seminar"})
    page = text(desk.get("/desk/history"))
    order = ["collection-edit", "restore", "withdraw", "edit", "ingest", "upload", "login"]
    positions = [page.index(f"<td>{action}</td>") for action in order]
    assert positions == sorted(positions)
    assert "<td>login-failed</td>" in page and "address: 127.0.0.1" in page
    assert "→ <ins>Youth employment</ins>" in page
    assert "reason: Duplicate of a later version" in page
    only = text(desk.get(f"/desk/history?document={doc_id}"))
    assert "<td>withdraw</td>" in only and "<td>collection-edit</td>" not in only
    assert f"Showing document {doc_id} only." in only
    post(desk, "/logout", token_page="/desk/")
    actions = [e.action for e in archive.history()]
    assert actions[0] == "logout"
    # A page at a time, with a link to older entries.
    monkeypatch.setattr("archive.web.desk.HISTORY_PAGE", 3)
    login(desk)
    page = text(desk.get("/desk/history"))
    assert page.count("<tr>") == 1 + 3 and "Older entries" in page
    older = page.split('<a href="/desk/history?before=')[1].split('"')[0]
    second = text(desk.get(f"/desk/history?before={older}"))
    assert "<td>restore</td>" in second and "<td>logout</td>" not in second


def test_the_document_desk_page_shows_metadata_tools_and_history(
    archive: Archive, desk: FlaskClient, doc_id: int
) -> None:
    page = text(desk.get(f"/desk/documents/{doc_id}"))
    assert "<h1>Domestic workers</h1>" in page and archive.document(doc_id).sha256 in page
    assert f'href="/desk/documents/{doc_id}/edit"' in page
    assert f'action="/desk/documents/{doc_id}/withdraw"' in page and "<td>ingest</td>" in page
    assert desk.get("/desk/documents/999").status_code == 404


def test_librarian_tools_appear_for_librarians_only(
    archive: Archive, app: Flask, doc_id: int
) -> None:
    doc = archive.document(doc_id)
    [col] = archive.collections()
    template = '{% include "_doc_tools.html" %}|{% include "_collection_tools.html" %}'
    with app.test_request_context("/"):
        g.user = None
        assert render_template_string(template, doc=doc, collection=col).strip() == "|"
        g.user = Account(1, "alice", "librarian")
        tools = render_template_string(template, doc=doc, collection=col)
    assert f"/desk/documents/{doc_id}/edit" in tools and "/desk/collections/1/edit" in tools
    assert f"/desk/documents/{doc_id}/withdraw" in tools and 'name="csrf_token"' in tools


# -- index writes from everywhere at once (point 8) -------------------------------------------


N_EDITS = 12


@pytest.fixture
def busy_folder(tmp_path: Path, make_pdf: PdfMaker) -> Iterator[Path]:
    for i in range(6):
        make_pdf(
            f"Command line batch document cliword{i}.", f"Second page {i}.", name=f"cli/{i}.pdf"
        )
    yield tmp_path / "cli"


@pytest.mark.slow
def test_ingest_worker_and_edits_write_the_index_at_the_same_time(
    archive: Archive, make_pdf: PdfMaker, busy_folder: Path, tmp_path: Path
) -> None:
    edited = ingest(archive, make_pdf("Edited while busy."), make_pdf("Also edited."))
    for i in range(4):
        pdf = make_pdf(f"Uploaded document upword{i}.")
        with pdf.open("rb") as fh:
            jobs.receive(
                archive, fh, filename=pdf.name, actor="alice", collection=None, metadata={}
            )
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(archive.settings.data_path),
        "ARCHIVE_INDEX_BATCH_PAGES": "1",  # a commit per document: as many index writes as can be
        "ARCHIVE_INGEST_WORKERS": "1",
    }
    log = (tmp_path / "ingest.log").open("wb")
    cli = subprocess.Popen(
        [sys.executable, "-m", "archive.cli", "ingest", str(busy_folder)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    errors: list[str] = []

    def guarded(job: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                job()
            except BaseException:
                errors.append(traceback.format_exc())

        return run

    def drain() -> None:
        own = Archive.open(archive.settings)  # the worker is its own process in production
        work(own)
        own.close()

    def edit(doc: int) -> Callable[[], None]:
        def run() -> None:
            for n in range(N_EDITS):
                archive.edit(doc, {"title": f"Revision {n} editword{doc}x{n}"}, actor="alice")

        return run

    threads = [threading.Thread(target=guarded(f)) for f in (drain, *map(edit, edited))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    assert cli.wait(90) == 0, (tmp_path / "ingest.log").read_text()
    log.close()
    assert errors == [], "\n".join(errors)
    work(archive)  # nothing is left for the worker but upkeep
    for i in range(6):
        assert len(found(archive, f"cliword{i}")) == 1, i
    for i in range(4):
        assert len(found(archive, f"upword{i}")) == 1, i
    for doc in edited:
        with archive.index.reading() as searcher:
            stored = [f for f in searcher.reader().all_stored_fields() if f["doc_id"] == str(doc)]
        with archive.catalog.read() as session:
            from archive.catalog import Document

            d = session.get(Document, doc)
            diag = (d.title, d.index_pending, d.updated_at, stored)
        assert found(archive, f"editword{doc}x{N_EDITS - 1}") == [doc], diag
        assert archive.document(doc).title == f"Revision {N_EDITS - 1} editword{doc}x{N_EDITS - 1}"
    assert [job.state for job in jobs.recent(archive)] == ["added"] * 4
    assert [f for f in run_checks(archive) if f.level == ERROR] == []
    assert not [f for f in run_checks(archive) if f.kind == "index-pending"]


UNUSABLE_IDS = ["²", "١٢", "-1", "+1", "1.0", " 12x", "0", str(2**63), "9" * 40, "１２"]


def test_history_refuses_an_id_that_is_not_ascii_digits_with_a_clear_400(
    desk: FlaskClient, doc_id: int
) -> None:
    for value in UNUSABLE_IDS:
        for name in ("document", "before"):
            response = desk.get("/desk/history", query_string={name: value})
            assert response.status_code == 400, (name, value)
            assert f"{name} must be a record number" in text(response)
    assert desk.get("/desk/history", query_string={"document": str(doc_id)}).status_code == 200


def test_an_edit_naming_an_unusable_collection_id_changes_nothing(
    archive: Archive, desk: FlaskClient, doc_id: int
) -> None:
    before = archive.document(doc_id).collection_id
    for value in UNUSABLE_IDS:
        form = edit_form(title="Domestic workers", collection_id=value)
        response = post(desk, f"/desk/documents/{doc_id}/edit", form)
        assert response.status_code == 400 and "Not saved: no collection" in text(response)
        assert archive.document(doc_id).collection_id == before
