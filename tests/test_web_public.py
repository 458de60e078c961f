"""The readers' pages: home, collections, search, document pages, downloads, tombstones."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from archive.catalog import DOCUMENT_TYPES
from archive.service import Archive
from archive.web.downloads import download_name
from tests.factories import library_fixtures, open_archive, web_app, write_pdf
from tests.web_library import (
    ASEAN,
    HOSTILE_TITLE,
    OLDER,
    WITHDRAWN_REASON,
    Library,
    hrefs,
    parse,
    stored_bytes,
    text_of,
)

ROOT = Path(__file__).resolve().parent.parent


library, app, client = library_fixtures("web")


def get(client: FlaskClient, url: str, **kwargs: Any) -> Any:
    """A response read in full and closed (file responses hold the file open until then)."""
    response = client.get(url, **kwargs)
    response.get_data()
    response.close()
    return response


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = get(client, url)
    assert response.status_code == status, (url, response.status_code, response.text[:2000])
    return response.text


def section_of(html: str, start: str, end: str | None = None) -> str:
    """The part of a page from ``start`` to ``end`` (or to the end)."""
    begin = html.index(start)
    return html[begin : html.index(end, begin) if end else len(html)]


def single_doc_app(tmp_path: Path, title: str = "A plain report") -> tuple[Flask, Archive, int]:
    """A fresh archive with one document (for tests that damage the store)."""
    from ingest.pipeline import Candidate, Pipeline

    archive = open_archive(tmp_path / "data", ingest_workers=1)
    pdf = write_pdf(tmp_path / "one.pdf", ("One page about pension reform.",))
    outcome = Pipeline(archive).run([Candidate(pdf, {"title": title}, "one.pdf")])[0]
    assert outcome.document_id is not None
    return web_app(archive), archive, outcome.document_id


# -- home and collections --------------------------------------------------------------------------


def test_home_shows_each_collection_newest_first_with_what_it_was(client: FlaskClient) -> None:
    html = page(client, "/")
    assert len(re.findall(r"<h1[ >]", html)) == 1
    text = text_of(html)
    assert text.index(ASEAN["title"]) < text.index(OLDER["title"])
    assert "25–26 November 2015" in text
    assert "10 May 2012" in text
    assert "Jakarta, Indonesia" in text and "Bangkok, Thailand" in text
    # the description keeps its paragraphs
    assert '<p class="description">Two days on extending social protection.</p>' in html
    assert "/collections/asean-2015" in hrefs(html)


def test_home_recommendations_block_links_them_with_their_description(
    client: FlaskClient, library: Library
) -> None:
    html = page(client, "/")
    block = section_of(html, 'id="rec-asean-2015"', "</section>")
    assert f'/documents/{library.ids["recommendations"]}"' in block
    assert "Conclusions and recommendations" in block
    assert "Twelve recommendations adopted by the participants." in block


def test_home_groups_documents_by_type_with_size_pages_language_and_download(
    client: FlaskClient, library: Library
) -> None:
    html = page(client, "/")
    asean = section_of(html, 'id="col-asean-2015"', 'id="col-mekong-2012"')
    headings = re.findall(r"<h4>([^<]+?) <span", asean)
    assert headings == ["Report", "Speech", "Presentation", "Recommendations"]
    assert headings == [t for t in DOCUMENT_TYPES.values() if t in headings]
    report = library.doc("report")
    item = section_of(asean, f'href="/documents/{report.id}"', "</li>")
    assert "3 pages" in item
    assert "English" in item
    assert f'href="/documents/{report.id}/download"' in item
    assert "KB" in item or "bytes" in item
    thai = section_of(asean, f'href="/documents/{library.ids["thai"]}"', "</li>")
    assert 'lang="th"' in thai and "ไทย" in thai  # the language's own name


def test_home_leaves_out_withdrawn_and_lists_documents_of_no_collection(
    client: FlaskClient, library: Library
) -> None:
    html = page(client, "/")
    assert "Draft agenda" not in html
    others = section_of(html, 'id="other-docs"')
    assert f'/documents/{library.ids["hostile"]}"' in others


def test_home_of_an_empty_archive_says_how_to_add_documents(archive: Archive) -> None:
    client = web_app(archive).test_client()
    text = text_of(page(client, "/"))
    assert "The archive is empty" in text
    assert "archive seed" in text and "archive ingest" in text
    assert re.search(r"\b0 documents, \d+ ms", text_of(page(client, "/search?q=pension")))


def test_collection_page_has_its_own_heading_and_search_box(client: FlaskClient) -> None:
    html = page(client, "/collections/mekong-2012")
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == [OLDER["title"]]
    assert "Labour migration in the Mekong" in html
    assert "Social protection in ASEAN" not in html
    assert '<input type="hidden" name="collection" value="mekong-2012">' in html
    assert '<label for="within-q">' in html


def test_unknown_collection_is_404(client: FlaskClient) -> None:
    assert "There is no collection" in page(client, "/collections/no-such-thing", 404)


# -- search ----------------------------------------------------------------------------------------


def test_search_result_shows_document_metadata_and_best_pages(
    client: FlaskClient, library: Library
) -> None:
    html = page(client, "/search?q=pension")
    report = library.ids["report"]
    result = section_of(html, f'href="/documents/{report}?q=pension"', "</ul>")
    assert "Social protection in ASEAN: the state of play" in result
    assert "Report" in result and "25 November 2015" in result
    assert ASEAN["title"] in result and "English" in result
    assert not re.search(r"relevance \d+\.\d\d", result)  # no raw score (issue #13)
    link = f"/documents/{report}/download?inline=1#page=2"
    assert link in hrefs(result)
    assert "p. 2" in text_of(result)
    assert "<mark>Pension</mark> coverage remains low" in result


def test_search_shows_count_and_time_and_never_withdrawn_documents(client: FlaskClient) -> None:
    text = text_of(page(client, "/search?q=pension"))
    assert re.search(r"\b5 documents, \d+ ms", text)
    assert "Draft agenda" not in text
    assert "0 documents" in text_of(page(client, "/search?q=withdrawnword"))


def test_search_result_titles_carry_their_language(client: FlaskClient, library: Library) -> None:
    html = page(client, "/search?q=thailand")
    link = f'<a href="/documents/{library.ids["thai"]}?q=thailand"><span lang="th">'
    assert link in html


def facet_links(html: str, name: str) -> dict[str, str]:
    """Facet option label -> link, for one facet."""
    block = section_of(html, f'id="facet-{name}"', "</section>")
    return {re.sub(r"\s*\(\d+\)", "", text).strip(): href for href, text in parse(block).links}


def test_facets_count_and_narrow_keeping_the_other_parameters(client: FlaskClient) -> None:
    html = page(client, "/search?q=pension&sort=date&per_page=5")
    block = section_of(html, 'id="facet-type"', "</section>")
    assert re.search(r"Report</span>\s*<span class=\"count\">\(2\)", block)
    report_link = facet_links(html, "type")["Report"]
    args = parse_qs(urlsplit(report_link).query)
    assert args == {"q": ["pension"], "sort": ["date"], "per_page": ["5"], "type": ["report"]}
    narrowed = page(client, report_link)
    assert re.search(r"\b2 documents,", text_of(narrowed))
    assert "Bảo trợ" not in narrowed
    # the active filter is shown with a link that removes it and keeps the rest
    active = section_of(narrowed, 'class="active-filters"', "</div>")
    assert "Type: Report" in text_of(active)
    remove = parse(active).links[0][0]
    assert parse_qs(urlsplit(remove).query) == {
        "q": ["pension"],
        "sort": ["date"],
        "per_page": ["5"],
    }


@pytest.mark.parametrize(
    ("facet", "label", "expected"),
    [
        ("lang", "Tiếng Việt", "Bảo trợ xã hội"),
        ("year", "2012", "Labour migration in the Mekong"),
        ("collection", OLDER["title"], "Labour migration in the Mekong"),
    ],
)
def test_each_facet_narrows_the_results(
    client: FlaskClient, facet: str, label: str, expected: str
) -> None:
    html = page(client, "/search?q=pension")
    narrowed = page(client, facet_links(html, facet)[label])
    assert re.search(r"\b1 document\b", text_of(narrowed))
    assert expected in text_of(narrowed)


def result_titles(html: str) -> list[str]:
    return [text_of(m) for m in re.findall(r'<h3 class="result-title">(.*?)</h3>', html)]


def test_sort_by_date_and_by_title(client: FlaskClient) -> None:
    by_date = result_titles(page(client, "/search?q=pension&sort=date"))
    assert by_date[0] in {"Conclusions and recommendations", "Bảo trợ xã hội ở Việt Nam: báo cáo"}
    assert by_date[-1] == "Labour migration in the Mekong"
    by_title = result_titles(page(client, "/search?q=pension&sort=title"))
    assert by_title[0] == "Bảo trợ xã hội ở Việt Nam: báo cáo"  # folded: "bao" sorts first
    assert by_title.index("Conclusions and recommendations") < by_title.index(
        "Social protection in ASEAN: the state of play"
    )
    html = page(client, "/search?q=pension&sort=title")
    assert 'aria-current="true" class="active" href="/search?q=pension&amp;sort=title"' in html
    assert "relevance " not in text_of(section_of(html, '<ol class="results"', "</ol>"))


def test_pagination_links_pages_and_marks_the_current_one(client: FlaskClient) -> None:
    first = page(client, "/search?q=pension&per_page=2")
    nav = section_of(first, 'class="pagination"', "</nav>")
    assert re.search(r'<a aria-current="page" href="[^"]*">.*?1</a>', nav)
    assert "/search?q=pension&amp;per_page=2&amp;page=3" in nav
    assert 'rel="next"' in nav and 'rel="prev"' not in nav
    assert len(result_titles(first)) == 2
    third = page(client, "/search?q=pension&per_page=2&page=3")
    nav = section_of(third, 'class="pagination"', "</nav>")
    assert 'rel="prev"' in nav and 'rel="next"' not in nav
    assert '<ol class="results" start="5">' in third
    assert set(result_titles(first)).isdisjoint(result_titles(third))


def test_a_page_past_the_last_says_so(client: FlaskClient) -> None:
    text = text_of(page(client, "/search?q=pension&page=50"))
    assert "There are no results on page 50" in text


def test_did_you_mean_offers_a_real_word_only_when_it_finds_something(
    client: FlaskClient,
) -> None:
    html = page(client, "/search?q=pensoin")
    assert "Did you mean" in html
    assert "/search?q=pension" in hrefs(html)
    assert "Did you mean" not in page(client, "/search?q=qzxwvkj")
    assert "Did you mean" not in page(client, "/search?q=pension")


def test_empty_search_shows_the_syntax_help_open(client: FlaskClient) -> None:
    html = page(client, "/search")
    assert '<details class="search-help" open>' in html
    text = text_of(html)
    for example in (
        '"social protection floor"',
        "pension OR gratuity",
        "pension -private",
        "protect*",
        "title:migration",
        "creator:ILO",
        "type:speech",
        "lang:vi",
        "year:[2010 TO 2015]",
        "date:[2015-11-01 TO 2015-11-30]",
        "collection:asean-2015",
    ):
        assert example in text
    assert '<details class="search-help">' in page(client, "/search?q=pension")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"q": "pension " * 12_500}, "too long"),
        ({"q": "pension", "page": str(10**9)}, "page must be a whole number from 1 to 200"),
        ({"q": "pension", "page": "0"}, "page must be"),
        ({"q": "pension", "page": "two"}, "page must be"),
        ({"q": "pension", "per_page": "-1"}, "per_page must be a whole number from 1 to 100"),
        ({"q": "pension", "per_page": "1000"}, "per_page must be"),
        ({"q": "pension", "sort": "bogus"}, "sort must be one of relevance, date, title"),
        ({"q": "pen\x00sion"}, "NUL"),
        ({"q": "pension~2"}, "Fuzzy search"),
        ({"q": "r'pens.*'"}, "Regular expressions"),
        ({"q": "pe?sion"}, "trailing *"),
        ({"q": "*sion"}, "cannot start with *"),
        ({"q": "(" * 20 + "pension" + ")" * 20}, "nested"),
        ({"q": "pension", "year": "last"}, "year must be a year of four digits"),
        ({"q": "pension", "year": "٢٠١٥"}, "year must be a year of four digits"),
        ({"q": "pension", "page": "١٢"}, "page must be a whole number"),
        ({"q": "pension", "per_page": "²"}, "per_page must be a whole number"),
        ({"q": "pension", "page": "9" * 40}, "page must be a whole number"),
        ({"q": "pension", "type": "novel"}, "type must be one of"),
        ({"q": "pension", "language": "english"}, "language must be"),
        ({"q": "pension", "collection": "../etc"}, "collection must be"),
    ],
)
def test_query_abuse_gets_a_clear_400_page(
    client: FlaskClient, query: dict[str, str], message: str
) -> None:
    response = get(client, "/search", query_string=query)
    assert response.status_code == 400
    assert message in text_of(response.text)
    assert 'role="alert"' in response.text
    assert '<input id="q" type="search" name="q"' in response.text  # the reader can try again


@pytest.mark.parametrize("digits", ["١", "²", "１", "١٢"])
def test_document_urls_take_ascii_digits_only(client: FlaskClient, digits: str) -> None:
    for path in ("/documents/{}", "/documents/{}/download", "/api/documents/{}"):
        url = path.format(digits)
        assert get(client, url).status_code == 404, url


@pytest.mark.parametrize("q", ["NOT NOT NOT social", "NOT NOT social", "social NOT NOT NOT"])
def test_runs_of_operators_get_a_plain_message_never_internal_text(
    client: FlaskClient, q: str
) -> None:
    response = get(client, "/search", query_string={"q": q})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        message = text_of(response.text)
        assert "check its AND, OR and NOT" in message
        assert "index" not in message and "Error" not in message
    api = get(client, "/api/search", query_string={"q": q})
    assert api.status_code == response.status_code
    if api.status_code == 400:
        assert api.json["message"].startswith("The query could not be understood; check")


def test_an_undated_document_has_no_year_facet_and_every_year_link_works(
    tmp_path: Path,
) -> None:
    from archive.config import Settings
    from ingest.pipeline import Candidate, Pipeline

    archive = Archive.open(Settings.from_env(env={}, data_dir=tmp_path / "data", ingest_workers=1))
    items = [
        Candidate(write_pdf(tmp_path / f"{n}.pdf", (f"Pension reform, {n}.",)), given, f"{n}.pdf")
        for n, given in (("a", {"title": "Dated", "date": "2015-11"}), ("b", {"title": "Undated"}))
    ]
    ids = [o.document_id for o in Pipeline(archive).run(items)]
    archive.edit(ids[1], {"date": None}, actor="test")
    archive.rebuild_index()  # both documents in one segment, as after a batch ingest
    client = web_app(archive).test_client()
    facets = get(client, "/api/search?q=pension").json["facets"]
    assert facets["year"] == [{"value": "2015", "count": 1}]
    html = page(client, "/search?q=pension")
    assert "2147483647" not in html
    year_links = [h for h in hrefs(html) if "year=" in h]
    assert year_links
    for link in year_links:
        assert get(client, link).status_code == 200, link
    archive.close()


@pytest.mark.parametrize("q", ['"social protection', 'pension"', "pension AND", "OR", "NOT", "()"])
def test_odd_queries_answer_without_error(client: FlaskClient, q: str) -> None:
    response = get(client, "/search", query_string={"q": q})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert 'role="alert"' in response.text


def test_unbalanced_quote_still_searches(client: FlaskClient) -> None:
    text = text_of(page(client, '/search?q="social protection'))
    assert "Social protection in ASEAN" in text


def test_a_prefix_matching_too_many_words_is_refused(tmp_path: Path, library: Library) -> None:
    settings = library.archive.settings.with_(search_max_expansions=2)
    narrow = Archive.open(settings)
    try:
        client = web_app(narrow).test_client()
        response = get(client, "/search?q=p*")
        assert response.status_code == 400
        assert "p* matches too many words (more than 2); add more letters." in response.text
        assert get(client, "/search?q=pensio*").status_code == 200
    finally:
        narrow.close()


# -- hostile text ----------------------------------------------------------------------------------


def assert_no_injected_markup(html: str) -> None:
    """Only the app's own scripts (external files; JSON-LD data blocks) and no inline style."""
    scripts = [a for tag, a in parse(html).elements if tag == "script"]
    assert all(
        a.get("src", "").startswith("/static/") or a == {"type": "application/ld+json"}
        for a in scripts
    ), scripts
    assert "<script>alert" not in html
    assert not [a for _, a in parse(html).elements if "style" in a]
    assert not re.search(r"\son[a-z]+=", html)


