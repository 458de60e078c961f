"""Usage: readers' views and downloads per document and month, without robots, librarians,
double clicks or any stored address; on the desk and as CSV."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from archive import usage
from archive.collections import upsert_collection
from archive.service import Archive
from ingest.pipeline import Candidate, Pipeline
from tests.factories import web_app
from tests.librarian import add_librarian, login, text

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
ROBOTS = (
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "python-requests/2.32.3",
    "curl/8.5.0",
    "",
)


@pytest.fixture
def doc_id(archive: Archive, make_pdf: Any) -> int:
    upsert_collection(archive, {"slug": "manila-2019", "title": "Manila seminar"}, actor="t")
    pdf = make_pdf("Maternity protection.", name="m.pdf")
    given = {"title": "=HYPERLINK(evil) Maternity", "collection": "manila-2019"}
    return Pipeline(archive).run([Candidate(pdf, given, "m.pdf")])[0].document_id


@pytest.fixture
def client(archive: Archive) -> Iterator[FlaskClient]:
    with web_app(archive).test_client() as c:
        yield c


def visit(
    client: FlaskClient, path: str, agent: str = BROWSER, addr: str = "203.0.113.9", **headers: str
) -> Any:
    """A request as a reader's browser (or a robot) at this address sends it, read whole."""
    response = client.get(
        path, headers={"User-Agent": agent, **headers}, environ_base={"REMOTE_ADDR": addr}
    )
    response.get_data()
    response.close()
    return response


def counts(archive: Archive, doc_id: int) -> tuple[int, int]:
    rows = archive.usage_of(doc_id)
    return (sum(r.views for r in rows), sum(r.downloads for r in rows))


def test_readers_are_counted_once_per_half_minute(
    archive: Archive, client: FlaskClient, doc_id: int, monkeypatch: pytest.MonkeyPatch
):
    clock = [1000.0]
    monkeypatch.setattr(usage.time, "monotonic", lambda: clock[0])
    visit(client, f"/documents/{doc_id}")
    visit(client, f"/documents/{doc_id}")  # a double click
    visit(client, f"/documents/{doc_id}", addr="198.51.100.7")  # another reader
    assert counts(archive, doc_id) == (2, 0)
    clock[0] += 31
    visit(client, f"/documents/{doc_id}")  # the first reader, later
    visit(client, f"/documents/{doc_id}/download")
    visit(client, f"/documents/{doc_id}/download", Range="bytes=0-99")  # within 30 s: repeat
    clock[0] += 31
    visit(client, f"/documents/{doc_id}/download", Range="bytes=500-599")  # a viewer's later range
    assert counts(archive, doc_id) == (3, 1)
    assert archive.usage_of(doc_id)[0].month == usage.this_month()


def test_robots_librarians_and_misses_are_not_counted(
    archive: Archive, client: FlaskClient, doc_id: int
):
    for agent in ROBOTS:
        visit(client, f"/documents/{doc_id}", agent=agent)
        visit(client, f"/documents/{doc_id}/download", agent=agent)
    visit(client, "/documents/99999")
    assert counts(archive, doc_id) == (0, 0)
    login(client, add_librarian(archive))
    visit(client, f"/documents/{doc_id}")
    assert counts(archive, doc_id) == (0, 0)


def test_no_address_is_stored(archive: Archive, client: FlaskClient, doc_id: int):
    visit(client, f"/documents/{doc_id}", addr="192.0.2.123")
    assert counts(archive, doc_id) == (1, 0)
    database = archive.settings.data_path / "catalog.sqlite"
    found = list(archive.settings.data_path.glob("*.sqlite*")) or [database]
    for path in found:
        assert b"192.0.2.123" not in path.read_bytes()
    with sqlite3.connect(found[0]) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(usage_counts)")]
    assert columns == ["document_id", "month", "views", "downloads"]


def test_desk_shows_usage_and_exports_csv(archive: Archive, client: FlaskClient, doc_id: int):
    visit(client, f"/documents/{doc_id}")
    visit(client, f"/documents/{doc_id}/download")
    login(client, add_librarian(archive))
    page = " ".join(text(client.get("/desk/statistics")).split())
    assert f"<td>{usage.this_month()}</td><td>Manila seminar</td><td>1</td><td>1</td>" in page
    desk = " ".join(text(client.get(f"/desk/documents/{doc_id}")).split())
    assert f"<td>{usage.this_month()}</td><td>1</td><td>1</td>" in desk
    exported = client.get("/desk/statistics.csv")
    assert exported.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(text(exported))))
    assert rows[0] == ["document", "title", "month", "views", "downloads"]
    assert rows[1] == [str(doc_id), "'=HYPERLINK(evil) Maternity", usage.this_month(), "1", "1"]
    with web_app(archive).test_client() as reader:
        assert reader.get("/desk/statistics.csv").status_code in (302, 401)
