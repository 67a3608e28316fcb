"""Staff sign-in against a real OpenID provider (tests/oidc/provider.mjs): what a facilitator,
a co-facilitator and a member of staff without the facilitator role can do, sessions and
sign-out. Casemap runs in-process; the provider is a real server the browser (httpx) visits."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from app.db import normalise_url
from app.models import utcnow
from tests.oidc.conftest import ORIGIN, posted
from tests.oidc.harness import CLIENT_ID, sign_in

FAMILY = [{"name": "Adam", "role": "perpetrator"}, {"name": "Maria", "role": "survivor"}]


def make_board(client: Any, title: str = "CP case discussion 24/0193") -> dict[str, Any]:
    r = posted(client, "/api/boards", json={"title": title, "family": FAMILY})
    assert r.status_code == 201, r.text
    return dict(r.json())


def sql(db_url: str, statement: str, **params: Any) -> list[Any]:
    engine = create_engine(normalise_url(db_url))
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def test_a_facilitator_signs_in_creates_a_board_and_finds_it_in_my_meetings(
    op: Any, make_client: Any, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    client = make_client(db_url, op)
    signed = sign_in(client, "fay")
    assert signed.response.status_code == 303 and signed.response.headers["location"] == "/meetings"
    me = client.get("/api/me").json()
    assert me == {
        "name": "Fay Okafor",
        "organisation": "Northshire Council",
        "identity": "fay.okafor@northshire.example (oidc)",
        "provider": "oidc",
        "facilitator": True,
    }
    made = make_board(client)
    bid = made["board"]["id"]
    # The board is hers: listed, and opened with no link or board cookie, only her session.
    page = client.get("/meetings")
    assert page.status_code == 200 and "CP case discussion 24/0193" in page.text and made["join_code"] in page.text
    assert [m["id"] for m in client.get("/api/me/meetings").json()] == [bid]
    assert not any(name.startswith("cm_") and name != "cm_staff" for name in client.cookies)
    board = client.get(f"/b/{bid}")
    assert board.status_code == 200 and "CP case discussion 24/0193" in board.text
    # She runs it under her own name and organisation; the audit trail names her identity.
    fac = next(
        p
        for p in client.get(
            f"/api/boards/{bid}", headers={"Authorization": "Bearer " + made["facilitator_token"]}
        ).json()["participants"]
        if p["role"] == "facilitator"
    )
    assert (fac["name"], fac["agency"]) == ("Fay Okafor", "Northshire Council")
    r = posted(client, f"/b/{bid}/notes", data={"section": "pattern", "text": "Adam took Maria's keys"})
    assert r.status_code == 204, r.text
    audit = client.get(
        f"/api/boards/{bid}/audit", headers={"Authorization": "Bearer " + made["facilitator_token"]}
    ).json()
    assert {(a["action"], a["actor_identity"]) for a in audit} >= {
        ("board.created", "fay.okafor@northshire.example (oidc)"),
        ("note.created", "fay.okafor@northshire.example (oidc)"),
    }
    history = client.get(f"/b/{bid}/history")
    assert "signed in as fay.okafor@northshire.example (oidc)" in history.text
    # Nothing from the code, the tokens or the session in the log (Casemap's own lines and its
    # calls to the provider; the test browser's own request log names the callback address).
    logged = "\n".join(r.getMessage() for r in caplog.records if "http://testserver" not in r.getMessage())
    assert "sign-in: provider oidc" in logged and "/token" in logged
    cookie = client.cookies["cm_staff"]
    code = signed.callback.split("code=")[1].split("&")[0]
    assert cookie not in logged and code not in logged and "fay.okafor" not in logged and "eyJ" not in logged


def test_the_session_cookie_is_a_random_id_stored_only_as_its_hash(op: Any, make_client: Any, sqlite_url: str) -> None:
    client = make_client(sqlite_url, op)
    response = sign_in(client, "fay").response
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    secret = client.cookies["cm_staff"]
    assert len(secret) >= 40
    stored = [row[0] for row in sql(sqlite_url, "SELECT id_hash FROM staff_session")]
    assert stored == [hashlib.sha256(secret.encode()).hexdigest()]
    assert secret not in str(sql(sqlite_url, "SELECT * FROM staff_session"))


def test_without_signing_in_nobody_creates_a_board_not_even_with_the_create_key(
    op: Any, make_client: Any, sqlite_url: str
) -> None:
    client = make_client(sqlite_url, op, **{"CASEMAP_CREATE_KEY": "letmein"})
    r = posted(client, "/api/boards", json={"title": "No"}, headers={"X-Create-Key": "letmein"})
    assert r.status_code == 401 and r.json()["code"] == "sign_in_required"
    r = posted(client, "/boards", data={"title": "No", "create_key": "letmein"}, headers={"Accept": "text/html"})
    assert r.status_code == 401 and "Sign in with your organisation" in r.text
    home = client.get("/")
    assert "Sign in with Northshire Council" in home.text and 'action="/boards"' not in home.text
    assert sql(sqlite_url, "SELECT count(*) FROM board")[0][0] == 0


def test_staff_without_the_facilitator_claim_join_by_name_but_cannot_run_meetings(
    op: Any, make_client: Any, db_url: str
) -> None:
    fay = make_client(db_url, op)
    sign_in(fay, "fay")
    made = make_board(fay)
    bid, code = made["board"]["id"], made["join_code"]

    client = make_client(db_url, op)  # a second browser (its own cookies)
    sign_in(client, "pat")
    assert client.get("/api/me").json()["facilitator"] is False
    r = posted(client, "/api/boards", json={"title": "Mine"})
    assert r.status_code == 403 and r.json()["code"] == "facilitator_required"
    assert 'id="cannot-create"' in client.get("/").text and 'action="/boards"' not in client.get("/").text
    assert "can join meetings but not run them" in client.get("/meetings").text
    assert client.get("/api/me/meetings").status_code == 403
    # Joining: the form is filled in from the claims, and the audit trail names the identity.
    form = client.get(f"/join/{bid}?code={code}")
    assert 'value="Pat Singh"' in form.text and 'value="Northshire Police"' in form.text
    r = posted(
        client,
        f"/join/{bid}",
        data={"join_code": code, "name": "Pat Singh", "agency": "other", "agency_other": "Northshire Police"},
    )
    assert r.status_code == 303 and r.headers["location"] == f"/b/{bid}"
    audit = fay.get(f"/api/boards/{bid}/audit", headers={"Authorization": "Bearer " + made["facilitator_token"]}).json()
    joined = next(a for a in audit if a["action"] == "participant.joined")
    assert (joined["actor_name"], joined["actor_identity"]) == (
        "Pat Singh",
        "pat.singh@northshire-police.example (oidc)",
    )
    # Her session gives her nothing on the board beyond the participant cookie she just got.
    assert posted(client, f"/b/{bid}/control/lock").status_code == 403


def test_professionals_without_an_account_still_join_by_code(op: Any, make_client: Any, sqlite_url: str) -> None:
    client = make_client(sqlite_url, op)
    sign_in(client, "fay")
    made = make_board(client)
    guest = make_client(sqlite_url, op)
    r = guest.post(
        f"/api/boards/{made['board']['id']}/join",
        json={"join_code": made["join_code"], "name": "Sam", "agency": "School"},
    )
    assert r.status_code == 201, r.text
    token = r.json()["token"]
    r = guest.post(
        f"/api/boards/{made['board']['id']}/notes",
        json={"section": "impact", "text": "Jay is tired at school"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 201
    audit = client.get(f"/api/boards/{made['board']['id']}/audit").json()
    assert next(a for a in audit if a["action"] == "note.created")["actor_identity"] is None


def test_signing_out_ends_the_session_here_and_at_the_provider(op: Any, make_client: Any, sqlite_url: str) -> None:
    client = make_client(sqlite_url, op)
    sign_in(client, "fay")
    made = make_board(client)
    bid = made["board"]["id"]
    old = client.cookies["cm_staff"]
    assert posted(client, "/auth/logout", headers={"Origin": "https://evil.example"}).status_code == 403
    r = posted(client, "/auth/logout")
    assert r.status_code == 200, r.text
    # RP-initiated logout: on to the provider's end_session_endpoint, then back here.
    assert f"url={op.issuer}/session/end?client_id={CLIENT_ID}&amp;post_logout_redirect_uri=" in r.text
    assert "cm_staff=" in r.headers["set-cookie"] and "Max-Age=0" in r.headers["set-cookie"]
    assert client.get("/api/me").status_code == 401
    assert client.get(f"/b/{bid}").status_code == 401
    # The old cookie is worthless: the session is gone on the server, not only in the browser.
    client.cookies.set("cm_staff", old)
    assert client.get("/api/me").status_code == 401
    assert sql(sqlite_url, "SELECT count(*) FROM staff_session")[0][0] == 0
    assert "You are signed out" in client.get("/auth/signed-out").text


@pytest.mark.parametrize("which", ["idle", "absolute"])
def test_sessions_end_after_the_idle_and_the_absolute_timeout(
    op: Any, make_client: Any, sqlite_url: str, which: str
) -> None:
    client = make_client(sqlite_url, op, CASEMAP_OIDC_SESSION_IDLE_MINUTES="30", CASEMAP_OIDC_SESSION_HOURS="8")
    sign_in(client, "fay")
    assert client.get("/api/me").status_code == 200
    now = utcnow()
    if which == "idle":
        # 29 minutes idle: still signed in (and the visit counts as activity)...
        sql(
            sqlite_url,
            "UPDATE staff_session SET last_seen_at = :t",
            t=(now - timedelta(minutes=29)).replace(tzinfo=None),
        )
        assert client.get("/api/me").status_code == 200
        seen = sql(sqlite_url, "SELECT last_seen_at FROM staff_session")[0][0]
        assert str(seen) > str((now - timedelta(minutes=1)).replace(tzinfo=None))
        # ... 31 minutes idle: signed out.
        sql(
            sqlite_url,
            "UPDATE staff_session SET last_seen_at = :t",
            t=(now - timedelta(minutes=31)).replace(tzinfo=None),
        )
    else:
        # Active a minute ago, but signed in more than 8 hours ago.
        sql(sqlite_url, "UPDATE staff_session SET expires_at = :t", t=(now - timedelta(seconds=1)).replace(tzinfo=None))
    r = client.get("/api/me")
    assert r.status_code == 401 and r.json()["code"] == "sign_in_required"
    assert client.get("/meetings", follow_redirects=False).headers["location"] == "/auth/login?next=/meetings"
    # Signing in again works, and the ended session's row is gone with it.
    sign_in(client, "fay")
    assert client.get("/api/me").status_code == 200
    assert sql(sqlite_url, "SELECT count(*) FROM staff_session")[0][0] == 1


def test_reopening_and_deleting_need_a_signed_in_facilitator_of_the_board(
    op: Any, make_client: Any, db_url: str
) -> None:
    fay = make_client(db_url, op)
    sign_in(fay, "fay")
    made = make_board(fay)
    bid, token = made["board"]["id"], made["facilitator_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    link_only = make_client(db_url, op)  # holds the facilitator link, not signed in
    assert link_only.post(f"/api/boards/{bid}/close", headers=bearer).status_code == 200
    r = link_only.post(f"/api/boards/{bid}/reopen", headers=bearer)
    assert r.status_code == 401 and r.json()["code"] == "sign_in_required"
    r = link_only.delete(f"/api/boards/{bid}", headers=bearer)
    assert r.status_code == 401 and r.json()["code"] == "sign_in_required"
    # Another signed-in facilitator with the link is not one of this board's facilitators.
    dee = make_client(db_url, op)
    sign_in(dee, "dee")
    r = dee.post(f"/api/boards/{bid}/reopen", headers={**bearer, "Origin": ORIGIN})
    assert r.status_code == 403 and r.json()["code"] == "not_your_board"
    assert fay.get(f"/api/boards/{bid}", headers=bearer).json()["status"] == "closed"
    # Fay reopens from the board page and deletes from My meetings.
    assert posted(fay, f"/b/{bid}/control/reopen").status_code == 204
    assert posted(fay, f"/api/boards/{bid}/close").status_code == 200
    r = posted(fay, f"/b/{bid}/delete")
    assert r.status_code == 303 and "deleted" in fay.get(r.headers["location"]).text
    assert fay.get(f"/api/boards/{bid}", headers=bearer).status_code == 401
    assert fay.get("/api/me/meetings").json() == []


def test_a_co_facilitator_added_by_email_finds_the_board_and_runs_it(op: Any, make_client: Any, db_url: str) -> None:
    fay = make_client(db_url, op)
    sign_in(fay, "fay")
    made = make_board(fay, "Review: family M")
    bid = made["board"]["id"]
    r = posted(fay, f"/b/{bid}/facilitators", data={"invite": " Cole.Brennan@Northshire.example "})
    assert r.status_code == 303
    assert "cole.brennan@northshire.example can now run this board" in fay.get(r.headers["location"]).text
    r = posted(fay, f"/api/boards/{bid}/facilitators", json={"invite": "cole.brennan@northshire.example"})
    assert r.status_code == 409 and r.json()["code"] == "already_facilitator"
    # Cole signs in for the first time: the board is in his My meetings, and he can run it.
    cole = make_client(db_url, op)
    sign_in(cole, "cole")
    meetings = cole.get("/api/me/meetings").json()
    assert [(m["id"], m["co_facilitators"]) for m in meetings] == [(bid, ["Fay Okafor"])]
    assert cole.get(f"/b/{bid}").status_code == 200
    assert posted(cole, f"/b/{bid}/control/lock").status_code == 204
    board = fay.get(f"/api/boards/{bid}").json()
    assert board["status"] == "locked"
    assert {p["name"] for p in board["participants"] if p["role"] == "facilitator"} == {"Fay Okafor", "Cole Brennan"}
    audit = fay.get(f"/api/boards/{bid}/audit").json()
    assert ("board.locked", "cole.brennan@northshire.example (oidc)") in {
        (a["action"], a["actor_identity"]) for a in audit
    }
    assert any(
        a["action"] == "facilitator.added" and a["detail"]["invite"] == "cole.brennan@northshire.example" for a in audit
    )
    # Dee, a facilitator too but not of this board, gets nothing from her session.
    dee = make_client(db_url, op)
    sign_in(dee, "dee")
    assert dee.get(f"/b/{bid}").status_code == 401
    assert dee.get("/api/me/meetings").json() == []


def test_a_lost_facilitator_link_is_replaced_from_my_meetings(op: Any, make_client: Any, sqlite_url: str) -> None:
    fay = make_client(sqlite_url, op)
    sign_in(fay, "fay")
    made = make_board(fay)
    bid, old = made["board"]["id"], made["facilitator_token"]
    r = posted(fay, f"/b/{bid}/facilitator-link")
    assert r.status_code == 200 and "Your previous link has stopped working" in r.text
    new = r.text.split("/enter?k=")[1].split("<")[0]
    other = make_client(sqlite_url, op)
    assert other.get(f"/api/boards/{bid}", headers={"Authorization": f"Bearer {old}"}).status_code == 401
    assert other.get(f"/api/boards/{bid}", headers={"Authorization": f"Bearer {new}"}).status_code == 200


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/ok\r\nSet-Cookie: x=1"]
)
def test_sign_in_returns_only_to_a_page_of_this_site(op: Any, make_client: Any, sqlite_url: str, target: str) -> None:
    client = make_client(sqlite_url, op)
    assert sign_in(client, "fay", next_path=target).response.headers["location"] == "/meetings"


def test_a_refusal_or_cancel_at_the_provider_signs_nobody_in(op: Any, make_client: Any, sqlite_url: str) -> None:
    client = make_client(sqlite_url, op)
    from tests.oidc.harness import begin, query

    state = query(begin(client))["state"]
    r = client.get(f"/auth/oidc/callback?error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state={state}")
    assert r.status_code == 400 and "access_denied" in r.text and "<b>no" not in r.text
    assert client.get("/api/me").status_code == 401


def test_a_review_needs_a_signed_in_facilitator_and_is_listed_under_reviews(
    op: Any, make_client: Any, db_url: str
) -> None:
    fay = make_client(db_url, op)
    sign_in(fay, "fay")
    made = make_board(fay)
    bid, token = made["board"]["id"], made["facilitator_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    r = posted(fay, f"/api/boards/{bid}/facilitators", json={"invite": "cole.brennan@northshire.example"})
    assert r.status_code in (200, 201), r.text
    assert posted(fay, f"/api/boards/{bid}/close").status_code == 200
    # The facilitator link alone does not start a review once sign-in is configured.
    link_only = make_client(db_url, op)
    r = link_only.post(f"/api/boards/{bid}/review", headers=bearer)
    assert r.status_code == 401 and r.json()["code"] == "sign_in_required"
    r = posted(fay, f"/api/boards/{bid}/review")
    assert r.status_code == 201, r.text
    rid = r.json()["board"]["id"]
    groups = {m["id"]: m["group"] for m in fay.get("/api/me/meetings").json()}
    assert groups == {bid: "closed", rid: "review"}
    assert "Reviews" in fay.get("/meetings").text
    assert fay.get(f"/b/{rid}").status_code == 200
    # The co-facilitator of the meeting runs its review too.
    cole = make_client(db_url, op)
    sign_in(cole, "cole")
    assert {m["id"] for m in cole.get("/api/me/meetings").json()} == {bid, rid}
    assert posted(cole, f"/b/{rid}/control/lock").status_code == 204
