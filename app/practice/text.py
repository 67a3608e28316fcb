"""Reading a note's text: offset-keeping normalisation and the clause splitter.

Shared by the wording analyser and the gap checks. Normalising replaces curly quotes, dashes
and odd spaces one character for one, so an offset in the normalised text is an offset in
what the professional wrote, and every quoted trigger is an exact substring of the note.
"""

from __future__ import annotations

import re

__all__ = ["CLAUSE_BREAK", "clause_bounds", "normalise"]

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


# Where one clause ends and the next begins: a spaced dash, ";", ":", a sentence end, a line
# break, a table bar, or a contrasting conjunction ("but", "although", ...).
CLAUSE_BREAK = re.compile(
    r"\s-+\s|\s-+$|^-+\s|;|:(?=\s)|\.(?=\s|$)|\?(?=\s|$)|!|\n|\|"
    r"|\s(?:but|although|though|however|whereas)\s",
)


def clause_bounds(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of each clause of a normalised, lower-cased note."""
    starts, ends = [0], []
    for m in CLAUSE_BREAK.finditer(text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    return starts, ends
