"""The minutes editor's form <-> the minutes content (app.schemas_followup.MinutesContent).

Lists are edited as text, one item per line. A line left as it was keeps its item (and the
`ref` to the note it was drawn from); a changed or new line becomes the facilitator's own
(no `ref`). People are "Name – Agency"; actions are rows of three inputs.
"""

from __future__ import annotations

import re
from typing import Any

from app.export.view import due_text

_DASH = re.compile(r"\s+[–—-]\s+")


def person_line(p: dict[str, Any]) -> str:
    return f"{p['name']} – {p['agency']}" if p.get("agency") else str(p["name"])


def earlier_line(a: dict[str, Any]) -> str:
    bits = [a["text"], a.get("owner") or "not owned", due_text(a.get("due")) or "no date", a.get("status") or ""]
    return " – ".join(b for b in bits if b)


def flag_line(f: dict[str, Any]) -> str:
    return f"“{f['text']}” – {f.get('category') or ''}: {f.get('outcome') or ''}".replace(" – :", ":")


LINES = {
    "attendance": person_line,
    "apologies": person_line,
    "decisions": lambda p: str(p["text"]),
    "questions": lambda p: str(p["text"]),
    "earlier_actions": earlier_line,
    "flags": flag_line,
}


def as_text(content: dict[str, Any], key: str) -> str:
    return "\n".join(LINES[key](item) for item in content.get(key, []))


def _lines(value: Any) -> list[str]:
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def _keep(old: list[dict[str, Any]], lines: list[str], to_line: Any, new: Any) -> list[dict[str, Any]]:
    known = {to_line(item): item for item in old}
    return [known[line] if line in known else new(line) for line in lines]


def _person(line: str) -> dict[str, Any]:
    parts = _DASH.split(line, maxsplit=1)
    return {"name": parts[0].strip()[:80], "agency": (parts[1].strip() if len(parts) > 1 else "")[:80]}


def content_from_form(form: Any, old: dict[str, Any]) -> dict[str, Any]:
    """A MinutesContent-shaped dict from the editor's fields (validated by the caller)."""
    out: dict[str, Any] = {
        "title": str(form.get("title") or ""),
        "chair": str(form.get("chair") or ""),
        "date": str(form.get("date") or "") or None,
        "next_review": str(form.get("next_review") or "") or None,
        "agencies": _lines(form.get("agencies")),
        "change": old.get("change", []),
        "withheld": old.get("withheld", 0),
    }
    for key in ("attendance", "apologies"):
        out[key] = _keep(old.get(key, []), _lines(form.get(key)), person_line, _person)
    for key in ("decisions", "questions"):
        out[key] = _keep(old.get(key, []), _lines(form.get(key)), LINES[key], lambda line: {"text": line})
    out["earlier_actions"] = _keep(
        old.get("earlier_actions", []), _lines(form.get("earlier_actions")), earlier_line, lambda line: {"text": line}
    )
    out["flags"] = _keep(old.get("flags", []), _lines(form.get("flags")), flag_line, lambda line: {"text": line})
    sections = []
    for s in old.get("sections", []):
        points = _keep(s.get("points", []), _lines(form.get(f"points_{s['key']}")), lambda p: p["text"],
                       lambda line: {"text": line})  # fmt: skip
        sections.append({**s, "points": points})
    out["sections"] = sections
    texts, owners, dues = form.getlist("action_text"), form.getlist("action_owner"), form.getlist("action_due")
    refs = form.getlist("action_ref")
    actions = []
    for i, text in enumerate(texts):
        if not str(text).strip():
            continue
        ref = str(refs[i]) if i < len(refs) and refs[i] else None
        due = str(dues[i]) if i < len(dues) and dues[i] else None
        owner = str(owners[i]) if i < len(owners) else ""
        actions.append({"text": str(text).strip(), "owner": owner.strip(), "due": due, "ref": ref, "status": ""})
    out["actions"] = actions
    return out
