"""The librarian desk's view of OCR: each page's state and confidence on a document's desk
page and the jobs page, and a POST (with CSRF, recorded in the history) that queues a
document's pages for OCR again with other languages. The worker does the recognising.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, flash, g, redirect, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from archive.errors import NotFound
from archive.ocr_queue import PACKS, PageOcr, page_states, request_ocr, summaries
from archive.web import get_archive
from archive.web.auth import librarian_required

log = logging.getLogger(__name__)
bp = Blueprint("desk_ocr", __name__, url_prefix="/desk")

MAX_ID = 2**63 - 1


@bp.app_template_global()
def ocr_pages_of(doc_id: int) -> list[PageOcr]:
    """The pages of a document that OCR has been asked for."""
    return page_states(get_archive(), doc_id)


@bp.app_template_global()
def ocr_summary(doc_id: int | None, among: list[Any]) -> dict[str, Any]:
    """Pages per OCR state and mean confidence of one document (all of ``among`` at once)."""
    cache = g.get("ocr_summaries")
    if cache is None:
        cache = g.ocr_summaries = summaries(get_archive(), [j.document_id for j in among])
    return cache.get(doc_id, {}) if doc_id is not None else {}


#: Tesseract's pack codes (ISO 639-2/3) as the ISO 639-1 codes of Babel's language names.
_ISO_639_1 = {"eng": "en", "ind": "id", "msa": "ms", "vie": "vi", "tha": "th"}
_ISO_639_1 |= {"khm": "km", "lao": "lo", "mya": "my", "fil": "fil"}


@bp.app_template_global()
def ocr_packs() -> dict[str, str]:
    """The Tesseract language packs a librarian may choose, named in the reader's language."""
    return {code: ocr_language_name(code) for code in PACKS}


def ocr_language_name(code: str) -> str:
    """A pack's language in the interface's language (CLDR's names, through Babel)."""
    locale = get_locale()
    found = locale.languages.get(_ISO_639_1.get(code, code)) if locale else None
    return str(found or PACKS.get(code, code))


@bp.app_template_global()
def ocr_languages(packs: str) -> str:
    """``tha+eng`` as the librarian reads it: "Thai + English" in the interface's language."""
    return " + ".join(ocr_language_name(p) for p in packs.split("+") if p)


@bp.post(f"/documents/<int(max={MAX_ID}):doc_id>/ocr")
@librarian_required
def rerun(doc_id: int) -> Any:
    """Queue a document's scanned pages for OCR again, in the chosen language."""
    languages = request.form.get("languages", "")
    try:
        count = request_ocr(get_archive(), doc_id, languages, actor=g.user.name)
    except ValueError:
        flash(
            _("Not queued: %(code)s is not an installed OCR language.", code=repr(languages[:20])),
            "error",
        )
    except NotFound:
        flash(_("There is no document %(id)s.", id=doc_id), "error")
    else:
        if count:
            name = ocr_languages(languages)
            flash(
                ngettext(
                    "%(num)s page queued for OCR in %(name)s; the worker reads it shortly.",
                    "%(num)s pages queued for OCR in %(name)s; the worker reads them shortly.",
                    count,
                    name=name,
                ),
                "info",
            )
        else:
            flash(_("Nothing queued: every page of this document has a text layer."), "info")
    return redirect(url_for("desk.document", doc_id=doc_id), code=303)
