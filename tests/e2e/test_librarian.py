"""Journey 3: a librarian logs in, uploads two PDFs with a manifest, watches them being added,
publishes the drafts, finds them, corrects a title, withdraws and restores a document,
replaces a file with a corrected version, makes a document metadata-only, and logs out."""

from __future__ import annotations

import csv
import re
import uuid
from pathlib import Path

import pytest

from tests.e2e.conftest import LIBRARIAN, Server
from tests.e2e.harness import (
    COLLECTION,
    Page,
    assert_accessible,
    documents,
    expect,
    log_in,
    make_pdf,
    shot,
)

pytestmark = pytest.mark.e2e

INGEST_TIMEOUT_MS = 90_000


def unique_word(prefix: str) -> str:
    """A made-up word no sample document holds (letters only, so it is one token)."""
    return prefix + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:8])


def build_upload(folder: Path, words: tuple[str, str]) -> tuple[list[Path], Path, list[str]]:
    """Two PDFs, each with its own unique word on page 2, and a manifest naming both."""
    first, second = words
    titles = [f"Working group minutes on {first}", f"Country brief on {second}"]
    pdfs = [
        make_pdf(
            folder / "minutes.pdf",
            "Minutes of the working group on social protection.",
            f"The group discussed the {first} scheme for informal workers at length.",
        ),
        make_pdf(
            folder / "brief.pdf",
            "Country brief prepared for the tripartite seminar.",
            f"Coverage under the {second} programme rose among migrant workers.",
        ),
    ]
    manifest = folder / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "title", "type", "date", "language", "creators", "collection"])
        writer.writerow(
            ["minutes.pdf", titles[0], "other", "2016-03-01", "en", "Libby", COLLECTION]
        )
        writer.writerow(["brief.pdf", titles[1], "report", "2016-04", "en", "Libby", COLLECTION])
    return pdfs, manifest, titles


def search_for(page: Page, query: str) -> None:
    """Search from the header's search box."""
    box = page.get_by_role("searchbox", name="Search the archive")
    box.fill(query)
    box.press("Enter")
    expect(page.get_by_role("heading", name="Search results", level=1)).to_be_visible()


def job_row(page: Page, filename: str) -> object:
    """The jobs table's row of an uploaded file."""
    return page.get_by_role("row").filter(has=page.get_by_role("cell", name=filename, exact=True))


