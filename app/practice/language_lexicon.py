"""Word lists and regex building blocks for the blaming-language analyser.

Pure data: strings only, no compiled state and no I/O.  Everything is matched
case-insensitively against a note whose quotes and dashes have been
normalised to ASCII (see ``language.normalise``).
"""

from __future__ import annotations

# A "word" (keeps apostrophes, ampersands and inner hyphens, but a free-standing
# dash is not a word, so gaps never run across " - " clause breaks).
W = r"[\w'&/]+(?:-[\w'&/]+)*"


def loose(pattern: str) -> str:
    """Accept contractions typed without the apostrophe ("cant", "doesnt", "wasnt")."""
    return pattern.replace("n't", "n'?t")


def gap(n: int) -> str:
    """Up to ``n`` intervening words (lazy), each followed by spacing."""
    return rf"(?:{W},?\s+){{0,{n}}}?"


# --- who is who ---------------------------------------------------------------
_LONE_M = r"(?<![\w'.])m(?![\w-]|\.\w)"
_LONE_P = r"(?<![\w'.])p(?![\w-]|\.\w)"

SURV_SUBJ = (
    rf"(?:{_LONE_M}|\b(?:mum|mummy|mom|mother|mam|she|victim|survivor)\b"
    r"|\bthe\s+mother\b)"
)
SURV = rf"(?:{SURV_SUBJ}|\bher\b)"
SURV_POSS = rf"(?:(?:{_LONE_M}|\b(?:mum|mother|mam))(?:'s|s)?|\bher)"
PERP_SUBJ = (
    rf"(?:{_LONE_P}|\b(?:dad|daddy|father|he|husband|boyfriend|stepdad|step-dad"
    r"|perpetrator|ex-partner|partner(?!\s+agenc))\b)"
)
PERP_OBJ = (
    rf"(?:{_LONE_P}|\b(?:him|dad|daddy|father|husband|boyfriend|stepdad"
    r"|partner(?!\s+agenc))\b)"
)
PERP_ANY = rf"(?:{PERP_SUBJ}|\b(?:him|his)\b)"
CHILD = (
    r"(?:\b(?:kids?|children|child|baby|babies|boys?|girls?|sons?|daughters?"
    r"|eldest|youngest|toddler|infant|siblings|twins|pupil)\b|\b[a-z]\s?\(\d{1,2}\))"
)
AGENCY = (
    r"\b(?:sw|hv|police|officers?|school|gp|idva|workers?|nursery|teachers?|staff"
    r"|we|us|camhs|midwife|mw|housing|professionals|services?|agencies|facilitators?"
    r"|i)\b"
)
KIDS = (
    r"(?:the\s+|her\s+|their\s+|both\s+)?(?:(?:\d+|two|three|four|five|six|all|little|young|younger|older)\s+){0,2}"
    r"(?:kids|children|child|baby|them|girls|boys|son|daughter)"
)

# --- what he does -------------------------------------------------------------
HARM_VERB = (
    r"(?:hit|hits|hitting|punch\w*|kick\w*|slap\w*|push\w*|shov\w*|strangl\w*"
    r"|chok\w*|throttl\w*|threat\w*|smash\w*|broke|break\w*|threw|throw\w*|drag\w*"
    r"|grab\w*|lock\w*|stop\w*|won't|wouldn't|doesn't\s+let|refus\w*|took|takes?"
    r"|taken|taking|control\w*|check\w*|track\w*|monitor\w*|follow\w*|turn\w*\s+up"
    r"|scream\w*|shout\w*|swear\w*|swore|mock\w*|belittl\w*|undermin\w*|isolat\w*"
    r"|assault\w*|attack\w*|hurt\w*|injur\w*|abus\w*|rape[sd]?|headbutt\w*|bit|bites?"
    r"|pinn\w*|pins|spat|spit\w*|held|hold\w*|forc\w*|coerc\w*|pressur\w*"
    r"|manipulat\w*|buy\w*|bought|encourag\w*|hid|hides?|hiding|withh\w*|spend\w*"
    r"|spent|moved|moves|burn\w*|destroy\w*|damag\w*|sabotag\w*|degrad\w*"
    r"|humiliat\w*|insult\w*|calls?\s+(?:her|police)|called\s+(?:her|police)"
    r"|tells?\s+(?:her|the\s+kids|them)|told\s+(?:her|the\s+kids|them)"
    r"|report\w*\s+(?:her|m|mum)|stalk\w*|harass\w*|texts?|sends?|sent|kept|keeps"
    r"|reads?|listens?|uses?|used|ha[sd]\s+the\s+car|blocks?|blocked|bans?|banned"
    r"|made\s+her|makes\s+her|beat\w*|terrifi\w*|frighten\w*|scare[sd]?"
    r"|intimidat\w*|is\s+(?:home|there|around|present)|was\s+(?:home|there|present)"
    r"|home|there|present|at\s+home|in\s+the\s+house)"
)
PERP_HARM_NOUN = (
    r"(?:violence|abuse|abusive|assaults?|threats?|behaviour|control|controlling"
    r"|coercion|aggression|pattern|attacks?|temper|drinking|offending|presence)"
)

