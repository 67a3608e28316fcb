"""Board-level gap and plan-quality checks (domain guide §6).

``find_gaps(family, notes)`` is pure and deterministic: it reads the whole board and returns the
questions a facilitator would put to the room, ordered by section (pattern, impact, factors,
practice, then board-wide) and then by the order of the §6 table.

When checks start firing, so the board does not nag at minute one:

* An empty board raises nothing. A note of kind ``gap`` is always an open question (info).
* ``no_pattern`` fires as soon as another section has notes but nothing in ``pattern`` states
  what he does (meetings start in pattern).
* The topic checks of a section wait until the meeting has moved past it (a later section has a
  note) or the section holds five or more notes: ``pattern`` topics once impact, factors or
  practice has started; ``impact`` topics once factors or practice has started. If impact was
  skipped entirely, its checks fire when the later sections fill up.
* ``factors_unmapped`` fires as soon as a factor is written up without his part in it: that is
  the section's own prompt, and the next note usually answers it.
* ``no_plan`` waits until pattern, impact and factors all have notes; the other plan checks run
  once ``practice`` has a note. ``interpreter_needed`` and ``change_unverified`` fire whenever
  their trigger is on the board.
* When no child appears in impact at all, one ``no_child_impact`` is raised rather than one
  ``child_missing_from_impact`` per child. A child counts by name, initial ("J (6)"), age ("the
  6yo"), eldest/youngest/baby, or ``about``; "the kids" does not name anyone.
* ``no_child_voice`` needs a child aged 3 or more (or of unknown age): babies and unborn
  children are not asked what they said.
* ``no_his_parenting`` and ``his_use_unmapped`` (info) ask of him what the board asks of her
  (``gaps_parity``): the first once the room has talked about the children, the second once
  factors or the plan has started.

Coverage (§6, §7 "precision over recall"): a topic is covered when any fact on the board says it
in everyday words, shorthand and typos included; panel names and initials are read as P / M, so
"Karl" and "P" match the same cues. Facts about him come from pattern, impact and factors, never
from plans in practice. Questions ("? history abroad", "not known") and actions to find something
out ("SW to ask police abroad about his record") never cover a topic. Such an action marks the
gap as being found out: ``status="finding_out"``, severity ``info``, ``owner_note_id`` and the
action as written (a plan's action first, then a find-out clause in another note); the gap goes
when the answer is recorded. A question note with an owner ("? history abroad", owner SW) only
owns the gap (``owned_by``): it stays open, as nothing yet says how it will be answered. The
cue words live in
``gaps_cues`` / ``gaps_cues_plan``; note reading in ``gaps_text``; plan checks in ``gaps_plan``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from app.practice import gaps_cues as cues
from app.practice import gaps_cues_plan as pcues
from app.practice import gaps_parity as parity
from app.practice import gaps_plan as plan
from app.practice.gaps_text import NoteView, Refs, read_note
from app.practice.sections import SECTION_KEYS

# key -> (section, severity, message), in the order of the domain §6 table
CHECKS: dict[str, tuple[str | None, str, str]] = {
    "no_pattern": ("pattern", "warning", "Before we go on: what does he actually do?"),
    "pattern_physical_only": ("pattern", "warning", "What else does he do day to day: money, phone, where she goes?"),
    "no_actions_against_children": ("pattern", "warning", "What has he done to the children, or used them for?"),
    "no_history": ("pattern", "warning", "What do we know about his history, here or abroad?"),
    "no_his_parenting": (
        "pattern",
        "info",
        "What is he like as a parent: how does he treat the children, and what part does he take in their care?",
    ),
    "no_child_impact": ("impact", "warning", "How are the children doing at school, at home, in health?"),
    "child_missing_from_impact": (
        "impact",
        "warning",
        "We haven't talked about {name} ({age}). How is {name} affected?",
    ),
    "no_protective_efforts": ("impact", "warning", "What has she done to keep the children safe?"),
    "factors_unmapped": ("factors", "warning", "How does his behaviour cause, worsen or exploit {factor}?"),
    "his_use_unmapped": (
        "factors",
        "info",
        "Her {factor} is on the map: what do we know about his own drinking or drug use?",
    ),
    "no_plan": ("practice", "warning", "What happens next, and who does it?"),
    "plan_no_perpetrator_goals": (
        "practice",
        "warning",
        "What must he stop and start, and how will we know he has changed?",
    ),
    "plan_all_on_mother": ("practice", "warning", "Every action falls on her. What are we asking of him?"),
    "separation_only_plan": ("practice", "info", "If she leaves, what will he do? How do we plan for that?"),
    "change_unverified": (None, "info", "Who says so, and what has changed in how he treats them?"),
    "no_child_voice": ("impact", "info", "What have the children said?"),
    "interpreter_needed": ("practice", "info", "Does she have an interpreter or a matched worker?"),
    "open_question": (None, "info", "{text}"),
}
_KEY_RANK = {key: i for i, key in enumerate(CHECKS)}
_FACT_SECTIONS = ("pattern", "impact", "factors")  # practice holds plans, not facts about him
_ACTIVE_AT = 5  # notes in a section before its own topic checks run without a later section


@dataclass(frozen=True)
class PersonIn:
    id: str
    name: str
    role: str  # "perpetrator" | "survivor" | "child" | "other"
    age: int | None = None


@dataclass(frozen=True)
class NoteIn:
    id: str
    section: str  # "pattern" | "impact" | "factors" | "practice"
    text: str
    kind: str = "observation"  # "observation" | "gap" | "action" | "protective"
    owner: str | None = None
    source: str | None = None
    about: tuple[str, ...] = ()


@dataclass(frozen=True)
class GapResult:
    key: str
    section: str | None
    message: str
    severity: str  # "info" | "warning"
    note_id: str | None = None
    person_id: str | None = None
    owned_by: str | None = None
    # "finding_out" once an action will find it out: shown calmly, as info, until answered
    status: str = "open"  # "open" | "finding_out"
    owner_note_id: str | None = None  # the note with that action
    action: str | None = None  # that action as written ("Police to ask Polish police about ...")


class _Board:
    """The notes read once, with the small queries every check needs."""

    def __init__(self, family: Sequence[PersonIn], notes: Sequence[NoteIn]) -> None:
        self.refs = Refs(family)
        self.views = [
            read_note(
                id=n.id,
                section=n.section,
                kind=n.kind,
                text=n.text,
                owner=n.owner,
                source=n.source,
                about=tuple(n.about),
                refs=self.refs,
            )
            for n in notes
        ]
        self.subst = [v for v in self.views if v.substantive]
        self.count: dict[str, int] = {s: sum(1 for v in self.subst if v.section == s) for s in SECTION_KEYS}
        self.children_exist = bool(self.refs.children) or any(self.refs.child.search(v.text) for v in self.subst)

    def facts(self, *sections: str) -> Iterator[tuple[NoteView, str]]:
        for v in self.subst:
            if not sections or v.section in sections:
                for clause in v.facts:
                    yield v, clause

    def any_fact(self, test: Callable[[str], object], *sections: str) -> bool:
        return any(test(clause) for _, clause in self.facts(*sections))

    def owner(self, test: Callable[[str], object], about: str | None = None) -> plan.Owner | None:
        return plan.find_owner(self.views, test, about)

    def later_started(self, section: str) -> bool:
        later = SECTION_KEYS[SECTION_KEYS.index(section) + 1 :]
        return any(self.count[s] for s in later)


def _gap(key: str, owner: plan.Owner | None = None, **fill: str) -> GapResult:
    section, severity, message = CHECKS[key]
    gap = GapResult(
        key=key,
        section=section,
        message=message.format(**fill) if fill else message,
        severity=severity,
        owned_by=owner.owner if owner else None,
    )
    if owner is None or owner.note_id is None:
        return gap
    # someone will find it out: no longer a warning to the room, until the answer is recorded
    return replace(gap, severity="info", status="finding_out", owner_note_id=owner.note_id, action=owner.action)


def _pattern_gaps(b: _Board) -> list[GapResult]:
    out: list[GapResult] = []
    refs = b.refs
    pattern_facts = [v for v in b.subst if v.section == "pattern" and v.facts]
    others = b.later_started("pattern")
    if not pattern_facts:
        return [_gap("no_pattern")] if others else []
    if not (others or len(pattern_facts) >= _ACTIVE_AT):
        return []
    physical_only = all(cues.PHYSICAL.search(v.fact_text) for v in pattern_facts)
    if physical_only and not b.any_fact(cues.COERCIVE.search, *_FACT_SECTIONS):
        out.append(_gap("pattern_physical_only", b.owner(cues.COERCIVE.search)))
    if b.children_exist:

        def against_children(v: NoteView, clause: str) -> bool:
            if not refs.child.search(clause):
                return False
            if v.section == "pattern":
                return True
            harm = cues.PHYSICAL.search(clause) or cues.COERCIVE.search(clause) or cues.WITNESSED.search(clause)
            return v.kind != "protective" and bool(refs.perp.search(clause) and harm)

        if not any(against_children(v, c) for v, c in b.facts(*_FACT_SECTIONS)):
            out.append(
                _gap(
                    "no_actions_against_children",
                    b.owner(lambda text: refs.child.search(text) and refs.perp.search(text)),
                )
            )
    if not b.any_fact(cues.HISTORY.search, *_FACT_SECTIONS):
        out.append(_gap("no_history", b.owner(cues.HISTORY.search)))
    return out


def _impact_gaps(b: _Board) -> list[GapResult]:
    refs = b.refs
    if not (b.later_started("impact") or b.count["impact"] >= _ACTIVE_AT):
        return []
    out: list[GapResult] = []
    if b.children_exist:
        child_ids = {c.id for c in refs.children}
        about_child = any(set(v.about) & child_ids for v in b.subst if v.section == "impact" and v.facts)
        if not about_child and not b.any_fact(
            lambda c: refs.child.search(c) or cues.CHILD_FUNCTIONING.search(c), "impact"
        ):
            out.append(
                _gap(
                    "no_child_impact",
                    b.owner(lambda text: refs.child.search(text) or cues.CHILD_FUNCTIONING.search(text)),
                )
            )
        else:
            for ref in refs.child_refs:
                child = ref.person
                seen = any(child.id in v.about for v in b.subst if v.section == "impact" and v.facts)
                if seen or b.any_fact(ref.pattern.search, "impact"):
                    continue
                gap = _gap(
                    "child_missing_from_impact",
                    b.owner(ref.pattern.search, about=child.id),
                    name=child.name,
                    age=str(child.age),
                )
                if child.age is None:
                    gap = replace(gap, message=(f"We haven't talked about {child.name}. How is {child.name} affected?"))
                out.append(replace(gap, person_id=child.id))
    protective = any(v.kind == "protective" for v in b.subst) or any(
        (cues.PROTECTIVE_SPECIFIC.search(c) or refs.protective_act.search(c)) and not cues.PROTECTIVE_NEGATED.search(c)
        for v, c in b.facts(*_FACT_SECTIONS)
    )
    if not protective:
        out.append(
            _gap(
                "no_protective_efforts",
                b.owner(lambda text: cues.PROTECTIVE_SPECIFIC.search(text) or "protect" in text.lower()),
            )
        )
    # babies and unborn children are not asked what they said
    old_enough = (
        [c for c in refs.children if c.age is None or c.age >= 3]
        if refs.children
        else [v for v in b.subst if cues.SPEAKING_CHILD.search(v.text)]
    )
    if old_enough:
        voice = any(
            (v.source or "").strip().lower() in {"child", "children", "child's own words"} for v in b.subst
        ) or any(
            refs.child_said(v.fact_text) or cues.CHILD_VOICE_PHRASES.search(v.fact_text) for v in b.subst if v.facts
        )
        if not voice:
            out.append(_gap("no_child_voice", b.owner(refs.voice_find.search)))
    return out


def _factor_gaps(b: _Board) -> list[GapResult]:
    out: list[GapResult] = []
    for _, subs in pcues.FACTOR_GROUPS:
        labels = [label for label, pattern in subs if b.any_fact(pattern.search, "factors")]
        if not labels:
            continue

        def in_group(text: str, subs: tuple[tuple[str, re.Pattern[str]], ...] = subs) -> bool:
            return any(p.search(text) for _, p in subs)

        mapped = any(in_group(v.fact_text) and plan.linked_to_him(v.fact_text, b.refs) for v in b.subst if v.facts)
        if not mapped:
            factor = "the " + " and ".join(labels)
            out.append(_gap("factors_unmapped", b.owner(in_group), factor=factor))
    return out


def _parity_gaps(b: _Board) -> list[GapResult]:
    """The same questions of him as of her: his parenting, his own substance use."""
    facts = list(b.facts(*_FACT_SECTIONS))
    out: list[GapResult] = []
    # asked once the room has talked about the children, so a meeting on his pattern is not nagged
    talked = b.later_started("impact") or b.count["impact"] >= _ACTIVE_AT
    if talked and parity.no_his_parenting(b.subst, facts, b.refs):
        out.append(_gap("no_his_parenting", b.owner(parity.asks_about_his_parenting(b.refs))))
    if b.count["factors"] or b.count["practice"]:
        hers = parity.her_use_unmatched(facts, b.refs)
        if hers:
            out.append(_gap("his_use_unmapped", b.owner(parity.asks_about_his_use(b.refs)), factor=hers))
    return out


def find_gaps(family: Sequence[PersonIn], notes: Sequence[NoteIn]) -> list[GapResult]:
    """Deterministic; ordered by section order (pattern, impact, factors, practice, None) then
    table order."""
    b = _Board(family, notes)
    gaps: list[GapResult] = []
    if b.subst:
        gaps += _pattern_gaps(b)
        gaps += _impact_gaps(b)
        gaps += _factor_gaps(b)
        gaps += _parity_gaps(b)
        for key, owned_by in plan.practice_gaps(b.subst, b.count, b.refs):
            gaps.append(_gap(key, owned_by))
        for key, owned_by in plan.board_gaps(b.views, b.subst, b.refs):
            gaps.append(_gap(key, owned_by))
    for n in notes:  # the question exactly as the room wrote it
        if n.kind == "gap" and n.text.strip():
            section = n.section if n.section in SECTION_KEYS else None
            gaps.append(
                GapResult(
                    key="open_question",
                    section=section,
                    message=n.text.strip(),
                    severity="info",
                    note_id=n.id,
                    owned_by=n.owner,
                )
            )
    rank: dict[str, int] = {s: i for i, s in enumerate(SECTION_KEYS)}
    order = {id(g): i for i, g in enumerate(gaps)}
    return sorted(gaps, key=lambda g: (rank.get(g.section or "", len(rank)), _KEY_RANK[g.key], order[id(g)]))
