"""Reading details of the wording analyser: contractions typed without apostrophes, and words
that look like reported speech but are not.

The per-frame example lists that used to live here (a frame paraphrased as a positive, the same
words as evidence, with his agency, negation or her reasons as a negative) are now the ``flag``
and ``pass`` examples of the rules themselves, in ``app/practice/wording/categories/*.toml``,
run by ``test_wording_rules.py`` with the same strength (primary category / no flag at all).
"""

from __future__ import annotations

from app.practice.wording import analyse


def top(text: str) -> str | None:
    flags = analyse(text)
    return flags[0].category if flags else None


def test_contractions_without_apostrophes_read_like_contractions() -> None:
    assert top("mum cant cope with the basics") == top("mum can't cope with the basics") == "failure_to_protect"
    assert analyse("M doesnt think P's drinking is the cause") == analyse("M doesn't think P's drinking is the cause")


def test_call_outs_and_insisting_on_are_not_reported_speech() -> None:
    assert top("Call-outs will end once mum has left P") == "separation_as_solution"
    assert top("M insists on seeing him, so the risk is her own doing") == "survivor_choices"
    assert analyse("P insists M is 'unstable'") == []
