"""What the archive's core says — why a query is refused, why a manifest row or an edit is not
saved, the login pause, why an upload was refused — reaches a reader or a librarian in their
language (``archive.messages``), while the API, the command line and the logs keep English."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import update

from archive import jobs
from archive.catalog import Job
from archive.collections import upsert_collection
from archive.config import Settings
from archive.errors import QueryError
from archive.messages import N_, Message
from archive.search import query as qm
from archive.service import Archive
from ingest.pipeline import Candidate, Pipeline
from ingest.worker import Worker
from tests.conftest import PdfMaker
from tests.factories import web_app
from tests.librarian import add_librarian, login, post, text
from tests.web_library import text_of

# -- the messages themselves ------------------------------------------------------------------


def test_a_message_is_english_until_the_web_translates_it() -> None:
    where = N_("%(name)s line %(line)s", name="m.csv", line=3)
    message = N_("%(where)s: empty 'file' cell", where=where)
    assert str(message) == "m.csv line 3: empty 'file' cell"
    thai = {
        "%(where)s: empty 'file' cell": "%(where)s: ช่องว่าง",
        "%(name)s line %(line)s": "%(name)s บรรทัด %(line)s",
    }
    assert message.translated(lambda t: thai.get(t, t)) == "m.csv บรรทัด 3: ช่องว่าง"
    assert Message.from_json(message.to_json()) == message  # as a job keeps it
    assert Message.from_json("an old free-text reason") is None


def test_errors_keep_the_english_sentence_for_the_command_line_and_logs() -> None:
    with pytest.raises(QueryError) as caught:
        qm.parse("year:[2010 2015]", qm.Limits())
    assert caught.value.message == "Write a range as [2010 TO 2015] (either end may be left out)."
    assert caught.value.msg.template == caught.value.message


# -- a reader's search -------------------------------------------------------------------------


@pytest.fixture
def reader(archive: Archive) -> FlaskClient:
    return web_app(archive).test_client()


def test_a_refused_query_says_why_in_thai(reader: FlaskClient) -> None:
    response = reader.get(
        "/search", query_string={"q": "year:[2010 2015]", "language": "", "lang": "th"}
    )
    assert response.status_code == 400
    shown = text_of(text(response))
    assert "เขียนช่วงในรูป [2010 TO 2015]" in shown
    assert "Write a range" not in shown


def test_a_refusal_with_values_keeps_them_in_the_translation(reader: FlaskClient) -> None:
    q = "year:[20x TO 2015]"
    page = text_of(text(reader.get("/search", query_string={"q": q, "language": "", "lang": "vi"})))
    assert "'20x' không phải là năm; hãy viết ví dụ year:[2010 TO 2015]." in page
    long = "pension " * 200
    indonesian = text_of(
        text(reader.get("/search", query_string={"q": long, "language": "", "lang": "id"}))
    )
    assert f"Kueri terlalu panjang ({len(long.strip())} karakter" in indonesian


def test_the_api_keeps_the_english_reason(reader: FlaskClient) -> None:
    response = reader.get(
        "/api/search", query_string={"q": "year:[2010 2015]"}, headers={"Accept-Language": "th"}
    )
    assert response.status_code == 400
    assert response.get_json()["message"].startswith("Write a range as [2010 TO 2015]")


def test_a_missing_document_is_named_in_burmese(reader: FlaskClient) -> None:
    page = text_of(text(reader.get("/documents/424242?lang=my")))
    assert "မှတ်တမ်းတိုက်တွင် စာတမ်း 424242 မရှိပါ။" in page


# -- the librarian's desk ----------------------------------------------------------------------


@pytest.fixture
def desk(archive: Archive) -> FlaskClient:
    add_librarian(archive)
    upsert_collection(archive, {"slug": "asean-2015", "title": "ASEAN 2015"}, actor="test")
    client = web_app(archive).test_client()
    assert login(client).status_code == 302
    return client


def choose(client: FlaskClient, code: str) -> None:
    assert client.get(f"/language?lang={code}").status_code == 303


def upload(client: FlaskClient, name: str, data: bytes, manifest: str | None = None) -> Any:
    form: dict[str, Any] = {"files": [(io.BytesIO(data), name)], "collection": ""}
    if manifest is not None:
        form["manifest"] = (io.BytesIO(manifest.encode()), "manifest.csv")
    return post(client, "/desk/upload", form)


def test_a_manifest_error_is_shown_in_indonesian(desk: FlaskClient, make_pdf: PdfMaker) -> None:
    choose(desk, "id")
    pdf = make_pdf("Social protection floors.")
    manifest = f"file,title,date\n{pdf.name},Floors,November 2015\n"
    response = upload(desk, pdf.name, pdf.read_bytes(), manifest)
    assert response.status_code == 400
    shown = text_of(text(response))
    assert "Tidak ada yang diunggah." in shown
    assert (
        "manifest.csv baris 2: tanggal 'November 2015' bukan YYYY, YYYY-MM, atau YYYY-MM-DD"
        in shown
    )
    assert "is not YYYY" not in shown


def test_a_refused_upload_is_explained_in_thai_and_an_old_reason_still_shows(
    archive: Archive, desk: FlaskClient
) -> None:
    upload(desk, "notes.pdf", b"These are not PDF bytes at all.")
    worker = Worker(archive)
    while worker.run_once():
        pass
    [job] = jobs.recent(archive)
    assert job.state == "refused" and job.message == "not a PDF (no %PDF- header)"  # English
    choose(desk, "th")
    page = text_of(text(desk.get("/desk/jobs")))
    assert "ถูกปฏิเสธเพราะ ไม่ใช่ PDF (ไม่มีส่วนหัว %PDF-)" in page
    assert desk.get("/desk/jobs.json").get_json()["jobs"][0]["message"] == job.message
    with archive.catalog.session() as session:  # a job refused before messages were kept
        session.execute(
            update(Job).values(metadata_={}, message="the parser crashed (exit code -9)")
        )
    assert "ถูกปฏิเสธเพราะ the parser crashed (exit code -9)" in text_of(text(desk.get("/desk/jobs")))


def ingested(archive: Archive, make_pdf: PdfMaker) -> int:
    pdf = make_pdf("Pensions.")
    outcome = Pipeline(archive, actor="alice").ingest_one(Candidate(pdf, {}, pdf.name))
    assert outcome.document_id is not None
    return outcome.document_id


def test_an_edit_refused_by_the_manifest_rules_is_explained_in_malay(
    archive: Archive, desk: FlaskClient, make_pdf: PdfMaker
) -> None:
    doc_id = ingested(archive, make_pdf)
    choose(desk, "ms")
    form = {"title": "Pensions", "type": "report", "date": "soon", "language": "en"}
    form |= {"creators": "", "subjects": "", "description": "", "collection_id": ""}
    response = post(desk, f"/desk/documents/{doc_id}/edit", form)
    assert response.status_code == 400
    assert "Tidak disimpan: tarikh 'soon' bukan YYYY, YYYY-MM atau YYYY-MM-DD" in text_of(
        text(response)
    )


def test_ocr_languages_are_named_in_khmer_on_the_desk(
    archive: Archive, desk: FlaskClient, make_pdf: PdfMaker
) -> None:
    doc_id = ingested(archive, make_pdf)
    page = text(desk.get(f"/desk/documents/{doc_id}?lang=km"))
    assert '<option value="tha">ថៃ (tha)</option>' in page
    assert '<option value="mya">ភូមា (mya)</option>' in page
    assert ">Thai (tha)<" not in page


def test_a_programme_error_is_explained_in_filipino(desk: FlaskClient, archive: Archive) -> None:
    [collection] = archive.collections()
    choose(desk, "fil")
    form = {"title": "ASEAN 2015", "programme": '{"days": [{"date": "3 Nov"}]}'}
    response = post(desk, f"/desk/collections/{collection.id}/edit", form)
    shown = text_of(text(response))
    assert "Ang programme.days[0].date ay dapat nasa anyong YYYY-MM-DD, hindi '3 Nov'" in shown


# -- the login pause ---------------------------------------------------------------------------


@pytest.fixture
def strict(settings: Settings) -> Iterator[Archive]:
    archive = Archive.open(settings.with_(login_max_failures=2, login_max_failures_per_address=9))
    add_librarian(archive)
    yield archive
    archive.close()


def test_the_login_pause_is_explained_in_vietnamese(strict: Archive) -> None:
    client = web_app(strict).test_client()
    choose(client, "vi")
    for _ in range(2):
        login(client, "alice", "wrong wrong wrong")
    response = login(client)
    assert response.status_code == 429
    shown = text_of(text(response))
    assert "Tài khoản này đã đăng nhập sai quá nhiều lần. Hãy thử lại sau" in shown
    assert "Too many failed logins" not in shown
    minutes = int(shown.split("khoảng ")[1].split(" phút")[0])
    assert 0 < minutes <= strict.settings.login_window_minutes
