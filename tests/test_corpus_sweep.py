"""A sweep: every PDF of the reference corpus (and a few built here) ingested in one run.

Each file ends in exactly one state; catalog, store and index then hold the same documents,
and ``archive check`` finds no error (documents without a text layer are warnings).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfWriter
from sqlalchemy import func, select

from archive.catalog import Document
from archive.check import ERROR, run_checks
from archive.search import SearchRequest
from archive.service import Archive
from ingest.pipeline import ADDED, DUPLICATE, REFUSED, Pipeline, candidates
from tests import hostile

# The corpus README gives this file an open password ("openpassword"): a user password,
# so its text cannot be read and it is refused.
USER_PASSWORD = "005-libreoffice-writer-password/libreoffice-writer-password.pdf"
# pypdf 7 cannot read this file's page tree ("Invalid object in /Pages"): refused today,
# added if a later pypdf reads it; either way it ends with a reason.
UNREADABLE_PAGES = "017-unreadable-meta-data/unreadablemetadata.pdf"


def built(folder: Path) -> dict[str, Path]:
    """Encrypted and image-only files, made here."""
    folder.mkdir()
    plain = folder / "plain.pdf"
    plain.write_bytes(hostile.plain("Owner protected report on labour inspection."))
    out = {}
    for name, user in (("owner-only", ""), ("user-password", "reader")):
        writer = PdfWriter(clone_from=str(plain))
        writer.encrypt(user_password=user, owner_password="secret", algorithm="AES-256")
        out[name] = folder / f"{name}.pdf"
        with open(out[name], "wb") as fh:
            writer.write(fh)
    plain.unlink()
    out["image-only"] = folder / "image-only.pdf"
    out["image-only"].write_bytes(hostile.image_only())
    return out


@pytest.mark.slow
def test_every_corpus_file_ends_in_exactly_one_state_and_all_counts_agree(
    archive: Archive, corpus: Path, tmp_path: Path
) -> None:
    extra = built(tmp_path / "built")
    files = sorted(corpus.rglob("*.pdf")) + sorted(extra.values())
    outcomes = Pipeline(archive).run(candidates([corpus, tmp_path / "built"]))

    assert sorted(Path(o.path) for o in outcomes) == sorted(files)  # each file exactly once
    states = Counter(o.status for o in outcomes)
    assert set(states) <= {ADDED, DUPLICATE, REFUSED}
    assert states[ADDED] + states[DUPLICATE] + states[REFUSED] == len(files)
    by_path = {Path(o.path): o for o in outcomes}
    refused = {p: o.reason for p, o in by_path.items() if o.status == REFUSED}
    assert all(refused.values())  # every refusal says why
    assert "encrypted with a user password" in by_path[corpus / USER_PASSWORD].reason
    assert "encrypted with a user password" in by_path[extra["user-password"]].reason
    allowed_refusals = {corpus / USER_PASSWORD, corpus / UNREADABLE_PAGES, extra["user-password"]}
    assert set(refused) <= allowed_refusals, refused

    with archive.catalog.read() as session:
        in_catalog = session.scalar(select(func.count()).select_from(Document))
    in_store = len(list(archive.store.all_digests()))
    in_index = len(archive.index.indexed_pages())
    assert in_catalog == in_store == in_index == states[ADDED]
    assert [f for f in run_checks(archive) if f.level == ERROR] == []

    owner_only = archive.document(by_path[extra["owner-only"]].document_id)
    assert owner_only.has_text
    assert archive.search(SearchRequest(q="labour inspection")).total == 1
    assert archive.document(by_path[extra["image-only"]].document_id).has_text is False
