"""Citations of a document: CSL-JSON, BibTeX and RIS for reference managers, and formatted
references in APA, Chicago (author-date) and Harvard style for people.

Everything is built from one CSL-JSON item, so the formats cannot disagree. Creators are kept
as written (the archive records organisations and people as plain strings), so they are given
as literal names and never split into family and given names. The formatted styles are written
by hand: citeproc-py would add a dependency and its bundled styles for literal-only names and
the three styles shown here give the same text as these few lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from archive.catalog import Document

# The archive's document types as CSL, BibTeX and RIS types.
CSL_TYPES = {
    "report": "report",
    "speech": "speech",
    "presentation": "speech",
    "press-release": "document",
    "participant-list": "document",
    "recommendations": "document",
    "other": "document",
}
BIBTEX_TYPES = {"report": "techreport"}
RIS_TYPES = {"report": "RPRT", "presentation": "SLIDE", "speech": "GEN"}
MONTHS = [
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
]
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


@dataclass(frozen=True)
class Where:
    """Where a document lives on this site, and the site's name."""

    page_url: str
    pdf_url: str  # empty when readers may not have the file
    site_name: str


def one_line(text: str | None) -> str:
    """Text on one line: control characters and runs of white space become one space."""
    kept = "".join(ch if ch.isprintable() else " " for ch in text or "")
    return " ".join(kept.split())


def date_parts(date: str | None) -> list[int]:
    """'2015-11-25' → [2015, 11, 25]; '2015' → [2015]; nothing → []."""
    return [int(p) for p in (date or "").split("-") if p.isdigit()]


def csl_item(doc: Document, where: Where) -> dict[str, Any]:
    """The document as one CSL-JSON item."""
    item: dict[str, Any] = {
        "id": f"doc{doc.id}",
        "type": CSL_TYPES.get(doc.type, "document"),
        "title": one_line(doc.title),
        "genre": doc.type_label,
        "URL": where.page_url,
        "publisher": where.site_name,
        "medium": "PDF",
    }
    if doc.creators:
        item["author"] = [{"literal": one_line(c)} for c in doc.creators]
    if parts := date_parts(doc.date):
        item["issued"] = {"date-parts": [parts]}
    if doc.language:
        item["language"] = doc.language
    if doc.description:
        item["abstract"] = doc.description
    if doc.subjects:
        item["keyword"] = ", ".join(one_line(s) for s in doc.subjects)
    if col := doc.collection:
        item["event-title"] = one_line(col.title)
        if col.venue:
            item["event-place"] = one_line(col.venue)
    return item


def bibtex_escape(text: str) -> str:
    """Text safe inside a braced BibTeX field (LaTeX specials escaped, one line)."""
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in one_line(text))


def bibtex(doc: Document, where: Where) -> str:
    """The document as one BibTeX entry (UTF-8, biblatex-friendly)."""
    item = csl_item(doc, where)
    fields = [("title", "{" + bibtex_escape(item["title"]) + "}")]
    if doc.creators:
        # Double braces keep an organisation's name whole instead of "family, given".
        names = " and ".join("{" + bibtex_escape(a["literal"]) + "}" for a in item["author"])
        fields.append(("author", names))
    parts = date_parts(doc.date)
    if parts:
        fields.append(("year", str(parts[0])))
    if len(parts) > 1:
        fields.append(("month", str(parts[1])))
    fields += _bibtex_more(doc, item)
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{BIBTEX_TYPES.get(doc.type, 'misc')}{{{item['id']},\n{body}\n}}\n"


def _bibtex_more(doc: Document, item: dict[str, Any]) -> list[tuple[str, str]]:
    fields = [
        ("type", bibtex_escape(item["genre"])),
        ("howpublished", bibtex_escape(item["publisher"])),
        ("url", item["URL"]),
    ]
    if doc.type == "report":
        fields.append(("institution", bibtex_escape(item["publisher"])))
    if "event-title" in item:
        fields.append(("eventtitle", bibtex_escape(item["event-title"])))
    if "event-place" in item:
        fields.append(("venue", bibtex_escape(item["event-place"])))
    if doc.language:
        fields.append(("langid", bibtex_escape(doc.language)))
    if "keyword" in item:
        fields.append(("keywords", bibtex_escape(item["keyword"])))
    if doc.description:
        fields.append(("abstract", bibtex_escape(doc.description)))
    return fields


