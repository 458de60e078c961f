"""Where a Whoosh search spends its time, step by step, on an index the benchmarks built.

    python -m bench.steps bench/work/runs/10k/indexed [--rounds 3]

For each query of the mix (``bench.run.QUERIES``, rewritten as ``Archive.search`` rewrites
it): translating the query, matching documents (total and facets), the scored window of
ranked pages, and the shown hits with their snippets; medians in milliseconds, and the sum
of each step over the mix. To compare two versions of the code on the same index, run it
from each checkout in turn (``cd old && python -m bench.steps DIR``, then the new one),
alternating, so that both see the same load.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from pathlib import Path

STEPS = ("translate", "match", "window", "hits", "total")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from archive.config import Settings
    from archive.search import SearchRequest, understanding
    from archive.search import whoosh_engine as we
    from archive.search.query import Deadline
    from archive.search.whoosh_matching import matching_docs
    from archive.service import Archive
    from bench.run import QUERIES

    archive = Archive.open(Settings.from_env(env={}, data_dir=args.data_dir))
    engine, limits = archive.index, archive.limits
    sums = dict.fromkeys(STEPS, 0.0)
    print(f"{'kind':12} {'query':28} {'docs':>5} " + " ".join(f"{s:>9}" for s in STEPS))
    for kind, q, filters, sort, _ in QUERIES:
        plan = understanding.plan(q, archive.synonyms.current(), limits)
        request = archive._engine_request(
            SearchRequest(q=q, per_page=10, sort=sort, filters=filters), plan.strict
        )
        times: dict[str, list[float]] = {s: [] for s in STEPS}
        for _ in range(args.rounds):
            deadline = Deadline(60_000)
            marks = [time.perf_counter()]
            with engine.reading() as searcher:
                query = we.translate(we.qm.parse(request.q, limits), searcher, limits, deadline)
                marks.append(time.perf_counter())
                snap = engine._snapshot_for(searcher)
                docs = we._filter_docs(
                    snap, matching_docs(searcher, snap.doc_of, query, deadline), request.filters
                )
                we._facet_counts(snap, docs)
                marks.append(time.perf_counter())
                window = we._window(searcher, snap, query, docs, request, deadline)
                marks.append(time.perf_counter())
                we._hits(window, archive.readable_texts, we._term_matcher(query), deadline)
                marks.append(time.perf_counter())
            for step, (a, b) in zip(STEPS, itertools.pairwise(marks), strict=False):
                times[step].append((b - a) * 1000)
            times["total"].append((marks[-1] - marks[0]) * 1000)
        medians = {s: statistics.median(v) for s, v in times.items()}
        for s in STEPS:
            sums[s] += medians[s]
        row = " ".join(f"{medians[s]:9.1f}" for s in STEPS)
        print(f"{kind:12} {q[:28]:28} {len(docs):5d} {row}")
    print("sum over the mix, ms: " + ", ".join(f"{s} {v:.0f}" for s, v in sums.items()))
    archive.close()


if __name__ == "__main__":
    main()