def test_hostile_title_and_page_text_show_as_text(client: FlaskClient, library: Library) -> None:
    hostile = library.ids["hostile"]
    for url in ("/", "/search?q=zebracrossing", f"/documents/{hostile}?q=zebracrossing"):
        html = page(client, url)
        assert_no_injected_markup(html)
        assert HOSTILE_TITLE in text_of(html), url
        assert "&lt;script&gt;alert(" in html
    search = page(client, "/search?q=zebracrossing")
    assert "&lt;script&gt;alert(&#34;page&#34;)&lt;/script&gt; <mark>zebracrossing</mark>" in (
        search.replace("&quot;", "&#34;")
    )


def test_hostile_title_in_the_search_box_is_escaped(client: FlaskClient) -> None:
    html = page(client, '/search?q="><script>alert(1)</script>', 200)
    assert_no_injected_markup(html)


# -- document pages --------------------------------------------------------------------------------


def test_document_page_shows_every_metadata_field(client: FlaskClient, library: Library) -> None:
    doc = library.doc("report")
    html = page(client, f"/documents/{doc.id}")
    assert len(re.findall(r"<h1[ >]", html)) == 1
    # Creators and subjects are links; their separators follow them directly.
    meta = text_of(section_of(html, 'class="metadata"', "</section>")).replace(" ;", ";")
    for expected in (
        "Social protection in ASEAN: the state of play",
        "International Labour Organization; ASEAN Secretariat",
        "25 November 2015",
        "Report",
        "English (en)",
        "social protection; pensions",
        f"{ASEAN['title']} (25–26 November 2015, Jakarta, Indonesia)",
        "3",
        f"{doc.size:,} bytes",
        doc.sha256,
        "UTC",
        f"http://localhost/documents/{doc.id}",
    ):
        assert expected in meta, expected
    assert "The background report of the seminar." in text_of(html)


