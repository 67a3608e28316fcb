"""The seed case (Marketa and Aleksander, domain.md §1) loads into a real server through the public
API, and the board flags the wording a facilitator would pivot on, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from scripts.seed_case import DEFAULT, seed
from tests.server import running_server

CASE: dict[str, Any] = json.loads(Path(DEFAULT).read_text(encoding="utf-8"))


def test_seed_case_flags_the_blaming_notes_and_only_those(tmp_path: Path) -> None:
    with running_server(f"sqlite:///{tmp_path / 'seed.db'}", tmp_path) as server:
        out = seed(server.url, CASE)
        board = httpx.get(
            f"{server.url}/api/boards/{out['board']['id']}",
            headers={"Authorization": f"Bearer {out['facilitator_token']}"},
        ).json()
    written = [n for p in CASE["people"] for n in p["notes"]]
    assert len(board["notes"]) == len(written)
    by_text = {n["text"]: n for n in board["notes"]}
    for note in written:
        flags = by_text[note["text"]]["flags"]
        if "expect" in note:
            assert flags, f"not flagged: {note['text']}"
            assert flags[0]["category"] in note["expect"], (note["text"], flags[0])
            assert len(flags[0]["pivot"]) == 3
            assert flags[0]["trigger"] and flags[0]["trigger"] in note["text"]
        else:
            assert flags == [], f"flagged wrongly: {note['text']} -> {flags}"


def test_seed_case_expects_the_six_notes_the_issue_names() -> None:
    expected = {n["text"] for p in CASE["people"] for n in p["notes"] if "expect" in n}
    assert expected == {
        "Dad's PTSD from the army is behind the abuse",
        "His drinking is the root of all of it",
        "If only she'd leave him the kids would be fine",
        "Mum has chosen the relationship over her children",
        "Mum smelled of alcohol at the visit, she needs to stop drinking for the kids",
        "She won't support a prosecution and keeps letting him back",
    }
