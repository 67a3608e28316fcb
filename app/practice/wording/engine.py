"""Load the category rule files once, match a note against them, pick the primary flags.

Each ``categories/<category>.toml`` holds that category's precedence, its explanation and
pivot text, its own regex fragments and its rules. A rule is one linguistic frame; a match
only counts in the author's own voice (``voice.Note``) and when the rule's own conditions
hold (the frame is about her, his harm is not named, her choice is not set in his pressure...).
Within a category the first rule that matches decides the trigger, so rule order matters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.practice.lexicon import LEXICON, loose, read_toml
from app.practice.sections import CATEGORY_LABELS
from app.practice.wording.voice import POST_NEG, Note

__all__ = [
    "CATEGORIES",
    "CATEGORY_FILES",
    "RULES",
    "Candidate",
    "Category",
    "Rule",
    "build_category",
    "candidates",
    "match",
    "resolve",
]

# The ten categories of domain.md §4, in display order; one rule file each.
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_LABELS)

_MAX_FLAGS = 3
# Substring gates only skip rules that cannot match; tests flip this to prove it.
_GATES = [True]


@dataclass(frozen=True)
class Rule:
    id: str  # the frame it names, e.g. "leaving-is-the-only-option"
    category: str
    pattern: re.Pattern[str]
    her: bool = False  # the frame must be about her, not him / a child / us
    his: bool = False  # the frame must be about him (or nobody named)
    no_perp_act: bool = False  # exempt when the note names him doing harm/control
    no_perp_any: bool = False  # exempt when the note mentions him at all
    no_coercion: bool = False  # exempt when her decision is set in his pressure
    needs: re.Pattern[str] | None = None  # note must also contain this
    unless: re.Pattern[str] | None = None  # note must not contain this
    post_neg: bool = False  # "couples work is not appropriate"
    reported_ok: bool = False  # a report paraphrased by the author still counts ("M disclosed she was hit")
    gate: tuple[str, ...] = ()  # cheap pre-check: one of these substrings must occur
    flag: tuple[str, ...] = ()  # example notes this rule must flag with its category
    passes: tuple[str, ...] = ()  # near-miss notes that must get no flag of its category
    about: str = ""  # the frame in plain words


@dataclass(frozen=True)
class Category:
    name: str
    rank: int  # precedence: the lower rank is the primary flag
    beats: tuple[str, ...]  # categories dropped when this one is flagged
    fallback: bool  # flagged only when nothing else is
    reason: str
    suggestion: str
    pivot: tuple[str, str, str]  # validate the worry -> redirect to his behaviour -> return to her
    default_topic: str
    topics: Mapping[str, str]  # topic key (topics.toml) -> how this category's pivot names it
    pivots: Mapping[str, tuple[str, str, str]]  # a pivot of its own for a topic key or "default"
    rules: tuple[Rule, ...]
    # What the learned layer needs before it may say "may read as" this category: a frame the
    # category cannot exist without (``model_needs``) and counter-frames that are the opposite of
    # it (``model_unless``), from the ``[model]`` table, with ``pass`` notes the test runs.
    model_needs: re.Pattern[str] | None = None
    model_needs_also: re.Pattern[str] | None = None
    model_unless: re.Pattern[str] | None = None
    model_passes: tuple[str, ...] = ()
    model_flags: tuple[str, ...] = ()

    def model_may_flag(self, text: str) -> bool:
        """Whether a model-only flag of this category may stand on this (lower-cased) note."""
        if _HIS_HARM_IS_THE_RISK.search(text):
            return False  # the note names his behaviour as the risk: no category's frame
        for needs in (self.model_needs, self.model_needs_also):
            if needs is not None and not needs.search(text):
                return False
        return not (self.model_unless is not None and self.model_unless.search(text))


# A note that names his behaviour as the risk or the harm is the opposite of every category's
# frame: the learned layer never guesses on it (word weights read "risk" and her drinking).
_HIS_HARM_IS_THE_RISK = re.compile(loose(LEXICON.expand("{HIS_HARM_IS_THE_RISK}")))
MODEL_NEVER_PASSES = (
    "P's violence remains the primary risk factor; M's drinking went up after he moved in",
    "Plan should not rest on mum's abstinence - the risk to the children comes from dad's violence",
    "Harm statement: the children are at risk of harm from P's threats toward their mum",
)

_FLAGS = ("her", "his", "no_perp_act", "no_perp_any", "no_coercion", "post_neg", "reported_ok")
_RULE_KEYS = frozenset({"id", "about", "pattern", "needs", "unless", "gate", "flag", "pass", *_FLAGS})
_FILE_KEYS = frozenset({"rank", "beats", "fallback", "explain", "fragments", "gates", "rule", "model"})


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: expected a list of strings")
    return tuple(value)


def build_category(name: str, data: Mapping[str, Any], where: str = "") -> Category:
    """One category from its parsed rule file; raises ValueError on anything malformed."""
    where = where or f"categories/{name}.toml"
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    fragments, gates, explain = data.get("fragments", {}), data.get("gates", {}), data.get("explain")
    if not isinstance(fragments, dict) or not isinstance(gates, dict) or not isinstance(explain, dict):
        raise ValueError(f"{where}: [fragments], [gates] and [explain] must be tables")
    local = LEXICON.over(fragments, where)

    def compile_(template: object) -> re.Pattern[str]:
        return re.compile(loose(local.expand(template)))

    rules: list[Rule] = []
    for raw in data.get("rule", []):
        rid = str(raw.get("id", "?"))
        here = f"{where} rule {rid}"
        unknown = set(raw) - _RULE_KEYS
        if unknown or "id" not in raw or "pattern" not in raw:
            raise ValueError(f"{here}: needs id and pattern; unknown keys {sorted(unknown)}")
        gate = raw.get("gate", [])
        if isinstance(gate, str):
            if gate not in gates:
                raise ValueError(f"{here}: no gate list {gate!r} in [gates]")
            gate = gates[gate]
        rules.append(
            Rule(
                id=rid,
                category=name,
                pattern=compile_(raw["pattern"]),
                needs=compile_(raw["needs"]) if "needs" in raw else None,
                unless=compile_(raw["unless"]) if "unless" in raw else None,
                gate=_strings(gate, f"{here} gate"),
                flag=_strings(raw.get("flag", []), f"{here} flag"),
                passes=_strings(raw.get("pass", []), f"{here} pass"),
                about=str(raw.get("about", "")),
                **{k: _bool(raw.get(k, False), f"{here} {k}") for k in _FLAGS},
            )
        )
    model = data.get("model", {})
    if not isinstance(model, dict) or set(model) - {"needs", "needs_also", "unless", "pass", "flag"}:
        raise ValueError(f"{where}: [model] takes needs, needs_also, unless, pass and flag")
    if model and not model.get("pass"):
        raise ValueError(f"{where}: [model] needs pass examples")
    pivot = _pivot(explain.get("pivot"), f"{where} pivot")
    pivots = {str(k): _pivot(v, f"{where} pivots.{k}") for k, v in explain.get("pivots", {}).items()}
    return Category(
        name=name,
        rank=int(data["rank"]),
        beats=_strings(data.get("beats", []), f"{where} beats"),
        fallback=_bool(data.get("fallback", False), f"{where} fallback"),
        reason=str(explain["reason"]),
        suggestion=str(explain["suggestion"]),
        pivot=pivot,
        default_topic=str(explain["default_topic"]),
        topics={str(k): str(v) for k, v in explain.get("topics", {}).items()},
        pivots=pivots,
        rules=tuple(rules),
        model_needs=compile_(model["needs"]) if "needs" in model else None,
        model_needs_also=compile_(model["needs_also"]) if "needs_also" in model else None,
        model_unless=compile_(model["unless"]) if "unless" in model else None,
        model_passes=_strings(model.get("pass", []), f"{where} model pass"),
        model_flags=_strings(model.get("flag", []), f"{where} model flag"),
    )


def _pivot(value: object, where: str) -> tuple[str, str, str]:
    steps = _strings(value, where)
    if len(steps) != 3:
        raise ValueError(f"{where}: a pivot has three steps (validate, redirect to him, return to her)")
    return steps[0], steps[1], steps[2]


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{where}: expected true or false")
    return value


def _load(name: str) -> Category:
    return build_category(name, read_toml(__package__ or "app.practice.wording", "categories", f"{name}.toml"))


CATEGORY_FILES: dict[str, Category] = {c: _load(c) for c in CATEGORIES}
RULES: tuple[Rule, ...] = tuple(r for c in CATEGORIES for r in CATEGORY_FILES[c].rules)
_RANK = {c.name: c.rank for c in CATEGORY_FILES.values()}
if sorted(_RANK.values()) != list(range(1, len(CATEGORIES) + 1)):
    raise ValueError("category ranks must be 1..10, each used once")


class _GateIndex:
    """Which of the rules' gate substrings a note contains, found in one pass over the note.

    Testing each rule's gates with ``in`` cost about a third of the wording checks (1,182 gate
    strings over 115 rules, most of them absent from any one note). Here every gate is filed
    under its first three characters; one walk over the note's positions tries only the gates
    that start with the three characters found there (``startswith`` at that position), which
    finds exactly the gates ``g in text`` would.
    """

    def __init__(self, gates: set[str]) -> None:
        self.short = tuple(sorted(g for g in gates if len(g) < 3))
        by_head: dict[str, list[str]] = {}
        for g in sorted(gates):
            if len(g) >= 3:
                by_head.setdefault(g[:3], []).append(g)
        self.by_head = {k: tuple(v) for k, v in by_head.items()}

    def present(self, text: str) -> frozenset[str]:
        found = {g for g in self.short if g in text}
        by_head = self.by_head
        for i in range(len(text) - 2):
            heads = by_head.get(text[i : i + 3])
            if heads is not None:
                for g in heads:
                    if text.startswith(g, i):
                        found.add(g)
        return frozenset(found)


if len({r.id for r in RULES}) != len(RULES):
    raise ValueError("rule ids must be unique across the category files")
_GATE_SETS: dict[str, frozenset[str]] = {r.id: frozenset(r.gate) for r in RULES}
_GATE_INDEX = _GateIndex({g for r in RULES for g in r.gate})
_UNGATED: frozenset[int] = frozenset(i for i, r in enumerate(RULES) if not r.gate)
_RULES_BY_GATE: dict[str, frozenset[int]] = {
    g: frozenset(i for i, r in enumerate(RULES) if g in r.gate) for g in {g for r in RULES for g in r.gate}
}

_DANGLING = re.compile(r"\b(?:with|from|to|of|on|by|for|at|in|about|re|the|his|her|a|an)$")
_NEXT_WORD = re.compile(r"\s+[\w'&/-]+")


@dataclass(frozen=True)
class Candidate:
    category: str
    start: int
    end: int
    rule: str  # the id of the rule that matched


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
    if not note.voiced_by_author(s, reported_ok=rule.reported_ok):
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


_DISOWN = r"\b(?:not|never|isn't|wasn't|rather\s+than|instead\s+of)\s+(?:an?\s+|the\s+)?"


def _disowned_elsewhere(text: str, s: int, e: int) -> bool:
    """The note rejects these very words elsewhere: "parental conflict referral withdrawn - this
    is abuse by F, not parental conflict" names the frame only to reject it."""
    words = text[s:e].strip()
    if len(words) < 6:
        return False
    return re.search(_DISOWN + re.escape(words) + r"\b", text) is not None


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


