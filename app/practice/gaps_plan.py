"""Plan-quality checks (``practice``), his part in factors, interpreters and claimed change."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.practice import gaps_cues_plan as pcues
from app.practice.gaps_text import NoteView, Refs


@dataclass(frozen=True)
class Owner:
    """Who will find a gap out, and with which note.

    ``note_id`` is set only for an action to find something out ("Police to ask Polish police
    about his offending history"): the gap is then being found out. A question note with an
    owner ("? history abroad", owner SW) owns the gap but does not yet say how it will be
    answered, so the gap stays open.
    """

    owner: str
    note_id: str | None = None
    action: str | None = None  # the action as written, shortened for a one-line list


_ACTION_CHARS = 160


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _ACTION_CHARS:
        return text
    return text[: _ACTION_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:-") + "\u2026"


def find_owner(views: Sequence[NoteView], test: Callable[[str], object], about: str | None = None) -> Owner | None:
    """Who will find this out, if anyone: `test` reads a note's text (panel names as P / M),
    `about` is a person the note may be tagged with.

    A plan's action to find it out comes first, then a find-out clause elsewhere ("Gap:
    nothing known – SW to ask police"), then a question someone owns.
    """

    def matches(v: NoteView) -> bool:
        return bool(test(v.text)) or (about is not None and about in v.about)

    finders = [v for v in views if v.find_out and v.owner and v.kind != "gap" and matches(v)]
    finders.sort(key=lambda v: v.kind != "action" and v.section != "practice")
    if finders:
        v = finders[0]
        clause = next((shown for read, shown in v.find_out_clauses if test(read)), None)
        return Owner(str(v.owner), v.id, _shorten(clause or v.raw_text))
    for v in views:
        if v.kind == "gap" and v.owner and matches(v):
            return Owner(v.owner)
    return None


def linked_to_him(text: str, refs: Refs) -> bool:
    """Does this text say how he causes, worsens, exploits or sits behind a factor?

    "P buys her drink", "hides her meds", "reports her drinking", "controls the UC", "she links
    it to P's put-downs", "control continues when he's sober". His own consumption ("P takes
    cocaine", "P gets drunk") is not a link.
    """
    for pattern in (refs.perp_link, refs.perp_link_chain):
        for m in pattern.finditer(text):
            if pcues.CONSUMING_VERB.match(m.group("verb")):
                after = text[m.end("verb") : m.end("verb") + 30]
                if pcues.SUBSTANCE_WORD.search(after) and not refs.her.search(after):
                    continue
            return True
    return bool(refs.link_phrase.search(text) or pcues.OWN_USE_MAPPED.search(text))


def _whose(v: NoteView, refs: Refs) -> str:
    """'hers' when the action puts the work on her, 'his' when it is about him, else 'other'."""
    if v.note_owner:
        if refs.her_lead.fullmatch(v.note_owner.strip()):
            return "hers"
        if refs.perp_lead.fullmatch(v.note_owner.strip()):
            return "his"
    if refs.her_demand.match(v.text):
        return "hers"
    if refs.perp_lead.match(v.text):
        return "his"
    if pcues.HER_BURDEN.search(v.text):
        return "hers"
    if refs.perp.search(v.text):
        return "his"
    return "other"


def practice_gaps(
    subst: Sequence[NoteView],
    count: dict[str, int],
    refs: Refs,
) -> list[tuple[str, Owner | None]]:
    plan = [v for v in subst if v.section == "practice"]
    if not plan:
        started = all(count[s] for s in ("pattern", "impact", "factors"))
        return [("no_plan", None)] if started else []
    out: list[tuple[str, Owner | None]] = []
    goals = any(refs.perp.search(v.text) and pcues.GOAL.search(v.text) for v in plan)
    if not goals:
        out.append(("plan_no_perpetrator_goals", None))
    if all(_whose(v, refs) == "hers" for v in plan):
        out.append(("plan_all_on_mother", None))
    plan_text = " | ".join(v.text for v in plan)
    if (
        not goals
        and any(pcues.SEPARATION.search(v.fact_text) for v in plan)
        and not pcues.SEPARATION_SAFETY.search(plan_text)
    ):
        out.append(("separation_only_plan", None))
    return out


_NO_INTERPRETER = re.compile(r"\b(?:no|without|not)\b.{0,20}\binterpreter", re.IGNORECASE)


# every language cue contains one of these; a plain substring test skips most notes cheaply
_LANGUAGE_HINTS = (
    "english",
    "interpret",
    "translat",
    "speak",
    "language",
    "esol",
    "eal",
    "talking",
    "answers for",
    "matched",
    "bilingual",
    "bsl",
    "sign",
)


def _interpreter_needed(views: Sequence[NoteView], subst: Sequence[NoteView]) -> bool:
    need = provided = False
    for v in subst:
        low = v.text.lower()
        if not any(hint in low for hint in _LANGUAGE_HINTS):
            continue
        for clause in v.facts:
            if pcues.INTERPRETER_PROVISION.search(clause) and not _NO_INTERPRETER.search(clause):
                provided = True
            elif pcues.LANGUAGE_GAP.search(clause):
                need = True
            if v.section == "practice" and pcues.INTERPRETER_WORD.search(clause) and not _NO_INTERPRETER.search(clause):
                provided = True
    return need and not provided


def _claims_unverified(subst: Sequence[NoteView], refs: Refs) -> bool:
    def unnegated(pattern: re.Pattern[str], clause: str) -> bool:
        for m in pattern.finditer(clause):
            if not pcues.CHANGE_NEGATED.search(clause[: m.start()]):
                return True
        return False

    def evidence(clauses: Sequence[str]) -> bool:
        return any(refs.perp.search(c) and unnegated(pcues.CHANGE_EVIDENCE, c) for c in clauses)

    # what he does now, recorded as fact (plans in practice say what he should do, not did)
    if evidence([c for v in subst if v.section != "practice" for c in v.facts]):
        return False

    def his_claim(v: NoteView, clause: str) -> bool:
        for m in pcues.CHANGE_CLAIM.finditer(clause):
            before = clause[: m.start()]
            if pcues.CHANGE_NEGATED.search(before) or refs.her_lead.match(before):
                continue
            if refs.perp.search(before) or refs.perp_lead.match(v.text):
                return True
        return False

    for v in subst:
        for clause in v.facts:
            if not his_claim(v, clause):
                continue
            source = (v.source or "").strip().lower()
            if source and source not in pcues.SELF_SOURCES:
                continue
            if pcues.SOURCE_IN_TEXT.search(v.text) or evidence(v.facts):
                continue
            return True
    return False


def board_gaps(
    views: Sequence[NoteView],
    subst: Sequence[NoteView],
    refs: Refs,
) -> list[tuple[str, Owner | None]]:
    out: list[tuple[str, Owner | None]] = []
    if _claims_unverified(subst, refs):
        out.append(
            (
                "change_unverified",
                find_owner(
                    views,
                    lambda text: (
                        pcues.CHANGE_CLAIM.search(text)
                        or re.search(r"\b(?:progress|change|naming|claiming|names? the)\b", text, re.IGNORECASE)
                    ),
                ),
            )
        )
    if _interpreter_needed(views, subst):
        out.append(
            (
                "interpreter_needed",
                find_owner(
                    views,
                    lambda text: (
                        pcues.INTERPRETER_WORD.search(text)
                        or pcues.LANGUAGE.search(text)
                        or pcues.LANGUAGE_GAP.search(text)
                    ),
                ),
            )
        )
    return out
