"""Replaying the event log never gives back what a later "confidential" took away."""

from __future__ import annotations

from app.boards.events import GAPS_UPDATED
from app.boards.visibility import Actor, visible_event
from app.models import Event
from app.web.ws import replayed

PROJECTOR = Actor(participant_id="p", board_id="b", role="viewer", status="admitted", name="Projector", agency="")


def test_a_gap_replayed_after_its_action_was_made_confidential_loses_the_actions_words() -> None:
    """A gap being found out by an action note, stored before that note was marked confidential:
    on replay (a projector reconnecting with `since`) the action's words and note id are gone."""
    gap = {
        "id": "history-1",
        "key": "no_history",
        "message": "What do we know about his history?",
        "status": "finding_out",
        "owner_note_id": "n-action",
        "action": "Police to ask Czech police (SECRETWORDS)",
        "note_id": None,
    }
    row = Event(board_id="b", seq=7, type=GAPS_UPDATED, data={"gaps": [gap], "shown": True})
    out = visible_event(GAPS_UPDATED, replayed(row, {"n-action"}), PROJECTOR)
    assert out is not None
    assert out["gaps"][0]["action"] is None and out["gaps"][0]["owner_note_id"] is None
    assert "SECRETWORDS" not in str(out)
    # The question itself still stands for the room; nothing else is changed.
    assert out["gaps"][0]["message"] == gap["message"] and out["gaps"][0]["status"] == "finding_out"
    # Before the change, nothing is taken away.
    assert replayed(row, {"other"})["gaps"][0]["action"] == gap["action"]


def test_an_open_question_replayed_after_its_note_was_made_confidential_is_withheld_from_the_projector() -> None:
    gap = {"id": "q-1", "key": "open_question", "message": "? SECRETQ", "note_id": "n-q"}
    row = Event(board_id="b", seq=8, type=GAPS_UPDATED, data={"gaps": [gap], "shown": True})
    shown = visible_event(GAPS_UPDATED, replayed(row, {"n-q"}), PROJECTOR)
    assert shown is not None and shown["gaps"] == []
    assert "SECRETQ" not in str(shown)