def test_document_page_offers_download_and_open_in_browser_with_the_size(
    client: FlaskClient, library: Library
) -> None:
    doc = library.doc("report")
    links = dict((href, text) for href, text in parse(page(client, f"/documents/{doc.id}")).links)
    assert re.fullmatch(r"Download PDF \(\d+ (KB|bytes)\)", links[f"/documents/{doc.id}/download"])
    inline = links[f"/documents/{doc.id}/download?inline=1"]
    assert re.fullmatch(r"Open in browser \(\d+ (KB|bytes)\)", inline)


def test_document_page_lists_the_pages_matching_the_query(
    client: FlaskClient, library: Library
) -> None:
    doc_id = library.ids["report"]
    html = page(client, f"/documents/{doc_id}?q=pension")
    matches = section_of(html, 'class="matches"', "</section>")
    assert f"/documents/{doc_id}/download?inline=1#page=2" in hrefs(matches)
    assert "<mark>Pension</mark> coverage" in matches
    assert "/search?q=pension" in hrefs(matches)
    assert 'class="matches"' not in page(client, f"/documents/{doc_id}")
    assert "No page of this document matches" in page(
        client, f"/documents/{doc_id}?q=zebracrossing"
    )


def test_document_page_with_an_unusable_query_still_shows_the_document(
    client: FlaskClient, library: Library
) -> None:
    html = page(client, f"/documents/{library.ids['report']}?q=pension~3")
    assert "Fuzzy search" in html
    assert "About this document" in html


