"""The benchmark results as a markdown table: one row per figure, with its baseline and ratio."""

from __future__ import annotations

from typing import Any


def _n(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _ingest_rows(section: dict[str, Any]) -> list[list[str]]:
    rows = []
    for key, run in section.items():
        if not isinstance(run, dict) or "raw_pypdf" not in run:
            continue
        raw, pipe = run["raw_pypdf"], run["archive_ingest"]
        what = f"{run['files']} PDFs, {pipe['pages']:,} pages"
        rows.append(
            [
                f"Ingest, pages/s until catalogued ({what})",
                _n(pipe["pages_per_s"]),
                f"{_n(raw['pages_per_s'])} (raw pypdf, {raw['processes']} processes)",
                _n(pipe["ratio_to_raw"], 2),
                "≥ 0.8",
            ]
        )
        if "index_lag_seconds" in pipe:
            rows.append(
                [
                    f"Ingest, then searchable after, s ({what})",
                    f"{_n(pipe['index_lag_seconds'], 2)} more "
                    f"({_n(pipe['searchable_pages_per_s'])} pages/s end to end)",
                    f"command start-up {_n(pipe['startup_seconds'], 2)} s, catalogue "
                    f"{_n(pipe['catalogued_seconds'], 2)} s",
                    "",
                    "reported apart",
                ]
            )
        mem, raw_mem = pipe["memory"], raw["memory"]
        largest = max(mem["peak_rss_mb_by_role"].items(), key=lambda kv: kv[1])
        rows.append(
            [
                f"Ingest, peak RSS of all processes, MB ({key.replace('_', ' ')})",
                f"{_n(mem['peak_total_rss_mb'])} (largest: {largest[0]} {_n(largest[1])})",
                f"{_n(raw_mem['peak_total_rss_mb'])} (raw pool)",
                _n(mem["peak_total_rss_mb"] / raw_mem["peak_total_rss_mb"], 2)
                if raw_mem["peak_total_rss_mb"]
                else "–",
                "flat with the number of files",
            ]
        )
    if isinstance(section.get("stream"), dict) and "index_lag_s" in section["stream"]:
        rows.extend(_stream_rows(section["stream"]))
    return rows


def _stream_rows(st: dict[str, Any]) -> list[list[str]]:
    lag, wait = st["index_lag_s"], st["upload_to_catalogued_s"]
    what = f"{st['files']} uploads, {st['pages']} pages, one every {_n(st['interval_s'], 1)} s"
    return [
        [
            f"Stream to the worker, index lag median / p95 / max, s ({what})",
            f"{_n(lag['median'], 2)} / {_n(lag['p95'], 2)} / {_n(lag['max'], 2)}",
            f"first half max {_n(st['index_lag_first_half_max_s'], 2)}, "
            f"second half max {_n(st['index_lag_second_half_max_s'], 2)}"
            + (
                f" (medians {_n(st['index_lag_first_half_median_s'], 2)} / "
                f"{_n(st['index_lag_second_half_median_s'], 2)})"
                if "index_lag_first_half_median_s" in st
                else ""
            ),
            "",
            "bounded (not growing)",
        ],
        [
            "Stream to the worker, upload to catalogued median / p95 / max, s",
            f"{_n(wait['median'], 2)} / {_n(wait['p95'], 2)} / {_n(wait['max'], 2)}",
            "",
            "",
            "",
        ],
    ]


def _reindex_rows(r: dict[str, Any]) -> list[list[str]]:
    w, f = r["whoosh"], r["fts5"]
    return [
        [
            f"Index build, {r['pages']:,} pages, s",
            f"{_n(w['seconds'])} ({_n(w['pages_per_s'], 0)} pages/s, "
            f"{_n(w['cpu_seconds'])} CPU-s, {_n(w['memory']['peak_total_rss_mb'], 0)} MB RSS, "
            f"{_n(w['memory'].get('peak_total_pss_mb', 0), 0)} MB PSS)",
            f"{_n(f['seconds'])} (FTS5, {_n(f['pages_per_s'], 0)} pages/s)",
            _n(r["ratio_whoosh_to_fts5"], 1),
            "as small as Whoosh allows",
        ],
        [
            "Index size, MB",
            _n(w["index_mb"]),
            f"{_n(f['size_mb'])} (FTS5)",
            _n(w["index_mb"] / f["size_mb"], 1) if f["size_mb"] else "–",
            "",
        ],
    ]


def _search_rows(r: dict[str, Any], pages: Any) -> list[list[str]]:
    w, f = r["whoosh"]["all"], r["fts5"]["all"]
    rows = [
        [
            f"Search at {_n(pages)} pages, median / p95 / p99 ms",
            f"{_n(w['median_ms'])} / {_n(w['p95_ms'])} / {_n(w['p99_ms'])}",
            f"{_n(f['median_ms'])} / {_n(f['p95_ms'])} / {_n(f['p99_ms'])} (FTS5)",
            f"{_n(r['ratio_median_whoosh_to_fts5'], 1)} / {_n(r['ratio_p95_whoosh_to_fts5'], 1)}",
            f"p95 < 100 ms and ≤ 5× FTS5: {'met' if r['target_met'] else 'NOT met'}",
        ]
    ]
    for kind, stats in r["whoosh"].items():
        if kind == "all" or not isinstance(stats, dict):
            continue
        other = r["fts5"].get(kind, {})
        rows.append(
            [
                f"  {kind}, median / p95 ms",
                f"{_n(stats['median_ms'])} / {_n(stats['p95_ms'])}",
                f"{_n(other.get('median_ms'))} / {_n(other.get('p95_ms'))}",
                _n(stats["p95_ms"] / other["p95_ms"], 1) if other.get("p95_ms") else "–",
                "",
            ]
        )
    return rows


def _load_rows(r: dict[str, Any]) -> list[list[str]]:
    q, b = r["without_ingest"], r["with_ingest"]
    return [
        [
            f"Load, {r['clients']} clients × {r['seconds']:g} s, requests/s",
            f"{_n(b['throughput_rps'])} with ingest",
            f"{_n(q['throughput_rps'])} without",
            _n(r["ratio_throughput_with_to_without"], 2),
            "",
        ],
        [
            "Load, p99 ms (search / download)",
            f"{_n(b['all']['p99_ms'])} ({_n(b.get('search', {}).get('p99_ms'))} / "
            f"{_n(b.get('download', {}).get('p99_ms'))}) with ingest",
            f"{_n(q['all']['p99_ms'])} ({_n(q.get('search', {}).get('p99_ms'))} / "
            f"{_n(q.get('download', {}).get('p99_ms'))}) without",
            _n(r["ratio_p99_with_to_without"], 2),
            "",
        ],
    ]


def _download_rows(r: dict[str, Any]) -> list[list[str]]:
    m = r["mb_per_s"]
    return [
        [
            f"Download of a {_n(r['file_mb'])} MB PDF, MB/s",
            _n(m["server"]),
            f"{_n(m['direct_read'])} (direct read); {_n(m['http_server'])} (http.server)",
            f"{_n(r['ratio_server_to_direct'], 2)}; {_n(r['ratio_server_to_http_server'], 2)}",
            "",
        ]
    ]


def _startup_rows(r: dict[str, Any]) -> list[list[str]]:
    return [
        [
            f"Start-up to first answered search, {_n(r['index_pages'])}-page index, s",
            " / ".join(_n(x, 2) for x in r["archive_serve_seconds"]),
            " / ".join(_n(x, 2) for x in r["http_server_seconds"]) + " (http.server)",
            _n(r["ratio_to_http_server"], 1),
            "",
        ]
    ]


def _ocr_rows(r: dict[str, Any]) -> list[list[str]]:
    a, b = r["archive"], r["plain_tesseract"]
    return [
        [
            f"OCR, pages/s on one core ({r['pages']} pages at {r['dpi']} dpi)",
            f"{_n(a['pages_per_s_per_core'], 2)} (render, script detection, tesseract)",
            f"{_n(b['pages_per_s_per_core'], 2)} (plain tesseract on pdftoppm images)",
            _n(r["ratio_to_plain"], 2),
            "",
        ],
        [
            "OCR, peak RSS of the children, MB",
            _n(a["memory"]["peak_total_rss_mb"]),
            f"{_n(b['memory']['peak_total_rss_mb'])} (plain tesseract)",
            "",
            "under ARCHIVE_OCR_MEMORY_MB",
        ],
    ]


def _thumbnail_rows(r: dict[str, Any]) -> list[list[str]]:
    return [
        [
            f"Thumbnail (200 px PNG), ms per page ({r['pages']} pages)",
            f"{_n(r['archive_ms_per_page'])} (sandboxed PDFium)",
            f"{_n(r['pdftoppm_ms_per_page'])} (pdftoppm)",
            _n(r["ratio_to_pdftoppm"], 2),
            "",
        ]
    ]


def _pair(stats: dict[str, Any] | None) -> str:
    if not stats or "median_ms" not in stats:
        return "–"
    return f"{_n(stats['median_ms'])} / {_n(stats['p95_ms'])}"


def _postgres_rows(r: dict[str, Any], results: dict[str, Any]) -> list[list[str]]:
    """The PostgreSQL engine beside Whoosh and FTS5 (same catalog, same query mix, same run).

    Whoosh's figures are those of this run's reindex and search steps, when they ran.
    """
    rows = []
    pages = results.get("size", {}).get("index_pages") or 0
    if "catalog_copy" in r:
        copy = r["catalog_copy"]
        rows.append(["PostgreSQL: catalog copied in (COPY), s", _n(copy["seconds"]), "", "", ""])
    build = r.get("index_build")
    if build:
        fts = r.get("fts5_build") or results.get("reindex", {}).get("fts5", {})
        whoosh_s = results.get("reindex", {}).get("whoosh", {}).get("seconds")
        rows.append(
            [
                f"PostgreSQL engine: index build, {build['pages']:,} pages, s",
                f"{_n(build['seconds'])} ({_n(build['pages_per_s'], 0)} pages/s, "
                f"{r.get('build_procs', 1)} processes)",
                f"{_n(whoosh_s)} (Whoosh); {_n(fts.get('seconds'))} (FTS5)",
                _n(build["seconds"] / whoosh_s, 2) if whoosh_s else "–",
                "",
            ]
        )
        rows.append(
            [
                "PostgreSQL engine: search tables, MB",
                f"{_n(build.get('search_pages_mb'))} (pages, of which GIN index "
                f"{_n(build.get('gin_index_mb'))}); words {_n(build.get('search_words_mb'))}",
                f"{_n(fts.get('size_mb'))} (FTS5)",
                "",
                "",
            ]
        )
    whoosh = results.get("search", {}).get("whoosh", {})
    fts_search = r.get("fts5_search", {})
    target = "≤ 200 ms" if pages >= 1_000_000 else "below Whoosh" if whoosh else ""
    for kind, stats in r.get("search", {}).items():
        other = whoosh.get(kind, {})
        rows.append(
            [
                f"  PostgreSQL engine: {kind}, median / p95 ms",
                _pair(stats),
                f"{_pair(other)} (Whoosh); {_pair(fts_search.get(kind))} (FTS5)",
                _n(stats["p95_ms"] / other["p95_ms"], 2) if other.get("p95_ms") else "–",
                _verdict(target, stats, other, pages) if kind != "all" else "",
            ]
        )
    load = r.get("load", {})
    if "postgres" in load:
        pg, wh = load["postgres"], load.get("whoosh", {})
        rows.append(
            [
                f"Load (searches only), {pg['clients']} clients × {_n(pg['seconds'], 0)} s, "
                "requests/s; p99 ms",
                f"{_n(pg['throughput_rps'])}; {_n(pg['all']['p99_ms'])} (PostgreSQL engine)",
                f"{_n(wh.get('throughput_rps'))}; {_n(wh.get('all', {}).get('p99_ms'))} (Whoosh)"
                if wh
                else "–",
                _n(pg["throughput_rps"] / wh["throughput_rps"], 2)
                if wh.get("throughput_rps")
                else "–",
                "",
            ]
        )
    return rows


def _verdict(target: str, stats: dict[str, Any], whoosh: dict[str, Any], pages: int) -> str:
    """The target of a PostgreSQL kind's row, and whether this run met it."""
    if not target:
        return ""
    if pages >= 1_000_000:
        met = stats["p95_ms"] <= 200
    elif whoosh.get("p95_ms"):
        met = stats["p95_ms"] < whoosh["p95_ms"]
    else:
        return target
    return f"{target}: {'met' if met else 'NOT met'}"


def table(results: dict[str, Any]) -> str:
    """Markdown: the machine, then one row per figure."""
    m = results.get("machine", {})
    head = (
        f"Size `{results.get('size', {}).get('name')}` on {m.get('cpu')}, "
        f"{m.get('usable_cores')} cores, {m.get('ram_gb')} GB RAM, Python {m.get('python')}, "
        f"commit {m.get('commit')}; load average {m.get('load_average_at_start')} at start, "
        f"{m.get('load_average_at_end')} at end.\n\n"
    )
    rows = [["Figure", "Archive", "Baseline (same run)", "Ratio", "Target"]]
    builders = {
        "ingest": _ingest_rows,
        "reindex": _reindex_rows,
        "search": lambda r: _search_rows(r, results.get("size", {}).get("index_pages")),
        "load": _load_rows,
        "download": _download_rows,
        "startup": _startup_rows,
        "ocr": _ocr_rows,
        "thumbnails": _thumbnail_rows,
        "postgres": lambda r: _postgres_rows(r, results),
    }
    for name, build in builders.items():
        section = results.get(name)
        if section is None:
            continue
        if "error" in section:
            rows.append([name, f"FAILED: {section['error']}", "", "", ""])
            continue
        rows.extend(build(section))
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    lines.insert(1, "|" + "---|" * len(rows[0]))
    return head + "\n".join(lines) + "\n"
