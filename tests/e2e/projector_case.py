"""Forty realistic notes from five professionals (the seed case, Marketa and Aleksander, grown to a
full meeting), plus one confidential note, for the projector's fit-the-whole-map tests."""

from __future__ import annotations

from typing import Any

import httpx

PEOPLE = {
    "SW": "Dana Whitfield",
    "Police": "PC Gareth Owens",
    "School": "Ruth Adeyemi",
    "HV": "Helen Price",
    "IDVA": "Jo Malik",
}


def n(agency: str, section: str, text: str, **extra: str) -> tuple[str, dict[str, Any]]:
    return agency, {"section": section, "text": text, **extra}


NOTES: list[tuple[str, dict[str, Any]]] = [
    # pattern
    n(
        "SW",
        "pattern",
        "Aleksander locked Marketa and both children in the flat for a weekend in September, took her keys and phone",
    ),
    n("Police", "pattern", "3 call-outs since June. 14/6 A punched M in the face, Tomas (9) present"),
    n(
        "Police",
        "pattern",
        "Aleksander threatened to cut Marketa's throat in front of Ema (Aug), M disclosed to IDVA",
        source="survivor",
    ),
    n(
        "Police",
        "pattern",
        "A called police himself on 2/11 saying M was drunk with the kids; M had tried to leave that afternoon",
    ),
    n("Police", "pattern", "? his history in Czechia: previous partner, any orders or convictions there", kind="gap"),
    n("IDVA", "pattern", "He checks her phone every night and takes her bank card; she has no money of her own"),
    n(
        "IDVA",
        "pattern",
        "He tells her she will be deported and lose the children if she calls anyone",
        source="survivor",
    ),
    n("School", "pattern", "A turned up at the school gate drunk on 9/10 and shouted at M in front of Ema's class"),
    n("SW", "pattern", "He smashed Tomas's games console after Tomas asked to stay at his friend's house"),
    n("HV", "pattern", "A answers every question for M at home visits and will not leave the room"),
    n("IDVA", "pattern", "He times her trips to the shop and phones her if she is out longer than 20 minutes"),
    n(
        "Police",
        "pattern",
        "A has told officers twice that M is 'mental' and hits the children; no evidence found either time",
    ),
    # impact
    n(
        "SW",
        "impact",
        "Tomas and Ema often in the same clothes several days running, Ema's glasses missing since October",
    ),
    n(
        "School",
        "impact",
        "Tomas's bad days at school are the day after police call-outs: tearful, falls asleep in class",
    ),
    n("School", "impact", "Tomas told his teacher 'daddy threw his phone and it hit me'", source="child"),
    n("School", "impact", "Ema quiet, watchful, asks every afternoon whether dad will be at home"),
    n(
        "HV",
        "impact",
        "Marketa sends the children to the neighbour's when he starts drinking and puts them to bed early",
        kind="protective",
    ),
    n(
        "IDVA",
        "impact",
        "M kept the children's school routine going through all of "
        "this and took them to her sister's after the August threat",
        kind="protective",
    ),
    n("School", "impact", "Tomas's attendance 81% this term; every absence follows a weekend A was at home"),
    n("HV", "impact", "Ema wets the bed again since the summer; M washes the sheets before A wakes so he won't shout"),
    n("SW", "impact", "Tomas says he 'keeps watch' at night and sleeps with his shoes on", source="child"),
    n("HV", "impact", "Ema missed her eye test twice: A took the car both times"),
    n(
        "IDVA",
        "impact",
        "M hid money in Ema's school bag so she could get a taxi to her sister's if needed",
        kind="protective",
    ),
    n("School", "impact", "Ema drew her family with dad much bigger than everyone and 'angry'", source="child"),
    # factors
    n("HV", "factors", "Aleksander buys Marketa vodka and then reports her drinking to services"),
    n(
        "HV",
        "factors",
        "Aleksander forbids Marketa from going to English classes; she has no interpreter at appointments",
    ),
    n("IDVA", "factors", "M's visa depends on A; he holds her passport and residence card"),
    n("SW", "factors", "Rent arrears since A stopped paying his share in July; eviction letter came in November"),
    n("HV", "factors", "M low in mood; GP offered help but A came to the appointment and spoke for her"),
    n("Police", "factors", "A drinks most evenings; the threats and phone checks also happen when he is sober"),
    n("IDVA", "factors", "No family nearby except M's sister; A has cut M off from her Czech friends online"),
    n("SW", "factors", "? whether A's own drinking or mental health has ever been assessed", kind="gap"),
    # practice
    n(
        "SW",
        "practice",
        "SW to see Aleksander about his behaviour and its effect on Tomas and Ema; clear expectations in writing",
        kind="action",
        owner="SW",
        due="2027-01-10",
    ),
    n(
        "Police",
        "practice",
        "Police to ask Czech police about his offending history and any orders",
        kind="action",
        owner="Police",
        due="2026-12-20",
    ),
    n(
        "IDVA",
        "practice",
        "IDVA to offer M an interpreter and safety planning at a time he is at work",
        kind="action",
        owner="IDVA",
        due="2026-12-15",
    ),
    n(
        "School",
        "practice",
        "School to give Tomas a quiet start on the mornings after a call-out; police to tell school by 8am",
        kind="action",
        owner="School",
    ),
    n(
        "HV",
        "practice",
        "HV to book Ema's eye test with transport arranged",
        kind="action",
        owner="HV",
        due="2026-12-12",
    ),
    n(
        "SW",
        "practice",
        "Refer A to the Caledonian programme; progress judged by what changes at home, not attendance",
        kind="action",
        owner="SW",
    ),
    n(
        "Police",
        "practice",
        "Police to consider a prosecution for the August threat that does not depend on M's statement",
        kind="action",
        owner="Police",
    ),
    n(
        "IDVA",
        "practice",
        "M wants the children to stay with her and to keep the school; she does not want to move area",
    ),
]

CONFIDENTIAL_TEXT = "M's sister's address (safe place) is known to IDVA only: not to be shared"


def post_case(base_url: str, board: dict[str, Any]) -> dict[str, str]:
    """Join the five professionals by the join code and post every note through the JSON API;
    return the token of each agency."""
    bid = board["board"]["id"]
    tokens: dict[str, str] = {}
    for agency, name in PEOPLE.items():
        r = httpx.post(
            f"{base_url}/api/boards/{bid}/join",
            json={"join_code": board["join_code"], "name": name, "agency": agency},
            timeout=10,
        )
        assert r.status_code == 201, r.text
        tokens[agency] = r.json()["token"]
    for agency, body in NOTES:
        r = httpx.post(
            f"{base_url}/api/boards/{bid}/notes",
            json=body,
            headers={"Authorization": f"Bearer {tokens[agency]}"},
            timeout=10,
        )
        assert r.status_code == 201, r.text
    r = httpx.post(
        f"{base_url}/api/boards/{bid}/notes",
        json={"section": "impact", "text": CONFIDENTIAL_TEXT, "confidential": True},
        headers={"Authorization": f"Bearer {tokens['IDVA']}"},
        timeout=10,
    )
    assert r.status_code == 201, r.text
    return tokens