def test_document_page_still_shows_when_its_searches_run_out_of_time(
    client: FlaskClient, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import itertools

    from archive.search import query as qm
    from archive.search import whoosh_engine

    ticks = itertools.count()
    monkeypatch.setattr(qm, "_now", lambda: next(ticks) * 100)  # every look: past the budget
    monkeypatch.setattr(whoosh_engine, "SIMILAR_BUDGET_MS", 1)
    html = page(client, f"/documents/{library.ids['report']}?q=pension")
    assert "too expensive" in html and "narrower" in html
    assert "About this document" in html


def test_document_page_suggests_similar_documents_but_not_itself(
    client: FlaskClient, library: Library
) -> None:
    doc_id = library.ids["viet"]  # shares "social", "reform", "pension" with the report
    html = page(client, f"/documents/{doc_id}")
    similar = section_of(html, 'class="similar"', "</section>")
    targets = [h for h in hrefs(similar) if not h.endswith("/download")]
    assert f"/documents/{library.ids['report']}" in targets
    assert f"/documents/{doc_id}" not in targets
    assert f"/documents/{library.ids['withdrawn']}" not in targets


def test_document_page_offers_a_citation_to_copy_without_needing_scripts(
    client: FlaskClient, library: Library
) -> None:
    doc = library.doc("report")
    html = page(client, f"/documents/{doc.id}")
    citation = re.search(
        r"<textarea id=\"citation\"[^>]*readonly[^>]*>(.*?)</textarea>", html, re.S
    )
    assert citation is not None
    assert citation.group(1) == (
        "International Labour Organization; ASEAN Secretariat (2015). Social protection in "
        f"ASEAN: the state of play [Report]. {ASEAN['title']}, Jakarta, Indonesia. "
        f"http://localhost/documents/{doc.id}"
    )
    assert '<label for="citation"' in html
    assert '<script src="/static/copy.js" defer></script>' in html
    assert get(client, "/static/copy.js").status_code == 200


def test_document_title_in_another_language_is_marked(
    client: FlaskClient, library: Library
) -> None:
    html = page(client, f"/documents/{library.ids['thai']}")
    assert '<h1><span lang="th">การคุ้มครองทางสังคมในประเทศไทย</span></h1>' in html


@pytest.mark.parametrize("doc_id", ["999999", "9" * 30])
def test_unknown_document_is_404(client: FlaskClient, doc_id: str) -> None:
    for suffix in ("", "/download", "/download?inline=1"):
        response = get(client, f"/documents/{doc_id}{suffix}")
        assert response.status_code == 404


def test_withdrawn_document_is_a_410_tombstone_that_keeps_its_citation(
    client: FlaskClient, library: Library
) -> None:
    doc_id = library.ids["withdrawn"]
    html = page(client, f"/documents/{doc_id}", 410)
    text = text_of(html)
    assert "Draft agenda (superseded)" in text
    assert "withdrawn" in text and WITHDRAWN_REASON in text
    assert f"Draft agenda (superseded) (2015) [Other]. {ASEAN['title']}" in text
    assert f"http://localhost/documents/{doc_id}" in text
    assert not any("/download" in h for h in hrefs(html))
    assert "withdrawnword" not in html  # no text of the document


@pytest.mark.parametrize("suffix", ["/download", "/download?inline=1"])
def test_withdrawn_document_download_is_410(
    client: FlaskClient, library: Library, suffix: str
) -> None:
    response = get(client, f"/documents/{library.ids['withdrawn']}{suffix}")
    assert response.status_code == 410
    assert response.mimetype == "text/html"
    assert WITHDRAWN_REASON in response.text
    assert b"%PDF" not in response.data


# -- downloads -------------------------------------------------------------------------------------


def test_download_sends_the_stored_bytes_with_a_strong_sha256_etag(
    client: FlaskClient, library: Library
) -> None:
    doc = library.doc("report")
    response = get(client, f"/documents/{doc.id}/download")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data == stored_bytes(library.archive, doc.id)
    assert response.headers["ETag"] == f'"{doc.sha256}"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="2015-11-25 report - '
        'Social protection in ASEAN the state of play.pdf"'
    )


