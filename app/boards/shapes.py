"""The wire shapes: the JSON objects the middle of the app passes around, stores in the event
log and sends as they are over the WebSockets (the board, its notes, flags, gaps and people, the
event payloads), and those of the work after the meeting, My meetings and the export bundle.

They are `TypedDict`s, so typing them costs nothing at run time: a note fanned out to a hundred
sockets stays the plain dict `json.dumps` writes. Where a pydantic `...Out` model of
`app/schemas.py` describes the same object for the OpenAPI document (and checks it at the HTTP
edge), `tests/unit/test_shapes.py` holds the keys of the pair identical, so they cannot drift.

Stored JSON (the event log, `Board.gaps`, `Note.flags`) was written by earlier versions too:
readers keep using `.get()` for keys added since (a gap's `status`, `confidential`...).
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

# Free-form JSON: an audit row's `detail`, a request body before it is validated. Named so
# that what is deliberately untyped can be told from what is not typed yet.
JSONObject = dict[str, Any]


class AuthorJSON(TypedDict):
    id: str
    name: str


class FlagJSON(TypedDict):
    """One wording flag on a note (`checks.flags_for`); the room resolves it (`notes.resolve_flag`)."""

    kind: str
    category: str
    message: str
    pivot: list[str]
    status: str  # open | pivoted | kept
    reason: str | None
    trigger: str | None
    suggestion: str | None
    source: str  # rule | model
    probability: float | None
    drivers: list[str]
    # Set once the flag is resolved.
    resolved_by: NotRequired[str | None]
    resolved_at: NotRequired[str | None]


class NoteJSON(TypedDict):
    """A note as `visibility.note_out` gives it: the `note.created`/`note.updated` payload."""

    id: str
    section: str
    text: str
    kind: str
    agency: str
    author: AuthorJSON
    version: int
    created_at: str
    updated_at: str
    flags: list[FlagJSON]
    confidential: bool
    owner: str | None
    due: str | None
    source: str | None
    pathways: list[str]
    about: list[str]
    edited_by: str | None
    edited_at: str | None


class NoteUpdatedJSON(NoteJSON):
    """`note.updated`: a note moved to another section also says where from."""

    moved_from: NotRequired[str]


class NoteDeletedJSON(TypedDict):
    id: str
    section: str


class PersonJSON(TypedDict):
    """Someone on the family panel."""

    id: str
    name: str
    role: str
    age: int | None


class ParticipantJSON(TypedDict):
    """Someone at the meeting: the `participant.*` payloads."""

    id: str
    name: str
    agency: str
    role: str
    status: str
    online: bool


class SectionJSON(TypedDict):
    key: str
    title: str
    prompt: str


class GapJSON(TypedDict):
    """One gap of the board (`checks.gaps_for`), as stored in `Board.gaps` and sent in
    `gaps.updated`. `confidential` is not part of `GapOut`: the HTTP answers drop it, the
    sockets carry it (the projector's copy never holds a confidential note's question)."""

    id: str
    key: str
    section: str | None
    message: str
    severity: str  # info | warning
    note_id: str | None
    person_id: str | None
    owned_by: str | None
    status: str  # open | finding_out
    owner_note_id: str | None
    action: str | None
    confidential: bool


class BoardJSON(TypedDict):
    """The whole board as one audience sees it (`visibility.board_out`)."""

    id: str
    title: str
    status: str
    seq: int
    focus: str | None
    admit_mode: str
    join_code: str | None
    sections: list[SectionJSON]
    family: list[PersonJSON]
    participants: list[ParticipantJSON]
    notes: list[NoteJSON]
    gaps: list[GapJSON]
    show_gaps: bool
    created_at: str
    closed_at: str | None


class BoardLinksJSON(TypedDict):
    """The three links a facilitator hands out (app/web/links.py)."""

    join_url: str
    facilitator_url: str
    present_url: str


class BoardCreatedJSON(BoardLinksJSON):
    """The answer to creating, importing or starting the review of a board (app/web/created.py)."""

    board: BoardJSON
    facilitator_token: str
    viewer_token: str
    join_code: str
    # A review: the board it follows.
    previous_id: NotRequired[str]


class BoardUpdatedJSON(TypedDict):
    status: str
    focus: str | None
    admit_mode: str
    show_gaps: bool


class GapsUpdatedJSON(TypedDict):
    gaps: list[GapJSON]
    # Whether the projector shows the gaps; events stored before it existed lack it.
    shown: NotRequired[bool]


class AuditJSON(TypedDict):
    """One row of the meeting's record (`service.audit_out`)."""

    seq: int | None
    at: str
    actor_id: str | None
    actor_name: str
    actor_role: str
    actor_identity: str | None
    action: str
    target: str | None
    detail: JSONObject


