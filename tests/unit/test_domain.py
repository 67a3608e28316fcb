"""Sections, visibility rules and the purity of app/practice."""

from __future__ import annotations

import ast
from pathlib import Path

from app.boards.tokens import hash_token, new_join_code, new_token, normalise_join_code
from app.boards.visibility import Actor, visible_event, visible_note, visible_participant
from app.practice.sections import SECTION_KEYS, SECTIONS, section_title
from app.web.templating import agency_class

NOTE = {
    "id": "n1",
    "section": "impact",
    "text": "Refuge: 4 Oak St",
    "kind": "observation",
    "agency": "IDVA",
    "author": {"id": "author"},
    "version": 1,
    "confidential": True,
    "source": "survivor",
    "flags": [{"category": "failure_to_protect", "status": "open"}],
}


def actor(role: str, pid: str = "someone") -> Actor:
    return Actor(pid, "b1", role, "admitted", "Name", "Agency")


def test_sections_are_the_four_in_order_with_prompts() -> None:
    assert SECTION_KEYS == ("pattern", "impact", "factors", "practice")
    assert section_title("impact") == "Impact of the pattern on child and family functioning"
    assert all(s.prompt.endswith("?") for s in SECTIONS)


def test_flags_reach_only_the_facilitator_and_the_author() -> None:
    assert visible_note(NOTE, actor("facilitator"))["flags"]
    assert visible_note(NOTE, actor("participant", "author"))["flags"]
    assert visible_note(NOTE, actor("participant"))["flags"] == []
    assert visible_note(NOTE, actor("viewer"))["flags"] == []


def test_projector_never_receives_confidential_text() -> None:
    seen = visible_event("note.created", NOTE, actor("viewer"))
    assert seen is not None and seen["text"] == "" and seen["source"] is None
    assert visible_note(NOTE, actor("participant"))["text"] == "Refuge: 4 Oak St"
    assert NOTE["text"] == "Refuge: 4 Oak St"  # the stored event is untouched


def test_waiting_and_removed_people_are_shown_to_the_facilitator_only() -> None:
    waiting = {"role": "participant", "status": "waiting"}
    assert visible_participant(waiting, actor("facilitator"))
    assert not visible_participant(waiting, actor("participant"))
    assert not visible_participant({"role": "viewer", "status": "admitted"}, actor("facilitator"))


def test_tokens_and_join_codes() -> None:
    a, b = new_token(), new_token()
    assert a != b and len(a) >= 43
    assert hash_token(a) != a and len(hash_token(a)) == 64
    code = new_join_code()
    assert len(code) == 6 and not set(code) & set("0O1IL")
    assert normalise_join_code(" ab-c 2d3 ") == "ABC2D3"


def test_agency_colour_is_stable_and_ignores_case_and_spacing() -> None:
    assert agency_class("Police") == agency_class(" police ") == agency_class("POLICE")
    assert agency_class("Police") != agency_class("School") or agency_class("Police") != agency_class("GP")


def test_practice_package_imports_no_web_database_or_io() -> None:
    allowed = {
        "__future__",
        "re",
        "dataclasses",
        "functools",
        "typing",
        "collections",
        "bisect",
        "itertools",
        "enum",
        "datetime",
        "string",
        "unicodedata",
        "math",
        "app",
        # reading the package's own data files (rule files, lexicon, weights)
        "tomllib",
        "importlib",
        "json",
    }
    files = sorted((Path(__file__).resolve().parents[2] / "app" / "practice").rglob("*.py"))
    assert any(p.parent.name == "wording" for p in files)  # subpackages are walked too
    for path in files:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
                if node.module == "importlib":  # only importlib.resources, never import_module
                    names = [f"importlib.{a.name}" for a in node.names]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "open", f"{path.name} opens a file: read package data with importlib.resources"
            for name in names:
                root = name.split(".")[0]
                assert root in allowed, f"{path.name} imports {name}"
                if root == "app":
                    assert name.startswith("app.practice"), f"{path.name} imports {name}"
                if root == "importlib":
                    assert name.startswith("importlib.resources"), f"{path.name} imports {name}"
