"""Hostile names, metadata and requests through the web: escaped, never used as paths,
answered quickly and clearly, never a 500 or a stack trace."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from archive.catalog import Job
from archive.service import Archive
from ingest.pipeline import Pipeline, candidates
from ingest.worker import Worker
from tests.conftest import PdfMaker
from tests.factories import web_app
from tests.librarian import add_librarian, csrf_token, login, text

HOSTILE_NAMES = [
    "../../etc/passwd.pdf",
    "/etc/shadow.pdf",
    "C:\\Windows\\evil.pdf",
    "CON.pdf",
    "nul",
    "",
    "a\x00b.pdf",
    "\u202eevil\u202dfdp.exe.pdf",
    "x" * 5000 + ".pdf",
]


@pytest.fixture
def desk(archive: Archive) -> FlaskClient:
    add_librarian(archive)
    client = web_app(archive).test_client()
    assert login(client).status_code in (302, 303)
    return client


def upload(client: FlaskClient, name: str, data: bytes) -> int:
    form = {"csrf_token": csrf_token(client, "/desk/"), "files": (io.BytesIO(data), name)}
    return client.post("/desk/upload", data=form, content_type="multipart/form-data").status_code


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_upload_names_are_data_never_paths(
    desk: FlaskClient, archive: Archive, make_pdf: PdfMaker, name: str
) -> None:
    pdf = make_pdf("hostile name test page").read_bytes()
    status = upload(desk, name, pdf)
    if status == 400:  # an empty name is no file at all: refused, nothing stored
        assert not list(archive.settings.incoming_path.glob("*"))
        return
    assert status == 303
    incoming = [p.name for p in archive.settings.incoming_path.iterdir()]
    assert len(incoming) == 1 and incoming[0].endswith(".pdf") and len(incoming[0]) == 36
    assert not Path("/etc/passwd.pdf").exists() and not Path("/etc/shadow.pdf").exists()
    Worker(archive).run_once()
    with archive.catalog.read() as session:
        job = session.query(Job).one()
        assert job.state == "added", job.message
        doc = archive.document(job.document_id)
    assert "/" not in doc.original_filename and "\\" not in doc.original_filename
    assert "\x00" not in doc.original_filename and len(doc.original_filename) <= 255
    jobs_page = text(desk.get("/desk/jobs"))
    assert "<" not in doc.original_filename or "&lt;" in jobs_page
    download = desk.get(f"/documents/{doc.id}/download")
    disposition = download.headers["Content-Disposition"]
    assert download.data == pdf
    download.close()
    assert "/" not in disposition.split("filename", 1)[1] and "\\" not in disposition


@pytest.mark.parametrize(
    "title",
    [
        "<script>alert(1)</script>",
        "line one\nline two\r\nthree",
        "nul\x00inside",
        "\u202egnp.exe",
        "T" * 10_000,
        '"><img src=x onerror=alert(1)>',
    ],
)
def test_hostile_titles_are_escaped_everywhere_and_safe_to_download(
    archive: Archive, make_pdf: PdfMaker, title: str
) -> None:
    [outcome] = Pipeline(archive).run(candidates([make_pdf("zebra crossing page")]))
    archive.edit(outcome.document_id, {"title": title}, actor="test")
    client = web_app(archive).test_client()
    for path in ("/", "/search?q=zebra", f"/documents/{outcome.document_id}"):
        body = text(client.get(path))
        assert "<script>alert" not in body and "<img src=x" not in body
    # JSON carries the title as data (served as application/json with nosniff)
    api = client.get(f"/api/documents/{outcome.document_id}")
    assert api.mimetype == "application/json"
    assert api.headers["X-Content-Type-Options"] == "nosniff"
    assert api.get_json()["title"] == archive.document(outcome.document_id).title
    download = client.get(f"/documents/{outcome.document_id}/download")
    download.close()
    assert download.status_code == 200
    header = download.headers["Content-Disposition"]
    assert all(ch.isprintable() for ch in header) and len(header) < 1000


@pytest.mark.parametrize(
    "path",
    [
        "/documents/../../etc/passwd",
        "/documents/1/../../../etc/passwd",
        "/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd/download",
        "/documents/-1/download",
        "/documents/1e9/download",
        "/documents/0x1/download",
        "/documents/1%00/download",
        "/static/../../archive/config.py",
        "/documents/99999999999999999999999/download",
    ],
)
def test_path_tricks_get_a_clean_404(archive: Archive, path: str) -> None:
    response = web_app(archive).test_client().get(path)
    assert response.status_code in (404, 400, 308)
    assert b"Traceback" not in response.data and b"root:" not in response.data


@pytest.mark.parametrize(
    "query",
    [
        "page=1000000000",
        "page=-3",
        "per_page=-1",
        "per_page=100000",
        "sort=bogus",
        "page=abc",
        "q=" + "a" * 100_000,
        "q=" + "(" * 3000 + "x",
        "q=%22unbalanced",
        "q=AND",
        "q=doc_id:1",
        "q=%00%ff",
        "q=%ed%a0%80",
        "q=a*&per_page=100",
    ],
)
def test_hostile_search_requests_are_quick_and_clear(
    archive: Archive, make_pdf: PdfMaker, query: str
) -> None:
    Pipeline(archive).run(candidates([make_pdf("alpha beta gamma")]))
    client = web_app(archive).test_client()
    for base in ("/search?", "/api/search?"):
        response = client.get(base + ("q=alpha&" if not query.startswith("q=") else "") + query)
        assert response.status_code in (200, 400), (base, query, response.status_code)
        assert b"Traceback" not in response.data


def test_an_oversized_multipart_form_is_refused_before_it_is_stored(archive: Archive) -> None:
    app = web_app(archive, MAX_UPLOAD_LENGTH=1024)
    add_librarian(archive)
    client = app.test_client()
    login(client)
    form = {
        "csrf_token": csrf_token(client, "/desk/"),
        "files": (io.BytesIO(b"%PDF-1.4" + b"x" * 5000), "big.pdf"),
    }
    response = client.post("/desk/upload", data=form, content_type="multipart/form-data")
    assert response.status_code == 413
    assert not archive.settings.incoming_path.exists() or not list(
        archive.settings.incoming_path.iterdir()
    )


class CountingBody(io.RawIOBase):
    """A request body of ``size`` bytes that counts how much of it the app reads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.position = 0
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True  # the test client measures the body by seeking to its end and back

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = (0, self.position, self.size)[whence] + offset
        return self.position

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        n = max(0, min(len(buffer), self.size - self.position))
        buffer[:n] = b"a" * n
        self.position += n
        self.consumed += n
        return n


