"""Being found, cited and downloaded in bulk: Scholar and Dublin Core meta tags, JSON-LD,
Signposting, sitemap and robots.txt, Atom feeds, BibTeX/RIS/CSL-JSON read back by their own
parsers, formatted references, and streamed ZIPs. A withdrawn document is in none of them.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from flask.testing import FlaskClient

from archive.manifest import MANIFEST_COLUMNS
from archive.web.bulk import ZipSlots
from archive.web.downloads import download_name
from tests.factories import library_fixtures, web_app
from tests.web_library import HOSTILE_TITLE, Library, stored_bytes

SCHEMAS = Path(__file__).resolve().parent / "schemas"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOST = "http://localhost"


library, app, client = library_fixtures("findable", testing=False)


def get(client: FlaskClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    response.get_data()
    response.close()
    assert response.status_code == status, (url, response.status_code, response.text[:1000])
    return response


def public_ids(library: Library) -> set[int]:
    return {v for k, v in library.ids.items() if k != "withdrawn"}


class Head(HTMLParser):
    """The meta tags, links and JSON-LD blocks of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.links: list[dict[str, str]] = []
        self.jsonld: list[Any] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and "name" in values:
            self.meta.append((values["name"], values.get("content", "")))
        elif tag == "link":
            self.links.append(values)
        self._in_ld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.jsonld.append(json.loads(data))
            self._in_ld = False


def head_of(client: FlaskClient, url: str) -> Head:
    parser = Head()
    parser.feed(get(client, url).text)
    return parser


# -- Scholar, Dublin Core, JSON-LD ---------------------------------------------------------------


def test_document_page_carries_scholar_and_dublin_core_tags(
    client: FlaskClient, library: Library
) -> None:
    doc = library.doc("report")
    head = head_of(client, f"/documents/{doc.id}")
    meta: dict[str, list[str]] = {}
    for name, content in head.meta:
        meta.setdefault(name, []).append(content)
    assert meta["citation_title"] == [doc.title]
    assert meta["citation_author"] == ["International Labour Organization", "ASEAN Secretariat"]
    assert meta["citation_publication_date"] == ["2015/11/25"]
    assert meta["citation_pdf_url"] == [f"{HOST}/documents/{doc.id}/download"]
    assert meta["citation_language"] == ["en"]
    assert meta["DC.title"] == [doc.title]
    assert meta["DC.creator"] == meta["citation_author"]
    assert meta["DC.identifier"] == [f"{HOST}/documents/{doc.id}"]


def test_json_ld_describes_the_document_and_its_seminar_as_an_event(
    client: FlaskClient, library: Library
) -> None:
    doc = library.doc("report")
    (data,) = head_of(client, f"/documents/{doc.id}").jsonld
    assert data["@type"] == "Report" and data["name"] == doc.title
    assert [a["name"] for a in data["author"]] == list(doc.creators)
    assert data["contentUrl"] == f"{HOST}/documents/{doc.id}/download"
    assert data["recordedAt"]["@type"] == "Event"
    (event,) = head_of(client, "/collections/asean-2015").jsonld
    assert event["@type"] == "Event" and event["startDate"] == "2015-11-25"
    assert event["location"]["name"] == "Jakarta, Indonesia"


def test_hostile_title_stays_data_in_meta_tags_and_json_ld(
    client: FlaskClient, library: Library
) -> None:
    html = get(client, f"/documents/{library.ids['hostile']}").text
    assert "<script>alert" not in html
    head = Head()
    head.feed(html)
    assert ("citation_title", HOSTILE_TITLE) in head.meta
    assert head.jsonld[0]["name"] == HOSTILE_TITLE


def test_pages_link_their_feeds(client: FlaskClient) -> None:
    def feeds(url: str) -> list[str]:
        return [
            link["href"]
            for link in head_of(client, url).links
            if link.get("type") == "application/atom+xml"
        ]

    assert feeds("/") == ["/feed.atom"]
    assert "/collections/asean-2015/feed.atom" in feeds("/collections/asean-2015")
    assert "/search.atom?q=pension" in feeds("/search?q=pension")


# -- Signposting ---------------------------------------------------------------------------------


