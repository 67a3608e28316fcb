"""Patterns for not-engaging labels, plans that burden her, and the
perpetrator-invisible fallback (domain.md §4)."""

from __future__ import annotations

from app.practice.language_lexicon import (
    KIDS,
    PERP_OBJ,
    PERP_SUBJ,
    SURV_POSS,
    SURV_SUBJ,
    gap,
)
from app.practice.language_rules import make_rule

# --- not_engaging ------------------------------------------------------------------------
NE_CONTEXT = (
    rf"{PERP_SUBJ}\s+{gap(2)}(?:is\s+|was\s+|always\s+)?(?:home|there|present|around|in\s+the"
    r"\s+house|reads?|checks?|monitor\w*|listen\w*|control\w*|takes?|took|won't|wouldn't"
    r"|ha[sd]\s+(?:the|her)\s+(?:car|phone|keys|money|bank\s+card|card)|stops?|stopped|refus\w*|answers?|keeps?"
    r"|hides?|hid)"
)
NOT_ENGAGING = [
    make_rule(
        "not_engaging",
        r"\b(?:(?:not|non|poor(?:ly)?|dis|isn't|wasn't|never|refus\w+\s+to|won't|will\s+not"
        r"|unwilling\s+to|reluctant\s+to|fail\w*\s+to|limited|minimal|lack\s+of|no)[- ]?\s*"
        r"(?:engag\w*|co-?operat\w*|complian\w*|complying)|un-?co-?operative|non-?compliant)",
        her=True,
        no_perp_act=False,
        unless=NE_CONTEXT,
        gate=("engag", "operat", "complian", "complying"),
    ),
    make_rule(
        "not_engaging",
        r"\b(?:hostile|hostility|obstructive|evasive|guarded|defensive|resistant|avoidant|argumentative"
        r"|(?:difficult|hard)\s+to\s+(?:engage|reach|work\s+with)|closed\s+(?:off|down)"
        r"|aggressive\s+(?:to|towards)\s+(?:staff|workers|professionals|sw|hv))",
        her=True,
        unless=NE_CONTEXT,
        gate=(
            "hostil",
            "obstruct",
            "evasive",
            "guarded",
            "defensive",
            "resistant",
            "avoidant",
            "argumentative",
            "to engage",
            "to reach",
            "to work with",
            "closed",
            "aggressive to",
        ),
    ),
    make_rule(
        "not_engaging",
        r"\b(?:(?:lacks?|lacking|no|little|limited|poor|without)\s+(?:\w+\s+)?insight|in\s+denial"
        r"|denies\s+(?:the\s+)?(?:risk|abuse|da|dv|concerns)|minimis\w+\s+(?:the\s+)?(?:risk"
        r"|concerns|abuse|da|dv|his)|doesn't\s+(?:see|accept|recognise|recognize|understand"
        r"|acknowledge)\s+(?:the\s+)?(?:risk|concerns|danger|impact|seriousness)"
        r"|not\s+(?:accepting|acknowledging)\s+(?:the\s+)?(?:risk|concerns))",
        her=True,
        gate=(
            "insight",
            "denial",
            "denies",
            "minimis",
            "doesn't see",
            "doesn't accept",
            "doesn't recognis",
            "doesn't recogniz",
            "doesn't understand",
            "doesn't acknowledge",
            "accepting",
            "acknowledging",
        ),
    ),
    make_rule(
        "not_engaging",
        r"\b(?:disguised\s+compliance|(?:tells?|telling|says?)\s+(?:us|professionals|sw|workers"
        r"|me|everyone)\s+what\s+(?:we|they|i|you)\s+want\s+to\s+hear|going\s+through\s+the\s+motions"
        r"|lip\s+service|superficial(?:ly)?\s+(?:engag|compl)\w*|saying\s+the\s+right\s+things"
        r"|playing\s+the\s+system)",
        her=True,
        gate=("compliance", "want to hear", "motions", "lip service", "superficial", "right things", "the system"),
    ),
    make_rule(
        "not_engaging",
        r"\b(?:(?:not|un|isn't|wasn't|no|lack\s+of|little|poor)\s*-?\s*(?:\w+\s+)?"
        r"(?:motivat\w+|interested|bothered|committed|commitment)|doesn't\s+seem\s+(?:\w+\s+)?(?:bothered"
        r"|interested|motivated|to\s+care)|can't\s+be\s+bothered|doesn't\s+(?:seem\s+to\s+)?care)",
        her=True,
        unless=NE_CONTEXT,
        gate=("motivat", "interested", "bothered", "commit", "care"),
    ),
    make_rule(
        "not_engaging",
        r"\b(?:(?:keeps?|kept)\s+(?:on\s+)?(?:cancell?ing|missing|not\s+(?:attending|turning\s+up"
        r"|answering))|never\s+(?:comes|attends|turns\s+up|answers|engages|shows)"
        r"|(?:wouldn't|won't|refused\s+to|would\s+not|will\s+not|didn't)\s+let\s+(?:the\s+)?"
        r"(?:hv|sw|us|me|worker|workers|professionals|police|staff|social\s+worker"
        r"|health\s+visitor)\s+(?:in|see|speak\s+(?:to|with)|talk\s+to|into|visit|meet)"
        r"|refus\w+\s+(?:entry|access)|no[- ]shows?"
        r"|avoid\w*\s+(?:professionals|workers|sw|hv|visits|us|contact\s+with\s+(?:us|sw))"
        r"|(?:won't|wouldn't|doesn't|didn't|refused\s+to|refuses\s+to|never|not|keeps)\s+(?:answer(?:s|ing)?"
        r"|return(?:s|ing)?|respond(?:s|ing)?\s+to)\s+(?:the\s+|our\s+|my\s+|any\s+|sw's\s+|hv's\s+)?"
        r"(?:door|phone|calls|texts|messages|letters)(?!\s+from\s+(?:p|him|dad|his|the\s+perpetrator)\b)|ignor(?:es|ed|ing)\s+(?:the\s+|our\s+|all\s+|my\s+)?"
        r"(?:door|phone\s+calls|calls|texts|messages|letters)"
        r"|refus(?:es|ed|ing)\s+(?:all|any)\s+(?:help|support|services|input|offers)"
        r"|declin(?:es|ed|ing)\s+all\s+(?:help|support|services|input|offers)"
        r"|(?:\bengagement|\bco-?operation|\bcompliance)\s+(?:with\s+\w+\s+)?(?:is|has\s+been|remains|was)\s+"
        r"(?:\w+\s+)?(?:poor|limited|minimal|sporadic|inconsistent|patchy|superficial|non-existent|lacking)|(?:pattern\s+of\s+)?avoidance|refus\w+\s+to\s+(?:work\s+with"
        r"|co-?operate|speak\s+(?:to|with)|talk\s+to|meet\s+(?:with\s+)?(?:sw|us|hv|workers))"
        r"|not\s+(?:being\s+)?(?:open|honest|transparent)|withholding\s+information|secretive"
        r"|dishonest|covering\s+for\s+(?:him|p|dad)|not\s+prioriti[sz]\w*\s+(?:appointments|appts"
        r"|meetings|visits|the\s+plan|core\s+groups?)|failing\s+to\s+prioriti[sz]e\s+(?:appointments"
        r"|appts|meetings|visits))",
        her=True,
        unless=NE_CONTEXT,
        gate=(
            "cancel",
            "missing",
            "never",
            "let ",
            "entry",
            "access",
            "no-show",
            "no show",
            "avoid",
            "answer",
            "refus",
            "open",
            "honest",
            "transparent",
            "withholding",
            "secretive",
            "covering",
            "prioriti",
            "return",
            "respond",
            "ignor",
            "work",
            "declin",
            "engagement",
            "operation",
            "compliance",
        ),
    ),
]

