"""The meeting as people live it, in real headless Chromium against a real server.

A facilitator creates a board through the landing page, two professionals join from their own
browsers, the projector shows the room's board, and every change reaches every screen without a
reload. Screenshots for the visual review land in tests/e2e/artifacts/ (gitignored).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    FACILITATOR_SCREEN,
    LAPTOP,
    PROJECTOR,
    RECONNECT_TIMEOUT_MS,
    LiveServer,
    api_add_note,
    token_from_link,
)

pytestmark = pytest.mark.e2e

TITLE = "CP case discussion – ref 24/0193"
FAMILY = [("Adam", "perpetrator", ""), ("Maria", "survivor", "31"), ("Jay", "child", "6"), ("Mia", "child", "3")]
NOTE_POLICE = "Adam took Maria's phone and car keys before each of the three call-outs since March."
NOTE_SCHOOL = "Jay has arrived late and hungry on days after police attendance; he told his teacher he 'keeps watch'."


@dataclass
class Board:
    id: str
    join_link: str
    present_link: str
    facilitator_link: str
    facilitator: Page


def note_in(page: Page, section: str, text: str) -> Any:
    return page.locator(f"#notes-{section} li.note", has_text=text)


def mark_no_reload(page: Page) -> None:
    """Tag the document; if the page reloads the tag is gone (checked by assert_not_reloaded)."""
    page.evaluate("window.__casemapNoReload = true")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__casemapNoReload === true"), "the page reloaded; updates must arrive live"


def expect_live(page: Page, timeout: int | None = None) -> None:
    expect(page.locator("#conn")).to_have_text("Live", timeout=timeout)
    expect(page.locator("#conn")).to_have_class(re.compile(r"\bconn-live\b"), timeout=timeout)


def unexpected_errors(page: Page) -> list[str]:
    return list(page.casemap_errors)  # type: ignore[attr-defined]


def create_board_via_ui(new_context: Any) -> Board:
    ctx = new_context(FACILITATOR_SCREEN)
    page = ctx.new_page()
    page.goto("/")
    expect(page.get_by_role("heading", name="Start a meeting board")).to_be_visible()
    page.screenshot(path=str(_art() / "landing-1440x900.png"), full_page=True)
    page.get_by_label("Meeting title or case reference").fill(TITLE)
    for i, (name, role, age) in enumerate(FAMILY):
        page.locator(f"#pn{i}").fill(name)
        page.locator(f"#pr{i}").select_option(role)
        page.locator(f"#pa{i}").fill(age)
    page.get_by_role("button", name="Create the board").click()

    expect(page.get_by_role("heading", name="Your board is ready")).to_be_visible()
    expect(page.locator(".lead")).to_have_text(TITLE)
    join_link = page.locator("#join-link").inner_text().strip()
    present_link = page.locator("#present-link").inner_text().strip()
    facilitator_link = page.locator("#facilitator-link").inner_text().strip()
    assert re.search(r"/join/[^/?]+\?code=\w+", join_link), join_link
    assert "/enter?k=" in present_link and "/enter?k=" in facilitator_link
    assert present_link != facilitator_link
    page.screenshot(path=str(_art() / "ready-page.png"), full_page=True)

    page.get_by_role("link", name="Open the board").click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    board_id = page.evaluate("document.body.dataset.board")
    assert page.url.endswith(f"/b/{board_id}")
    expect(page.locator("body")).to_have_attribute("data-role", "facilitator")
    expect_live(page)
    return Board(board_id, join_link, present_link, facilitator_link, page)


def _art() -> Path:
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def join_via_link(new_context: Any, board: Board, name: str, agency: str) -> Page:
    page = new_context(LAPTOP).new_page()
    page.goto(board.join_link)
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    code = board.join_link.rsplit("code=", 1)[1]
    expect(page.get_by_label("Join code")).to_have_value(code)
    page.screenshot(path=str(_art() / "join-1366x768.png"))
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your agency", exact=True).select_option(agency)
    page.get_by_role("button", name="Join the board").click()
    expect(page).to_have_url(re.compile(rf"/b/{board.id}$"))
    expect(page.locator("body")).to_have_attribute("data-role", "participant")
    expect(page.locator(".me")).to_have_text(f"You: {name} ({agency})")
    expect_live(page)
    return page


def open_projector(new_context: Any, board: Board) -> Page:
    """The room's screen: a separate browser that opens the projector link from the ready page."""
    page = new_context(PROJECTOR).new_page()
    page.goto(board.present_link)
    expect(page).to_have_url(re.compile(rf"/b/{board.id}/present$"))
    expect(page.locator("body")).to_have_class(re.compile(r"\bpresent-page\b"))
    expect_live(page)
    return page


