"""The one-pass gate index finds exactly the gate strings ``g in text`` finds, so skipping the
rules whose gates are absent can never change a flag."""

from __future__ import annotations

import json
from pathlib import Path

from app.practice.wording.engine import _GATE_INDEX, RULES, _GateIndex

PLAIN_NOTES = Path(__file__).resolve().parents[2] / "data" / "wording" / "raw" / "w6_plain.jsonl"


def test_index_matches_substring_search_including_overlaps_and_short_gates() -> None:
    gates = {"abus", "abuse", "buse", "'ll", "m", " or ", "or", "ore"}
    index = _GateIndex(gates)
    for text in ["", "m", "she'll abuse", "more or less", "abusabuse", "ore", "xyz"]:
        assert index.present(text) == {g for g in gates if g in text}, text


def test_index_agrees_with_every_rule_gate_on_real_notes() -> None:
    all_gates = {g for r in RULES for g in r.gate}
    texts = [json.loads(line)["text"].lower() for line in PLAIN_NOTES.read_text(encoding="utf-8").splitlines()]
    texts += [r_flag.lower() for r in RULES for r_flag in r.flag + r.passes]
    for text in texts:
        assert _GATE_INDEX.present(text) == {g for g in all_gates if g in text}, text
