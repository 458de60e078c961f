"""Judged relevance over the sample seminar: nDCG@10 and recall@10 of realistic queries.

``tests/relevance/judgements.csv`` holds queries a policy officer would ask of
``sample_docs/`` (English and the collection's other languages), each with the pages that
answer it, graded 3 (the answer), 2 (relevant) or 1 (marginal). Each query is run as a
reader runs it (first results page, ten documents); the ranked list judged is the pages the
results show, in order (each document's best pages under it), cut at ten.

* nDCG@10: gains ``2**grade - 1``, log2 discount, divided by the ideal ordering's.
* recall@10: judged pages shown in the first ten, over ``min(10, judged pages)``.

Run it with ``python -m bench.relevance`` (seeds a temporary archive from ``sample_docs/``)
or ``--data-dir DIR`` for an archive already seeded. Queries scoring below 0.5 nDCG are
listed, never hidden.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
JUDGEMENTS = ROOT / "tests" / "relevance" / "judgements.csv"
SAMPLE_DOCS = ROOT / "sample_docs"
CUTOFF = 10
FAILING = 0.5

Judged = dict[tuple[str, int], int]  # (document file stem, page) -> grade


@dataclass(frozen=True)
class QueryScore:
    """One query's figures and what it showed."""

    query: str
    ndcg: float
    recall: float
    shown: list[tuple[str, int]]


def load_judgements(path: Path = JUDGEMENTS) -> dict[str, Judged]:
    """Queries in file order, each with its graded pages."""
    out: dict[str, Judged] = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["query"]][(row["document"], int(row["page"]))] = int(row["grade"])
    return dict(out)


def dcg(gains: list[int]) -> float:
    """Discounted cumulative gain of grades in ranked order."""
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def score(query: str, shown: list[tuple[str, int]], judged: Judged) -> QueryScore:
    """nDCG@10 and recall@10 of the pages a query showed."""
    top = shown[:CUTOFF]
    ideal = dcg(sorted(judged.values(), reverse=True)[:CUTOFF])
    ndcg = dcg([judged.get(p, 0) for p in top]) / ideal if ideal else 0.0
    found = sum(1 for p in top if p in judged)
    return QueryScore(query, ndcg, found / min(CUTOFF, len(judged)), top)


def shown_pages(archive: Any, query: str) -> list[tuple[str, int]]:
    """The (file stem, page) pairs the first results page shows, in order."""
    from archive.search import SearchRequest

    results = archive.search(SearchRequest(q=query, per_page=CUTOFF))
    return [
        (Path(hit.document.original_filename).stem, page.page)
        for hit in results.hits
        for page in hit.pages
    ]


def evaluate(archive: Any, judgements: dict[str, Judged]) -> list[QueryScore]:
    """Every judged query's scores (a query the archive refuses scores zero)."""
    from archive.errors import QueryError

    scores = []
    for query, judged in judgements.items():
        try:
            shown = shown_pages(archive, query)
        except QueryError:
            shown = []
        scores.append(score(query, shown, judged))
    return scores


def report(scores: list[QueryScore]) -> str:
    """Mean figures, then every query below the failing line with what it showed."""
    n = len(scores)
    lines = [
        f"queries: {n}",
        f"nDCG@{CUTOFF}:   {sum(s.ndcg for s in scores) / n:.3f}",
        f"recall@{CUTOFF}: {sum(s.recall for s in scores) / n:.3f}",
    ]
    failing = [s for s in scores if s.ndcg < FAILING]
    lines.append(f"failing (nDCG@{CUTOFF} < {FAILING}): {len(failing)}")
    for s in failing:
        first = ", ".join(f"{d}:{p}" for d, p in s.shown[:3]) or "nothing"
        lines.append(f"  {s.ndcg:.2f}  {s.query!r}  (showed {first})")
    return "\n".join(lines)


def seeded_archive(data_dir: Path) -> Any:
    """An archive at ``data_dir`` holding the sample seminar (seeded if empty)."""
    import json

    from archive.collections import upsert_collection
    from archive.config import Settings
    from archive.service import Archive
    from ingest.metadata import read_manifest
    from ingest.pipeline import Pipeline, candidates

    archive = Archive.open(Settings.from_env(env={}, data_dir=data_dir))
    if archive.documents(limit=1)[0]:
        return archive
    data = json.loads((SAMPLE_DOCS / "collection.json").read_text(encoding="utf-8"))
    upsert_collection(archive, data, actor="bench")
    manifest = read_manifest(SAMPLE_DOCS / "manifest.csv")
    items = candidates(
        [SAMPLE_DOCS], manifest=manifest, manifest_base=SAMPLE_DOCS, collection=data["slug"]
    )
    Pipeline(archive).run(items)
    return archive


def main(argv: list[str] | None = None) -> int:
    """Print the figures for the judged queries."""
    parser = argparse.ArgumentParser(prog="python -m bench.relevance", description=__doc__)
    parser.add_argument("--data-dir", type=Path, help="an archive already seeded")
    parser.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    args = parser.parse_args(argv)
    judgements = load_judgements(args.judgements)
    with tempfile.TemporaryDirectory(prefix="relevance-") as tmp:
        archive = seeded_archive(args.data_dir or Path(tmp) / "data")
        try:
            print(report(evaluate(archive, judgements)))
        finally:
            archive.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