class JoinResultJSON(TypedDict):
    participant: ParticipantJSON
    token: str


class AnalyseResultJSON(TypedDict):
    flags: list[FlagJSON]


class ReviewUpdatedJSON(TypedDict):
    """`review.updated`: what changed at a review, by id; never free text (every audience gets it)."""

    what: str  # action | evidence | evidence_deleted | rating
    id: NotRequired[str]
    status: NotRequired[str]
    question: NotRequired[str]
    rating: NotRequired[str]


# ---- after the meeting: the review side of a board (app/boards/review.py) -------------------------


class RatingJSON(TypedDict):
    """The rating the room agreed on one change question (stored in `Review.ratings`)."""

    rating: str  # not_yet | partly | clearly
    set_by: str
    set_at: str


class EarlierEvidenceJSON(TypedDict):
    question: str
    agency: str
    text: str
    confidential: bool


class EarlierActionJSON(TypedDict):
    text: str
    owner: str | None
    due: str | None
    status: str
    evidence: str
    confidential: bool


class HistoryEntryJSON(TypedDict):
    """An earlier review as it ended (stored in `Review.history`, oldest first)."""

    board_id: str
    title: str
    date: str
    number: int
    ratings: dict[str, RatingJSON]
    evidence: list[EarlierEvidenceJSON]
    actions: list[EarlierActionJSON]


class CarriedNoteJSON(TypedDict):
    """A note of an earlier meeting, shown read-only on a review board (`review.carried_out`)."""

    id: str
    section: str
    text: str
    kind: str
    agency: str
    author_name: str
    confidential: bool
    owner: str | None
    due: str | None
    source: str | None
    about: list[str]
    meeting_date: str
    from_board_id: str
    created_at: str
    edited_by: str | None
    edited_at: str | None


class ReviewActionJSON(TypedDict):
    """An action carried forward, as marked at the review (`review.action_out`)."""

    id: str
    text: str
    owner: str | None
    due: str | None
    agency: str
    confidential: bool
    status: str
    status_label: str
    evidence: str
    previous_status: str | None
    previous_evidence: str
    meeting_date: str
    overdue: bool
    version: int
    updated_by: str | None
    updated_at: str | None
    edited_by: str | None
    edited_at: str | None


class EvidenceJSON(TypedDict):
    """One agency's evidence on a change question (`review.evidence_out`)."""

    id: str
    question: str
    text: str
    agency: str
    author: AuthorJSON
    confidential: bool
    created_at: str


class ChangeQuestionJSON(TypedDict):
    """One of the three change questions with its rating, trend and evidence."""

    key: str
    title: str
    prompt: str
    rating: str | None
    rating_label: str
    set_by: str | None
    set_at: str | None
    previous_rating: str | None
    previous_label: str
    trend: str
    evidence: list[EvidenceJSON]


class NewBehaviourJSON(TypedDict):
    note_id: str
    text: str
    kinds: list[str]
    new_kinds: list[str]


class ChangesJSON(TypedDict):
    """What changed since the earlier meeting (`practice/review.changes_since`)."""

    new_behaviours: list[NewBehaviourJSON]
    new_kinds: list[str]
    overdue: list[str]
    unmarked: int
    marked: dict[str, int]  # status -> how many


class BoardRefJSON(TypedDict):
    id: str
    title: str | None


class PreviousMeetingJSON(TypedDict):
    id: str | None
    title: str
    date: str
    available: bool


class ReviewJSON(TypedDict):
    """The review side of a board as one audience sees it (`review.review_view`); a board that
    is not a review has only `next`, and empty parts."""

    board_id: str
    is_review: bool
    next: BoardRefJSON | None
    number: int
    previous: PreviousMeetingJSON | None
    history: list[HistoryEntryJSON]
    earlier_notes: list[CarriedNoteJSON]
    actions: list[ReviewActionJSON]
    change: list[ChangeQuestionJSON]
    changes: NotRequired[ChangesJSON]


