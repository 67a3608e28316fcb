"""Every pivot stays in the model's stance (domain.md §2, §7).

A pivot has three steps: validate the worry, redirect it to his behaviour, return to her. None
may concede a blaming frame: abuse is his choice, so no step may treat his anger or drinking as
the cause of it, her leaving as the fix, the abuse as shared, or her as the one who failed.
Every pivot of every category is rendered for every topic it can name, and for none.
"""

from __future__ import annotations

import re

import pytest

from app.practice.wording import analyse
from app.practice.wording.engine import CATEGORIES, CATEGORY_FILES
from app.practice.wording.pivots import pivot_for

CASES = [
    pytest.param(c, key, words, id=f"{c}:{key}")
    for c in CATEGORIES
    for key, words in [*CATEGORY_FILES[c].topics.items(), ("default", CATEGORY_FILES[c].default_topic)]
]

# Phrases that concede a blaming frame; the first is the anger pivot this test was written for.
CONCEDING = [
    r"may well need its own work",
    r"\b(?:temper|anger|angry)\b[^.?]{0,60}\b(?:needs?|work on|management|treat\w*|support|help)\b",
    r"(?<!not )\b(?:explains?|caused? by|because of|due to|down to)\b",
    r"\bmakes? him\b|\bsets? him off\b|\bprovok\w*|\bwinds? him up\b",
    r"\bif (?:she|mum) (?:left|leaves|separates?|ends? it)\b|\bonce she (?:leaves|has left)\b",
    r"\bshe (?:should|must|needs? to|has to) (?:leave|separate|protect|stop|report|engage)\b",
    r"\bboth\b|\beach other\b|\btheir (?:relationship|conflict|rows?|arguments?)\b",
    r"\b(?:her|she) (?:failed|fails|is failing)\b|\bnot coping\b|\bnot engaging\b|\bexposing\b",
    r"\bhysterical\b|\bunstable\b|\bunreliable\b|\bexaggerat\w*",
]
HIM = re.compile(r"\b(?:he|him|his)\b")
HER = re.compile(r"\b(?:she|her)\b")


@pytest.mark.parametrize(("category", "key", "words"), CASES)
def test_pivot_validates_then_turns_to_him_then_returns_to_her(category: str, key: str, words: str) -> None:
    validate, redirect, back = pivot_for(category, key, words)
    assert validate.strip() and redirect.strip() and back.strip()
    assert HIM.search(redirect), f"{category}: the second step must turn to his behaviour: {redirect!r}"
    assert HER.search(back), f"{category}: the third step must return to her: {back!r}"


@pytest.mark.parametrize(("category", "key", "words"), CASES)
def test_no_pivot_concedes_a_blaming_frame(category: str, key: str, words: str) -> None:
    for step in pivot_for(category, key, words):
        for phrase in CONCEDING:
            assert not re.search(phrase, step, re.IGNORECASE), f"{category}/{key}: {step!r} concedes ({phrase})"


# A message describes the frame in the note ("describes his abuse as something they both do"), so
# it is held only to the phrases that would endorse one.
ENDORSING = [CONCEDING[0], CONCEDING[1], CONCEDING[3], CONCEDING[5]]


@pytest.mark.parametrize("category", CATEGORIES)
def test_no_message_or_suggestion_endorses_a_blaming_frame(category: str) -> None:
    cat = CATEGORY_FILES[category]
    for text in (cat.reason, cat.suggestion):
        for phrase in ENDORSING:
            assert not re.search(phrase, text, re.IGNORECASE), f"{category}: {text!r} concedes ({phrase})"


@pytest.mark.parametrize(
    "note",
    [
        "P has anger issues - anger management",
        "Refer P to anger management",
        "His aggression stems from his anger issues",
    ],
)
def test_an_anger_note_is_not_answered_with_anger_as_the_cause(note: str) -> None:
    (flag,) = (f for f in analyse(note) if f.category == "causal_attribution")
    pivot = " ".join(flag.pivot).lower()
    assert "its own work" not in pivot and "temper may" not in pivot
    assert "with her and the children" in pivot  # whom he chooses to target


def test_a_drinking_note_says_support_may_help_but_does_not_explain_his_control() -> None:
    (flag,) = analyse("P's violence is down to the drink")
    assert flag.pivot[0] == "Support with his drinking may be needed, but it does not explain or excuse his abuse."
    assert "control continue" in flag.pivot[1]
