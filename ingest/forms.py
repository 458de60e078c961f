"""Text typed into a PDF's form fields (AcroForm values), placed on the pages that show it.

Neither pypdf nor PDFium puts field values into a page's text, yet what was typed into a
form is part of the document. Values are read from the form dictionary; a field's page is
found through its widget annotations (the page whose ``/Annots`` holds them, else the
widget's ``/P``), and falls back to the first page.
"""

from __future__ import annotations

from typing import Any

MAX_FIELDS = 10_000  # a form dictionary is walked, not trusted: bounded and cycle-safe
MAX_VALUE = 10_000


def form_values(reader: Any) -> dict[int, list[str]]:
    """{page index: values typed into the fields shown on that page}; {} without a form."""
    from pypdf.generic import ArrayObject, DictionaryObject

    form = reader.trailer["/Root"].get("/AcroForm")
    form = form.get_object() if form is not None else None
    if not isinstance(form, DictionaryObject) or not isinstance(
        fields := form.get("/Fields"), ArrayObject
    ):
        return {}
    annotation_pages, page_numbers = _page_maps(reader)
    out: dict[int, list[str]] = {}
    for idnum, node in _walk(fields):
        value = _value(node.get("/V"))
        if value:
            page = _page_of(idnum, node, annotation_pages, page_numbers)
            out.setdefault(page, []).append(value)
    return out


def _page_maps(reader: Any) -> tuple[dict[int, int], dict[int, int]]:
    """{annotation object number: page index}, {page object number: page index}."""
    annotations: dict[int, int] = {}
    pages: dict[int, int] = {}
    for index, page in enumerate(reader.pages):
        if page.indirect_reference is not None:
            pages[page.indirect_reference.idnum] = index
        for ref in _array(page.get("/Annots")):
            if hasattr(ref, "idnum"):
                annotations.setdefault(ref.idnum, index)
    return annotations, pages


def _walk(fields: Any) -> list[tuple[int | None, Any]]:
    """(object number, dictionary) of every field and widget under ``/Fields``, each once."""
    seen: set[int] = set()
    out: list[tuple[int | None, Any]] = []
    stack = list(_array(fields))
    while stack and len(out) < MAX_FIELDS:
        ref = stack.pop()
        idnum = getattr(ref, "idnum", None)
        if idnum is not None:
            if idnum in seen:
                continue  # a /Kids cycle, or a widget listed twice
            seen.add(idnum)
        node = ref.get_object() if hasattr(ref, "get_object") else ref
        if isinstance(node, dict):
            out.append((idnum, node))
            stack.extend(_array(node.get("/Kids")))
    return out


def _page_of(
    idnum: int | None, node: Any, annotations: dict[int, int], pages: dict[int, int]
) -> int:
    widgets = [idnum, *(getattr(kid, "idnum", None) for kid in _array(node.get("/Kids")))]
    for widget in widgets:
        if widget in annotations:
            return annotations[widget]
    page_ref = node.get("/P")
    return pages.get(getattr(page_ref, "idnum", -1), 0)


def _value(value: Any) -> str:
    """A typed value: text strings (a list of them for multiple choices); names are states."""
    from pypdf.generic import ArrayObject, NameObject

    value = value.get_object() if hasattr(value, "get_object") else value
    if isinstance(value, ArrayObject):
        return " ".join(filter(None, (_value(v) for v in value)))[:MAX_VALUE]
    if value is None or isinstance(value, NameObject) or not isinstance(value, str | bytes):
        return ""
    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return " ".join(text.split())[:MAX_VALUE]


def _array(value: Any) -> list[Any]:
    from pypdf.generic import ArrayObject

    value = value.get_object() if hasattr(value, "get_object") else value
    return list(value) if isinstance(value, ArrayObject) else []