def add_note(page: Page, section: str, text: str) -> None:
    form = page.locator(f"#section-{section} form.add-note")
    form.locator(f"#text-{section}").fill(text)
    form.get_by_role("button", name="Add").click()
    # The form clears itself once the server has stored the note.
    expect(form.locator(f"#text-{section}")).to_have_value("")
    expect(note_in(page, section, text)).to_have_count(1)


def open_meeting(new_context: Any) -> tuple[Board, Page, Page, Page]:
    board = create_board_via_ui(new_context)
    projector = open_projector(new_context, board)
    alice = join_via_link(new_context, board, "Alice Ward", "Police")
    bilal = join_via_link(new_context, board, "Bilal Khan", "School")
    return board, projector, alice, bilal


# ---- tests -------------------------------------------------------------------------------


def test_facilitator_creates_a_board_through_the_landing_page(new_context: Any) -> None:
    board = create_board_via_ui(new_context)
    page = board.facilitator
    # The family entered on the form is on the board, with roles and ages.
    family = page.locator(".sidebar .family-list li")
    expect(family).to_have_count(len(FAMILY))
    expect(family.nth(0)).to_contain_text("Adam")
    expect(family.nth(0)).to_contain_text("Perpetrator")
    expect(family.nth(2)).to_contain_text("Child, 6")
    # Four sections in the contract's order, each with an enabled add form for the facilitator.
    expect(page.locator("main.board > section.section")).to_have_count(4)
    for key in ("pattern", "impact", "factors", "practice"):
        expect(page.locator(f"#section-{key} fieldset.add-fieldset")).to_have_js_property("disabled", False)
    expect(page.locator("#status-banner")).to_have_text("Open")
    expect(page.locator(".share .join-code")).to_have_text(board.join_link.rsplit("code=", 1)[1])
    expect(page.locator("#lock-button")).to_be_visible()
    assert unexpected_errors(page) == []


def test_participants_join_add_notes_and_every_screen_updates_live(new_context: Any) -> None:
    board, projector, alice, bilal = open_meeting(new_context)
    fac = board.facilitator
    screens = {"facilitator": fac, "projector": projector, "alice": alice, "bilal": bilal}
    for p in screens.values():
        mark_no_reload(p)

    # Both joiners appear in "Who's here" on the facilitator's screen and the projector.
    for p in (fac, projector):
        expect(p.locator("#people")).to_contain_text("Alice Ward")
        expect(p.locator("#people")).to_contain_text("Bilal Khan")

    add_note(alice, "pattern", NOTE_POLICE)
    add_note(bilal, "impact", NOTE_SCHOOL)

    for name, p in screens.items():
        expect(note_in(p, "pattern", NOTE_POLICE), f"Alice's note on {name}").to_have_count(1)
        expect(note_in(p, "impact", NOTE_SCHOOL), f"Bilal's note on {name}").to_have_count(1)
        expect(note_in(p, "pattern", NOTE_POLICE).locator(".agency")).to_have_text("Police")
        expect(note_in(p, "impact", NOTE_SCHOOL).locator(".author")).to_have_text("Bilal Khan")
        expect(p.locator("li.note")).to_have_count(2)
        assert_not_reloaded(p)

    # Edit controls: authors (and the facilitator) get them; others and the projector don't.
    # (With a mouse they show while the pointer is on the note, or focus is in it.)
    note_in(alice, "pattern", NOTE_POLICE).hover()
    expect(note_in(alice, "pattern", NOTE_POLICE).get_by_role("button", name=re.compile("^Edit"))).to_be_visible()
    expect(note_in(bilal, "pattern", NOTE_POLICE).locator(".note-actions")).to_have_count(0)
    expect(note_in(fac, "pattern", NOTE_POLICE).locator(".note-actions")).to_have_count(1)
    expect(projector.locator(".note-actions, form.add-note")).to_have_count(0)

    # A few more notes so the screenshots look like a meeting in progress.
    add_note(
        alice, "factors", "Adam's drinking is his choice; no evidence it causes the abuse. Probation order ends June."
    )
    add_note(bilal, "practice", "School to record Jay's lateness daily and share weekly with SW.")
    add_note(fac, "impact", "Maria has kept both children at nursery and school through three moves.")
    for p in screens.values():
        expect(p.locator("li.note")).to_have_count(5)

    art = _art()
    for p in screens.values():
        p.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    projector.screenshot(path=str(art / "projector-1920x1080.png"))
    alice.screenshot(path=str(art / "participant-1366x768.png"))
    alice.screenshot(path=str(art / "participant-1366x768-full.png"), full_page=True)
    fac.screenshot(path=str(art / "facilitator-1440x900.png"))
    fac.screenshot(path=str(art / "facilitator-1440x900-full.png"), full_page=True)
    for name, p in screens.items():
        assert unexpected_errors(p) == [], f"{name}: {unexpected_errors(p)}"