# --- plan_burden_on_mother -----------------------------------------------------------
_OWNER = (
    rf"(?:^|(?<=[;.\n*:])|(?<=\s-\s)|(?<=\band\s)|(?<=^-\s)|(?<=\bthat\s)|(?<=\bis\sfor\s))\s*{SURV_SUBJ}\s+"
    r"(?:to|needs?\s+to|must|has\s+to|should|will\s+need\s+to|will\s+have\s+to|is\s+to"
    r"|(?:is\s+)?expected\s+to|(?:is\s+)?required\s+to|asked\s+to|advised\s+to|told\s+to"
    r"|(?:will\s+be|has\s+been|have\s+been|is\s+being|was)\s+(?:asked|expected|required|told|advised)\s+to"
    r"|(?:has\s+)?agreed\s+to|agrees\s+to|will)\s+(?:also\s+|now\s+|then\s+|continue\s+to\s+|immediately\s+)?"
)
_BURDEN = (
    rf"(?:(?:attend|do|complete|undertake|go\s+on|engage\s+(?:with|in)|access|start)\s+{gap(3)}"
    r"(?:freedom|programme|program|course|parenting|awareness|group|sessions?|counselling"
    r"|toolkit|work)"
    rf"|(?:take\s+out|apply\s+for|get|obtain|seek|pursue|go\s+for)\s+(?:a\s+|an\s+)?(?:\w+\s+)?"
    r"(?:non[- ]?mol\w*|nmo|injunction|order|prohibited\s+steps|pso|restraining|dvpo)"
    rf"|(?:keep|stop|prevent|ensure|make\s+sure|not\s+(?:allow|let|permit)|refuse|ban|bar)\s+"
    rf"{gap(5)}(?:{PERP_OBJ}|he)\b|(?:ensure|make\s+sure)\s+{gap(8)}(?:{PERP_OBJ}|he)\b"
    rf"|keep\s+{KIDS}\s+(?:away|safe|indoors|inside|in\b)|(?:have\s+)?no\s+contact\s+with\s+{PERP_OBJ}"
    r"|keep\s+(?:the\s+|all\s+)?(?:doors?|windows?)\s+(?:\w+\s+)?locked|attend\s+all\s+(?:appointments|appts|meetings"
    r"|sessions|core\s+groups)"
    r"|supervis\w*\s+(?:all\s+|any\s+)?contact|keep\s+a\s+(?:diary|log|record)\s+of"
    r"|(?:phone|call|ring|contact|inform|tell|text|report|notify|alert|update)\s+"
    rf"{gap(2)}(?:police|sw|999|social\s+work|us|school)\b[^.;]{{0,40}}?\b(?:if|when|each"
    r"|every|whenever|should|any|of\s+(?:any|all))\b"
    rf"|report\s+{gap(2)}(?:{PERP_OBJ}|any\s+contact|breach\w*)"
    r"|sign\w*\s+(?:a\s+|the\s+)?(?:\w+\s+)?(?:agreement|contract|undertaking)"
    r"|(?:evidence|demonstrate|show|prove)\s+(?:that\s+)?(?:she\s+)?"
    r"(?:can\s+|is\s+able\s+to\s+|is\s+|has\s+)?(?:\w+\s+){0,2}?(?:protect\w*|safe\w*"
    r"|capacity|change|insight|understand\w*|attendance|put\s+(?:the\s+)?(?:kids|children"
    r"|baby)\s+first|prioriti[sz]e)"
    rf"|(?:protect|safeguard|supervise)\s+{KIDS}|change\s+(?:the\s+)?locks)"
)
_PLAN_OK = (
    r"\bif\s+(?:she|m|mum)\s+(?:wants|wishes|chooses|agrees|would\s+like|feels\s+ready)"
    r"|\b(?:she|m|mum)\s+(?:wants|wishes|chose|asked\s+for|requested|has\s+asked|consents?"
    r"|is\s+keen)|\bat\s+her\s+request|\bher\s+(?:own\s+)?choice|\bwith\s+her\s+(?:consent|agreement)"
    r"|\bm\s+consulted|\bif\s+she\s+wishes|\bher\s+(?:own\s+)?(?:idea|request|wish|plan|suggestion)"
    rf"|(?:^|[;.\n*:,]|\s-\s|\band\s)\s*{PERP_SUBJ}\s+(?:to|must|needs?\s+to|is\s+to|required\s+to"
    r"|has\s+to|will\s+be\s+(?:required|expected))\s+\w+"
)
_PLAN_GATE = (
    *(
        f"{who} {modal}"
        for who in ("m", "mum", "mother", "she", "mummy", "victim")
        for modal in ("to ", "need", "must", "has to", "should", "will", "is to")
    ),
    "expected to",
    "required to",
    "asked to",
    "advised to",
    "told to",
)
# a short run of her own actions before the burden ("M to attend X and keep P away"),
# never running across someone else's action ("IDVA to help M ...")
_HER_RUN = r"(?:(?!(?:to|help|support|with|by|for)\b)[\w'&/]+,?\s+){0,6}?"
PLAN = [
    make_rule("plan_burden_on_mother", _OWNER + _HER_RUN + _BURDEN, unless=_PLAN_OK, gate=_PLAN_GATE),
    make_rule(
        "plan_burden_on_mother",
        # "it is M's responsibility to keep P away", "up to mum to report breaches"
        r"\b(?:(?:her|m's|mum's|mother's)\s+(?:responsibility|job|duty|role)\s+(?:is\s+)?to"
        r"|up\s+to\s+(?:m|mum|her|mother)\s+to|(?:on|down\s+to)\s+(?:m|mum|her|mother)\s+to)\s+" + _HER_RUN + _BURDEN,
        unless=_PLAN_OK,
        gate=("responsib", "job", "duty", "role", "up to", "on m", "on mum", "on her", "down to"),
    ),
]

