"""After the meeting, in real Chromium against a real server: a meeting closes, its review
meeting runs (actions marked, evidence, the room's rating) and closes, and the facilitator
downloads a referral summary that holds his behaviours and none of what must never reach him;
the minutes match the board; the change panel survives export and import.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import LAPTOP, LiveServer, token_from_link
from tests.e2e.test_board_flow import _art, add_note, create_board_via_ui, expect_live, join_via_link, note_in

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots/i13")
BEHAVIOURS = (
    "Adam punched Maria in the face on 3 October; Jay saw it from the stairs.",
    "Adam takes Maria's bank card on payday and gives her twenty pounds for food.",
)
UNTICKED = "Adam calls Maria a useless mother in front of the children."
LOCATION = "Maria and the children are staying at 12 Birch Close until the refuge place opens."
PROTECTIVE = "Maria takes Jay and Mia to her sister's whenever Adam starts drinking."
CONFIDENTIAL = "Maria disclosed that Adam forced her to have sex in August."
GOAL = "Adam to attend the Caledonian programme and stop checking Maria's phone."
NEW_THREAT = "Adam threatened to take Jay to Poland and not bring him back."
EVIDENCE = "Programme worker: he now admits the punch but not the money."
NEVER = ("12 Birch Close", "sister's whenever", "forced her", "useless mother")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)
    page.screenshot(path=str(_art() / name), full_page=True)


def api_note(base: str, board_id: str, token: str, section: str, text: str, **extra: Any) -> None:
    r = httpx.post(
        f"{base}/api/boards/{board_id}/notes",
        json={"section": section, "text": text, **extra},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert r.status_code == 201, r.text


def close_meeting(fac: Page) -> None:
    fac.once("dialog", lambda dialog: dialog.accept())
    fac.locator("#close-button").click()
    expect(fac.locator("#after-meeting")).to_be_visible()


def pdf_text(body: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())


def test_meeting_close_review_close_then_referral_minutes_and_export(
    new_context: Any, live_server: LiveServer, tmp_path: Path
) -> None:
    base = live_server.url
    board = create_board_via_ui(new_context)
    fac = board.facilitator
    fac_token = token_from_link(board.facilitator_link)
    alice = join_via_link(new_context, board, "Alice Ward", "Police")

    # ---- the first meeting ----
    for text in BEHAVIOURS:
        add_note(alice, "pattern", text)
    api_note(base, board.id, fac_token, "pattern", UNTICKED)
    api_note(base, board.id, fac_token, "impact", LOCATION)
    api_note(base, board.id, fac_token, "impact", PROTECTIVE, kind="protective")
    api_note(base, board.id, fac_token, "pattern", CONFIDENTIAL, confidential=True)
    api_note(base, board.id, fac_token, "impact", "Jay (6) wets the bed after call-outs.")
    api_note(base, board.id, fac_token, "practice", GOAL, kind="action", owner="CJSW", due="2026-11-30")
    expect(note_in(fac, "practice", GOAL)).to_have_count(1)
    close_meeting(fac)
    shot(fac, "closed-board-after-meeting-1440x900.png")
    problems = axe_violations(fac, "closed board with 'after the meeting'")

    # ---- the review meeting: new board, new code; the earlier map and the action come along ----
    fac.locator("#start-review-button").click()
    expect(fac.locator("#open-review")).to_be_visible()
    review_join = fac.locator("#review-join-link").inner_text().strip()
    assert review_join != board.join_link
    shot(fac, "review-started-1440x900.png")
    fac.locator("#open-review").click()
    expect(fac.locator("#review.review-panel")).to_be_visible()
    expect_live(fac)
    review_id = fac.evaluate("document.body.dataset.board")
    assert review_id != board.id
    expect(fac.locator("h1")).to_contain_text("– review 1")
    expect(fac.locator("#earlier-pattern .earlier-note", has_text=BEHAVIOURS[0])).to_have_count(1)
    expect(fac.locator("#earlier-pattern .earlier-note").first).to_contain_text("From the meeting on")
    expect(fac.locator("#notes-pattern li.note")).to_have_count(0)  # new notes are new
    expect(fac.locator("#review-changes")).to_contain_text("Actions overdue: 1")

    # Alice's old link stays on the closed board; she rejoins by the new code.
    alice.goto(f"/b/{board.id}")
    expect(alice.locator("body")).to_have_attribute("data-status", "closed")
    alice2 = new_context(LAPTOP).new_page()
    alice2.goto(review_join)
    alice2.get_by_label("Your name").fill("Alice Ward")
    alice2.get_by_label("Your agency", exact=True).select_option("Police")
    alice2.get_by_role("button", name="Join the board").click()
    expect(alice2).to_have_url(re.compile(rf"/b/{review_id}$"))
    expect_live(alice2)
    expect(alice2.locator("#review.review-panel")).to_be_visible()

    # Alice marks the action and adds evidence; the facilitator's screen follows live.
    row = alice2.locator(".review-actions tbody tr", has_text="Caledonian")
    row.locator("select").select_option("in_progress")
    row.locator("input[name=evidence]").fill("3 of 26 sessions attended")
    row.get_by_role("button", name="Save").click()
    expect(fac.locator(".review-actions tbody tr", has_text="Caledonian")).to_contain_text("In progress")
    alice2.locator("#ev-text-naming").fill(EVIDENCE)
    alice2.locator("#ev-form-naming").get_by_role("button", name="Add evidence").click()
    expect(alice2.locator("#ev-text-naming")).to_have_value("")
    expect(fac.locator("#ev-naming")).to_contain_text(EVIDENCE)
    expect(fac.locator("#ev-naming")).to_contain_text("Police")
    # The facilitator records the rating the room agrees.
    fac.locator("#cq-naming").get_by_label("Partly").check()
    fac.locator("#cq-naming").get_by_role("button", name="Record the rating").click()
    expect(alice2.locator("#rating-naming")).to_contain_text("Partly")
    # A new behaviour appears under "Since last time" on every screen.
    add_note(alice2, "pattern", NEW_THREAT)
    expect(fac.locator("#review-changes")).to_contain_text(NEW_THREAT)
    expect(fac.locator("#review-changes .new-kind").first).to_contain_text("Threats")
    shot(fac, "review-board-live-1440x900.png")
    problems += axe_violations(fac, "review board, facilitator")
    problems += axe_violations(alice2, "review board, participant")
    assert not [e for e in fac.casemap_errors if "favicon" not in e]  # type: ignore[attr-defined]
    close_meeting(fac)

    # ---- the referral summary from the closed review ----
    fac.locator("#referral-link").click()
    expect(fac.get_by_role("heading", name="Referral summary")).to_be_visible()
    form = fac.locator("form.referral-form")
    expect(form.get_by_label(BEHAVIOURS[0])).to_be_checked()
    expect(form.get_by_label(LOCATION)).to_have_count(0)  # never offered
    expect(form.get_by_label(PROTECTIVE)).to_have_count(0)
    form.get_by_label(UNTICKED).uncheck()
    shot(fac, "referral-preview-1440x900.png")
    problems += axe_violations(fac, "referral preview")
    with fac.expect_download() as download:
        form.get_by_role("button", name="Download PDF").click()
    pdf = download.value
    assert re.fullmatch(
        r"casemap-referral-cp-case-discussion-ref-24-0193-review-1-\d{4}-\d{2}-\d{2}\.pdf", pdf.suggested_filename
    )
    pdf.save_as(tmp_path / "referral.pdf")
    text = pdf_text((tmp_path / "referral.pdf").read_bytes())
    for expected in (*BEHAVIOURS, NEW_THREAT, GOAL, EVIDENCE, "Naming the behaviours: PARTLY"):
        assert expected in text, f"referral misses {expected!r}"
    leaked = [marker for marker in NEVER if marker in text]
    assert not leaked, f"the referral holds {leaked}"

    # ---- the minutes match the board ----
    fac.goto(f"/b/{review_id}")
    fac.locator("#minutes-link").click()
    expect(fac.locator("#minutes-status")).to_have_text("Draft")
    expect(fac.locator("#m-attendance")).to_have_value("Alice Ward – Police")
    expect(fac.locator("#m-points-pattern")).to_have_value(NEW_THREAT)
    expect(fac.locator("#m-earlier")).to_contain_text("In progress: 3 of 26 sessions attended")
    fac.locator("#m-next").fill("2027-03-01")
    shot(fac, "minutes-editor-1440x900.png")
    problems += axe_violations(fac, "minutes editor")
    fac.locator("#minutes-final").click()
    expect(fac.locator("#minutes-status")).to_have_text("Final")
    with fac.expect_download() as download:
        fac.locator("#minutes-downloads").get_by_role("link", name="Markdown").click()
    download.value.save_as(tmp_path / "minutes.md")
    minutes = (tmp_path / "minutes.md").read_text()
    for expected in ("Alice Ward (Police)", NEW_THREAT, "Partly", "Monday 1 March 2027", "Final minutes"):
        assert expected in minutes.replace("\\", ""), f"minutes miss {expected!r}"
    assert CONFIDENTIAL not in minutes and "12 Birch Close" not in minutes

    # ---- ratings and evidence survive export and import ----
    exported = fac.request.get(f"/api/boards/{review_id}/export?format=json")
    assert exported.ok
    made = httpx.post(f"{base}/api/boards/import", content=exported.body(), timeout=30,
                      headers={"Content-Type": "application/json"})  # fmt: skip
    assert made.status_code == 201, made.text
    copy = made.json()
    view = httpx.get(
        f"{base}/api/boards/{copy['board']['id']}/review",
        headers={"Authorization": f"Bearer {copy['facilitator_token']}"},
        timeout=10,
    ).json()
    naming = next(c for c in view["change"] if c["key"] == "naming")
    assert naming["rating"] == "partly" and [e["text"] for e in naming["evidence"]] == [EVIDENCE]
    assert [a["status"] for a in view["actions"]] == ["in_progress"]
    assert problems == [], "\n".join(problems)