def test_an_edit_reaches_the_other_screens(new_context: Any) -> None:
    board, projector, alice, bilal = open_meeting(new_context)
    add_note(alice, "pattern", NOTE_POLICE)
    for p in (board.facilitator, projector, bilal):
        expect(note_in(p, "pattern", NOTE_POLICE)).to_have_count(1)
        mark_no_reload(p)

    note = note_in(alice, "pattern", NOTE_POLICE)
    version = int(note.get_attribute("data-version") or 0)
    note.hover()  # the note's controls show while the pointer is on it
    note.get_by_role("button", name=re.compile("^Edit")).click()
    dialog = alice.locator("dialog#editor")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Edit note")).to_be_visible()
    expect(dialog.get_by_label("Text")).to_have_value(NOTE_POLICE)
    dialog.screenshot(path=str(_art() / "editor-dialog.png"))
    edited = NOTE_POLICE.replace("three call-outs", "four call-outs")
    dialog.get_by_label("Text").fill(edited)
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()

    for name, p in {"alice": alice, "bilal": bilal, "facilitator": board.facilitator, "projector": projector}.items():
        expect(note_in(p, "pattern", edited), f"edited note on {name}").to_have_count(1)
        expect(note_in(p, "pattern", NOTE_POLICE), f"old text gone on {name}").to_have_count(0)
        expect(p.locator("li.note")).to_have_count(1)
        expect(note_in(p, "pattern", edited)).to_have_attribute("data-version", str(version + 1))
    for p in (board.facilitator, projector, bilal):
        assert_not_reloaded(p)


def test_the_keyboard_move_control_moves_a_note_on_every_screen(new_context: Any) -> None:
    board, projector, alice, bilal = open_meeting(new_context)
    add_note(alice, "impact", NOTE_POLICE)  # in the wrong section on purpose
    for p in (board.facilitator, projector, bilal):
        expect(note_in(p, "impact", NOTE_POLICE)).to_have_count(1)
        mark_no_reload(p)

    # Keyboard only: focus the note (its controls show), then the "Move this note to" select,
    # choose with the arrow keys, Tab to Move, Enter.
    note = note_in(alice, "impact", NOTE_POLICE)
    select = note.get_by_label("Move this note to")
    note.focus()
    select.focus()
    expect(select).to_be_focused()
    select.select_option("pattern")  # Chromium headless opens no popup for arrow keys; pick the value
    expect(select).to_have_value("pattern")
    alice.keyboard.press("Tab")
    move = note.get_by_role("button", name="Move", exact=True)
    expect(move).to_be_focused()
    alice.keyboard.press("Enter")

    for name, p in {"alice": alice, "bilal": bilal, "facilitator": board.facilitator, "projector": projector}.items():
        expect(note_in(p, "pattern", NOTE_POLICE), f"moved note in pattern on {name}").to_have_count(1)
        expect(note_in(p, "impact", NOTE_POLICE), f"moved note gone from impact on {name}").to_have_count(0)
        expect(p.locator("li.note")).to_have_count(1)
    for p in (board.facilitator, projector, bilal):
        assert_not_reloaded(p)
    # The moved note's own Move menu now offers the section it left, not the one it is in.
    moved = note_in(alice, "pattern", NOTE_POLICE).get_by_label("Move this note to")
    expect(moved.locator("option[value=impact]")).to_have_count(1)
    expect(moved.locator("option[value=pattern]")).to_have_count(0)


