"""A whole short meeting with the keyboard only, in real Chromium against a real server.

No mouse, no clicks: a participant joins, adds a note with the shortcuts, edits it, moves it and
deletes it; the facilitator focuses the room on a section, locks the board, resolves a wording
flag, turns a gap into an action, closes the meeting and reaches the download links. Focus is
visible at every stop, and the single-key shortcuts never fire while someone types.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import api_board, focus_is_visible, focused, tab_to
from tests.e2e.conftest import FACILITATOR_SCREEN, LAPTOP, LiveServer
from tests.e2e.test_board_flow import _art, expect_live, note_in

pytestmark = pytest.mark.e2e

NOTE = "P took M's phone and car keys before each call-out"
BLAMING = "Mum not coping, kids unkempt and she keeps letting him back"


FOCUS_LOG = """() => {
  const log = window.__focusLog = [];
  const name = (el) => el && el.tagName ? el.tagName + (el.id ? '#' + el.id : '') : String(el);
  for (const type of ['focusin', 'focusout', 'keydown', 'close']) {
    document.addEventListener(type, (e) => log.push(type + ':' + (e.key || '') + ':' + name(e.target) +
      ':' + Math.round(performance.now())), true);
  }
  document.addEventListener('htmx:wsAfterMessage', () => log.push('ws:' + Math.round(performance.now())));
}"""


def press(page: Page, key: str) -> None:
    page.keyboard.press(key)


def expect_focus(page: Page, selector: str) -> None:
    try:
        expect(page.locator(selector)).to_be_focused()
    except AssertionError as exc:
        active = page.evaluate("document.activeElement ? document.activeElement.outerHTML.slice(0, 300) : null")
        log = page.evaluate("window.__focusLog || []")
        raise AssertionError(f"{selector} is not focused; focus is on {active}; log: {log}") from exc
    assert focus_is_visible(page), f"no visible focus indicator on {selector}"


def test_a_meeting_with_the_keyboard_only(new_context: Any, live_server: LiveServer) -> None:
    made = api_board(live_server.url)
    fac = new_context(FACILITATOR_SCREEN).new_page()
    fac.goto(made["facilitator_url"])
    expect_live(fac)

    # ---- join: Tab through the form, type-ahead in the agency list, Enter ----
    alice = new_context(LAPTOP).new_page()
    alice.goto(made["join_url"])
    press(alice, "Tab")
    expect_focus(alice, ".skip-link")  # the first stop is the skip link, and it shows
    tab_to(alice, "#name")
    alice.keyboard.type("Alice Ward")
    press(alice, "Tab")
    expect_focus(alice, "#agency")
    alice.keyboard.type("Pol")
    expect(alice.locator("#agency")).to_have_value("Police")
    tab_to(alice, "button[type=submit]")
    assert focus_is_visible(alice)
    press(alice, "Enter")
    expect(alice).to_have_url(re.compile(r"/b/[^/]+$"))
    expect_live(alice)

    alice.evaluate(FOCUS_LOG)

    # ---- the shortcut list ----
    press(alice, "?")
    dialog = alice.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Write a new note")
    press(alice, "Escape")
    expect(dialog).to_be_hidden()

    # ---- 2 jumps to section 2; n starts a note there; shortcuts never fire while typing ----
    press(alice, "2")
    expect_focus(alice, "#h-impact")
    press(alice, "n")
    expect_focus(alice, "#text-impact")
    alice.keyboard.type("n1e?j ")  # typed into the box, not taken as shortcuts
    expect(alice.locator("#text-impact")).to_have_value("n1e?j ")
    expect(alice.locator("#text-impact")).to_be_focused()
    expect(dialog).to_be_hidden()
    press(alice, "Control+a")
    alice.keyboard.type(NOTE)
    press(alice, "Control+Enter")
    expect(note_in(alice, "impact", NOTE)).to_have_count(1)
    expect(alice.locator("#text-impact")).to_have_value("")
    expect(note_in(fac, "impact", NOTE)).to_have_count(1)
    # Esc leaves the box, back to the section heading.
    press(alice, "Escape")
    expect_focus(alice, "#h-impact")

    # ---- j goes to the note; e edits it; Ctrl+Enter saves; focus comes back to the note ----
    press(alice, "j")
    note = note_in(alice, "impact", NOTE)
    expect(note).to_be_focused()
    assert focus_is_visible(alice)
    expect(note.locator(".note-actions")).to_be_visible()  # focus shows the note's controls
    press(alice, "e")
    editor = alice.get_by_role("dialog", name="Edit note")
    expect(editor).to_be_visible()
    expect_focus(alice, "#edit-text")
    press(alice, "End")
    alice.keyboard.type(" (x3 since March)")
    press(alice, "Control+Enter")
    expect(editor).to_be_hidden()
    edited = NOTE + " (x3 since March)"
    expect(note_in(fac, "impact", edited)).to_have_count(1)
    note = note_in(alice, "impact", edited)
    expect(note).to_be_focused()

    # ---- move: Tab to "Move to…", type-ahead, Tab to Move, Enter; focus follows the note ----
    press(alice, "Tab")
    expect_focus(alice, "li.note .note-actions button[hx-get]")
    press(alice, "Tab")
    move = note.get_by_label("Move this note to")
    expect(move).to_be_focused()
    expect(move).to_have_value("")  # the placeholder "Move to…", not a section
    alice.keyboard.type("Hi")
    expect(move).to_have_value("pattern")
    press(alice, "Tab")
    expect(note.get_by_role("button", name="Move", exact=True)).to_be_focused()
    press(alice, "Enter")
    moved = note_in(alice, "pattern", edited)
    expect(moved).to_have_count(1)
    expect(note_in(fac, "pattern", edited)).to_have_count(1)
    expect(moved).to_be_focused()

    # ---- a flagged note, typed with the private hint tied to the box ----
    press(alice, "3")
    press(alice, "n")
    expect_focus(alice, "#text-factors")
    alice.keyboard.type(BLAMING)
    hint = alice.locator("#hint-factors .hint-card")
    expect(hint).to_be_visible()
    assert "hint-factors" in (alice.locator("#text-factors").get_attribute("aria-describedby") or "")
    press(alice, "Control+Enter")
    expect(note_in(alice, "factors", BLAMING)).to_have_count(1)

    # ---- delete: from the note, Tab to Delete, Enter, confirm; focus lands on the heading ----
    press(alice, "Escape")
    press(alice, "1")
    press(alice, "j")
    expect(moved).to_be_focused()
    tab_to(alice, "li.note button.danger")
    alice.once("dialog", lambda d: d.accept())
    press(alice, "Enter")
    expect(note_in(alice, "pattern", edited)).to_have_count(0)
    expect(note_in(fac, "pattern", edited)).to_have_count(0)
    expect(alice.locator("#h-pattern")).to_be_focused()

    # ---- the facilitator: focus the room on a section ----
    fac.evaluate("document.activeElement && document.activeElement.blur()")
    tab_to(fac, "#focus-select")
    assert focus_is_visible(fac)
    fac.keyboard.type("2")
    expect(fac.locator("#focus-select")).to_have_value("impact")
    press(fac, "Tab")
    expect_focus(fac, "#controls form[hx-post$='/control/focus'] button")
    press(fac, "Enter")
    expect(alice.locator("body")).to_have_attribute("data-focus", "impact")
    expect(alice.locator("#section-impact")).to_have_class(re.compile(r"\bfocused\b"))

    # ---- resolve the flag: Tab to its row, Enter opens it, Tab to "Pivoted", Enter ----
    tab_to(fac, "#flags .flag-item summary")
    assert focus_is_visible(fac)
    press(fac, "Enter")
    tab_to(fac, "#flags input[value=pivoted] ~ button")
    expect(fac.locator("#flags .flag-item").first).to_contain_text(BLAMING)
    press(fac, "Enter")
    expect(fac.locator("#flags .flag-item").first).to_contain_text(re.compile(r"Pivoted by"))

    # ---- a gap becomes an action: Tab to the summary, Enter opens it, type the owner, Enter ----
    tab_to(fac, ".gap-act summary")
    assert focus_is_visible(fac)
    gap_count = fac.locator("#notes-practice li.note").count()
    press(fac, "Enter")
    press(fac, "Tab")
    expect(fac.locator(":focus")).to_have_attribute("name", "owner")
    fac.keyboard.type("SW")
    press(fac, "Enter")
    expect(fac.locator("#notes-practice li.note")).to_have_count(gap_count + 1)
    expect(fac.locator("#notes-practice li.note").last).to_contain_text("SW")

    # ---- lock, then close, then reach the downloads ----
    tab_to(fac, "#lock-button")
    press(fac, "Enter")
    expect(alice.locator("body")).to_have_attribute("data-status", "locked")
    expect(alice.locator("#board-notice")).to_contain_text("locked the board")
    tab_to(fac, "#close-button")
    assert focus_is_visible(fac)
    fac.once("dialog", lambda d: d.accept())
    press(fac, "Enter")
    expect(fac.locator("#downloads")).to_be_visible()
    tab_to(fac, "#downloads a[href$='format=pdf']")
    assert focus_is_visible(fac)
    expect(fac.locator(":focus")).to_have_text("PDF")
    fac.screenshot(path=str(_art() / "keyboard-closed-focus-on-download-1440x900.png"))
    expect(alice.locator("body")).to_have_attribute("data-status", "closed")
    assert focused(fac, "#downloads a")
