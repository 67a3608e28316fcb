"""Request and response models of the public contract (shared/contract.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from app.practice.sections import NoteKind, Pathway, PersonRole, SectionKey

Role = Literal["facilitator", "participant", "viewer"]

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


def one_newline(value: str) -> str:
    """Line breaks as "\n" only: browsers send a text box's breaks as CRLF, other clients may
    send CRLF or a lone CR, and the same words must be the same stored text however they came
    (else saving a note unchanged from the form rewrites it and names the saver as its editor)."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


# Note text is stripped, its line breaks made "\n"; its length limit is a setting, checked by
# the service.
NoteText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100_000),
    AfterValidator(one_newline),
]
OptionalShort = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] | None


# C0 control characters other than tab and the line breaks: no database stores NUL, and the
# rest cannot be written into a Word document's XML (a vertical tab pasted from Word broke it).
CONTROL_NAMES = {0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape"}
ALLOWED_CONTROLS = frozenset("\t\n\r")


def _control_at(value: Any, where: str = "", depth: int = 0) -> tuple[str, str] | None:
    """The first refused control character in a request body, and the field it is in."""
    if isinstance(value, str):
        bad = next((c for c in value if c < " " and c not in ALLOWED_CONTROLS), None)
        return (where or "request", bad) if bad is not None else None
    if depth > 20:
        return None
    if isinstance(value, dict):
        for k, v in value.items():
            found = _control_at(k, where or "request", depth + 1) or _control_at(
                v, f"{where}.{k}" if where else str(k), depth + 1
            )
            if found:
                return found
    if isinstance(value, list | tuple):
        for v in value:
            found = _control_at(v, where, depth + 1)
            if found:
                return found
    return None


class Strict(BaseModel):
    """Every request body: unknown fields and control characters (NUL, which no database stores,
    and the rest of C0 but tab and line breaks, which no Word document can hold) are refused."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_controls(cls, data: Any) -> Any:
        found = _control_at(data)
        if found:
            where, char = found
            what = f"U+{ord(char):04X}" + (f" ({CONTROL_NAMES[ord(char)]})" if ord(char) in CONTROL_NAMES else "")
            raise PydanticCustomError(
                "control_character",
                "`{where}` contains the control character {what}, which cannot be stored or exported. "
                "Remove it and try again (it often comes with text pasted from another program).",
                {"where": where, "what": what},
            )
        return data


# ---- requests ---------------------------------------------------------------------------


class PersonIn(Strict):
    name: ShortText
    role: PersonRole
    age: Annotated[int, Field(ge=0, le=120)] | None = None


class BoardCreate(Strict):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    family: list[PersonIn] = Field(default_factory=list, max_length=30)
    admit_mode: Literal["auto", "manual"] = "auto"
    # Who runs the meeting, as the board shows her to everyone (name, and role or agency).
    # Optional: without them she appears as "Facilitator". Signed-in staff are named by
    # their account instead.
    facilitator_name: OptionalShort = None
    facilitator_role: OptionalShort = None


class JoinRequest(Strict):
    join_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=16)]
    name: ShortText
    agency: ShortText


class NoteFields(Strict):
    kind: NoteKind | None = None
    confidential: bool | None = None
    owner: OptionalShort = None
    due: dt.date | None = None
    source: OptionalShort = None
    pathways: list[Pathway] | None = Field(default=None, max_length=3)
    about: list[Annotated[str, StringConstraints(max_length=32)]] | None = Field(default=None, max_length=30)


class NoteCreate(NoteFields):
    section: SectionKey
    text: NoteText
    client_id: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None


class NoteUpdate(NoteFields):
    version: Annotated[int, Field(ge=1)]
    text: NoteText | None = None
    section: SectionKey | None = None


class FlagResolve(Strict):
    status: Literal["pivoted", "kept"]
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None


class FocusRequest(Strict):
    section: SectionKey | None


class ShowGapsRequest(Strict):
    show: bool


class GapAction(Strict):
    owner: ShortText
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)] | None = None
    due: dt.date | None = None


class AdmitModeRequest(Strict):
    admit_mode: Literal["auto", "manual"]


class AnalyseRequest(Strict):
    text: Annotated[str, StringConstraints(max_length=100_000)]
    section: SectionKey | None = None


# ---- responses --------------------------------------------------------------------------


class FlagOut(BaseModel):
    kind: Literal["blaming"] = "blaming"
    category: str
    message: str
    pivot: list[str]
    status: Literal["open", "pivoted", "kept"] = "open"
    reason: str | None = None
    trigger: str | None = None
    suggestion: str | None = None
    source: Literal["rule", "model"] = "rule"
    probability: float | None = None
    drivers: list[str] = Field(default_factory=list)
    resolved_by: str | None = None
    resolved_at: str | None = None


class AuthorOut(BaseModel):
    id: str
    name: str


class NoteOut(BaseModel):
    id: str
    section: SectionKey
    text: str
    kind: NoteKind
    agency: str
    author: AuthorOut
    version: int
    created_at: str
    updated_at: str
    flags: list[FlagOut]
    confidential: bool
    owner: str | None = None
    due: str | None = None
    source: str | None = None
    pathways: list[str] = Field(default_factory=list)
    about: list[str] = Field(default_factory=list)
    # Who last rewrote the text (a name) and when; null while it is as its author wrote it.
    edited_by: str | None = None
    edited_at: str | None = None


class PersonOut(BaseModel):
    id: str
    name: str
    role: PersonRole
    age: int | None


class ParticipantOut(BaseModel):
    id: str
    name: str
    agency: str
    role: Role
    status: Literal["waiting", "admitted", "removed"]
    online: bool


class SectionOut(BaseModel):
    key: SectionKey
    title: str
    prompt: str


class GapOut(BaseModel):
    id: str
    key: str
    section: SectionKey | None
    message: str
    severity: Literal["info", "warning"]
    note_id: str | None = None
    person_id: str | None = None
    owned_by: str | None = None
    # "finding_out": an action on the board will find it out (`owner_note_id`, `action` as
    # written); shown calmly, as info, until the answer is recorded and the gap goes.
    status: Literal["open", "finding_out"] = "open"
    owner_note_id: str | None = None
    action: str | None = None


class BoardOut(BaseModel):
    id: str
    title: str
    status: Literal["open", "locked", "closed"]
    seq: int
    focus: SectionKey | None
    admit_mode: Literal["auto", "manual"]
    join_code: str | None = None
    sections: list[SectionOut]
    family: list[PersonOut]
    participants: list[ParticipantOut]
    notes: list[NoteOut]
    gaps: list[GapOut]
    show_gaps: bool = False
    created_at: str
    closed_at: str | None = None


class BoardCreated(BaseModel):
    board: BoardOut
    facilitator_token: str
    viewer_token: str
    join_code: str
    join_url: str
    facilitator_url: str
    present_url: str


class AuditOut(BaseModel):
    seq: int | None
    at: str
    actor_id: str | None
    actor_name: str
    actor_role: str
    # Signed-in staff only (app/auth): their e-mail or username at their identity provider.
    actor_identity: str | None = None
    action: str
    target: str | None
    detail: dict[str, Any]


class JoinResult(BaseModel):
    participant: ParticipantOut
    token: str


class AnalyseResult(BaseModel):
    flags: list[FlagOut]


class ErrorOut(BaseModel):
    detail: str
    code: str


class Health(BaseModel):
    status: str
