"""Blaming-language analysis of case-mapping notes (domain.md §4, §5, §7).

Pure, deterministic, standard library only. ``analyse(text, section)`` returns zero or more
:class:`FlagResult` (at most one per category, primary first).

How a note is read:

1. Curly quotes and dashes are normalised one-for-one (``app.practice.text``), so match
   offsets in the normalised text are offsets in the original and every trigger is an exact
   substring of what the professional wrote.
2. The note is split into clauses (" - ", ";", ":", sentence ends, "but").
3. Each rule in ``categories/*.toml`` is a linguistic frame (agentless passive, euphemism,
   causal connective, action owner in a plan, ...). A match only counts in the author's own
   voice (``voice``): not inside quotes, not inside a reported clause ("P says ...", "police
   log calls ..."), not negated ("no evidence of", "not a one-off"), not followed by
   commentary ("- challenge this").
4. Rules carry their own exemptions: the frame must be about her (not him, a child or us),
   his harm named in the note, or his pressure behind her choice.
5. Precedence from domain.md §4 picks the primary category (``rank`` / ``beats`` /
   ``fallback`` in the category files).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.practice.sections import SECTION_KEYS
from app.practice.text import normalise
from app.practice.wording.engine import CATEGORIES, candidates, resolve
from app.practice.wording.pivots import build_explanation
from app.practice.wording.voice import Note

__all__ = ["CATEGORIES", "SECTION_KEYS", "FlagResult", "analyse", "normalise"]


@dataclass(frozen=True)
class FlagResult:
    category: str
    message: str
    pivot: tuple[str, str, str]
    trigger: str
    suggestion: str


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def analyse(text: str, section: str | None = None) -> list[FlagResult]:
    """Zero or more flags for one note; usually zero or one. Deterministic, no I/O."""
    if not text or not text.strip():
        return []
    norm = normalise(text)
    out: list[FlagResult] = []
    for c in resolve(candidates(Note(_lower(norm)))):
        trigger = text[c.start : c.end]
        message, pivot, suggestion = build_explanation(c.category, trigger, norm, section)
        out.append(FlagResult(c.category, message, pivot, trigger, suggestion))
    return out
