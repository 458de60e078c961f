"""A gunicorn worker whose threads are given whole request heads only, so slow clients
cannot occupy them.

Gunicorn's ``gthread`` worker hands a connection to a thread as soon as its first bytes
arrive; the thread then blocks reading the rest of the head. Twenty clients sending one header
line every few seconds hold every thread of every worker, and the site stops answering
(gunicorn's advice is a buffering proxy in front; its own guard only covers clients that send
nothing at all). This worker reads each request's head, and a form-sized start of its body,
without blocking, in the worker's event loop, with one deadline for the whole head; a thread
takes the request only once it is there. A client too slow for the deadline is closed having
cost a socket and a buffer, never a thread.

Bodies larger than ``BODY_BUFFER`` (uploads) are read by the thread, after the app has
checked who sends them; chunked bodies and ``Expect: 100-continue`` requests go to a thread
once their head is complete (the client waits for the thread's "100 Continue").
"""

from __future__ import annotations

import contextlib
import errno
import re
import selectors
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from gunicorn.workers.gthread import ThreadWorker

HEAD_TIMEOUT = 10.0  # seconds a client has to send its whole request head
HEAD_LIMIT = 64 * 1024  # a longer head is refused (431), like a proxy would
BODY_BUFFER = 64 * 1024  # this much of a body is read in the loop before a thread reads on
RECV_SIZE = 64 * 1024
_HEAD_END = b"\r\n\r\n"
_CONTENT_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*([0-9]{1,18})[ \t]*$", re.I | re.M)
_DIRECT = re.compile(rb"^(?:transfer-encoding|expect)[ \t]*:", re.I | re.M)
TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"Content-Length: 0\r\nConnection: close\r\n\r\n"
)


@dataclass
class _Head:
    """What a connection has sent of its next request, and until when it may send the rest."""

    deadline: float
    data: bytearray = field(default_factory=bytearray)


def wanted_body(head: bytes) -> int:
    """How many body bytes to read in the loop before a thread takes the request."""
    if _DIRECT.search(head):
        return 0  # chunked, or waiting for "100 Continue": the thread reads the body
    lengths = _CONTENT_LENGTH.findall(head.replace(b"\r\n", b"\n"))
    if len(lengths) != 1:
        return 0  # none, or several: gunicorn's parser decides (400 for conflicting ones)
    return min(int(lengths[0]), BODY_BUFFER)


def is_complete(data: bytes | bytearray) -> bool:
    """True when ``data`` holds a whole head and as much body as the loop reads."""
    end = data.find(_HEAD_END)
    if end < 0:
        return False
    return len(data) - (end + len(_HEAD_END)) >= wanted_body(bytes(data[:end]))


class HeadFirstWorker(ThreadWorker):  # type: ignore[misc]
    """``gthread``, except that a request reaches a thread only once its head has arrived."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.heads: OrderedDict[Any, _Head] = OrderedDict()  # oldest deadline first

    def enqueue_req(self, conn: Any) -> None:
        """Wait in the loop for the request's head (every path to a thread comes here)."""
        if self.cfg.is_ssl:
            super().enqueue_req(conn)  # TLS is the proxy's business; not buffered here
            return
        pending = conn.parser.unreader.take_buffered() if conn.parser is not None else b""
        head = _Head(time.monotonic() + HEAD_TIMEOUT, bytearray(pending))
        if is_complete(head.data):
            self._dispatch(conn, head)
            return
        conn.sock.setblocking(False)
        self.heads[conn] = head
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._receive, conn))

    def _receive(self, conn: Any, _fileobj: Any) -> None:
        head = self.heads[conn]
        try:
            data = conn.sock.recv(RECV_SIZE)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EINTR):
                return
            data = b""
        if not data:
            self._drop(conn)
            return
        head.data += data
        if is_complete(head.data):
            self._stop_waiting(conn)
            self._dispatch(conn, head)
        elif head.data.find(_HEAD_END) < 0 and len(head.data) > HEAD_LIMIT:
            self._drop(conn, answer=TOO_LARGE)

    def _dispatch(self, conn: Any, head: _Head) -> None:
        conn.data_ready = True  # gthread's own wait for a first byte is over
        if conn.parser is None:
            conn.init()  # the HTTP/1 parser (no TLS here), reading from the socket
        conn.parser.unreader.unread(bytes(head.data))
        conn.sock.setblocking(True)
        super().enqueue_req(conn)

    def _stop_waiting(self, conn: Any) -> None:
        self.heads.pop(conn, None)
        with contextlib.suppress(KeyError, ValueError, OSError):  # already gone
            self.poller.unregister(conn.sock)

    def _drop(self, conn: Any, *, answer: bytes = b"") -> None:
        self._stop_waiting(conn)
        if answer:
            # A client gone or not reading gets nothing: closing is all that is left.
            with contextlib.suppress(OSError):
                conn.sock.send(answer)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self) -> None:
        """Close connections whose head did not arrive in time (called about once a second)."""
        super().murder_pending()
        now = time.monotonic()
        while self.heads:
            conn, head = next(iter(self.heads.items()))
            if head.deadline > now:
                break
            self._drop(conn)
