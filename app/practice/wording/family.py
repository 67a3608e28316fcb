"""Who is who on this board, for the learned layer: the family panel's names as roles.

Real boards name people ("Kayleigh", "K", "Mr Hollis") far more than they write "mum" or
"he". The model learned roles from the words that spell them out (``<her>``, ``<him>``,
``<kids>``); with the board's family panel it reads "Dean answers every question for Kayleigh"
as his doing, not hers. Pure: a board passes ``(name, role)`` pairs, nothing else.

Only what cannot be misread becomes a role:
- a word of a survivor's or perpetrator's name, or a child's first name, that belongs to one
  role only (a shared surname stays a plain word: "Mr"/"Mrs" already say who);
- an adult's initial when no one else in the family has it and it is not "A" or "I" (words)
  or the other adult's shorthand ("M" is mum, "P" is him, on every board);
- a name that is also an everyday word ("Will", "May", "Hope") only when written with a
  capital letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.practice.text import normalise

__all__ = ["Family", "Written", "as_read", "family_from_rows", "family_of"]

_ROLE_TOKEN = {"survivor": "<her>", "perpetrator": "<him>", "child": "<kids>"}
_KIDS = "<kids>"
# How a role is written on every board (domain.md's shorthand).
_SHORTHAND = {"<her>": "M", "<him>": "P", "<kids>": "child"}
# A name word: "O'Brien" is one, "Marta's" is "Marta" and a possessive.
_NAME_WORD = re.compile(r"(?<![\w'])[A-Za-z]+(?:'[A-Za-z]{2,})*(?![\w])")
_TITLES = frozenset("mr mrs ms miss dr mx".split())
# Initials that are words, or the board's shorthand for the other adult.
_RESERVED_INITIAL = {"<him>": frozenset("aim"), "<her>": frozenset("aip"), "<kids>": frozenset("aimp")}
# Names that are also common words: a role only when capitalised.
_EVERYDAY = frozenset(
    """will may hope grace joy rose mark bill art jack sue faith summer dawn amber ruby pearl
    april june august rich frank guy pat carol sunny king star page chance honor honour
    reign river sky rain storm angel precious blessing gift patience mercy charity
    destiny harmony paris london jordan kerry lee ray bob don ken ian sam""".split()
)


@dataclass(frozen=True)
class Written:
    """A note with the family's names written as the board's shorthand, and where each of its
    characters came from in the note as typed (so a trigger is still the professional's words)."""

    text: str
    starts: tuple[int, ...]  # for each character: the first character it stands for
    ends: tuple[int, ...]  # for each character: one past the last character it stands for

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The typed note's span for ``text[start:end]``."""
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return at, at
        return self.starts[start], self.ends[end - 1]


@dataclass(frozen=True)
class Family:
    """Lower-cased name words and the role token each stands for."""

    roles: Mapping[str, str] = field(default_factory=dict)

    def role(self, word: str, capitalised: bool) -> str | None:
        """The role token for this (lower-cased) name word of a note, or None."""
        token = self.roles.get(word)
        if token is None or (word in _EVERYDAY and not capitalised):
            return None
        return token

    def write(self, text: str) -> Written | None:
        """The note with each family name as "M" (her), "P" (him) or "child", the way the rules
        and the model learned to read roles; None when the note names nobody on the panel."""
        if not self.roles:
            return None
        parts: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        last = 0
        for m in _NAME_WORD.finditer(text):
            token = self.role(m.group().lower().replace("'", ""), m.group()[0].isupper())
            if token is None:
                continue
            parts.append(text[last : m.start()])
            starts.extend(range(last, m.start()))
            ends.extend(range(last + 1, m.start() + 1))
            short = _SHORTHAND[token]
            parts.append(short)
            starts.extend([m.start()] * len(short))
            ends.extend([m.end()] * len(short))
            last = m.end()
        if not parts:
            return None
        parts.append(text[last:])
        starts.extend(range(last, len(text)))
        ends.extend(range(last + 1, len(text) + 1))
        return Written("".join(parts), tuple(starts), tuple(ends))

    def __bool__(self) -> bool:
        return bool(self.roles)


_EMPTY = Family()


def _words(name: str) -> list[str]:
    return [w.lower().replace("'", "") for w in _NAME_WORD.findall(name)]


def family_of(people: Iterable[tuple[str, str]]) -> Family:
    """The board's family panel, as (name, role) pairs, as roles for the model."""
    seen: dict[str, set[str]] = {}
    initials: dict[str, set[str]] = {}
    for name, role in people:
        token = _ROLE_TOKEN.get(role)
        words = [w for w in _words(name) if w not in _TITLES]
        if not words:
            continue
        initials.setdefault(words[0][0], set()).add(token or "other")
        if token is None:
            # Someone else in the family (a grandmother, a new partner): their name is nobody's role.
            for w in words:
                seen.setdefault(w, set()).add("other")
            continue
        # A child is named by first name; an adult by any part of the name.
        for w in words[:1] if token == _KIDS else words:
            if len(w) > 1:
                seen.setdefault(w, set()).add(token)
    roles = {w: next(iter(t)) for w, t in seen.items() if len(t) == 1 and "other" not in t}
    for initial, tokens in initials.items():
        if len(tokens) != 1:
            continue
        token = next(iter(tokens))
        if token in _RESERVED_INITIAL and initial.isalpha() and initial not in _RESERVED_INITIAL[token]:
            roles.setdefault(initial, token)
    return Family(roles) if roles else _EMPTY


def family_from_rows(rows: object) -> Family | None:
    """A family panel as the corpus and the API write it: ``[{"name", "role"}, ...]``."""
    if not isinstance(rows, list):
        return None
    pairs = [(str(p.get("name") or ""), str(p.get("role") or "")) for p in rows if isinstance(p, dict)]
    return family_of(pairs) or None


def as_read(text: str, family: Family | None) -> str:
    """The note as the model reads it: with the family's names as the board's shorthand."""
    written = family.write(normalise(text)) if family else None
    return written.text if written else text
