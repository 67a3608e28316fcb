"""Review meetings' pure rules: kinds of behaviour, what changed since last time, carrying
actions forward, titles of a chain (app/practice/behaviour.py, app/practice/review.py)."""

from __future__ import annotations

from datetime import date

import pytest

from app.practice.behaviour import behaviour_kinds
from app.practice.gaps import PersonIn
from app.practice.gaps_text import Refs
from app.practice.review import (
    ActionIn,
    DueAction,
    MapNote,
    actions_to_carry,
    base_title,
    changes_since,
    is_overdue,
    review_title,
    trend,
)

FAMILY = (
    PersonIn("p", "Aleksander", "perpetrator"),
    PersonIn("s", "Marketa", "survivor"),
    PersonIn("c", "Tomas", "child", 7),
)
REFS = Refs(FAMILY)


# The guide's case (domain.md §1), one behaviour per note, in the words a room would use.
@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Aleksander punched Marketa in the face twice in March", "physical_violence"),
        ("He held her against the wall by her throat", "physical_violence"),
        ("He threatened to cut her throat if she went to the police", "threats"),
        ("Forbids Marketa to go to English classes; she has no key to the flat", "isolation"),
        ("Takes her bank card on payday and gives her £20 a week", "economic"),
        ("Checks her phone every night and tracks her location", "coercive_control"),
        ("Encourages M's drinking, then calls police to report she is drunk", "use_of_systems"),
        ("Blocked the counselling Tomas was offered", "use_of_children"),
        ("An order abroad bars him from the children of an earlier relationship", "history"),
        ("A phone he threw hit Tomas on the head", "physical_violence"),
    ],
)
def test_each_behaviour_of_the_guides_case_reads_as_its_kind(text: str, first: str) -> None:
    assert behaviour_kinds(text, REFS)[0] == first


def test_a_behaviour_through_the_children_is_both_kinds_with_the_act_first() -> None:
    assert behaviour_kinds("A phone he threw hit Tomas on the head", REFS) == ("physical_violence", "use_of_children")


def test_a_note_naming_no_behaviour_is_other() -> None:
    assert behaviour_kinds("Family moved here in 2019", REFS) == ("other",)


def test_abroad_alone_is_not_his_history() -> None:
    kinds = behaviour_kinds("Aleksander threatened to take Tomas abroad and not bring him back", REFS)
    assert kinds[0] == "threats" and "history" not in kinds


TODAY = date(2026, 12, 5)


def test_new_behaviours_are_todays_pattern_notes_and_new_kinds_are_those_never_mapped_before() -> None:
    earlier = [
        MapNote("e1", "pattern", "Aleksander punched Marketa in March"),
        MapNote("e2", "pattern", "Takes her bank card on payday"),
        MapNote("e3", "impact", "Tomas threatened by a classmate"),  # impact: not his pattern
    ]
    new = [
        MapNote("n1", "pattern", "Pushed Marketa down the stairs on 1 December"),
        MapNote("n2", "pattern", "Threatened to take Tomas to Poland and not bring him back"),
        MapNote("n3", "pattern", "? anything from his probation officer", kind="gap"),
        MapNote("n4", "practice", "CJSW to report monthly", kind="action"),
    ]
    changes = changes_since(FAMILY, earlier, new, [], TODAY)
    assert [b.note_id for b in changes.new_behaviours] == ["n1", "n2"]
    assert changes.new_behaviours[0].new_kinds == ()  # physical violence was on the map
    assert changes.new_kinds == ("threats", "use_of_children")
    assert changes.new_kind_labels[0] == "Threats and intimidation"


def test_an_action_is_overdue_once_its_date_has_passed_unless_it_is_done() -> None:
    actions = [
        DueAction("a1", "CJSW to refer him", "2026-11-30", "open"),
        DueAction("a2", "SW to visit", "2026-11-30", "done"),
        DueAction("a3", "School to report", "2026-12-05", "in_progress"),  # due today: not yet overdue
        DueAction("a4", "Police to check", None, "not_done"),
        DueAction("a5", "HV to visit", "not a date", "open"),
    ]
    changes = changes_since(FAMILY, [], [], actions, TODAY)
    assert [a.id for a in changes.overdue] == ["a1"]
    assert changes.unmarked == 2
    assert changes.marked == {"done": 1, "in_progress": 1, "not_done": 1}
    assert not is_overdue(actions[2], TODAY) and is_overdue(actions[2], date(2026, 12, 6))


def test_done_actions_leave_the_chain_and_the_rest_are_carried() -> None:
    carried = actions_to_carry(
        [ActionIn("a", "x"), ActionIn("b", "y", "done"), ActionIn("c", "z", "not_done"), ActionIn("d", "w", "open")]
    )
    assert [a.id for a in carried] == ["a", "c", "d"]


def test_a_chain_keeps_the_first_meetings_title() -> None:
    first = "CP case discussion 24/0193"
    one = review_title(first, 1)
    assert one == "CP case discussion 24/0193 – review 1"
    assert review_title(base_title(one), 2) == "CP case discussion 24/0193 – review 2"
    assert base_title("Meeting – review of plan") == "Meeting – review of plan"
    assert len(review_title("x" * 200, 12)) == 200


def test_trend_compares_with_the_last_review() -> None:
    assert trend("not_yet", "partly") == "up"
    assert trend("clearly", "partly") == "down"
    assert trend("partly", "partly") == "same"
    assert trend(None, "partly") == ""