def match(
    rule: Rule, note: Note, declined: set[str] | None = None, present: frozenset[str] | None = None
) -> Candidate | None:
    """The rule's first match in the note that is in the author's voice and not exempt.

    When the frame is there but the rule declines it (quoted, reported, negated, about someone
    else, or exempt because of what he did), the rule's category goes into ``declined``.
    """
    text = note.text
    # The gate is the rule's cheap pre-check of what it needs: a frame without it is not the
    # rule's frame, so it is neither matched nor declined (with or without the gate shortcut).
    # Likewise a frame without what the rule ``needs`` is incomplete, not declined: only a
    # reading that refuses it (voice, ``unless``, his doing, his pressure) silences the model.
    if present is None:
        gated_out = bool(rule.gate) and not any(g in text for g in rule.gate)
    else:
        gated_out = bool(rule.gate) and _GATE_SETS[rule.id].isdisjoint(present)
    gated_out = gated_out or (rule.needs is not None and not rule.needs.search(text))
    if gated_out and _GATES[0]:
        return None
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
            if _disowned_elsewhere(text, s, e):
                break
            return Candidate(rule.category, s, e, rule.id)
    else:
        if exempt is None:
            return None
    if declined is not None and not gated_out:
        declined.add(rule.category)
    return None


def candidates(note: Note, declined: set[str] | None = None) -> dict[str, Candidate]:
    """The first accepted match of each category (rules tried in file order); categories whose
    frame was seen and declined go into ``declined``."""
    found: dict[str, Candidate] = {}
    present = _GATE_INDEX.present(note.text)
    rules: Iterable[Rule] = RULES
    if _GATES[0]:
        # Only the rules one of whose gates the note contains (a gated-out rule neither matches
        # nor declines), still in file order.
        rules = [RULES[i] for i in sorted(_UNGATED.union(*(_RULES_BY_GATE[g] for g in present)))]
    for rule in rules:
        if rule.category not in found:
            hit = match(rule, note, declined, present)
            if hit is not None:
                found[rule.category] = hit
    return found


def resolve(found: dict[str, Candidate]) -> list[Candidate]:
    """Non-overlapping flags (longest trigger first), precedence applied, primary first."""
    cands = sorted(found.values(), key=lambda c: _RANK[c.category])
    kept: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), _RANK[c.category])):
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
    cats = {c.category for c in kept}
    drop: set[str] = set()
    for name in cats:
        drop.update(CATEGORY_FILES[name].beats)
    for cat in CATEGORY_FILES.values():
        if cat.fallback and cats - {cat.name}:
            drop.add(cat.name)
    kept = [c for c in kept if c.category not in drop]
    kept.sort(key=lambda c: _RANK[c.category])
    return kept[:_MAX_FLAGS]
