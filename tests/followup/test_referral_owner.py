"""The referral summary for his programme or the court names none of her support services, not
even as the owner of an action set for him (app/practice/referral.py SUPPORT_AGENCIES)."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from pypdf import PdfReader

from tests.followup.helpers import close, meeting, note, ok

GOAL = "Adam to stop checking Maria's phone; his probation officer to ask him about it monthly"


def test_the_referral_does_not_name_her_idva_as_an_actions_owner(client: Any) -> None:
    m = meeting(client)
    note(client, m, m.people["Sam Reid"], "goal", "practice", GOAL, kind="action", owner="IDVA")
    close(client, m)
    preview = ok(client.get(f"/api/boards/{m.board_id}/referral", headers=m.fac), 200)
    [goal] = [i for p in preview["parts"] for g in p["groups"] for i in g["items"] if i["text"] == GOAL]
    assert goal["ticked"] and goal["owner"] == "A partner agency", goal
    for fmt in ("docx", "pdf"):
        body = {"format": fmt, "audience": "programme"}
        r = client.post(f"/api/boards/{m.board_id}/referral", json=body, headers=m.fac)
        assert r.status_code == 200, r.text[:300]
        if fmt == "docx":
            text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
        else:
            text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages).split())
        assert "probation officer" in text and "owner: A partner agency" in text, text
        assert "IDVA" not in text, f"the {fmt} for his programme names her IDVA"
