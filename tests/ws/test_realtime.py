"""Real WebSockets against a real uvicorn server: order, completeness, reconnection."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.server import Server


def setup_board(server: Server, participants: int = 2) -> tuple[dict[str, Any], list[str]]:
    with httpx.Client(base_url=server.url) as http:
        made = http.post("/api/boards", json={"title": "Live test", "family": [{"name": "Jay", "role": "child"}]})
        made.raise_for_status()
        board = made.json()
        tokens = [board["facilitator_token"]]
        for i in range(participants):
            r = http.post(
                f"/api/boards/{board['board']['id']}/join",
                json={"join_code": board["join_code"], "name": f"P{i}", "agency": "School"},
            )
            r.raise_for_status()
            tokens.append(r.json()["token"])
    return board, tokens


async def open_ws(server: Server, board_id: str, token: str, since: int | None = None) -> ClientConnection:
    url = f"{server.ws_url}/ws/boards/{board_id}" + (f"?since={since}" if since is not None else "")
    return await connect(url, additional_headers={"Authorization": f"Bearer {token}"})


async def recv(ws: ClientConnection, timeout: float = 5.0) -> dict[str, Any]:
    return dict(json.loads(await asyncio.wait_for(ws.recv(), timeout)))


async def until(ws: ClientConnection, pred: Any, timeout: float = 5.0) -> list[dict[str, Any]]:
    """Collect messages until one satisfies pred; return all collected."""
    got: list[dict[str, Any]] = []
    while True:
        msg = await recv(ws, timeout)
        got.append(msg)
        if pred(msg):
            return got


def note_events(msgs: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    return [(m["seq"], m["type"], m["data"].get("id", "")) for m in msgs if m["type"].startswith("note.")]


async def command(
    ws: ClientConnection, op: str, ref: str, seen: list[dict[str, Any]] | None = None, **body: Any
) -> dict[str, Any]:
    """Send one command and wait for its answer; events that arrive meanwhile go to `seen`."""
    await ws.send(json.dumps({"op": op, "ref": ref, **body}))
    while True:
        msg = await recv(ws)
        if msg["type"] in ("ack", "error") and msg["data"].get("ref") == ref:
            return msg
        if seen is not None:
            seen.append(msg)


def test_three_clients_see_the_same_events_in_the_same_order(server: Server) -> None:
    board, tokens = setup_board(server)
    bid = board["board"]["id"]

    async def scenario() -> None:
        clients = [await open_ws(server, bid, t) for t in tokens]
        hellos = [await recv(c) for c in clients]
        assert all(h["type"] == "hello" for h in hellos)
        assert [h["data"]["participant"]["role"] for h in hellos] == ["facilitator", "participant", "participant"]
        actor, early = clients[1], []
        created = await command(actor, "note.create", "a", early, section="pattern", text="P checks M's phone nightly")
        assert created["type"] == "ack"
        nid = created["data"]["note"]["id"]
        edited = await command(actor, "note.update", "b", early, id=nid, version=1, text="P checks M's phone daily")
        assert edited["data"]["note"]["version"] == 2
        moved = await command(actor, "note.update", "c", early, id=nid, version=2, section="impact")
        assert moved["data"]["note"]["section"] == "impact"
        deleted = await command(actor, "note.delete", "d", early, id=nid)
        assert deleted["type"] == "ack"

        def done(m: dict[str, Any]) -> bool:
            return m["type"] == "note.deleted"

        streams = []
        for c in clients:
            before = early if c is actor else []
            streams.append(before if any(done(m) for m in before) else before + await until(c, done))
        orders = [note_events([m for m in s if m["type"] not in ("ack", "error")]) for s in streams]
        assert orders[0] == orders[1] == orders[2]
        assert [t for _, t, _ in orders[0]] == ["note.created", "note.updated", "note.updated", "note.deleted"]
        seqs = [m["seq"] for m in streams[0] if m["type"] not in ("ack", "error")]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        for c in clients:
            await c.close()

    asyncio.run(scenario())


def test_reconnect_with_since_gets_exactly_what_was_missed(server: Server) -> None:
    board, tokens = setup_board(server)
    bid = board["board"]["id"]

    async def scenario() -> None:
        stayer = await open_ws(server, bid, tokens[0])
        leaver = await open_ws(server, bid, tokens[2])
        await recv(stayer)
        await recv(leaver)
        writer = await open_ws(server, bid, tokens[1])
        await recv(writer)
        first = await command(writer, "note.create", "1", section="pattern", text="P took her keys")
        seen = await until(leaver, lambda m: m["type"] == "note.created")
        last_seen = seen[-1]["seq"]
        await leaver.close()
        for i in range(5):
            await command(writer, "note.create", f"m{i}", section="impact", text=f"missed note {i}")
        await command(writer, "note.update", "u", id=first["data"]["note"]["id"], version=1, text="P took her keys x2")
        back = await open_ws(server, bid, tokens[2], since=last_seen)
        hello = await recv(back)
        replay: list[dict[str, Any]] = []
        while len(replay) == 0 or replay[-1]["seq"] < hello["seq"]:
            replay.append(await recv(back))
        assert [m["seq"] for m in replay] == sorted({m["seq"] for m in replay})
        assert replay[0]["seq"] == last_seen + 1
        texts = [m["data"]["text"] for m in replay if m["type"] == "note.created"]
        assert texts == [f"missed note {i}" for i in range(5)]
        # The reconnected client's board now equals everyone else's.
        async with httpx.AsyncClient(base_url=server.url) as http:
            fac_view = (await http.get(f"/api/boards/{bid}", headers={"Authorization": f"Bearer {tokens[0]}"})).json()
        notes: dict[str, str] = {}
        for m in seen + replay:
            if m["type"] in ("note.created", "note.updated"):
                notes[m["data"]["id"]] = m["data"]["text"]
            elif m["type"] == "note.deleted":
                notes.pop(m["data"]["id"], None)
        assert notes == {n["id"]: n["text"] for n in fac_view["notes"]}
        for c in (stayer, writer, back):
            await c.close()

    asyncio.run(scenario())


def test_since_too_far_back_or_ahead_gets_a_snapshot(server: Server) -> None:
    board, tokens = setup_board(server, participants=1)

    async def scenario() -> None:
        ws = await open_ws(server, board["board"]["id"], tokens[0], since=10_000)
        hello = await recv(ws)
        snap = await recv(ws)
        assert snap["type"] == "snapshot" and snap["data"]["board"]["id"] == board["board"]["id"]
        assert snap["seq"] >= hello["seq"]
        await ws.close()

    asyncio.run(scenario())


def test_malformed_messages_get_errors_and_the_socket_stays_open(server: Server) -> None:
    board, tokens = setup_board(server, participants=1)

    async def scenario() -> None:
        ws = await open_ws(server, board["board"]["id"], tokens[1])
        await recv(ws)
        for raw, code in [
            ("not json", "invalid_json"),
            ("[1,2]", "invalid_message"),
            (json.dumps({"op": "note.explode"}), "invalid_message"),
            (json.dumps({"op": "note.create", "section": "pattern", "text": ""}), "invalid_message"),
            (json.dumps({"op": "note.create", "section": "pattern", "text": "x" * 20000}), "message_too_large"),
            (json.dumps({"op": "note.update", "id": "nope", "version": 1, "text": "x"}), "not_found"),
        ]:
            await ws.send(raw)
            msg = await recv(ws)
            assert msg["type"] == "error" and msg["data"]["code"] == code, (raw[:40], msg)
            assert msg["data"]["detail"]
        ok = await command(ws, "note.create", "fine", section="pattern", text="still works")
        assert ok["type"] == "ack"
        await ws.close()

    asyncio.run(scenario())


def test_participant_sees_no_flags_of_others_and_viewer_sees_no_confidential_text(server: Server) -> None:
    board, tokens = setup_board(server, participants=2)
    bid = board["board"]["id"]

    async def scenario() -> None:
        author, other = await open_ws(server, bid, tokens[1]), await open_ws(server, bid, tokens[2])
        viewer = await open_ws(server, bid, board["viewer_token"])
        fac = await open_ws(server, bid, tokens[0])
        for c in (author, other, viewer, fac):
            await recv(c)
        own: list[dict[str, Any]] = []
        await command(author, "note.create", "f", own, section="impact", text="M exposing the children to DV")
        await command(
            author, "note.create", "c", own, section="practice", text="New school: St Mary's", confidential=True
        )

        def last(m: dict[str, Any]) -> bool:
            return m["type"] == "note.created" and m["data"]["confidential"]

        got = {}
        for name, c in (("author", author), ("other", other), ("viewer", viewer), ("fac", fac)):
            msgs = (
                own
                if c is author and any(last(m) for m in own)
                else (own if c is author else []) + await until(c, last)
            )
            got[name] = [m["data"] for m in msgs if m["type"] == "note.created"]
        assert got["author"][0]["flags"] and got["fac"][0]["flags"]
        assert got["other"][0]["flags"] == [] and got["viewer"][0]["flags"] == []
        assert got["viewer"][1]["text"] == "" and got["other"][1]["text"] == "New school: St Mary's"
        for c in (author, other, viewer, fac):
            await c.close()

    asyncio.run(scenario())


def test_projector_replay_never_shows_text_of_a_note_marked_confidential_later(server: Server) -> None:
    """A note posted openly and marked confidential afterwards: a projector reconnecting with
    `since` replays the old note.created as the note is now, without its text."""
    board, tokens = setup_board(server, participants=1)
    bid = board["board"]["id"]
    secret = "Staying with her sister at 4 Elm Road"

    async def scenario() -> None:
        author = await open_ws(server, bid, tokens[1])
        hello = await recv(author)
        before = hello["seq"]
        ack = await command(author, "note.create", "n", section="impact", text=secret)
        note = ack["data"]["note"]
        ack = await command(author, "note.update", "u", id=note["id"], version=note["version"], confidential=True)
        assert ack["type"] == "ack", ack
        viewer = await open_ws(server, bid, board["viewer_token"], since=before)
        await recv(viewer)  # hello
        msgs = await until(viewer, lambda m: m["type"] == "note.updated")
        replayed = [m["data"] for m in msgs if m["type"] in ("note.created", "note.updated")]
        assert [m["type"] for m in msgs if m["type"].startswith("note.")] == ["note.created", "note.updated"]
        assert all(d["text"] == "" and d["confidential"] for d in replayed), replayed
        assert secret not in json.dumps(msgs)
        # The author, who may read it, still replays the text.
        again = await open_ws(server, bid, tokens[1], since=before)
        await recv(again)
        mine = await until(again, lambda m: m["type"] == "note.created")
        assert mine[-1]["data"]["text"] == secret
        for c in (author, viewer, again):
            await c.close()

    asyncio.run(scenario())


def test_projector_replay_never_shows_text_of_a_note_marked_confidential_then_deleted(server: Server) -> None:
    """Marked confidential, then deleted: the note is gone, but its note.created from before the
    marking is still in the log, and a reconnecting projector must not get its text back."""
    board, tokens = setup_board(server, participants=1)
    bid = board["board"]["id"]
    secret = "Maria now lives at 12 Elm Road refuge"

    async def scenario() -> None:
        author = await open_ws(server, bid, tokens[1])
        before = (await recv(author))["seq"]
        note = (await command(author, "note.create", "n", section="impact", text=secret))["data"]["note"]
        ack = await command(author, "note.update", "u", id=note["id"], version=note["version"], confidential=True)
        assert ack["type"] == "ack", ack
        assert (await command(author, "note.delete", "d", id=note["id"]))["type"] == "ack"
        viewer = await open_ws(server, bid, board["viewer_token"], since=before)
        await recv(viewer)  # hello
        msgs = await until(viewer, lambda m: m["type"] == "note.deleted")
        assert [m["type"] for m in msgs if m["type"].startswith("note.")] == [
            "note.created",
            "note.updated",
            "note.deleted",
        ]
        assert secret not in json.dumps(msgs)
        for c in (author, viewer):
            await c.close()

    asyncio.run(scenario())


def test_a_question_marked_confidential_leaves_the_projector_at_once_and_in_replays(server: Server) -> None:
    """A gap-kind note shown as an open question on the projector, then marked confidential:
    the projector's next message after the change already withholds it (not half a second later,
    when the debounced gap checks run), and a projector replaying from before never sees it."""
    board, tokens = setup_board(server, participants=1)
    bid = board["board"]["id"]
    secret = "? is the new address at 9 Ash Grove known to him"
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {tokens[0]}"}) as http:
        http.post(f"/api/boards/{bid}/show-gaps", json={"show": True}).raise_for_status()

    async def scenario() -> None:
        author = await open_ws(server, bid, tokens[1])
        before = (await recv(author))["seq"]
        viewer = await open_ws(server, bid, board["viewer_token"])
        await recv(viewer)
        ack = await command(author, "note.create", "n", section="pattern", text=secret, kind="gap")
        note = ack["data"]["note"]
        shown = await until(viewer, lambda m: m["type"] == "gaps.updated" and secret in json.dumps(m))
        assert shown, "the open question should reach the projector while it is not confidential"
        ack = await command(author, "note.update", "u", id=note["id"], version=note["version"], confidential=True)
        assert ack["type"] == "ack", ack
        msgs = await until(viewer, lambda m: m["type"] == "gaps.updated", timeout=0.4)
        assert secret not in json.dumps(msgs), msgs
        replay = await open_ws(server, bid, board["viewer_token"], since=before)
        await recv(replay)
        got = await until(replay, lambda m: m["seq"] >= ack["seq"], timeout=5)
        assert secret not in json.dumps(got), got
        for c in (author, viewer, replay):
            await c.close()

    asyncio.run(scenario())


def test_handshake_refuses_foreign_origin_and_bad_tokens(server: Server) -> None:
    board, tokens = setup_board(server, participants=0)
    bid = board["board"]["id"]

    async def scenario() -> None:
        url = f"{server.ws_url}/ws/boards/{bid}"
        with pytest.raises(InvalidStatus) as exc:
            await connect(
                url, additional_headers={"Authorization": f"Bearer {tokens[0]}", "Origin": "https://evil.example"}
            )
        assert exc.value.response.status_code == 403
        with pytest.raises(InvalidStatus):
            await connect(url, additional_headers={"Authorization": "Bearer wrong"})
        with pytest.raises(InvalidStatus):
            await connect(url)
        ok = await connect(url, additional_headers={"Authorization": f"Bearer {tokens[0]}", "Origin": server.url})
        assert (await recv(ok))["type"] == "hello"
        await ok.close()

    asyncio.run(scenario())


def test_removed_participant_socket_is_closed_at_once(server: Server) -> None:
    board, tokens = setup_board(server, participants=1)
    bid = board["board"]["id"]

    async def scenario() -> None:
        ws = await open_ws(server, bid, tokens[1])
        hello = await recv(ws)
        pid = hello["data"]["participant"]["id"]
        async with httpx.AsyncClient(base_url=server.url) as http:
            r = await http.post(
                f"/api/boards/{bid}/participants/{pid}/remove", headers={"Authorization": f"Bearer {tokens[0]}"}
            )
            assert r.status_code == 200
        with pytest.raises(ConnectionClosed):
            while True:
                await recv(ws)
        assert ws.close_code == 4403

    asyncio.run(scenario())
