"""The meeting as people live it (issue 12): a short network drop, fresh note forms, one person
per browser, long notes, removal, and the facilitator's own name. Real server, real Chromium."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import RECONNECT_TIMEOUT_MS, LiveServer, token_from_link
from tests.e2e.test_board_flow import (
    FACILITATOR_SCREEN,
    LAPTOP,
    _art,
    add_note,
    create_board_via_ui,
    expect_live,
    note_in,
    open_meeting,
)

pytestmark = pytest.mark.e2e


def test_a_two_second_network_drop_comes_back_live_and_sends_what_was_typed_once_in_order(
    new_context: Any,
) -> None:
    board, _projector, alice, bilal = open_meeting(new_context)
    add_note(alice, "pattern", "Before the drop: P checks M's phone")
    alice.context.set_offline(True)
    expect(alice.locator("#conn")).not_to_have_text("Live")
    typed = ["Typed offline one: P took the car keys", "Typed offline two: P moved the children's passports"]
    form = alice.locator("#section-pattern form.add-note")
    for text in typed:
        form.locator("#text-pattern").fill(text)
        form.get_by_role("button", name="Add").click()
    expect(alice.locator("#pending")).to_contain_text(typed[1])
    time.sleep(2)
    alice.context.set_offline(False)
    back = time.monotonic()
    expect_live(alice, timeout=4_000)
    print(f"live again {time.monotonic() - back:.2f}s after the network came back")
    expect(alice.locator("#pending")).to_be_hidden()
    for page in (alice, bilal, board.facilitator):
        for text in typed:
            expect(note_in(page, "pattern", text)).to_have_count(1)
        texts = page.locator("#notes-pattern li.note .note-text").all_inner_texts()
        assert [t for t in texts if t.startswith("Typed offline")] == typed
    # Later notes go straight to the board, not to "Not sent yet", and other people's arrive.
    add_note(alice, "impact", "After the drop: Jay sleeps badly after call-outs")
    expect(alice.locator("#pending")).to_be_hidden()
    expect(note_in(bilal, "impact", "After the drop")).to_have_count(1)
    add_note(bilal, "factors", "Bilal after the drop: M's drinking follows his threats")
    expect(note_in(alice, "factors", "Bilal after the drop")).to_have_count(1)
    expect(alice.locator("#conn")).to_have_text("Live")


def test_each_new_note_starts_as_an_observation_and_not_confidential(new_context: Any) -> None:
    _board, projector, alice, bilal = open_meeting(new_context)
    form = alice.locator("#section-impact form.add-note")
    kind, confidential = form.get_by_label("Kind of note"), form.get_by_label("Confidential")
    form.locator("#text-impact").fill("M took the children to her sister's the night he smashed the TV")
    kind.select_option(label="Protective effort")
    confidential.check()
    form.get_by_role("button", name="Add").click()
    expect(form.locator("#text-impact")).to_have_value("")
    # The next note starts fresh: the author did not choose a kind or Confidential for it.
    expect(kind).to_have_value("observation")
    expect(confidential).not_to_be_checked()
    second = "Jay told his teacher he keeps watch at night"
    add_note(alice, "impact", second)
    for page in (alice, bilal):
        note = note_in(page, "impact", second)
        expect(note.locator(".kind-label")).to_have_text("Observation")
        expect(note.locator(".conf-label")).to_have_count(0)
    expect(note_in(projector, "impact", second).locator(".note-text")).to_have_text(second)
    # The practice section's own default (an action) comes back too, and its action fields hide again.
    practice = alice.locator("#section-practice form.add-note")
    practice.get_by_label("Kind of note").select_option(label="Gap / question")
    add_note(alice, "practice", "Has anyone checked his history abroad?")
    expect(practice.get_by_label("Kind of note")).to_have_value("action")


def test_opening_the_join_link_again_in_the_same_browser_is_the_same_person(new_context: Any) -> None:
    board = create_board_via_ui(new_context)
    ctx = new_context(LAPTOP)
    first, second = ctx.new_page(), ctx.new_page()
    first.goto(board.join_link)
    second.goto(board.join_link)  # a second tab with the form already open
    first.get_by_label("Your name").fill("Dana Okafor")
    first.get_by_label("Your agency", exact=True).select_option("Police")
    first.get_by_role("button", name="Join the board").click()
    expect(first).to_have_url(re.compile(rf"/b/{board.id}$"))
    expect_live(first)
    text = "Dana's note: P was seen outside the school twice this week"
    add_note(first, "pattern", text)

    # The link opened again (from the chat, the email, the QR code) goes back to the same place.
    first.goto(board.join_link)
    expect(first).to_have_url(re.compile(rf"/b/{board.id}$"))
    expect_live(first)
    expect(first.locator(".me")).to_have_text("You: Dana Okafor (Police)")
    mine = note_in(first, "pattern", text)
    mine.hover()
    expect(mine.get_by_role("button", name=re.compile("^Edit"))).to_be_visible()
    # The other tab's form, sent after she joined, does not make a second Dana either.
    second.get_by_label("Your name").fill("Dana Okafor")
    second.get_by_label("Your agency", exact=True).select_option("Police")
    second.get_by_role("button", name="Join the board").click()
    expect(second).to_have_url(re.compile(rf"/b/{board.id}$"))
    expect_live(second)
    mine = note_in(second, "pattern", text)
    mine.hover()
    expect(mine.get_by_role("button", name=re.compile("^Edit"))).to_be_visible()

    people = board.facilitator.locator("#people .people-list li", has_text="Dana Okafor")
    expect(people).to_have_count(1)
    expect(people).to_contain_text("online")


def test_a_long_paste_is_counted_refused_over_the_limit_and_never_cut(new_context: Any) -> None:
    _board, _projector, alice, bilal = open_meeting(new_context)
    form = alice.locator("#section-impact form.add-note")
    box = form.locator("#text-impact")
    sentence = "Jay said he hides in the wardrobe when dad shouts and mum is crying downstairs. "  # 80
    long_text = (sentence * 25).strip()
    assert len(long_text) == 1999
    box.focus()
    alice.keyboard.insert_text(long_text)  # as a paste does
    expect(box).to_have_value(long_text)  # every character kept
    counter = form.locator(".char-count")
    expect(counter).to_have_text("1,999 of 1,000 characters – 999 too many")
    assert "text-impact-count" in (box.get_attribute("aria-describedby") or "").split()
    expect(box).to_have_attribute("aria-invalid", "true")
    form.get_by_role("button", name="Add").click()
    error = form.locator(".form-error")
    expect(error).to_contain_text("at most 1,000")
    expect(error).to_contain_text("nothing you typed has been removed")
    expect(box).to_have_value(long_text)
    expect(alice.locator("#notes-impact li.note")).to_have_count(0)
    expect(bilal.locator("#notes-impact li.note")).to_have_count(0)
    # Shortened to the limit, it goes.
    short = long_text[:1000]
    box.fill(short)
    expect(counter).to_have_text("1,000 of 1,000 characters")
    form.get_by_role("button", name="Add").click()
    expect(box).to_have_value("")
    expect(counter).to_have_text("0 of 1,000 characters")
    expect(note_in(bilal, "impact", short[:60]).locator(".note-text")).to_have_text(short.strip())


def test_the_server_refuses_an_over_long_note_from_the_form_with_a_clear_message(new_context: Any) -> None:
    board, _projector, alice, _bilal = open_meeting(new_context)
    r = alice.request.post(
        f"/b/{board.id}/notes",
        form={"section": "pattern", "text": "x" * 2000},
        headers={"Origin": alice.evaluate("location.origin"), "HX-Request": "true"},
    )
    assert r.status == 422
    assert "at most 1000 characters; this one has 2000" in r.text()
    expect(alice.locator("#notes-pattern li.note")).to_have_count(0)


def test_a_removed_participant_s_page_is_cleared_and_says_so(new_context: Any) -> None:
    board, _projector, alice, bilal = open_meeting(new_context)
    text = "Bilal's note: M asked school not to share the new address with P"
    add_note(bilal, "impact", text)
    expect(note_in(alice, "impact", text)).to_have_count(1)
    fac = board.facilitator
    fac.once("dialog", lambda d: d.accept())
    fac.locator("#people li", has_text="Alice Ward").get_by_role("button", name=re.compile("^Remove")).click()
    expect(alice.get_by_role("heading", level=1)).to_have_text("You have been removed from this meeting")
    expect(alice.get_by_role("alert")).to_contain_text("cleared from this screen")
    # Gone from the page itself, not just hidden: no notes, no forms, no case title, no Add buttons.
    html = alice.content()
    for gone in (text, board.id, "CP case discussion", "add-note", "Perpetrator"):
        assert gone not in html, gone
    expect(alice.get_by_role("button", name="Add")).to_have_count(0)
    expect(fac.locator("#people li", has_text="Alice Ward")).to_have_count(0)
    # Bilal's board carries on.
    expect(note_in(bilal, "impact", text)).to_have_count(1)
    expect_live(bilal)


def test_removed_while_disconnected_the_page_is_cleared_when_it_comes_back(
    new_context: Any, live_server: LiveServer
) -> None:
    board, _projector, alice, _bilal = open_meeting(new_context)
    fac_token = token_from_link(board.facilitator_link)
    add_note(alice, "pattern", "Alice's note: P turned up at the refuge")
    live_server.stop()
    expect(alice.locator("#conn")).not_to_have_text("Live")
    # While her screen is disconnected, the facilitator removes her (another server, same database).
    side = live_server.side_server()
    auth = {"Authorization": f"Bearer {fac_token}"}
    people = httpx.get(f"{side.url}/api/boards/{board.id}", headers=auth, timeout=10).json()["participants"]
    pid = next(p["id"] for p in people if p["name"] == "Alice Ward")
    r = httpx.post(f"{side.url}/api/boards/{board.id}/participants/{pid}/remove", headers=auth, timeout=10)
    assert r.status_code == 200, r.text
    side.stop()
    live_server.start()
    expect(alice.get_by_role("heading", level=1)).to_have_text(
        "You can no longer open this board", timeout=RECONNECT_TIMEOUT_MS
    )
    assert "Alice's note" not in alice.content()
    expect(alice.get_by_role("button", name="Add")).to_have_count(0)


PHONE = {"width": 375, "height": 812}


def test_facilitator_named_confidential_explained_and_a_phone_reads_the_board(new_context: Any) -> None:
    fac_ctx = new_context(FACILITATOR_SCREEN)
    fac = fac_ctx.new_page()
    fac.goto("/")
    fac.get_by_label("Meeting title or case reference").fill("CP case discussion – ref 25/0007")
    fac.get_by_label("Your name").fill("Sam Reid")
    fac.get_by_label("Your role or agency").fill("S&T facilitator, Children's Social Work")
    fac.get_by_role("button", name="Create the board").click()
    join_link = fac.locator("#join-link").inner_text().strip()
    fac.get_by_role("link", name="Open the board").click()
    expect_live(fac)
    expect(fac.locator(".me")).to_have_text("You: Sam Reid")
    me = fac.locator("#people .people-list li", has_text="Sam Reid")
    expect(me).to_contain_text("S&T facilitator, Children's Social Work")
    add_note(fac, "pattern", "Facilitator's note: P's history abroad is not known")
    expect(note_in(fac, "pattern", "history abroad").locator(".author")).to_have_text("Sam Reid")

    # The contract's create call, unchanged, still works and names the facilitator as before.
    r = httpx.post(f"{fac.evaluate('location.origin')}/api/boards", json={"title": "API board"}, timeout=10)
    assert r.status_code == 201, r.text
    assert [p["name"] for p in r.json()["board"]["participants"] if p["role"] == "facilitator"] == ["Facilitator"]

    # A teacher on a phone.
    phone = new_context(PHONE).new_page()
    phone.goto(join_link)
    phone.get_by_label("Your name").fill("Tess Moore")
    phone.get_by_label("Your agency", exact=True).select_option("School")
    phone.get_by_role("button", name="Join the board").click()
    expect_live(phone)
    expect(phone.locator("#people .people-list li", has_text="Sam Reid")).to_contain_text("Children's Social Work")
    phone.screenshot(path=str(_art() / "participant-phone-top-375x812.png"))
    header = phone.locator("header.topbar").bounding_box()
    assert header is not None and header["height"] <= 0.15 * PHONE["height"], header
    # Confidential says who sees what, next to the box.
    form = phone.locator("#section-pattern form.add-note")
    conf = form.get_by_label("Confidential")
    expect(conf).to_be_visible()
    help_text = form.locator(".conf-help")
    expect(help_text).to_be_visible()
    expect(help_text).to_contain_text("the projector hides what it says")
    # The wording check's reason is there for a tap, not a hover.
    text = "Mum not coping, kids unkempt and she keeps letting him back"
    form.locator("#text-pattern").fill(text)
    form.get_by_role("button", name="Add").click()
    marker = note_in(phone, "pattern", text).locator(".flag-marker")
    expect(marker).to_be_visible()
    assert marker.get_attribute("title") is None
    reason = marker.locator(".flag-reason")
    expect(reason).to_be_hidden()
    marker.get_by_text("Wording check").click()
    expect(reason).to_be_visible()
    expect(reason).not_to_be_empty()
    box = reason.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    phone.screenshot(path=str(_art() / "participant-phone-375x812.png"))
    phone.screenshot(path=str(_art() / "participant-phone-375x812-full.png"), full_page=True)
    fac.set_viewport_size(LAPTOP)
    fac.screenshot(path=str(_art() / "facilitator-1366x768.png"))
