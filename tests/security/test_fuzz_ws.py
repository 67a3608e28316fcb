"""Fuzzing the WebSocket command channel against a real server.

One participant sends thousands of seeded-random messages: malformed and truncated JSON, JSON
that is not an object, deep nesting, oversized frames, wrong types, unicode garbage in every
field, invalid UTF-8 in binary frames, unknown ops, extra fields, stale versions, out-of-order
commands on deleted or foreign notes, and now and then a valid command. Checks after every
message: exactly one answer (`ack` for valid commands, `error` with a detail and a code for the
rest) and the socket stays open. Afterwards: the server is healthy, the board holds exactly what
the valid commands made, and a second client saw only the events of the valid commands (no
garbage, no errors) and still receives a real note created afterwards.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.server import Server, running_server

SEED = 20261128
MESSAGES = 3000
TIME_BUDGET_S = 40.0
MAX_BYTES = 16_384  # CASEMAP_MAX_WS_MESSAGE_BYTES default
RELAXED_LIMITS = {
    "CASEMAP_RATE_NOTE_CHANGES": "1000000/minute",
    "CASEMAP_RATE_NOTE_CHANGES_ADDRESS": "1000000/minute",
    "CASEMAP_RATE_WS_MESSAGES": "1000000/minute",
    "CASEMAP_RATE_JOINS": "100000/minute",
}
SECTIONS = ["pattern", "impact", "factors", "practice"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp: Path = tmp_path_factory.mktemp("fuzz_ws")
    with running_server(f"sqlite:///{tmp / 'fuzz.db'}", tmp, env=RELAXED_LIMITS) as s:
        yield s


@dataclass
class Board:
    id: str
    fac: str
    participant: str
    fac_note: str


def make_board(server: Server) -> Board:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        made = http.post("/api/boards", json={"title": "WS fuzz", "family": [{"name": "Jay", "role": "child"}]}).json()
        bid, fac = made["board"]["id"], made["facilitator_token"]
        joined = http.post(
            f"/api/boards/{bid}/join", json={"join_code": made["join_code"], "name": "Fuzz", "agency": "School"}
        ).json()
        note = http.post(
            f"/api/boards/{bid}/notes",
            json={"section": "pattern", "text": "The facilitator's own note"},
            headers={"Authorization": f"Bearer {fac}"},
        ).json()
    return Board(bid, fac, joined["token"], note["id"])


async def open_ws(server: Server, board_id: str, token: str) -> ClientConnection:
    return await connect(
        f"{server.ws_url}/ws/boards/{board_id}",
        additional_headers={"Authorization": f"Bearer {token}"},
        max_size=2**22,
    )


# ---- the generator ---------------------------------------------------------------------------


@dataclass
class Model:
    """The fuzzer's own notes as the valid commands left them: id -> (version, section, text)."""

    notes: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)


def garbage_text(rng: random.Random, n: int) -> str:
    """Random code points from every plane, no surrogates (those cannot be sent as text)."""
    out = []
    for _ in range(n):
        plane = rng.choice(
            [(0x20, 0x7E), (0x0, 0x1F), (0x80, 0x7FF), (0x800, 0xD7FF), (0xE000, 0xFFFF), (0x10000, 0x10FFFF)]
        )
        out.append(chr(rng.randint(*plane)))
    return "".join(out)


def valid_text(rng: random.Random) -> str:
    """Any code point but the C0 controls the API refuses (all but tab, LF and CR)."""
    text = "".join(c for c in garbage_text(rng, rng.randint(1, 60)) if c >= " " or c in "\t\n\r")
    return f"fz{rng.randint(0, 10**9)} {text}".strip()


def nested(rng: random.Random, depth: int) -> Any:
    value: Any = rng.choice([1, "x", None, True])
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"a": value}
    return value


def random_scalar(rng: random.Random) -> Any:
    return rng.choice(
        [
            None,
            True,
            False,
            0,
            -1,
            1.5,
            10**30,
            "",
            " ",
            "x" * rng.randint(1, 300),
            [],
            {},
            [1, 2],
            {"k": "v"},
            garbage_text(rng, 8),
        ]
    )


