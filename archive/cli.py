"""The ``archive`` command: a thin shell over the library that wires archive and ingest.

Library errors become one clean line on stderr and a non-zero exit status; nothing here
holds logic that the web desk would need too.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from archive.config import ConfigError, Settings
from archive.errors import ArchiveError
from archive.private import PRIVATE_UMASK
from archive.resources import sample_docs_dir

log = logging.getLogger("archive.cli")


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


def _open(ctx: click.Context, **kwargs: Any) -> Any:
    from archive.service import Archive

    if "archive" not in ctx.obj:
        ctx.obj["archive"] = Archive.open(_settings(ctx), **kwargs)
        ctx.call_on_close(ctx.obj["archive"].close)
    return ctx.obj["archive"]


class ArchiveGroup(click.Group):
    """A group that turns the library's errors into a clean message and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ArchiveError, ConfigError) as exc:
            click.echo(f"error: {getattr(exc, 'message', exc)}", err=True)
            sys.exit(2)


@click.group(cls=ArchiveGroup)
@click.option(
    "--data-dir", type=click.Path(path_type=Path), default=None, help="Overrides ARCHIVE_DATA_DIR."
)
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None) -> None:
    """Seminar document archive: ingest PDFs, search them, serve them."""
    os.umask(PRIVATE_UMASK)  # all this process and its children create is the owner's only
    overrides: dict[str, Any] = {"data_dir": data_dir} if data_dir else {}
    settings = Settings.from_env(**overrides)
    logging.basicConfig(
        level=settings.log_level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    ctx.obj = {"settings": settings}


@main.command("settings")
@click.pass_context
def settings_cmd(ctx: click.Context) -> None:
    """Print every setting with its effective value (secrets masked)."""
    from archive.config import masked

    for setting, value in _settings(ctx).effective():
        click.echo(f"{setting.env}={masked(setting, value)}")


@main.group()
def db() -> None:
    """Catalog database maintenance."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Apply pending catalog migrations."""
    archive = _open(ctx, prepare_index=False)
    click.echo(f"catalog at revision {archive.catalog_revision()}")


# -- collections ------------------------------------------------------------------------------


@main.group()
def collections() -> None:
    """Collections (seminars, events)."""


@collections.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def collections_import(ctx: click.Context, path: Path) -> None:
    """Create or update a collection from a JSON file (slug, title, dates, venue, ...)."""
    from archive.collections import upsert_collection

    data = json.loads(path.read_text(encoding="utf-8"))
    slug, created = upsert_collection(_open(ctx), data, actor="cli")
    click.echo(f"{'created' if created else 'updated'} collection {slug}")


@collections.command("list")
@click.pass_context
def collections_list(ctx: click.Context) -> None:
    """List collections with their document counts."""
    for col in _open(ctx).collections():
        click.echo(
            f"{col.slug}\t{col.start_date or ''}\t{len(col.documents)} documents\t{col.title}"
        )


# -- ingest ----------------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV with one row per file: file,title,type,date,language,creators,"
    "subjects,collection[,description][,access: public, metadata or embargo:YYYY-MM-DD].",
)
@click.option("--collection", help="Slug of the collection for files the manifest does not place.")
@click.option(
    "--ocr",
    type=click.Choice(["auto", "force", "off"]),
    default="auto",
    show_default=True,
    help="auto: recognise pages without a usable text layer; force: every page; off: none.",
)
@click.option(
    "--draft", is_flag=True, help="Add them as drafts, invisible until 'archive publish'."
)
@click.option(
    "--no-wait-index",
    "no_wait",
    is_flag=True,
    help="Return once the files are catalogued (downloadable); the worker, or the next "
    "start of any archive command, makes them searchable and recognises scanned pages.",
)
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    manifest: Path | None,
    collection: str | None,
    ocr: str,
    draft: bool,
    no_wait: bool,
) -> None:
    """Ingest PDF files and folders (recursively). Exit 1 if any file was refused.

    Files are catalogued first (stored, described, downloadable), then indexed for search;
    the two times are reported apart.
    """
    archive = _open(ctx)
    outcomes = _run_ingest(
        archive, paths, manifest, collection, ocr=ocr, draft=draft, wait_index=not no_wait
    )
    if not no_wait:
        _run_ocr(archive, [o.document_id for o in outcomes if o.status == "added"])
    sys.exit(_report(outcomes))