def wait_for_version(page: Page, path: str, reason: str) -> None:
    """Reload a document's desk page until the worker has made the corrected file version 2."""
    row = page.locator("table.versions").get_by_role("row").filter(has_text=reason)
    for _ in range(INGEST_TIMEOUT_MS // 1000):
        page.goto(path)
        if row.count():
            break
        page.wait_for_timeout(1000)
    expect(row).to_contain_text("2 (current)")


def test_librarian_journey(page: Page, server: Server, tmp_path: Path) -> None:
    name, password = LIBRARIAN
    words = (unique_word("zq"), unique_word("zx"))
    pdfs, manifest, titles = build_upload(tmp_path, words)

    # the desk asks for a login first
    page.goto("/desk")
    expect(page).to_have_url(re.compile(r"/login\?next=/desk"))
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    shot(page, "librarian", "01-login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Librarian desk")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    shot(page, "librarian", "02-desk")

    # upload two PDFs and a manifest, then watch the jobs page (it refreshes itself)
    page.get_by_label("PDF files").set_input_files(pdfs)
    page.get_by_label("Manifest").set_input_files(manifest)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="Uploads", level=1)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Received 2 files"))).to_be_visible()
    expect(page.get_by_text("this page updates itself")).to_be_visible()
    shot(page, "librarian", "03-received")
    assert_accessible(page)  # while it updates itself: no timed reload (axe: meta-refresh)
    doc_ids = []
    for pdf in pdfs:
        state = job_row(page, pdf.name).get_by_role("cell").last
        expect(state).to_contain_text("added as document", timeout=INGEST_TIMEOUT_MS)
        doc_ids.append(int(re.search(r"document (\d+)", state.inner_text()).group(1)))
    expect(page.get_by_role("status").filter(has_text="finished")).to_have_text(
        "All uploads are finished."
    )
    shot(page, "librarian", "04-jobs-added")

    # web uploads are drafts: review them on the drafts page and publish both at once
    page.get_by_role("link", name="Drafts").click()
    expect(page.get_by_role("heading", name="Drafts", level=1)).to_be_visible()
    for title in titles:
        page.get_by_role("checkbox", name=f"Publish {title}").check()
    page.get_by_role("button", name="Publish the chosen drafts").click()
    expect(page.get_by_text(re.compile(r"Published 2"))).to_be_visible()

    # each new document is found by the word on its second page, under its manifest title
    for word, title in zip(words, titles, strict=True):
        search_for(page, word)
        expect(page.get_by_role("status").filter(has_text="document")).to_contain_text(documents(1))
        hit = page.get_by_role("listitem").filter(
            has=page.get_by_role("link", name=title, exact=True)
        )
        expect(hit).to_have_count(1)
        expect(hit.get_by_role("link", name=re.compile(r"^p\. 2\b"))).to_be_visible()
        expect(hit.locator("mark")).to_have_text([word])
    shot(page, "librarian", "05-found")

    # correct the first title: the search shows the new one
    first_id, new_title = doc_ids[0], f"Minutes of the {words[0]} working group, March 2016"
    page.goto(f"/desk/documents/{first_id}")
    page.get_by_role("link", name="Edit metadata").click()
    page.get_by_label("Title").fill(new_title)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved: title changed.")).to_be_visible()
    expect(page.get_by_role("heading", name=new_title, level=1)).to_be_visible()
    shot(page, "librarian", "06-edited")
    search_for(page, words[0])
    expect(page.get_by_role("link", name=new_title, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=titles[0], exact=True)).to_have_count(0)
    shot(page, "librarian", "07-new-title-in-search")

    # withdraw it: search no longer finds it, its URL shows the tombstone (410)
    reason = "Superseded by the final minutes"
    page.goto(f"/desk/documents/{first_id}")
    page.get_by_label("Reason for withdrawal").fill(reason)
    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_role("status").filter(has_text="Withdrawn:")).to_be_visible()
    expect(page.get_by_text(reason).first).to_be_visible()
    shot(page, "librarian", "08-withdrawn")
    search_for(page, words[0])
    expect(page.get_by_role("status").filter(has_text="document")).to_contain_text(documents(0))
    expect(page.get_by_role("link", name=new_title, exact=True)).to_have_count(0)
    response = page.goto(f"/documents/{first_id}")
    assert response is not None and response.status == 410
    expect(page.get_by_text("Withdrawn document")).to_be_visible()
    expect(page.get_by_role("heading", name=new_title, level=1)).to_be_visible()
    expect(page.get_by_text(reason)).to_be_visible()
    shot(page, "librarian", "09-tombstone")
    assert_accessible(page)

    # restore it: found again
    page.goto(f"/desk/documents/{first_id}")
    page.get_by_role("button", name="Restore").click()
    expect(page.get_by_role("status").filter(has_text="Restored:")).to_be_visible()
    search_for(page, words[0])
    expect(page.get_by_role("link", name=new_title, exact=True)).to_be_visible()
    response = page.goto(f"/documents/{first_id}")
    assert response is not None and response.status == 200
    shot(page, "librarian", "10-restored")

    # replace the second document's file with a corrected version: both versions are listed,
    # and search follows the latest file
    second, corrected_word = doc_ids[1], unique_word("zv")
    corrected = make_pdf(
        tmp_path / "brief-corrected.pdf",
        "Country brief prepared for the tripartite seminar (corrected).",
        f"Coverage under the {corrected_word} programme rose among migrant workers.",
    )
    page.goto(f"/desk/documents/{second}")
    page.get_by_label("Corrected file (PDF)").set_input_files(corrected)
    page.get_by_label("Why it replaces the current file").fill("Figures on page 2 corrected")
    page.get_by_role("button", name="Replace the file").click()
    expect(page.get_by_text("Received the corrected file")).to_be_visible()
    wait_for_version(page, f"/desk/documents/{second}", "Figures on page 2 corrected")
    shot(page, "librarian", "10a-versions")
    search_for(page, corrected_word)
    expect(page.get_by_role("link", name=titles[1], exact=True)).to_be_visible()

    # metadata only: readers keep the record but not the file (checked after logging out)
    page.goto(f"/desk/documents/{second}")
    page.get_by_role("radio", name="Metadata only").check()
    page.get_by_role("button", name="Change access").click()
    expect(page.get_by_text("Access is now metadata")).to_be_visible()
    shot(page, "librarian", "10b-metadata-only")

    # log out: the desk pages ask for a login again
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    shot(page, "librarian", "11-logged-out")
    for path in ("/desk", "/desk/jobs", f"/desk/documents/{first_id}/edit"):
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/login\?next="))
        expect(page.get_by_label("Password")).to_be_visible()

    # a reader sees the metadata-only document's record, and how to ask for its file
    response = page.goto(f"/documents/{second}")
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", name=titles[1], level=1)).to_be_visible()
    expect(page.get_by_text(re.compile("not public"))).to_be_visible()
    response = page.goto(f"/documents/{second}/download")
    assert response is not None and response.status == 403
    search_for(page, corrected_word)  # its words never reach a reader
    expect(page.get_by_role("link", name=titles[1], exact=True)).to_have_count(0)


def test_jobs_page_updates_itself_without_scripts(
    browser: object, server: Server, tmp_path: Path
) -> None:
    """With scripts off, the jobs page still comes up to date (a <noscript> meta refresh)."""
    from tests.e2e.conftest import new_page

    page = new_page(browser, server, java_script_enabled=False)
    try:
        word = unique_word("zn")
        pdf = make_pdf(tmp_path / "noscript.pdf", f"Uploaded with scripts off: {word}.")
        log_in(page, *LIBRARIAN)
        page.get_by_label("PDF files").set_input_files(pdf)
        page.get_by_role("button", name="Upload").click()
        expect(page.get_by_text("this page updates itself")).to_be_visible()
        state = job_row(page, pdf.name).get_by_role("cell").last
        expect(state).to_contain_text("added as document", timeout=INGEST_TIMEOUT_MS)
        shot(page, "librarian", "12-jobs-without-scripts")
    finally:
        page.context.close()
