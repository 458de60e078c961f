"""OAI-PMH 2.0 at ``/oai``: the six verbs, ``oai_dc`` for every record, sets for collections
and document types, withdrawn documents as deleted records, every error of the protocol.

Resumption tokens carry the whole query (prefix, from, until, set, the last id sent and the
cursor) and an HMAC made with the archive's secret key, so they survive a server restart and
any worker may answer them; a forged or damaged one is a ``badResumptionToken``. A list
without ``until`` is frozen at the time of its first page, so a record changed during a
harvest is left for the next incremental harvest instead of moving under the harvester.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, request

from archive.catalog import DOCUMENT_TYPES, Document
from archive.errors import NotFound
from archive.service import HARVESTED, Archive, HarvestScope
from archive.web import get_archive
from archive.web.urls import collection_url, document_url, site_root, xml_text

bp = Blueprint("oai", __name__)

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
for _prefix, _uri in (("", OAI), ("oai_dc", OAI_DC), ("dc", DC), ("xsi", XSI)):
    ET.register_namespace(_prefix, _uri)

OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
FORMATS = {"oai_dc": (DC_SCHEMA, OAI_DC)}
SECONDS = "%Y-%m-%dT%H:%M:%SZ"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_SET = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")
_PREFIX = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+$")
MAX_TOKEN = 2000

# verb: (required arguments, optional arguments); lists also take an exclusive token.
ARGUMENTS: dict[str, tuple[set[str], set[str]]] = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}),
}
RESUMABLE = {"ListSets", "ListIdentifiers", "ListRecords"}


class OaiError(Exception):
    """A protocol error: one of the codes of OAI-PMH 2.0 section 3.6, with a message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def q(ns: str, name: str) -> str:
    """An element name in a namespace, as ElementTree spells it."""
    return f"{{{ns}}}{name}"


def sub(parent: ET.Element, name: str, text: object = None, **attrs: str) -> ET.Element:
    """Add a child in the OAI namespace (or the given ``{ns}name``) with text."""
    child = ET.SubElement(parent, name if name.startswith("{") else q(OAI, name), attrs)
    if text is not None:
        child.text = xml_text(text)
    return child


def stamp(value: dt.datetime) -> str:
    """A datestamp in the repository's granularity (seconds, UTC)."""
    return value.astimezone(dt.UTC).strftime(SECONDS)


# -- the endpoint ------------------------------------------------------------------------------


