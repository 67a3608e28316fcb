"""Named vocabulary fragments (``lexicon.toml``) and the template language rule files use.

A template is regex text in which ``{NAME}`` stands for a named fragment and ``{GAP:n}`` for
"up to n intervening words". Fragments come from this package's ``lexicon.toml`` (shared by
every rule file) or from a rule file's own ``[fragments]`` table; a local name may not shadow
a lexicon name, so each piece of vocabulary is defined once. Regex quantifiers such as
``{0,3}`` are left alone: only upper-case names are substituted.

Pure: the TOML is read once, from the package itself, at import.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from importlib import resources
from typing import Any

__all__ = ["LEXICON", "Fragments", "expand", "loose", "read_toml"]

Fragments = Mapping[str, "str | list[str]"]

_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)(?::(\d+))?\}")


def read_toml(package: str, *parts: str) -> dict[str, Any]:
    """A TOML data file shipped inside ``package`` (never a path from outside)."""
    text = resources.files(package).joinpath(*parts).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _text(value: object, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)  # long patterns are written as a list of pieces
    raise ValueError(f"{where}: expected a string or a list of strings")


def loose(pattern: str) -> str:
    """Accept contractions typed without the apostrophe ("cant", "doesnt", "wasnt")."""
    return pattern.replace("n't", "n'?t")


class _Expander:
    def __init__(self, raw: Mapping[str, object], parent: _Expander | None, where: str) -> None:
        self.raw = {k: _text(v, f"{where}: {k}") for k, v in raw.items()}
        self.parent = parent
        self.where = where
        self.done: dict[str, str] = {}
        if parent is not None:
            clash = sorted(k for k in self.raw if parent.knows(k))
            if clash:
                raise ValueError(f"{where}: {', '.join(clash)} already defined in the lexicon")

    def knows(self, name: str) -> bool:
        return name in self.raw or (self.parent is not None and self.parent.knows(name))

    def fragment(self, name: str, stack: tuple[str, ...] = ()) -> str:
        if name in self.done:
            return self.done[name]
        if name in self.raw:
            if name in stack:
                raise ValueError(f"{self.where}: fragment {name} refers to itself ({' -> '.join(stack)})")
            value = self.expand(self.raw[name], (*stack, name))
            self.done[name] = value
            return value
        if self.parent is not None:
            return self.parent.fragment(name, stack)
        raise ValueError(f"{self.where}: unknown fragment {{{name}}}")

    def expand(self, template: str, stack: tuple[str, ...] = ()) -> str:
        def sub(m: re.Match[str]) -> str:
            name, n = m.group(1), m.group(2)
            if n is not None:
                if name != "GAP":
                    raise ValueError(f"{self.where}: only GAP takes a count, not {{{name}:{n}}}")
                return rf"(?:{self.fragment('W', stack)},?\s+){{0,{n}}}?"
            return self.fragment(name, stack)

        return _REF.sub(sub, template)


_LEXICON_RAW = read_toml(__package__ or "app.practice", "lexicon.toml")
_ROOT = _Expander(_LEXICON_RAW, None, "lexicon.toml")
LEXICON: Mapping[str, str] = {name: _ROOT.fragment(name) for name in _ROOT.raw}


def expand(template: object, local: Mapping[str, object] | None = None, where: str = "") -> str:
    """The regex text of ``template`` (a string or list of pieces) with every fragment filled in."""
    text = _text(template, where)
    scope = _ROOT if not local else _Expander(local, _ROOT, where)
    return scope.expand(text)


def scope(local: Mapping[str, object], where: str) -> _Expander:
    """One rule file's fragments over the lexicon, expanded once for all its rules."""
    return _Expander(local, _ROOT, where)
