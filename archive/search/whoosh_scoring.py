"""Whoosh's BM25F, with each segment's field lengths read once rather than once per posting.

BM25F needs the length of the field of every page it scores. Whoosh reads it from the
segment's length column one page at a time (a column lookup and a byte-to-length decoding
per scored posting: about a tenth of a scored pass). Here each segment reader decodes a
field's whole length column once, into a list kept on the reader (a segment's pages and
lengths never change while a reader has it open), and every scorer of that segment looks
lengths up there. The lengths and the formula are Whoosh's own, so the scores are the same
to the last bit (``tests/test_fastpath.py``).
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import SegmentReader
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length

_DEFAULT_LENGTH = 1  # what Whoosh's scorer reads for a page without the field
_LENGTH_OF_BYTE = [byte_to_length(b) if b else _DEFAULT_LENGTH for b in range(256)]
_CACHE_ATTRIBUTE = "_archive_field_lengths"


class CachedLengthsBM25F(BM25F):  # type: ignore[misc]
    """``BM25F`` whose scorers read field lengths from a decoded, per-segment list."""

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: float = 1) -> Any:
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        reader = searcher.reader()
        if isinstance(scorer, BM25FScorer) and isinstance(reader, SegmentReader):
            scorer.dfl = _lengths(reader, fieldname).__getitem__
        return scorer


def _lengths(reader: SegmentReader, fieldname: str) -> list[int]:
    """Every page's length of the field in this segment, kept on the reader."""
    cache: dict[str, list[int]] = reader.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    lengths = cache.get(fieldname)
    if lengths is None:  # two threads may both decode it: the same list either way
        lengths = cache[fieldname] = _decoded(reader, fieldname)
    return lengths


def _decoded(reader: SegmentReader, fieldname: str) -> list[int]:
    """``[reader.doc_field_length(n, fieldname, 1) for every docnum n]``, read in one go.

    The W3 codec keeps one length byte per page in a column; its bytes are read whole and
    decoded by table. Should the codec ever differ, Whoosh's own per-page reads answer.
    """
    count = reader.doc_count_all()
    try:
        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return [_DEFAULT_LENGTH] * count
        stored = column._dbfile.get(column._basepos, min(column._count, count))
    except AttributeError:
        stored = None
    if not isinstance(stored, bytes | bytearray | memoryview):
        length = reader.doc_field_length
        return [length(n, fieldname, _DEFAULT_LENGTH) for n in range(count)]
    table = _LENGTH_OF_BYTE
    decoded = [table[b] for b in bytes(stored)]
    return decoded + [_DEFAULT_LENGTH] * (count - len(decoded))