def test_signposting_on_the_landing_page_and_on_the_file(
    client: FlaskClient, library: Library
) -> None:
    from signposting import find_signposting_http_link

    doc_id = library.ids["report"]
    page = f"{HOST}/documents/{doc_id}"
    found = find_signposting_http_link([get(client, f"/documents/{doc_id}").headers["Link"]], page)
    assert found.citeAs.target == page
    assert {(i.target, str(i.type)) for i in found.items} == {
        (f"{page}/download", "application/pdf")
    }
    assert {d.target for d in found.describedBy} >= {f"{page}.bib", f"{page}.csl.json"}
    assert "https://schema.org/Report" in {t.target for t in found.types}
    assert not found.authors  # creators are names, not URIs
    on_file = get(client, f"/documents/{doc_id}/download").headers["Link"]
    assert find_signposting_http_link([on_file], f"{page}/download").collection.target == page
    for described in found.describedBy:
        get(client, described.target.removeprefix(HOST))  # every link leads somewhere


def test_no_signposting_for_a_withdrawn_document(client: FlaskClient, library: Library) -> None:
    response = get(client, f"/documents/{library.ids['withdrawn']}", status=410)
    assert "Link" not in response.headers


# -- sitemap and robots ---------------------------------------------------------------------------


def sitemap_urls(client: FlaskClient, url: str = "/sitemap.xml") -> list[str]:
    root = ET.fromstring(get(client, url).data)
    return [loc.text or "" for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_lists_every_public_document_and_collection(
    client: FlaskClient, library: Library
) -> None:
    urls = sitemap_urls(client)
    docs = {int(u.rsplit("/", 1)[1]) for u in urls if "/documents/" in u}
    assert docs == public_ids(library)
    assert f"{HOST}/collections/asean-2015" in urls and f"{HOST}/collections/mekong-2012" in urls
    robots = get(client, "/robots.txt").text
    assert f"Sitemap: {HOST}/sitemap.xml" in robots and "Disallow: /desk" in robots


def test_past_the_limit_the_sitemap_is_an_index_of_parts(library: Library) -> None:
    small = library.archive.settings.with_(sitemap_max_urls=3)
    client = web_app(_with_settings(library, small), testing=False).test_client()
    root = ET.fromstring(get(client, "/sitemap.xml").data)
    assert root.tag == f"{SITEMAP}sitemapindex"
    parts = [loc.text or "" for loc in root.iter(f"{SITEMAP}loc")]
    everything: list[str] = []
    for part in parts:
        urls = sitemap_urls(client, part.removeprefix(HOST))
        assert 1 <= len(urls) <= 3
        everything += urls
    assert everything == sitemap_urls(web_app(library.archive, testing=False).test_client())
    get(client, f"/sitemap-{len(parts) + 1}.xml", status=404)


def _with_settings(library: Library, settings: Any) -> Any:
    """The same open archive (catalog, store, index) seen with other settings."""
    other = copy.copy(library.archive)
    other.settings = settings
    return other


# -- Atom feeds ----------------------------------------------------------------------------------


def parsed_feed(client: FlaskClient, url: str) -> Any:
    import feedparser

    response = get(client, url)
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_feeds_are_valid_atom_of_public_documents(client: FlaskClient, library: Library) -> None:
    feed = parsed_feed(client, "/feed.atom")
    assert {e.id for e in feed.entries} == {f"{HOST}/documents/{i}" for i in public_ids(library)}
    assert feed.feed.id == f"{HOST}/feed.atom" and feed.feed.title and feed.feed.updated
    for entry in feed.entries:
        assert entry.title and entry.updated and entry.link.startswith(f"{HOST}/documents/")
        assert entry.enclosures[0].type == "application/pdf"
    report = next(e for e in feed.entries if e.id.endswith(f"/{library.ids['report']}"))
    assert [a.name for a in report.authors] == list(library.doc("report").creators)


def test_collection_and_search_feeds(client: FlaskClient, library: Library) -> None:
    asean = {e.id for e in parsed_feed(client, "/collections/asean-2015/feed.atom").entries}
    wanted = {"report", "recommendations", "thai", "viet"}
    assert asean == {f"{HOST}/documents/{library.ids[k]}" for k in wanted}
    found = parsed_feed(client, "/search.atom?q=pension&type=report").entries
    assert {e.id for e in found} == {
        f"{HOST}/documents/{library.ids[k]}" for k in ("report", "migration")
    }
    get(client, "/collections/nowhere/feed.atom", status=404)
    get(client, "/search.atom?q=%22", status=400)


# -- citations -----------------------------------------------------------------------------------


def test_bibtex_reads_back_with_its_fields(client: FlaskClient, library: Library) -> None:
    import bibtexparser

    doc = library.doc("report")
    text = get(client, f"/documents/{doc.id}.bib").text
    (entry,) = bibtexparser.parse_string(text).entries
    assert entry.entry_type == "techreport"
    assert entry["title"].strip("{}") == doc.title
    assert entry["author"] == "{International Labour Organization} and {ASEAN Secretariat}"
    assert entry["year"] == "2015" and entry["url"] == f"{HOST}/documents/{doc.id}"


def test_bibtex_of_a_hostile_title_keeps_braces_balanced(
    client: FlaskClient, library: Library
) -> None:
    import bibtexparser

    text = get(client, f"/documents/{library.ids['hostile']}.bib").text
    library_ = bibtexparser.parse_string(text)
    assert len(library_.entries) == 1 and not library_.failed_blocks


def test_ris_reads_back(client: FlaskClient, library: Library) -> None:
    import rispy

    doc = library.doc("report")
    (entry,) = rispy.loads(get(client, f"/documents/{doc.id}.ris").text)
    assert entry["type_of_reference"] == "RPRT"
    assert entry["title"] == doc.title
    assert entry["authors"] == list(doc.creators)
    assert entry["year"] == "2015" and entry["keywords"] == list(doc.subjects)


def test_csl_json_validates_against_the_official_schema(
    client: FlaskClient, library: Library
) -> None:
    import jsonschema

    schema = json.loads((SCHEMAS / "csl-data.json").read_text())
    for key in library.ids:
        if key == "withdrawn":
            continue
        items = json.loads(get(client, f"/documents/{library.ids[key]}.csl.json").data)
        jsonschema.validate(items, schema)
        assert items[0]["title"] == library.doc(key).title
    results = json.loads(get(client, "/search.csl.json?q=pension").data)
    jsonschema.validate(results, schema)
    assert len(results) >= 3


def test_search_exports_hold_the_results_page(client: FlaskClient, library: Library) -> None:
    import bibtexparser
    import rispy

    bib = bibtexparser.parse_string(get(client, "/search.bib?q=pension&type=report").text)
    assert {e.key for e in bib.entries} == {f"doc{library.ids[k]}" for k in ("report", "migration")}
    ris = rispy.loads(get(client, "/search.ris?q=pension&type=report").text)
    assert len(ris) == 2


def test_withdrawn_documents_export_nothing(client: FlaskClient, library: Library) -> None:
    for ext in ("bib", "ris", "csl.json"):
        get(client, f"/documents/{library.ids['withdrawn']}.{ext}", status=410)
        get(client, f"/documents/999999.{ext}", status=404)
    assert "superseded" not in get(client, "/search.bib?q=withdrawnword").text.lower()


def test_document_page_shows_references_and_export_links(
    client: FlaskClient, library: Library
) -> None:
    doc = library.doc("report")
    html = get(client, f"/documents/{doc.id}").text
    assert (
        "International Labour Organization, &amp; ASEAN Secretariat. (2015, November 25). "
        "Social protection in ASEAN: the state of play [Report]." in html
    )
    assert "International Labour Organization and ASEAN Secretariat (2015)" in html  # Harvard
    assert "International Labour Organization, and ASEAN Secretariat. 2015." in html  # Chicago
    for ext in ("bib", "ris", "csl.json"):
        assert f'href="/documents/{doc.id}.{ext}"' in html


# -- bulk downloads ------------------------------------------------------------------------------


def read_zip(client: FlaskClient, url: str) -> zipfile.ZipFile:
    response = get(client, url)
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    return archive


def test_collection_zip_holds_its_files_a_manifest_and_checksums(
    client: FlaskClient, library: Library
) -> None:
    archive = read_zip(client, "/collections/asean-2015/download.zip")
    wanted = [library.doc(k) for k in ("report", "recommendations", "thai", "viet")]
    names = {download_name(d): d for d in wanted}
    assert set(archive.namelist()) == {*names, "manifest.csv", "SHA256SUMS"}
    for name, doc in names.items():
        assert archive.read(name) == stored_bytes(library.archive, doc.id)
        assert archive.getinfo(name).compress_type == zipfile.ZIP_STORED
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert tuple(rows[0]) == MANIFEST_COLUMNS
    assert {r["file"]: r["title"] for r in rows} == {n: d.title for n, d in names.items()}
    sums = dict(
        reversed(line.split("  ", 1)) for line in archive.read("SHA256SUMS").decode().splitlines()
    )
    assert sums == {n: hashlib.sha256(archive.read(n)).hexdigest() for n in names}


def test_file_names_read_well_and_match_single_downloads(
    client: FlaskClient, library: Library
) -> None:
    doc = library.doc("report")
    name = "2015-11-25 report - Social protection in ASEAN the state of play.pdf"
    assert download_name(doc) == name
    assert name in get(client, f"/documents/{doc.id}/download").headers["Content-Disposition"]

    class Long:
        id, date, type = 9, "2015-11-25", "presentation"
        title = "The state of social protection in ASEAN " * 5

    cut = download_name(Long())  # type: ignore[arg-type]
    assert cut.startswith("2015-11-25 presentation - The state of social protection")
    assert len(cut) <= 104 and cut[:-4].split(" ")[-1] in Long.title.split()


def test_search_zip_holds_every_result_and_never_a_withdrawn_file(
    client: FlaskClient, library: Library
) -> None:
    names = set(read_zip(client, "/search.zip?q=pension").namelist())
    withdrawn = download_name(library.doc("withdrawn"))
    assert withdrawn not in names
    assert download_name(library.doc("migration")) in names
    assert download_name(library.doc("report")) in names
    get(client, "/search.zip?q=withdrawnword", status=404)
    get(client, "/collections/nowhere/download.zip", status=404)


def test_zips_over_the_limits_are_refused_before_anything_is_sent(library: Library) -> None:
    few = library.archive.settings.with_(zip_max_documents=2)
    client = web_app(_with_settings(library, few), testing=False).test_client()
    response = get(client, "/collections/asean-2015/download.zip", status=413)
    assert "narrow" in response.text
    get(client, "/search.zip?q=pension", status=413)
    get(client, "/collections/mekong-2012/download.zip")  # one document: allowed


def test_a_client_may_run_only_so_many_zips_at_once(library: Library, tmp_path: Path) -> None:
    one = library.archive.settings.with_(zip_per_client=1)
    client = web_app(_with_settings(library, one), testing=False).test_client()
    first = client.get("/collections/asean-2015/download.zip")  # streaming, not yet read
    second = client.get("/collections/mekong-2012/download.zip")
    assert second.status_code == 429 and second.headers["Retry-After"]
    second.close()
    assert zipfile.ZipFile(io.BytesIO(first.get_data())).testzip() is None
    first.close()
    third = client.get("/collections/mekong-2012/download.zip")
    assert third.status_code == 200
    third.get_data()
    third.close()


def test_zip_slots_are_per_address_and_freed_on_release(tmp_path: Path) -> None:
    slots = ZipSlots(tmp_path, per_client=2)
    taken = [slots.acquire("10.0.0.1"), slots.acquire("10.0.0.1")]
    assert all(taken) and slots.acquire("10.0.0.1") is None
    taken.append(slots.acquire("10.0.0.2"))
    assert taken[-1] is not None
    taken[0]()  # type: ignore[misc]
    taken.append(slots.acquire("10.0.0.1"))
    assert taken[-1] is not None
    for release in taken:
        release()  # type: ignore[misc]


def test_characters_xml_cannot_hold_are_dropped_from_feeds_and_records(
    client: FlaskClient, library: Library
) -> None:
    import feedparser

    doc_id = library.ids["hostile"]
    library.archive.edit(doc_id, {"description": "bell\x07 vt\x0b nonchar\ufffe end"}, actor="t")
    feed = feedparser.parse(get(client, "/feed.atom").data)
    assert feed.bozo == 0
    entry = next(e for e in feed.entries if e.id.endswith(f"/{doc_id}"))
    assert entry.summary == "bell vt nonchar end"
    record = get(
        client, f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:{doc_id}"
    )
    assert b"bell vt nonchar end" in ET.tostring(ET.fromstring(record.data), encoding="utf-8")
