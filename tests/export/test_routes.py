"""The export and import routes as a client meets them: real app, real SQLite file, HTTP."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from app.config import get_settings
from tests.export.meeting import CONFIDENTIAL_FRAGMENTS, Meeting, build_meeting
from tests.export.test_exports import normalise


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Meeting]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('routes') / 'casemap.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEMAP_DATABASE_URL", url)
        mp.setenv("CASEMAP_MAX_IMPORT_BYTES", "2000000")
        get_settings.cache_clear()
        from app.main import create_app

        with TestClient(create_app(), base_url="http://testserver") as client:
            yield client, build_meeting(client)
    get_settings.cache_clear()


def export(client: TestClient, m: Meeting, fmt: str, redact: bool = False, token: str | None = None) -> Any:
    params = {"format": fmt, **({"redact": "true"} if redact else {})}
    return client.get(f"/api/boards/{m.board_id}/export", params=params, headers=auth(token or m.fac_token))


@pytest.mark.parametrize(
    ("fmt", "media", "magic"),
    [
        ("pdf", "application/pdf", b"%PDF-"),
        ("docx", "officedocument", b"PK"),
        ("md", "text/markdown", b"# "),
        ("json", "application/json", b"{"),
    ],
)
def test_the_facilitator_downloads_each_format_as_a_named_attachment(
    site: tuple[TestClient, Meeting], fmt: str, media: str, magic: bytes
) -> None:
    client, m = site
    r = export(client, m, fmt)
    assert r.status_code == 200, r.text
    assert media in r.headers["content-type"]
    assert r.content.startswith(magic)
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "casemap-cp-case-discussion-24-0193-harper-children-" in disposition
    assert disposition.endswith(f'.{fmt}"')
    assert r.headers["cache-control"] == "no-store"
    red = export(client, m, fmt, redact=True)
    assert red.status_code == 200 and f'-redacted.{fmt}"' in red.headers["content-disposition"]


def _text(fmt: str, body: bytes) -> str:
    if fmt == "pdf":
        return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())
    if fmt == "docx":
        return zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
    return body.decode()


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md", "json"])
def test_a_redacted_download_holds_no_confidential_text_and_the_full_one_does(
    site: tuple[TestClient, Meeting], fmt: str
) -> None:
    client, m = site
    full = _text(fmt, export(client, m, fmt).content)
    redacted = _text(fmt, export(client, m, fmt, redact=True).content)
    assert "07700 900123" in full
    for fragment in CONFIDENTIAL_FRAGMENTS:
        assert fragment not in redacted


@pytest.mark.parametrize("who", ["police", "sw"])
def test_participants_and_the_projector_cannot_download(site: tuple[TestClient, Meeting], who: str) -> None:
    client, m = site
    for token in (m.tokens[who], m.viewer_token):
        r = export(client, m, "pdf", token=token)
        assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_another_boards_token_and_no_token_get_nothing(site: tuple[TestClient, Meeting]) -> None:
    client, m = site
    other = client.post("/api/boards", json={"title": "Another case"}).json()
    r = export(client, m, "json", token=other["facilitator_token"])
    assert r.status_code == 403 and "Harper" not in r.text
    r = client.get(f"/api/boards/{m.board_id}/export", params={"format": "json"})
    assert r.status_code == 401 and "Harper" not in r.text


def test_an_unknown_format_is_a_clear_422(site: tuple[TestClient, Meeting]) -> None:
    client, m = site
    r = export(client, m, "xlsx")
    assert r.status_code == 422 and "format" in r.json()["detail"]


def test_every_download_is_in_the_audit_trail(site: tuple[TestClient, Meeting]) -> None:
    client, m = site
    before = [a for a in client.get(f"/api/boards/{m.board_id}/audit", headers=auth(m.fac_token)).json()]
    assert export(client, m, "md", redact=True).status_code == 200
    after = client.get(f"/api/boards/{m.board_id}/audit", headers=auth(m.fac_token)).json()
    assert len(after) == len(before) + 1
    row = after[-1]
    assert row["action"] == "board.exported" and row["detail"] == {"format": "md", "redacted": True}
    assert row["actor_role"] == "facilitator"


def test_export_import_export_over_http_gives_the_same_document(site: tuple[TestClient, Meeting]) -> None:
    client, m = site
    first = export(client, m, "json").json()
    r = client.post("/api/boards/import", content=json.dumps(first), headers={"Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["board"]["id"] != m.board_id and made["board"]["title"] == m.title
    assert made["join_url"] and made["facilitator_url"] and made["present_url"]
    copy = Meeting(made["board"]["id"], made["facilitator_token"], made["viewer_token"], m.title)
    second = export(client, copy, "json").json()
    assert normalise(second) == normalise(first)
    assert export(client, m, "json", token=copy.fac_token).status_code == 403  # the copy's key opens only the copy


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"not json at all", 422, "not JSON"),
        (b'{"hello": 1}', 422, "not a Casemap export"),
        (b"[" * 100_000, 422, "not JSON"),
        (b" " * 2_100_000, 413, "too large"),
    ],
)
def test_a_bad_import_is_refused_with_a_clear_message(
    site: tuple[TestClient, Meeting], body: bytes, status: int, says: str
) -> None:
    client, _ = site
    r = client.post("/api/boards/import", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == status, r.text
    assert says in r.json()["detail"]


def test_a_redacted_file_cannot_be_imported(site: tuple[TestClient, Meeting]) -> None:
    client, m = site
    redacted = export(client, m, "json", redact=True).content
    r = client.post("/api/boards/import", content=redacted, headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["code"] == "redacted_export"


def test_import_needs_the_create_key_when_one_is_set(
    site: tuple[TestClient, Meeting], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, m = site
    doc = export(client, m, "json").content
    monkeypatch.setenv("CASEMAP_CREATE_KEY", "sesame-open-please")
    get_settings.cache_clear()
    try:
        r = client.post("/api/boards/import", content=doc, headers={"Content-Type": "application/json"})
        assert r.status_code == 403 and r.json()["code"] == "create_key_required"
        r = client.post(
            "/api/boards/import",
            content=doc,
            headers={"Content-Type": "application/json", "X-Create-Key": "sesame-open-please"},
        )
        assert r.status_code == 201
    finally:
        monkeypatch.delenv("CASEMAP_CREATE_KEY")
        get_settings.cache_clear()