# Coercion or her safety reasoning that puts a decision of hers in context.
COERCION = (
    rf"(?:\b(?:after|because|when|once|as|since|until|by)\s+{PERP_SUBJ}(?:'s|'d|'ll)?\s+{gap(6)}"
    r"(?:threat\w*|pressur\w*|forc\w*|beg\w*|promis\w*|turn\w*\s+up|refus\w*"
    r"|wouldn't|won't|broke|kick\w*|manipulat\w*|coerc\w*|blackmail\w*|stalk\w*"
    r"|harass\w*|track\w*|said\s+he\s+would|told\s+her|came\s+back|moved\s+back"
    r"|found|hunt\w*)"
    rf"|{PERP_SUBJ}(?:'s|'d|'ll)?\s+{gap(2)}(?:threat\w*|pressur\w*|forc\w*|begg\w*|promis\w*"
    r"|turn\w*\s+up|refus\w*\s+to\s+leave|wouldn't\s+leave|won't\s+leave|broke\s+in"
    r"|kick\w*\s+(?:the\s+)?door|manipulat\w*|coerc\w*|blackmail\w*|stalk\w*"
    r"|harass\w*|hunt\w*)"
    r"|\b(?:safer|to\s+(?:keep|protect)\s+(?:herself|the\s+kids|the\s+children|them)"
    r"|scared|afraid|frightened|terrified|in\s+fear|no\s+choice|nowhere\s+(?:else\s+)?to\s+go"
    r"|under\s+pressure|under\s+duress|for\s+(?:her\s+|their\s+|the\s+kids'\s+|the\s+children's\s+)?safety"
    r"|to\s+be\s+safe|to\s+stay\s+safe|court[- ]ordered|ordered\s+by\s+(?:the\s+)?court|as\s+(?:the\s+)?court"
    r"\s+ordered|(?:per|under|by)\s+(?:a\s+|the\s+)?court\s+order|as\s+ordered|as\s+agreed|agreed\s+(?:at|by|with)"
    r"|contact\s+cent(?:re|er)|if\s+she\s+(?:refused|refuses|said\s+no|says\s+no|tried\s+to\s+stop))\b)"
)

# --- voice: negation, commentary, attribution, endorsement ---------------------
NEGATOR = (
    r"\b(?:no|not|never|nor|without|isn't|wasn't|aren't|weren't|doesn't|don't"
    r"|didn't|hasn't|haven't|can't|cannot|avoid|rather\s+than|instead\s+of"
    r"|challenge[sd]?|unsupported|disputes?|rejects?|nothing\s+to\s+suggest"
    r"|no\s+longer)\b"
)
POST_NEGATOR = (
    r"^\W{0,3}(?:is\s+|are\s+|was\s+|would\s+be\s+|=\s*)?(?:not\b|never\b|inappropriate"
    r"|unsafe|contra-?indicated|unsuitable|isn't|wouldn't|won't|ruled\s+out|declined)"
)
COMMENTARY = (
    r"\b(?:challenge[sd]?|challenging|not\s+(?:accurate|true|correct|supported|the\s+case)"
    r"|inaccurate|misleading|incorrect|reframe\w*|victim[- ]blaming|blaming\s+language"
    r"|describe\s+(?:it\s+|her\s+|him\s+|this\s+)?as|avoid(?:\s+the)?\s+(?:term|word|phrase"
    r"|language|using)|don't\s+(?:use|say|write)|instead\s+(?:say|write|use|describe)"
    r"|doesn't\s+explain|not\s+(?:the|an?)\s+(?:cause|excuse|reason)|no\s+evidence"
    r"|(?:this|that|which)\s+(?:was|is)\s+(?:wrong|inappropriate|unhelpful|unfair|not\s+appropriate"
    r"|not\s+ok(?:ay)?)|wrongly|not\s+our\s+(?:position|view)|disagree[sd]?|(?:advised|recommended|argued"
    r"|spoke)\s+against)\b"
)
ATTRIBUTION = (
    r"\b(?:says?|said|saying|stat(?:es|ed)|reports?|reported|reporting|told|tells?"
    r"|telling|claim(?:s|ed|ing)?|alleg(?:es|ed|ing)|describ(?:es|ed|ing)"
    r"|calls?|called|calling|labell?(?:s|ed|ing)|blam(?:es|ed|ing)|insist(?:s|ed)?"
    r"|maintain(?:s|ed)|admit(?:s|ted)|den(?:ies|ied)|accus(?:es|ed)|feels?|felt"
    r"|thinks?|thought|believes?|believed|disclos(?:es|ed)|complain(?:s|ed)|fears?|feared"
    r"|worries|worried|afraid|scared|frightened|terrified|knows|knew"
    r"|according\s+to|per\s+(?:his|her|p|m|dad|mum)|view|account|version|claim"
    r"|statement|log|referral|record|note)\b(?!-\w)"
)
OPINION_VERB = (
    r"(?:feels?|felt|thinks?|thought|believes?|believed|view|fears?|feared|worries|worried"
    r"|afraid|scared|frightened|terrified|knows|knew)"
)
ENDORSEMENT = (
    r"(?:(?:^|[-;.,])\s*(?:(?:i|we|sw|school|hv|professionals|all)\s+)?agree[sd]?"
    r"(?:\s+with\s+(?:this|him|her|that|p|dad))?\s*(?:$|[-;.,])"
    r"|\bwhich\s+(?:i|we)\s+agree\b|\b(?:i|we)\s+agree\s+(?:with|that)\b"
    r"|\b(?:which|this)\s+is\s+(?:true|accurate|correct|fair)\b)"
)