WRONG_VALUES: dict[str, list[Any]] = {
    "section": [None, 1, [], {}, "", "PATTERN", "practice ", "notes", True],
    "text": [None, 1, [], {}, "", "   ", True, 1.5],
    "kind": [1, [], "observations", "", True],
    "confidential": ["maybe", [], {}, 2, "yes please"],
    "version": [0, -1, "x", [], {}, 1.5, None, "1.5"],
    "id": [None, 1, [], {}, "x" * 40],
    "due": ["not a date", [], {}, "2026-13-45"],
    "pathways": ["partner_parenting", [1], ["nope"], {}],
    "about": ["x", [1], [["a"]], ["x" * 40]],
    "owner": [1, [], {}, "x" * 200],
}


class Fuzzer:
    def __init__(self, seed: int, board: Board) -> None:
        self.rng = random.Random(seed)
        self.board = board
        self.model = Model()
        self.counts: dict[str, int] = {}

    def valid(self) -> tuple[str, dict[str, Any]]:
        rng, notes = self.rng, self.model.notes
        choice = rng.random()
        if not notes or choice < 0.5:
            body = {"op": "note.create", "section": rng.choice(SECTIONS), "text": valid_text(rng)}
            if rng.random() < 0.3:
                body["confidential"] = rng.random() < 0.5
            if rng.random() < 0.3:
                body["kind"] = rng.choice(["observation", "action", "protective"])
        elif choice < 0.85:
            nid = rng.choice(sorted(notes))
            body = {"op": "note.update", "id": nid, "version": notes[nid][0]}
            if rng.random() < 0.7:
                body["text"] = valid_text(rng)
            else:
                body["section"] = rng.choice(SECTIONS)
        else:
            body = {"op": "note.delete", "id": rng.choice(sorted(notes))}
        return "valid", body

    def base(self) -> dict[str, Any]:
        """A valid-looking command to break."""
        rng = self.rng
        op = rng.choice(["note.create", "note.update", "note.delete"])
        if op == "note.create":
            return {"op": op, "section": rng.choice(SECTIONS), "text": "base"}
        nid = rng.choice(sorted(self.model.notes)) if self.model.notes else self.board.fac_note
        version = self.model.notes.get(nid, (1,))[0]
        return (
            {"op": op, "id": nid, "version": version, "text": "base"} if op == "note.update" else {"op": op, "id": nid}
        )

    def invalid(self) -> tuple[str, str | bytes]:
        rng = self.rng
        kind = rng.choice(
            [
                "bad_json",
                "not_object",
                "deep",
                "oversized",
                "wrong_type",
                "unicode_keys",
                "binary",
                "wrong_op",
                "extra_field",
                "stale",
                "foreign",
                "gone",
            ]
        )
        if kind == "bad_json":
            raw = json.dumps(self.base())
            raw = rng.choice(
                [
                    raw[: rng.randint(0, len(raw) - 1)],
                    raw.replace('"', "'"),
                    raw + "}",
                    "",
                    "NaN{",
                    garbage_text(rng, rng.randint(1, 200)),
                    "\x00" * rng.randint(1, 50),
                    "{" * rng.randint(1, 50),
                ]
            )
            try:  # a cut that happens to leave valid JSON would not be malformed
                if isinstance(json.loads(raw), dict):
                    raw = raw + "]"
            except ValueError:
                pass
            return kind, raw
        if kind == "not_object":
            return kind, json.dumps(rng.choice([[self.base()], 1, "note.create", None, True, [], 3.5]))
        if kind == "deep":
            body = self.base()
            body[rng.choice(["text", "section", "op", "extra"])] = nested(rng, rng.randint(20, 400))
            return kind, json.dumps(body)
        if kind == "oversized":
            body = self.base()
            body["text"] = rng.choice(["x", "é", "€", "😀"]) * (MAX_BYTES + rng.randint(1, 5000))
            return kind, json.dumps(body, ensure_ascii=False)
        if kind == "wrong_type":
            body = self.base()
            creating = body["op"] == "note.create"
            keys = [k for k in WRONG_VALUES if k in body or (creating and k not in ("version", "id"))]
            key = rng.choice(keys)
            body[key] = rng.choice(WRONG_VALUES[key])
            return kind, json.dumps(body)
        if kind == "unicode_keys":
            body = self.base()
            body[garbage_text(rng, rng.randint(1, 20))] = garbage_text(rng, rng.randint(0, 50))
            return kind, json.dumps(body, ensure_ascii=rng.random() < 0.5)
        if kind == "binary":
            return kind, bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 300)))
        if kind == "wrong_op":
            body = self.base()
            op = rng.choice(
                [None, 1, "", "note.explode", "NOTE.CREATE", "note.create ", "board.close", garbage_text(rng, 5)]
            )
            if rng.random() < 0.2:
                body.pop("op")
            else:
                body["op"] = op
            return kind, json.dumps(body)
        if kind == "extra_field":
            body = self.base()
            body[rng.choice(["board_id", "author", "flags", "seq", "agency", "client"])] = random_scalar(rng)
            return kind, json.dumps(body)
        if kind == "stale":
            nid = rng.choice(sorted(self.model.notes)) if self.model.notes else self.board.fac_note
            version = self.model.notes.get(nid, (1,))[0]
            wrong = rng.choice([v for v in (version - 1, version + 1, version + 50, 10**6) if v >= 1])
            return kind, json.dumps({"op": "note.update", "id": nid, "version": wrong, "text": "stale edit"})
        if kind == "foreign":  # the facilitator's note: a participant may not change it
            body = {"op": rng.choice(["note.update", "note.delete"]), "id": self.board.fac_note}
            if body["op"] == "note.update":
                body.update(version=1, text="not mine")
            return kind, json.dumps(body)
        # gone: deleted or never existing notes
        nid = (
            rng.choice(self.model.deleted)
            if self.model.deleted and rng.random() < 0.7
            else f"{rng.randint(0, 10**12):x}"
        )
        body = {"op": rng.choice(["note.update", "note.delete"]), "id": nid}
        if body["op"] == "note.update":
            body.update(version=1, text="gone")
        return kind, json.dumps(body)

    def next(self) -> tuple[str, str | bytes, dict[str, Any] | None]:
        if self.rng.random() < 0.04:
            kind, body = self.valid()
            body["ref"] = f"v{self.rng.randint(0, 10**9)}"
            raw: str | bytes = json.dumps(body, ensure_ascii=False)
            parsed: dict[str, Any] | None = body
        else:
            kind, raw = self.invalid()
            parsed = None
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return kind, raw, parsed

    def apply(self, body: dict[str, Any], ack: dict[str, Any]) -> tuple[str, str]:
        """Record a valid command's effect; return the event the other client should see."""
        note = ack["data"]["note"]
        if body["op"] == "note.delete":
            self.model.notes.pop(body["id"])
            self.model.deleted.append(body["id"])
            return "note.deleted", body["id"]
        self.model.notes[note["id"]] = (note["version"], note["section"], note["text"])
        return ("note.created" if body["op"] == "note.create" else "note.updated"), note["id"]


