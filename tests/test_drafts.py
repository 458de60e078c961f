"""Drafts and review: web uploads wait, invisible to readers everywhere, until a librarian
who has seen what looks missing or suspicious publishes them (one or many, with CSRF, in the
history); ``archive ingest --draft`` and ``archive publish`` do the same from the shell."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from archive.cli import main
from archive.collections import upsert_collection
from archive.search import SearchRequest
from archive.service import Archive
from ingest.pipeline import Candidate, Pipeline
from ingest.worker import Worker
from tests.factories import web_app
from tests.librarian import add_librarian, csrf_token, login, post, text
from tests.test_visibility import get

TITLE_WORD = "narwhalvolt"  # only in the draft's title
TEXT_WORD = "okapiquill"  # only in the draft's text
SLUG = "hanoi-2017"


def _ingest(archive: Archive, path: Path, *, draft: bool, **given: Any) -> int:
    pipeline = Pipeline(archive, actor="test", draft=draft)
    outcome = pipeline.run([Candidate(path, given, path.name)])[0]
    assert outcome.status == "added" and outcome.document_id, outcome
    return outcome.document_id


@pytest.fixture
def docs(archive: Archive, make_pdf: Any) -> dict[str, int]:
    upsert_collection(
        archive,
        {
            "slug": SLUG,
            "title": "Hanoi seminar",
            "start_date": "2017-05-02",
            "end_date": "2017-05-03",
        },
        actor="t",
    )
    shown = _ingest(
        archive,
        make_pdf("Labour migration and pension portability.", name="shown.pdf"),
        draft=False,
        title="Labour migration report",
        collection=SLUG,
    )
    draft = _ingest(
        archive,
        make_pdf(f"Labour migration {TEXT_WORD} findings.", name="Annual_report_2010.pdf"),
        draft=True,
        title=f"Annual_report_{TITLE_WORD}",
        date="2010-01-01",
        collection=SLUG,
    )
    return {"shown": shown, "draft": draft}


@pytest.fixture
def client(archive: Archive) -> Iterator[FlaskClient]:
    with web_app(archive).test_client() as c:
        yield c


def test_a_draft_is_invisible_to_readers_everywhere(
    archive: Archive, client: FlaskClient, docs: dict[str, int]
):
    d = docs["draft"]
    listed = [
        "/",
        f"/collections/{SLUG}",
        f"/collections/{SLUG}/feed.atom",
        "/feed.atom",
        "/sitemap.xml",
        "/api/documents",
        "/oai?verb=ListRecords&metadataPrefix=oai_dc",
        "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc",
        f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:{d}",
        "/search?q=labour+migration",
        "/api/search?q=labour+migration",
        "/search.atom?q=migration",
        "/search?q=annual",
        f"/search?q={TEXT_WORD[:-1]}",
        f"/search?q={TITLE_WORD[:-1]}",
        f"/documents/{docs['shown']}",
    ]
    for path in listed:
        body = text(get(client, path))
        assert TITLE_WORD not in body and TEXT_WORD not in body, path
        assert f"/documents/{d}" not in body, path
    for path in (
        f"/documents/{d}",
        f"/documents/{d}/download",
        f"/documents/{d}/download?inline=1",
        f"/documents/{d}/pages/1/small.png",
        f"/documents/{d}/view",
        f"/api/documents/{d}",
        f"/documents/{d}.bib",
    ):
        response = get(client, path)
        assert response.status_code == 404, path
        assert TITLE_WORD not in text(response), path
    bundle = zipfile.ZipFile(io.BytesIO(get(client, f"/collections/{SLUG}/download.zip").data))
    assert [n for n in bundle.namelist() if n.endswith(".pdf")] == [
        f"{archive.document(docs['shown']).date} other - Labour migration report.pdf"
    ]


def test_the_desk_lists_drafts_with_what_to_look_at(
    archive: Archive, client: FlaskClient, docs: dict[str, int]
):
    login(client, add_librarian(archive))
    page = text(client.get("/desk/drafts"))
    assert f"Annual_report_{TITLE_WORD}" in page
    assert "Labour migration report" not in page  # published already
    for concern in (
        "the title looks like a file name",
        "the date 2010-01-01 is outside the collection",
        "no creators",
    ):
        assert concern in page, concern
    # A librarian may preview the draft's page and file.
    assert get(client, f"/documents/{docs['draft']}").status_code == 200
    assert get(client, f"/documents/{docs['draft']}/download").status_code == 200


def test_publishing_needs_csrf_and_is_recorded(
    archive: Archive, client: FlaskClient, docs: dict[str, int], make_pdf: Any
):
    other = _ingest(archive, make_pdf("Second draft.", name="two.pdf"), draft=True, title="Two")
    login(client, add_librarian(archive))
    forged = client.post("/desk/drafts/publish", data={"document": [str(docs["draft"])]})
    assert forged.status_code == 400
    assert archive.document(docs["draft"]).status == "draft"
    chosen = [str(docs["draft"]), str(other), str(docs["shown"]), "x"]
    response = post(client, "/desk/drafts/publish", {"document": chosen})
    assert response.status_code == 303
    assert archive.document(docs["draft"]).status == "published"
    assert archive.document(other).status == "published"
    events = [e for e in archive.history() if e.action == "publish"]
    assert sorted(e.document_id for e in events) == sorted([docs["draft"], other])
    assert all(e.actor == "alice" for e in events)
    assert events[0].details["changes"]["status"] == ["draft", "published"]
    found = archive.search(SearchRequest(q=TEXT_WORD))
    assert [h.document.id for h in found.hits] == [docs["draft"]]
    with web_app(archive).test_client() as reader:
        assert get(reader, f"/documents/{docs['draft']}").status_code == 200


def test_a_web_upload_is_a_draft_until_published(
    archive: Archive, client: FlaskClient, make_pdf: Any
):
    login(client, add_librarian(archive))
    pdf = make_pdf(f"Upload {TEXT_WORD}.", name="up.pdf")
    form = {
        "files": [(io.BytesIO(pdf.read_bytes()), "up.pdf")],
        "csrf_token": csrf_token(client, "/desk/"),
    }
    assert client.post("/desk/upload", data=form).status_code == 303
    worker = Worker(archive)
    while worker.run_once():
        pass
    [draft] = archive.drafts()
    assert draft.document.status == "draft"
    assert archive.search(SearchRequest(q=TEXT_WORD)).total == 0
    post(client, "/desk/drafts/publish", {"document": [str(draft.document.id)]})
    assert archive.search(SearchRequest(q=TEXT_WORD)).total == 1


def test_command_line_drafts_and_publishes(tmp_path: Path, make_pdf: Any):
    data = tmp_path / "data"

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, ["--data-dir", str(data), *args])
        return result.exit_code, result.output

    pdf = make_pdf(f"Command line {TEXT_WORD}.", name="cli.pdf")
    assert run("ingest", "--draft", str(pdf))[0] == 0
    assert "cli" not in run("search", TEXT_WORD)[1].lower()
    code, out = run("publish", "1", "7")
    assert code == 1
    assert "document 1: published" in out and "document 7: not a draft" in out
    assert TEXT_WORD in run("search", TEXT_WORD)[1].replace("[", "").replace("]", "")
