"""The background worker: ingests uploaded files and keeps the index in step.

One worker runs beside the web server (``archive serve`` starts it; ``archive worker`` runs
it alone). It holds an OS lock so that a second worker on the same data directory waits;
at start it re-queues jobs a stopped worker left half-done, so nothing received is lost.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import time
from pathlib import Path
from types import FrameType

from archive import jobs
from archive.catalog import JobState
from archive.errors import IndexUnavailable
from archive.locks import locked
from archive.messages import N_, Message
from archive.service import Archive
from ingest.metadata import ManifestError, validate_row
from ingest.ocr import OcrRunner
from ingest.pipeline import ADDED, DUPLICATE, Candidate, Outcome, Pipeline, Replacement

log = logging.getLogger(__name__)
HEALTH_EVERY = 600.0  # seconds between full index health checks by the worker
# While uploads keep coming the worker catalogues them first and indexes them behind, at
# the latest after this many seconds (or ARCHIVE_INDEX_BATCH_PAGES pages); when the queue
# is empty it indexes at once. The lag from catalogued to searchable stays bounded.
INDEX_EVERY = 5.0
PRUNE_EVERY = 3600.0  # seconds between prunings of the change log
EMBARGO_EVERY = 60.0  # seconds between looks for embargoes whose day has come


def _why(outcome: Outcome) -> Message | str:
    """A refused file's reason, translatable where the refusal was marked."""
    return outcome.why or outcome.reason


