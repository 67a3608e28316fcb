"""Patterns for mutualising and minimising language (domain.md §4)."""

from __future__ import annotations

from app.practice.language_lexicon import (
    CHILD,
    gap,
)
from app.practice.language_rules import make_rule

# --- mutualising -----------------------------------------------------------------------
_BOTH = (
    r"(?:the\s+)?(?:parents|mum\s*(?:and|&)\s*dad|dad\s*(?:and|&)\s*mum|m\s*(?:and|&)\s*p"
    r"|p\s*(?:and|&)\s*m|the\s+couple|couple|both(?:\s+parents|\s+of\s+them|\s+adults"
    r"|\s+part(?:ys|ies|ners))?)"
)
MUTUAL = [
    make_rule(
        "mutualising",
        r"\b(?:volatile|toxic|turbulent|tempestuous|unhealthy|dysfunctional|stormy|rocky"
        r"|on[- ]?(?:and[- ]?)?off|tumultuous|conflictual|fiery|unstable|explosive|troubled)"
        r"\s+(?:relationship|marriage|partnership|couple|home\s+life)",
        gate=("relationship", "marriage", "partnership", "couple", "home life"),
    ),
    make_rule(
        "mutualising",
        r"\brelationship\s+(?:difficulties|problems|issues|breakdown|conflict|troubles)"
        r"|\b(?:arguments|arguing|rows|rowing|fights|fighting|disputes|conflict|tension|bickering"
        r"|altercations|disagreements|dv|da|violence|abuse|domestics|incidents)\s+between\s+(?:the\s+)?(?:parents|couple|adults|them|mum"
        r"\s*(?:and|&)\s*dad|dad\s*(?:and|&)\s*mum|m\s*(?:and|&)\s*p|p\s*(?:and|&)\s*m|her\s+and"
        r"|him\s+and|the\s+two)"
        r"|\b(?:the\s+couple|the\s+parents|both\s+parents|m\s*(?:and|&)\s*p|they)\s+(?:have|has|had)\s+"
        r"(?:a\s+)?(?:long\s+)?(?:history|pattern)\s+of\s+(?:dv|da|domestic\w*|violence|conflict"
        r"|arguments|rows|fighting|incidents)"
        r"|\b(?:parents'|parental|couple's|adults')\s+(?:disputes|arguments|rows|rowing|fighting|fights"
        r"|conflict|difficulties|relationship\s+difficulties|issues)",
        no_perp_act=True,
        gate=("relationship", "between", "history", "pattern", "parents'", "parental", "couple's", "adults'"),
    ),
    make_rule(
        "mutualising",
        r"\b(?:(?:parental|domestic|marital|inter-?parental|couple|relationship|adult|ongoing"
        r"|high)[- ]conflict|conflict\s+between\s+(?:the\s+)?(?:parents|couple|adults|them"
        r"|mum\s*(?:and|&)\s*dad|m\s*(?:and|&)\s*p|m\s*(?:and|&)\s*dad))",
        no_perp_act=True,
        gate=("conflict",),
    ),
    make_rule(
        "mutualising",
        rf"\b{_BOTH}\s+(?:(?:were|are|keep|kept|had|have|been|always|constantly|again|still"
        r"|often|both|regularly)\s+){0,2}(?:fighting|rowing|arguing|argue|argued|fight|fought"
        r"|row|rowed|scrapping|at\s+each\s+other'?s?\s+throats?|at\s+each\s+other|shouting"
        r"|screaming|bickering|falling\s+out|fell\s+out|had\s+(?:a|an)\s+(?:row|argument"
        r"|fight|altercation|domestic))",
        gate=(
            "fight",
            "fought",
            "row",
            "argu",
            "scrap",
            "each other",
            "shout",
            "scream",
            "bicker",
            "fell out",
            "falling out",
            "domestic",
        ),
    ),
    make_rule(
        "mutualising",
        r"\b(?:a|another|the|\d+(?:st|nd|rd|th)?|first|second|third|fourth|fifth)\s+"
        r"(?:verbal\s+)?domestic(?=\s*(?:$|[.,;:!?-]|\s(?:between|at|on|in|last|this|yesterday"
        r"|today|tonight|involving|with|where|when|reported|earlier)\b))",
        gate=("domestic",),
    ),
    make_rule(
        "mutualising",
        r"\b(?:both\s+(?:parents\s+|of\s+them\s+|adults\s+)?(?:as\s+bad|to\s+blame|equally"
        r"\s+(?:to\s+blame|violent|abusive|aggressive)|gave\s+as\s+good)|as\s+bad\s+as\s+each\s+other"
        r"|(?:bring|brings|bringing|brought)\s+out\s+the\s+worst\s+in\s+each\s+other"
        r"|gives?\s+as\s+good\s+as\s+(?:she|he)\s+gets|six\s+of\s+one"
        r"|mutual(?:ly)?\s+(?:\w+\s+)?(?:violence|violent|abuse|abusive|aggression|aggressive"
        r"|combat|da|dv|fighting|assaults?)"
        r"|it\s+takes\s+two|(?:hit|hurt|attack|push|shout\s+at|scream\s+at|abuse|wind\s+up|fight|fought|assault"
        r"|hate)(?:ed|s|ing)?\s+each\s+other)",
        gate=("both", "each other", "mutual", "six of one", "as good as", "takes two"),
    ),
    make_rule(
        "mutualising",
        r"\b(?:couples?\s+(?:counselling|counseling|therapy|work|mediation|sessions?)"
        r"|refer\w*\s+(?:\w+\s+){0,4}to\s+relate\b|\brelate\s+(?:for|couples|counsel)"
        r"|joint\s+(?:counselling|therapy|sessions)|(?:family\s+)?mediation"
        r"|relationship\s+(?:counselling|counseling|therapy)"
        r"|(?:work\s+on|improve)\s+their\s+(?:relationship|communication)"
        r"|(?:both|parents|the\s+couple)\s+(?:\w+\s+)?(?:to|need\s+to|should|must)\s+(?:work\s+on"
        r"|improve|learn|address)\s+(?:how\s+they|their)\s+(?:communicat\w*|relationship|argu\w*"
        r"|conflict|behaviour))",
        post_neg=True,
        gate=("couple", "relate", "joint", "mediation", "relationship", "communicat", "both", "parents"),
    ),
    make_rule(
        "mutualising",
        r"(?<!\bin\s)\b(?:an?|the|another)\s+(?:\w+\s+)?(?:argument|row|disagreement|dispute"
        r"|altercation|bust-up|scuffle|tiff|quarrel|fracas|heated\s+exchange|fight"
        r"|falling[- ]out)\b(?!\s+(?:for|over\s+(?:custody|contact)))",
        no_perp_act=True,
        gate=(
            "argument",
            "row",
            "disagreement",
            "dispute",
            "altercation",
            "bust-up",
            "scuffle",
            "tiff",
            "quarrel",
            "fracas",
            "heated",
            "fight",
            "falling",
        ),
    ),
    make_rule(
        "mutualising",
        r"\b(?:verbal\s+(?:altercation|argument|row|dispute|domestic)"
        r"|(?:things|it|situation)\s+(?:got|became|gets|turned)\s+(?:a\s+bit\s+|very\s+|quite\s+)?"
        r"(?:heated|out\s+of\s+hand|physical\s+between))",
        gate=("verbal", "heated", "out of hand", "physical between"),
    ),
]

