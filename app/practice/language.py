"""Blaming-language analyser for case-mapping notes (domain.md §4, §5, §7).

Pure, deterministic, standard library only.  ``analyse(text, section)`` returns
zero or more :class:`FlagResult` (at most one per category, primary first).

How a note is read:

1. Curly quotes and dashes are normalised one-for-one, so match offsets in the
   normalised text are offsets in the original and every trigger is an exact
   substring of what the professional wrote.
2. The note is split into clauses (" - ", ";", ":", sentence ends, "but").
3. Each rule in ``language_rules*`` is a linguistic frame (agentless passive,
   euphemism, causal connective, action owner in a plan, ...).  A match only
   counts in the author's own voice: not inside quotes, not inside a reported
   clause ("P says ...", "police log calls ..."), not negated ("no evidence of",
   "not a one-off"), not followed by commentary ("- challenge this").
4. Rules carry their own exemptions: the frame must be about her (not him, a
   child or us), his harm named in the note, or his pressure behind her choice.
5. Precedence from domain.md §4 picks the primary category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.practice.language_pivots import build_explanation
from app.practice.language_rules import CHOICES, FAILURE, SEPARATION, Rule
from app.practice.language_rules_extra import EXTRA
from app.practice.language_rules_more import CAUSAL, PATHOLOGISING
from app.practice.language_rules_plan import INVISIBLE, NOT_ENGAGING, PLAN
from app.practice.language_rules_talk import MINIMISING, MUTUAL
from app.practice.language_voice import POST_NEG, Note, normalise

__all__ = ["CATEGORIES", "SECTION_KEYS", "FlagResult", "analyse", "normalise"]

SECTION_KEYS = ("pattern", "impact", "factors", "practice")

CATEGORIES: tuple[str, ...] = (
    "failure_to_protect",
    "survivor_choices",
    "separation_as_solution",
    "mutualising",
    "perpetrator_invisible",
    "minimising",
    "causal_attribution",
    "pathologising_survivor",
    "not_engaging",
    "plan_burden_on_mother",
)

# Primary-flag order: the more specific frame first (domain.md §4 precedence).
_PRIORITY: tuple[str, ...] = (
    "separation_as_solution",
    "survivor_choices",
    "causal_attribution",
    "plan_burden_on_mother",
    "failure_to_protect",
    "not_engaging",
    "pathologising_survivor",
    "mutualising",
    "minimising",
    "perpetrator_invisible",
)
_RANK = {c: i for i, c in enumerate(_PRIORITY)}
_MAX_FLAGS = 3


@dataclass(frozen=True)
class FlagResult:
    category: str
    message: str
    pivot: tuple[str, str, str]
    trigger: str
    suggestion: str


_DANGLING = re.compile(r"\b(?:with|from|to|of|on|by|for|at|in|about|re|the|his|her|a|an)$")
_NEXT_WORD = re.compile(r"\s+[\w'&/-]+")

# Substring gates only skip rules that cannot match; tests flip this to prove it.
_GATES = [True]

_BASE: list[Rule] = (
    SEPARATION + CHOICES + CAUSAL + PLAN + FAILURE + NOT_ENGAGING + PATHOLOGISING + MUTUAL + MINIMISING + INVISIBLE
)
_ORDER = {c: i for i, c in enumerate(dict.fromkeys(r.category for r in _BASE))}
# extra frames run after the base rules of their category (stable sort keeps base triggers)
_RULES: tuple[Rule, ...] = tuple(sorted(_BASE + EXTRA, key=lambda r: _ORDER[r.category]))


@dataclass(frozen=True)
class _Candidate:
    category: str
    start: int
    end: int


def _exempt(rule: Rule, note: Note) -> bool:
    if rule.needs is not None and not rule.needs.search(note.text):
        return True
    if rule.unless is not None and rule.unless.search(note.text):
        return True
    if (rule.no_perp_act and note.perp_act) or (rule.no_perp_any and note.perp_any):
        return True
    return rule.no_coercion and note.coercion


def _accept(rule: Rule, note: Note, m: re.Match[str]) -> bool:
    s, e = m.span()
    if not note.voiced_by_author(s):
        return False
    if rule.post_neg and POST_NEG.search(note.text[e : e + 40]):
        return False
    if rule.her or rule.his:
        actor = note.actor_at(s)
        if rule.her and actor not in (None, "surv"):
            return False
        if rule.his and actor not in (None, "perp"):
            return False
    return True


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and not text[s].isalnum():
        s += 1
    while e > s and text[e - 1] in " ,;:-":
        e -= 1
    while e < len(text) and (text[e].isalnum() or text[e] == "'") and e - s < 120:
        e += 1  # finish a word the pattern stopped inside
    tail = _DANGLING.search(text, s, e)
    if tail is not None:  # "finishes with" -> "finishes with P"
        nxt = _NEXT_WORD.match(text, e)
        if nxt is not None:
            e = nxt.end()
    return s, e


def _candidates(note: Note) -> dict[str, _Candidate]:
    text = note.text
    found: dict[str, _Candidate] = {}
    for rule in _RULES:
        if rule.category in found or (_GATES[0] and rule.gate and not any(g in text for g in rule.gate)):
            continue
        exempt: bool | None = None
        for m in rule.pattern.finditer(text):
            if m.end() <= m.start():
                continue
            if exempt is None:
                exempt = _exempt(rule, note)
            if exempt:
                break
            if _accept(rule, note, m):
                s, e = _strip_span(text, *m.span())
                found[rule.category] = _Candidate(rule.category, s, e)
                break
    return found


def _resolve(found: dict[str, _Candidate]) -> list[_Candidate]:
    cands = sorted(found.values(), key=lambda c: _RANK[c.category])
    kept: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), _RANK[c.category])):
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
    cats = {c.category for c in kept}
    drop: set[str] = set()
    if "separation_as_solution" in cats:
        drop.add("plan_burden_on_mother")
    if "survivor_choices" in cats:
        drop.add("failure_to_protect")
    if "causal_attribution" in cats:
        drop.add("minimising")
    if len(cats - {"perpetrator_invisible"}) > 0:
        drop.add("perpetrator_invisible")
    kept = [c for c in kept if c.category not in drop]
    kept.sort(key=lambda c: _RANK[c.category])
    return kept[:_MAX_FLAGS]


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _analyse(text: str, section: str | None) -> list[FlagResult]:
    norm = normalise(text)
    note = Note(_lower(norm))
    out: list[FlagResult] = []
    for c in _resolve(_candidates(note)):
        trigger = text[c.start : c.end]
        message, pivot, suggestion = build_explanation(c.category, trigger, norm, section)
        out.append(FlagResult(c.category, message, pivot, trigger, suggestion))
    return out


def analyse(text: str, section: str | None = None) -> list[FlagResult]:
    """Zero or more flags for one note; usually zero or one. Deterministic, no I/O."""
    if not text or not text.strip():
        return []
    return _analyse(text, section)
