"""A gap the plan will find out, in a real browser: the facilitator turns the history gap into
an action from her gaps panel, and the gap moves from the open questions to a calm "Being found
out" list with the action's words, on her screen and on the projector, readable and accessible."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import api_add_note, token_from_link
from tests.e2e.test_board_flow import _art, create_board_via_ui, open_projector

pytestmark = pytest.mark.e2e

HISTORY_Q = "What do we know about his history, here or abroad?"
ASK = "Police to ask Polish police about his offending history"


def test_an_action_from_the_gaps_panel_moves_the_gap_to_being_found_out(new_context: Any, live_server: Any) -> None:
    board = create_board_via_ui(new_context)
    fac = board.facilitator
    projector = open_projector(new_context, board)
    token = token_from_link(board.facilitator_link)
    for section, text in [
        ("pattern", "Adam punched Maria on 2/3 and takes her bank card"),
        ("pattern", "Adam shouts at Jay and calls him stupid"),
        ("impact", "Jay (6) told his teacher 'daddy hurts mummy'"),
    ]:
        api_add_note(live_server.url, board.id, token, section, text)
    open_gaps = fac.locator("#gaps ul.gaps-list:not(.gaps-found-out)")
    history = open_gaps.locator("li.gap", has_text=HISTORY_Q)
    expect(history).to_have_count(1)
    expect(fac.locator("#gaps .gaps-found-out")).to_have_count(0)

    history.locator("summary", has_text="Make it an action").click()
    history.get_by_label("Owning agency").fill("Police")
    history.get_by_label("Action (optional)").fill(ASK)
    history.get_by_role("button", name="Add to the plan").click()

    found_out = fac.locator("#gaps ul.gaps-found-out li.gap", has_text=HISTORY_Q)
    expect(found_out).to_contain_text(f"Being found out: {ASK}")
    expect(open_gaps.locator("li.gap", has_text=HISTORY_Q)).to_have_count(0)
    expect(fac.locator("#gaps h3", has_text="Being found out")).to_be_visible()
    assert found_out.locator("form").count() == 0  # nothing more to do with it until answered
    fac.locator("#gaps").screenshot(path=str(_art() / "gaps-being-found-out-facilitator.png"))
    problems = axe_violations(fac, "facilitator board, a gap being found out")

    fac.get_by_role("button", name="Show gaps on the projector").click()
    on_projector = projector.locator("#gaps ul.gaps-found-out li.gap", has_text=HISTORY_Q)
    expect(on_projector).to_contain_text(f"Being found out: {ASK}")
    sizes = on_projector.evaluate(
        "li => [...li.querySelectorAll('span')].map(s => parseFloat(getComputedStyle(s).fontSize))"
    )
    assert sizes and min(sizes) >= 20, sizes  # read from the back of the room
    projector.screenshot(path=str(_art() / "gaps-being-found-out-projector.png"))
    problems += axe_violations(projector, "projector, a gap being found out", aaa=True)
    assert problems == []
