"""``archive serve``'s start-up order: the background worker waits for the web workers.

The web workers tell the gunicorn master through a pipe when they are warm and when one
has answered a reader; only then does the master start the background worker, whose own
start-up would otherwise compete with the first reader (the figures are in bench/).
"""

from __future__ import annotations

from types import SimpleNamespace

from gunicorn.config import Config

from archive.web.server import ReadySignal


def answer(status: int) -> SimpleNamespace:
    return SimpleNamespace(status_code=status)


def test_the_master_goes_on_once_every_worker_is_warm_and_one_has_answered() -> None:
    ready = ReadySignal(2)
    ready.warm()
    ready.post_request(None, None, {}, answer(200))  # the first warm worker answers
    ready.warm()
    assert ready.wait() is True


def test_an_error_of_ours_is_not_an_answer_but_a_refusal_is() -> None:
    ready = ReadySignal(1)
    ready.post_request(None, None, {}, answer(503))  # e.g. a first search over its budget
    assert not ready._answered
    ready.post_request(None, None, {}, answer(404))
    assert ready._answered
    ready.warm()
    assert ready.wait() is True


def test_gunicorn_accepts_the_hook() -> None:
    config = Config()
    config.set("post_request", ReadySignal(1).post_request)
    assert callable(config.post_request)