def _run_ocr(archive: Any, doc_ids: list[int]) -> None:
    """Recognise the pages these documents queued for OCR, with a progress bar."""
    from ingest.ocr import OcrRunner

    runner = OcrRunner(archive, actor="cli")
    tasks = runner.pending(doc_ids=doc_ids) if doc_ids else []
    if not tasks:
        return
    with click.progressbar(length=len(tasks), label="OCR", file=sys.stderr, show_pos=True) as bar:
        runner.run(doc_ids=doc_ids, progress=lambda _t: bar.update(1))


def _run_ingest(
    archive: Any,
    paths: tuple[Path, ...],
    manifest: Path | None,
    collection: str | None,
    *,
    ocr: str = "auto",
    draft: bool = False,
    wait_index: bool = True,
) -> list[Any]:
    from ingest.metadata import ManifestError, read_manifest
    from ingest.pipeline import Pipeline, candidates

    rows = read_manifest(manifest) if manifest else None
    if collection and archive.collection(collection) is None:
        raise ManifestError(
            f"no collection {collection!r}; create it with 'archive collections import'"
        )
    items = candidates(
        paths,
        manifest=rows,
        manifest_base=manifest.parent if manifest else None,
        collection=collection,
    )
    pipeline = Pipeline(archive, ocr=ocr, draft=draft, wait_index=wait_index)
    with click.progressbar(
        length=len(items), label="Ingesting", file=sys.stderr, show_pos=True
    ) as bar:
        outcomes = pipeline.run(
            items, progress=lambda _o: bar.update(1), catalogued=_report_catalogued
        )
    _report_searchable(pipeline.timing, waited=wait_index)
    return outcomes


def _report_catalogued(timing: Any) -> None:
    """Say when the files were catalogued (downloadable), before the index step begins."""
    click.echo(f"catalogued {timing.pages} new pages in {timing.catalogued:.2f} s")


def _report_searchable(timing: Any, *, waited: bool) -> None:
    if waited:
        lag = timing.searchable - timing.catalogued
        click.echo(f"searchable {lag:.2f} s after being catalogued")
    else:
        click.echo("not yet searchable: the worker (or the next archive command) indexes them")


def _report(outcomes: list[Any]) -> int:
    counts = {"added": 0, "duplicate": 0, "refused": 0}
    for o in outcomes:
        counts[o.status] += 1
        if o.status == "refused":
            click.echo(f"refused  {o.path}: {o.reason}")
        elif o.status == "duplicate":
            click.echo(f"duplicate  {o.path}: same file as document {o.duplicate_of} ({o.title})")
    click.echo(
        f"{counts['added']} added, {counts['duplicate']} duplicates, {counts['refused']} refused"
    )
    return 1 if counts["refused"] else 0


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.pass_context
def seed(ctx: click.Context, path: Path | None) -> None:
    """Load the sample seminar (collection and documents) from sample_docs/; idempotent."""
    from archive.collections import upsert_collection

    folder = path or sample_docs_dir()
    if folder is None:
        raise click.ClickException(
            "the sample documents are not installed here; give their folder: "
            "archive seed FOLDER (sample_docs/ of the source)"
        )
    if not (folder / "collection.json").is_file():
        raise click.ClickException(f"{folder} has no collection.json")
    archive = _open(ctx)
    data = json.loads((folder / "collection.json").read_text(encoding="utf-8"))
    upsert_collection(archive, data, actor="seed", update=False)
    manifest = folder / "manifest.csv"
    outcomes = _run_ingest(
        archive, (folder,), manifest if manifest.is_file() else None, data["slug"]
    )
    sys.exit(_report(outcomes))


# -- search, check, reindex ---------------------------------------------------------------------


@main.command()
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.pass_context
def search(ctx: click.Context, query: str, as_json: bool, limit: int) -> None:
    """Search the archive: best documents with their matching pages and snippets."""
    from archive.results import results_to_dict
    from archive.search import SearchRequest

    results = _open(ctx).search(SearchRequest(q=query, per_page=limit))
    if as_json:
        click.echo(
            json.dumps(
                results_to_dict(results, page=1, per_page=limit), ensure_ascii=False, indent=2
            )
        )
        return
    click.echo(f"{results.total} documents ({results.elapsed_ms:.0f} ms)")
    if results.relaxed:
        click.echo("no page has all of your words; showing the closest")
    if results.also_searched:
        click.echo(f"also searched: {', '.join(results.also_searched)}")
    if results.suggestion:
        click.echo(f"did you mean: {results.suggestion}")
    for hit in results.hits:
        doc = hit.document
        click.echo(f"\n[{doc.id}] {doc.title} ({doc.type_label}, {doc.date or 'n.d.'})")
        for page in hit.pages:
            click.echo(f"  p. {page.page}: {_plain(page.snippet)}")


