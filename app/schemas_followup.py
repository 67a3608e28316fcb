"""Request bodies of the after-the-meeting API: review meetings, the referral summary and the
minutes (the public contract's conventions: unknown fields and NUL characters are refused)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from app.practice.sections import SectionKey
from app.schemas import Strict

QuestionKey = Literal["naming", "claiming", "changes"]
Rating = Literal["not_yet", "partly", "clearly"]
Mark = Literal["done", "in_progress", "not_done"]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]


class ActionMark(Strict):
    status: Mark
    evidence: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    version: Annotated[int, Field(ge=1)] | None = None


class EvidenceCreate(Strict):
    question: QuestionKey
    text: Line
    confidential: bool = False


class RatingSet(Strict):
    rating: Rating


class ReferralRequest(Strict):
    format: Literal["pdf", "docx"]
    audience: Literal["programme", "court"] = "programme"
    # Item ids from the preview; left out: the items ticked by default.
    include: list[Annotated[str, StringConstraints(max_length=40)]] | None = Field(default=None, max_length=5000)


class MinutesPoint(Strict):
    text: Line
    ref: Annotated[str, StringConstraints(max_length=64)] | None = None


class MinutesSection(Strict):
    key: SectionKey
    title: Annotated[str, StringConstraints(max_length=200)]
    points: list[MinutesPoint] = Field(default_factory=list, max_length=200)
    more: Annotated[int, Field(ge=0)] = 0


class MinutesPerson(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    agency: Short = ""


class MinutesAction(Strict):
    text: Line
    owner: Short = ""
    due: dt.date | None = None
    ref: Annotated[str, StringConstraints(max_length=64)] | None = None
    status: Annotated[str, StringConstraints(max_length=40)] = ""


class MinutesFlag(Strict):
    text: Line
    category: Annotated[str, StringConstraints(max_length=80)] = ""
    outcome: Annotated[str, StringConstraints(max_length=500)] = ""
    ref: Annotated[str, StringConstraints(max_length=64)] | None = None


class MinutesChange(Strict):
    key: QuestionKey
    title: Annotated[str, StringConstraints(max_length=80)]
    rating: Annotated[str, StringConstraints(max_length=40)] = ""
    evidence: Annotated[int, Field(ge=0)] = 0


class MinutesContent(Strict):
    """The minutes as the facilitator edits them (the same shape as the draft)."""

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    chair: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    date: dt.date
    attendance: list[MinutesPerson] = Field(default_factory=list, max_length=200)
    apologies: list[MinutesPerson] = Field(default_factory=list, max_length=200)
    agencies: list[Short] = Field(default_factory=list, max_length=200)
    sections: list[MinutesSection] = Field(default_factory=list, max_length=4)
    decisions: list[MinutesPoint] = Field(default_factory=list, max_length=200)
    actions: list[MinutesAction] = Field(default_factory=list, max_length=500)
    earlier_actions: list[MinutesAction] = Field(default_factory=list, max_length=500)
    questions: list[MinutesPoint] = Field(default_factory=list, max_length=500)
    flags: list[MinutesFlag] = Field(default_factory=list, max_length=500)
    change: list[MinutesChange] = Field(default_factory=list, max_length=3)
    next_review: dt.date | None = None
    withheld: Annotated[int, Field(ge=0)] = 0


class MinutesUpdate(MinutesContent):
    version: Annotated[int, Field(ge=1)]