class Worker:
    """Drains the job queue of one archive."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.pipeline = Pipeline(
            archive, actor="worker", draft=archive.settings.upload_drafts, wait_index=False
        )
        self.ocr = OcrRunner(archive, actor="worker")
        self.stopping = False
        self._last_health = -HEALTH_EVERY
        self._last_embargo_check = -EMBARGO_EVERY
        self._last_prune = time.monotonic()  # not at start: let other servers catch up first
        self._unindexed_pages = 0  # pages this worker catalogued since its last index sync
        self._unindexed_since = 0.0  # when the first of them was catalogued (monotonic)

    def run_forever(self) -> None:
        """Work until SIGTERM or SIGINT, then finish the current file and stop."""
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        lock_path = self.archive.settings.data_path / "worker.lock"
        with locked(lock_path):  # one worker per data directory
            requeued = jobs.requeue_interrupted(self.archive)
            if requeued:
                log.info("re-queued %d interrupted jobs", requeued)
            while not self.stopping:
                if not self.run_once():
                    time.sleep(self.archive.settings.worker_poll_seconds)

    def _stop(self, _signum: int, _frame: FrameType | None) -> None:
        self.stopping = True

    def run_once(self) -> bool:
        """Do one unit of work (a job, else a few pages of OCR); return True if there was any."""
        if self._index_due():
            self._keep_index()
        self._open_embargoes()
        self._prune_change_log()
        job = jobs.claim_next(self.archive)
        if job is None:
            # OCR a few pages at a time, so a new upload never waits behind a long scan.
            return self.ocr.run(limit=self.ocr.workers) > 0
        self.process(job)
        return True

    def _index_due(self) -> bool:
        """Whether to bring the index up to date before the next job.

        Always when this worker has nothing of its own waiting (others' changes, health), or
        when the queue is empty; otherwise only once the pages or seconds waiting reach their
        bound, so that a stream of uploads is catalogued at extraction speed.
        """
        if self._unindexed_pages == 0 or not jobs.has_queued(self.archive):
            return True
        waited = time.monotonic() - self._unindexed_since
        return (
            self._unindexed_pages >= self.archive.settings.index_batch_pages
            or waited >= INDEX_EVERY
        )

    def _keep_index(self) -> None:
        """Rebuild a missing or damaged index, else apply pending changes.

        Searches flag damage they meet (a marker file, read at every poll); a full health
        check, which reads the whole index, runs only every ``HEALTH_EVERY`` seconds.
        """
        try:
            problem = self.archive.index.needs_rebuild()
            if problem is None and time.monotonic() - self._last_health > HEALTH_EVERY:
                problem = self.archive.index.health()
                self._last_health = time.monotonic()
            if problem is not None:
                log.warning("%s: rebuilding the index from the catalog", problem)
                self.archive.rebuild_index()
            else:
                self.archive.sync_index(max_pages=self.archive.settings.index_batch_pages)
        except (TimeoutError, IndexUnavailable) as exc:
            log.warning("index upkeep deferred: %s", exc)
        self._unindexed_pages = 0  # what a failure left is still in the change log

    def _prune_change_log(self) -> None:
        """Delete the changes every index has applied (once an hour at most)."""
        if time.monotonic() - self._last_prune < PRUNE_EVERY:
            return
        self._last_prune = time.monotonic()
        pruned = self.archive.prune_change_log()
        if pruned:
            log.info("change log: %d changes every index had applied deleted", pruned)

    def _open_embargoes(self) -> None:
        """Open the documents whose embargo ends today (once a minute at most)."""
        if time.monotonic() - self._last_embargo_check < EMBARGO_EVERY:
            return
        self._last_embargo_check = time.monotonic()
        opened = self.archive.open_embargoes(actor="worker")
        if opened:
            log.info("embargo ended: opened documents %s", ", ".join(map(str, opened)))

    def process(self, job: jobs.Job) -> None:
        """Ingest one job's file and record the outcome."""
        path = self.archive.settings.incoming_path / job.incoming_name
        if (job.metadata_ or {}).get("replace_document"):
            self._replace(job, path)
            return
        try:
            given = validate_row(
                {k: str(v) for k, v in (job.metadata_ or {}).items()}, job.original_filename
            )
        except ManifestError as exc:
            jobs.finish(self.archive, job.id, state=JobState.REFUSED, message=exc.msg)
            path.unlink(missing_ok=True)
            return
        if job.collection_slug and not given.get("collection"):
            given["collection"] = job.collection_slug
        pages_before = self.pipeline.timing.pages
        outcome = self.pipeline.ingest_one(Candidate(path, given, job.original_filename))
        self._catalogued(self.pipeline.timing.pages - pages_before)
        if outcome.status == ADDED:
            jobs.finish(self.archive, job.id, state=JobState.ADDED, document_id=outcome.document_id)
        elif outcome.status == DUPLICATE:
            jobs.finish(
                self.archive,
                job.id,
                state=JobState.DUPLICATE,
                message=N_(
                    "same file as document %(id)s: %(title)s",
                    id=outcome.duplicate_of,
                    title=outcome.title,
                ),
                document_id=outcome.duplicate_of,
            )
        else:
            jobs.finish(self.archive, job.id, state=JobState.REFUSED, message=_why(outcome))
        with contextlib.suppress(FileNotFoundError):
            Path(path).unlink()

    def _catalogued(self, pages: int) -> None:
        """Count pages catalogued and not yet indexed (the next ``_index_due`` weighs them)."""
        if pages and self._unindexed_pages == 0:
            self._unindexed_since = time.monotonic()
        self._unindexed_pages += pages

    def _replace(self, job: jobs.Job, path: Path) -> None:
        """Replace a document's file with the job's (a corrected version), as its uploader."""
        meta = job.metadata_ or {}
        doc_id = int(meta["replace_document"])
        pipeline = Pipeline(self.archive, actor=job.submitted_by, wait_index=False)
        outcome = Replacement(pipeline).run(
            doc_id, path, filename=job.original_filename, reason=str(meta.get("reason", ""))
        )
        if outcome.status == ADDED:
            jobs.finish(self.archive, job.id, state="added", document_id=doc_id)
        elif outcome.status == DUPLICATE:
            message = N_(
                "not a new version: the same file as document %(id)s", id=outcome.duplicate_of
            )
            jobs.finish(
                self.archive,
                job.id,
                state="duplicate",
                message=message,
                document_id=outcome.duplicate_of,
            )
        else:
            jobs.finish(self.archive, job.id, state="refused", message=_why(outcome))
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
