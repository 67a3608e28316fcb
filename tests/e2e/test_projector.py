"""The projector as the room sees it at 1920x1080: the whole map (every note, on one screen or on
pages that turn), nothing smaller than a floor readable at 4 m, focus that enlarges its section,
a join box that steps aside once people are in, and a closed meeting with no way in."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import api_board
from tests.e2e.conftest import PROJECTOR, LiveServer, api_add_note
from tests.e2e.projector_case import CONFIDENTIAL_TEXT, NOTES, post_case
from tests.e2e.test_board_flow import _art, expect_live

pytestmark = pytest.mark.e2e

FLOOR_PX = 20  # no text on the projector is smaller than this at 1920x1080

# Every element that shows text of its own, visible, with its computed size (visually-hidden
# text for screen readers is 1px wide and clipped: it is not on the screen).
SMALL_TEXT = """(floor) => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || !el.checkVisibility({visibilityProperty: true})) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const what = `${el.tagName.toLowerCase()}.${el.className}: ${size}px`;
    if (size < floor) out.push(`${what} "${el.textContent.trim().slice(0, 40)}"`);
  }
  return out;
}"""

# The notes on screen now: text, box, the box of their list (what clips them), type size.
SHOWN = """() => [...document.querySelectorAll('.present-board li.note')].filter(li => li.checkVisibility()).map(li => {
  const t = li.querySelector('.note-text'), r = li.getBoundingClientRect();
  const ul = li.parentElement.getBoundingClientRect();
  return {text: t.textContent.trim(), size: parseFloat(getComputedStyle(t).fontSize),
          box: [r.left, r.top, r.right, r.bottom], list: [ul.left, ul.top, ul.right, ul.bottom]};
})"""


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def open_projector(new_context: Any, url: str) -> Page:
    page = new_context(PROJECTOR).new_page()
    page.goto(url)
    expect_live(page)
    return page


def pages_now(page: Page) -> int:
    return int(
        page.evaluate(
            "Math.max(1, ...[...document.querySelectorAll('.present-board .section')]"
            ".map(s => Number(s.dataset.pages || 1)))"
        )
    )


def test_the_projector_shows_every_one_of_40_notes_readably_at_1920x1080(
    new_context: Any, live_server: LiveServer
) -> None:
    made = api_board(live_server.url, title="CP case discussion – Marketa and Aleksander")
    post_case(live_server.url, made)
    projector = open_projector(new_context, made["present_url"])
    expect(projector.locator(".present-board li.note")).to_have_count(len(NOTES))

    # A confidential note never reaches the projector, not even as a placeholder.
    assert CONFIDENTIAL_TEXT not in projector.content()
    expect(projector.locator(".present-board .conf-label, .present-board .withheld")).to_have_count(0)
    small = projector.evaluate(SMALL_TEXT, FLOOR_PX)
    assert not small, f"text under {FLOOR_PX}px on the projector: {small}"

    seen: dict[str, float] = {}
    turns = pages_now(projector)
    assert turns <= 4, f"{turns} pages: the room waits too long to see the whole map"
    for i in range(turns):
        projector.screenshot(path=str(_art() / f"projector-40-notes-page-{i + 1}-1920x1080.png"))
        for n in projector.evaluate(SHOWN):
            left, top, right, bottom = n["box"]
            _, l_top, _, l_bottom = n["list"]
            assert 0 <= left and right <= 1920 and 0 <= top and bottom <= 1080, f"off screen: {n}"
            assert top >= l_top - 1 and bottom <= l_bottom + 1, f"cut off by its section: {n}"
            assert n["size"] >= FLOOR_PX, f"too small to read at 4 m: {n}"
            seen[n["text"]] = n["size"]
        assert not projector.evaluate(SMALL_TEXT, FLOOR_PX)
        projector.keyboard.press("ArrowRight")  # whoever runs the projector can turn the pages
    missing = [body["text"] for _, body in NOTES if body["text"] not in seen]
    assert not missing, f"{len(missing)} notes never shown: {missing}"
    # The pager says where the room is, and the pages turn by themselves.
    pager = projector.locator(".pager:visible").first
    if turns > 1:
        expect(pager).to_contain_text(re.compile(r"Page \d of \d"))
        section = projector.locator(".present-board .section[data-pages]").first
        before = section.get_attribute("data-page")
        expect(section).not_to_have_attribute("data-page", before or "0", timeout=16_000)
    assert not projector.casemap_errors  # type: ignore[attr-defined]


def test_a_new_note_comes_into_view_at_once_and_old_ones_stay_reachable(
    new_context: Any, live_server: LiveServer
) -> None:
    made = api_board(live_server.url, title="Busy pattern")
    token, bid = made["facilitator_token"], made["board"]["id"]
    projector = open_projector(new_context, made["present_url"])
    for i in range(14):
        api_add_note(
            live_server.url,
            bid,
            token,
            "pattern",
            f"Pattern note {i}: he checks her phone every evening and takes her bank card.",
        )
        newest = projector.locator("#notes-pattern li.note", has_text=f"Pattern note {i}:")
        expect(newest).to_be_visible()  # the page with the newest note comes up
    expect(projector.locator("#notes-pattern li.note")).to_have_count(14)
    section = projector.locator("#section-pattern")
    expect(section).to_have_attribute("data-pages", re.compile(r"[2-9]"))
    shown: set[str] = set()
    for _ in range(int(section.get_attribute("data-pages") or 1)):
        shown |= {t.strip() for t in projector.locator("#notes-pattern li.note:visible .note-text").all_inner_texts()}
        projector.keyboard.press("ArrowRight")
    assert len(shown) == 14


def test_focus_enlarges_the_chosen_section(new_context: Any, live_server: LiveServer) -> None:
    made = api_board(live_server.url, title="Focus")
    post_case(live_server.url, made)
    projector = open_projector(new_context, made["present_url"])

    def area(key: str) -> float:
        box = projector.locator(f"#section-{key}").bounding_box()
        assert box
        return float(box["width"] * box["height"])

    assert abs(area("impact") - area("pattern")) < 0.05 * area("pattern")
    r = httpx.post(
        f"{live_server.url}/api/boards/{made['board']['id']}/focus",
        json={"section": "impact"},
        headers=auth(made["facilitator_token"]),
        timeout=10,
    )
    assert r.status_code == 200, r.text
    expect(projector.locator("#section-impact")).to_have_class(re.compile(r"\bfocused\b"))
    expect(projector.locator("#section-impact .focus-tag")).to_be_visible()
    projector.wait_for_function("() => document.querySelector('#section-impact').getBoundingClientRect().width > 900")
    assert area("impact") > 1.8 * area("factors"), "the section in focus is not enlarged"
    assert area("impact") > 1.3 * area("pattern")
    shown_focus = projector.locator("#notes-impact li.note:visible").count()
    shown_other = projector.locator("#notes-factors li.note:visible").count()
    assert shown_focus > shown_other
    # The facilitator puts the open questions up too: still nothing under the floor.
    r = httpx.post(
        f"{live_server.url}/api/boards/{made['board']['id']}/show-gaps",
        json={"show": True},
        headers=auth(made["facilitator_token"]),
        timeout=10,
    )
    assert r.status_code == 200, r.text
    expect(projector.locator(".present-gaps")).to_be_visible()
    expect(projector.locator(".present-gaps li.gap").first).to_be_visible()
    assert not projector.evaluate(SMALL_TEXT, FLOOR_PX)
    side = projector.locator(".present-side").evaluate("el => [el.scrollHeight, el.clientHeight]")
    assert side[0] <= side[1] + 1, f"the side runs off the bottom of the screen: {side}"
    projector.screenshot(path=str(_art() / "projector-40-notes-focus-impact-1920x1080.png"))


def test_the_join_box_shrinks_once_people_have_joined(new_context: Any, live_server: LiveServer) -> None:
    made = api_board(live_server.url, title="Joining")
    projector = open_projector(new_context, made["present_url"])
    qr = projector.locator(".join-box .qr svg")
    box = qr.bounding_box()
    assert box and box["width"] >= 250, "before anyone joins, the QR code is big enough to scan from the room"
    projector.screenshot(path=str(_art() / "projector-empty-1920x1080.png"))
    r = httpx.post(
        f"{live_server.url}/api/boards/{made['board']['id']}/join",
        json={"join_code": made["join_code"], "name": "Dana Whitfield", "agency": "SW"},
        timeout=10,
    )
    assert r.status_code == 201, r.text
    expect(projector.locator("#people")).to_contain_text("Dana Whitfield")
    projector.wait_for_function(
        "() => document.querySelector('.join-box .qr svg').getBoundingClientRect().width <= 160"
    )
    expect(projector.locator(".join-code")).to_have_text(made["join_code"])  # the code still shows, for latecomers
    board = projector.locator(".present-board").bounding_box()
    join = projector.locator(".join-box").bounding_box()
    assert board and join and join["height"] <= 200
    assert not projector.evaluate(SMALL_TEXT, FLOOR_PX)


def test_a_closed_meeting_projector_has_no_way_in_and_no_focus(new_context: Any, live_server: LiveServer) -> None:
    made = api_board(live_server.url, title="Closing")
    token, bid = made["facilitator_token"], made["board"]["id"]
    api_add_note(live_server.url, bid, token, "pattern", "He took her keys and phone before each call-out.")
    assert (
        httpx.post(
            f"{live_server.url}/api/boards/{bid}/focus", json={"section": "pattern"}, headers=auth(token), timeout=10
        ).status_code
        == 200
    )
    projector = open_projector(new_context, made["present_url"])
    expect(projector.locator(".join-box .qr svg")).to_be_visible()
    expect(projector.locator("#section-pattern .focus-tag")).to_be_visible()
    closed = projector.locator(".closed-box")
    expect(closed).to_be_hidden()

    assert httpx.post(f"{live_server.url}/api/boards/{bid}/close", headers=auth(token), timeout=10).status_code == 200

    def check(page: Page) -> None:
        expect(page.locator("body")).to_have_attribute("data-status", "closed")
        expect(page.locator(".closed-box")).to_be_visible()
        expect(page.locator(".closed-box")).to_contain_text("The meeting is closed")
        expect(page.locator(".qr, .join-box, .join-code")).to_have_count(0)  # gone, not just hidden
        assert made["join_code"] not in page.content()
        expect(page.locator(".focus-tag:visible")).to_have_count(0)
        color = page.locator("#section-pattern").evaluate("el => getComputedStyle(el).boxShadow")
        assert color == "none", "a closed meeting has no section in focus"
        expect(page.locator("#notes-pattern li.note")).to_have_count(1)  # the map itself stays
        assert not page.evaluate(SMALL_TEXT, FLOOR_PX)

    check(projector)  # live, without a reload
    projector.screenshot(path=str(_art() / "projector-closed-1920x1080.png"))
    projector.reload()
    expect_live(projector)
    check(projector)


def test_a_note_marked_confidential_leaves_the_projector_at_once(new_context: Any, live_server: LiveServer) -> None:
    made = api_board(live_server.url, title="Confidential later")
    token, bid = made["facilitator_token"], made["board"]["id"]
    note = api_add_note(live_server.url, bid, token, "impact", "M is staying at her sister's on Rowan Street for now")
    projector = open_projector(new_context, made["present_url"])
    expect(projector.locator("#notes-impact li.note")).to_have_count(1)
    r = httpx.patch(
        f"{live_server.url}/api/boards/{bid}/notes/{note['id']}",
        json={"version": note["version"], "confidential": True},
        headers=auth(token),
        timeout=10,
    )
    assert r.status_code == 200, r.text
    expect(projector.locator("#notes-impact li.note")).to_have_count(0)
    expect(projector.locator("#section-impact .empty")).to_be_visible()
    assert "Rowan Street" not in projector.content()