# ---- the test --------------------------------------------------------------------------------


async def answer(ws: ClientConnection, seen: list[dict[str, Any]]) -> dict[str, Any]:
    while True:
        msg = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if msg["type"] in ("ack", "error"):
            return dict(msg)
        seen.append(msg)


def test_ws_garbage_gets_errors_changes_nothing_and_reaches_nobody(server: Server) -> None:
    board = make_board(server)
    fuzzer = Fuzzer(SEED, board)

    async def scenario() -> tuple[int, float]:
        observer = await open_ws(server, board.id, board.fac)
        assert json.loads(await observer.recv())["type"] == "hello"
        observed: list[dict[str, Any]] = []

        async def watch() -> None:
            async for raw in observer:
                observed.append(json.loads(raw))

        watcher = asyncio.create_task(watch())
        ws = await open_ws(server, board.id, board.participant)
        assert json.loads(await ws.recv())["type"] == "hello"
        own_events: list[dict[str, Any]] = []
        expected_events: list[tuple[str, str]] = []
        started, sent = time.monotonic(), 0
        while sent < MESSAGES and time.monotonic() - started < TIME_BUDGET_S:
            kind, raw, body = fuzzer.next()
            sent += 1
            where = f"message #{sent} ({kind}): {raw[:160]!r}"
            try:
                await ws.send(raw)
                msg = await answer(ws, own_events)
            except ConnectionClosed as exc:
                pytest.fail(f"the server closed the socket ({exc.rcvd}) after {where}")
            if body is not None:
                assert msg["type"] == "ack", (where, msg)
                assert msg["data"]["ref"] == body["ref"]
                expected_events.append(fuzzer.apply(body, msg))
            else:
                assert msg["type"] == "error", (where, msg)
                assert msg["data"]["code"] and msg["data"]["detail"], (where, msg)
            assert isinstance(msg["seq"], int)
        elapsed = time.monotonic() - started

        # A real note after the storm reaches the other client.
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
            r = await http.post(
                f"/api/boards/{board.id}/notes",
                json={"section": "impact", "text": "After the storm: Jay sleeps at his gran's"},
                headers={"Authorization": f"Bearer {board.participant}"},
            )
            assert r.status_code == 201, r.text
            final_id = r.json()["id"]
            expected_events.append(("note.created", final_id))
            deadline = time.monotonic() + 10
            while not any(m["type"] == "note.created" and m["data"]["id"] == final_id for m in observed):
                assert time.monotonic() < deadline, "the observer never received the real note"
                await asyncio.sleep(0.05)
            health = await http.get("/healthz")
            assert health.json() == {"status": "ok"}
            fac_view = (
                await http.get(f"/api/boards/{board.id}", headers={"Authorization": f"Bearer {board.fac}"})
            ).json()
        await ws.close()
        await observer.close()
        await watcher

        # The other client saw the valid commands' events and nothing of the garbage.
        assert not [m for m in observed if m["type"] in ("ack", "error")]
        note_events = [(m["type"], m["data"]["id"]) for m in observed if m["type"].startswith("note.")]
        assert note_events == expected_events
        others = {m["type"] for m in observed if not m["type"].startswith("note.")}
        assert others <= {"gaps.updated", "participant.updated", "participant.joined"}, others
        seqs = [m["seq"] for m in observed]
        assert seqs == sorted(seqs) and len(seqs) == len(set(seqs))

        # The board holds exactly what the valid commands made.
        stored = {n["id"]: (n["version"], n["section"], n["text"]) for n in fac_view["notes"]}
        fac_note = stored.pop(board.fac_note)
        assert fac_note == (1, "pattern", "The facilitator's own note")
        stored.pop(final_id)
        assert stored == fuzzer.model.notes
        return sent, elapsed

    sent, elapsed = asyncio.run(scenario())
    assert "Traceback" not in server.log(), server.log()[-4000:]
    print(f"ws fuzz: {sent} messages in {elapsed:.1f}s, by kind {dict(sorted(fuzzer.counts.items()))}")
    assert sent >= 1000, f"only {sent} messages fitted in the time budget"
    assert fuzzer.counts.get("valid", 0) >= 20


