"""What the archive's core says to people, marked for translation but never translated here.

The core does not import Flask and has no reader's locale. A sentence meant for a reader or a
librarian is written ``N_("The query is too long (%(length)s characters; at most %(most)s).",
length=n, most=limit)``: ``N_`` is the keyword ``pybabel extract`` looks for (README:
Languages of the interface), and the result is a ``Message`` that keeps the English template
and its parameters apart. ``str(message)`` is the English sentence (the command line, the
logs, the JSON API); the web layer translates the template in the reader's language and then
fills in the parameters (``archive.web.i18n.say``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Message:
    """A sentence's English template (a gettext msgid) and the values of its placeholders."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.translated(lambda template: template)

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The sentence with ``gettext``'s template; a parameter may be a message itself
        (a manifest's "m.csv line 3"), translated the same way."""
        template = gettext(self.template)
        if not self.params:
            return template
        values = {
            k: v.translated(gettext) if isinstance(v, Message) else v
            for k, v in self.params.items()
        }
        return template % values

    def to_json(self) -> dict[str, Any]:
        """A form the catalog can store, so it can be translated when it is shown."""
        return {"template": self.template, "params": {k: _plain(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, data: object) -> Message | None:
        """The message stored by ``to_json``, or None for anything else (old rows)."""
        if not isinstance(data, dict) or not isinstance(data.get("template"), str):
            return None
        given = data.get("params")
        params = {
            str(k): cls.from_json(v) or str(v) if isinstance(v, dict) else v
            for k, v in (given.items() if isinstance(given, dict) else ())
        }
        return cls(data["template"], params)


def N_(template: str, **params: Any) -> Message:
    """Mark ``template`` for translation; the placeholders are ``%(name)s``."""
    return Message(template, params)


def _plain(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    return value if isinstance(value, int | float | str) else str(value)