def test_locking_the_board_disables_participants_adding(new_context: Any) -> None:
    board, projector, alice, bilal = open_meeting(new_context)
    add_note(alice, "pattern", NOTE_POLICE)
    for p in (alice, bilal):
        expect(p.locator("fieldset.add-fieldset")).to_have_count(4)
        for fs in p.locator("fieldset.add-fieldset").all():
            expect(fs).to_have_js_property("disabled", False)
        mark_no_reload(p)

    board.facilitator.get_by_role("button", name="Lock the board").click()
    expect(board.facilitator.locator("#status-banner")).to_have_text("Locked by the facilitator")
    expect(board.facilitator.get_by_role("button", name="Unlock the board")).to_be_visible()

    for name, p in {"alice": alice, "bilal": bilal}.items():
        expect(p.locator("#status-banner"), name).to_have_text("Locked by the facilitator")
        expect(p.locator("body")).to_have_attribute("data-status", "locked")
        for fs in p.locator("fieldset.add-fieldset").all():
            expect(fs, f"add form on {name}").to_have_js_property("disabled", True)
        expect(p.locator("#text-impact")).to_be_disabled()
        expect(p.locator("#section-impact").get_by_role("button", name="Add")).to_be_disabled()
        # Her own note's Edit/Move/Delete controls are hidden while locked.
        assert_not_reloaded(p)
    expect(note_in(alice, "pattern", NOTE_POLICE).locator(".note-actions")).to_be_hidden()
    expect(projector.locator("#status-banner")).to_have_text("Locked by the facilitator")
    # The facilitator may still add while locked.
    expect(board.facilitator.locator("#section-impact fieldset.add-fieldset")).to_have_js_property("disabled", False)

    # A participant can no longer add, even by posting the form directly: the server refuses it.
    # (A same-origin fetch from his page, as a stale tab or a hand-edited form would send it.)
    status, body = bilal.evaluate(
        """async (url) => {
            const r = await fetch(url, {method: "POST", headers: {"HX-Request": "true"},
                                        body: new URLSearchParams({section: "impact", text: "Sneaked in"})});
            return [r.status, await r.text()];
        }""",
        f"/b/{board.id}/notes",
    )
    assert status == 409, body
    assert "lock" in body.lower(), body
    # ... and nothing appeared anywhere.
    add_note(board.facilitator, "practice", "Facilitator summary while locked.")
    for p in (alice, bilal, projector):
        expect(p.locator("li.note")).to_have_count(2)
        expect(p.locator("li.note", has_text="Sneaked in")).to_have_count(0)
    bilal.screenshot(path=str(_art() / "participant-locked-1366x768.png"))
    projector.screenshot(path=str(_art() / "projector-locked-1920x1080.png"))

    # Unlocking gives the controls back without a reload.
    board.facilitator.get_by_role("button", name="Unlock the board").click()
    for p in (alice, bilal):
        expect(p.locator("#status-banner")).to_have_text("Open")
        expect(p.locator("#section-impact fieldset.add-fieldset")).to_have_js_property("disabled", False)
    add_note(bilal, "impact", NOTE_SCHOOL)
    expect(note_in(alice, "impact", NOTE_SCHOOL)).to_have_count(1)


