"""Reading a note's text: offset-keeping normalisation and the clause splitter.

Shared by the wording analyser and the gap checks. Normalising replaces curly quotes, dashes
and odd spaces one character for one, so an offset in the normalised text is an offset in
what the professional wrote, and every quoted trigger is an exact substring of the note.
"""

from __future__ import annotations

import re

__all__ = ["CLAUSE_BREAK", "SENTENCE_BREAK", "clause_bounds", "normalise", "split_clauses"]

_TRANS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
    }
)


def normalise(text: str) -> str:
    """Replace curly quotes, dashes and odd spaces one-for-one (offsets kept)."""
    return text.translate(_TRANS)


# Where one clause ends and the next begins, in order of trial. Every reader breaks at a spaced
# dash, ";", a sentence end, a line break or a table bar; the wording analyser also breaks at
# ": " and at a contrasting conjunction ("but", "although", ...), because who is speaking or
# what is negated can change there.
_BREAKS: tuple[tuple[str, bool], ...] = (  # (regex, wording only)
    (r"\s-+\s", False),
    (r"\s-+$", False),
    (r"^-+\s", False),
    (r";", False),
    (r":(?=\s)", True),
    (r"\.(?=\s|$)", False),
    (r"\?(?=\s|$)", False),
    (r"!", False),
    (r"\n", False),
    (r"\|", False),
    (r"\s(?:but|although|though|however|whereas)\s", True),
)
CLAUSE_BREAK = re.compile("|".join(rx for rx, _ in _BREAKS))
SENTENCE_BREAK = re.compile("|".join(rx for rx, fine in _BREAKS if not fine))


def clause_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of each clause of a normalised, lower-cased note (wording)."""
    starts, ends = [0], []
    for m in CLAUSE_BREAK.finditer(text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends


def split_clauses(text: str) -> list[str]:
    """The note's sentences and dash-separated parts, as written (gap checks).

    A part that ends in a question keeps its "?", and a lone "?" or "Q:" heads the next part:
    "? any history abroad" is one open question.
    """
    parts: list[str] = []
    pos = 0
    for m in SENTENCE_BREAK.finditer(normalise(text)):  # offsets kept, so slice the original
        parts.append(text[pos : m.start()] + ("?" if text[m.start()] == "?" else ""))
        pos = m.end()
    parts.append(text[pos:])
    out: list[str] = []
    carry = ""
    for part in parts:
        clause = part.strip().rstrip(".;!").strip()
        if clause in {"?", "??", "Q", "Q:"}:
            carry = clause + " "
        elif clause:
            out.append(carry + clause)
            carry = ""
    return out
