"""Metadata at upload: every field on the form for one file, manifest errors that name the
line, the column and what was expected, and chosen files kept when an upload is refused."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from archive import jobs
from archive.collections import upsert_collection
from archive.service import Archive
from ingest.worker import Worker
from tests.factories import web_app
from tests.librarian import add_librarian, csrf_token, login, text

KEPT = 'name="kept" value="'


@pytest.fixture
def desk(archive: Archive) -> Iterator[FlaskClient]:
    add_librarian(archive)
    upsert_collection(archive, {"slug": "tokyo-2018", "title": "Tokyo"}, actor="t")
    with web_app(archive).test_client() as client:
        login(client)
        yield client


def send(client: FlaskClient, files: list[tuple[str, bytes]], **form: Any) -> Any:
    data = MultiDict([("csrf_token", csrf_token(client, "/desk/"))])
    for name, body in files:
        data.add("files", (io.BytesIO(body), name))
    for key, value in form.items():
        for one in value if isinstance(value, list) else [value]:
            data.add(key, (io.BytesIO(one.encode()), "m.csv") if key == "manifest" else one)
    return client.post("/desk/upload", data=data, content_type="multipart/form-data")


def kept_tokens(page: str) -> list[str]:
    return [part.split('"', 1)[0] for part in page.split(KEPT)[1:]]


def drain(archive: Archive) -> None:
    worker = Worker(archive)
    while worker.run_once():
        pass


def test_a_stray_comma_names_its_line_and_the_files_are_kept(
    archive: Archive, desk: FlaskClient, make_pdf: Any
):
    pdf = make_pdf("Social security agreements between member states.", name="agree.pdf")
    manifest = (
        "file,title,collection\n"
        "agree.pdf,Social security agreements: Japan,tokyo-2018\n"
        "agree2.pdf,Japan, social security agreements,tokyo-2018\n"
    )
    response = send(desk, [("agree.pdf", pdf.read_bytes())], manifest=manifest)
    page = " ".join(text(response).split())
    assert response.status_code == 400
    assert "m.csv line 3" in page and "must be quoted" in page and "4 fields" in page
    assert jobs.recent(archive) == []  # nothing received
    assert "agree.pdf" in page and len(kept_tokens(page)) == 1  # the chosen file is kept
    fixed = manifest.replace("Japan, social", '"Japan, social').replace(
        "ments,tokyo-2018\n", 'ments",tokyo-2018\n', 2
    )
    retry = send(desk, [], manifest=fixed, kept=kept_tokens(page))
    assert retry.status_code == 303, text(retry)
    [job] = jobs.recent(archive)
    assert job.original_filename == "agree.pdf"
    assert job.metadata_["title"] == "Social security agreements: Japan"
    assert not any((archive.settings.data_path / "pending-uploads").glob("*.pdf"))


def test_an_unknown_collection_in_a_row_names_line_and_column(
    archive: Archive, desk: FlaskClient, make_pdf: Any
):
    pdf = make_pdf("A page.", name="a.pdf")
    manifest = "file,collection\na.pdf,Japan; social security agreements\n"
    page = text(send(desk, [("a.pdf", pdf.read_bytes())], manifest=manifest))
    assert "m.csv line 2, column &#39;collection&#39;: No collection" in page
    assert jobs.recent(archive) == []


def test_every_metadata_field_at_upload_for_one_file(
    archive: Archive, desk: FlaskClient, make_pdf: Any
):
    pdf = make_pdf("Social protection floor.", name="scan_0001.pdf")
    form = {
        "title": "Social protection floors in ASEAN",
        "type": "report",
        "date": "2018-04-12",
        "language": "en",
        "creators": "ILO; ASEAN Secretariat",
        "subjects": "social protection; floors",
        "description": "A regional overview.",
        "collection": "tokyo-2018",
        "access": "embargo",
        "embargo_until": "2030-01-01",
    }
    assert send(desk, [("scan_0001.pdf", pdf.read_bytes())], **form).status_code == 303
    drain(archive)
    [draft] = archive.drafts()
    doc = draft.document
    assert doc.title == form["title"] and doc.type == "report" and doc.date == "2018-04-12"
    assert doc.creators == ["ILO", "ASEAN Secretariat"]
    assert doc.subjects == ["social protection", "floors"]
    assert doc.description == "A regional overview." and doc.collection.slug == "tokyo-2018"
    assert (doc.access, doc.embargo_until) == ("embargo", "2030-01-01")


@pytest.mark.parametrize(
    ("files", "form", "message"),
    [
        (2, {"title": "One title"}, "describe one file"),
        (1, {"date": "soon"}, "The upload form: date &#39;soon&#39; is not YYYY"),
        (1, {"type": "memo"}, "unknown type &#39;memo&#39;"),
        (1, {"access": "embargo", "embargo_until": ""}, "Access: access must be"),
    ],
)
def test_bad_form_values_change_nothing_and_keep_the_files(
    archive: Archive,
    desk: FlaskClient,
    make_pdf: Any,
    files: int,
    form: dict[str, str],
    message: str,
):
    chosen = [
        (f"f{i}.pdf", make_pdf(f"Page {i}.", name=f"f{i}.pdf").read_bytes()) for i in range(files)
    ]
    response = send(desk, chosen, **form)
    page = text(response)
    assert response.status_code == 400 and message in page
    assert jobs.recent(archive) == []
    assert len(kept_tokens(page)) == files
    for key in ("title", "date"):  # what was typed stays on the form for the next try
        if key in form:
            assert f'value="{form[key]}"' in page
