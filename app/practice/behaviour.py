"""His behaviours, sorted into the kinds a perpetrator programme or a court reads them by.

The referral summary groups his pattern by kind (physical violence, threats, coercive control,
economic abuse, isolation, use of the children, use of systems), the review board asks which
kinds are new since the last meeting, and the minutes pick one line per kind. One reading,
here, for all three.

``behaviour_kinds(text, refs)`` returns every kind a note describes, the most specific first
(a phone he threw that hit his son is physical violence first, use of the children second).
Panel names are read as P / M first (``Refs.normalise``), so "Karl took Gemma's card" and
"P took M's card" read the same. A note that names no kind is ``other``.

Pure: no web, database or I/O imports.
"""

from __future__ import annotations

import re
from typing import Final

from app.practice.gaps_cues import words
from app.practice.gaps_text import Refs

KIND_LABELS: Final[dict[str, str]] = {
    "physical_violence": "Physical and sexual violence",
    "threats": "Threats and intimidation",
    "coercive_control": "Coercive control: monitoring, degrading, controlling her day to day",
    "economic": "Economic abuse",
    "isolation": "Isolation",
    "use_of_children": "Harm to the children and use of the children",
    "use_of_systems": "Use of police, services and the courts against her",
    "history": "Earlier relationships, orders and offending",
    "other": "Other behaviour",
}
KINDS: Final[tuple[str, ...]] = tuple(KIND_LABELS)

