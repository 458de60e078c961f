"""The catalog on PostgreSQL: the same pipeline, search, edits and check as on SQLite.

The session's throwaway PostgreSQL server (``postgres_cluster`` in conftest) gives each test
a fresh database; the archive runs on it with each search engine in turn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archive.check import ERROR, run_checks
from archive.config import Settings
from archive.search import SearchRequest
from archive.service import Archive
from ingest.pipeline import Pipeline, candidates
from tests.conftest import PdfMaker


@pytest.mark.parametrize("engine_name", ["whoosh", "postgres"])
def test_the_archive_works_on_postgresql(
    postgres_url: str, tmp_path: Path, make_pdf: PdfMaker, engine_name: str
) -> None:
    settings = Settings.from_env(
        env={},
        data_dir=tmp_path / "data",
        database_url=postgres_url,
        ingest_workers=2,
        search_engine=engine_name,
    )
    archive = Archive.open(settings)
    pdfs = [
        make_pdf("Portability of social security for migrant workers.", title="One"),
        make_pdf("Universal health coverage.", "Pensions for older persons.", title="Two"),
    ]
    outcomes = Pipeline(archive).run(candidates(pdfs + pdfs[:1]))
    assert [o.status for o in outcomes] == ["added", "added", "duplicate"]
    [hit] = archive.search(SearchRequest(q="pensions")).hits
    assert [p.page for p in hit.pages] == [2]
    archive.edit(hit.document.id, {"title": "Renamed on PostgreSQL"}, actor="test")
    assert archive.search(SearchRequest(q="title:renamed")).total == 1
    _people_and_programmes_work(archive, hit.document.id)
    archive.set_status(hit.document.id, withdrawn=True, reason="test", actor="test")
    assert archive.search(SearchRequest(q="pensions")).total == 0
    assert [f for f in run_checks(archive) if f.level == ERROR] == []
    archive.close()


def _people_and_programmes_work(archive: Archive, doc_id: int) -> None:
    """People records, their aliases and an event's programme, on PostgreSQL's json type."""
    from archive.collections import upsert_collection

    talk = {"title": "T", "speakers": [{"name": "Ms Pg"}], "documents": [doc_id]}
    day = {"date": "2015-11-25", "sessions": [{"title": "S", "contributions": [talk]}]}
    upsert_collection(archive, {"slug": "pg", "programme": {"days": [day]}}, actor="test")
    archive.edit(doc_id, {"creators": ["Bureau_international 100%"]}, actor="test")
    slug = archive.person_slug("bureau_international 100%")
    assert slug is not None
    person, docs, _talks = archive.person_page(slug)
    assert [d.id for d in docs] == [doc_id]
    archive.edit_person(person.id, {"aliases": ["BIT"]}, actor="test")
    assert archive.search(SearchRequest(q="creator:BIT")).total == 1
    speaker = archive.person_page(archive.person_slug("Ms Pg") or "")
    assert speaker is not None and [t.title for t in speaker[2]] == ["T"]


def test_parallel_wrong_passwords_get_no_more_checks_than_the_limits(
    postgres_url: str, tmp_path: Path
) -> None:
    from tests.librarian import add_librarian, guess_in_parallel

    settings = Settings.from_env(env={}, data_dir=tmp_path / "data", database_url=postgres_url)
    archive = Archive.open(settings, prepare_index=False)
    add_librarian(archive, "pg-throttled")
    guesses = [("pg-throttled", f"10.9.0.{i}") for i in range(30)]
    checked, outcomes = guess_in_parallel(archive, guesses)
    assert checked == settings.login_max_failures
    assert outcomes.count("TooManyAttempts") == 30 - settings.login_max_failures
    guesses = [(f"pg-guess{i}", "10.9.9.9") for i in range(48)]
    checked, outcomes = guess_in_parallel(archive, guesses)
    assert checked == settings.login_max_failures_per_address


def test_the_postgres_engine_keeps_no_index_directory(postgres_url: str, tmp_path: Path) -> None:
    settings = Settings.from_env(
        env={}, data_dir=tmp_path / "data", database_url=postgres_url, search_engine="postgres"
    )
    archive = Archive.open(settings)
    assert archive.index.exists() and archive.index.health() is None
    assert not settings.index_path.exists()
    archive.close()


def test_check_finds_and_repairs_the_postgres_index_and_reindex_rebuilds_it(
    postgres_url: str, tmp_path: Path, make_pdf: PdfMaker
) -> None:
    from click.testing import CliRunner
    from sqlalchemy import text

    from archive.cli import main

    env = {
        "ARCHIVE_DATA_DIR": str(tmp_path / "data"),
        "ARCHIVE_DATABASE_URL": postgres_url,
        "ARCHIVE_SEARCH_ENGINE": "postgres",
        "ARCHIVE_INGEST_WORKERS": "2",
    }
    settings = Settings.from_env(env=env)
    archive = Archive.open(settings)
    Pipeline(archive).run(candidates([make_pdf("Tidal energy.", "Wave power.")]))
    with archive.index.engine.begin() as conn:  # the index loses a page behind our back
        conn.execute(text("DELETE FROM search_pages WHERE page = 2"))
    assert {f.kind for f in run_checks(archive)} >= {"not-indexed"}
    result = CliRunner().invoke(main, ["check", "--repair"], env=env)
    assert result.exit_code == 0, result.output
    assert archive.search(SearchRequest(q="wave")).total == 1
    with archive.index.engine.begin() as conn:
        conn.execute(text("DELETE FROM search_pages"))
    result = CliRunner().invoke(main, ["reindex"], env=env)
    assert result.exit_code == 0, result.output
    assert [f for f in run_checks(archive) if f.level == ERROR] == []
    assert archive.search(SearchRequest(q="tidal")).total == 1
    archive.close()


def _search_tables(engine: Any) -> dict[str, set[tuple[Any, ...]]]:
    from sqlalchemy import text

    queries = {
        "pages": "SELECT doc_id, page, year, tsv::text FROM search_pages",
        "documents": "SELECT * FROM search_documents",
        "words": "SELECT field, word, pages FROM search_words",
    }
    with engine.begin() as conn:
        return {name: set(map(tuple, conn.execute(text(sql)))) for name, sql in queries.items()}


def test_a_bulk_rebuild_writes_what_adding_documents_one_by_one_writes(
    postgres_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import text

    from archive.search.types import IndexedDocument

    settings = Settings.from_env(
        env={}, data_dir=tmp_path / "data", database_url=postgres_url, search_engine="postgres"
    )
    archive = Archive.open(settings)
    texts = [
        "Social protection for migrant workers: O'Neil's report\\on pensions.",
        "Perlindungan sosial\tbagi pekerja migran. ภาษาไทย ข้อความ Ĳssel café",
        " ".join(f"word{n % 97}" for n in range(17000)),  # positions past PostgreSQL's last
    ]
    documents = [
        IndexedDocument(
            id=n,
            title=f"Report {n}: it's \\ 'quoted'",
            creators=["ILO", "O'Neil, K."],
            type="report" if n % 2 else "Speech",
            language=["en", "id", None][n % 3],
            collection=["asean-2015", "Tab\tSlug", None][n % 3],
            date=["2015-03-01", None, "2019"][n % 3],
            pages=[(p, texts[(n + p) % len(texts)]) for p in range(1, 1 + n % 4)],
        )
        for n in range(1, 13)
    ]
    with archive.index.writer() as writer:
        for doc in documents:
            writer.add(doc)
    one_by_one = _search_tables(archive.index.engine)
    assert archive.index.rebuild(iter(documents), procs=2) == sum(len(d.pages) for d in documents)
    assert _search_tables(archive.index.engine) == one_by_one
    with archive.index.engine.begin() as conn:  # the swapped-in table has the old names
        names = set(
            conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE tablename = 'search_pages'")
            ).scalars()
        )
    assert names == {"search_pages_pkey", "ix_search_pages_tsv"}
    assert archive.index.rebuild(iter(documents[:3])) == sum(len(d.pages) for d in documents[:3])
    assert len(_search_tables(archive.index.engine)["documents"]) == 3
    archive.close()