def post_big(client: FlaskClient, path: str, content_type: str) -> tuple[int, int]:
    """POST a 150 MB body; return the status and how many bytes of it were read."""
    body = CountingBody(150 * 1024 * 1024)
    response = client.post(
        path, input_stream=body, content_length=body.size, content_type=content_type
    )
    return response.status_code, body.consumed


def test_big_bodies_are_refused_unread_except_a_librarians_upload(archive: Archive) -> None:
    add_librarian(archive)
    app = web_app(archive)
    anonymous = app.test_client()
    form, multipart = "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"
    assert post_big(anonymous, "/login", form) == (413, 0)
    status, consumed = post_big(anonymous, "/desk/upload", multipart)
    assert status in (302, 401, 413) and consumed == 0
    for path in ("/logout", "/desk/documents/1/edit", "/search"):
        assert post_big(anonymous, path, form)[1] == 0, path
    librarian = app.test_client()
    login(librarian)
    assert post_big(librarian, "/login", form) == (413, 0)  # a form stays a form
    assert post_big(librarian, "/desk/documents/1/edit", form)[1] == 0
    # A librarian's upload may be larger than a form (up to ARCHIVE_MAX_UPLOAD_MB).
    pdf = b"%PDF-1.4\n" + b"x" * (archive.settings.max_form_kb * 1024 + 10_000)
    assert upload(librarian, "big-but-allowed.pdf", pdf) == 303
    assert len(list(archive.settings.incoming_path.iterdir())) == 1