def test_inline_variant_opens_in_the_browser(client: FlaskClient, library: Library) -> None:
    response = get(client, f"/documents/{library.ids['report']}/download?inline=1")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("inline; filename=")


def test_conditional_get_answers_304(client: FlaskClient, library: Library) -> None:
    doc = library.doc("report")
    response = get(
        client, f"/documents/{doc.id}/download", headers={"If-None-Match": f'"{doc.sha256}"'}
    )
    assert response.status_code == 304
    assert response.data == b""
    other = get(client, f"/documents/{doc.id}/download", headers={"If-None-Match": '"nope"'})
    assert other.status_code == 200


def test_caches_must_revalidate_a_download_so_a_withdrawal_reaches_them(tmp_path: Path) -> None:
    app, archive, doc_id = single_doc_app(tmp_path)
    client = app.test_client()
    url = f"/documents/{doc_id}/download"
    first = get(client, url)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "no-cache"  # stored, but asked again before use
    etag = first.headers["ETag"]
    revalidated = get(client, url, headers={"If-None-Match": etag})
    assert revalidated.status_code == 304 and revalidated.headers["Cache-Control"] == "no-cache"
    archive.set_status(doc_id, withdrawn=True, reason="Superseded", actor="test")
    assert get(client, url, headers={"If-None-Match": etag}).status_code == 410