def _plain(snippet: str) -> str:
    import html

    return html.unescape(snippet.replace("<mark>", "[").replace("</mark>", "]"))


@main.command()
@click.option("--repair", is_flag=True, help="Fix what can be fixed without losing bytes.")
@click.pass_context
def check(ctx: click.Context, repair: bool) -> None:
    """Verify every file's SHA-256 and compare files, catalog and index both ways."""
    from archive.check import ERROR, run_checks
    from archive.check import repair as do_repair

    archive = _open(ctx, prepare_index=False)
    findings = run_checks(archive)
    for finding in findings:
        click.echo(str(finding))
    if repair and findings:
        for line in do_repair(archive, findings):
            click.echo(f"repaired: {line}")
        findings = run_checks(archive)
        for finding in findings:
            click.echo(f"after repair: {finding}")
    errors = sum(1 for f in findings if f.level == ERROR)
    click.echo(f"{errors} errors, {len(findings) - errors} warnings")
    sys.exit(1 if errors else 0)


@main.command()
@click.pass_context
def reindex(ctx: click.Context) -> None:
    """Rebuild the search index from the catalog."""
    archive = _open(ctx, prepare_index=False)
    total = archive.count_public_documents()
    procs = min(4, max(1, archive.settings.ingest_workers))
    with click.progressbar(length=total, label="Indexing", file=sys.stderr, show_pos=True) as bar:
        pages = archive.rebuild_index(procs=procs, progress=bar.update)
    click.echo(f"indexed {total} documents, {pages} pages")


@main.group()
def servers() -> None:
    """The indexes that follow the change log: one per app server (or the PostgreSQL one)."""


@servers.command("list")
@click.pass_context
def servers_list(ctx: click.Context) -> None:
    """Each index's cursor into the change log, most behind first."""
    archive = _open(ctx, prepare_index=False)
    for cursor in archive.change_log_cursors():
        when = cursor.updated_at.isoformat(timespec="seconds") if cursor.updated_at else "-"
        click.echo(f"{cursor.name}\tchange {cursor.last_change_id}\t{cursor.behind} behind\t{when}")


@servers.command("forget")
@click.argument("name")
@click.pass_context
def servers_forget(ctx: click.Context, name: str) -> None:
    """Stop a server that is gone for good holding the change log back.

    Should it come back, it finds changes it missed pruned and rebuilds its index.
    """
    archive = _open(ctx, prepare_index=False)
    if not archive.forget_change_log_reader(name):
        raise click.ClickException(f"no index named {name!r} follows the change log")
    click.echo(f"forgotten: {name}")


@servers.command("prune")
@click.pass_context
def servers_prune(ctx: click.Context) -> None:
    """Delete the logged changes every index has applied (the worker does it hourly)."""
    archive = _open(ctx, prepare_index=False)
    click.echo(f"deleted {archive.prune_change_log()} changes every index had applied")


# -- stewardship -----------------------------------------------------------------------------


@main.command()
@click.argument("doc_id", type=int)
@click.argument("level")
@click.pass_context
def access(ctx: click.Context, doc_id: int, level: str) -> None:
    """Set a document's access: public, metadata (file for librarians) or embargo:YYYY-MM-DD."""
    from archive.errors import ArchiveError
    from archive.visibility import parse_access

    try:
        wanted = parse_access(level)
    except ValueError as exc:
        raise ArchiveError(str(exc)) from None
    changed = _open(ctx).set_access(doc_id, wanted, actor="cli")
    click.echo(f"document {doc_id}: access {wanted}" + ("" if changed else " (unchanged)"))


@main.command()
@click.argument("doc_ids", nargs=-1, required=True, type=int)
@click.pass_context
def publish(ctx: click.Context, doc_ids: tuple[int, ...]) -> None:
    """Publish drafts. Exit 1 if any of the ids is not a draft."""
    done = _open(ctx).publish(doc_ids, actor="cli")
    for doc_id in doc_ids:
        click.echo(f"document {doc_id}: " + ("published" if doc_id in done else "not a draft"))
    sys.exit(0 if set(done) == set(doc_ids) else 1)


# -- serving ---------------------------------------------------------------------------------


@main.command()
@click.pass_context
def worker(ctx: click.Context) -> None:
    """Run the background worker: ingest uploaded files, keep the index in step."""
    from ingest.worker import Worker

    Worker(_open(ctx)).run_forever()


