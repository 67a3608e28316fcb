"""Load the seed case (Marketa and Aleksander, domain.md §1) into a running Casemap as a demo board.

Usage (with `make run` serving on the default address):
    python scripts/seed_case.py [--url http://127.0.0.1:8000] [--file data/seed/marketa.json]

It creates the board through the public JSON API, joins each professional by the join code,
posts their notes in order and prints the facilitator, projector and join links. Standard
library only, so it runs with any Python 3.11.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "data/seed/marketa.json"


def call(base: str, method: str, path: str, body: object = None, token: str | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base.rstrip("/") + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode(errors="replace")
        raise SystemExit(f"{method} {path} failed with {exc.code}: {detail}") from exc


def seed(base: str, case: dict[str, Any], create_key: str | None = None) -> dict[str, Any]:
    """Create the board and post every note; return the created-board answer plus note ids."""
    family = [{k: p[k] for k in ("name", "role", "age")} for p in case["family"]]
    req = urllib.request.Request(
        base.rstrip("/") + "/api/boards",
        data=json.dumps({"title": case["title"], "family": family}).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **({"X-Create-Key": create_key} if create_key else {})},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            created = json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        raise SystemExit(f"creating the board failed with {exc.code}: {exc.read().decode(errors='replace')}") from exc
    board_id = created["board"]["id"]
    people = {p_in["key"]: p["id"] for p, p_in in zip(created["board"]["family"], case["family"], strict=True)}
    posted: list[dict[str, Any]] = []
    for person in case["people"]:
        joined = call(
            base,
            "POST",
            f"/api/boards/{board_id}/join",
            {"join_code": created["join_code"], "name": person["name"], "agency": person["agency"]},
        )
        for note in person["notes"]:
            body = {k: v for k, v in note.items() if k not in ("expect", "about")}
            if note.get("about"):
                body["about"] = [people[k] for k in note["about"]]
            posted.append(call(base, "POST", f"/api/boards/{board_id}/notes", body, joined["token"]))
    return {**created, "notes": posted}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--file", default=str(DEFAULT))
    ap.add_argument("--create-key", default=None, help="the server's CASEMAP_CREATE_KEY, if it has one")
    args = ap.parse_args(argv)
    case = json.loads(Path(args.file).read_text(encoding="utf-8"))
    out = seed(args.url, case, args.create_key)
    flagged = sum(1 for n in out["notes"] if n["flags"])
    print(f"Seeded '{case['title']}': {len(out['notes'])} notes, {flagged} with wording flags.")
    print(f"Facilitator (keep private): {out['facilitator_url']}")
    print(f"Projector:                  {out['present_url']}")
    print(f"Join link:                  {out['join_url']}  (code {out['join_code']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
