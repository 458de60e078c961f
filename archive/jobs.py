"""Uploads received by the web desk: kept durably, then queued for the ingest worker.

An upload is written (fsynced, renamed) into ``<data_dir>/incoming`` and its job row
committed before the librarian is told "received"; the worker in ``ingest.worker`` claims
queued jobs one at a time, so a request never waits for extraction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import IO, Any, cast

from sqlalchemy import CursorResult, select, update

from archive.catalog import Job, JobState, utcnow
from archive.messages import Message
from archive.service import Archive, record
from archive.store import write_durably

ACTIVE = (JobState.QUEUED, JobState.WORKING)


def receive(
    archive: Archive,
    stream: IO[bytes],
    *,
    filename: str,
    actor: str,
    collection: str | None,
    metadata: dict[str, Any],
) -> Job:
    """Keep an uploaded file durably and queue it; return its job."""
    name = f"{uuid.uuid4().hex}.pdf"
    target = archive.settings.incoming_path / name
    sha256, size = write_durably(stream, target)
    try:
        with archive.catalog.session() as session:
            job = Job(
                original_filename=filename,
                incoming_name=name,
                sha256=sha256,
                size=size,
                collection_slug=collection,
                metadata_=metadata,
                submitted_by=actor,
                state=JobState.QUEUED,
            )
            session.add(job)
            session.flush()
            record(session, actor, "upload", file=filename, sha256=sha256, job=job.id)
            return job
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def recent(archive: Archive, *, limit: int = 200) -> list[Job]:
    """The newest jobs first."""
    with archive.catalog.read() as session:
        return list(session.scalars(select(Job).order_by(Job.id.desc()).limit(limit)))


def has_active(archive: Archive) -> bool:
    """True while any job is queued or being worked on."""
    with archive.catalog.read() as session:
        return session.scalar(select(Job.id).where(Job.state.in_(ACTIVE)).limit(1)) is not None


def has_queued(archive: Archive) -> bool:
    """True while any job waits to be claimed."""
    with archive.catalog.read() as session:
        stmt = select(Job.id).where(Job.state == JobState.QUEUED).limit(1)
        return session.scalar(stmt) is not None


def claim_next(archive: Archive) -> Job | None:
    """Take the oldest queued job for this worker (atomically), or None."""
    with archive.catalog.session() as session:
        job = session.scalar(
            select(Job).where(Job.state == JobState.QUEUED).order_by(Job.id).limit(1)
        )
        if job is None:
            return None
        job.state = JobState.WORKING
        return job


#: The key of a job's metadata that keeps its message as a translatable template.
MESSAGE_KEY = "message"


def finish(
    archive: Archive,
    job_id: int,
    *,
    state: str,
    message: str | Message = "",
    document_id: int | None = None,
) -> None:
    """Record how a job ended: the message in English (the command line, the logs, the API)
    and, when it is a ``Message``, its template and values, so the desk can translate it."""
    values: dict[str, Any] = {"state": state, "message": str(message)}
    values |= {"document_id": document_id, "updated_at": utcnow()}
    with archive.catalog.session() as session:
        if isinstance(message, Message):
            meta = session.scalar(select(Job.metadata_).where(Job.id == job_id)) or {}
            values["metadata_"] = {**meta, MESSAGE_KEY: message.to_json()}
        session.execute(update(Job).where(Job.id == job_id).values(**values))


def message_of(job: Job) -> Message | str:
    """What a finished job says, translatable when it was stored so (older rows: the text)."""
    return Message.from_json((job.metadata_ or {}).get(MESSAGE_KEY)) or job.message


def requeue_interrupted(archive: Archive) -> int:
    """Put jobs left 'working' by a stopped worker back in the queue; return how many."""
    with archive.catalog.session() as session:
        result = session.execute(
            update(Job)
            .where(Job.state == JobState.WORKING)
            .values(state=JobState.QUEUED, updated_at=utcnow())
        )
        return cast("CursorResult[Any]", result).rowcount or 0


def age(job: Job) -> dt.timedelta:
    return utcnow() - job.created_at