# --- perpetrator_invisible (fallback) ------------------------------------------------
_PASSIVE_HARM = (
    r"(?:hit|assaulted|strangled|choked|punched|kicked|beaten|beat\s+up|attacked|slapped"
    r"|pushed|shoved|raped|threatened|stabbed|injured|hurt|harmed|grabbed|thrown|dragged"
    r"|headbutted|bitten|abused|battered|throttled|smothered|burn[et]d?|knocked\s+(?:down"
    r"|over|out|unconscious)|locked\s+(?:in|out)|held\s+down|pinned(?:\s+down)?|spat\s+at"
    r"|intimidated|stalked|raped|sexually\s+assaulted)"
)
INVISIBLE = [
    make_rule(
        "perpetrator_invisible",
        rf"\b(?:was|were|been|being|got|gets|get|getting|is|are)\s+(?:\w+ly\s+|repeatedly\s+"
        rf"|badly\s+|allegedly\s+)?{_PASSIVE_HARM}\b(?!\s+by\s+{PERP_OBJ})",
        no_perp_any=True,
        gate=(
            "hit",
            "assault",
            "strangl",
            "chok",
            "punch",
            "kick",
            "beat",
            "attack",
            "slap",
            "push",
            "shov",
            "rape",
            "threat",
            "stab",
            "injur",
            "hurt",
            "harm",
            "grab",
            "thrown",
            "dragg",
            "headbutt",
            "bitten",
            "abuse",
            "batter",
            "throttl",
            "smother",
            "burn",
            "knocked",
            "locked",
            "held down",
            "pinned",
            "spat",
            "intimidat",
            "stalk",
        ),
    ),
    make_rule(
        "perpetrator_invisible",
        r"\b(?:door|doors|window|windows|phone|tv|television|furniture|property|car|wall|walls"
        r"|toys|tablet|glass)\s+(?:was\s+|were\s+|had\s+been\s+|has\s+been\s+|got\s+)?(?:kicked"
        r"\s+in|smashed(?:\s+in)?|broken|damaged|punched|destroyed|ripped|torn|thrown)",
        no_perp_any=True,
        gate=("kicked", "smash", "broken", "damaged", "punched", "destroyed", "ripped", "torn", "thrown"),
    ),
    make_rule(
        "perpetrator_invisible",
        r"\b(?:witness(?:ed|es|ing)?|subjected\s+to|experienc(?:ed|es|ing)|suffered|living\s+with"
        r"|affected\s+by|impacted\s+by|harmed\s+by|traumati[sz]ed\s+by|victims?\s+of)"
        r"\s+(?:\w+\s+){0,2}?(?:dv|da|domestic\s+(?:abuse|violence)|violence|abuse|coercive\s+control)\b",
        no_perp_any=True,
        gate=(
            "witness",
            "subjected",
            "experienc",
            "suffered",
            "living with",
            "affected",
            "impacted",
            "harmed",
            "traumati",
            "victim",
        ),
    ),
    make_rule(
        "perpetrator_invisible",
        r"\b(?:exposed|exposure)\s+to\s+(?:\w+\s+){0,2}?(?:dv|da|domestic\s+(?:abuse|violence)|violence"
        r"|abuse|conflict|incidents?|coercive\s+control)\b",
        no_perp_any=True,
        gate=("expos",),
    ),
    make_rule(
        "perpetrator_invisible",
        r"\b(?:dv|da|domestic\s+(?:abuse|violence))\s+(?:incidents?|at\s+the\s+(?:property"
        r"|address|house|flat|home)|in\s+the\s+(?:home|household|family|relationship)|since"
        r"|situation|relationships?|occurred|happened|took\s+place|history)\b"
        r"|\bhistory\s+of\s+(?:dv|da|domestic\s+(?:abuse|violence))"
        r"|\b(?:dv|da|domestic\s+(?:abuse|violence)|the\s+abuse|the\s+violence)\s+(?:has\s+been|had\s+been"
        r"|is|was|has)\s+(?:\w+\s+)?(?:going\s+on|ongoing|happening|occurring|taking\s+place|escalat\w+"
        r"|continu\w+|present)"
        r"|\b(?:an?|the)\s+(?:dv\s+|da\s+|domestic\s+|violent\s+)?incident\b"
        r"|\b(?:dv|da|domestic\s+(?:abuse|violence))\s+(?:was\s+|has\s+been\s+|were\s+)?(?:reported|call-?outs?"
        r"|callouts?)\b"
        r"|\b(?:an?|the|another)\s+(?:\w+\s+)?(?:assault|attack)\s+on\s+(?:m|mum|her|mother|the\s+victim"
        r"|the\s+mother)\b"
        r"|\b(?:during|after|following|since|in)\s+(?:the|an?|that)\s+(?:\w+\s+)?(?:assault|attack"
        r"|violence|abuse|dv|da)\b"
        r"|\b(?:violence|abuse|dv|da)\s+(?:in|at)\s+(?:the\s+)?(?:home|house|household|family|property|flat|address)\b"
        r"|\b(?:violent|abusive|dv|da|domestic\s+(?:abuse|violence))\s+(?:household|home|environment)\b"
        r"|\bpolice\s+(?:were\s+)?called\s+(?:out\s+)?to\s+(?:the\s+address|the\s+property"
        r"|a\s+disturbance|reports?\s+of)",
        no_perp_any=True,
        gate=("dv", "da", "domestic", "incident", "police", "assault", "attack", "violen", "abus"),
    ),
    make_rule(
        "perpetrator_invisible",
        rf"\b{SURV_POSS}\s+(?:own\s+|ongoing\s+|long\s+|longstanding\s+|previous\s+|past\s+|current\s+|recent\s+)?"
        r"(?:history\s+of\s+)?(?:dv|da|domestic\s+(?:abuse|violence)"
        r"|abusive\s+relationships?|violent\s+relationships?)\b(?!\s+(?:worker|service|support"
        r"|advocate|course|programme|group|team|disclosure))",
        gate=("dv", "da", "domestic", "abusive", "violent"),
    ),
    make_rule(
        "perpetrator_invisible",
        rf"{SURV_SUBJ}\s+{gap(2)}(?:presented|attended|arrived|seen|with|had|has|sustained"
        r"|suffered)\s+(?:with\s+)?(?:[\w&]+\s+){0,3}?(?:injuries|bruising|bruises|black\s+eye"
        r"|cuts|swelling|fractured?\s+\w+|strangulation\s+marks|broken\s+(?:nose|arm|wrist|ribs?|jaw|finger"
        r"|cheekbone|tooth|teeth)|(?:split|cut|bust|burst)\s+lip|concussion|bite\s+marks|burns|stab\s+wounds?)",
        no_perp_any=True,
        gate=(
            "injur",
            "bruis",
            "black eye",
            "cuts",
            "swelling",
            "fractur",
            "strangulation",
            "broken",
            "lip",
            "concussion",
            "bite",
            "burns",
            "stab",
        ),
    ),
]