@pytest.mark.parametrize(
    ("header", "start", "end"), [("bytes=0-9", 0, 9), ("bytes=100-", 100, None)]
)
def test_byte_ranges_answer_206_with_the_right_bytes(
    client: FlaskClient, library: Library, header: str, start: int, end: int | None
) -> None:
    doc = library.doc("report")
    data = stored_bytes(library.archive, doc.id)
    last = len(data) - 1 if end is None else end
    response = get(client, f"/documents/{doc.id}/download?inline=1", headers={"Range": header})
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes {start}-{last}/{len(data)}"
    assert response.data == data[start : last + 1]


def test_unsatisfiable_range_is_416(client: FlaskClient, library: Library) -> None:
    doc = library.doc("report")
    response = get(client, f"/documents/{doc.id}/download", headers={"Range": "bytes=99999999-"})
    assert response.status_code == 416


@pytest.mark.parametrize("key", ["thai", "viet"])
def test_non_ascii_titles_download_under_an_rfc_5987_name(
    client: FlaskClient, library: Library, key: str
) -> None:
    doc = library.doc(key)
    disposition = get(client, f"/documents/{doc.id}/download").headers["Content-Disposition"]
    wanted = quote(download_name(doc), safe="!#$&+-.^_`|~")
    assert f"filename*=UTF-8''{wanted}" in disposition
    assert disposition.isascii()


