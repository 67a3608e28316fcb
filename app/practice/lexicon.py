"""Named vocabulary fragments (``lexicon.toml``) and the template language of the rule files.

A template is regex text in which ``{NAME}`` stands for a named fragment, ``{GAP:n}`` for "up
to n intervening words" and ``{NAME:n}`` for up to n words that each match fragment NAME.
Fragments come from this package's ``lexicon.toml`` (shared by every rule file) or from a rule
file's own ``[fragments]`` table; a local name may not shadow a lexicon name, so each piece of
vocabulary is defined once. Regex quantifiers such as ``{0,3}`` are left alone: only upper-case
names are substituted.

Pure: the TOML is read once, from inside the package, at import.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any

__all__ = ["LEXICON", "Scope", "loose", "read_toml"]

_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)(?::(\d+))?\}")


def read_toml(package: str, *parts: str) -> dict[str, Any]:
    """A TOML data file shipped inside ``package`` (never a path from outside)."""
    return tomllib.loads(resources.files(package).joinpath(*parts).read_text(encoding="utf-8"))


def loose(pattern: str) -> str:
    """Accept contractions typed without the apostrophe ("cant", "doesnt", "wasnt")."""
    return pattern.replace("n't", "n'?t")


def _text(value: object, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)  # a long pattern is written as a list of pieces
    raise ValueError(f"{where}: expected a string or a list of strings")


class Scope:
    """Named fragments, each expanded once; a rule file's scope sits over the lexicon's."""

    def __init__(self, raw: Mapping[str, object], parent: Scope | None, where: str) -> None:
        self.raw = {k: _text(v, f"{where}: {k}") for k, v in raw.items()}
        self.parent = parent
        self.where = where
        self._done: dict[str, str] = {}
        clash = sorted(k for k in self.raw if parent is not None and parent.knows(k))
        if clash:
            raise ValueError(f"{where}: {', '.join(clash)} already defined in the lexicon")

    def knows(self, name: str) -> bool:
        return name in self.raw or (self.parent is not None and self.parent.knows(name))

    def fragment(self, name: str, stack: tuple[str, ...] = ()) -> str:
        if name in self._done:
            return self._done[name]
        if name in self.raw:
            if name in stack:
                raise ValueError(f"{self.where}: fragment {name} refers to itself ({' -> '.join(stack)})")
            value = self._expand(self.raw[name], (*stack, name))
            self._done[name] = value
            return value
        if self.parent is not None:
            return self.parent.fragment(name, stack)
        raise ValueError(f"{self.where}: unknown fragment {{{name}}}")

    def expand(self, template: object) -> str:
        """The regex text of ``template`` (a string or list of pieces), fragments filled in."""
        return self._expand(_text(template, self.where), ())

    def _expand(self, text: str, stack: tuple[str, ...]) -> str:
        def sub(m: re.Match[str]) -> str:
            name, n = m.group(1), m.group(2)
            if n is None:
                return self.fragment(name, stack)
            word = self.fragment("W" if name == "GAP" else name, stack)
            return rf"(?:{word},?\s+){{0,{n}}}?"  # up to n such words, fewest first

        return _REF.sub(sub, text)

    def over(self, local: Mapping[str, object], where: str) -> Scope:
        """A rule file's own fragments on top of this scope."""
        return Scope(local, self, where)


_ROOT = Scope(read_toml(__package__ or "app.practice", "lexicon.toml"), None, "lexicon.toml")
LEXICON: Scope = _ROOT
