"""Review meetings: the three change questions, marking actions, and what changed since last time.

Change is judged by three questions (domain.md §2, [G]): *naming the behaviours* (has he
admitted a meaningful portion of what he has done?), *claiming the harm* (can he talk about
the impact on others and himself?), *making real changes* (what relevant changes has he made in
his pattern?). Attending a programme is not change: the room rates each question on evidence,
agency by agency.

Pure: no web, database or I/O imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from app.practice.behaviour import KIND_LABELS, behaviour_kinds
from app.practice.gaps_text import Person, Refs


@dataclass(frozen=True)
class Question:
    key: str
    title: str
    prompt: str


QUESTIONS: Final[tuple[Question, ...]] = (
    Question(
        "naming",
        "Naming the behaviours",
        "Has he admitted a meaningful portion of what he has done?",
    ),
    Question(
        "claiming",
        "Claiming the harm",
        "Can he talk about the impact of his behaviour on the children, on her and on himself?",
    ),
    Question(
        "changes",
        "Making real changes",
        "What relevant changes has he made in his pattern? (Attending a programme is not change.)",
    ),
)
QUESTION_KEYS: Final[tuple[str, ...]] = tuple(q.key for q in QUESTIONS)
QUESTIONS_BY_KEY: Final[dict[str, Question]] = {q.key: q for q in QUESTIONS}

RATINGS: Final[dict[str, str]] = {"not_yet": "Not yet", "partly": "Partly", "clearly": "Clearly"}
RATING_ORDER: Final[dict[str, int]] = {key: i for i, key in enumerate(RATINGS)}

# "open": carried forward and not marked yet at this meeting.
ACTION_STATUSES: Final[dict[str, str]] = {
    "open": "Not marked yet",
    "done": "Done",
    "in_progress": "In progress",
    "not_done": "Not done",
}
MARKS: Final[tuple[str, ...]] = ("done", "in_progress", "not_done")


def review_title(base: str, number: int, limit: int = 200) -> str:
    """Review n keeps the first meeting's title: "CP case discussion 24/0193 – review 2"."""
    suffix = f" – review {number}"
    return base[: limit - len(suffix)].rstrip() + suffix


def base_title(title: str) -> str:
    """The first meeting's title, from a review's ("… – review 2" -> "…")."""
    head, sep, tail = title.rpartition(" – review ")
    return head if sep and tail.isdigit() else title


# ---- carrying actions forward ------------------------------------------------------------


@dataclass(frozen=True)
class ActionIn:
    """An action on the earlier board: one of its own notes of kind `action` (status None), or
    one it carried itself and marked (status set)."""

    id: str
    text: str
    status: str | None = None


def actions_to_carry(actions: Sequence[ActionIn]) -> list[ActionIn]:
    """Every action the earlier meeting agreed, and every earlier action it did not see done:
    a done action has been reviewed and leaves the chain."""
    return [a for a in actions if a.status != "done"]


# ---- what changed since last time ---------------------------------------------------------


@dataclass(frozen=True)
class MapNote:
    id: str
    section: str
    text: str
    kind: str = "observation"


@dataclass(frozen=True)
class DueAction:
    id: str
    text: str
    due: str | None  # ISO date
    status: str


@dataclass(frozen=True)
class NewBehaviour:
    note_id: str
    text: str
    kinds: tuple[str, ...]
    new_kinds: tuple[str, ...]  # kinds that were not on the earlier map at all


@dataclass(frozen=True)
class Changes:
    new_behaviours: tuple[NewBehaviour, ...]
    new_kinds: tuple[str, ...]
    overdue: tuple[DueAction, ...]
    unmarked: int
    marked: dict[str, int]

    @property
    def new_kind_labels(self) -> list[str]:
        return [KIND_LABELS[k] for k in self.new_kinds]


def _is_behaviour(n: MapNote) -> bool:
    return n.section == "pattern" and n.kind in ("observation", "protective") and bool(n.text.strip())


def is_overdue(action: DueAction, today: date) -> bool:
    if action.status == "done" or not action.due:
        return False
    try:
        return date.fromisoformat(action.due) < today
    except ValueError:
        return False


def changes_since(
    family: Sequence[Person],
    earlier: Sequence[MapNote],
    new: Sequence[MapNote],
    actions: Sequence[DueAction],
    today: date,
) -> Changes:
    """New behaviours (his pattern as recorded at this meeting, with the kinds the earlier map
    never had), actions whose date has passed without being done, and how the marking stands."""
    refs = Refs(family)
    seen = {kind for n in earlier if _is_behaviour(n) for kind in behaviour_kinds(n.text, refs)}
    seen.discard("other")
    out: list[NewBehaviour] = []
    new_kinds: list[str] = []
    for n in new:
        if not _is_behaviour(n):
            continue
        kinds = behaviour_kinds(n.text, refs)
        fresh = tuple(k for k in kinds if k != "other" and k not in seen)
        out.append(NewBehaviour(n.id, n.text, kinds, fresh))
        new_kinds += [k for k in fresh if k not in new_kinds]
    marked = {status: sum(1 for a in actions if a.status == status) for status in MARKS}
    return Changes(
        new_behaviours=tuple(out),
        new_kinds=tuple(k for k in KIND_LABELS if k in new_kinds),
        overdue=tuple(a for a in actions if is_overdue(a, today)),
        unmarked=sum(1 for a in actions if a.status == "open"),
        marked=marked,
    )


def trend(previous: str | None, current: str | None) -> str:
    """The direction since the last review: up, down, same, or empty when one is not rated."""
    if previous not in RATING_ORDER or current not in RATING_ORDER:
        return ""
    diff = RATING_ORDER[current] - RATING_ORDER[previous]
    return "up" if diff > 0 else "down" if diff < 0 else "same"