# ---- the referral summary's preview (app/boards/referral.py) ------------------------------------


class ReferralItemJSON(TypedDict):
    """One item the referral summary can hold, `ticked` by default or held back with a `reason`."""

    id: str
    part: str
    group: str
    group_label: str
    text: str
    agency: str
    meeting: str
    owner: str | None
    due: str | None
    ticked: bool
    excluded: str | None
    hold: str | None
    reason: str


class ReferralGroupJSON(TypedDict):
    key: str
    label: str
    items: list[ReferralItemJSON]


class ReferralPartJSON(TypedDict):
    key: str
    label: str
    groups: list[ReferralGroupJSON]


class RatingLineJSON(TypedDict):
    """A review's agreed rating of one change question, as the summary words it."""

    key: str
    title: str
    rating: str


class ReferralPreviewJSON(TypedDict):
    board_id: str
    title: str
    parts: list[ReferralPartJSON]
    excluded: list[ReferralItemJSON]
    ratings: list[RatingLineJSON]
    never: list[str]


# ---- signed-in staff (app/auth/facilitators.py) -------------------------------------------------


class MeetingJSON(TypedDict):
    """A board in a signed-in facilitator's My meetings (`facilitators.meetings`)."""

    id: str
    title: str
    status: str
    group: str  # open | closed | review
    join_code: str
    created_at: str
    closed_at: str | None
    co_facilitators: list[str]


class CoFacilitatorAddedJSON(TypedDict):
    invite: str
    provider: str
    signed_in_before: bool


# ---- the export bundle (app/export/bundle.py; docs/export-format.md) ------------------------------


class ExportEventJSON(TypedDict):
    """One event of the log in an export bundle (`export/bundle.event_out`). `data` is the event's
    data as stored (any version's), or `{"redacted": true}` in a redacted copy."""

    seq: int
    type: str
    data: JSONObject
    created_at: str


class RecordedActionJSON(TypedDict):
    """An action of a review in the bundle: `ReviewActionJSON` without what is worked out on
    reading (`status_label`, `overdue`), with the board that agreed it."""

    id: str
    text: str
    owner: str | None
    due: str | None
    agency: str
    confidential: bool
    status: str
    evidence: str
    previous_status: str | None
    previous_evidence: str
    meeting_date: str
    version: int
    updated_by: str | None
    updated_at: str | None
    edited_by: str | None
    edited_at: str | None
    from_board_id: str


class ReviewPartJSON(TypedDict):
    """The review side of a review board in a bundle (`export/followup_bundle.review_part`)."""

    number: int
    previous_id: str | None
    previous_title: str
    previous_date: str
    ratings: dict[str, RatingJSON]
    history: list[HistoryEntryJSON]
    earlier_notes: list[CarriedNoteJSON]
    actions: list[RecordedActionJSON]
    evidence: list[EvidenceJSON]


class MinutesPartJSON(TypedDict):
    """The minutes in a bundle; `content` is as `schemas_followup.MinutesContent` describes it."""

    status: str
    version: int
    edited: bool
    content: JSONObject
    updated_at: str
    finalised_at: str | None
    finalised_by: str | None
    stale: bool  # the board changed after this draft (as GET .../minutes says); kept by an import


class FollowupPartsJSON(TypedDict):
    """The after-the-meeting parts of a bundle (`export/followup_bundle.py` describes them)."""

    review: ReviewPartJSON | None
    minutes: MinutesPartJSON | None


class RecordJSON(TypedDict):
    """The meeting's record in a bundle: the board, its event log and its audit trail."""

    format_version: int
    exported_at: str
    exported_by: str
    board: BoardJSON
    events: list[ExportEventJSON]
    audit: list[AuditJSON]


class BundleJSON(RecordJSON, FollowupPartsJSON):
    """An export bundle: the one input of every renderer (`export/bundle.collect_bundle`)."""


# What a board event carries (app/boards/events.py names the types; the envelope does not read it).
EventData = (
    NoteJSON
    | NoteUpdatedJSON
    | NoteDeletedJSON
    | ParticipantJSON
    | BoardUpdatedJSON
    | GapsUpdatedJSON
    | ReviewUpdatedJSON
)
