"""OAI-PMH 2.0 at /oai: every verb and every error validates against the official schemas
(kept in tests/schemas, no network), records carry the document's Dublin Core, withdrawn
documents are deleted records, resumption tokens page through everything and survive a
restart, and a standard harvester (Sickle) harvests the whole archive from the real server.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree

from tests.factories import library_fixtures, web_app
from tests.findable_server import library_data, serving
from tests.web_library import WITHDRAWN_REASON, Library

SCHEMAS = Path(__file__).resolve().parent / "schemas"
NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
PAGE = 2


class LocalSchemas(etree.Resolver):
    """Resolve every schema import to tests/schemas; anything else fails the test."""

    def resolve(self, url: str | None, pubid: str | None, context: object) -> object:
        path = SCHEMAS / (url or "").rsplit("/", 1)[-1]
        if not path.is_file():
            raise AssertionError(f"a schema asked for {url}, which is not kept locally")
        return self.resolve_filename(str(path), context)


def load_schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(LocalSchemas())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


OAI_PMH = load_schema("OAI-PMH.xsd")
OAI_DC = load_schema("oai_dc.xsd")


def validated(body: bytes) -> etree._Element:
    """The parsed response, after checking it and each oai_dc record against the schemas."""
    root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    assert OAI_PMH.validate(root), OAI_PMH.error_log
    for dc in root.iterfind(".//oai_dc:dc", NS):
        assert OAI_DC.validate(etree.ElementTree(dc)), OAI_DC.error_log
    return root


library, app, client = library_fixtures("oai", testing=False, oai_page_size=PAGE)


def oai(client: FlaskClient, query: str, *, post: bool = False) -> etree._Element:
    if post:
        response = client.post("/oai", data=query, content_type="application/x-www-form-urlencoded")
    else:
        response = client.get(f"/oai?{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    return validated(response.data)


def error_code(root: etree._Element) -> str | None:
    found = root.find("o:error", NS)
    return None if found is None else found.get("code")


def ident(library: Library, key: str) -> str:
    return f"oai:localhost:{library.ids[key]}"


# -- every verb, every error -------------------------------------------------------------------


VALID = [
    "verb=Identify",
    "verb=ListMetadataFormats",
    "verb=ListMetadataFormats&identifier={report}",
    "verb=ListMetadataFormats&identifier={withdrawn}",
    "verb=ListSets",
    "verb=GetRecord&identifier={report}&metadataPrefix=oai_dc",
    "verb=GetRecord&identifier={hostile}&metadataPrefix=oai_dc",
    "verb=GetRecord&identifier={withdrawn}&metadataPrefix=oai_dc",
    "verb=ListIdentifiers&metadataPrefix=oai_dc",
    "verb=ListRecords&metadataPrefix=oai_dc",
    "verb=ListRecords&metadataPrefix=oai_dc&set=collection:asean-2015",
    "verb=ListRecords&metadataPrefix=oai_dc&set=collection",
    "verb=ListIdentifiers&metadataPrefix=oai_dc&set=type:report",
    "verb=ListRecords&metadataPrefix=oai_dc&from=2000-01-01&until=2999-12-31",
    "verb=ListRecords&metadataPrefix=oai_dc&from=2000-01-01T00:00:00Z",
]
ERRORS = [
    ("", "badVerb"),
    ("verb=Dance", "badVerb"),
    ("verb=Identify&verb=ListSets", "badVerb"),
    ("verb=Identify&extra=1", "badArgument"),
    ("verb=GetRecord&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=yesterday", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2015-02-30", "badArgument"),
    (
        "verb=ListRecords&metadataPrefix=oai_dc&from=2015-01-01&until=2016-01-01T00:00:00Z",
        "badArgument",
    ),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=bad%20set", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc", "badArgument"),
    ("verb=GetRecord&identifier={report}&metadataPrefix=oai_dc&resumptionToken=x", "badArgument"),
    ("verb=ListRecords&resumptionToken=abc", "badResumptionToken"),
    ("verb=ListRecords&resumptionToken=" + "A" * 3000, "badResumptionToken"),
    ("verb=ListSets&resumptionToken=abc", "badResumptionToken"),
    ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
    ("verb=GetRecord&identifier={report}&metadataPrefix=bad%20prefix", "cannotDisseminateFormat"),
    ("verb=GetRecord&identifier=oai:localhost:999999&metadataPrefix=oai_dc", "idDoesNotExist"),
    ("verb=GetRecord&identifier=oai:elsewhere.org:1&metadataPrefix=oai_dc", "idDoesNotExist"),
    ("verb=GetRecord&identifier=%3Cscript%3E&metadataPrefix=oai_dc", "idDoesNotExist"),
    ("verb=ListMetadataFormats&identifier=oai:localhost:0", "idDoesNotExist"),
    ("verb=ListMetadataFormats&identifier=a%20b%0A%01%00%EF%BF%BE", "idDoesNotExist"),
    ("verb=GetRecord&identifier=%FF%FE&metadataPrefix=%00", "cannotDisseminateFormat"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=%F0%9F%98%80", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&until=%00", "badArgument"),
    ("verb=%00", "badVerb"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=collection:nowhere", "noRecordsMatch"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=type:report:x", "noRecordsMatch"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01", "noRecordsMatch"),
    ("verb=ListRecords&metadataPrefix=oai_dc&until=1999-12-31", "noRecordsMatch"),
]


def fill(query: str, library: Library) -> str:
    return query.format(**{k: ident(library, k) for k in library.ids})


@pytest.mark.parametrize("query", VALID)
def test_every_verb_answers_valid_oai_pmh(
    client: FlaskClient, library: Library, query: str
) -> None:
    root = oai(client, fill(query, library))
    assert error_code(root) is None
    verb = urllib.parse.parse_qs(query)["verb"][0]
    assert root.find(f"o:{verb}", NS) is not None
    assert root.find("o:request", NS).get("verb") == verb


@pytest.mark.parametrize(("query", "code"), ERRORS)
def test_every_error_has_its_code_and_validates(
    client: FlaskClient, library: Library, query: str, code: str
) -> None:
    root = oai(client, fill(query, library))
    assert error_code(root) == code
    request = root.find("o:request", NS)
    assert request.text == "http://localhost/oai"
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}  # the spec: the base URL only


def test_post_is_answered_like_get(client: FlaskClient) -> None:
    root = oai(client, "verb=ListSets", post=True)
    assert [s.text for s in root.iterfind(".//o:setSpec", NS)][:2] == ["collection", "type"]


def test_identify_says_what_harvesters_rely_on(client: FlaskClient, library: Library) -> None:
    root = oai(client, "verb=Identify")
    ident_ = root.find("o:Identify", NS)
    assert ident_.findtext("o:baseURL", namespaces=NS) == "http://localhost/oai"
    assert ident_.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert ident_.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    earliest = ident_.findtext("o:earliestDatestamp", namespaces=NS)
    stamps = [h.findtext("o:datestamp", namespaces=NS) for h in all_headers(client)]
    assert earliest == min(stamps)


def test_a_record_carries_the_documents_dublin_core(client: FlaskClient, library: Library) -> None:
    root = oai(
        client, f"verb=GetRecord&identifier={ident(library, 'report')}&metadataPrefix=oai_dc"
    )
    dc = root.find(".//oai_dc:dc", NS)
    names = ("title", "creator", "subject", "date", "language", "identifier", "relation")
    values = {name: [e.text for e in dc.iterfind(f"dc:{name}", NS)] for name in names}
    doc = library.doc("report")
    assert values["title"] == [doc.title]
    assert values["creator"] == ["International Labour Organization", "ASEAN Secretariat"]
    assert values["subject"] == ["social protection", "pensions"]
    assert values["date"] == ["2015-11-25"] and values["language"] == ["en"]
    assert values["identifier"] == [f"http://localhost/documents/{doc.id}"]
    assert values["relation"] == ["http://localhost/collections/asean-2015"]
    specs = [s.text for s in root.iterfind(".//o:header/o:setSpec", NS)]
    assert "collection:asean-2015" in specs and "type:report" in specs


def test_hostile_text_is_data_in_the_xml(client: FlaskClient, library: Library) -> None:
    root = oai(
        client, f"verb=GetRecord&identifier={ident(library, 'hostile')}&metadataPrefix=oai_dc"
    )
    assert root.findtext(".//dc:title", namespaces=NS) == library.doc("hostile").title


def test_a_withdrawn_document_is_a_deleted_record_without_metadata(
    client: FlaskClient, library: Library
) -> None:
    root = oai(
        client, f"verb=GetRecord&identifier={ident(library, 'withdrawn')}&metadataPrefix=oai_dc"
    )
    header = root.find(".//o:header", NS)
    assert header.get("status") == "deleted"
    assert root.find(".//o:metadata", NS) is None
    assert WITHDRAWN_REASON not in etree.tostring(root, encoding="unicode")
    listed = {
        h.findtext("o:identifier", namespaces=NS): h.get("status") for h in all_headers(client)
    }
    assert listed[ident(library, "withdrawn")] == "deleted"
    assert {k for k, v in listed.items() if v is None} == {
        ident(library, k) for k in library.ids if k != "withdrawn"
    }


# -- resumption tokens -------------------------------------------------------------------------


def all_headers(client: FlaskClient, query: str = "metadataPrefix=oai_dc") -> list[etree._Element]:
    """Every header of ListIdentifiers, following tokens; each page checked."""
    headers: list[etree._Element] = []
    root = oai(client, f"verb=ListIdentifiers&{query}")
    while True:
        page = root.find("o:ListIdentifiers", NS)
        headers += page.findall("o:header", NS)
        token = page.find("o:resumptionToken", NS)
        if token is None or not token.text:
            return headers
        root = oai(client, f"verb=ListIdentifiers&resumptionToken={urllib.parse.quote(token.text)}")


def test_tokens_page_through_everything_once(client: FlaskClient, library: Library) -> None:
    first = oai(client, "verb=ListRecords&metadataPrefix=oai_dc").find("o:ListRecords", NS)
    assert len(first.findall("o:record", NS)) == PAGE
    token = first.find("o:resumptionToken", NS)
    assert token.get("cursor") == "0" and token.get("completeListSize") == str(len(library.ids))
    ids = [h.findtext("o:identifier", namespaces=NS) for h in all_headers(client)]
    assert len(ids) == len(set(ids)) == len(library.ids)


def test_the_last_page_has_an_empty_token(client: FlaskClient) -> None:
    root = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
    while (token := root.find(".//o:resumptionToken", NS)) is not None and token.text:
        root = oai(client, f"verb=ListIdentifiers&resumptionToken={urllib.parse.quote(token.text)}")
    assert token is not None and token.get("cursor") != "0"


def test_a_token_is_refused_for_another_verb_or_once_altered(client: FlaskClient) -> None:
    root = oai(client, "verb=ListIdentifiers&metadataPrefix=oai_dc")
    token = root.findtext(".//o:resumptionToken", namespaces=NS)
    other = oai(client, f"verb=ListRecords&resumptionToken={urllib.parse.quote(token)}")
    assert error_code(other) == "badResumptionToken"
    body, sig = token.split(".")
    for forged in (
        body[:-2] + ("AA" if body[-2:] != "AA" else "BB") + "." + sig,
        body + "." + sig[::-1],
    ):
        root = oai(client, f"verb=ListIdentifiers&resumptionToken={urllib.parse.quote(forged)}")
        assert error_code(root) == "badResumptionToken"


def test_a_token_works_in_a_new_app_on_the_same_archive(app: Flask, library: Library) -> None:
    root = oai(app.test_client(), "verb=ListIdentifiers&metadataPrefix=oai_dc")
    token = root.findtext(".//o:resumptionToken", namespaces=NS)
    fresh = web_app(library.archive, testing=False).test_client()
    page = oai(fresh, f"verb=ListIdentifiers&resumptionToken={urllib.parse.quote(token)}")
    assert error_code(page) is None and page.find(".//o:header", NS) is not None


def test_from_and_until_select_by_datestamp(client: FlaskClient, library: Library) -> None:
    doc_id = library.ids["migration"]
    library.archive.edit(doc_id, {"description": "Edited for the harvest test."}, actor="test")
    stamp = library.archive.document(doc_id).updated_at.astimezone(dt.UTC)
    second = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    # every page of the answer: other documents changed in the same second may come first
    headers = all_headers(client, f"metadataPrefix=oai_dc&from={second}")
    found = [h.findtext("o:identifier", namespaces=NS) for h in headers]
    assert ident(library, "migration") in found
    assert all(h.findtext("o:datestamp", namespaces=NS) >= second for h in headers)
    before = (stamp - dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    root = oai(client, f"verb=ListIdentifiers&metadataPrefix=oai_dc&until={before}")
    if error_code(root) is None:
        found = [
            h.findtext("o:identifier", namespaces=NS)
            for h in all_headers(client, f"metadataPrefix=oai_dc&until={before}")
        ]
        assert ident(library, "migration") not in found


# -- a standard harvester against the real server ----------------------------------------------


@pytest.mark.slow
def test_sickle_harvests_the_whole_archive_from_the_real_server_across_a_restart(
    tmp_path: Path,
) -> None:
    from sickle import Sickle

    data, library = library_data(tmp_path)
    env = {"ARCHIVE_OAI_PAGE_SIZE": str(PAGE), "ARCHIVE_WEB_WORKERS": "2"}
    with serving(data, tmp_path / "server.log", **env) as server:
        records = list(Sickle(f"{server.url}/oai").ListRecords(metadataPrefix="oai_dc"))
        with urllib.request.urlopen(
            f"{server.url}/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"
        ) as r:
            first = validated(r.read())
    ids = {int(r.header.identifier.rsplit(":", 1)[1]): r for r in records}
    assert set(ids) == set(library.ids.values())
    assert ids[library.ids["withdrawn"]].deleted
    report = ids[library.ids["report"]]
    assert report.metadata["title"] == ["Social protection in ASEAN: the state of play"]
    assert report.metadata["creator"] == ["International Labour Organization", "ASEAN Secretariat"]
    token = first.findtext(".//o:resumptionToken", namespaces=NS)
    with serving(data, tmp_path / "server.log", **env) as restarted:
        rest = list(Sickle(f"{restarted.url}/oai").ListIdentifiers(resumptionToken=token))
    seen = [h.findtext("o:identifier", namespaces=NS) for h in first.iterfind(".//o:header", NS)]
    assert len(seen) + len(rest) == len(library.ids)
    assert not set(seen) & {h.identifier for h in rest}
