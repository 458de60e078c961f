"""The seminar as an event: its programme on the page, in the API and as schema.org data;
people and organisations as records with aliases, pages and merges (issue #17)."""

from __future__ import annotations

import copy
import csv
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from archive.catalog import Collection, Event, Person
from archive.collections import upsert_collection
from archive.errors import ArchiveError
from tests.factories import web_app
from tests.librarian import add_librarian, login, post, text
from tests.web_library import Library, build_library

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_docs"
ORGANISERS = ["International Labour Organization", "Ministry of Manpower"]
SPEAKER = {"name": "Ms Ada Example", "role": "Statistician", "affiliation": "ILO, Geneva"}
PROGRAMME = {
    "days": [
        {
            "date": "2015-11-25",
            "sessions": [
                {
                    "title": "Opening session",
                    "start": "09:00",
                    "chair": {"name": "Mr Chair Person"},
                    "contributions": [
                        {
                            "title": "The state of play in ASEAN",
                            "speakers": [SPEAKER],
                            "documents": ["report.pdf", "withdrawn.pdf"],
                        },
                        {
                            "title": "A talk in Thai",
                            "speakers": [{"role": "Representative of the ministry"}],
                            "documents": ["thai.pdf"],
                        },
                    ],
                }
            ],
        },
        {
            "date": "2015-11-26",
            "sessions": [
                {
                    "title": "Closing",
                    "contributions": [{"title": "Adoption", "documents": ["recommendations.pdf"]}],
                }
            ],
        },
    ]
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = build_library(tmp_path_factory.mktemp("event"))
    given = {"slug": "asean-2015", "programme": PROGRAMME, "organisers": ORGANISERS}
    upsert_collection(lib.archive, given, actor="t")
    add_librarian(lib.archive)
    yield lib
    lib.archive.close()


@pytest.fixture(scope="module")
def app(library: Library) -> Flask:
    return web_app(library.archive)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def desk(app: Flask) -> FlaskClient:
    browser = app.test_client()
    assert login(browser).status_code == 302
    return browser


def html_of(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, text(response)[:1000])
    return text(response)


def between(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin : html.index(end, begin + len(start))]


# -- the programme ----------------------------------------------------------------------------


def test_collection_page_shows_each_talk_with_its_speaker_and_its_documents(
    client: FlaskClient, library: Library
) -> None:
    html = html_of(client, "/collections/asean-2015")
    programme = between(html, 'id="programme-heading"', 'class="docs-heading"')
    talk = between(programme, "The state of play in ASEAN", "A talk in Thai")
    assert "Ms Ada Example" in talk and "Statistician" in talk and "ILO, Geneva" in talk
    assert f'href="/documents/{library.ids["report"]}"' in talk
    assert "recommendations" not in talk.lower()
    second = between(programme, "A talk in Thai", "Closing")
    assert f'href="/documents/{library.ids["thai"]}"' in second
    assert f'href="/documents/{library.ids["report"]}"' not in second
    assert "Chair:" in programme and "Mr Chair Person" in programme and "09:00" in programme
    # The withdrawn document it names is left out, not shown broken.
    assert f'/documents/{library.ids["withdrawn"]}"' not in programme
    # Days in order, then the documents by type as before.
    assert programme.index("25 November 2015") < programme.index("26 November 2015")
    assert 'class="docs-heading"' in html


def test_collection_without_programme_shows_none(client: FlaskClient) -> None:
    html = html_of(client, "/collections/mekong-2012")
    assert "programme-heading" not in html


def test_api_gives_the_collection_with_its_programme(client: FlaskClient, library: Library) -> None:
    response = client.get("/api/collections/asean-2015")
    assert response.status_code == 200
    data = response.get_json()
    assert data["slug"] == "asean-2015" and data["start_date"] == "2015-11-25"
    talk = data["programme"][0]["sessions"][0]["contributions"][0]
    assert talk["speakers"] == [SPEAKER]
    assert [d["id"] for d in talk["documents"]] == [library.ids["report"]]
    assert library.ids["withdrawn"] not in {d["id"] for d in data["documents"]}
    missing = client.get("/api/collections/no-such-event")
    assert missing.status_code == 404 and missing.get_json()["status"] == 404


def test_collection_page_describes_sessions_and_performers_as_schema_org(
    client: FlaskClient,
) -> None:
    html = html_of(client, "/collections/asean-2015")
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found
    data = json.loads(found.group(1))
    assert data["@type"] == "Event"
    opening = data["subEvent"][0]
    assert opening["name"] == "Opening session" and opening["startDate"] == "2015-11-25T09:00"
    talk = opening["subEvent"][0]
    assert talk["performer"][0]["name"] == "Ms Ada Example"
    assert talk["performer"][0]["affiliation"]["name"] == "ILO, Geneva"
    assert talk["startDate"] == "2015-11-25"  # no time given: none invented


BAD_PROGRAMMES = [
    ("{not json", "not valid JSON at line 1"),
    ('{"days": [{"sessions": []}]}', "programme.days[0].date is required"),
    ('{"days": [{"date": "25/11/2015"}]}', "programme.days[0].date must be YYYY-MM-DD"),
    (
        '{"days": [{"date": "2015-11-25", "sessions": [{"title": "S", "start": "9am"}]}]}',
        "programme.days[0].sessions[0].start must be HH:MM",
    ),
    (
        '{"days": [{"date": "2015-11-25", "sessions": [{"title": "S", "contributions": [{}]}]}]}',
        "programme.days[0].sessions[0].contributions[0].title is required",
    ),
    ('{"days": [], "extra": 1}', "unknown key 'extra'"),
    ('{"days": "monday"}', "programme.days must be a list"),
]


@pytest.mark.parametrize(("typed", "message"), BAD_PROGRAMMES)
def test_desk_refuses_a_bad_programme_saying_where_and_changes_nothing(
    desk: FlaskClient, library: Library, typed: str, message: str
) -> None:
    col_id = _collection_id(library, "asean-2015")
    url = f"/desk/collections/{col_id}/edit"
    response = post(desk, url, {"title": "Renamed", "programme": typed}, token_page=url)
    assert response.status_code == 400
    assert message in html.unescape(text(response))
    with library.archive.catalog.read() as session:
        col = session.get(Collection, col_id)
        assert col is not None and col.title == "ASEAN seminar on social protection"
        assert col.programme == PROGRAMME


def test_desk_edits_the_programme_as_json(desk: FlaskClient, library: Library) -> None:
    col_id = _collection_id(library, "mekong-2012")
    url = f"/desk/collections/{col_id}/edit"
    talk = {"title": "Migration talk", "speakers": [{"name": "Mr Mekong"}]}
    talk["documents"] = ["migration.pdf"]
    session = {"title": "Only session", "contributions": [talk]}
    edited = {"days": [{"date": "2012-05-10", "sessions": [session]}]}
    form = {"title": "Regional dialogue on labour migration", "programme": json.dumps(edited)}
    assert post(desk, url, form, token_page=url).status_code == 303
    page = html_of(desk, "/collections/mekong-2012")
    talk = between(page, "Migration talk", "</li>")
    assert "Mr Mekong" in talk and f'/documents/{library.ids["migration"]}"' in talk
    assert '"days"' in html.unescape(html_of(desk, url))  # shown again for the next edit


def _collection_id(library: Library, slug: str) -> int:
    with library.archive.catalog.read() as session:
        return session.scalar(select(Collection.id).where(Collection.slug == slug))


def test_sample_programme_is_valid_and_names_only_documents_of_the_seminar() -> None:
    from archive import programme

    record = json.loads((SAMPLE / "collection.json").read_text(encoding="utf-8"))
    checked = programme.validate(record["programme"])
    with (SAMPLE / "manifest.csv").open(encoding="utf-8") as fh:
        rows = {row["file"]: row for row in csv.DictReader(fh)}
    named = set()
    for day in checked["days"]:
        named |= set(day.get("documents", []))
        for session in day["sessions"]:
            named |= set(session.get("documents", []))
            for talk in session.get("contributions", []):
                named |= set(talk["documents"])
                decks = [
                    d for d in talk["documents"] if rows[d]["type"] in ("presentation", "speech")
                ]
                assert decks, talk["title"]
                assert all(rows[d]["date"] == day["date"] for d in decks)
                assert "start" not in talk and "start" not in session  # no times are given
    assert named == set(rows)  # every document placed, none invented
    speech = checked["days"][0]["sessions"][0]["contributions"][0]
    assert speech["speakers"][0]["name"] == "Ms Helena Marsh"


def test_programme_import_refuses_a_bad_one_and_keeps_the_collection(
    library: Library,
) -> None:
    bad = copy.deepcopy(PROGRAMME)
    bad["days"][0]["sessions"][0]["contributions"][0]["speakers"] = [{"affiliation": "ILO"}]
    with pytest.raises(ArchiveError, match=r"speakers\[0\] needs a name or a role"):
        upsert_collection(library.archive, {"slug": "asean-2015", "programme": bad}, actor="t")
    with library.archive.catalog.read() as session:
        col = session.scalar(select(Collection).where(Collection.slug == "asean-2015"))
        assert col is not None and col.programme == PROGRAMME


# -- the home page and polish -------------------------------------------------------------------


def test_home_introduces_each_event_with_dates_venue_organisers_and_cover(
    client: FlaskClient, library: Library
) -> None:
    home = html_of(client, "/")
    intro = between(home, 'id="col-asean-2015"', 'class="docs-heading"')
    assert "25–26 November 2015" in intro and "Jakarta, Indonesia" in intro
    assert "Organised by International Labour Organization; Ministry of Manpower" in intro
    assert f'src="/documents/{library.ids["report"]}/pages/1/small.png"' in intro
    assert "programme-heading" not in home  # the programme is on the event's own page


def test_counts_are_singular_for_one(client: FlaskClient, library: Library) -> None:
    home = html_of(client, "/")
    thai = between(home, f'/documents/{library.ids["thai"]}"', "</li>")
    assert "1 page " in thai or "1 page\n" in thai or "1 page<" in thai
    assert "1 pages" not in home


def test_a_favicon_is_linked_and_served(client: FlaskClient) -> None:
    home = html_of(client, "/")
    found = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', home)
    assert found
    response = client.get(found.group(1))
    body = response.get_data()
    response.close()  # a static file stays open until then
    assert response.status_code == 200 and b"<svg" in body


def test_styles_never_split_words_in_table_cells_and_put_results_first_on_phones(
    client: FlaskClient,
) -> None:
    response = client.get("/static/style.css")
    css = response.get_data(as_text=True)
    response.close()
    main_rule = re.search(r"\nmain \{[^}]*\}", css)
    assert main_rule and "anywhere" not in main_rule.group(0)
    assert re.search(r"th, td \{[^}]*overflow-wrap: normal", css)
    phone = between(css, "@media (max-width: 48rem)", "}\n}")
    assert ".results-area { order: -1; }" in phone


# -- people and organisations -----------------------------------------------------------------


def _person(library: Library, name: str) -> Person:
    with library.archive.catalog.read() as session:
        found = session.scalar(select(Person).where(Person.name == name))
    assert found is not None, name
    return found


def test_creators_become_records_with_a_page_of_their_documents(
    client: FlaskClient, library: Library
) -> None:
    ilo = _person(library, "International Labour Organization")
    html = html_of(client, f"/people/{ilo.slug}")
    assert "<h1>International Labour Organization</h1>" in html
    assert f'href="/documents/{library.ids["report"]}"' in html
    assert f'/documents/{library.ids["migration"]}"' not in html
    listing = html_of(client, "/people")
    assert f'href="/people/{ilo.slug}"' in listing and "ASEAN Secretariat" in listing


def test_creator_ilo_search_and_the_ilo_page_find_the_full_name(
    client: FlaskClient, library: Library
) -> None:
    hits = client.get("/api/search?q=creator:ILO").get_json()
    assert library.ids["report"] in {h["id"] for h in hits["hits"]}
    response = client.get("/people/by-name?name=ILO")
    assert response.status_code == 303
    html = html_of(client, response.headers["Location"])
    assert f'href="/documents/{library.ids["report"]}"' in html


def test_a_speaker_gets_a_page_listing_the_talks_they_gave(client: FlaskClient) -> None:
    html = html_of(client, "/collections/asean-2015")
    link = re.search(r'<a href="([^"]+)">Ms Ada Example</a>', html)
    assert link
    response = client.get(link.group(1))
    assert response.status_code == 303
    page = html_of(client, response.headers["Location"])
    assert "<h1>Ms Ada Example</h1>" in page and "ILO, Geneva" in page
    talks = between(page, "<h2>Talks</h2>", "<h2>Documents")
    assert "The state of play in ASEAN" in talks and "ASEAN seminar on social protection" in talks
    chair = html_of(client, client.get("/people/by-name?name=Mr Chair Person").location)
    assert "Opening session (chair)" in chair


def test_the_creator_facet_counts_a_record_once_whatever_name_credits_it(
    desk: FlaskClient, library: Library
) -> None:
    library.archive.edit(library.ids["thai"], {"creators": ["ILO"]}, actor="t")
    facet = between(
        html_of(desk, "/search?collection=asean-2015"), 'id="facet-creator"', "</section>"
    )
    count = r'International Labour Organization</span>\s*<span class="count">\((\d+)\)'
    found = re.search(count, facet)
    assert found and found.group(1) == "2", facet
    assert not re.search(r"<span>ILO</span>", facet)


def test_an_alias_added_on_the_desk_feeds_creator_search_browsing_and_the_page(
    desk: FlaskClient, library: Library
) -> None:
    alias = "Bureau international du Travail"
    report = library.ids["report"]
    assert report not in _hits(desk, q="creator:BIT")
    assert report not in _hits(desk, q="pension", creator=alias)
    ilo = _person(library, "International Labour Organization")
    form = {"name": ilo.name, "kind": "organisation", "aliases": f"ILO\nBIT\n{alias}",
            "affiliation": "", "identifiers": "ror: https://ror.org/03m8vkq32"}  # fmt: skip
    assert post(desk, f"/desk/people/{ilo.id}", form, token_page="/desk/people").status_code == 303
    assert report in _hits(desk, q="creator:BIT")
    assert report in _hits(desk, q="pension", creator=alias)
    browse = html_of(desk, f"/search?creator={alias}")
    assert re.search(rf'/documents/{report}[?"]', browse)
    page = html_of(desk, f"/people/{ilo.slug}")
    assert alias in page and "https://ror.org/03m8vkq32" in page
    assert desk.get(f"/people/by-name?name={alias}").status_code == 303
    with library.archive.catalog.read() as session:
        edits = list(session.scalars(select(Event).where(Event.action == "person-edit")))
    assert any(alias in json.dumps(e.details) for e in edits)


def _hits(client: FlaskClient, **params: str) -> set[int]:
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_json()
    return {h["id"] for h in response.get_json()["hits"]}


def test_desk_refuses_a_bad_identifier_and_changes_nothing(
    desk: FlaskClient, library: Library
) -> None:
    sec = _person(library, "ASEAN Secretariat")
    form = {"name": "Renamed", "kind": "organisation", "aliases": "", "affiliation": "",
            "identifiers": "shoe size: 42"}  # fmt: skip
    response = post(desk, f"/desk/people/{sec.id}", form, token_page="/desk/people")
    assert response.status_code == 400 and "unknown identifier" in text(response)
    assert _person(library, "ASEAN Secretariat").name == "ASEAN Secretariat"


def test_merging_two_records_keeps_both_in_the_history(
    desk: FlaskClient, client: FlaskClient, library: Library
) -> None:
    archive = library.archive
    archive.edit(library.ids["viet"], {"creators": ["ASEAN Sec."]}, actor="t")
    dup, sec = _person(library, "ASEAN Sec."), _person(library, "ASEAN Secretariat")
    form = {"source": str(dup.id), "into": str(sec.id)}
    assert post(desk, "/desk/people/merge", form, token_page="/desk/people").status_code == 303
    survivor = _person(library, "ASEAN Secretariat")
    assert "ASEAN Sec." in survivor.aliases
    assert _person(library, "ASEAN Sec.").merged_into_id == sec.id  # kept, not deleted
    moved = client.get(f"/people/{dup.slug}")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/people/{sec.slug}")
    page = html_of(client, f"/people/{sec.slug}")
    assert f'/documents/{library.ids["viet"]}"' in page  # credited by the merged name
    assert f'/documents/{library.ids["report"]}"' in page
    history = html_of(desk, "/desk/history")
    assert "person-merge" in history
    again = post(desk, "/desk/people/merge", form, token_page="/desk/people")
    assert again.status_code == 400 and "Not merged" in text(again)


# -- titles in several languages ----------------------------------------------------------------

THAI_TITLE = "การเสริมสร้างการคุ้มครองทางสังคมในประชาคมอาเซียน"
MANIFEST = (
    "file,title,type,language,collection,title_en,description_en\n"
    f"summary-th.pdf,{THAI_TITLE},other,th,,Enhancing social protection,Summary in Thai.\n"
)


def test_a_manifest_title_en_column_shows_the_english_title_with_the_original_beside(
    archive: Any, tmp_path: Path
) -> None:
    from archive.manifest import parse_manifest
    from archive.titles import display_title
    from ingest.pipeline import Candidate, Pipeline
    from tests.web_library import write_pdf

    given = parse_manifest(MANIFEST.splitlines(keepends=True), "m.csv")["summary-th.pdf"]
    pdf = write_pdf(tmp_path / "summary-th.pdf", ("Summary of the seminar.",))
    outcome = Pipeline(archive, actor="t").run([Candidate(pdf, given, "summary-th.pdf")])[0]
    assert outcome.document_id is not None
    doc = archive.document(outcome.document_id)
    assert display_title(doc, "en").title == "Enhancing social protection"
    assert display_title(doc, "en").original == THAI_TITLE
    assert (
        display_title(doc, "th").title == THAI_TITLE and display_title(doc, "th").original is None
    )
    assert display_title(doc, "fr").title == THAI_TITLE  # no French title: the original alone
    client = web_app(archive).test_client()
    page = html_of(client, f"/documents/{doc.id}")
    heading = between(page, "<h1>", "</h1>")
    assert '<span lang="en">Enhancing social protection</span>' in heading
    assert f'lang="th">{THAI_TITLE}</span>' in heading
    assert "Summary in Thai." in page
    home = html_of(client, "/")
    assert "Enhancing social protection" in home and THAI_TITLE in home


def test_a_title_column_in_an_unknown_form_is_not_a_translation() -> None:
    from archive.manifest import validate_row

    row = validate_row({"title": "T", "title_english": "x", "title_fr": "", "title_de": "D"}, "w")
    assert row["titles"] == {"de": {"title": "D"}}


def test_upgrading_makes_records_of_the_creator_strings_documents_carry(settings: Any) -> None:
    from alembic import command
    from sqlalchemy import create_engine, text

    from archive.migrate import alembic_config
    from archive.service import Archive

    settings.data_path.mkdir(parents=True)
    engine = create_engine(settings.effective_database_url)
    command.upgrade(alembic_config(engine), "0005_ocr")  # a catalog from before people records
    with engine.begin() as conn:
        for n, creators in enumerate(('["ILO", "Ministry of Manpower"]', '["ilo", "ILO "]')):
            conn.execute(
                text(
                    "INSERT INTO documents (sha256, title, creators, type, subjects, description,"
                    " original_filename, size, page_count, has_text, status, withdrawn_reason,"
                    " index_pending, added_at, updated_at) VALUES (:sha, 'T', :creators, 'other',"
                    " '[]', '', 'a.pdf', 1, 1, 1, 'published', '', 0, '2026-01-01 00:00:00',"
                    " '2026-01-01 00:00:00')"
                ),
                {"sha": f"{n:064d}", "creators": creators},
            )
    engine.dispose()
    archive = Archive.open(settings, prepare_index=False)
    try:
        with archive.catalog.read() as session:
            names = sorted(p.name for p in session.scalars(select(Person)))
        assert names == ["ILO", "Ministry of Manpower"]  # one record per name, however cased
        assert archive.person_slug("ilo") == "ilo"
    finally:
        archive.close()


@pytest.mark.parametrize(
    "name", ["50% Fund_x", "Bộ Lao động – Thương binh", 'The "Quoted" \\ Office']
)
def test_a_record_page_finds_documents_whatever_characters_the_name_holds(
    client: FlaskClient, library: Library, name: str
) -> None:
    library.archive.edit(library.ids["recommendations"], {"creators": [name]}, actor="t")
    slug = library.archive.person_slug(name)
    assert slug is not None
    page = html_of(client, f"/people/{slug}")
    assert f'/documents/{library.ids["recommendations"]}"' in page
    assert f'/documents/{library.ids["report"]}"' not in page


def test_the_api_gives_a_document_its_titles_in_other_languages(
    archive: Any, tmp_path: Path
) -> None:
    from archive.manifest import parse_manifest
    from ingest.pipeline import Candidate, Pipeline
    from tests.web_library import write_pdf

    given = parse_manifest(MANIFEST.splitlines(keepends=True), "m.csv")["summary-th.pdf"]
    pdf = write_pdf(tmp_path / "summary-th.pdf", ("Summary of the seminar.",))
    doc_id = (
        Pipeline(archive, actor="t").run([Candidate(pdf, given, "summary-th.pdf")])[0].document_id
    )
    data = web_app(archive).test_client().get(f"/api/documents/{doc_id}").get_json()
    assert data["title"] == THAI_TITLE
    assert data["titles"] == {
        "en": {"title": "Enhancing social protection", "description": "Summary in Thai."}
    }