# --- minimising ---------------------------------------------------------------------------
_HEDGE = r"(?:can\s+be|can\s+get|gets|a\s+bit|a\s+little|slightly|sometimes|occasionally|somewhat|tends\s+to\s+be|bit)"
MINIMISING = [
    make_rule(
        "minimising",
        r"\b(?:just|only|merely|simply)\s+(?:a\s+|an\s+)?(?:push|shove|slap|nudge|tap|row"
        r"|argument|scuffle|tussle|grab|pinch|smack|verbal|words|shouting|name[- ]calling"
        r"|banter|play[- ]fighting|domestic|bit\s+of\s+\w+|little\s+\w+)\b",
        gate=("just", "only", "merely", "simply"),
    ),
    make_rule(
        "minimising",
        rf"{_HEDGE}\s+(?:a\s+bit\s+|a\s+little\s+|of\s+a\s+)?(?:jealous|possessive|controlling"
        r"|moody|short[- ]tempered|hot[- ]headed|grumpy|over[- ]?protective|rough|shouty"
        r"|handy|volatile|heavy[- ]handed|full\s+on|intense|of\s+a\s+temper|pushing"
        r"|shoving|aggressive)",
        his=True,
        gate=(
            "can be",
            "can get",
            "gets",
            "bit",
            "little",
            "slightly",
            "sometimes",
            "occasionally",
            "somewhat",
            "tends",
        ),
    ),
    make_rule(
        "minimising",
        r"\b(?:lost|loses|losing|lose)\s+(?:his|their)\s+(?:temper|rag|head|cool|control)"
        r"|\b(?:flew|flies|fly)\s+off\s+the\s+handle|\bsaw\s+red\b|\blost\s+it\b",
        gate=("lost", "lose", "off the handle", "saw red"),
    ),
    make_rule(
        "minimising",
        r"\b(?:one[- ]off(?!\s+(?:payment|grant|cost|fee|visit|session|award))"
        r"|isolated\s+(?:incident|occasion|event|episode)|single\s+incident|out\s+of\s+character"
        r"|on\s+one\s+occasion|first\s+and\s+only|only\s+(?:happened\s+)?(?:once|twice)"
        r"|historic(?:al)?\s+(?:dv|da|domestic|abuse|violence|incidents?|concerns?|matter"
        r"|issues?|allegations?)|(?:dv|da|abuse|violence)\s+(?:is|was)\s+historic(?:al)?)",
        gate=(
            "one-off",
            "one off",
            "isolated",
            "single incident",
            "out of character",
            "one occasion",
            "first and only",
            "once",
            "twice",
            "historic",
        ),
    ),
    make_rule(
        "minimising",
        r"\b(?:no\s+(?:visible\s+)?(?:injur(?:y|ies)|marks|bruis\w*|physical\s+(?:injur\w*|harm"
        r"|violence))|nothing\s+physical|not\s+physical|wasn't\s+physical|only\s+verbal"
        r"|verbal\s+only)[^.;]{0,40}?(?:\bso\b|therefore|hence|=|thus|,)\s*(?:\w+\s+){0,2}?"
        r"(?:low|minor|not\s+serious|no\s+(?:concern|risk|further)|nfa|little\s+concern"
        r"|not\s+a\s+(?:concern|priority))"
        r"|\blow[- ]level\s+(?:dv|da|domestic|abuse|violence|incident|argument|aggression|assault)",
        gate=("injur", "marks", "bruis", "physical", "verbal", "low-level", "low level"),
    ),
    make_rule(
        "minimising",
        rf"(?:{CHILD}|they)\s+(?:were|was|are|is)?\s*{gap(3)}(?:so|therefore|thus|and\s+so)\s+"
        r"(?:weren't|were\s+not|wasn't|was\s+not|aren't|are\s+not|not|isn't|un|no|little)\s*"
        r"(?:affected|impacted|aware|harmed|bothered|at\s+risk|impact|effect|harm|concerns?|exposed"
        r"|involved|present|witness\w*)"
        r"|\btoo\s+young\s+to\s+(?:understand|remember|know|notice|be\s+affected)"
        r"|\b(?:weren't|were\s+not|wasn't|not)\s+(?:affected|impacted)\s+(?:as|because|since)\s+"
        r"(?:they|he|she)\s+(?:were|was)\s+(?:asleep|in\s+bed|upstairs|at\s+school|not\s+present)",
        gate=(
            "affected",
            "impacted",
            "aware",
            "harmed",
            "bothered",
            "at risk",
            "too young",
            "impact",
            "effect",
            "harm",
            "concern",
            "exposed",
            "involved",
            "present",
            "witness",
        ),
    ),
    make_rule(
        "minimising",
        r"\b(?:good|great|loving|devoted|caring|fantastic|brilliant|excellent|lovely)\s+"
        r"(?:dad|father|daddy)\b"
        r"|\b(?:good|great|brilliant|fantastic|lovely|amazing)\s+with\s+(?:the\s+|his\s+)?(?:kids|children"
        r"|baby|boys|girls)\b"
        r"|\b(?:dv|da|abuse|violence|it|this)\s+(?:doesn't|does\s+not|didn't|has\s+not|hasn't"
        r"|won't)\s+(?:affect|impact|reflect\s+on)\s+(?:his|dad's|p's|the\s+kids|the\s+children)"
        r"|\bno\s+(?:concerns?|issues?|worries)\s+(?:re|about|regarding|with|around)\s+"
        r"(?:dad|p|his|father|him)(?:'s)?(?:\s+(?:parenting|care|contact))?"
        r"|\b(?:his|dad's|p's|father's)\s+parenting\s+(?:is\s+)?(?:good|fine|ok|appropriate"
        r"|not\s+a\s+concern)",
        gate=(
            "amazing",
            "good",
            "great",
            "loving",
            "devoted",
            "caring",
            "fantastic",
            "brilliant",
            "excellent",
            "lovely",
            "affect",
            "impact",
            "reflect on",
            "no concern",
            "no issue",
            "no worr",
            "parenting",
        ),
    ),
    make_rule(
        "minimising",
        r"\b(?:remorseful|apologetic|apologised|sorry)[^.;]{0,30}?(?:low\s+(?:risk|concern)"
        r"|no\s+further|nfa)"
        r"|\b(?:minor|trivial|petty|low[- ]level|small)\s+(?:verbal\s+)?(?:altercation|incident"
        r"|assault|domestic|argument|disagreement|scuffle|row|dispute|dv|da|abuse|violence)"
        r"|\b(?:but|only|just|though)\s+(?:he\s+|p\s+|dad\s+)?(?:didn't|did\s+not|never|hasn't)\s+"
        r"(?:actually\s+|ever\s+)?(?:hit|punch|punched|hurt|touch|touched|injure|mark|marked)\b"
        r"|\b(?:dv|da|abuse|violence|it|incident)\s+(?:was|happened|occurred)\s+(?:\w+\s+)?"
        r"(?:years|a\s+long\s+time|ages|months)\s+ago"
        r"|\b(?:nothing\s+(?:major|serious)|not\s+(?:that\s+)?serious|not\s+that\s+bad"
        r"|wasn't\s+that\s+bad)"
        r"|\b(?:pushed|shoved|grabbed|hit|slapped)\s+(?:her\s+)?(?:a\s+bit|slightly|lightly"
        r"|a\s+little)",
        gate=(
            "remorse",
            "apolog",
            "sorry",
            "minor",
            "trivial",
            "petty",
            "low-level",
            "low level",
            "small",
            "major",
            "serious",
            "that bad",
            "slightly",
            "lightly",
            "a bit",
            "a little",
            "didn't",
            "did not",
            "never",
            "hasn't",
            " ago",
        ),
    ),
]