NOT_ENGAGING += [
    make_rule(
        "not_engaging",
        r"(?:won't|wouldn't|will\s+not|would\s+not|unwilling\s+to|not\s+willing\s+to|refus\w+\s+to)\s+work"
        r"\s+(?:with|alongside)|\bnot\s+working\s+with\s+(?:us|sw|professionals|services|agencies|the\s+plan)",
        her=True,
        unless=NE_CONTEXT + r"|\b(?:prefers?|preferred|male|female|because|due\s+to|as\s+she|since|interpreter)\b",
        gate=("work",),
    ),
    make_rule(
        "not_engaging",
        r"\b(?:engag\w+|complian\w+|complying|co-?operat\w+)\s+(?:only\s+)?superficial(?:ly)?\b"
        r"|\bonly\s+(?:superficially|partially)\s+(?:engag\w+|complian\w+|co-?operat\w+)",
        her=True,
        unless=NE_CONTEXT,
        gate=("superficial", "partially"),
    ),
]

_TARGET_HARDENING = (
    r"(?:install\w*\s+(?:\w+\s+){0,2}?(?:camera|doorbell|alarm|locks?|cctv|video)|change\s+(?:her\s+)?(?:phone\s+)?"
    r"(?:number|sim|phone)|get\s+(?:a\s+)?new\s+(?:phone|number|sim)|block\s+(?:p|him|dad|his\s+number)"
    rf"|remove\s+{PERP_OBJ}\s+from\s+(?:the\s+)?tenancy|get\s+(?:p's|his|dad's)\s+name\s+(?:taken\s+)?off"
    r"|move\s+(?:house|address|areas?)|avoid\s+(?:p|him|dad|places))"
)
PLAN += [
    make_rule(
        "plan_burden_on_mother",
        _OWNER + _HER_RUN + _TARGET_HARDENING,
        unless=_PLAN_OK,
        gate=_PLAN_GATE,
    ),
]