@pytest.mark.parametrize("depth", [2_000, 5_000])
def test_deeply_nested_json_under_the_size_limit_gets_an_error(server: Server, depth: int) -> None:
    """`[[[[...]]]]` a few thousand deep fits in 16 KiB, and json.loads raises RecursionError
    (not ValueError) on it: app/web/ws.py `_command` does not catch that, the handler dies and
    the socket closes with 1011 instead of answering `error`."""
    board = make_board(server)

    async def scenario() -> None:
        ws = await open_ws(server, board.id, board.participant)
        await ws.recv()
        raw = "[" * depth + "]" * depth
        assert len(raw.encode()) <= MAX_BYTES
        await ws.send(raw)
        try:
            msg = await answer(ws, [])
        except ConnectionClosed as exc:
            pytest.fail(f"the socket was closed ({exc.rcvd}) instead of answering an error")
        assert msg["type"] == "error" and msg["data"]["code"] in ("invalid_json", "invalid_message")
        await ws.send(json.dumps({"op": "note.create", "ref": "ok", "section": "pattern", "text": "still open"}))
        assert (await answer(ws, []))["type"] == "ack"
        await ws.close()

    asyncio.run(scenario())


def test_nul_character_in_a_command_gets_an_error_on_every_database(client: Any) -> None:
    """On PostgreSQL a NUL (U+0000) in note text raises psycopg.DataError inside `_run`; `_command`
    only catches DomainError, so the handler dies and the socket closes without a reason."""
    made = client.post("/api/boards", json={"title": "NUL over a socket"}).json()
    bid, fac = made["board"]["id"], made["facilitator_token"]
    with client.websocket_connect(f"/ws/boards/{bid}", headers={"authorization": f"Bearer {fac}"}) as ws:
        assert json.loads(ws.receive_text())["type"] == "hello"
        ws.send_text(json.dumps({"op": "note.create", "ref": "nul", "section": "pattern", "text": "x\u0000y"}))
        msg = json.loads(ws.receive_text())
        while msg["type"] not in ("ack", "error"):
            msg = json.loads(ws.receive_text())
        assert msg["data"]["ref"] == "nul"
        ws.send_text(json.dumps({"op": "note.create", "ref": "ok", "section": "pattern", "text": "still open"}))
        msg = json.loads(ws.receive_text())
        while msg["type"] not in ("ack", "error"):
            msg = json.loads(ws.receive_text())
        assert msg["type"] == "ack" and msg["data"]["ref"] == "ok"
