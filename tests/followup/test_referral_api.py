"""The referral summary through the API and the facilitator's page, proved on the bytes of the
PDF and Word files: his behaviours are in; her location, her safety strategies, her protective
efforts, her confidential disclosures and whatever the facilitator unticked are not."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from app.config import get_settings
from tests.followup.helpers import Meeting, close, meeting, note, ok, review, start_review

BEHAVIOURS = (
    "Adam punched Maria in the face on 3 October.",
    "Adam takes Maria's bank card on payday and gives her twenty pounds.",
    "Jay (6) wets the bed after call-outs.",
    "Adam to attend the Caledonian programme and stop checking Maria's phone.",
)
UNTICKED = "Adam calls Maria a useless mother in front of Jay (UNTICKMARK)."
NEVER = {
    "location": "Maria and Jay are staying at 14 Elm Road (LOCMARK).",
    "safety": "Safe number for Maria: texts only, before 3pm (SAFEMARK).",
    "protective": "Maria takes Jay to her sister's when Adam drinks (PROTMARK).",
    "confidential": "Maria disclosed that Adam raped her in August (CONFMARK).",
}
MARKERS = ("LOCMARK", "SAFEMARK", "PROTMARK", "CONFMARK", "UNTICKMARK", "14 Elm Road")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Meeting]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('referral') / 'casemap.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEMAP_DATABASE_URL", url)
        get_settings.cache_clear()
        from app.main import create_app

        with TestClient(create_app(), base_url="http://testserver") as client:
            m = meeting(client)
            police, school = m.people["Sam Reid"], m.people["Kim Lee"]
            note(client, m, police, "punch", "pattern", BEHAVIOURS[0], source="police record")
            note(client, m, police, "card", "pattern", BEHAVIOURS[1])
            note(client, m, school, "bed", "impact", BEHAVIOURS[2])
            note(client, m, m.fac, "goal", "practice", BEHAVIOURS[3], kind="action", owner="CJSW")
            note(client, m, police, "untick", "pattern", UNTICKED)
            note(client, m, school, "location", "impact", NEVER["location"])
            note(client, m, m.fac, "safety", "practice", NEVER["safety"])
            note(client, m, school, "protective", "impact", NEVER["protective"], kind="protective")
            note(client, m, police, "confidential", "pattern", NEVER["confidential"], confidential=True)
            close(client, m)
            yield client, m
    get_settings.cache_clear()


def text_of(fmt: str, body: bytes) -> str:
    if fmt == "pdf":
        assert body.startswith(b"%PDF-")
        return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())
    assert body.startswith(b"PK")
    doc = Document(io.BytesIO(body))
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for s in doc.sections for p in (*s.header.paragraphs, *s.footer.paragraphs)]
    return " ".join(" ".join(parts).split())


def preview(client: TestClient, m: Meeting) -> Any:
    return ok(client.get(f"/api/boards/{m.board_id}/referral", headers=m.fac), 200)


def offered_ids(p: Any) -> dict[str, str]:
    return {i["text"]: i["id"] for part in p["parts"] for g in part["groups"] for i in g["items"]}


def test_the_preview_offers_his_pattern_and_names_what_is_never_included(site: tuple[TestClient, Meeting]) -> None:
    client, m = site
    p = preview(client, m)
    offered = offered_ids(p)
    assert set(BEHAVIOURS) | {UNTICKED} <= set(offered)
    assert not set(NEVER.values()) & set(offered)
    assert {i["text"]: i["excluded"] for i in p["excluded"]} == {text: key for key, text in NEVER.items()}
    parts = {part["key"]: part for part in p["parts"]}
    kinds = [g["key"] for g in parts["pattern"]["groups"]]
    assert kinds[:2] == ["physical_violence", "coercive_control"] and "economic" in kinds
    assert [g["label"] for g in parts["children"]["groups"]] == ["Jay (6)"]
    assert "change" not in parts  # a first meeting has no change panel


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_file_holds_his_behaviours_and_none_of_the_excluded_kinds(
    site: tuple[TestClient, Meeting], fmt: str
) -> None:
    client, m = site
    offered = offered_ids(preview(client, m))
    include = [i for text, i in offered.items() if text != UNTICKED]
    r = client.post(f"/api/boards/{m.board_id}/referral", json={"format": fmt, "include": include}, headers=m.fac)
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"].startswith('attachment; filename="casemap-referral-cp-case-discussion')
    text = text_of(fmt, r.content)
    for behaviour in BEHAVIOURS:
        assert behaviour in text, f"{fmt}: {behaviour!r} missing"
    assert "Physical and sexual violence" in text and "Economic abuse" in text and "Jay (6)" in text
    leaked = [marker for marker in MARKERS if marker in text]
    assert not leaked, f"{fmt} holds {leaked}"
    assert "OFFICIAL-SENSITIVE" in text and "a perpetrator programme" in text


def test_asking_for_an_excluded_item_is_refused_and_makes_no_file(site: tuple[TestClient, Meeting]) -> None:
    client, m = site
    before = len(ok(client.get(f"/api/boards/{m.board_id}/audit", headers=m.fac), 200))
    p = preview(client, m)
    for item in p["excluded"]:
        r = client.post(
            f"/api/boards/{m.board_id}/referral", json={"format": "pdf", "include": [item["id"]]}, headers=m.fac
        )
        assert r.status_code == 422 and r.json()["code"] == "excluded_item", r.text
    r = client.post(
        f"/api/boards/{m.board_id}/referral", json={"format": "pdf", "include": ["n:nosuch"]}, headers=m.fac
    )
    assert r.status_code == 422 and r.json()["code"] == "unknown_item"
    assert len(ok(client.get(f"/api/boards/{m.board_id}/audit", headers=m.fac), 200)) == before


def test_by_default_the_ticked_items_go_in_and_the_download_is_recorded(site: tuple[TestClient, Meeting]) -> None:
    client, m = site
    r = client.post(f"/api/boards/{m.board_id}/referral", json={"format": "docx", "audience": "court"}, headers=m.fac)
    assert r.status_code == 200
    text = text_of("docx", r.content)
    assert BEHAVIOURS[0] in text and "the court" in text
    assert not [marker for marker in MARKERS if marker != "UNTICKMARK" and marker in text]
    row = ok(client.get(f"/api/boards/{m.board_id}/audit", headers=m.fac), 200)[-1]
    assert row["action"] == "referral.exported" and row["detail"]["audience"] == "court"


def test_only_the_facilitator_of_a_closed_board_gets_a_referral(site: tuple[TestClient, Meeting]) -> None:
    client, m = site
    for who in (m.people["Sam Reid"], m.viewer):
        assert client.get(f"/api/boards/{m.board_id}/referral", headers=who).status_code == 403
        assert client.post(f"/api/boards/{m.board_id}/referral", json={"format": "pdf"}, headers=who).status_code == 403
    assert client.post(f"/api/boards/{m.board_id}/referral", json={"format": "rtf"}, headers=m.fac).status_code == 422
    fresh = meeting(client, "Open meeting")
    r = client.get(f"/api/boards/{fresh.board_id}/referral", headers=fresh.fac)
    assert r.status_code == 409 and r.json()["code"] == "board_not_closed"


def test_the_preview_page_downloads_what_is_ticked(site: tuple[TestClient, Meeting]) -> None:
    client, m = site
    cookie = {"Cookie": f"cm_{m.board_id}={m.fac['Authorization'].split()[1]}"}
    page = client.get(f"/b/{m.board_id}/referral", headers=cookie)
    assert page.status_code == 200 and "Never in a referral summary" in page.text
    assert 'name="include"' in page.text and "Her protective efforts" in page.text
    offered = offered_ids(preview(client, m))
    params = [("format", "pdf"), ("audience", "programme"), ("include", offered[BEHAVIOURS[0]])]
    r = client.get(f"/b/{m.board_id}/referral/file", params=params, headers=cookie)
    assert r.status_code == 200
    text = text_of("pdf", r.content)
    assert BEHAVIOURS[0] in text and BEHAVIOURS[1] not in text  # only what was ticked


def test_a_review_boards_referral_holds_the_agreed_ratings_and_safe_evidence(site: tuple[TestClient, Meeting]) -> None:
    client, m = site
    r = start_review(client, m)
    base = f"/api/boards/{r.board_id}/review"
    ok(
        client.post(
            f"{base}/evidence", json={"question": "naming", "text": "He admits the punch only."}, headers=r.fac
        ),
        201,
    )
    ok(
        client.post(
            f"{base}/evidence",
            json={"question": "changes", "text": "Maria says he still reads her texts (EVMARK).", "confidential": True},
            headers=r.fac,
        ),
        201,
    )
    ok(client.post(f"{base}/ratings/naming", json={"rating": "partly"}, headers=r.fac), 200)
    close(client, r)
    assert review(client, r)["is_review"]
    body = client.post(f"/api/boards/{r.board_id}/referral", json={"format": "pdf"}, headers=r.fac)
    text = text_of("pdf", body.content)
    assert "Naming the behaviours: PARTLY" in text and "He admits the punch only." in text
    assert BEHAVIOURS[0] in text  # his pattern from the earlier map
    assert not [marker for marker in (*MARKERS, "EVMARK") if marker in text and marker != "UNTICKMARK"]
