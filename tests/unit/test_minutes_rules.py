"""Drafting minutes (app/practice/minutes.py): lines are the notes' own words, a few per
section, the most telling first, and nothing confidential."""

from __future__ import annotations

from app.practice.gaps import PersonIn
from app.practice.minutes import AttendeeIn, FlagIn, GapIn, MeetingIn, NoteIn, draft_minutes, shorten

FAMILY = (PersonIn("p", "Adam", "perpetrator"), PersonIn("s", "Maria", "survivor"), PersonIn("c", "Jay", "child", 6))


def meeting(*notes: NoteIn, gaps: tuple[GapIn, ...] = ()) -> MeetingIn:
    return MeetingIn("CP 24/0193", "2026-12-05", "Jo", [AttendeeIn("Sam", "Police")], FAMILY, notes, gaps)


def test_a_long_note_is_cut_at_a_sentence_or_word_and_never_reworded() -> None:
    text = "Adam punched Maria in March. " + "He checks her phone every night and reads every message. " * 6
    short = shorten(text)
    # cut after a whole sentence, and marked as cut
    assert len(short) <= 220 and short.endswith(". …") and text.startswith(short.removesuffix(" …"))
    words = "word " * 80
    cut = shorten(words)
    assert cut.endswith("…") and words.startswith(cut.removesuffix("…"))
    assert shorten("Short note.") == "Short note."


def test_pattern_points_take_one_note_per_kind_of_behaviour_first() -> None:
    notes = [NoteIn(f"h{i}", "pattern", f"Adam hit Maria on day {i}.") for i in range(6)]
    notes.append(NoteIn("money", "pattern", "Adam takes her bank card on payday."))
    c = draft_minutes(meeting(*notes))
    points = c["sections"][0]["points"]
    assert [p["ref"] for p in points][:2] == ["h0", "money"]
    assert len(points) == 5 and c["sections"][0]["more"] == 2


def test_confidential_notes_and_their_flags_and_questions_are_not_minuted() -> None:
    c = draft_minutes(
        meeting(
            NoteIn(
                "a", "impact", "Mum failed to protect Jay.", flags=(FlagIn("Puts his harm on her care", "pivoted"),)
            ),
            NoteIn(
                "b",
                "impact",
                "She is at 9 Rowan Court.",
                confidential=True,
                flags=(FlagIn("Makes her the problem", "open"),),
            ),
            NoteIn("q", "practice", "Is she still at the refuge?", kind="gap", confidential=True),
            gaps=(
                GapIn("g1", "Is she still at the refuge?", note_id="q", confidential=True),
                GapIn("g2", "What has he done?"),
            ),
        )
    )
    assert "Rowan" not in str(c) and "refuge" not in str(c)
    assert c["flags"] == [
        {
            "text": "Mum failed to protect Jay.",
            "category": "Puts his harm on her care",
            "outcome": "Pivoted",
            "ref": "a",
        }
    ]
    assert [q["text"] for q in c["questions"]] == ["What has he done?"] and c["withheld"] == 2


def test_decisions_and_actions_come_from_the_practice_notes() -> None:
    c = draft_minutes(
        meeting(
            NoteIn("d", "practice", "Agreed: case proceeds to an initial CP conference."),
            NoteIn("o", "practice", "Jay's school is supportive."),
            NoteIn("a2", "practice", "HV to visit", kind="action", owner="HV"),
            NoteIn("a1", "practice", "CJSW to refer Adam", kind="action", owner="CJSW", due="2027-01-10"),
        )
    )
    assert [d["ref"] for d in c["decisions"]] == ["d"]
    assert [p["ref"] for p in c["sections"][3]["points"]] == ["o"]
    assert [(a["ref"], a["owner"], a["due"]) for a in c["actions"]] == [
        ("a1", "CJSW", "2027-01-10"),
        ("a2", "HV", None),
    ]