def test_the_page_reconnects_after_a_server_restart_and_catches_up_without_duplicates(
    new_context: Any, live_server: LiveServer
) -> None:
    board, projector, alice, bilal = open_meeting(new_context)
    fac_token = token_from_link(board.facilitator_link)
    add_note(alice, "pattern", NOTE_POLICE)
    screens = {"facilitator": board.facilitator, "projector": projector, "alice": alice, "bilal": bilal}
    for p in screens.values():
        expect(p.locator("li.note")).to_have_count(1)
        mark_no_reload(p)

    port = live_server.port
    live_server.stop()
    for name, p in screens.items():
        expect(p.locator("#conn"), f"{name} notices the server is gone").not_to_have_text("Live")
    alice.screenshot(path=str(_art() / "participant-reconnecting-1366x768.png"))

    # While our server is down, notes are added through the API (another server, same database).
    side = live_server.side_server()
    missed = [api_add_note(side.url, board.id, fac_token, "impact", f"Missed while offline #{i}") for i in (1, 2)]
    side.stop()

    live_server.start()  # same port, same database file
    assert live_server.port == port
    for name, p in screens.items():
        expect(p.locator("#conn"), f"{name} reconnects").to_have_text("Live", timeout=RECONNECT_TIMEOUT_MS)
        for n in missed:
            expect(p.locator(f"#note-{n['id']}"), f"{name} shows {n['text']}").to_have_count(1)
        expect(p.locator("li.note"), f"no duplicates on {name}").to_have_count(3)
        ids = p.locator("li.note").evaluate_all("els => els.map(e => e.id)")
        assert len(ids) == len(set(ids)) == 3, ids
        assert_not_reloaded(p)

    # Live again: a note added through the UI after the restart reaches everyone once.
    add_note(bilal, "practice", NOTE_SCHOOL)
    for name, p in screens.items():
        expect(note_in(p, "practice", NOTE_SCHOOL), name).to_have_count(1)
        expect(p.locator("li.note"), name).to_have_count(4)


# Text on the projector must be readable from the back of a meeting room: nothing under 20px.
VISIBLE_TEXT_SIZES = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    const text = walker.currentNode.textContent.trim();
    if (!text || !el || el.closest('.visually-hidden, [hidden], svg')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    out.push({text: text.slice(0, 40), cls: el.className, px: parseFloat(getComputedStyle(el).fontSize)});
  }
  return out;
}"""


def test_projector_text_is_readable_from_the_back_of_the_room(new_context: Any) -> None:
    _board, projector, alice, bilal = open_meeting(new_context)
    add_note(alice, "pattern", NOTE_POLICE)
    add_note(bilal, "practice", NOTE_SCHOOL)
    expect(projector.locator("li.note")).to_have_count(2)
    expect(projector.locator("#people")).to_contain_text("Bilal Khan")
    sizes = projector.evaluate(VISIBLE_TEXT_SIZES)
    # The notes themselves must be big: 24px is the design size for note text.
    note_texts = [s for s in sizes if "note-text" in s["cls"]]
    assert note_texts and all(s["px"] >= 24 for s in note_texts), note_texts
    too_small = sorted({(s["cls"], s["text"], s["px"]) for s in sizes if s["px"] < 20})
    assert too_small == [], f"text under 20px on the projector: {too_small}"


def test_the_projector_keeps_all_four_sections_on_one_screen(new_context: Any, live_server: LiveServer) -> None:
    """Nobody scrolls a projector: a busy board must not push sections 3 and 4 off the 1920x1080 screen."""
    board = create_board_via_ui(new_context)
    projector = open_projector(new_context, board)
    token = token_from_link(board.facilitator_link)
    for i in range(16):
        section = ("pattern", "impact", "factors", "practice")[i % 4]
        api_add_note(live_server.url, board.id, token, section, f"Note {i}: {NOTE_SCHOOL}")
    expect(projector.locator("li.note")).to_have_count(16)
    projector.screenshot(path=str(_art() / "projector-busy-1920x1080.png"))
    for key in ("pattern", "impact", "factors", "practice"):
        box = projector.locator(f"#section-{key}").bounding_box()
        assert box is not None
        assert box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"] + 1, (key, box)
    assert projector.evaluate("document.documentElement.scrollHeight") <= PROJECTOR["height"] + 1
