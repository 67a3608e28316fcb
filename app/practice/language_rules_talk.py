"""Patterns for mutualising and minimising language (domain.md §4)."""

from __future__ import annotations

from app.practice.language_lexicon import (
    CHILD,
    KIDS,
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
        r"|on[- /]?(?:and[- ]?)?off|tumultuous|conflictual|fiery|unstable|explosive|troubled|chaotic"
        r"|combative|abusive\s+on\s+both\s+sides)"
        r"\s+(?:[\w/-]+\s+){0,2}?(?:relationship|marriage|partnership|couple|home\s+life|dynamics?)\b"
        r"|\b(?:the\s+|their\s+|parents'\s+|couple's\s+)?(?:relationship|marriage)\s+(?:is|was|has\s+been"
        r"|remains|became|can\s+be|seems|appears)\s+(?:\w+\s+)?(?:volatile|toxic|turbulent|tempestuous"
        r"|unhealthy|dysfunctional|stormy|rocky|tumultuous|conflictual|fiery|explosive|on[- /]?(?:and[- ]?)?off)",
        gate=("relationship", "marriage", "partnership", "couple", "home life", "dynamic"),
    ),
    make_rule(
        "mutualising",
        r"\brelationship\s+(?:difficulties|problems|issues|breakdown|conflict|troubles)"
        r"|\b(?:arguments?|arguing|rows?|rowing|fights?|fighting|disputes?|conflict|tension|bickering"
        r"|altercations?|disagreements?|dv|da|violence|abuse|domestics?|incidents?)\s+(?:[\w']+\s+){0,4}?between\s+(?:the\s+)?(?:parents|couple|adults|them|mum"
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
        r"|often|both|regularly|continue\s+to|continued\s+to|tend\s+to|start(?:ed)?)\s+){0,2}(?:[\w-]+\s+and\s+)?(?:fighting|rowing|arguing|argue|argued|fight|fought"
        r"|row|rowed|scrapping|at\s+each\s+other'?s?\s+throats?|at\s+each\s+other|shouting"
        r"|screaming|bickering|falling\s+out|fell\s+out|had\s+(?:a|an)\s+(?:row|argument"
        r"|fight|altercation|domestic)|having\s+(?:rows|arguments|fights|domestics|a\s+row|an\s+argument"
        r"|a\s+fight))"
        r"|\bboth\s+(?:parties|parents|adults|of\s+them)\s+(?:were|are|was|being|became|got|seemed)\s+"
        r"(?:\w+\s+)?(?:aggressive|violent|abusive|hostile|argumentative|volatile|to\s+blame|at\s+fault"
        r"|fighting|shouting|screaming|physical|confrontational)\b",
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
            "both",
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
        r"|hate|provok|goad|blam|threaten)(?:ed|es|s|ing|e)?\s+each\s+other"
        r"|(?:wind|winds|wound|winding|set|sets|setting)\s+each\s+other\s+(?:up|off)|each\s+other's\s+buttons"
        r"|tit[- ]for[- ]tat|give\s+as\s+good\s+as\s+they\s+get"
        r"|\beach\s+(?:\w+\s+){0,2}?(?:winds?|wound|hits?|blames?|provokes?|attacks?|push(?:es)?|shouts?\s+at"
        r"|screams?\s+at|goads?|threatens?|hurts?|triggers?|abuses?|assaults?|gives?)\s+(?:\w+\s+){0,2}?the\s+other\b)",
        gate=("both", "each", "mutual", "six of one", "as good as", "takes two", "tit"),
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
        # "lots of arguing", "constant rows at home": a shared activity with no doer
        r"\b(?:lots\s+of|a\s+lot\s+of|loads\s+of|constant|frequent|regular|daily|ongoing|continual"
        r"|endless|repeated|many|several)\s+(?:\w+\s+)?(?:arguing|arguments|rows|rowing|fighting|fights"
        r"|bickering|shouting\s+matches|screaming\s+matches|conflict|disputes|altercations|domestics)\b",
        no_perp_act=True,
        gate=(
            "arguing",
            "arguments",
            "rows",
            "rowing",
            "fight",
            "bickering",
            "matches",
            "conflict",
            "disputes",
            "altercations",
            "domestics",
        ),
    ),
    make_rule(
        "mutualising",
        r"\bdomestic\s+(?:dispute|argument|row|disagreement|altercation|quarrel|squabble|tiff)s?\b",
        gate=("domestic",),
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
_EUPHEMISM = (
    r"\b(?:likes|like|liked)\s+to\s+know\s+where\s+(?:m|mum|she|her)\b|\bkeeps\s+tabs\s+on"
    r"|\b(?:very\s+|quite\s+|a\s+bit\s+|overly\s+|a\s+little\s+)?protective\s+of\s+(?:m|mum|her)\b"
    r"|\bold[- ]fashioned\s+(?:about|views|in\s+his\s+views)|\btraditional\s+(?:views|values)\s+(?:about|on)"
    r"|\b(?:has|had|with)\s+(?:a\s+bit\s+of\s+)?a\s+(?:short\s+|quick\s+|bad\s+|hot\s+)?(?:temper|fuse)\b"
    r"|\b(?:handbags|storm\s+in\s+a\s+teacup|a\s+bit\s+of\s+(?:pushing|shoving|a\s+scuffle|a\s+row"
    r"|an\s+argument|handbags))"
)
_HEDGE = r"(?:can\s+be|can\s+get|gets|a\s+bit|a\s+little|slightly|sometimes|occasionally|somewhat|tends\s+to\s+be|bit)"
MINIMISING = [
    make_rule(
        "minimising",
        _EUPHEMISM,
        his=True,
        gate=(
            "know where",
            "tabs",
            "protective of",
            "fashioned",
            "traditional",
            "temper",
            "fuse",
            "handbags",
            "teacup",
            "a bit of",
        ),
    ),
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
        r"|\b(?:flew|flies|fly)\s+off\s+the\s+handle|\bsaw\s+red\b|\blost\s+it\b"
        r"|\b(?:he|p|dad)\s+(?:just\s+|simply\s+)?snap(?:ped|s)(?=\s*(?:$|[,.;)]|\s-\s|\s+(?:and|when|after"
        r"|under|because)\b))"
        r"|\b(?:he|p|dad)\s+(?:only|merely|simply|just)\s+(?:ever\s+)?(?:pushed|shoved|slapped|grabbed|nudged"
        r"|pushes|shoves|slaps|grabs|shouts|shouted|raised\s+his\s+voice|raises\s+his\s+voice|swears|swore"
        r"|threw|throws|pushed\s+past|gets\s+loud|got\s+loud)\b",
        his=True,
        gate=("lost", "lose", "off the handle", "saw red", "snap", "only", "merely", "simply", "just"),
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
        rf"|(?:{CHILD}|they)\b[^.;]{{0,70}}?\b(?:so|therefore|thus|hence|and\s+so|which\s+means)\s+"
        r"(?:(?:they|he|she|it|the\s+kids|the\s+children|kids|children|baby)\s+)?(?:(?:were|was|are|is"
        r"|would\s+have\s+been|will\s+be)\s+)?(?:weren't|were\s+not|wasn't|was\s+not|aren't|are\s+not"
        r"|isn't|not|un|no|little|didn't|did\s+not|won't|wouldn't|have\s+not|haven't|hasn't)\s*"
        r"(?:been\s+|really\s+|directly\s+|too\s+)?(?:affected|impacted|harmed|bothered|traumati[sz]ed"
        r"|impact|effect|harm|aware)\b"
        r"|\b(?:weren't|were\s+not|wasn't|not)\s+(?:affected|impacted)\s+(?:as|because|since)\s+"
        r"(?:they|he|she)\s+(?:were|was)\s+(?:asleep|in\s+bed|upstairs|at\s+school|not\s+present)",
        unless=r"\b(?:m|mum|she|mother)\s+(?:\w+\s+)?(?:took|takes|sent|sends|got|gets|kept|keeps|moved|put"
        r"|puts|made\s+sure|makes\s+sure)\b",
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
        r"|a\s+little)"
        # "P pushed M, minor, no injuries": the act itself graded as minor
        r"|(?:^|,|\(|\s-\s)\s*(?:very\s+|fairly\s+|relatively\s+|quite\s+|only\s+)?(?:minor|trivial"
        r"|petty|low[- ]level|not\s+serious|nothing\s+serious)\s*(?=$|[,;.)]|\s-\s|\s+(?:only|in\s+nature)\b)"
        r"|\b(?:push|shove|slap|assault|incident|attack|it|violence|dv|da|abuse|domestic)\s+(?:was|is|were"
        r"|seemed|appeared)\s+(?:very\s+|fairly\s+|relatively\s+|quite\s+|only\s+)?(?:minor|trivial"
        r"|low[- ]level|not\s+serious)\b",
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

MUTUAL += [
    make_rule(
        "mutualising",
        # "violence goes both ways", "both violent towards each other", "both need anger management"
        r"\b(?:goes|go|went|cuts|works)\s+both\s+ways|\b(?:on|from)\s+both\s+sides|\btwo[- ]way\s+(?:violence|abuse"
        r"|aggression|street)|\b(?:violent|aggressive|abusive|hostile|horrible|nasty)\s+(?:towards?|to|with)\s+each"
        r"\s+other|\b(?:both|parents|the\s+couple|m\s*(?:and|&)\s*p|mum\s*(?:and|&)\s*dad)\s+(?:both\s+)?(?:\w+\s+)?"
        r"(?:need|needs|to\s+attend|to\s+do|should\s+(?:attend|do)|referred\s+(?:to|for))\s+(?:\w+\s+)?(?:anger\s+management"
        r"|counselling|therapy|mediation)",
        post_neg=True,
        gate=("both", "two-way", "two way", "each other", "parents", "couple", " and "),
    ),
]

MINIMISING += [
    make_rule(
        "minimising",
        # "P gets a bit carried away", "dad can be a bit much": a softener on his behaviour
        r"\b(?:a\s+bit|a\s+little|slightly|sometimes|occasionally|can\s+(?:be|get)(?:\s+a\s+bit)?"
        r"|tends\s+to\s+(?:be|get)(?:\s+a\s+bit)?)\s+(?:carried\s+away|heated|over\s+the\s+top|much|loud|lairy"
        r"|mouthy|worked\s+up|wound\s+up|stroppy|snappy|hands[- ]on|physical|angry|cross|frustrated|full[- ]on"
        r"|strict|overbearing|domineering|old[- ]fashioned|protective|bossy|hot[- ]tempered)\b",
        his=True,
        gate=("bit", "little", "slightly", "sometimes", "occasionally", "can be", "can get", "tends"),
    ),
    make_rule(
        "minimising",
        # harm counted by what the children saw or by injury to them
        rf"\b{CHILD}\s+(?:were\s+|was\s+|are\s+|is\s+|have\s+been\s+|has\s+been\s+)?(?:not|weren't|wasn't|aren't|isn't"
        r"|haven't\s+been|hasn't\s+been|never)\s+(?:directly\s+|really\s+|at\s+all\s+|actually\s+)?(?:affected"
        r"|impacted)\b(?!\s+by\s+(?!(?:[\w']+\s+){0,2}?(?:dv|da|abuse|violence|incidents?|assaults?|it|this|that|what"
        r"|p|dad|his|him|father|rows?|arguments?|fighting|shouting|domestic)\b))"
        rf"|\b(?:never|hasn't|has\s+not|not|didn't|did\s+not)\s+(?:ever\s+)?(?:hurt|harmed|touched|hit"
        rf"|laid\s+a\s+finger\s+on)\s+{KIDS}\b[^.;]{{0,20}}?(?:\bso\b|therefore|hence|=|,)\s*(?:\w+\s+){{0,2}}?"
        r"(?:contact|no\s+concerns?|fine|safe|ok|low\s+risk|can|no\s+risk)",
        unless=r"\b(?:says?|said|reports?|feels?|thinks?|believes?)\b[^.;]{0,30}?(?:not|n't)\s+(?:\w+\s+)?affected",
        gate=("affected", "impacted", "hurt", "harmed", "touched", "hit", "finger"),
    ),
]

MUTUAL += [
    make_rule(
        "mutualising",
        # "a toxic cycle", "cycle of rows", "abusive relationship with each other", "they keep having domestics"
        r"\b(?:volatile|toxic|unhealthy|dysfunctional|destructive|vicious)\s+(?:cycle|pattern)\b"
        r"|\bcycle\s+of\s+(?:conflict|arguments|arguing|rows|rowing|fighting|fights)"
        r"|\b(?:relationship|conflict|violence|abuse|arguments|rows|fights?|fighting)\s+with\s+each\s+other"
        r"|\bthey\s+(?:keep|kept|are\s+always|were\s+always|constantly|always)\s+(?:having\s+)?(?:domestics|rows"
        r"|arguments|fights|rowing|arguing|fighting|at\s+it)",
        unless=r"\b(?:boys|girls|kids|children|siblings|twins|brothers|sisters|pupils|classmates)\b",
        gate=("cycle", "pattern", "each other", "they"),
    ),
]

MINIMISING += [
    make_rule(
        "minimising",
        r"\b(?:dv|da|abuse|violence|the\s+incidents?|domestic\s+abuse)\s+(?:is|was)\s+(?:all\s+|now\s+|firmly\s+)?"
        r"in\s+the\s+past\b",
        gate=("in the past",),
    ),
]

MUTUAL += [
    make_rule(
        "mutualising",
        # "kids upset by the fighting at home": a shared activity with no doer
        r"\bthe\s+(?:constant\s+|ongoing\s+|latest\s+|recent\s+)?(?:fighting|arguing|rowing|bickering)\b",
        no_perp_act=True,
        unless=r"\b(?:boys|girls|kids|children|siblings|twins|brothers|sisters|pupils|classmates)\s+(?:were\s+|are\s+|"
        r"keep\s+)?(?:fighting|arguing|rowing|bickering)|\bbetween\s+(?:the\s+)?(?:boys|girls|kids|children|siblings)",
        gate=("fighting", "arguing", "rowing", "bickering"),
    ),
]
