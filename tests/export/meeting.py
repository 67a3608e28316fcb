"""A realistic case-mapping meeting, built through the public API, for the export tests.

The Harper family: Lee (perpetrator), Kelly (survivor), Mia (9) and Tyler (4). Six agencies
and the facilitator put 37 notes on the board; two are confidential (the refuge address and a
safe phone number), three carry blaming-language flags (one pivoted, one kept with a reason,
one left open), one note is edited, one moved, one deleted, one gap is turned into an action,
and the meeting is closed at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

FAMILY = [
    {"name": "Lee Harper", "role": "perpetrator", "age": 36},
    {"name": "Kelly Harper", "role": "survivor", "age": 33},
    {"name": "Mia", "role": "child", "age": 9},
    {"name": "Tyler", "role": "child", "age": 4},
]

PEOPLE = {
    "police": ("DC Anna Price", "Police"),
    "sw": ("Tom Baird", "Children's social work (SW)"),
    "school": ("Grace Okafor", "School"),
    "hv": ("Ruth Lyle", "Health visitor (HV)"),
    "idva": ("Jess Amin", "IDVA"),
    "da": ("Chris Doyle", "Drug and alcohol"),
}

REFUGE = "Kelly, Mia and Tyler have been in the refuge at 14 Elm Road, Dunfermline since 20 November."
SAFE_PHONE = "Safe number for Kelly: 07700 900123. Texts only, before 3pm, never leave a voicemail."
CONFIDENTIAL_FRAGMENTS = ("14 Elm Road", "Dunfermline", "07700 900123", "never leave a voicemail")

# (who, section, kind, text, extra fields). "L", "K", "M", "T" in `about` name the family.
NOTES: list[tuple[str, str, str, str, dict[str, Any]]] = [
    (
        "police",
        "pattern",
        "observation",
        "Lee punched Kelly in the face on 3 October; Mia (9) phoned 999 from the bathroom.",
        {"source": "police record", "about": "LKM"},
    ),
    (
        "police",
        "pattern",
        "observation",
        "Fifth call-out this year. In August Lee held Kelly against the kitchen wall by her throat.",
        {"source": "police record"},
    ),
    (
        "idva",
        "pattern",
        "observation",
        "Lee takes Kelly's bank card on payday and gives her twenty pounds a week for food.",
        {"source": "survivor", "pathways": ["family_ecology"]},
    ),
    (
        "idva",
        "pattern",
        "observation",
        "Lee checks Kelly's phone every night and put a tracking app on it.",
        {"source": "survivor"},
    ),
    (
        "sw",
        "pattern",
        "observation",
        "Lee smashed Mia's tablet when she would not tell him who her mum had been texting.",
        {"source": "child", "about": "LM", "pathways": ["child_wellbeing"]},
    ),
    (
        "school",
        "pattern",
        "observation",
        "Mia told her teacher that daddy locks her and Tyler in the bedroom when he is angry.",
        {"source": "child", "about": "MT"},
    ),
    (
        "police",
        "pattern",
        "observation",
        "Lee has a 2017 conviction for assaulting a previous partner in Leeds; "
        "a non-molestation order protected her and her son.",
        {"source": "PNC"},
    ),
    (
        "police",
        "pattern",
        "observation",
        "Lee phones the police about Kelly's drinking each time she talks about leaving.",
        {"source": "police record"},
    ),
    (
        "sw",
        "pattern",
        "gap",
        "Does Lee have a child from his first relationship in Poland, and is there any order about that child?",
        {},
    ),
    (
        "hv",
        "pattern",
        "observation",
        "Lee undermines Kelly in front of the children, calling her useless and stupid when she sets bedtimes.",
        {"source": "observed", "pathways": ["partner_parenting"]},
    ),
    (
        "school",
        "impact",
        "observation",
        "Mia's attendance fell to 81% this term; the absences follow the nights police were called.",
        {"source": "school records", "about": "M"},
    ),
    (
        "school",
        "impact",
        "observation",
        "Mia says she is 'scared when daddy shouts' and that she cannot get to sleep.",
        {"source": "child", "about": "M"},
    ),
    (
        "hv",
        "impact",
        "observation",
        "Tyler (4) has a speech delay; Lee refused the referral to speech and language therapy.",
        {"about": "LT"},
    ),
    ("hv", "impact", "observation", "Mum not engaging with services, cancelled two home visits", {}),
    (
        "idva",
        "impact",
        "protective",
        "Kelly takes the children to her mother's when Lee starts drinking.",
        {"source": "survivor"},
    ),
    (
        "idva",
        "impact",
        "protective",
        "Kelly kept Tyler's nursery place going by walking him there when Lee took the car keys.",
        {"source": "survivor", "about": "KT"},
    ),
    (
        "sw",
        "impact",
        "protective",
        "Kelly phoned 999 herself after Lee hit her on 3 October and gave police a full account.",
        {"source": "police record"},
    ),
    (
        "hv",
        "impact",
        "observation",
        "Tyler flinches and hides behind Kelly when Lee raises his voice.",
        {"source": "observed", "about": "T"},
    ),
    ("sw", "impact", "observation", "Children exposed to DV at the property", {}),
    ("idva", "impact", "observation", REFUGE, {"confidential_later": True}),
    (
        "da",
        "factors",
        "observation",
        "Kelly drinks more after incidents; Lee buys the alcohol and then reports her drinking to police.",
        {"source": "survivor"},
    ),
    (
        "da",
        "factors",
        "observation",
        "Lee drinks heavily at weekends, but the phone checks and the control of money happen when he is sober too.",
        {},
    ),
    (
        "sw",
        "factors",
        "observation",
        "Rent arrears of 1,400 pounds; the tenancy is in Lee's name only.",
        {"pathways": ["family_ecology"]},
    ),
    (
        "hv",
        "impact",
        "observation",
        "Kelly's GP prescribed antidepressants; Lee hides her medication.",
        {"move_to": "factors"},
    ),
    (
        "police",
        "factors",
        "observation",
        "Volatile relationship, parents fighting again (wording of the 2019 police log)",
        {},
    ),
    ("idva", "factors", "observation", "Kelly's first language is Polish; Lee interprets for her at appointments.", {}),
    (
        "sw",
        "practice",
        "action",
        "Lee to stop checking Kelly's phone and controlling her money; "
        "programme worker reports monthly on what has changed.",
        {"owner": "Tom Baird", "due": "2026-12-15"},
    ),
    (
        "police",
        "practice",
        "action",
        "Check Lee's bail conditions and record every breach since 3 October.",
        {"owner": "DC Anna Price", "due": "2026-12-04"},
    ),
    (
        "idva",
        "practice",
        "action",
        "Safety-plan with Kelly for the weeks after she leaves, at times Lee is at work.",
        {"owner": "Jess Amin", "due": "2026-12-02"},
    ),
    (
        "school",
        "practice",
        "action",
        "Offer Mia weekly sessions with the pastoral lead.",
        {"owner": "Grace Okafor", "due": "2026-12-07"},
    ),
    (
        "hv",
        "practice",
        "action",
        "Refer Tyler to speech and language therapy with Kelly's consent; visit when Lee is at work.",
        {"owner": "Ruth Lyle", "due": "2026-12-11"},
    ),
    (
        "da",
        "practice",
        "action",
        "Offer Kelly a women-only alcohol support group that runs while Tyler is at nursery.",
        {"owner": "Chris Doyle", "due": "2027-01-08"},
    ),
    (
        "sw",
        "practice",
        "action",
        "Book a Polish interpreter for every meeting with Kelly; never use Lee to interpret.",
        {"owner": "Tom Baird", "due": "2026-12-01"},
    ),
    ("sw", "practice", "gap", "What does Lee say about the harm to Mia and Tyler? Nobody has asked him yet.", {}),
    ("idva", "practice", "observation", SAFE_PHONE, {"confidential": True}),
    (
        "fac",
        "practice",
        "observation",
        "Review meeting in six weeks; the plan does not depend on Kelly separating from Lee.",
        {},
    ),
]
EDITED_FROM = "Lee punched Kelly in the face on 3 October; Mia (9) phoned 999 from the bathroom."
EDITED_TO = "Lee punched Kelly in the face twice on 3 October; Mia (9) phoned 999 from the bathroom."
DELETED = "Duplicate: Lee took the car keys"
PIVOTED, KEPT, OPEN = NOTES[13][3], NOTES[24][3], NOTES[18][3]
KEPT_REASON = "Quoted from the 2019 police log; the room noted the word hides what Lee did."
GAP_OWNER = "Tom Baird (SW)"


@dataclass
class Meeting:
    board_id: str
    fac_token: str
    viewer_token: str
    title: str
    texts: list[str] = field(default_factory=list)  # every note's final text
    confidential: list[str] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _ok(r: Any, status: int = 200) -> dict[str, Any]:
    assert r.status_code == status, r.text
    return dict(r.json()) if r.content else {}


def build_meeting(client: TestClient, title: str = "CP case discussion 24/0193 – Harper children") -> Meeting:
    created = _ok(client.post("/api/boards", json={"title": title, "family": FAMILY}), 201)
    bid = created["board"]["id"]
    m = Meeting(
        bid, created["facilitator_token"], created["viewer_token"], title, tokens={"fac": created["facilitator_token"]}
    )
    fac = _auth(m.fac_token)
    people = {p["name"][0]: p["id"] for p in created["board"]["family"]}
    for key, (name, agency) in PEOPLE.items():
        body = {"join_code": created["join_code"], "name": name, "agency": agency}
        m.tokens[key] = _ok(client.post(f"/api/boards/{bid}/join", json=body), 201)["token"]
    extra = _ok(
        client.post(
            f"/api/boards/{bid}/join", json={"join_code": created["join_code"], "name": "Visitor", "agency": "Unknown"}
        ),
        201,
    )
    _ok(client.post(f"/api/boards/{bid}/participants/{extra['participant']['id']}/remove", headers=fac))
    ids: dict[str, str] = {}
    for i, (who, section, kind, text, opts) in enumerate(NOTES):
        if i in (0, 10, 20, 26):
            _ok(client.post(f"/api/boards/{bid}/focus", json={"section": section}, headers=fac))
        body: dict[str, Any] = {"section": section, "kind": kind, "text": EDITED_FROM if text == EDITED_FROM else text}
        for key in ("source", "pathways", "owner", "due", "confidential"):
            if key in opts:
                body[key] = opts[key]
        if "about" in opts:
            body["about"] = [people[c] for c in opts["about"]]
        note = _ok(client.post(f"/api/boards/{bid}/notes", json=body, headers=_auth(m.tokens[who])), 201)
        ids[text] = note["id"]
        if opts.get("confidential_later"):  # typed in the open first, then marked confidential
            _ok(
                client.patch(
                    f"/api/boards/{bid}/notes/{note['id']}", json={"version": 1, "confidential": True}, headers=fac
                )
            )
        if "move_to" in opts:
            _ok(
                client.patch(
                    f"/api/boards/{bid}/notes/{note['id']}",
                    json={"version": 1, "section": opts["move_to"]},
                    headers=fac,
                )
            )
        if i == 15:
            dup = _ok(
                client.post(
                    f"/api/boards/{bid}/notes",
                    json={"section": "impact", "text": DELETED},
                    headers=_auth(m.tokens["idva"]),
                ),
                201,
            )
            assert client.delete(f"/api/boards/{bid}/notes/{dup['id']}", headers=fac).status_code == 204
    _ok(
        client.patch(
            f"/api/boards/{bid}/notes/{ids[EDITED_FROM]}",
            json={"version": 1, "text": EDITED_TO},
            headers=_auth(m.tokens["police"]),
        )
    )
    _ok(
        client.post(
            f"/api/boards/{bid}/notes/{ids[PIVOTED]}/flags/not_engaging", json={"status": "pivoted"}, headers=fac
        )
    )
    _ok(
        client.post(
            f"/api/boards/{bid}/notes/{ids[KEPT]}/flags/mutualising",
            json={"status": "kept", "reason": KEPT_REASON},
            headers=fac,
        )
    )
    _ok(client.post(f"/api/boards/{bid}/lock", headers=fac))
    _ok(client.post(f"/api/boards/{bid}/unlock", headers=fac))
    board = _ok(client.get(f"/api/boards/{bid}", headers=fac))
    gap = next(g for g in board["gaps"] if g["note_id"] == ids[NOTES[8][3]])
    _ok(
        client.post(
            f"/api/boards/{bid}/gaps/{gap['id']}/action", json={"owner": GAP_OWNER, "due": "2026-12-09"}, headers=fac
        ),
        201,
    )
    _ok(client.post(f"/api/boards/{bid}/close", headers=fac))
    board = _ok(client.get(f"/api/boards/{bid}", headers=fac))
    m.texts = [n["text"] for n in board["notes"]]
    m.confidential = [n["text"] for n in board["notes"] if n["confidential"]]
    return m
