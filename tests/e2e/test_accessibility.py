"""Usable by everyone in the room (issue 7), in real Chromium against a real server.

axe-core (vendored under tests/e2e/vendor, test-only) runs on every page a meeting goes through,
in the states that matter (hint showing, waiting list, locked, closed, dark scheme) and must
find no serious or critical WCAG 2.2 A/AA violation; the projector must also pass AAA contrast.
Small screens: one section at a time with a tab bar, no sideways scrolling at 320 px, text at
200%. Screen readers: other people's notes are announced politely and in batches. Screenshots
at 320, 768, 1366 and 1920 px land in tests/e2e/artifacts/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import api_board, axe_violations, horizontal_overflow
from tests.e2e.conftest import FACILITATOR_SCREEN, LAPTOP, PROJECTOR, LiveServer, api_add_note
from tests.e2e.test_board_flow import FAMILY, TITLE, _art, add_note, expect_live, note_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 320, "height": 640}
TABLET = {"width": 768, "height": 1024}
RECORD_ANNOUNCEMENTS = """() => {
  window.__said = [];
  const el = document.getElementById('announcer');
  new MutationObserver(() => { if (el.textContent) window.__said.push(el.textContent); })
    .observe(el, {childList: true, characterData: true, subtree: true});
}"""
BLAMING = "Mum not coping, kids unkempt and she keeps letting him back"


def join(page: Page, join_link: str, name: str, agency: str) -> None:
    page.goto(join_link)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your agency", exact=True).select_option(agency)
    page.get_by_role("button", name="Join the board").click()


def test_every_page_passes_axe_in_every_state(new_context: Any, live_server: LiveServer) -> None:
    problems: list[str] = []

    # Landing and creation, by the facilitator's browser.
    fac = new_context(FACILITATOR_SCREEN).new_page()
    fac.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    fac.goto("/")
    problems += axe_violations(fac, "landing")
    fac.get_by_label("Meeting title or case reference").fill(TITLE)
    for i, (name, role, age) in enumerate(FAMILY):
        fac.locator(f"#pn{i}").fill(name)
        fac.locator(f"#pr{i}").select_option(role)
        fac.locator(f"#pa{i}").fill(age)
    fac.get_by_role("button", name="Create the board").click()
    expect(fac.get_by_role("heading", name="Your board is ready")).to_be_visible()
    problems += axe_violations(fac, "ready page")
    # The copy buttons copy the link and say so, visibly and to screen readers (role=status).
    join_link = fac.locator("#join-link").inner_text().strip()
    present_link = fac.locator("#present-link").inner_text().strip()
    fac.get_by_role("button", name="Copy join link").click()
    status = fac.locator("#join-link ~ .copy-status")
    expect(status).to_have_text("Copied")
    expect(status).to_have_attribute("role", "status")
    assert fac.evaluate("navigator.clipboard.readText()") == join_link
    fac.get_by_role("button", name="Copy projector link").click()
    expect(fac.locator("#present-link ~ .copy-status")).to_have_text("Copied")
    expect(status).to_have_text("")
    assert fac.evaluate("navigator.clipboard.readText()") == present_link
    fac.screenshot(path=str(_art() / "a11y-ready-copied-1440x900.png"), full_page=True)
    fac.get_by_role("link", name="Open the board").click()
    expect_live(fac)
    board_id = fac.evaluate("document.body.dataset.board")

    # Joining: the agency is a required choice, with a clear error when it is missing.
    alice = new_context(LAPTOP).new_page()
    alice.goto(join_link)
    problems += axe_violations(alice, "join form")
    alice.get_by_label("Your name").fill("Alice Ward")
    agency = alice.get_by_label("Your agency", exact=True)
    expect(agency).to_have_value("")
    alice.get_by_role("button", name="Join the board").click()
    expect(alice).to_have_url(re.compile(r"/join/"))  # the browser refuses the empty choice
    assert alice.evaluate("document.getElementById('agency').validity.valueMissing")
    # ... and so does the server, for a browser that does not check (the error is tied to the field).
    alice.evaluate("document.querySelector('form.stack').noValidate = true")
    alice.get_by_role("button", name="Join the board").click()
    expect(alice.locator("#join-error")).to_contain_text("Choose your agency")
    expect(alice.get_by_label("Your agency", exact=True)).to_have_attribute("aria-invalid", "true")
    assert "join-error" in (alice.get_by_label("Your agency", exact=True).get_attribute("aria-describedby") or "")
    expect(alice.get_by_label("Your name")).to_have_value("Alice Ward")
    problems += axe_violations(alice, "join form with an error")
    alice.get_by_label("Your agency", exact=True).select_option("Police")
    alice.get_by_role("button", name="Join the board").click()
    expect_live(alice)
    alice.casemap_errors.clear()  # type: ignore[attr-defined]  # the 422 above was on purpose

    bilal = new_context(LAPTOP).new_page()
    bilal.goto(join_link)
    bilal.get_by_label("Your name").fill("Bilal Khan")
    bilal.get_by_label("Your agency, if it is not listed").fill("Youth offending team")
    expect(bilal.get_by_label("Your agency", exact=True)).to_have_value("other")  # typing chose "Other"
    bilal.get_by_role("button", name="Join the board").click()
    expect_live(bilal)
    expect(bilal.locator(".me")).to_have_text("You: Bilal Khan (Youth offending team)")

    projector = new_context(PROJECTOR).new_page()
    projector.goto(present_link)
    expect_live(projector)

    # A meeting in progress: notes, a flagged note with its private hint, gaps.
    add_note(alice, "pattern", "Adam took Maria's phone and car keys before each of the three call-outs.")
    add_note(bilal, "factors", "Adam's drinking is his choice; probation order ends June.")
    alice.locator("#text-impact").fill(BLAMING)
    expect(alice.locator("#hint-impact .hint-card")).to_be_visible()
    problems += axe_violations(alice, "participant board, hint showing")
    alice.locator("#section-impact form.add-note").get_by_role("button", name="Add").click()
    expect(note_in(fac, "impact", BLAMING)).to_have_count(1)
    expect(fac.locator("#flags .flag-item")).to_have_count(1)
    fac.locator(".gap-act summary").first.click()
    problems += axe_violations(fac, "facilitator board, flags and an open gap form")
    problems += axe_violations(bilal, "participant board")
    expect(note_in(projector, "impact", BLAMING)).to_have_count(1)
    problems += axe_violations(projector, "projector", aaa=True)

    # The waiting room, and the facilitator's waiting list.
    fac.get_by_role("button", name="Admit by hand").click()
    expect(fac.get_by_role("button", name="Admit everyone at once")).to_be_visible()
    carol = new_context(LAPTOP).new_page()
    join(carol, join_link, "Carol Hay", "GP")
    expect(carol.get_by_role("heading", name="You're in the waiting room")).to_be_visible()
    problems += axe_violations(carol, "waiting room")
    expect(fac.locator(".waiting-list")).to_contain_text("Carol Hay")
    problems += axe_violations(fac, "facilitator board, someone waiting")

    # Locked: participants see why they cannot add.
    fac.get_by_role("button", name="Lock the board").click()
    expect(bilal.locator("body")).to_have_attribute("data-status", "locked")
    expect(bilal.locator("#board-notice")).to_be_visible()
    expect(bilal.locator("#board-notice")).to_contain_text("locked the board")
    expect(bilal.locator("#section-impact .locked-reason")).to_be_visible()
    problems += axe_violations(bilal, "participant board, locked")
    problems += axe_violations(projector, "projector, locked", aaa=True)

    # Dark scheme: contrast holds there too.
    for page, name in ((bilal, "participant board, dark"), (fac, "facilitator board, dark")):
        page.emulate_media(color_scheme="dark")
        problems += axe_violations(page, name)
    projector.emulate_media(color_scheme="dark")
    problems += axe_violations(projector, "projector, dark", aaa=True)
    bilal.screenshot(path=str(_art() / "a11y-participant-dark-locked-1366x768.png"))
    projector.screenshot(path=str(_art() / "a11y-projector-dark-1920x1080.png"))
    for page in (bilal, fac, projector):
        page.emulate_media(color_scheme="light")

    # History, then the closed board for both roles.
    history = fac.context.new_page()
    history.goto(f"/b/{board_id}/history")
    problems += axe_violations(history, "history")
    fac.once("dialog", lambda d: d.accept())
    fac.get_by_role("button", name="Close the meeting").click()
    expect(fac.locator("#downloads")).to_be_visible()
    expect(alice.locator("body")).to_have_attribute("data-status", "closed")
    expect(alice.locator("#board-notice")).to_contain_text("closed")
    problems += axe_violations(fac, "closed board, facilitator")
    problems += axe_violations(alice, "closed board, participant")

    # The statement, the join-by-code page and an error page.
    statement = alice.context.new_page()
    statement.goto("/accessibility")
    expect(statement.get_by_role("heading", level=1)).to_have_text("Accessibility statement for Casemap")
    problems += axe_violations(statement, "accessibility statement")
    statement.goto("/join")
    problems += axe_violations(statement, "join by code")
    statement.goto("/b/no-such-board/history")
    expect(statement.locator(".error")).to_be_visible()
    problems += axe_violations(statement, "error page")

    assert problems == [], "\n".join(problems)


def test_every_page_links_the_accessibility_statement(new_context: Any, live_server: LiveServer) -> None:
    made = api_board(live_server.url)
    page = new_context(LAPTOP).new_page()
    for url in ("/", "/join", made["join_url"], "/accessibility", made["facilitator_url"], made["present_url"]):
        page.goto(url)
        link = page.get_by_role("link", name="Accessibility statement")
        expect(link, url).to_have_count(1)
        expect(link, url).to_have_attribute("href", "/accessibility")


def test_small_screens_one_section_at_a_time_and_no_sideways_scrolling(
    new_context: Any, live_server: LiveServer, browser: Any
) -> None:
    made = api_board(live_server.url, title="CP case discussion – ref 24/0193, a long title on a small phone")
    token = made["facilitator_token"]
    bid = made["board"]["id"]
    for i, section in enumerate(("pattern", "pattern", "impact", "practice")):
        api_add_note(
            live_server.url,
            bid,
            token,
            section,
            f"Note {i}: Jay has arrived late and hungry on days after police attendance.",
        )
    art = _art()

    phone = new_context(PHONE).new_page()
    for url, name in (("/", "landing"), ("/accessibility", "statement"), (made["join_url"], "join")):
        phone.goto(url)
        assert horizontal_overflow(phone) == 0, f"{name} scrolls sideways at 320px"
        phone.screenshot(path=str(art / f"a11y-{name}-320.png"), full_page=True)
    join(phone, made["join_url"], "Dana Lee", "Health visitor (HV)")
    expect_live(phone)

    tabs = phone.get_by_role("navigation", name="Sections")
    expect(tabs).to_be_visible()
    expect(tabs.get_by_role("button")).to_have_count(4)
    visible = phone.locator("main.board > section.section:visible")
    expect(visible).to_have_count(1)
    expect(visible).to_have_id("section-pattern")
    expect(tabs.locator("[aria-current=true]")).to_contain_text("Pattern")
    expect(tabs.locator("[data-tab=pattern]")).to_contain_text("(2)")
    phone.screenshot(path=str(art / "a11y-participant-320.png"), full_page=True)
    tabs.get_by_role("button", name=re.compile("Impact")).click()
    expect(visible).to_have_count(1)
    expect(visible).to_have_id("section-impact")
    expect(tabs.locator("[aria-current=true]")).to_contain_text("Impact")
    add_note(phone, "impact", "Maria has kept both children at nursery and school through three moves.")
    expect(tabs.locator("[data-tab=impact]")).to_contain_text("(2)")
    assert horizontal_overflow(phone) == 0, "the participant's board scrolls sideways at 320px"
    phone.screenshot(path=str(art / "a11y-participant-impact-320.png"), full_page=True)

    # On a touch screen (no hover) a note's own controls are always shown.
    touch = browser.new_context(viewport=PHONE, has_touch=True, base_url=live_server.url, locale="en-GB")
    try:
        finger = touch.new_page()
        join(finger, made["join_url"], "Femi Ade", "GP")
        expect_live(finger)
        add_note(finger, "pattern", "He drives past her mother's house most evenings.")
        mine = note_in(finger, "pattern", "drives past her mother's house")
        expect(mine.get_by_role("button", name=re.compile("^Edit"))).to_be_visible()
        expect(mine.get_by_role("button", name=re.compile("^Delete"))).to_be_visible()
        assert horizontal_overflow(finger) == 0
        mine.scroll_into_view_if_needed()
        finger.screenshot(path=str(art / "a11y-participant-touch-320.png"))  # not full_page: it drops touch emulation
    finally:
        touch.close()

    fac_phone = new_context(PHONE).new_page()
    fac_phone.goto(made["facilitator_url"])
    expect_live(fac_phone)
    assert horizontal_overflow(fac_phone) == 0, "the facilitator's board scrolls sideways at 320px"
    fac_phone.screenshot(path=str(art / "a11y-facilitator-320.png"), full_page=True)
    fac_phone.goto(f"/b/{bid}/history")
    assert horizontal_overflow(fac_phone) == 0, "the history scrolls sideways at 320px"
    fac_phone.screenshot(path=str(art / "a11y-history-320.png"), full_page=True)

    tablet = new_context(TABLET).new_page()
    tablet.goto(made["facilitator_url"])
    expect_live(tablet)
    expect(tablet.get_by_role("navigation", name="Sections")).to_be_hidden()
    expect(tablet.locator("main.board > section.section:visible")).to_have_count(4)
    assert horizontal_overflow(tablet) == 0
    tablet.screenshot(path=str(art / "a11y-facilitator-768.png"), full_page=True)

    laptop = new_context(LAPTOP).new_page()
    join(laptop, made["join_url"], "Eve Osei", "School")
    expect_live(laptop)
    laptop.screenshot(path=str(art / "a11y-participant-1366.png"))
    # Text at 200%: everything reflows, nothing is cut off or scrolls sideways.
    laptop.evaluate("document.documentElement.style.fontSize = '200%'")
    assert horizontal_overflow(laptop) == 0, "text at 200% makes the board scroll sideways"
    laptop.screenshot(path=str(art / "a11y-participant-1366-text200.png"), full_page=True)

    projector = new_context(PROJECTOR).new_page()
    projector.goto(made["present_url"])
    expect_live(projector)
    projector.screenshot(path=str(art / "a11y-projector-1920.png"))


def test_projector_shows_a_lost_connection_and_pages_notes_that_do_not_fit(
    new_context: Any, live_server: LiveServer
) -> None:
    made = api_board(live_server.url, title="Projector check")
    token, bid = made["facilitator_token"], made["board"]["id"]
    projector = new_context(PROJECTOR).new_page()
    projector.goto(made["present_url"])
    expect_live(projector)
    pager = projector.locator("#section-pattern .pager")
    expect(pager).to_be_hidden()
    for i in range(16):
        api_add_note(live_server.url, bid, token, "pattern", f"Pattern note {i}: he checks her phone every evening.")
    expect(projector.locator("#notes-pattern li.note")).to_have_count(16)
    expect(pager).to_be_visible()
    expect(pager).to_contain_text(re.compile(r"Page \d of \d"))
    # The newest note is the one in view, whole.
    last = projector.locator("#notes-pattern li.note").last
    expect(last).to_be_visible()
    box, ul = last.bounding_box(), projector.locator("#notes-pattern").bounding_box()
    assert box and ul and box["y"] + box["height"] <= ul["y"] + ul["height"] + 1
    expect(projector.locator("#section-impact .pager")).to_be_hidden()
    expect(projector.locator("#status-banner")).to_be_visible()

    live_server.stop()
    expect(projector.locator("#conn")).not_to_have_text("Live")
    expect(projector.locator("#status-banner")).to_be_hidden()  # no "Open" while the board is not live
    conn = projector.locator("#conn")
    assert conn.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") >= 30
    projector.screenshot(path=str(_art() / "a11y-projector-disconnected-1920.png"))


def test_other_peoples_notes_are_announced_politely_and_in_batches(new_context: Any, live_server: LiveServer) -> None:
    made = api_board(live_server.url, title="Announcements")
    bid, token = made["board"]["id"], made["facilitator_token"]
    alice = new_context(LAPTOP).new_page()
    join(alice, made["join_url"], "Alice Ward", "Police")
    bilal = new_context(LAPTOP).new_page()
    join(bilal, made["join_url"], "Bilal Khan", "School")
    for p in (alice, bilal):
        expect_live(p)
    announcer = bilal.locator("#announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    bilal.evaluate(RECORD_ANNOUNCEMENTS)

    add_note(alice, "pattern", "P checks M's phone every evening.")
    expect(announcer).to_contain_text("from Alice Ward, Police, in His pattern: P checks M's phone every evening.")
    # The author hears a confirmation, not her own note read back.
    expect(alice.locator("#announcer")).to_contain_text("Your note was added to His pattern.")

    bilal.evaluate("window.__said = []")
    for i in range(8):
        api_add_note(live_server.url, bid, token, ("impact", "practice")[i % 2], f"Burst note {i}")
    expect(bilal.locator("li.note")).to_have_count(9)
    expect(announcer).to_contain_text(re.compile(r"new notes?"))
    said = bilal.evaluate("window.__said")
    assert 0 < len(said) < 8, f"8 notes must not make 8 announcements: {said}"
    assert any(re.search(r"\d+ new notes: .*in (Impact|Practice)", s) for s in said), said

    # A board-state change is announced too.
    fac = new_context(FACILITATOR_SCREEN).new_page()
    fac.goto(made["facilitator_url"])
    expect_live(fac)
    fac.get_by_role("button", name="Lock the board").click()
    expect(announcer).to_contain_text("locked the board")
