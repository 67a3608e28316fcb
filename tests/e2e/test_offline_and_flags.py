"""Notes typed while offline arrive once; a blaming note gets a private hint and reaches the
facilitator's flags panel, never the projector."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import RECONNECT_TIMEOUT_MS, LiveServer
from tests.e2e.test_board_flow import _art, add_note, expect_live, note_in, open_meeting

pytestmark = pytest.mark.e2e


def test_a_note_typed_while_the_server_is_down_arrives_once_everywhere(
    new_context: Any, live_server: LiveServer
) -> None:
    board, projector, alice, bilal = open_meeting(new_context)
    add_note(alice, "pattern", "P checks M's phone every evening")
    live_server.stop()
    expect(alice.locator("#conn")).not_to_have_text("Live", timeout=RECONNECT_TIMEOUT_MS)
    text = "Typed while offline: P drove off with the children's passports"
    alice.locator("#text-pattern").fill(text)
    alice.locator("#section-pattern form.add-note").get_by_role("button", name="Add").click()
    pending = alice.locator("#pending")
    expect(pending).to_be_visible()
    expect(pending).to_contain_text(text)
    expect(note_in(alice, "pattern", text)).to_have_count(0)  # not shown as saved before the server has it
    alice.screenshot(path=str(_art() / "participant-offline-pending-1366x768.png"))
    live_server.start()
    for page in (alice, bilal, projector, board.facilitator):
        expect_live(page, timeout=RECONNECT_TIMEOUT_MS)
        expect(note_in(page, "pattern", text)).to_have_count(1)
    expect(pending).to_be_hidden()
    alice.reload()
    expect_live(alice)
    expect(note_in(alice, "pattern", text)).to_have_count(1)


def test_blaming_note_hint_flags_panel_and_pivot_never_on_the_projector(new_context: Any) -> None:
    board, projector, alice, bilal = open_meeting(new_context)
    text = "Mum not coping, kids unkempt and she keeps letting him back"
    box = alice.locator("#text-impact")
    box.fill(text)
    hint = alice.locator("#hint-impact .hint-card")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("only you see this")
    assert "hint-impact" in (box.get_attribute("aria-describedby") or "").split()  # with the length counter
    expect(bilal.locator(".hint-card")).to_have_count(0)
    alice.screenshot(path=str(_art() / "participant-hint-1366x768.png"))
    alice.locator("#section-impact form.add-note").get_by_role("button", name="Add").click()
    expect(note_in(alice, "impact", text).locator(".flag-marker")).to_be_visible()
    expect(note_in(bilal, "impact", text)).to_have_count(1)
    expect(note_in(bilal, "impact", text).locator(".flag-marker")).to_have_count(0)

    fac = board.facilitator
    item = fac.locator("#flags .flag-item").first
    expect(item).to_contain_text(text)
    expect(item.locator("ol.pivot li")).to_have_count(3)
    item.locator("summary").click()  # the row opens for the pivot
    expect(item.locator("ol.pivot")).to_be_visible()
    item.get_by_role("button", name="Pivoted").click()
    expect(fac.locator("#flags .flag-item").first).to_contain_text(re.compile(r"Pivoted by Facilitator"))

    expect(note_in(projector, "impact", text)).to_have_count(1)
    expect(projector.locator(".flag-marker, .hint-card, #flags")).to_have_count(0)
    assert "Wording" not in projector.locator("body").inner_text()
    projector.screenshot(path=str(_art() / "projector-after-flag-1920x1080.png"))


def test_a_note_only_the_learned_layer_reads_gets_a_softer_flag_with_its_words_and_the_pivot(
    new_context: Any,
) -> None:
    """The model-only flag (issue 11): "may read as", the words that weighed most, the same pivot."""
    board, projector, alice, _bilal = open_meeting(new_context)
    text = "Mum has chosen the relationship over her children"
    add_note(alice, "impact", text)
    marker = note_in(alice, "impact", text).locator(".flag-marker")
    expect(marker).to_contain_text("Wording check (may read as)")
    fac = board.facilitator
    item = fac.locator("#flags .flag-item").first
    expect(item).to_contain_text(text)
    item.locator("summary").click()
    expect(item.locator(".flag-soft")).to_have_text("may read as")
    expect(item.locator(".flag-why")).to_contain_text("may read as if it")
    expect(item.locator(".flag-why")).to_contain_text("the words that weighed most were")
    expect(item.locator("ol.pivot li")).to_have_count(3)
    fac.screenshot(path=str(_art() / "facilitator-soft-flag-1366x768.png"))
    expect(projector.locator(".flag-marker, .flag-soft, #flags")).to_have_count(0)
