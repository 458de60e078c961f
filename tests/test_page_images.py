"""Page thumbnails, the document's strip of pages and the viewer, through the web app; the
derived files in ``archive check``; hostile PDFs through rendering."""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.check import repair as do_repair
from archive.check import run_checks
from archive.thumbs import ThumbnailUnavailable
from archive.web import create_app
from tests import hostile
from tests.web_library import Library, build_library, hrefs, text_of


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = build_library(tmp_path_factory.mktemp("thumbs"))
    yield lib
    lib.archive.close()


@pytest.fixture(scope="module")
def app(library: Library) -> Flask:
    return create_app(
        library.archive.settings, archive=library.archive, test_config={"TESTING": True}
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def get(client: FlaskClient, url: str, **kwargs: Any) -> Any:
    response = client.get(url, **kwargs)
    response.get_data()
    response.close()
    return response


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_a_page_thumbnail_is_drawn_once_and_cached_for_good(
    client: FlaskClient, library: Library
) -> None:
    doc = library.doc("report")
    url = f"/documents/{doc.id}/pages/2/small.png"
    first = get(client, url)
    assert first.status_code == 200
    assert first.mimetype == "image/png"
    assert png_size(first.data)[0] == 200
    assert first.headers["ETag"] == f'"{doc.sha256}-2-small"'  # strong: no W/
    assert "immutable" in first.headers["Cache-Control"]
    stored = library.archive.thumbnails.path(doc.sha256, 2, "small")
    assert stored.read_bytes() == first.data
    again = get(client, url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    large = get(client, f"/documents/{doc.id}/pages/2/large.png")
    assert png_size(large.data)[0] == 1000


@pytest.mark.parametrize(
    "suffix", ["/pages/0/small.png", "/pages/99/small.png", "/pages/1/huge.png", "/pages/1/x.png"]
)
def test_no_image_for_a_page_or_size_that_does_not_exist(
    client: FlaskClient, library: Library, suffix: str
) -> None:
    assert get(client, f"/documents/{library.ids['report']}{suffix}").status_code == 404


def test_a_withdrawn_document_shows_no_page_images_and_no_viewer(
    client: FlaskClient, library: Library
) -> None:
    doc = library.doc("withdrawn")
    # even an image drawn before the withdrawal, still on disk, is not served
    library.archive.thumbnails._store(library.archive.thumbnails.path(doc.sha256, 1, "small"), b"x")
    assert get(client, f"/documents/{doc.id}/pages/1/small.png").status_code == 404
    assert get(client, f"/documents/{doc.id}/view?page=1").status_code == 404
    assert not library.archive.reader_may_see(doc)


def test_search_results_show_the_hit_pages_thumbnail_and_open_the_viewer(
    client: FlaskClient, library: Library
) -> None:
    report = library.ids["report"]
    html = get(client, "/search?q=pension").get_data(as_text=True)
    links = hrefs(html)
    assert f"/documents/{report}/view?page=2&q=pension" in links
    assert f"/documents/{report}/download?inline=1#page=2" in links  # the plain PDF link stays
    assert f'src="/documents/{report}/pages/2/small.png"' in html


def test_the_document_page_shows_its_pages_and_the_api_their_images(
    client: FlaskClient, library: Library
) -> None:
    report = library.doc("report")
    html = get(client, f"/documents/{report.id}").get_data(as_text=True)
    for n in range(1, report.page_count + 1):
        assert f'src="/documents/{report.id}/pages/{n}/small.png"' in html
        assert f"/documents/{report.id}/view?page={n}" in hrefs(html)
    data = get(client, f"/api/documents/{report.id}").get_json()
    assert data["thumbnail_url"].endswith(f"/documents/{report.id}/pages/1/small.png")
    hit = get(client, "/api/search?q=pension").get_json()["hits"][0]
    page = hit["pages"][0]
    assert page["thumbnail_url"].endswith(f"/documents/{hit['id']}/pages/{page['page']}/small.png")
    assert page["text_source"] == "pdf"
    assert get(client, page["thumbnail_url"].replace("http://localhost", "")).status_code == 200


def test_the_viewer_opens_at_the_page_with_the_query(client: FlaskClient, library: Library) -> None:
    report = library.doc("report")
    response = get(client, f"/documents/{report.id}/view?page=2&q=pension")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-page="2"' in html and 'data-q="pension"' in html
    assert 'id="page-number"' in html and 'value="2"' in html
    assert f"Page 2 of {report.page_count}" in text_of(html)
    assert f"/documents/{report.id}/download?inline=1#page=2" in hrefs(html)
    # pdf.js comes from the app itself, as JavaScript (module scripts need a JS type)
    for name in ("viewer.js", "pdfjs/pdf.min.mjs", "pdfjs/pdf.worker.min.mjs"):
        static = get(client, f"/static/{name}")
        assert static.status_code == 200 and "javascript" in static.mimetype, name
    out_of_range = get(client, f"/documents/{report.id}/view?page=999")
    assert f'data-page="{report.page_count}"' in out_of_range.get_data(as_text=True)


def test_check_knows_the_cover_thumbnails(library: Library) -> None:
    archive = library.archive
    assert not {f.kind for f in run_checks(archive)} & {"thumbnail-missing", "thumbnail-failed"}
    report, slides = library.doc("report"), library.doc("thai")
    archive.thumbnails.path(report.sha256, 1, "small").unlink()  # drawn at ingest, now gone
    cover = archive.thumbnails.path(slides.sha256, 1, "small")
    cover.unlink()
    cover.with_suffix(".failed").write_text("took longer than 20 s")
    orphan = archive.thumbnails.folder("f" * 64)
    orphan.mkdir(parents=True)
    (orphan / "1-small.png").write_bytes(b"not ours")
    found = {(f.kind, f.level, f.document_id) for f in run_checks(archive)}
    assert ("thumbnail-missing", "warning", report.id) in found
    assert ("thumbnail-failed", "warning", slides.id) in found
    assert ("orphan-thumbnails", "warning", None) in found
    done = do_repair(archive, run_checks(archive))
    assert sum("cover thumbnail" in line for line in done) == 2
    assert not orphan.exists()
    assert cover.is_file() and not cover.with_suffix(".failed").exists()
    left = {f.kind for f in run_checks(archive)}
    assert not left & {"thumbnail-missing", "thumbnail-failed", "orphan-thumbnails"}


HOSTILE: dict[str, Callable[[], bytes]] = {
    "flate-bomb": hostile.flate_bomb,
    "page-tree-cycle": hostile.page_tree_cycle,
    "deep-nesting-content": hostile.deep_nesting_content,
    "inline-image-without-EI": hostile.inline_image_without_end,
    "huge-content-stream": hostile.huge_content_stream,
    "truncated": hostile.truncated,
    "html-polyglot": hostile.html_polyglot,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pdfs_are_drawn_or_given_up_within_the_limits(
    library: Library, tmp_path: Path, name: str
) -> None:
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(HOSTILE[name]())
    thumbs = library.archive.thumbnails
    sha = name.encode().hex().ljust(64, "0")[:64]
    try:
        path = thumbs.get(sha, pdf, 1, "small")
    except ThumbnailUnavailable as exc:
        assert exc.reason
        # given up once and remembered, so the next request starts no child
        assert thumbs.path(sha, 1, "small").with_suffix(".failed").read_text() == exc.reason
        with pytest.raises(ThumbnailUnavailable):
            thumbs.get(sha, pdf, 1, "small")
    else:
        assert png_size(path.read_bytes())[0] == 200
    thumbs.remove(sha)