@main.command()
@click.option("--host", default=None, help="Overrides ARCHIVE_HOST.")
@click.option("--port", default=None, type=int, help="Overrides ARCHIVE_PORT.")
@click.option("--workers", default=None, type=int, help="Overrides ARCHIVE_WEB_WORKERS.")
@click.option("--no-worker", is_flag=True, help="Do not start the background worker.")
@click.pass_context
def serve(
    ctx: click.Context, host: str | None, port: int | None, workers: int | None, no_worker: bool
) -> None:
    """Serve the archive with gunicorn (and start the background worker)."""
    from archive.web.server import preloading, run_server

    settings = _settings(ctx)
    with preloading():  # what every web worker needs, loaded once before they fork
        # Migrate, and build the index if it is missing, once, before workers fork; the
        # full read of the index is left to the background worker (it makes one at start).
        archive = _open(ctx, prepare_index=False)
        archive.ensure_index(thorough=False)
        archive.close()  # no connection crosses the fork
    background = None if no_worker else BackgroundWorker(settings.data_path)
    try:
        run_server(
            settings,
            host=host or settings.host,
            port=port or settings.port,
            workers=workers or settings.web_workers,
            # started once the web workers are warm and have answered a first reader: its
            # own start-up (seconds of imports and checks) would compete with that reader
            when_ready=background.start if background is not None else None,
        )
    finally:
        if background is not None:
            background.stop()


class BackgroundWorker:
    """The ``archive worker`` process that ``archive serve`` runs beside the web workers."""

    def __init__(self, data_path: Path) -> None:
        self.data_path = data_path
        self._proc: subprocess.Popen[bytes] | None = None
        self._stopped = False
        self._lock = threading.Lock()  # start (a master thread) against stop (the main one)

    def start(self) -> None:
        """Start the worker, unless the server is already stopping."""
        env = {**os.environ, "ARCHIVE_DATA_DIR": str(self.data_path)}
        with self._lock:
            if self._proc is None and not self._stopped:
                cmd = [sys.executable, "-m", "archive.cli", "worker"]
                self._proc = subprocess.Popen(cmd, env=env)

    def stop(self) -> None:
        """Ask the worker to finish its current file and stop; wait for it."""
        with self._lock:
            self._stopped = True
            proc = self._proc
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)


# -- users -----------------------------------------------------------------------------------


@main.group()
def users() -> None:
    """Librarian and administrator accounts."""


def _ask_password() -> str:
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users.command("add")
@click.argument("name")
@click.option(
    "--role", type=click.Choice(["librarian", "admin"]), default="librarian", show_default=True
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def users_add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
    """Add an account (asks for the password twice)."""
    from archive import accounts

    password = sys.stdin.readline().rstrip("\n") if password_stdin else _ask_password()
    accounts.add_user(_open(ctx, prepare_index=False), name, password, role=role)
    click.echo(f"added {role} {name}")


@users.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List accounts."""
    from archive import accounts

    for user in accounts.list_users(_open(ctx, prepare_index=False)):
        state = "disabled" if user.disabled else "active"
        click.echo(f"{user.name}\t{user.role}\t{state}")


@users.command("disable")
@click.argument("name")
@click.pass_context
def users_disable(ctx: click.Context, name: str) -> None:
    """Disable an account and end its sessions."""
    from archive import accounts

    accounts.disable_user(_open(ctx, prepare_index=False), name)
    click.echo(f"disabled {name}")


@users.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def users_password(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Set an account's password (ends its sessions)."""
    from archive import accounts

    password = sys.stdin.readline().rstrip("\n") if password_stdin else _ask_password()
    accounts.set_password(_open(ctx, prepare_index=False), name, password)
    click.echo(f"password changed for {name}")


# -- backup ----------------------------------------------------------------------------------


@main.command()
@click.argument("destination", type=click.Path(path_type=Path))
@click.pass_context
def backup(ctx: click.Context, destination: Path) -> None:
    """Write a consistent copy of the catalog and every stored file to DESTINATION."""
    from archive.backup import make_backup

    report = make_backup(_open(ctx, prepare_index=False), destination)
    click.echo(report)


@main.command()
@click.argument("source", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.pass_context
def restore(ctx: click.Context, source: Path) -> None:
    """Restore a backup (from `archive backup`) into this empty archive, then index it."""
    from archive.backup import restore_backup

    click.echo(restore_backup(_settings(ctx), source))
    _open(ctx).close()  # migrate if the backup is older; rebuild a missing index


def run(argv: list[str] | None = None, entry: Callable[..., Any] = main) -> None:
    """Entry point for ``python -m archive.cli``."""
    entry(args=argv, prog_name="archive")


if __name__ == "__main__":
    run()
