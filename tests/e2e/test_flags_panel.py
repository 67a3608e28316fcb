"""The facilitator's flags panel in the middle of a meeting: compact rows, newest first, a row
opens for the pivot (and stays open while notes keep arriving), and "Go to note" takes her, by
mouse or keyboard, to the note on a long board."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import api_board, focus_is_visible, tab_to
from tests.e2e.conftest import FACILITATOR_SCREEN, LiveServer
from tests.e2e.projector_case import post_case
from tests.e2e.test_board_flow import _art, expect_live

pytestmark = pytest.mark.e2e

# Posted in this order, a minute of meeting apart: the last is the newest.
BLAMING = [
    ("impact", "Mum not coping, kids unkempt and she keeps letting him back"),
    ("practice", "M not engaging with services, DNA x3"),
    ("impact", "Mum unable to keep the kids safe from dad"),
]


def in_viewport(page: Page, selector: str) -> bool:
    return bool(
        page.evaluate(
            """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                return r.top >= 0 && r.bottom <= window.innerHeight; }""",
            selector,
        )
    )


def row_of(page: Page, note_id: str) -> Any:
    return page.locator(f"#flags li.flag-item:has(.flag-jump[data-note='{note_id}'])")


def post(base: str, bid: str, token: str, section: str, text: str) -> dict[str, Any]:
    r = httpx.post(
        f"{base}/api/boards/{bid}/notes",
        json={"section": section, "text": text},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_flags_panel_rows_newest_first_expand_for_the_pivot_and_jump_to_the_note(
    new_context: Any, live_server: LiveServer
) -> None:
    made = api_board(live_server.url, title="Flags mid-meeting")
    bid = made["board"]["id"]
    tokens = post_case(live_server.url, made)  # a long board: 40 notes
    # The 40 notes are meant to be fine, but the learned layer may softly flag one or two (its
    # precision is measured by `make eval`, not here): the panel shows those too, older.
    case = httpx.get(
        f"{live_server.url}/api/boards/{bid}", headers={"Authorization": f"Bearer {made['facilitator_token']}"}
    ).json()
    earlier = sum(len(n["flags"]) for n in case["notes"])
    assert earlier <= 2, [n["text"] for n in case["notes"] if n["flags"]]
    ids = [post(live_server.url, bid, tokens["SW"], s, t)["id"] for s, t in BLAMING]

    fac = new_context(FACILITATOR_SCREEN).new_page()
    fac.goto(made["facilitator_url"])
    expect_live(fac)
    rows = fac.locator("#flags > .flags-list > li.flag-item")
    expect(rows).to_have_count(earlier + len(BLAMING))
    # Newest first.
    for row, (_, text) in zip(rows.all()[: len(BLAMING)], reversed(BLAMING), strict=True):
        expect(row.locator(".flag-note")).to_contain_text(text)
    # Compact: a row is its category, the note and who wrote it; the pivot waits behind it.
    for row in rows.all():
        box = row.bounding_box()
        assert box and box["height"] <= 120, f"a flag row takes {box and box['height']}px"
        expect(row.locator("ol.pivot")).to_be_hidden()
    fac.locator("#flags").screenshot(path=str(_art() / "flags-panel-compact-1440x900.png"))

    # Keyboard: Tab to the newest row, Enter opens it: the why and the three pivot steps.
    fac.locator("#focus-select").focus()  # the sidebar's first control, past the 40 notes
    tab_to(fac, "#flags > .flags-list > li.flag-item summary")
    assert focus_is_visible(fac)
    fac.keyboard.press("Enter")
    first = rows.first
    expect(first.locator("ol.pivot li")).to_have_count(3)
    for step in first.locator("ol.pivot li").all():
        expect(step).to_be_visible()
    expect(first.locator(".flag-why")).to_be_visible()
    # She starts typing a reason to keep it; notes keep arriving; the row stays open, her words
    # stay typed and her focus stays in the box.
    fac.keyboard.press("Tab")
    expect(first.get_by_role("button", name="Pivoted")).to_be_focused()
    fac.keyboard.press("Tab")
    expect(first.locator("input[name=reason]")).to_be_focused()
    fac.keyboard.type("Her words, quoted")
    post(live_server.url, bid, tokens["Police"], "pattern", "He followed her to the GP surgery on 3/12")
    post(live_server.url, bid, tokens["HV"], "pattern", "Volatile relationship, parents fighting again")
    expect(rows).to_have_count(earlier + len(BLAMING) + 1)
    first = row_of(fac, ids[-1])
    expect(first.locator("ol.pivot")).to_be_visible()
    expect(first.locator("input[name=reason]")).to_have_value("Her words, quoted")
    expect(first.locator("input[name=reason]")).to_be_focused()
    fac.locator("#flags").screenshot(path=str(_art() / "flags-panel-open-1440x900.png"))

    # Go to note, by keyboard: the oldest flagged note, far down a long board, comes into view
    # with focus on it.
    oldest = fac.locator("#flags .flag-jump", has_text=BLAMING[0][1][:20]).first
    assert not in_viewport(fac, f"#note-{ids[0]}")
    oldest.focus()
    fac.keyboard.press("Enter")
    expect(fac.locator(f"#note-{ids[0]}")).to_be_focused()
    fac.wait_for_function(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        arg=f"#note-{ids[0]}",
    )
    expect(fac.locator(f"#note-{ids[0]}")).to_have_class(re.compile(r"\bflag-target\b"))
    fac.screenshot(path=str(_art() / "flags-panel-jumped-1440x900.png"))

    # Pivoted: the row leaves the open list for "Dealt with", and says who did it.
    row = row_of(fac, ids[0])
    row.locator("summary").click()
    row.get_by_role("button", name="Pivoted").click()
    expect(fac.locator("#flags > .flags-list > li.flag-item")).to_have_count(earlier + len(BLAMING))
    done = fac.locator("#flags .flags-done")
    expect(done.locator("> summary")).to_have_text("Dealt with (1)")
    expect(done).to_contain_text("Pivoted by Facilitator")
    assert not fac.casemap_errors  # type: ignore[attr-defined]
