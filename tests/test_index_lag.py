"""Catalogue first, index behind: a new document is downloadable and its page served as
soon as it is catalogued; search finds it once the index has caught up (the worker, the
next start of any archive command, or ``archive ingest`` itself unless told not to wait)."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from archive import jobs
from archive.catalog import Document, Job, JobState
from archive.cli import main
from archive.config import Settings
from archive.search import SearchRequest
from archive.service import Archive
from ingest.worker import Worker
from tests.conftest import PdfMaker
from tests.factories import web_app

CATCHING_UP = "Search is still catching up with this document"


def cli(settings: Settings, *args: str) -> str:
    result = CliRunner().invoke(main, ["--data-dir", str(settings.data_path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def found(archive: Archive, words: str) -> int:
    return archive.search(SearchRequest(q=f'"{words}"')).total


def the_document(archive: Archive) -> Document:
    with archive.catalog.read() as session:
        return session.scalars(select(Document)).one()


def test_ingest_reports_catalogued_and_searchable_apart(
    settings: Settings, make_pdf: PdfMaker
) -> None:
    out = cli(settings, "ingest", str(make_pdf("Fisheries co-management in Lombok.")))
    assert "catalogued 1 new pages in" in out
    assert "s after being catalogued" in out
    archive = Archive.open(settings, prepare_index=False)
    try:
        assert archive.pending_documents() == set()  # searchable when the command returned
        assert found(archive, "fisheries co-management") == 1
    finally:
        archive.close()


def test_a_document_not_yet_indexed_is_downloadable_and_becomes_searchable(
    settings: Settings, make_pdf: PdfMaker
) -> None:
    pdf = make_pdf("Seaweed farming cooperatives in Nusa Penida.", title="Seaweed farming")
    out = cli(settings, "ingest", "--no-wait-index", str(pdf))
    assert "1 added" in out and "not yet searchable" in out
    archive = Archive.open(settings, prepare_index=False)  # as a running server has it
    try:
        doc = the_document(archive)
        assert doc.id in archive.pending_documents()
        assert doc.id not in archive.index.indexed_pages()
        client = web_app(archive).test_client()
        page = client.get(f"/documents/{doc.id}")
        assert page.status_code == 200 and b"Seaweed farming" in page.data
        assert CATCHING_UP in page.get_data(as_text=True)  # why search does not find it yet
        download = client.get(f"/documents/{doc.id}/download")
        body = download.get_data()
        download.close()  # a file response holds the stored file open until closed
        assert download.status_code == 200 and body == pdf.read_bytes()

        Worker(archive).run_once()  # the worker's next poll catches up with the change log
        assert archive.pending_documents() == set()
        assert doc.id in archive.index.indexed_pages()
        assert found(archive, "seaweed farming cooperatives") == 1
        assert CATCHING_UP not in client.get(f"/documents/{doc.id}").get_data(as_text=True)
    finally:
        archive.close()


def test_the_next_start_indexes_what_an_ingest_left_behind(
    settings: Settings, make_pdf: PdfMaker
) -> None:
    cli(settings, "ingest", "--no-wait-index", str(make_pdf("Tidal energy in Alas strait.")))
    archive = Archive.open(settings)  # any archive command, a server starting
    try:
        assert archive.pending_documents() == set()
        assert the_document(archive).id in archive.index.indexed_pages()
    finally:
        archive.close()


def upload(archive: Archive, pdf: Path) -> int:
    job = jobs.receive(
        archive,
        io.BytesIO(pdf.read_bytes()),
        filename=pdf.name,
        actor="librarian",
        collection=None,
        metadata={},
    )
    return job.id


def document_of(archive: Archive, job_id: int) -> int | None:
    with archive.catalog.read() as session:
        job = session.get(Job, job_id)
        assert job is not None
        return job.document_id if job.state == JobState.ADDED else None


def test_the_worker_catalogues_a_stream_of_uploads_first_and_indexes_behind(
    settings: Settings, make_pdf: PdfMaker
) -> None:
    archive = Archive.open(settings.with_(upload_drafts=False))
    try:
        first = upload(archive, make_pdf("Mangrove restoration by fishing villages."))
        second = upload(archive, make_pdf("Coral reef monitoring by divers."))
        worker = Worker(archive)
        assert worker.run_once()  # the first upload, while the second waits in the queue
        first_doc = document_of(archive, first)
        assert first_doc is not None  # catalogued: its page and file are served
        assert first_doc in archive.pending_documents()  # the next upload comes first
        assert worker.run_once()  # the second upload
        second_doc = document_of(archive, second)
        assert second_doc is not None
        assert not worker.run_once()  # the queue is empty: the index catches up
        assert archive.pending_documents() == set()
        indexed = archive.index.indexed_pages()
        assert first_doc in indexed and second_doc in indexed
        assert found(archive, "mangrove restoration") == 1
        assert found(archive, "coral reef monitoring") == 1
    finally:
        archive.close()
