"""The query language, engine-neutral: the tree a query parses to, its refusals, its bounds."""

from __future__ import annotations

import itertools
import string

import pytest

from archive.errors import QueryError, QueryTooExpensive
from archive.search import query as qm
from archive.search.query import And, Deadline, Limits, Not, Or, Phrase, Prefix, Range, Word

LIMITS = Limits()


@pytest.mark.parametrize(
    ("q", "tree"),
    [
        ("migrant workers", And((Word("migrant"), Word("workers")))),
        ('"social protection" OR pension*', Or((Phrase("social protection"), Prefix("pension")))),
        ("title:framework -draft", And((Word("framework", "title"), Not(Word("draft"))))),
        ("author:ILO language:th", And((Word("ILO", "creator"), Word("th", "lang")))),
        ("year:[2010 TO 2015]", Range("year", "2010", "2015")),
        ("date:{2015-11 TO]", Range("date", "2015-11", None, False, True)),
        ("a OR b c", Or((Word("a"), And((Word("b"), Word("c")))))),
        ("(a OR b) c", And((Or((Word("a"), Word("b"))), Word("c")))),
        ("title:(social dialogue)", And((Word("social", "title"), Word("dialogue", "title")))),
        ("e-mail doc_id:5", And((Word("e-mail"), Word("doc_id:5")))),
        ("remittances AND", Word("remittances")),
    ],
)
def test_queries_parse_to_the_archives_own_tree(q: str, tree: qm.Node) -> None:
    assert qm.parse(q, LIMITS) == tree


def test_negations_cancel_in_pairs() -> None:
    """`NOT NOT NOT social` used to answer with an internal exception's text."""
    for count in range(1, 8):
        tree = qm.parse("NOT " * count + "social", LIMITS)
        assert tree == (Not(Word("social")) if count % 2 else Word("social")), count


def twelve_ranges() -> str:
    """The reported attack: twelve ranges without a field took 25 s on 15 documents."""
    return "".join(f"[{letter} TO zzzz] " for letter in string.ascii_lowercase[:12])


@pytest.mark.parametrize("q", [twelve_ranges(), "[a TO zzzz]", "title:[a TO z]", "lang:{a TO z}"])
def test_ranges_are_refused_outside_year_and_date(q: str) -> None:
    with pytest.raises(QueryError, match=r"only on year: and date:"):
        qm.parse(q, LIMITS)


@pytest.mark.parametrize("q", ["year:[abc TO 2015]", "year:[2015]", "date:[x TO y]", "year:[TO]"])
def test_malformed_ranges_get_a_message(q: str) -> None:
    with pytest.raises(QueryError, match=r"range|year|date"):
        qm.parse(q, LIMITS)


def test_a_deadline_stops_work_once_its_budget_is_spent(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = itertools.count()
    monkeypatch.setattr(qm, "_now", lambda: next(ticks))  # one second per look at the clock
    deadline = Deadline(2500)
    seen = []
    with pytest.raises(QueryTooExpensive, match=r"too expensive.*narrower"):
        for item in qm.checked(range(100), deadline, every=1):
            seen.append(item)
    assert seen == [0, 1]


def test_did_you_mean_is_offered_only_for_short_queries() -> None:
    unknown = [f"zq{''.join(p)}" for p in itertools.product("bcdfg", repeat=3)][:60]
    assert qm.wants_suggestion(qm.parse("remitances workers", LIMITS), LIMITS)
    assert not qm.wants_suggestion(qm.parse(" ".join(unknown[:7]), LIMITS), LIMITS)
    assert not qm.wants_suggestion(qm.parse(f'"{" ".join(unknown)}"', LIMITS), LIMITS)
    assert not qm.wants_suggestion(qm.parse(f'"{" ".join(unknown[:5])}"', LIMITS), LIMITS)


def test_corrections_are_the_nearest_commonest_real_word() -> None:
    freq = {"remittances": 5, "remittance": 9, "remit": 1}.get
    assert qm.best_correction("remitances", ["remit", "remittance", "remittances"], freq) in (
        "remittances",
        "remittance",
    )
    assert qm.best_correction("remitances", ["remit"], freq) is None
    assert qm.edit_distance("kitten", "sitting", 5) == 3
    assert qm.edit_distance("aaaaaaaa", "bbbbbbbb", 2) == 3