@pytest.mark.parametrize(
    "title",
    [
        "../../etc/passwd",
        'a/b\\c:d*e?f"g<h>i|j',
        "line\nbreak\ttab\x00nul\x1b[31m",
        "evil\u202egpj.exe",
        "x" * 500,
        "...",
        "",
    ],
)
def test_download_names_are_safe(title: str) -> None:
    class Doc:
        id = 7
        date = None
        type = ""

    doc: Any = Doc()
    doc.title = title
    name = download_name(doc)
    assert name.endswith(".pdf")
    assert len(name) <= 104
    assert not set(name) & set('/\\:*?"<>|')
    assert name.isprintable()
    assert not name.startswith(".")
    if not title.strip(". "):
        assert name == "document-7.pdf"


def test_missing_store_file_is_an_integrity_page_and_is_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app, archive, doc_id = single_doc_app(tmp_path)
    doc = archive.document(doc_id)
    archive.store.path_for(doc.sha256).unlink()
    client = app.test_client()
    with caplog.at_level(logging.ERROR, logger="archive.web.public"):
        for suffix, headers in (("", {}), ("?inline=1", {"Range": "bytes=0-9"})):
            response = get(client, f"/documents/{doc_id}/download{suffix}", headers=headers)
            assert response.status_code == 503
            assert response.mimetype == "text/html"
            assert b"%PDF" not in response.data
            assert "is missing or does not match" in text_of(response.text)
            assert "ETag" not in response.headers
    assert any(doc.sha256 in r.getMessage() and "missing" in r.getMessage() for r in caplog.records)
    assert get(client, f"/documents/{doc_id}").status_code == 200  # the record stays readable
    archive.close()


