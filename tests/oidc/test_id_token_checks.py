"""Sign-ins that must fail, against the real provider.

Driven through the real flow (the provider behaves correctly; the browser or the network does
not): a state that is not ours or comes back in another browser, a replayed code, a code swapped
between two sign-ins, an answer naming another issuer, a provider whose clock runs ten minutes
behind (so every ID token it signs is already expired), a provider that calls itself by another
issuer than the one configured.

Crafted, because a correct provider cannot be made to produce them: the provider's own test
middleware (provider.mjs, /__test/tamper) rewrites the ID token in its token response - wrong
issuer, wrong audience and wrong nonce re-signed with the provider's own key; a signature by
another key under the provider's key id; "alg": "none"; HMAC with the client secret.

Every case checks what a person would notice: the "not signed in" page, no session cookie, no
session on the server. A control after each crafted case signs in fine once the provider behaves.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.oidc.harness import Provider, answer, begin, provider_login, query, running_provider, sign_in


def sessions_in(db_url: str) -> int:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM staff_session")).scalar_one())
    finally:
        engine.dispose()


def assert_refused(client: Any, response: Any, db_url: str, *, expect: str = "You are not signed in") -> None:
    assert response.status_code in (400, 502), (response.status_code, response.text[:300])
    assert expect in response.text
    assert "cm_staff" not in response.headers.get("set-cookie", "")
    assert client.get("/api/me").status_code == 401
    assert sessions_in(db_url) == 0


@pytest.fixture
def untampered(op: Provider) -> Iterator[Provider]:
    yield op
    op.tamper(None)


CRAFTED = {
    # mode: the reason Casemap logs (the person sees one plain sentence for all of them)
    "wrong_issuer": "id_token_invalid_claim_iss",
    "wrong_audience": "id_token_invalid_claim_aud",
    "wrong_nonce": "id_token_invalid_claim_nonce",
    "bad_signature": "id_token_bad_signature",
    "alg_none": "id_token_unsupported_algorithm",
    "hs256": "id_token_unsupported_algorithm",
}


@pytest.mark.parametrize("mode", list(CRAFTED))
def test_a_crafted_id_token_is_refused(
    untampered: Provider, make_client: Any, sqlite_url: str, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="casemap.auth")
    client = make_client(sqlite_url, untampered)
    untampered.tamper(mode)
    assert_refused(client, sign_in(client, "fay").response, sqlite_url)
    assert f"sign-in refused for provider oidc: {CRAFTED[mode]}" in caplog.text
    untampered.tamper(None)
    assert sign_in(client, "fay").response.status_code == 303
    assert client.get("/api/me").json()["name"] == "Fay Okafor"


def test_an_expired_id_token_from_a_provider_whose_clock_is_behind_is_refused(
    make_client: Any, sqlite_url: str, tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="casemap.auth")
    # Ten minutes behind, ID tokens valid for 60 s: expired by 9 minutes, far beyond the 60 s leeway.
    with running_provider(tmp_path, ["http://testserver"], clock_offset=-600) as late:
        client = make_client(sqlite_url, late)
        assert_refused(client, sign_in(client, "fay").response, sqlite_url)
    assert "sign-in refused for provider oidc: id_token_expired_token" in caplog.text


def test_a_provider_that_calls_itself_by_another_issuer_is_not_used(
    make_client: Any, sqlite_url: str, tmp_path: Any
) -> None:
    with running_provider(tmp_path, ["http://testserver"], issuer="http://localhost:{port}") as op:
        # Casemap is told the provider is http://127.0.0.1:port; its discovery document says localhost.
        client = make_client(sqlite_url, op, CASEMAP_OIDC_ISSUER=op.url)
        r = client.get("/auth/login?provider=oidc", follow_redirects=False)
    assert r.status_code == 502 and "issuer mismatch" in r.text
    assert "location" not in r.headers
    assert client.get("/api/me").status_code == 401


def test_a_state_that_is_not_ours_is_refused(op: Provider, make_client: Any, sqlite_url: str) -> None:
    client = make_client(sqlite_url, op)
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        callback = provider_login(browser, begin(client), "fay")
    state = query(callback)["state"]
    forged = callback.replace(f"state={state}", "state=forged-state-value")
    assert_refused(client, answer(client, forged), sqlite_url)
    # Without a state at all, likewise.
    assert_refused(client, answer(client, callback.replace(f"&state={state}", "")), sqlite_url)


def test_an_answer_opened_in_another_browser_is_refused(op: Provider, make_client: Any, sqlite_url: str) -> None:
    """Login CSRF: someone hands you their own sign-in answer. It is bound to the browser that
    started it (the cm_login cookie), so it signs nobody in elsewhere - and is used up."""
    mine = make_client(sqlite_url, op)
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        callback = provider_login(browser, begin(mine), "fay")
    victim = make_client(sqlite_url, op)
    assert_refused(victim, answer(victim, callback), sqlite_url)
    assert_refused(mine, answer(mine, callback), sqlite_url, expect="already used")


def test_a_replayed_answer_and_a_replayed_code_are_refused(op: Provider, make_client: Any, sqlite_url: str) -> None:
    client = make_client(sqlite_url, op)
    first = sign_in(client, "fay")
    assert first.response.status_code == 303
    # The same answer again: its state is used up.
    other = make_client(sqlite_url, op)
    assert answer(other, first.callback).status_code == 400
    # The same code under a fresh state of this browser: the provider refuses to exchange it twice
    # (and the new PKCE verifier does not match it either).
    fresh = query(begin(other))["state"]
    replay = first.callback.replace(f"state={query(first.callback)['state']}", f"state={fresh}")
    r = answer(other, replay)
    assert r.status_code == 400 and "cm_staff" not in r.headers.get("set-cookie", "")
    assert other.get("/api/me").status_code == 401
    # The honest session is unharmed.
    assert client.get("/api/me").status_code == 200


def test_a_code_swapped_between_two_sign_ins_is_refused(
    op: Provider, make_client: Any, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Two sign-ins started in one browser; the first one's code comes back with the second one's
    state. PKCE ties the code to the first verifier, so the provider will not exchange it."""
    caplog.set_level(logging.WARNING, logger="casemap.auth")
    client = make_client(sqlite_url, op)
    first, second = begin(client), begin(client)
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        callback = provider_login(browser, first, "fay")
    swapped = callback.replace(f"state={query(callback)['state']}", f"state={query(second)['state']}")
    assert_refused(client, answer(client, swapped), sqlite_url)
    assert "token_error_invalid_grant" in caplog.text


def test_an_answer_naming_another_issuer_is_refused(op: Provider, make_client: Any, sqlite_url: str) -> None:
    """RFC 9207: the provider names itself in its answer (iss); a mix-up with another is refused."""
    client = make_client(sqlite_url, op)
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        callback = provider_login(browser, begin(client), "fay")
    iss = query(callback)["iss"]
    mixed = callback.replace(str(httpx.QueryParams({"iss": iss})), "iss=https%3A%2F%2Fidp.evil.example")
    assert "idp.evil.example" in mixed
    assert_refused(client, answer(client, mixed), sqlite_url)
