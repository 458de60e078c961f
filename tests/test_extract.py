"""Extraction of real-world PDFs that pypdf alone misreads (issue #18).

Every file is built here, byte by byte (``tests.hostile``), after what 800 files of public
test corpora showed: empty XMP values, a number longer than pypdf's 64-byte token cap,
crypt filters that encrypt only attachments, damaged cross-reference tables, abbreviated
filter names, a page nobody can read, form field values and words glued together.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.catalog import Page
from archive.check import ERROR, run_checks
from archive.search import SearchRequest
from archive.service import Archive
from ingest.pipeline import ADDED, Outcome, Pipeline, candidates
from tests import hostile
from tests.factories import web_app
from tests.librarian import add_librarian, login, text

EMPTY_SPELLINGS = {"None", "[]", "{}", ""}


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "in" / f"{name}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def ingest(archive: Archive, *paths: Path) -> list[Outcome]:
    return Pipeline(archive).run(candidates(list(paths)))


def hits(archive: Archive, words: str) -> list[tuple[int, list[int]]]:
    """(document, matching pages) of every hit."""
    results = archive.search(SearchRequest(q=words))
    return [(hit.document.id, [p.page for p in hit.pages]) for hit in results.hits]


def pages_of(archive: Archive, doc_id: int) -> list[Page]:
    with archive.catalog.read() as session:
        return list(session.scalars(select(Page).where(Page.document_id == doc_id)))


def two_pages(first: bytes, second: bytes) -> dict[int, bytes]:
    """Objects of a two-page document whose pages show the given content streams."""
    objects = hostile.one_page(first)
    objects[2] = b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>"
    objects[6] = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 7 0 R >>"
    )
    objects[7] = second
    return objects


# -- 15: empty XMP values ----------------------------------------------------------------------

XMP_WITHOUT_TITLE = b"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:creator><rdf:Seq></rdf:Seq></dc:creator>
<dc:title><rdf:Alt></rdf:Alt></dc:title>
<pdf:Producer>A producer that writes empty properties</pdf:Producer>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def test_empty_xmp_values_are_absent_and_the_info_dictionary_gives_title_and_creators(
    archive: Archive, tmp_path: Path
) -> None:
    objects = hostile.one_page(
        hostile.stream(hostile.text_ops("Minimum wage councils in the region.")),
        catalog_extra=b"/Metadata 6 0 R ",
    )
    objects[6] = hostile.stream(XMP_WITHOUT_TITLE, b"/Type /Metadata /Subtype /XML ")
    objects[7] = b"<< /Title (Wage councils: a review) /Author (Regional Office) >>"
    path = write(tmp_path, "xmp", hostile.assemble(objects, trailer=b"/Info 7 0 R "))
    [outcome] = ingest(archive, path)
    assert outcome.status == ADDED
    doc = archive.document(outcome.document_id)
    assert doc.title == "Wage councils: a review"
    assert doc.creators == ["Regional Office"]
    for value in (doc.title, doc.date, doc.language, *doc.creators, *doc.subjects):
        assert value not in EMPTY_SPELLINGS


def test_a_pdf_with_only_empty_metadata_gets_a_title_from_its_text(
    archive: Archive, tmp_path: Path
) -> None:
    objects = hostile.one_page(
        hostile.stream(hostile.text_ops("Labour migration governance in ASEAN")),
        catalog_extra=b"/Metadata 6 0 R ",
    )
    objects[6] = hostile.stream(XMP_WITHOUT_TITLE, b"/Type /Metadata /Subtype /XML ")
    objects[7] = b"<< /Title () /Author null >>"
    path = write(tmp_path, "empty", hostile.assemble(objects, trailer=b"/Info 7 0 R "))
    [outcome] = ingest(archive, path)
    doc = archive.document(outcome.document_id)
    assert doc.title == "Labour migration governance in ASEAN"
    assert doc.creators == []


# -- 16: a legal number longer than pypdf's token cap ------------------------------------------


def test_a_number_longer_than_64_characters_costs_no_page_and_refuses_no_file(
    archive: Archive, tmp_path: Path
) -> None:
    long_number = b"0." + b"0" * 80 + b"1"
    first = b"BT /F1 12 Tf 72 720 Td %s 0 Td (Rounding tables of the actuarial annex) Tj ET" % (
        long_number
    )
    objects = two_pages(
        hostile.stream(first), hostile.stream(hostile.text_ops("Second page on pensions."))
    )
    [outcome] = ingest(archive, write(tmp_path, "long-number", hostile.assemble(objects)))
    assert outcome.status == ADDED, outcome.reason
    assert hits(archive, "actuarial annex") == [(outcome.document_id, [1])]
    assert hits(archive, "pensions") == [(outcome.document_id, [2])]
    assert [e for e in run_checks(archive) if e.kind == "unreadable-page"] == []


# -- 17: crypt filters that encrypt only attachments -------------------------------------------


def attachments_only_encrypted(text: str) -> bytes:
    """A document whose crypt filters encrypt only embedded files, under an unknown password."""
    objects = hostile.one_page(hostile.stream(hostile.text_ops(text)))
    objects[6] = (
        b"<< /Filter /Standard /V 4 /R 4 /Length 128 /P -4 "
        b"/CF << /StdCF << /CFM /AESV2 /AuthEvent /EFOpen /Length 16 >> >> "
        b"/StmF /Identity /StrF /Identity /EFF /StdCF "
        b"/O <%s> /U <%s> >>" % (os.urandom(32).hex().encode(), os.urandom(32).hex().encode())
    )
    file_id = b"<00112233445566778899aabbccddeeff>"
    return hostile.assemble(objects, trailer=b"/Encrypt 6 0 R /ID [%s %s] " % (file_id, file_id))


def test_a_pdf_encrypting_only_its_attachments_is_read(archive: Archive, tmp_path: Path) -> None:
    data = attachments_only_encrypted("Social security agreements between member states.")
    [outcome] = ingest(archive, write(tmp_path, "eff", data))
    assert outcome.status == ADDED, outcome.reason
    assert hits(archive, "social security agreements") == [(outcome.document_id, [1])]


# -- 18: damaged files and pages pypdf cannot read ---------------------------------------------


def abbreviated_filter(text: str, name: bytes) -> bytes:
    ops = hostile.text_ops(text)
    encoded = binascii.hexlify(ops) + b">" if name == b"/AHx" else base64.a85encode(ops) + b"~>"
    return hostile.stream(encoded, b"/Filter %s " % name)


def without_startxref(data: bytes) -> bytes:
    return data[: data.rfind(b"startxref")] + b"%%EOF\n"


@pytest.mark.parametrize(
    "name",
    ["abbreviated-filters", "no-startxref", "junk-before-header-and-bad-startxref"],
)
def test_damaged_files_poppler_reads_lose_no_page(
    name: str, archive: Archive, tmp_path: Path
) -> None:
    objects = two_pages(
        abbreviated_filter("Hexadecimal page on remittances.", b"/AHx"),
        abbreviated_filter("Ascii85 page on portability.", b"/A85"),
    )
    data = hostile.assemble(objects)
    if name == "no-startxref":
        data = without_startxref(data)
    elif name == "junk-before-header-and-bad-startxref":
        data = b"junk " * 100 + data[: data.rfind(b"startxref")] + b"startxref\n99\n%%EOF\n"
    [outcome] = ingest(archive, write(tmp_path, name, data))
    assert outcome.status == ADDED, outcome.reason
    assert hits(archive, "remittances") == [(outcome.document_id, [1])]
    assert hits(archive, "portability") == [(outcome.document_id, [2])]
    assert all(page.extraction != "unreadable" for page in pages_of(archive, outcome.document_id))
    assert [f for f in run_checks(archive) if f.level == ERROR] == []


def test_a_page_no_reader_can_read_is_recorded_checked_and_shown(
    archive: Archive, tmp_path: Path
) -> None:
    lost = hostile.stream(b"not a filter anyone knows", b"/Filter /NoSuchDecode ")
    objects = two_pages(hostile.stream(hostile.text_ops("A readable page on care work.")), lost)
    [outcome] = ingest(archive, write(tmp_path, "lost-page", hostile.assemble(objects)))
    assert outcome.status == ADDED, outcome.reason
    doc_id = outcome.document_id
    assert hits(archive, "care work") == [(doc_id, [1])]
    first, second = sorted(pages_of(archive, doc_id), key=lambda p: p.number)
    assert (first.extraction, second.extraction) == ("ok", "unreadable")
    assert "NoSuchDecode" in second.extraction_note

    [finding] = [f for f in run_checks(archive) if f.kind == "unreadable-page"]
    assert finding.document_id == doc_id and "page 2" in finding.message
    assert finding.level != ERROR  # the file and the catalog agree: nothing to repair

    client = web_app(archive).test_client()
    add_librarian(archive)
    login(client)
    page = text(client.get(f"/desk/documents/{doc_id}"))
    assert "Pages not read plainly" in page and "NoSuchDecode" in page


def test_the_stored_original_is_never_changed_by_a_repair(archive: Archive, tmp_path: Path) -> None:
    data = without_startxref(hostile.plain("A damaged file on occupational safety."))
    path = write(tmp_path, "damaged", data)
    [outcome] = ingest(archive, path)
    assert outcome.status == ADDED, outcome.reason
    doc = archive.document(outcome.document_id)
    assert archive.store.path_for(doc.sha256).read_bytes() == data == path.read_bytes()
    assert hits(archive, "occupational safety") == [(doc.id, [1])]


# -- 19: form field values ---------------------------------------------------------------------


def test_text_typed_into_form_fields_is_searchable_on_its_page(
    archive: Archive, tmp_path: Path
) -> None:
    objects = two_pages(
        hostile.stream(hostile.text_ops("Registration form, first page.")),
        hostile.stream(hostile.text_ops("Name of the delegation:")),
    )
    objects[6] = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 7 0 R /Annots [9 0 R] >>"
    )
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R /AcroForm 8 0 R >>"
    objects[8] = b"<< /Fields [9 0 R] >>"
    objects[9] = (
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (delegation) /Rect [72 600 400 620] "
        b"/V (Kingdom of Cambodia tripartite delegation) /P 6 0 R >>"
    )
    [outcome] = ingest(archive, write(tmp_path, "form", hostile.assemble(objects)))
    assert outcome.status == ADDED, outcome.reason
    assert hits(archive, "tripartite delegation") == [(outcome.document_id, [2])]


def test_the_corpus_form_keeps_the_names_typed_into_it(archive: Archive, corpus: Path) -> None:
    form = corpus / "012-libreoffice-form" / "libreoffice-form.pdf"
    [outcome] = ingest(archive, form)
    assert outcome.status == ADDED
    assert hits(archive, "Alice") == [(outcome.document_id, [1])]
    assert hits(archive, "Bob") == [(outcome.document_id, [1])]


# -- 20: words glued together ------------------------------------------------------------------

# A font whose space glyph is declared 1000 units wide: pypdf then takes the real gaps between
# glyph runs (a quarter of an em) for no space at all, and glues the words.
WIDE_SPACE_FONT = (
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
    b"/FirstChar 32 /LastChar 126 /Widths [1000" + b" 556" * 94 + b"] >>"
)


def glued_runs(words: list[str], y: int) -> bytes:
    runs = b" -250 ".join(b"(%s)" % w.encode() for w in words)
    return b"BT /F1 10 Tf 72 %d Td [%s] TJ ET\n" % (y, runs)


def test_words_pypdf_glues_together_are_found_one_by_one(archive: Archive, tmp_path: Path) -> None:
    lines = [
        "Orange Demo Inc. sells remittance services to migrant workers",
        "across the region and pays its agents by commission",
    ]
    content = b"".join(glued_runs(line.split(), 720 - 14 * i) for i, line in enumerate(lines))
    objects = hostile.one_page(hostile.stream(content))
    objects[5] = WIDE_SPACE_FONT
    [outcome] = ingest(archive, write(tmp_path, "glued", hostile.assemble(objects)))
    assert outcome.status == ADDED
    assert hits(archive, "remittance") == [(outcome.document_id, [1])]
    assert hits(archive, "Demo") == [(outcome.document_id, [1])]
    assert hits(archive, "commission") == [(outcome.document_id, [1])]


def test_scripts_written_without_spaces_are_not_read_twice(tmp_path: Path) -> None:
    """Thai runs are long 'words' by nature; they must not pass for glued Latin text."""
    from ingest.pdftext import GLUED_MEAN_LENGTH, glue_score

    thai = "แรงงานข้ามชาติในภูมิภาคอาเซียนได้รับความคุ้มครองทางสังคม " * 5
    assert glue_score(thai) <= GLUED_MEAN_LENGTH
    assert glue_score("OrangeDemoInc.sellsremittanceservicestomigrantworkers") > (GLUED_MEAN_LENGTH)