INVISIBLE += [
    make_rule(
        "perpetrator_invisible",
        # "injuries noted to M's neck"
        r"\b(?:injuries|injury|bruising|bruises|marks|cuts|swelling|scratches|grazes)\s+(?:were\s+|was\s+)?"
        r"(?:noted|seen|observed|found|visible|present|sustained|recorded)?\s*(?:to|on)\s+(?:m's|mum's|her|mother's"
        r"|the\s+victim's)\s",
        no_perp_any=True,
        gate=("injur", "bruis", "marks", "cuts", "swelling", "scratches", "grazes"),
    ),
]

NOT_ENGAGING += [
    make_rule(
        "not_engaging",
        r"\b(?:doesn't|does\s+not|didn't|did\s+not|won't|will\s+not|fails?\s+to|unable\s+to|can't|cannot|refuses\s+to"
        r"|struggles\s+to)\s+(?:see|accept|recognise|recognize|understand|acknowledge|appreciate|grasp)\s+(?:the\s+)?"
        r"(?:\w+\s+)?(?:risks?|concerns?|danger|impact|seriousness|severity)\b"
        r"|\b(?:refus\w+\s+to|doesn't|does\s+not)\s+let\s+(?:the\s+)?(?:hv|sw|us|me|worker|workers|professionals|police"
        r"|staff|social\s+worker|health\s+visitor)\s+(?:in|see|speak\s+(?:to|with)|talk\s+to|into|visit|meet)\b",
        her=True,
        unless=NE_CONTEXT,
        gate=("see", "accept", "recogni", "understand", "acknowledge", "appreciate", "grasp", "let"),
    ),
]
