"""The JSON API: search, the document list and one document, and its refusals."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from archive.service import Archive
from tests.factories import library_fixtures, web_app
from tests.web_library import (
    ASEAN,
    HOSTILE_TITLE,
    WITHDRAWN_REASON,
    Library,
)

BASE = "http://localhost"
HIT_KEYS = {
    "id",
    "sha256",
    "title",
    "type",
    "language",
    "date",
    "collection",
    "score",
    "url",
    "download_url",
    "pages",
}


library, app, client = library_fixtures("api")


def get_json(client: FlaskClient, url: str, status: int = 200, **kwargs: Any) -> Any:
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.status_code, response.text[:1000])
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    return response.get_json()


# -- search ----------------------------------------------------------------------------------------


def test_search_answers_the_documented_shape(client: FlaskClient, library: Library) -> None:
    data = get_json(client, "/api/search?q=pension")
    assert {"total", "page", "per_page", "hits", "facets", "suggestion"} <= set(data)
    assert (data["total"], data["page"], data["per_page"]) == (5, 1, 10)
    assert data["suggestion"] is None
    first = data["hits"][0]
    assert set(first) >= HIT_KEYS
    report = library.doc("report")
    assert first["id"] == report.id
    assert first["sha256"] == report.sha256
    assert first["title"] == "Social protection in ASEAN: the state of play"
    assert (first["type"], first["language"], first["date"]) == ("report", "en", "2015-11-25")
    assert first["collection"] == "asean-2015"
    assert isinstance(first["score"], float) and first["score"] > 0
    assert first["url"] == f"{BASE}/documents/{report.id}"
    assert first["download_url"] == f"{BASE}/documents/{report.id}/download"
    best = first["pages"][0]
    assert best["page"] == 2
    assert "<mark>Pension</mark> coverage remains low" in best["snippet"]
    assert best["url"] == f"{BASE}/documents/{report.id}/download?inline=1#page=2"


def test_search_facets_count_documents(client: FlaskClient) -> None:
    facets = get_json(client, "/api/search?q=pension")["facets"]
    assert set(facets) == {"type", "year", "lang", "collection"}
    assert {"value": "report", "count": 2} in facets["type"]
    assert {"value": "asean-2015", "count": 4} in facets["collection"]
    assert {"value": "th", "count": 1} in facets["lang"]


def test_search_filters_sorts_and_pages(client: FlaskClient) -> None:
    data = get_json(client, "/api/search?q=pension&type=report&sort=date")
    assert [h["title"] for h in data["hits"]] == [
        "Social protection in ASEAN: the state of play",
        "Labour migration in the Mekong",
    ]
    assert get_json(client, "/api/search?q=pension&year=2012")["total"] == 1
    assert get_json(client, "/api/search?q=pension&lang=vi")["hits"][0]["language"] == "vi"
    assert get_json(client, "/api/search?q=pension&collection=mekong-2012")["total"] == 1
    seen = set()
    for number in (1, 2, 3):
        data = get_json(client, f"/api/search?q=pension&per_page=2&page={number}")
        assert (data["page"], data["per_page"], data["total"]) == (number, 2, 5)
        seen |= {h["id"] for h in data["hits"]}
    assert len(seen) == 5


def test_search_suggests_only_real_words_that_find_something(client: FlaskClient) -> None:
    data = get_json(client, "/api/search?q=pensoin")
    assert (data["total"], data["suggestion"]) == (0, "pension")
    assert get_json(client, "/api/search?q=qzxwvkj")["suggestion"] is None


def test_search_never_returns_withdrawn_documents(client: FlaskClient) -> None:
    assert get_json(client, "/api/search?q=withdrawnword")["total"] == 0


def test_search_snippets_are_escaped_html(client: FlaskClient, library: Library) -> None:
    data = get_json(client, "/api/search?q=zebracrossing")
    hit = data["hits"][0]
    assert hit["title"] == HOSTILE_TITLE  # data, as stored: JSON is not HTML
    snippet = hit["pages"][0]["snippet"]
    assert "<script>" not in snippet
    assert snippet.startswith("&lt;script&gt;alert(&quot;page&quot;)&lt;/script&gt;")
    assert "<mark>zebracrossing</mark>" in snippet


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "Type some words"),
        ({"q": "   "}, "Type some words"),
        ({"q": "pension " * 12_500}, "too long"),
        ({"q": "pension", "page": str(10**9)}, "page must be a whole number from 1 to 200"),
        ({"q": "pension", "page": "-3"}, "page must be"),
        ({"q": "pension", "per_page": "-1"}, "per_page must be a whole number from 1 to 100"),
        ({"q": "pension", "per_page": "1e3"}, "per_page must be"),
        ({"q": "pension", "sort": "bogus"}, "sort must be one of relevance, date, title"),
        ({"q": "pen\x00sion"}, "NUL"),
        ({"q": "pension~"}, "Fuzzy search"),
        ({"q": "/pens.*/"}, "Regular expressions"),
        ({"q": "p*n"}, "trailing *"),
        ({"q": "pension", "year": "2015-11"}, "year must be"),
        ({"q": "pension", "type": "<b>"}, "type must be one of"),
        ({"q": "pension", "lang": "EN-gb"}, "lang must be"),
        ({"q": "pension", "collection": "a b"}, "collection must be"),
    ],
)
def test_bad_search_parameters_are_a_400_with_a_message(
    client: FlaskClient, query: dict[str, str], message: str
) -> None:
    data = get_json(client, "/api/search", 400, query_string=query)
    assert data["status"] == 400
    assert message in data["message"]
    assert data["error"]


def test_a_prefix_matching_too_many_words_is_a_400(library: Library) -> None:
    settings = library.archive.settings.with_(search_max_expansions=2)
    narrow = Archive.open(settings)
    try:
        client = web_app(narrow).test_client()
        data = get_json(client, "/api/search?q=p*", 400)
        assert "matches too many words" in data["message"]
    finally:
        narrow.close()


def test_ranges_outside_year_and_date_are_a_400(client: FlaskClient) -> None:
    twelve = "".join(f"[{letter} TO zzzz] " for letter in "abcdefghijkl")
    data = get_json(client, "/api/search", 400, query_string={"q": twelve})
    assert "only on year: and date:" in data["message"]


def test_a_search_past_its_budget_answers_503(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import itertools

    from archive.search import query as qm

    ticks = itertools.count()
    monkeypatch.setattr(qm, "_now", lambda: next(ticks))  # a second per look at the clock
    data = get_json(client, "/api/search?q=pension", 503)
    assert data["error"] == "Query too expensive"
    assert "try a narrower query" in data["message"]
    monkeypatch.undo()
    assert get_json(client, "/api/search?q=pension")["total"] > 0


def test_search_of_an_empty_archive_finds_nothing(archive: Archive) -> None:
    client = web_app(archive).test_client()
    data = get_json(client, "/api/search?q=pension")
    assert (data["total"], data["hits"]) == (0, [])


# -- documents -------------------------------------------------------------------------------------


def test_document_list_pages_through_published_documents(
    client: FlaskClient, library: Library
) -> None:
    data = get_json(client, "/api/documents")
    assert (data["total"], data["page"], data["per_page"]) == (6, 1, 50)
    ids = {d["id"] for d in data["documents"]}
    assert library.ids["withdrawn"] not in ids
    assert len(ids) == 6
    first = data["documents"][0]
    assert {"id", "sha256", "title", "pages", "size", "has_text", "status", "url"} <= set(first)
    pages = [get_json(client, f"/api/documents?per_page=4&page={n}") for n in (1, 2, 3)]
    assert [len(p["documents"]) for p in pages] == [4, 2, 0]
    assert {d["id"] for p in pages for d in p["documents"]} == ids


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=0", "page must be"),
        ("page=abc", "page must be"),
        (f"page={10**9}", "page must be"),
        ("per_page=-1", "per_page must be"),
        ("per_page=101", "per_page must be a whole number from 1 to 100"),
    ],
)
def test_document_list_refuses_bad_numbers(client: FlaskClient, query: str, message: str) -> None:
    data = get_json(client, f"/api/documents?{query}", 400)
    assert message in data["message"]


def test_one_document_has_its_metadata(client: FlaskClient, library: Library) -> None:
    report = library.doc("report")
    data = get_json(client, f"/api/documents/{report.id}")
    assert data["sha256"] == report.sha256
    assert (data["pages"], data["has_text"], data["status"]) == (3, True, "published")
    assert data["creators"] == ["International Labour Organization", "ASEAN Secretariat"]
    assert data["subjects"] == ["social protection", "pensions"]
    assert data["collection"] == "asean-2015"
    assert data["collection_title"] == ASEAN["title"]
    assert data["size"] == report.size
    assert data["url"] == f"{BASE}/documents/{report.id}"
    assert data["added_at"].endswith("+00:00")


def test_non_ascii_metadata_comes_back_intact(client: FlaskClient, library: Library) -> None:
    data = get_json(client, f"/api/documents/{library.ids['thai']}")
    assert data["title"] == "การคุ้มครองทางสังคมในประเทศไทย"
    assert data["language"] == "th"


def test_withdrawn_document_is_410_with_its_reason_and_no_text(
    client: FlaskClient, library: Library
) -> None:
    doc_id = library.ids["withdrawn"]
    response = client.get(f"/api/documents/{doc_id}")
    assert response.status_code == 410
    data = response.get_json()
    assert data["status"] == "withdrawn"
    assert data["reason"] == WITHDRAWN_REASON
    assert data["id"] == doc_id
    assert "withdrawnword" not in response.text
    assert "sha256" not in data and "download_url" not in data


@pytest.mark.parametrize("doc_id", ["424242", "9" * 30])
def test_unknown_document_is_a_json_404(client: FlaskClient, doc_id: str) -> None:
    data = get_json(client, f"/api/documents/{doc_id}", 404)
    assert data["status"] == 404


def test_unknown_api_path_is_a_json_404(client: FlaskClient) -> None:
    assert get_json(client, "/api/nothing-here", 404)["status"] == 404


def test_api_responses_carry_the_security_headers(client: FlaskClient) -> None:
    for url in (
        "/api/search?q=pension",
        "/api/search?page=x",
        "/api/documents",
        "/api/documents/1",
    ):
        response = client.get(url)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]