_HISTORY = words(
    r"\b(?:ex|exes|ex-?(?:partner|partners|wife|gf|girlfriend)|previous (?:partners?|relationships?|wife|"
    r"girlfriend|convictions?|offences?|offending|record|history)|former (?:partner|wife|girlfriend)|"
    r"earlier relationship|other (?:children|kids|partners?)|first (?:wife|partner|family|marriage)|"
    r"(?:children|kids) (?:from|of|with) (?:a |an |his )?(?:previous|another|other|ex|first|earlier)|"
    r"pnc|convict\w*|prison|jail|sentenced|barred from|"
    r"(?:record|history|convictions?|offending|orders?|lived|life|past|famil(?:y|ies)) (?:\w+ ){0,3}?"
    r"(?:abroad|overseas|back home)|"
    r"orders? (?:against|barring|preventing)|clare'?s law|dvds|known to (?:police|services))\b"
)
_PHYSICAL = words(
    r"\b(?:hit|hits|hitting|punch\w*|slap\w*|kick\w*|push\w*|shov\w*|strangl\w*|chok\w*|throttl\w*|"
    r"(?:by|round|around|on) (?:her|the|m's|his) (?:neck|throat)|assault\w*|injur\w*|bruis\w*|"
    r"black eye|split (?:her )?lip|headbutt\w*|head-?butt\w*|bit (?:her|him|m)|bites|grab\w*|drag\w*|"
    r"threw|throws|thrown|stab\w*|beat|beats|beaten|beating|attack\w*|violen\w*|pinned|"
    r"spat|spits|burn(?:ed|t|s)? (?:her|m|them)|rape\w*|sexual(?:ly)? (?:assault\w*|abus\w*|violen\w*)|"
    r"forced (?:her|m) (?:to have sex|into sex)|fractur\w*|broken (?:nose|arm|ribs?|jaw|wrist))\b"
)
_THREATS = words(
    r"\b(?:threat\w*|threaten\w*|(?:said|says|told (?:her|m)) (?:he(?:'d| would| will)|that he)\s+"
    r"(?:\w+\s+){0,2}(?:kill|hurt|harm|take|cut|stab|burn|find|get)|"
    r"(?:kill|cut (?:her|m's) throat|burn the house)|intimidat\w*|menac\w*|frighten\w*|"
    r"(?:knife|weapon|gun)|shows? (?:her|m) (?:a|the) knife|deport\w*)\b"
)
_ECONOMIC = words(
    r"\b(?:money|bank|(?:her|m's|bank|debit|credit) card|cards?|wages?|salary|allowance|benefits?|uc|"
    r"universal credit|child benefit|payday|pounds|£\s?\d+|\d+\s?pounds|debts?|loans?|"
    r"in (?:her|m's) name|rent|bills|financ\w*|spending|receipts|won'?t let (?:her|m) work|"
    r"stop(?:s|ped)? (?:her|m) working|her job|her earnings)\b"
)
_ISOLATION = words(
    r"\b(?:isolat\w*|won'?t let (?:her|m) (?:see|go|visit|leave|learn|drive|out)|"
    r"(?:doesn'?t|does not|didn'?t) let (?:her|m) (?:see|go|visit|leave|learn|drive|out)|"
    r"not allowed (?:out|to (?:see|go|visit|leave|learn|drive))|forb(?:ids?|ade|idden)|"
    r"stops? (?:her|m) (?:from )?(?:seeing|going|visiting|leaving|learning|driving)|"
    r"stopped (?:her|m) (?:from )?(?:seeing|going|visiting|leaving|learning|driving)|"
    r"(?:her|m's) (?:friends|family|sister|mum|mother|parents)|friends|"
    r"english (?:classes|lessons|course)|learn(?:ing)? english|college|church|mosque|temple|"
    r"no (?:front )?(?:door )?key|(?:her|house|door|front|car) keys?|locks? (?:her|m)\b|"
    r"locked (?:her|m)\b|locked in|keeps? (?:her|m) (?:in|at home|indoors)|"
    r"(?:takes?|took|hides?|hid) (?:her|m's) (?:phone|passport|keys))\b"
)
_CHILDREN_ACTS = words(
    r"\b(?:in front of (?:the )?(?:kids|children|\w+ \(\d+\))|uses? (?:the )?(?:kids|children)|"
    r"used (?:the )?(?:kids|children)|to spy|spy on|contact|handovers?|school gates?|"
    r"(?:their|the kids'?|the children'?s) toys|counsell\w*|tells? (?:the )?(?:kids|children) "
    r"(?:that )?(?:she|m|mum)|undermin\w*)\b"
)
_SYSTEMS = words(
    r"\b(?:(?:calls?|called|calling|rang|rings|ringing|phoned|phones|reports?|reported|reporting|"
    r"complain\w*|contacts?|contacted|made (?:a )?(?:referral|complaint)|tells?|told)\s+"
    r"(?:\w+\s+){0,3}?(?:police|999|101|social work\w*|sw|social services|school|gp|hv|"
    r"home office|immigration|court|services|council|housing|benefits? office|dwp)\b"
    r"(?:\s+(?:\w+\s+){0,4}?(?:on|about|re|that) (?:her|m|mum|she))?|"
    r"false (?:allegation|report|claim)s?|malicious\w*|counter-?allegation\w*|cross-?allegation\w*|"
    r"(?:court|legal) (?:applications?|proceedings)|applied (?:to the court|for (?:contact|residence|custody))|"
    r"litigat\w*|(?:her|m's) (?:visa|immigration status|status))"
)
_COERCIVE = words(
    r"\b(?:control\w*|coerc\w*|track\w*|gps|find my|location|monitor\w*|times (?:her|m)|"
    r"timing (?:her|m)|follow(?:s|ed|ing)? (?:her|m)\b|stalk\w*|harass\w*|checks? (?:her|m's|on her)|"
    r"checking|goes through|reads? (?:her|m's)|(?:her|m's) (?:phone|messages|texts)|texts|messages|"
    r"turns? up|turned up|jealous\w*|possessive|accus\w*|name[- ]?calling|calls (?:her|m) (?:a|an)|"
    r"called (?:her|m) (?:a|an)|put[- ]?downs?|belittl\w*|degrad\w*|humiliat\w*|insult\w*|"
    r"smash\w*|broke|breaks|destroy\w*|(?:what she|what m) wears|permission|decides|"
    r"sexual\w*|gaslight\w*|crazy|nutter|psycho|mad|blocks? (?:the )?door|blocked (?:the )?door)\b"
)

_ORDER: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("history", _HISTORY),
    ("physical_violence", _PHYSICAL),
    ("threats", _THREATS),
    ("use_of_systems", _SYSTEMS),
    ("economic", _ECONOMIC),
    ("isolation", _ISOLATION),
    ("coercive_control", _COERCIVE),
)


def behaviour_kinds(text: str, refs: Refs) -> tuple[str, ...]:
    """Every kind of behaviour the note describes, the most specific first; ``("other",)`` when
    it names none. The children come second when a kind of his behaviour involves them, first
    when they are the only thing named ("took J out of school to stop counselling")."""
    plain = refs.normalise(text)
    found = [kind for kind, pattern in _ORDER if pattern.search(plain)]
    children = bool(refs.child.search(plain)) or bool(_CHILDREN_ACTS.search(plain))
    if children:
        found.insert(1 if found else 0, "use_of_children")
    return tuple(found) or ("other",)


def primary_kind(text: str, refs: Refs) -> str:
    return behaviour_kinds(text, refs)[0]