@bp.route("/oai", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer one OAI-PMH request (GET, or POST with a form body)."""
    args = request.form if request.method == "POST" else request.args
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    echo: dict[str, str] = {}
    try:
        verb, params = parse_arguments(args)
        echo = {"verb": verb, **params}
        content = HANDLERS[verb](params, now)
    except OaiError as exc:
        if exc.code in ("badVerb", "badArgument"):
            echo = {}
        content = ET.Element(q(OAI, "error"), {"code": exc.code})
        content.text = xml_text(exc.message)
    return respond(now, echo, content)


def respond(now: dt.datetime, echo: Mapping[str, str], content: ET.Element) -> Response:
    """The OAI-PMH envelope around one answer."""
    root = ET.Element(q(OAI, "OAI-PMH"), {q(XSI, "schemaLocation"): f"{OAI} {OAI_SCHEMA}"})
    sub(root, "responseDate", stamp(now))
    sub(root, "request", f"{site_root()}/oai", **echoable(echo))
    root.append(content)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="text/xml")


def echoable(echo: Mapping[str, str]) -> dict[str, str]:
    """The request's arguments that the schema lets us repeat in the ``request`` element."""
    dates = (_DAY, _SECOND)
    patterns = {"metadataPrefix": (_PREFIX,), "set": (_SET,), "from": dates, "until": dates}
    out = {}
    for key, value in echo.items():
        if key not in patterns or any(p.match(value) for p in patterns[key]):
            out[key] = xml_text(value)
    return out


def parse_arguments(args: Any) -> tuple[str, dict[str, str]]:
    """The verb and its arguments, or ``badVerb`` / ``badArgument``."""
    verbs = args.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in ARGUMENTS:
        raise OaiError("badVerb", "The verb is missing, repeated or not one of OAI-PMH's six.")
    verb = verbs[0]
    params: dict[str, str] = {}
    for key in args:
        values = args.getlist(key)
        if key != "verb" and len(values) > 1:
            raise OaiError("badArgument", f"The argument {key[:40]!r} is repeated.")
        if key != "verb":
            params[key] = values[0]
    check_arguments(verb, params)
    return verb, params


def check_arguments(verb: str, params: dict[str, str]) -> None:
    """Refuse arguments the verb does not take, and missing required ones."""
    required, optional = ARGUMENTS[verb]
    if "resumptionToken" in params:
        if verb not in RESUMABLE or len(params) > 1:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument.")
        return
    unknown = set(params) - required - optional
    if unknown:
        raise OaiError("badArgument", f"{verb} does not take {', '.join(sorted(unknown))[:80]}.")
    missing = required - set(params)
    if missing:
        raise OaiError("badArgument", f"{verb} needs {', '.join(sorted(missing))}.")


# -- identifiers and records -------------------------------------------------------------------


def namespace() -> str:
    """The repository part of our OAI identifiers: this site's host name."""
    return urlsplit(site_root()).hostname or "localhost"


def oai_identifier(doc_id: int) -> str:
    """The OAI identifier of a document."""
    return f"oai:{namespace()}:{doc_id}"


def harvested_document(archive: Archive, identifier: str) -> Document:
    """The document an OAI identifier names, or ``idDoesNotExist``."""
    match = re.fullmatch(r"oai:([^:]+):(\d{1,18})", identifier)
    if match and match.group(1) == namespace():
        try:
            doc = archive.document(int(match.group(2)))
        except NotFound:
            doc = None
        if doc is not None and doc.status in HARVESTED:
            return doc
    raise OaiError("idDoesNotExist", f"No item has the identifier {identifier[:200]!r}.")


def set_specs(doc: Document) -> list[str]:
    """The sets a document belongs to."""
    specs = ["type", f"type:{doc.type}"]
    if doc.collection is not None:
        specs = ["collection", f"collection:{doc.collection.slug}", *specs]
    return specs


def header(parent: ET.Element, doc: Document, archive: Archive) -> None:
    """A record's header; a withdrawn document's says ``deleted``."""
    attrs = {} if archive.is_public(doc) else {"status": "deleted"}
    head = sub(parent, "header", **attrs)
    sub(head, "identifier", oai_identifier(doc.id))
    sub(head, "datestamp", stamp(doc.updated_at))
    for spec in set_specs(doc):
        sub(head, "setSpec", spec)


def dublin_core(parent: ET.Element, doc: Document, archive: Archive) -> None:
    """A public document's ``oai_dc`` metadata."""
    location = f"{OAI_DC} {DC_SCHEMA}"
    dc = ET.SubElement(parent, q(OAI_DC, "dc"), {q(XSI, "schemaLocation"): location})
    fields: list[tuple[str, object]] = [("title", doc.title)]
    fields += [("creator", c) for c in doc.creators or []]
    fields += [("subject", s) for s in doc.subjects or []]
    fields += [("description", doc.description), ("date", doc.date), ("type", "Text")]
    fields += [("type", doc.type_label), ("format", "application/pdf")]
    fields += [("identifier", document_url(doc)), ("language", doc.language)]
    fields += [("publisher", archive.settings.site_name)]
    if doc.collection is not None:
        fields.append(("relation", collection_url(doc.collection)))
    fields.append(("rights", archive.settings.license_url))
    for name, value in fields:
        if value:
            sub(dc, q(DC, name), value)


def record(parent: ET.Element, doc: Document, archive: Archive) -> None:
    """A whole record: header, and metadata unless the document was withdrawn."""
    rec = sub(parent, "record")
    header(rec, doc, archive)
    if archive.is_public(doc):
        dublin_core(sub(rec, "metadata"), doc, archive)


# -- the six verbs -----------------------------------------------------------------------------


def identify(params: dict[str, str], now: dt.datetime) -> ET.Element:
    """Identify: who we are and how we answer."""
    archive = get_archive()
    out = ET.Element(q(OAI, "Identify"))
    sub(out, "repositoryName", archive.settings.site_name)
    sub(out, "baseURL", f"{site_root()}/oai")
    sub(out, "protocolVersion", "2.0")
    sub(out, "adminEmail", archive.settings.admin_email)
    sub(out, "earliestDatestamp", stamp(archive.earliest_change() or now))
    sub(out, "deletedRecord", "persistent")
    sub(out, "granularity", "YYYY-MM-DDThh:mm:ssZ")
    return out


def list_metadata_formats(params: dict[str, str], now: dt.datetime) -> ET.Element:
    """ListMetadataFormats: oai_dc, for every item."""
    if "identifier" in params:
        harvested_document(get_archive(), params["identifier"])
    out = ET.Element(q(OAI, "ListMetadataFormats"))
    for prefix, (schema, ns) in FORMATS.items():
        fmt = sub(out, "metadataFormat")
        sub(fmt, "metadataPrefix", prefix)
        sub(fmt, "schema", schema)
        sub(fmt, "metadataNamespace", ns)
    return out


def list_sets(params: dict[str, str], now: dt.datetime) -> ET.Element:
    """ListSets: every collection and every document type (all in one answer)."""
    if "resumptionToken" in params:
        raise OaiError("badResumptionToken", "ListSets answers in one response; no token.")
    out = ET.Element(q(OAI, "ListSets"))
    sets = [("collection", "Documents of a collection"), ("type", "Documents by type")]
    sets += [(f"collection:{slug}", title) for slug, title in collection_titles()]
    sets += [(f"type:{code}", label) for code, label in DOCUMENT_TYPES.items()]
    for spec, name in sets:
        entry = sub(out, "set")
        sub(entry, "setSpec", spec)
        sub(entry, "setName", name)
    return out


def collection_titles() -> list[tuple[str, str]]:
    """Each collection's slug and title."""
    archive = get_archive()
    return [(c.slug, c.title) for c in archive.collections()]


def get_record(params: dict[str, str], now: dt.datetime) -> ET.Element:
    """GetRecord: one item's record in the asked format."""
    check_prefix(params["metadataPrefix"])
    archive = get_archive()
    doc = harvested_document(archive, params["identifier"])
    out = ET.Element(q(OAI, "GetRecord"))
    record(out, doc, archive)
    return out


def check_prefix(prefix: str) -> None:
    """Refuse a metadata format we do not disseminate."""
    if prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"Only oai_dc is offered, not {prefix[:40]!r}.")


