"""A small archive for the web and API tests, and a little HTML reading for their assertions.

Two collections, documents of several types and languages (titles in Thai and Vietnamese), a
document of no collection whose title and text are hostile HTML, and a withdrawn document.
Everything is built on the spot with fpdf2 and the real ingest pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from archive.collections import upsert_collection
from archive.service import Archive
from tests.factories import open_archive, write_pdf

ASEAN = {
    "slug": "asean-2015",
    "title": "ASEAN seminar on social protection",
    "start_date": "2015-11-25",
    "end_date": "2015-11-26",
    "venue": "Jakarta, Indonesia",
    "description": (
        "Two days on extending social protection.\n\nGovernments, workers and employers."
    ),
}
OLDER = {
    "slug": "mekong-2012",
    "title": "Regional dialogue on labour migration",
    "start_date": "2012-05-10",
    "end_date": "2012-05-10",
    "venue": "Bangkok, Thailand",
    "description": "A one-day dialogue.",
}
HOSTILE_TITLE = '<script>alert("title")</script> Hostile & "quoted" title'
HOSTILE_TEXT = '<script>alert("page")</script> zebracrossing hostile snippet'


@dataclass(frozen=True)
class Spec:
    """One document to build: its pages' text and what the librarian says about it."""

    key: str
    pages: tuple[str, ...]
    given: dict[str, Any] = field(default_factory=dict)


SPECS = (
    Spec(
        "report",
        (
            "Introduction to social protection in the region.",
            "Pension coverage remains low for informal workers. Pension reform is urgent.",
            "Maternity benefits and unemployment insurance.",
        ),
        {
            "title": "Social protection in ASEAN: the state of play",
            "type": "report",
            "language": "en",
            "date": "2015-11-25",
            "creators": ["International Labour Organization", "ASEAN Secretariat"],
            "subjects": ["social protection", "pensions"],
            "collection": "asean-2015",
            "description": "The background report of the seminar.",
        },
    ),
    Spec(
        "recommendations",
        ("We recommend extending social protection floors and pension schemes to migrants.",),
        {
            "title": "Conclusions and recommendations",
            "type": "recommendations",
            "language": "en",
            "date": "2015-11-26",
            "collection": "asean-2015",
            "description": "Twelve recommendations adopted by the participants.",
        },
    ),
    Spec(
        "thai",
        ("Universal coverage scheme in Thailand: pension and health care.",),
        {
            "title": "การคุ้มครองทางสังคมในประเทศไทย",
            "type": "speech",
            "language": "th",
            "date": "2015-11-25",
            "collection": "asean-2015",
        },
    ),
    Spec(
        "viet",
        ("Social insurance reform in Viet Nam and the pension fund.",),
        {
            "title": "Bảo trợ xã hội ở Việt Nam: báo cáo",
            "type": "presentation",
            "language": "vi",
            "date": "2015-11-26",
            "collection": "asean-2015",
        },
    ),
    Spec(
        "hostile",
        (HOSTILE_TEXT,),
        {"title": HOSTILE_TITLE, "type": "other", "language": "en", "date": "2012"},
    ),
    Spec(
        "migration",
        ("Labour migration in the Mekong and the portability of pension rights.",),
        {
            "title": "Labour migration in the Mekong",
            "type": "report",
            "language": "en",
            "date": "2012-05-10",
            "collection": "mekong-2012",
        },
    ),
    Spec(
        "withdrawn",
        ("Draft agenda withdrawnword pension.",),
        {
            "title": "Draft agenda (superseded)",
            "type": "other",
            "language": "en",
            "date": "2015-10-01",
            "collection": "asean-2015",
        },
    ),
)
WITHDRAWN_REASON = "Superseded by the final programme."


@dataclass
class Library:
    """The built archive and each document's id by key."""

    archive: Archive
    ids: dict[str, int]

    def doc(self, key: str) -> Any:
        return self.archive.document(self.ids[key])


def build_library(root: Path, **overrides: Any) -> Library:
    """Create the archive under ``root`` and ingest every document of ``SPECS``."""
    from ingest.pipeline import Candidate, Pipeline

    archive = open_archive(root / "data", **overrides)
    for collection in (ASEAN, OLDER):
        upsert_collection(archive, collection, actor="test")
    (root / "pdfs").mkdir(exist_ok=True)
    items = [
        Candidate(write_pdf(root / "pdfs" / f"{s.key}.pdf", s.pages), s.given, f"{s.key}.pdf")
        for s in SPECS
    ]
    outcomes = Pipeline(archive, actor="test").run(items)
    assert all(o.status == "added" for o in outcomes), outcomes
    ids = {s.key: o.document_id for s, o in zip(SPECS, outcomes, strict=True)}
    archive.set_status(ids["withdrawn"], withdrawn=True, reason=WITHDRAWN_REASON, actor="test")
    return Library(archive, {k: v for k, v in ids.items() if v is not None})


def stored_bytes(archive: Archive, doc_id: int) -> bytes:
    """The bytes the archive keeps for a document."""
    return archive.store.path_for(archive.document(doc_id).sha256).read_bytes()


# -- reading HTML ----------------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.links: list[tuple[str, str]] = []
        self._open_links: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.elements.append((tag, values))
        if tag == "a":
            self._open_links.append([values.get("href", "")])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open_links:
            href, *text = self._open_links.pop()
            self.links.append((href, " ".join("".join(text).split())))

    def handle_data(self, data: str) -> None:
        for link in self._open_links:
            link.append(data)


def parse(html: str) -> _Collector:
    """Parse a page; ``.elements`` = (tag, attributes), ``.links`` = (href, visible text)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def hrefs(html: str) -> list[str]:
    """Every link target of a page."""
    return [href for href, _ in parse(html).links]


def text_of(html: str) -> str:
    """A page's text with tags removed and whitespace collapsed (entities decoded)."""

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
