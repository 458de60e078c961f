"""The ingest pipeline: every file ends added, duplicate or refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfWriter
from sqlalchemy import func, select

from archive.catalog import Document, Event, Page
from archive.collections import upsert_collection
from archive.search import SearchRequest
from archive.service import Archive
from ingest.metadata import ManifestError, read_manifest
from ingest.pipeline import Pipeline, candidates
from tests.conftest import PdfMaker


def ingest(archive: Archive, *paths: Path, **kwargs: object) -> list:
    return Pipeline(archive).run(candidates(list(paths), **kwargs))  # type: ignore[arg-type]


def counts(archive: Archive) -> tuple[int, int, int]:
    with archive.catalog.read() as session:
        docs = session.scalar(select(func.count()).select_from(Document))
    return docs, len(list(archive.store.all_digests())), len(archive.index.indexed_pages())


def encrypt(source: Path, target: Path, *, user: str, owner: str) -> Path:
    writer = PdfWriter(clone_from=str(source))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-256")
    with open(target, "wb") as fh:
        writer.write(fh)
    return target


def test_pages_are_kept_one_by_one_and_found_by_page(archive: Archive, make_pdf: PdfMaker) -> None:
    pdf = make_pdf(
        "Income security for children.",
        "Portability of pension rights.",
        "Health insurance for informal workers.",
        title="Three pages",
    )
    [outcome] = ingest(archive, pdf)
    assert outcome.status == "added"
    doc = archive.document(outcome.document_id, with_pages=True)
    assert doc.page_count == 3 and doc.has_text
    assert "Portability" in doc.pages[1].text
    assert doc.sha256 == __import__("hashlib").sha256(pdf.read_bytes()).hexdigest()
    assert archive.store.path_for(doc.sha256).read_bytes() == pdf.read_bytes()
    results = archive.search(SearchRequest(q="portability"))
    assert [p.page for p in results.hits[0].pages] == [2]
    assert counts(archive) == (1, 1, 1)


def test_duplicates_are_reported_with_the_document_they_duplicate(
    archive: Archive, make_pdf: PdfMaker, tmp_path: Path
) -> None:
    pdf = make_pdf("Labour migration in ASEAN.", title="Migration")
    copy = tmp_path / "copy-of-it.pdf"
    copy.write_bytes(pdf.read_bytes())
    first, second = ingest(archive, pdf, copy)
    assert (first.status, second.status) == ("added", "duplicate")
    assert second.duplicate_of == first.document_id
    [again] = ingest(archive, pdf)
    assert again.status == "duplicate" and again.duplicate_of == first.document_id
    assert counts(archive) == (1, 1, 1)


def test_refusals_change_nothing_and_say_why(
    archive: Archive, make_pdf: PdfMaker, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    text = tmp_path / "notes.pdf"
    text.write_text("just some notes, not a PDF at all")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    locked = encrypt(make_pdf("secret text"), tmp_path / "locked.pdf", user="u", owner="o")
    outcomes = ingest(archive, empty, text, broken, locked)
    reasons = {Path(o.path).name: o.reason for o in outcomes}
    assert all(o.status == "refused" for o in outcomes)
    assert reasons["empty.pdf"] == "the file is empty"
    assert "not a PDF" in reasons["notes.pdf"]
    assert "encrypted with a user password" in reasons["locked.pdf"]
    assert reasons["broken.pdf"]
    assert counts(archive) == (0, 0, 0)
    assert not list((archive.settings.store_path).rglob(".tmp-*"))


def test_owner_password_only_pdf_is_ingested_with_its_text(
    archive: Archive, make_pdf: PdfMaker, tmp_path: Path
) -> None:
    protected = encrypt(
        make_pdf("Official report on social protection floors."),
        tmp_path / "owner-only.pdf",
        user="",
        owner="secret",
    )
    [outcome] = ingest(archive, protected)
    assert outcome.status == "added", outcome.reason
    assert archive.search(SearchRequest(q="floors")).total == 1


def test_a_scan_without_text_is_ingested_and_flagged(archive: Archive, tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    [outcome] = ingest(archive, path)
    assert outcome.status == "added"
    assert archive.document(outcome.document_id).has_text is False


def test_manifest_metadata_wins_over_the_pdf(
    archive: Archive, make_pdf: PdfMaker, tmp_path: Path
) -> None:
    upsert_collection(archive, {"slug": "jakarta-2015", "title": "Seminar"}, actor="test")
    pdf = make_pdf(
        "Opening remarks on the ASEAN Community.", name="speech.pdf", title="Untitled draft"
    )
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file,title,type,date,language,creators,subjects,collection\n"
        "speech.pdf,Opening speech,speech,2015-11-25,en,ILO; Ministry of Manpower,"
        "social protection; ASEAN,jakarta-2015\n",
        encoding="utf-8",
    )
    [outcome] = ingest(archive, pdf, manifest=read_manifest(manifest), manifest_base=tmp_path)
    doc = archive.document(outcome.document_id)
    assert (doc.title, doc.type, doc.date, doc.language) == (
        "Opening speech",
        "speech",
        "2015-11-25",
        "en",
    )
    assert doc.creators == ["ILO", "Ministry of Manpower"]
    assert doc.subjects == ["social protection", "ASEAN"]
    assert doc.collection.slug == "jakarta-2015"


def test_pdf_metadata_and_detected_language_fill_gaps(archive: Archive, make_pdf: PdfMaker) -> None:
    pdf = make_pdf(
        "Pemerintah Indonesia melalui Kementerian Ketenagakerjaan menyelenggarakan "
        "seminar tentang perlindungan sosial. Karena itu, para peserta membahas "
        "jaminan kesehatan nasional dan perlindungan bagi pekerja migran.",
        title="Siaran pers",
        author="Kementerian Ketenagakerjaan",
    )
    [outcome] = ingest(archive, pdf)
    doc = archive.document(outcome.document_id)
    assert doc.title == "Siaran pers"
    assert doc.creators == ["Kementerian Ketenagakerjaan"]
    assert doc.language == "id"


def test_a_bad_manifest_is_refused_before_anything_happens(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,type,date\na.pdf,novel,2015\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="line 2: unknown type 'novel'"):
        read_manifest(manifest)
    manifest.write_text("file,type,date\na.pdf,report,25/11/2015\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="date"):
        read_manifest(manifest)


def test_every_ingest_is_recorded_in_the_history(archive: Archive, make_pdf: PdfMaker) -> None:
    [outcome] = ingest(archive, make_pdf("A page"))
    with archive.catalog.read() as session:
        events = session.scalars(select(Event).where(Event.document_id == outcome.document_id))
        assert [e.action for e in events] == ["ingest"]
        assert session.scalar(select(func.count()).select_from(Page)) == 1


def test_folders_are_walked_recursively(
    archive: Archive, make_pdf: PdfMaker, tmp_path: Path
) -> None:
    make_pdf("first", name="batch/a/one.pdf")
    make_pdf("second", name="batch/b/c/two.pdf")
    (tmp_path / "batch" / "readme.txt").write_text("not picked up: not a .pdf name")
    outcomes = ingest(archive, tmp_path / "batch")
    assert sorted(Path(o.path).name for o in outcomes) == ["one.pdf", "two.pdf"]
    assert all(o.status == "added" for o in outcomes)