def ris(doc: Document, where: Where) -> str:
    """The document as one RIS record (CRLF line ends, as the format asks)."""
    item = csl_item(doc, where)
    lines = [("TY", RIS_TYPES.get(doc.type, "GEN")), ("TI", item["title"])]
    lines += [("AU", a["literal"]) for a in item.get("author", [])]
    parts = date_parts(doc.date)
    if parts:
        lines.append(("PY", str(parts[0])))
        lines.append(("DA", "/".join(f"{p:02d}" for p in parts) + "/"))
    lines += [("KW", one_line(s)) for s in doc.subjects or []]
    for tag, key in (("T2", "event-title"), ("CY", "event-place"), ("LA", "language")):
        if key in item:
            lines.append((tag, item[key]))
    if doc.description:
        lines.append(("AB", one_line(doc.description)))
    lines += [("M3", item["genre"]), ("PB", where.site_name), ("UR", where.page_url)]
    lines += [("L1", where.pdf_url)] if where.pdf_url else []
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def _names(doc: Document, last_joiner: str) -> str:
    names = [one_line(c) for c in doc.creators or []]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + last_joiner + names[-1]


def _long_date(parts: list[int], *, day_first: bool) -> str:
    if len(parts) < 2:
        return ""
    month = MONTHS[parts[1] - 1]
    if len(parts) < 3:
        return month
    return f"{parts[2]} {month}" if day_first else f"{month} {parts[2]}"


def _event(doc: Document) -> str:
    col = doc.collection
    if col is None:
        return ""
    return ", ".join(one_line(p) for p in (col.title, col.venue) if p)


def _join(*pieces: str) -> str:
    text = " ".join(p for p in pieces if p)
    return re.sub(r"\.\.+", ".", text)


def apa(doc: Document, where: Where) -> str:
    """APA (7th edition) reference."""
    parts = date_parts(doc.date)
    date = str(parts[0]) if parts else "n.d."
    if len(parts) > 1:
        date += ", " + _long_date(parts, day_first=False)
    title = f"{one_line(doc.title).rstrip('.')} [{doc.type_label}]."
    event = _event(doc)
    who = _names(doc, ", & ")
    if not who:
        return _join(title, f"({date}).", f"{event}." if event else "", where.page_url)
    return _join(f"{who}.", f"({date}).", title, f"{event}." if event else "", where.page_url)


def chicago(doc: Document, where: Where) -> str:
    """Chicago (author-date) reference."""
    parts = date_parts(doc.date)
    year = str(parts[0]) if parts else "n.d."
    title = f"“{one_line(doc.title).rstrip('.')}.”"
    tail = ", ".join(p for p in (doc.type_label, _event(doc)) if p)
    if len(parts) > 1:
        tail += ", " + _long_date(parts, day_first=False)
    who = _names(doc, ", and ")
    head = f"{who}. {year}." if who else f"{title} {year}."
    body = title if who else ""
    return _join(head, body, f"{tail}.", f"{where.page_url}.")


def harvard(doc: Document, where: Where) -> str:
    """Harvard reference."""
    parts = date_parts(doc.date)
    year = str(parts[0]) if parts else "n.d."
    who = _names(doc, " and ") or one_line(doc.title).rstrip(".")
    title = "" if not doc.creators else f"{one_line(doc.title).rstrip('.')}"
    event = ", ".join(p for p in (_event(doc), _long_date(parts, day_first=True)) if p)
    pieces = [f"{who} ({year})", f"{title} [{doc.type_label}]." if title else ""]
    if not title:
        pieces[0] += f" [{doc.type_label}]."
    return _join(*pieces, f"{event}." if event else "", f"Available at: {where.page_url}.")


STYLES = {"APA": apa, "Chicago": chicago, "Harvard": harvard}


def formatted(doc: Document, where: Where) -> list[tuple[str, str]]:
    """The document's reference in each style: (style name, text)."""
    return [(name, style(doc, where)) for name, style in STYLES.items()]