# -- lists and their resumption tokens ---------------------------------------------------------


@dataclass(frozen=True)
class ListQuery:
    """What a list request asks for, and how far it has gone."""

    verb: str
    prefix: str
    since: str | None
    until: str | None
    set: str | None
    after: int = 0
    cursor: int = 0


def parse_stamp(value: str, name: str, *, end: bool) -> tuple[dt.datetime, str]:
    """A from/until argument as an (exclusive for until) bound, with its granularity."""
    for pattern, fmt, step, grain in (
        (_DAY, "%Y-%m-%d", dt.timedelta(days=1), "day"),
        (_SECOND, SECONDS, dt.timedelta(seconds=1), "second"),
    ):
        if pattern.match(value):
            try:
                moment = dt.datetime.strptime(value, fmt).replace(tzinfo=dt.UTC)
            except ValueError:
                break
            return (moment + step if end else moment), grain
    raise OaiError("badArgument", f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.")


def query_from_arguments(verb: str, params: dict[str, str], now: dt.datetime) -> ListQuery:
    """A first list request, checked; ``until`` frozen at now if not given."""
    check_prefix(params["metadataPrefix"])
    bounds = {}
    grains = set()
    for name in ("from", "until"):
        if name in params:
            bounds[name], grain = parse_stamp(params[name], name, end=name == "until")
            grains.add(grain)
    if len(grains) > 1:
        raise OaiError("badArgument", "from and until must have the same granularity.")
    until = bounds.get("until", now + dt.timedelta(seconds=1))
    spec = params.get("set")
    if spec is not None and not _SET.match(spec):
        raise OaiError("badArgument", "set is not a valid setSpec.")
    since = bounds["from"].isoformat() if "from" in bounds else None
    return ListQuery(verb, params["metadataPrefix"], since, until.isoformat(), spec)


def scope_of(spec: str | None) -> HarvestScope | None:
    """The part of the archive a setSpec names; None when it names no set of ours."""
    if spec is None or spec == "type":
        return HarvestScope()
    if spec == "collection":
        return HarvestScope(any_collection=True)
    kind, _, value = spec.partition(":")
    if kind == "collection" and value and ":" not in value:
        return HarvestScope(collection=value)
    if kind == "type" and value in DOCUMENT_TYPES:
        return HarvestScope(doc_type=value)
    return None


def _signature(payload: bytes) -> bytes:
    key = get_archive().secret_key().encode()
    return hmac.new(key, b"oai-token:" + payload, hashlib.sha256).digest()[:16]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_token(query: ListQuery) -> str:
    """A signed, self-contained resumption token."""
    payload = json.dumps(query.__dict__, separators=(",", ":"), sort_keys=True).encode()
    return f"{_b64(payload)}.{_b64(_signature(payload))}"


def read_token(verb: str, token: str) -> ListQuery:
    """The query a token carries, or ``badResumptionToken``."""
    bad = OaiError("badResumptionToken", "The resumption token is invalid or was altered.")
    if len(token) > MAX_TOKEN or token.count(".") != 1:
        raise bad
    try:
        body, sig = (_unb64(part) for part in token.split("."))
        if not hmac.compare_digest(sig, _signature(body)):
            raise bad
        query = ListQuery(**json.loads(body))
    except (binascii.Error, ValueError, TypeError) as exc:
        raise bad from exc
    if query.verb != verb:
        raise bad
    return query


def list_items(verb: str, params: dict[str, str], now: dt.datetime) -> ET.Element:
    """ListIdentifiers / ListRecords: one page of headers or records, and a token if more."""
    archive = get_archive()
    if "resumptionToken" in params:
        query = read_token(verb, params["resumptionToken"])
    else:
        query = query_from_arguments(verb, params, now)
    scope = scope_of(query.set)
    size = archive.settings.oai_page_size
    total = 0
    docs: list[Document] = []
    if scope is not None:
        total, docs = archive.harvest(
            after_id=query.after,
            since=dt.datetime.fromisoformat(query.since) if query.since else None,
            until=dt.datetime.fromisoformat(query.until) if query.until else None,
            scope=scope,
            limit=size + 1,
        )
    if not docs:
        raise OaiError("noRecordsMatch", "No record matches these arguments.")
    out = ET.Element(q(OAI, verb))
    for doc in docs[:size]:
        (record if verb == "ListRecords" else header)(out, doc, archive)
    add_token(out, query, docs, size, total)
    return out


def add_token(
    out: ET.Element, query: ListQuery, docs: list[Document], size: int, total: int
) -> None:
    """The resumption token of a list: a new one if more remain, an empty one at the end."""
    attrs = {"completeListSize": str(total), "cursor": str(query.cursor)}
    if len(docs) > size:
        following = replace(query, after=docs[size - 1].id, cursor=query.cursor + size)
        sub(out, "resumptionToken", make_token(following), **attrs)
    elif query.cursor:
        sub(out, "resumptionToken", **attrs)


HANDLERS: dict[str, Callable[[dict[str, str], dt.datetime], ET.Element]] = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": lambda p, now: list_items("ListIdentifiers", p, now),
    "ListRecords": lambda p, now: list_items("ListRecords", p, now),
}
