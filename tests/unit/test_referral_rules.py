"""The referral summary's rules (app/practice/referral.py): his behaviours grouped by kind, and
the safety property: her location, her safety strategies, her protective efforts and anything
confidential are never offered, whatever the facilitator ticks."""

from __future__ import annotations

import pytest

from app.practice.gaps import PersonIn
from app.practice.referral import Source, draft_referral

FAMILY = (
    PersonIn("p", "Adam", "perpetrator"),
    PersonIn("s", "Maria", "survivor", 31),
    PersonIn("c1", "Jay", "child", 6),
    PersonIn("c2", "Mia", "child", 3),
)


def item(text: str, section: str = "pattern", **extra: object) -> object:
    (only,) = draft_referral(FAMILY, [Source("x", section, text, **extra)]).items  # type: ignore[arg-type]
    return only


@pytest.mark.parametrize(
    ("text", "section", "extra", "reason"),
    [
        # her location, or the children's
        ("Maria and the children are staying at 12 Birch Close.", "pattern", {}, "location"),
        ("Adam turned up at her new flat twice in November.", "pattern", {}, "location"),
        ("M moved to her sister's in Leith in October.", "impact", {}, "location"),
        ("Jay has started at his new school.", "impact", {}, "location"),
        ("Maria is in the refuge since 20 November.", "impact", {}, "location"),
        ("Postcode EH6 7QR flagged with police.", "practice", {}, "location"),
        # her safety strategies and support
        ("Safe times to call Maria: weekdays before 3pm, texts only.", "practice", {}, "safety"),
        ("IDVA to safety plan with Maria for after separation.", "practice", {"kind": "action"}, "safety"),
        ("Maria has a code word with her neighbour.", "impact", {}, "safety"),
        ("Case heard at MARAC on 3 November.", "practice", {}, "safety"),
        ("Maria plans to leave once the refuge space opens.", "factors", {}, "location"),
        ("Maria keeps a bag packed by the door.", "impact", {}, "safety"),
        ("She applied for a non-mol in October.", "practice", {}, "safety"),
        # her protective efforts
        ("Maria takes the kids to her sister's when he kicks off.", "impact", {"kind": "protective"}, "protective"),
        ("Maria keeps the children's routine going despite everything.", "impact", {}, "protective"),
        ("Maria took the children upstairs and barricaded the door.", "pattern", {}, "protective"),
        ("She stood between Adam and Jay.", "pattern", {}, "protective"),
        # anything confidential, her disclosures included
        ("Maria told the IDVA he raped her in August.", "pattern", {"confidential": True}, "confidential"),
        ("Adam threatened to cut her throat.", "pattern", {"confidential": True}, "confidential"),
        # questions are not facts
        ("? history abroad", "pattern", {"kind": "gap"}, "question"),
    ],
)
def test_what_a_referral_must_never_hold_is_never_offered(
    text: str, section: str, extra: dict[str, object], reason: str
) -> None:
    got = item(text, section, **extra)
    assert got.excluded == reason  # type: ignore[attr-defined]
    assert not got.offered and not got.default  # type: ignore[attr-defined]
    referral = draft_referral(FAMILY, [Source("x", section, text, **extra)])  # type: ignore[arg-type]
    assert referral.chosen(["x"]) == [] and referral.chosen(None) == []


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Adam punched Maria in the face in March; Jay saw it.", "physical_violence"),
        ("Adam threatened to burn the house down with them in it.", "threats"),
        ("Adam checks Maria's phone every night and tracks her car.", "coercive_control"),
        ("Adam takes Maria's bank card on payday and gives her £20.", "economic"),
        ("Adam won't let Maria see her family or go to English classes.", "isolation"),
        ("Adam uses Jay to report back on who Maria talks to.", "use_of_children"),
        ("Adam called police to say Maria was drunk with the kids.", "use_of_systems"),
        ("PNC: two DV convictions against a previous partner.", "history"),
    ],
)
def test_his_pattern_is_grouped_by_kind_of_behaviour_and_ticked(text: str, group: str) -> None:
    got = item(text)
    assert (got.part, got.group, got.default) == ("pattern", group, True)  # type: ignore[attr-defined]


def test_impact_is_grouped_by_child_and_her_own_impact_is_held_back() -> None:
    referral = draft_referral(
        FAMILY,
        [
            Source("j", "impact", "Jay (6) wets the bed after call-outs."),
            Source("m", "impact", "Mia is behind on her speech.", about=("c2",)),
            Source("both", "impact", "Both children flinch when he shouts."),
            Source("her", "impact", "Maria is exhausted and not sleeping."),
        ],
    )
    got = {i.id: (i.group, i.default, i.hold) for i in referral.items}
    assert got == {
        "j": ("c1", True, None),
        "m": ("c2", True, None),
        "both": ("children", True, None),
        "her": ("other", False, "not_child"),
    }
    assert [i.group_label for i in referral.items][:2] == ["Jay (6)", "Mia (3)"]


def test_what_she_or_a_child_said_is_held_back_for_the_facilitator_to_decide() -> None:
    said = item("Maria says Adam checks her phone every night.")
    assert (said.hold, said.default, said.offered) == ("her_words", False, True)  # type: ignore[attr-defined]
    sourced = item("Adam checks her phone every night.", source="survivor")
    assert sourced.hold == "her_words"  # type: ignore[attr-defined]
    child = item("Jay told his teacher 'daddy hurts mummy'.", "impact")
    assert (child.hold, child.default) == ("child_words", False)  # type: ignore[attr-defined]


def test_factors_and_goals_are_kept_to_his_part() -> None:
    referral = draft_referral(
        FAMILY,
        [
            Source("f1", "factors", "Adam buys Maria drink, then reports her drinking to SW."),
            Source("f2", "factors", "Maria is on antidepressants."),
            Source("g1", "practice", "Adam to attend the Caledonian programme.", kind="action", owner="CJSW"),
            Source("g2", "practice", "Stop checking her phone; programme to report monthly.", kind="action"),
            Source("g3", "practice", "School to offer Jay ELSA sessions.", kind="action", owner="School"),
        ],
    )
    got = {i.id: (i.part, i.default, i.hold) for i in referral.items}
    assert got == {
        "f1": ("factors", True, None),
        "f2": ("factors", False, "not_his"),
        "g1": ("goals", True, None),
        "g2": ("goals", True, None),
        "g3": ("goals", False, "not_goal"),
    }


def test_her_support_services_are_not_named() -> None:
    assert item("Adam rang Maria 40 times on Sunday.", agency="IDVA").agency == "A partner agency"  # type: ignore[attr-defined]
    assert item("Adam rang Maria 40 times on Sunday.", agency="Police").agency == "Police"  # type: ignore[attr-defined]
    goal = "Adam to stop checking Maria's phone; his probation officer to ask him monthly."
    assert item(goal, "practice", kind="action", owner="Women's Aid").owner == "A partner agency"  # type: ignore[attr-defined]
    assert item(goal, "practice", kind="action", owner="CJSW").owner == "CJSW"  # type: ignore[attr-defined]


def test_the_facilitator_can_untick_anything_and_tick_what_is_held_back() -> None:
    referral = draft_referral(
        FAMILY,
        [Source("a", "pattern", "Adam punched Maria."), Source("b", "pattern", "Maria says he took her passport.")],
    )
    assert [i.id for i in referral.chosen(None)] == ["a"]
    assert [i.id for i in referral.chosen(["b"])] == ["b"]
    assert referral.chosen([]) == []
