"""Staff sign-in in real headless Chromium: a facilitator signs in through the organisation's
identity provider (the real oidc-provider of tests/oidc), creates a board, signs out (here and at
the provider) and back in, and finds the board in My meetings. Screenshots land in
tests/e2e/artifacts/ (gitignored)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.a11y import axe_violations
from tests.e2e.conftest import FACILITATOR_SCREEN
from tests.oidc.harness import PASSWORD, Provider, casemap_env, start_provider
from tests.server import Server, free_port, start_server

pytestmark = pytest.mark.e2e

TITLE = "CP case discussion – ref 24/0207"


@dataclass
class Staff:
    server: Server
    op: Provider


@pytest.fixture
def staff(tmp_path: Path) -> Iterator[Staff]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    op = start_provider(tmp_path, [url])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)  # see tests/e2e/conftest.py _start
            server = start_server(f"sqlite:///{tmp_path / 'staff.db'}", tmp_path, port=port, env=casemap_env(op))
        try:
            yield Staff(server, op)
        finally:
            server.stop()
    finally:
        op.stop()


def provider_sign_in(page: Page, username: str) -> None:
    expect(page.get_by_role("heading", name="Sign in to the test provider")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"staff-{name}.png"), full_page=True)


def test_a_facilitator_signs_in_creates_a_board_signs_out_and_back_in_and_finds_it(
    browser: Any, staff: Staff, artifacts: Path
) -> None:
    ctx = browser.new_context(viewport=FACILITATOR_SCREEN, base_url=staff.server.url, locale="en-GB")
    errors: list[str] = []
    page = ctx.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto("/")
        expect(page.locator("#cannot-create")).to_contain_text("Sign in with your organisation's account")
        assert not axe_violations(page, "start page, signed out")
        page.get_by_role("link", name="Sign in with Northshire Council").click()
        provider_sign_in(page, "fay")

        # Back on the start page, signed in: the create form is there, no create key asked.
        expect(page.locator("#staff-bar")).to_contain_text("Signed in as Fay Okafor, Northshire Council")
        shot(page, artifacts, "1-start-signed-in")
        assert not axe_violations(page, "start page, signed in")
        page.get_by_label("Meeting title or case reference").fill(TITLE)
        page.locator("#pn0").fill("Adam")
        page.locator("#pn1").fill("Maria")
        page.get_by_role("button", name="Create the board").click()
        expect(page.get_by_role("heading", name="Your board is ready")).to_be_visible()
        expect(page.locator("#facilitator-help")).to_contain_text("My meetings")
        page.get_by_role("link", name="Open the board").click()
        expect(page).to_have_url(re.compile(r"/b/[0-9a-f]+$"))
        board_url = page.url
        expect(page.get_by_text(TITLE).first).to_be_visible()
        expect(page.locator("#people")).to_contain_text("Fay Okafor")
        shot(page, artifacts, "2-board")

        page.goto("/meetings")
        expect(page.locator(".meeting h3")).to_have_text([TITLE])
        shot(page, artifacts, "3-my-meetings")
        assert not axe_violations(page, "My meetings")

        # Signing out ends the session here and at the provider (RP-initiated logout).
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("button", name="Yes, sign me out").click()
        expect(page.get_by_role("heading", name="You are signed out")).to_be_visible()
        shot(page, artifacts, "4-signed-out")
        page.goto(board_url)
        expect(page.get_by_role("heading", name="You're not signed in to this board")).to_be_visible()

        # Back in: the provider asks for the password again, and the board is in My meetings.
        page.goto("/meetings")
        provider_sign_in(page, "fay")
        expect(page).to_have_url(re.compile(r"/meetings$"))
        expect(page.locator(".meeting h3")).to_have_text([TITLE])
        shot(page, artifacts, "5-my-meetings-again")
        page.get_by_role("link", name=re.compile("Open the board")).click()
        expect(page).to_have_url(board_url)
        expect(page.locator("#people")).to_contain_text("Fay Okafor")
        assert errors == []
    finally:
        ctx.close()


def test_staff_without_the_facilitator_role_join_with_their_name_filled_in(
    browser: Any, staff: Staff, artifacts: Path
) -> None:
    ctx = browser.new_context(viewport=FACILITATOR_SCREEN, base_url=staff.server.url, locale="en-GB")
    page = ctx.new_page()
    try:
        page.goto("/")
        page.get_by_role("link", name="Sign in with Northshire Council").click()
        provider_sign_in(page, "fay")
        page.get_by_label("Meeting title or case reference").fill("Strategy discussion")
        page.get_by_role("button", name="Create the board").click()
        code = page.locator(".join-code").inner_text().strip()
        join_link = page.locator("#join-link").inner_text().strip()
        other = browser.new_context(viewport=FACILITATOR_SCREEN, base_url=staff.server.url, locale="en-GB")
        try:
            pat = other.new_page()
            pat.goto("/")
            pat.get_by_role("link", name="Sign in with Northshire Council").click()
            provider_sign_in(pat, "pat")
            expect(pat.locator("#cannot-create")).to_contain_text("can join meetings but not start them")
            pat.goto(join_link)
            expect(pat.get_by_label("Your name")).to_have_value("Pat Singh")
            expect(pat.get_by_label("Your agency, if it is not listed")).to_have_value("Northshire Police")
            expect(pat.get_by_label("Join code")).to_have_value(code)
            shot(pat, artifacts, "6-join-filled-in")
            pat.get_by_role("button", name="Join the board").click()
            expect(pat).to_have_url(re.compile(r"/b/[0-9a-f]+$"))
        finally:
            other.close()
        page.goto("/meetings")
        page.get_by_role("link", name="History").click()
        expect(page.locator("table.history")).to_contain_text("signed in as pat.singh@northshire-police.example (oidc)")
        shot(page, artifacts, "7-history")
    finally:
        ctx.close()
