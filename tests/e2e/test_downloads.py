"""Closing the meeting and taking the map away, in a real browser against a real server.

The facilitator closes the meeting from her screen; the participant's screen turns read-only
at once; the download links appear and give real files: a PDF with the notes in it and a
redacted Markdown copy without the confidential note.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.test_board_flow import _art, add_note, create_board_via_ui, join_via_link, note_in

pytestmark = pytest.mark.e2e

OPEN_NOTE = "Adam waits outside the school gates on days he is not allowed contact."
SECRET = "Maria and the children are staying at 12 Birch Close until the refuge place opens."


def test_closing_the_meeting_offers_downloads_that_hold_the_map(new_context: Any, tmp_path: Path) -> None:
    board = create_board_via_ui(new_context)
    fac = board.facilitator
    alice = join_via_link(new_context, board, "Alice Ward", "Police")
    add_note(alice, "pattern", OPEN_NOTE)
    form = fac.locator("#section-impact form.add-note")
    form.locator("#text-impact").fill(SECRET)
    form.get_by_label("Confidential").check()
    form.get_by_role("button", name="Add").click()
    expect(note_in(fac, "impact", SECRET)).to_have_count(1)

    remove_alice = fac.locator("#people").get_by_role("button", name="Remove Alice Ward")
    make_action = fac.locator("#gaps .gap-act").first
    expect(remove_alice).to_be_visible()
    expect(make_action).to_be_visible()

    fac.once("dialog", lambda dialog: dialog.accept())
    fac.locator("#close-button").click()
    downloads = fac.locator("#downloads")
    expect(downloads).to_be_visible()
    # A closed meeting offers nothing that would only be refused: no removing, no new actions.
    expect(remove_alice).to_be_hidden()
    expect(make_action).to_be_hidden()
    # The participant's screen turns read-only without a reload.
    expect(alice.locator("body")).to_have_attribute("data-status", "closed")
    expect(alice.locator("#text-pattern")).to_be_disabled()
    expect(alice.locator("#status-banner")).to_contain_text("closed")

    with fac.expect_download() as pdf_download:
        downloads.get_by_role("link", name="PDF", exact=True).click()
    pdf = pdf_download.value
    assert re.fullmatch(r"casemap-cp-case-discussion-ref-24-0193-\d{4}-\d{2}-\d{2}\.pdf", pdf.suggested_filename)
    pdf.save_as(tmp_path / "map.pdf")
    body = (tmp_path / "map.pdf").read_bytes()
    assert body.startswith(b"%PDF-")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages).split())
    assert "Adam waits outside the school gates" in text
    assert "OFFICIAL-SENSITIVE" in text

    with fac.expect_download() as md_download:
        downloads.get_by_role("link", name="redacted Markdown").click()
    md = md_download.value
    assert md.suggested_filename.endswith("-redacted.md")
    md.save_as(tmp_path / "map.md")
    markdown = (tmp_path / "map.md").read_text()
    assert OPEN_NOTE in markdown
    assert "12 Birch Close" not in markdown
    assert "1 confidential note is left out" in markdown
    fac.screenshot(path=str(_art() / "closed-with-downloads-1440x900.png"), full_page=True)