def damage(path: Path, data: bytes) -> None:
    os.chmod(path, 0o644)
    path.write_bytes(data)


def test_corrupt_store_file_of_the_same_size_is_never_sent(tmp_path: Path) -> None:
    app, archive, doc_id = single_doc_app(tmp_path)
    path = archive.store.path_for(archive.document(doc_id).sha256)
    original = path.read_bytes()
    damage(path, original[:-10] + b"0123456789")
    response = get(app.test_client(), f"/documents/{doc_id}/download")
    assert response.status_code == 503
    assert b"0123456789" not in response.data
    archive.close()


def test_a_file_damaged_after_a_good_download_is_refused(tmp_path: Path) -> None:
    app, archive, doc_id = single_doc_app(tmp_path)
    client = app.test_client()
    assert get(client, f"/documents/{doc_id}/download").status_code == 200
    path = archive.store.path_for(archive.document(doc_id).sha256)
    original = path.read_bytes()
    damage(path, original[:100])  # truncated
    assert get(client, f"/documents/{doc_id}/download").status_code == 503
    damage(path, original)  # restored from a backup
    response = get(client, f"/documents/{doc_id}/download")
    assert response.status_code == 200 and response.data == original
    path.unlink()
    assert get(client, f"/documents/{doc_id}/download").status_code == 503
    archive.close()


# -- every response --------------------------------------------------------------------------------


def public_urls(library: Library) -> list[tuple[str, dict[str, str], int]]:
    ids = library.ids
    report = library.doc("report")
    return [
        ("/", {}, 200),
        ("/collections/asean-2015", {}, 200),
        ("/collections/nope", {}, 404),
        ("/search", {}, 200),
        ("/search?q=pension&type=report", {}, 200),
        ("/search?q=pension&page=0", {}, 400),
        (f"/documents/{ids['report']}?q=pension", {}, 200),
        (f"/documents/{ids['withdrawn']}", {}, 410),
        ("/documents/424242", {}, 404),
        (f"/documents/{ids['report']}/download", {}, 200),
        (f"/documents/{ids['report']}/download", {"Range": "bytes=0-3"}, 206),
        (f"/documents/{ids['report']}/download", {"If-None-Match": f'"{report.sha256}"'}, 304),
    ]


def test_security_headers_on_every_response(client: FlaskClient, library: Library) -> None:
    for url, headers, status in public_urls(library):
        response = get(client, url, headers=headers)
        assert response.status_code == status, url
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, url
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"], url
        if response.mimetype == "text/html":
            assert_no_injected_markup(response.text)
            assert response.text.count("<main") == 1, url
            assert "<header" in response.text and "<footer" in response.text, url


def test_every_input_has_a_label(client: FlaskClient, library: Library) -> None:
    for url in ("/", "/search", "/search?q=pension", f"/documents/{library.ids['report']}"):
        elements = parse(page(client, url)).elements
        labelled = {a.get("for") for tag, a in elements if tag == "label"}
        for tag, attrs in elements:
            if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
                assert attrs.get("id") in labelled, (url, attrs)


PUBLIC_TEMPLATES = [
    "home.html",
    "collection.html",
    "search.html",
    "document.html",
    "tombstone.html",
    "integrity.html",
    "_result.html",
    "_facets.html",
    "_pagination.html",
    "_search_help.html",
    "_collection.html",
    "_doc_item.html",
    "_citation.html",
]


@pytest.mark.parametrize("name", PUBLIC_TEMPLATES)
def test_templates_use_no_inline_script_or_style(name: str) -> None:
    source = (ROOT / "templates" / name).read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\ssrc=)", source)
    assert "style=" not in source and "<style" not in source
    assert not re.search(r"\son[a-z]+=", source)
    # the only markup trusted as HTML is the search snippets
    assert all(m == "p.snippet" for m in re.findall(r"\{\{\s*([\w.]+)\s*\|\s*safe", source))
