"""Access levels: what a reader may not see never reaches them by any path.

Three documents: an open one, one whose file is for librarians only ("metadata") and one
under embargo. Each restricted PDF holds a word found nowhere else; every reader's path is
walked and no answer may carry it, nor any link to, or bytes of, a restricted file. A
signed-in librarian gets the files, pages and viewer.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from archive import visibility
from archive.collections import upsert_collection
from archive.service import Archive
from ingest.pipeline import Candidate, Pipeline
from tests.factories import web_app
from tests.librarian import add_librarian, login, post, text

SECRET = "quokkalantern"  # only in the metadata-only PDF
EMBARGOED = "wombatfiddle"  # only in the embargoed PDF
SLUG = "jakarta-2016"


def _ingest(archive: Archive, path: Path, **given: Any) -> int:
    outcome = Pipeline(archive, actor="test").run([Candidate(path, given, path.name)])[0]
    assert outcome.status == "added", outcome
    assert outcome.document_id is not None
    return outcome.document_id


@pytest.fixture
def docs(archive: Archive, make_pdf: Any) -> dict[str, int]:
    upsert_collection(
        archive, {"slug": SLUG, "title": "Jakarta seminar", "start_date": "2016-03-01"}, actor="t"
    )
    common = {"collection": SLUG, "type": "report", "date": "2016-03-01", "language": "en"}
    open_id = _ingest(
        archive,
        make_pdf("Pension coverage in the region.", "Pension reform is urgent.", name="o.pdf"),
        title="Pension coverage report",
        **common,
    )
    secret_id = _ingest(
        archive,
        make_pdf(f"Pension {SECRET} participants list.", f"More {SECRET} names.", name="s.pdf"),
        title="List of participants of the pension seminar",
        access="metadata",
        **common,
    )
    embargo_id = _ingest(
        archive,
        make_pdf(f"Pension {EMBARGOED} draft findings.", name="e.pdf"),
        title="Embargoed pension findings",
        access="embargo:2999-01-01",
        **common,
    )
    return {"open": open_id, "secret": secret_id, "embargo": embargo_id}


@pytest.fixture
def client(archive: Archive) -> Iterator[FlaskClient]:
    with web_app(archive).test_client() as c:
        yield c


def get(client: FlaskClient, path: str, **headers: str) -> Any:
    """A response read whole and closed (a file sent is not left open)."""
    response = client.get(path, headers=headers)
    response.get_data()
    response.close()
    return response


def reader_paths(docs: dict[str, int]) -> list[str]:
    """Every page, feed, harvest and API answer a reader can ask for about these documents."""
    s, e, o = docs["secret"], docs["embargo"], docs["open"]
    paths = [
        "/",
        f"/collections/{SLUG}",
        f"/collections/{SLUG}/feed.atom",
        "/feed.atom",
        "/sitemap.xml",
        "/sitemap-1.xml",
        "/api/documents",
        "/oai?verb=ListRecords&metadataPrefix=oai_dc",
        "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc",
    ]
    # Words near the secret ones (a "did you mean" would name them), words beside them on the
    # restricted pages, and metadata words; a query for a secret word itself only echoes it
    # (``test_search_index_holds_no_restricted_text`` shows it finds nothing).
    near = (SECRET[:-1], SECRET[:-2] + "m", EMBARGOED[:-1], EMBARGOED[1:])
    for word in (*near, "names", "findings", "pension", "participants", "quokka*"):
        paths += [f"/search?q={word}", f"/api/search?q={word}", f"/search.atom?q={word}"]
    for doc_id in (s, e, o):
        paths += [
            f"/documents/{doc_id}",
            f"/documents/{doc_id}?q=names",
            f"/documents/{doc_id}?q={SECRET[:-1]}",
            f"/documents/{doc_id}?q=pension",
            f"/api/documents/{doc_id}",
            f"/documents/{doc_id}.bib",
            f"/documents/{doc_id}.ris",
            f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:{doc_id}",
        ]
    return paths


def test_no_reader_path_carries_a_restricted_word(client: FlaskClient, docs: dict[str, int]):
    for path in reader_paths(docs):
        with client.get(path) as response:
            body = text(response)
        assert SECRET not in body, path
        assert EMBARGOED not in body, path
        for doc_id in (docs["secret"], docs["embargo"]):
            assert f"/documents/{doc_id}/download" not in body, path
            assert f"/documents/{doc_id}/pages/" not in body, path
            assert f"/documents/{doc_id}/view" not in body, path
            assert f"/documents/{doc_id}/download" not in response.headers.get("Link", ""), path


def test_restricted_records_stay_findable_by_their_metadata(
    client: FlaskClient, docs: dict[str, int]
):
    found = client.get("/api/search?q=participants").get_json()
    hit = next(h for h in found["hits"] if h["id"] == docs["secret"])
    assert hit["pages"] == []  # no page, so no snippet of the restricted text
    assert hit["download_url"] is None
    page = text(client.get(f"/documents/{docs['secret']}"))
    assert "List of participants of the pension seminar" in page
    assert "not public" in page and "mailto:" in page  # how to ask for it
    embargo = text(client.get(f"/documents/{docs['embargo']}"))
    assert "embargo" in embargo and "2999" in embargo
    record = client.get(f"/api/documents/{docs['secret']}").get_json()
    assert record["access"] == "metadata" and record["file_public"] is False
    assert f"/documents/{docs['secret']}<" in text(client.get("/sitemap.xml"))
    oai = text(
        client.get(
            f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:{docs['secret']}"
        )
    )
    assert "List of participants" in oai and "deleted" not in oai


def test_open_document_still_gives_snippets_and_file(client: FlaskClient, docs: dict[str, int]):
    found = client.get("/api/search?q=reform").get_json()
    hit = next(h for h in found["hits"] if h["id"] == docs["open"])
    assert "<mark>" in hit["pages"][0]["snippet"]
    assert get(client, f"/documents/{docs['open']}/download").status_code == 200


@pytest.mark.parametrize("which", ["secret", "embargo"])
def test_readers_get_no_file_page_image_or_viewer(
    client: FlaskClient, docs: dict[str, int], which: str
):
    doc_id = docs[which]
    for path, headers in [
        (f"/documents/{doc_id}/download", {}),
        (f"/documents/{doc_id}/download?inline=1", {}),
        (f"/documents/{doc_id}/download", {"Range": "bytes=0-99"}),
        (f"/documents/{doc_id}/pages/1/small.png", {}),
        (f"/documents/{doc_id}/pages/1/large.png", {}),
        (f"/documents/{doc_id}/view?page=1", {}),
    ]:
        response = get(client, path, **headers)
        if True:
            assert response.status_code in (403, 404), path
            assert not response.get_data().startswith(b"%PDF"), path
            assert not response.get_data().startswith(b"\x89PNG"), path


def test_zips_never_hold_a_restricted_file(client: FlaskClient, docs: dict[str, int]):
    for path in (f"/collections/{SLUG}/download.zip", "/search.zip?q=pension"):
        response = client.get(path)
        assert response.status_code == 200, path
        names = zipfile.ZipFile(io.BytesIO(response.get_data())).namelist()
        pdfs = [n for n in names if n.endswith(".pdf")]
        assert len(pdfs) == 1 and "Pension coverage report" in pdfs[0], names


def test_a_signed_in_librarian_gets_the_restricted_file(
    archive: Archive, client: FlaskClient, docs: dict[str, int]
):
    login(client, add_librarian(archive))
    doc_id = docs["secret"]
    whole = get(client, f"/documents/{doc_id}/download")
    assert whole.status_code == 200 and whole.get_data().startswith(b"%PDF")
    assert "no-store" in whole.headers["Cache-Control"]
    part = get(client, f"/documents/{doc_id}/download", Range="bytes=0-99")
    assert part.status_code == 206
    assert get(client, f"/documents/{doc_id}/download?inline=1").status_code == 200
    image = get(client, f"/documents/{doc_id}/pages/1/small.png")
    assert image.status_code == 200 and image.get_data().startswith(b"\x89PNG")
    assert "no-store" in image.headers["Cache-Control"]  # never in a shared cache
    assert client.get(f"/documents/{doc_id}/view?page=2").status_code == 200


def test_search_index_holds_no_restricted_text(archive: Archive, docs: dict[str, int]):
    from archive.search import SearchRequest

    for word in (SECRET, EMBARGOED):
        assert archive.search(SearchRequest(q=word)).total == 0
    assert archive.page_snippets("pension", docs["secret"]) == [] or all(
        "<mark>" not in p.snippet for p in archive.page_snippets("pension", docs["secret"])
    )


def test_desk_sets_access_with_history(archive: Archive, client: FlaskClient, docs: dict[str, int]):
    from archive.search import SearchRequest

    login(client, add_librarian(archive))
    doc_id = docs["secret"]
    refused = post(client, f"/desk/documents/{doc_id}/access", {"access": "embargo"})
    assert refused.status_code == 303
    assert archive.document(doc_id).access == "metadata"  # a bad level changes nothing
    post(client, f"/desk/documents/{doc_id}/access", {"access": "public"})
    assert archive.document(doc_id).access == "public"
    assert archive.search(SearchRequest(q=SECRET)).total == 1  # its text is searchable now
    event = archive.history(document_id=doc_id)[0]
    assert event.action == "access" and event.actor == "alice"
    assert event.details["changes"]["access"] == ["metadata", "public"]
    client.get("/logout")
    with web_app(archive).test_client() as reader:
        assert get(reader, f"/documents/{doc_id}/download").status_code == 200


def test_worker_opens_an_embargo_on_its_day(
    archive: Archive, docs: dict[str, int], monkeypatch: pytest.MonkeyPatch
):
    from archive.search import SearchRequest

    assert archive.open_embargoes() == []
    monkeypatch.setattr(visibility, "today", lambda: "2999-01-01")
    assert archive.open_embargoes() == [docs["embargo"]]
    doc = archive.document(docs["embargo"])
    assert doc.access == "public" and doc.embargo_until is None
    assert archive.search(SearchRequest(q=EMBARGOED)).total == 1
    assert archive.history(document_id=doc.id)[0].actor == "worker"


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("public", True),
        ("METADATA", True),
        ("embargo:2030-02-28", True),
        ("embargo:2030-02-30", False),
        ("embargo:", False),
        ("embargo:30-02-2030", False),
        ("secret", False),
        ("embargo:2030-02-28; rm -rf /", False),
    ],
)
def test_access_levels_are_checked(value: str, ok: bool):
    if ok:
        assert str(visibility.parse_access(value)).startswith(value.lower().split(":")[0])
    else:
        with pytest.raises(ValueError):
            visibility.parse_access(value)


def test_command_line_sets_access_and_refuses_nonsense(tmp_path: Path, make_pdf: Any):
    from click.testing import CliRunner

    from archive.cli import main

    data = tmp_path / "data"
    manifest = tmp_path / "m.csv"
    pdf = make_pdf(f"Pension {SECRET}.", name="one.pdf")
    manifest.write_text("file,title,access\none.pdf,Closed list,metadata\n", encoding="utf-8")

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, ["--data-dir", str(data), *args])
        return result.exit_code, result.output

    assert run("ingest", "--manifest", str(manifest), str(pdf))[0] == 0
    assert run("search", SECRET)[1].count("Closed list") == 0  # its text is not searchable
    code, out = run("access", "1", "embargo:2020-13-01")
    assert code == 2 and "not a real date" in out
    assert run("access", "1", "public") == (0, "document 1: access public\n")
    assert "Closed list" in run("search", SECRET)[1]
    bad = tmp_path / "bad.csv"
    bad.write_text("file,access\none.pdf,secret\n", encoding="utf-8")
    code, out = run("ingest", "--manifest", str(bad), str(pdf))
    assert code == 2 and "bad.csv line 2: column 'access'" in out
