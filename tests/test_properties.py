"""Property-based tests: random queries never break search, random bytes never break ingest.

A query ends in results or a ``QueryError`` (a message for the reader), never another
exception. A file of random bytes, or a valid PDF with random damage, ends added or refused
with a reason, never a crash.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from archive.errors import QueryError, RefusedFile
from archive.search import FACETS, SORTS, SearchRequest
from archive.service import Archive, SearchPage
from ingest import extract
from ingest.pipeline import ADDED, REFUSED, Pipeline, candidates
from tests import hostile
from tests.conftest import on_engine
from tests.factories import settings_for

QUERIES = hsettings(
    max_examples=100,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the project
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FILES = hsettings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text made of the query language's own pieces finds the parser's corners sooner.
SYNTAX = st.lists(
    st.sampled_from(
        [
            *'()"*?~^:+-/\\[]{}! \t\n\x00',
            *("AND", "OR", "NOT", "TO", "title:", "lang:", "year:", "creator:", "pid:", "doc_id:"),
            *("content:", "stem_en:", "protect", "protection", "pén", "ประกันสังคม", "r'", "2015"),
            *("date:", "2015-11-25", "language:", "author:", "{", "}"),
        ]
    ),
    max_size=40,
).map("".join)
ANY_TEXT = st.text(max_size=200)  # every code point but surrogates, control characters too


@pytest.fixture(scope="module")
def small_archive(
    tmp_path_factory: pytest.TempPathFactory, engine: str, request: pytest.FixtureRequest
) -> Iterator[Archive]:
    """A small archive on each engine in turn (hostile queries are part of the conformance
    suite)."""
    data = tmp_path_factory.mktemp("properties") / "data"
    archive = Archive.open(on_engine(settings_for(data), engine, request))
    folder = data.parent / "in"
    folder.mkdir()
    for n, words in enumerate(
        ["social protection floors", "protection of migrant workers 2015", "protección social"]
    ):
        (folder / f"{n}.pdf").write_bytes(hostile.plain(f"A paper on {words}."))
    assert {o.status for o in Pipeline(archive).run(candidates([folder]))} == {ADDED}
    yield archive
    archive.close()


def search_or_query_error(archive: Archive, request: SearchRequest) -> None:
    try:
        page = archive.search(request)
    except QueryError as exc:
        assert exc.message.strip()
        return
    assert isinstance(page, SearchPage) and page.total >= 0


@QUERIES
@given(q=st.one_of(ANY_TEXT, SYNTAX))
@example(q="\ud800")
@example(q="protection \udfff of")
@example(q="\x00")
@example(q="(" * 5000 + "protection")
@example(q='"unbalanced')
@example(q="protection " * 10_000)
@example(q="AND")
@example(q="-")
@example(q="p*")
@example(q="*")
@example(q="pid:1:1")
@example(q="title:")
@example(q="year:[0 TO 99999999999999999999]")
@example(q="\u202eevil\u202c")
def test_any_query_gives_results_or_a_message(small_archive: Archive, q: str) -> None:
    search_or_query_error(small_archive, SearchRequest(q=q))


@QUERIES
@given(
    q=SYNTAX,
    sort=st.sampled_from(SORTS),
    filters=st.dictionaries(st.sampled_from(FACETS), ANY_TEXT, max_size=2),
    page=st.integers(1, 200),
    per_page=st.integers(1, 100),
)
@example(q="protection", sort="relevance", filters={"year": "²"}, page=1, per_page=10)
def test_any_sort_filter_and_page_gives_results_or_a_message(
    small_archive: Archive, q: str, sort: str, filters: dict, page: int, per_page: int
) -> None:
    request = SearchRequest(q=q, page=page, per_page=per_page, sort=sort, filters=filters)
    search_or_query_error(small_archive, request)


@pytest.mark.parametrize(
    "q, expected",
    [
        ("x" * 100_000, "too long"),  # 100 kB
        ("(" * 5000 + "protection" + ")" * 5000, "too long"),
        ("(" * 20 + "protection" + ")" * 20, "nested"),
        ("AND", "only operators"),
        ("+", "no words"),
        ("\ud800protection\x00", 2),  # NUL and a lone surrogate are dropped
        ('"protection', 2),  # an unbalanced quote
        ("doc_id:1", 0),  # internal fields cannot be searched
        ("pid:1:1", 0),
        ("page:1", 0),
        ("".join(f"[{c} TO zzzz] " for c in "abcdefghijkl"), "only on year: and date:"),
        ("NOT NOT NOT protection", 1),  # negations cancel in pairs
        ("date:[2000 TO 2100]", 0),  # no document here has a date: nothing found
        ("zzqx*", 0),  # a prefix of no word finds nothing
    ],
)
def test_hostile_queries_get_a_quick_clear_answer(
    small_archive: Archive, q: str, expected: str | int
) -> None:
    if isinstance(expected, str):
        with pytest.raises(QueryError, match=expected):
            small_archive.search(SearchRequest(q=q))
    else:
        assert small_archive.search(SearchRequest(q=q)).total == expected


# -- random bytes into the ingest refusal path ------------------------------------------------


def _ends_with_a_reason(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        result = extract.extract(path, extract.Limits(timeout=20, memory_mb=512))
    except RefusedFile as exc:
        assert exc.reason.strip()
    else:
        assert all(isinstance(page, str) and "\x00" not in page for page in result.pages)


@FILES
@given(data=st.binary(max_size=4096), prefixed=st.booleans())
@example(data=b"", prefixed=False)
@example(data=b"", prefixed=True)
@example(data=b"<html>" + b" " * 2000 + b"%PDF-1.7", prefixed=False)
def test_random_bytes_are_refused_with_a_reason_or_read(
    tmp_path: Path, data: bytes, prefixed: bool
) -> None:
    _ends_with_a_reason(tmp_path / "random.pdf", (hostile.HEADER + data) if prefixed else data)


@FILES
@given(st.data())
def test_a_damaged_valid_pdf_is_refused_with_a_reason_or_read(
    tmp_path: Path, data: st.DataObject
) -> None:
    """Random bytes overwritten in, or cut off from, a valid multi-page PDF."""
    original = bytearray(hostile.many_pages(3))
    for _ in range(data.draw(st.integers(1, 8), label="edits")):
        at = data.draw(st.integers(0, len(original) - 1), label="at")
        original[at : at + 4] = data.draw(st.binary(min_size=1, max_size=4), label="bytes")
    cut = data.draw(st.integers(len(original) // 2, len(original)), label="cut")
    _ends_with_a_reason(tmp_path / "damaged.pdf", bytes(original[:cut]))


@FILES
@given(payload=st.binary(max_size=2048))
def test_a_random_stream_behind_a_flate_filter_is_refused_or_read(
    tmp_path: Path, payload: bytes
) -> None:
    """A content stream of random (and randomly compressed) data on a valid page."""
    body = hostile.stream(zlib.compress(payload), b"/Filter /FlateDecode ")
    _ends_with_a_reason(tmp_path / "stream.pdf", hostile.assemble(hostile.one_page(body)))


@FILES
@given(data=st.binary(max_size=2048), prefixed=st.booleans())
def test_the_pipeline_keeps_its_batch_whatever_the_bytes(
    small_archive: Archive, tmp_path_factory: pytest.TempPathFactory, data: bytes, prefixed: bool
) -> None:
    folder = tmp_path_factory.mktemp("batch")
    odd = folder / "odd.pdf"
    odd.write_bytes((hostile.HEADER + data) if prefixed else data)
    [outcome] = Pipeline(small_archive).run(candidates([odd]))
    assert outcome.status in {ADDED, REFUSED, "duplicate"}
    assert outcome.status != REFUSED or outcome.reason.strip()
    assert small_archive.store.stray_temporaries() == []
