"""The finished map as Markdown: readable as plain text, and renders cleanly on any viewer.

Every piece of user text is escaped, so a note can never turn into a heading, a link, a table
cell break or raw HTML.
"""

from __future__ import annotations

import re

from app.export.review_doc import review_markdown
from app.export.view import FlagView, MapView, NoteView

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LIST_START = re.compile(r"^(\s*)([-+#]|\d+[.)]|[-=]{2,}\s*$)", re.MULTILINE)


def _escape_start(m: re.Match[str]) -> str:
    mark = m.group(2)
    if mark[0].isdigit():  # "12." -> "12\.": a backslash only escapes punctuation
        return f"{m.group(1)}{mark[:-1]}\\{mark[-1]}"
    return f"{m.group(1)}\\{mark}"


def esc(text: str) -> str:
    """Escape Markdown syntax in user text; keep its line breaks as hard breaks."""
    text = _SPECIAL.sub(r"\\\1", text.strip().replace("\r\n", "\n"))
    text = _LIST_START.sub(_escape_start, text)
    return text


def cell(text: str) -> str:
    """A table cell: one line (list markers mean nothing inside a cell)."""
    return " ".join(_SPECIAL.sub(r"\\\1", text).split()) or " "


_LEADING = re.compile(r"^[ \t]+")


def _keep_indent(m: re.Match[str]) -> str:
    # Spaces at a line's start would be dropped or turn the line into a code block: non-breaking
    # spaces keep a typed indent (a tab as four) in plain text and in every viewer.
    return "\u00a0" * len(m.group().replace("\t", "    "))


def _block(text: str, indent: str) -> str:
    lines = esc(text).split("\n")
    return ("  \n" + indent).join(_LEADING.sub(_keep_indent, line.rstrip()) for line in lines)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _note(n: NoteView) -> list[str]:
    label = f"{n.ref} · {esc(n.agency)} · {n.kind_label}"
    if n.confidential:
        label += " · CONFIDENTIAL"
    lines = [f"- **{label}**: {_block(n.text, '  ')}"]
    meta = []
    if n.owner:
        meta.append(f"Owner: {esc(n.owner)}")
    if n.due:
        meta.append(f"Due: {n.due}")
    if n.source:
        meta.append(f"Source: {esc(n.source)}")
    if n.about:
        meta.append(f"About: {esc(n.about)}")
    if n.pathways:
        meta.append(f"Pathway: {esc(n.pathways)}")
    meta.append(f"Written by {esc(n.author)}")
    if n.edited:
        meta.append(esc(n.edited))
    lines.append("  " + " · ".join(meta))
    if n.flagged:
        lines[-1] += " · wording reviewed, see the appendix"
    return lines


def _flag(f: FlagView) -> list[str]:
    outcome = f.outcome
    if f.reason:
        outcome += f", with the reason: {esc(f.reason)}"
    if f.resolved:
        outcome += f" ({esc(f.resolved)})"
    return [
        f"### Note {f.ref} · {esc(f.agency)}",
        "",
        f"> {_block(f.note_text, '> ')}",
        "",
        f"- **Concern:** {esc(f.category)}. {esc(f.message)}",
        f"- **Outcome:** {outcome}",
        "",
    ]


def render_markdown(view: MapView) -> str:
    out = [f"# {esc(view.title)}", "", f"**{view.classification}**: {view.handling}.", ""]
    if view.redacted:
        out += [f"**REDACTED COPY.** {view.withheld_text or 'No confidential notes were on this board.'}", ""]
    out += _table(
        ["Meeting", ""],
        [
            ["Date", view.date_text],
            ["Time", view.time_text],
            ["Status", view.status],
            ["Copy made", view.exported_text],
        ],
    )
    out += ["## Family", ""]
    if view.family:
        out += _table(["Name", "Role", "Age"], [[p.name, p.role, p.age or "–"] for p in view.family])
    else:
        out += ["No family members were entered.", ""]
    out += ["## Who attended", ""]
    out += _table(
        ["Name", "Agency"], [[a.name, f"{a.agency} ({a.remark})" if a.remark else a.agency] for a in view.attendees]
    )
    for s in view.sections:
        out += [f"## {s.number}. {esc(s.title)}", "", f"*{esc(s.prompt)}*", ""]
        for g in s.groups:
            if g.label:
                out += [f"### {esc(g.label)}", ""]
            for n in g.notes:
                out += _note(n)
            if g.label:
                out.append("")
        if not s.notes:
            out.append("No notes in this section.")
        out.append("")
        if s.withheld:
            out += [f"> {s.withheld_text}", ""]
    out += ["## Actions", ""]
    if view.actions:
        rows = [[a.ref, a.text, a.owner or "Not yet owned", a.due or "No date", a.agency] for a in view.actions]
        out += _table(["Note", "Action", "Owner", "Due", "Raised by"], rows)
    else:
        out += ["No actions were recorded.", ""]
    out += ["## Questions still to answer", ""]
    for q in view.open_questions:
        owned = f" {esc(q.owned_by)}." if q.owned_by else ""
        out.append(f"- {_block(q.message, '  ')} ({esc(q.section)}).{owned}")
    out += ([] if view.open_questions else ["No open questions were left on the map."]) + [""]
    if view.being_found_out:
        out += ["### Being found out", ""]
        for q in view.being_found_out:
            out.append(f"- {_block(q.message, '  ')} ({esc(q.section)}). {_block(q.owned_by, '  ')}.")
        out += [""]
    out += review_markdown(view.review)
    if view.flags:
        out += ["## Appendix: wording reviewed during the meeting", ""]
        for f in view.flags:
            out += _flag(f)
    out += ["---", "", f"*{view.footer}.*", ""]
    return "\n".join(out)
