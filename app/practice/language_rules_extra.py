"""Further general frames, one per linguistic pattern (domain.md §4, §5).

Each rule names a grammatical frame, not a phrase: a condition placed on her
leaving, a state offered as the reason for his violence, an agentless event,
an action handed to her by an adviser, and so on.  They run after the rules of
the same category in the other modules, so earlier triggers are unchanged.
"""

from __future__ import annotations

from app.practice.language_lexicon import (
    KIDS,
    PERP_OBJ,
    PERP_SUBJ,
    SURV_POSS,
    SURV_SUBJ,
    gap,
)
from app.practice.language_rules import HER_AUX, Rule, make_rule
from app.practice.language_rules_plan import NE_CONTEXT

# Her reasons or his pressure spelled out: a frame about her is then not blaming.
_HER_REASON = (
    r"\b(?:because|cos|as\s+(?:he|p|dad|she)|since\s+(?:he|p|dad)|for\s+fear|afraid|scared|frightened|terrified"
    r"|in\s+case|otherwise|to\s+(?:avoid|keep\s+(?:him|p)\s+calm)|safer|for\s+(?:her|their|the\s+kids')?\s*safety)\b"
)
_CAUSE_WORDS = (
    r"(?:drink(?:ing)?|alcohol(?:\s+use)?|drugs?(?:\s+use)?|substance\s+(?:use|misuse)|cocaine|coke|cannabis"
    r"|gambling|stress|mental\s+health|mh|depression|anxiety|ptsd|trauma|bipolar|adhd|psychosis|personality"
    r"\s+disorder|anger|temper|jealousy|grief|bereavement|addiction|debts?|money\s+(?:worries|problems))"
)
_ABUSE_ENDS = (
    r"(?:risk|da|dv|abuse|violence|aggression|incidents?|call-?outs?|assaults?|threats|it|things|behaviour)\s+"
    r"(?:\w+\s+){0,2}?(?:stop|end|reduce[sd]?|drops?|decrease[sd]?|go\s+away|go\s+down|come\s+down|cease"
    r"|improve|lessen|settle|disappear|calm\s+down|be\s+(?:lower|reduced|resolved|manageable|fine|over|gone))"
)
_NOT_ENDS = (
    r"\b(?:won't|will\s+not|wouldn't|would\s+not|doesn't|does\s+not|didn't|did\s+not|hasn't|has\s+not|not)\s+"
    r"(?:\w+\s+)?(?:stop|end|settle|reduce|go\s+away|cease|disappear|change|fix|solve)"
    r"|(?:not|n't)\s+(?:the\s+|an?\s+)?(?:cause|excuse|reason)|his\s+choice|chooses|choice\s+to"
)

# Cheap pre-check for the rules about his factors: one of these must occur in the note.
_FACTOR_GATE = (
    "drink",
    "alcohol",
    "drug",
    "substance",
    "cocaine",
    "coke",
    "cannabis",
    "gambl",
    "stress",
    "mental",
    "mh",
    "depress",
    "anxi",
    "ptsd",
    "trauma",
    "bipolar",
    "adhd",
    "psychos",
    "personality",
    "anger",
    "temper",
    "jealous",
    "grief",
    "bereave",
    "addict",
    "debt",
    "money",
)

EXTRA: list[Rule] = [
    # --- causal_attribution ---------------------------------------------------------
    make_rule(
        "causal_attribution",
        # "treat P's depression and the abuse should settle": fixing a factor offered as the fix
        r"\b(?:treat\w*|sort\w*|address\w*|tackl\w*|deal\w*\s+with|fix\w*|manag\w*|stabili[sz]\w*|resolv\w*"
        r"|cur(?:e|es|ed|ing)|control\w*|get\w*\s+(?:help|support|treatment)\s+(?:with|for))\s+(?:out\s+)?"
        rf"(?:his|p's|dad's|father's|partner's)\s+(?:\w+\s+)?{_CAUSE_WORDS}\b[^.;]{{0,30}}?"
        rf"\b(?:then|and|so)\b[^.;]{{0,20}}?\b{_ABUSE_ENDS}",
        unless=_NOT_ENDS + r"|perpetrator\s+programme|caledonian|behaviour\s+change",
        gate=_FACTOR_GATE,
    ),
    make_rule(
        "causal_attribution",
        # "struggling since his mum died, that's why he's been hitting out": a reason given for his harm
        r"\b(?:that's|that\s+is|this\s+is|which\s+is|which's|thats)\s+(?:the\s+reason\s+|why\s+)"
        r"(?:why\s+)?(?:he|p|dad)(?:'s|\s+is|\s+has|\s+was|\s+gets|\s+got)?\s+(?:been\s+|become\s+|started\s+)?"
        r"(?:hitting|lashing|lash|hit|violent|aggressive|abusive|kicking\s+off|kicks\s+off|kicked\s+off"
        r"|taking\s+it\s+out|takes\s+it\s+out|took\s+it\s+out|snapping|snapped|snaps|hurting|hurt|attack\w*"
        r"|assault\w*|threaten\w*|controlling|shouting|screaming|so\s+(?:angry|aggressive|violent))",
        unless=_NOT_ENDS,
        gate=("why", "reason"),
    ),
    # --- survivor_choices ---------------------------------------------------------------
    make_rule(
        "survivor_choices",
        # "the risk is of her own making": the harm laid at her door as her doing
        r"\b(?:of\s+(?:her|m's|mum's|mother's)\s+own\s+(?:making|doing|creation)|her\s+own\s+(?:fault|doing)"
        r"|self[- ]inflicted"
        r"|(?:she|m|mum)\s+(?:only\s+)?has\s+herself\s+to\s+blame|(?:she|m|mum)\s+made\s+her\s+(?:own\s+)?bed)",
        no_coercion=True,
        gate=(
            "own making",
            "own doing",
            "own creation",
            "own fault",
            "inflicted",
            "herself to blame",
            "her bed",
            "own bed",
        ),
    ),
    make_rule(
        "survivor_choices",
        # "M agreed to P staying over against the plan": her consent framed as the risk
        rf"{SURV_SUBJ}\s+(?:(?:has|had|then|again|just)\s+)?(?:agreed|agrees|agreeing|consented|consents"
        rf"|arranged|arranges|insist(?:s|ed)?\s+on)\s+(?:to\s+)?(?:{PERP_OBJ}(?:'s)?|his)\s+"
        r"(?:staying|coming|moving|living|having|seeing|visiting|returning|spending|babysitting|minding"
        r"|looking\s+after|collecting|picking)",
        needs=r"\b(?:against|despite|even\s+though|breach\w*|contrary\s+to|not\s+(?:meant|supposed|allowed)"
        r"|again|at\s+risk|putting|unsupervised|overnight|knowing)\b",
        no_coercion=True,
        gate=("agree", "consent", "arrange", "insist"),
    ),
    make_rule(
        "survivor_choices",
        # "M insists on seeing him": her wish to see him presented as the risk
        rf"{SURV_SUBJ}\s+(?:(?:still|keeps|kept|always)\s+)?(?:insist(?:s|ed|ing)?\s+on|keeps?\s+on"
        rf"|is\s+determined\s+to|wants?\s+to\s+keep)\s+(?:seeing|meeting|contacting|being\s+with|seeing|see|meet)"
        rf"\s+{PERP_OBJ}\b",
        needs=r"\b(?:so|risk|despite|against|harm|choice|making|fault|again)\b",
        no_coercion=True,
        unless=_HER_REASON,
        gate=("insist", "keep", "determined", "wants to"),
    ),
    # --- separation_as_solution ---------------------------------------------------------
    make_rule(
        "separation_as_solution",
        # "Nursery place offered on condition mum leaves dad"
        rf"\bon\s+(?:the\s+)?condition\s+(?:that\s+)?(?:{SURV_SUBJ})\s+{gap(2)}"
        r"(?:leaves?|left|leaving|separat\w+|seperat\w+|ends?|split\w*|finish\w*|moves?\s+(?:away|out)"
        r"|cuts?\s+(?:off\s+)?(?:contact|ties)|gets?\s+away)",
        unless=r"(?:not|n't)\s+(?:\w+\s+)?(?:depend|conditional|contingent)|regardless",
        gate=("condition",),
    ),
    make_rule(
        "separation_as_solution",
        # "Simplest fix is for mum to get away from him"
        r"\b(?:simplest|easiest|quickest|obvious|best|only|real|clear)\s+(?:fix|solution|answer|option|way"
        r"\s+forward|route|outcome|plan)\s+(?:here\s+)?(?:is|would\s+be|=)\s+(?:for\s+)?"
        rf"(?:{SURV_SUBJ}|her)\s+(?:to\s+)?(?:leave|separate|end|get\s+(?:away|out)|move\s+(?:away|out)"
        r"|split|walk\s+away|cut\s+(?:off\s+)?(?:contact|ties)|go\s+(?:in)?to\s+(?:a\s+)?refuge)",
        unless=r"(?:not|n't)\s+(?:\w+\s+)?(?:depend|conditional)|regardless|her\s+(?:own\s+)?(?:choice|decision)",
        gate=("fix", "solution", "answer", "option", "way forward", "route", "outcome"),
    ),
    # --- failure_to_protect -------------------------------------------------------------
    make_rule(
        "failure_to_protect",
        # "mum not shielding him from the abuse", "she has not kept them safe"
        r"\b(?:not|never|isn't|wasn't|hasn't|has\s+not|haven't|didn't|did\s+not|doesn't|does\s+not"
        r"|fail(?:ed|s|ing)?\s+to)\s+(?:been\s+)?(?:protect(?:ing|ed)?|shield(?:ing|ed)?|safeguard(?:ing|ed)?)\s+"
        rf"(?:him|her|{KIDS}|[a-z]+)\s+from\s+(?:the\s+|his\s+|p's\s+|dad's\s+|this\s+|that\s+)?"
        r"(?:abuse|violence|dv|da|harm|it|danger|risk|domestic|him|p|dad|father)\b"
        rf"|\b(?:hasn't|has\s+not|haven't|have\s+not|hadn't|had\s+not|never|not|didn't|did\s+not)\s+(?:always\s+)?"
        rf"kept\s+{KIDS}\s+safe",
        her=True,
        no_coercion=True,
        gate=("protect", "shield", "safeguard", "kept"),
    ),
    make_rule(
        "failure_to_protect",
        # "concern re M's protective capacity" (her capacity made the concern)
        r"\b(?:concerns?|worr(?:y|ies)|doubts?|questions?)\s+(?:\w+\s+)?(?:re|about|over|regarding|around|as\s+to)\s+"
        rf"{SURV_POSS}\s+(?:\w+\s+)?(?:protective\s+(?:capacity|capacities|abilit\w+|skills|factors)"
        r"|ability\s+to\s+(?:protect|safeguard|keep))",
        no_perp_act=True,
        gate=("protective", "ability"),
    ),
    make_rule(
        "failure_to_protect",
        # "mother not meeting his needs", "M not meeting Harvey's needs"
        r"\b(?:not|isn't|wasn't|never|isnt)\s+(?:meeting|providing\s+for|attending\s+to|seeing\s+to)\s+"
        r"(?:his|her|their|(?:the\s+)?(?!p's|dad's|his\s)[a-z]+'s)\s+(?:basic\s+|emotional\s+|physical\s+|health\s+)?"
        r"(?:needs|care)\b",
        her=True,
        no_perp_act=True,
        gate=("meeting", "providing", "attending", "seeing to"),
    ),
    # --- pathologising_survivor ---------------------------------------------------------
    make_rule(
        "pathologising_survivor",
        # "M's EUPD is what's driving the concerns about the children"
        rf"\b{SURV_POSS}\s+(?:own\s+|[a-z-]+\s+)?(?:drinking|alcohol(?:\s+use)?|drug\s+use|substance\s+(?:use|misuse)"
        r"|mh|mental\s+health|mental\s+illness|illness|diagnosis|condition|eupd|bpd|personality\s+disorder"
        r"|bipolar|psychosis|anxiety|depression|presentation|instability|lifestyle|addiction)\s+"
        r"(?:is|are|was|seems|appears|remains)\s+(?:\w+\s+)?(?:what(?:'s|\s+is)\s+)?(?:driving|behind|causing"
        r"|fuelling|fueling|at\s+the\s+(?:root|heart)\s+of|the\s+(?:root|source|cause|driver|basis)\s+of"
        r"|the\s+reason\s+for|responsible\s+for|underneath|underlying)\s+(?:the\s+|all\s+the\s+|our\s+|these\s+"
        r"|most\s+of\s+the\s+)?(?:concerns?|worries|worry|risks?|problems?|issues?|difficulties)",
        her=True,
        no_perp_act=True,
        gate=(
            "driving",
            "behind",
            "causing",
            "fuel",
            "root",
            "heart",
            "source",
            "cause",
            "driver",
            "basis",
            "reason",
            "responsible",
            "underl",
        ),
    ),
    make_rule(
        "pathologising_survivor",
        # police-log roles: "female very drunk ..., male calm and sensible"
        r"\bmale\s+(?:was\s+|is\s+|seemed\s+|appeared\s+|remained\s+|presented\s+as\s+)?(?:\w+\s+)?(?:calm"
        r"|composed|reasonable|rational|credible|plausible|articulate|measured|polite|sensible|cooperative"
        r"|co-operative)\b",
        needs=r"\bfemale\b[^.;]{0,60}?\b(?:drunk|intoxicated|aggressive|hysterical|irrational|erratic"
        r"|screaming|shouting|swearing|agitated|abusive|uncooperative|unco-operative)\b",
        gate=("male",),
    ),
    make_rule(
        "pathologising_survivor",
        # "his version accepted": his account taken as fact
        r"\b(?:his|p's|dad's|father's|partner's|male's)\s+(?:account|version|story|side|explanation)"
        r"(?:\s+of\s+(?:events|things|what\s+happened))?\s+(?:was\s+|is\s+|has\s+been\s+|were\s+)?"
        r"(?:accepted|believed|preferred|taken\s+(?:as|at)\s+(?:fact|face\s+value|read)|relied\s+(?:on|upon)"
        r"|more\s+believable)\b",
        needs=r"\b(?:drunk|intoxicated|aggressive|hysterical|irrational|erratic|screaming|shouting|swearing"
        r"|agitated|unstable|unreliable|inconsistent|calm|sensible|credible|plausible)\b",
        unless=r"\b(?:at\s+the\s+time|initially|originally|wrongly|later|since\s+shown|challeng\w*|but|however)\b",
        gate=("accepted", "believed", "preferred", "taken as", "taken at", "relied", "believable"),
    ),
    # --- not_engaging -------------------------------------------------------------------
    make_rule(
        "not_engaging",
        # "avoiding services", "avoids all appointments"
        r"\bavoid(?:s|ed|ing|ant)?\s+(?:all\s+|any\s+|the\s+)?(?:services|agencies|appointments|appts"
        r"|professionals|meetings|core\s+groups?|home\s+visits|sw\s+visits|hv\s+visits|contact\s+with\s+"
        r"(?:services|professionals|agencies|workers))\b",
        her=True,
        unless=_HER_REASON + "|" + NE_CONTEXT + r"|\bwhen\s+(?:he|p|dad)\b|\bwhile\s+(?:he|p|dad)\b",
        gate=("avoid",),
    ),
    # --- plan_burden_on_mother ------------------------------------------------------------
    make_rule(
        "plan_burden_on_mother",
        # "Mum to tell dad he can't come to parents evening": enforcing his boundaries put on her
        rf"(?:^|(?<=[;.\n*:])|(?<=\s-\s)|(?<=\band\s))\s*{SURV_SUBJ}\s+(?:to|needs?\s+to|must|has\s+to|should"
        r"|will\s+need\s+to|is\s+to|(?:is\s+)?(?:expected|required|asked|advised|told)\s+to)\s+(?:\w+\s+)?"
        rf"(?:tell|inform|warn|remind|ask|instruct|confront|challenge)\s+{PERP_OBJ}\s+(?:that\s+)?(?:he\s+)?"
        r"(?:can't|cannot|can\s+not|isn't|is\s+not|mustn't|must\s+not|shouldn't|should\s+not|not\s+to|to\s+(?:leave"
        r"|stay\s+away|keep\s+away|stop|go|move\s+out|not)|is\s+not\s+allowed|isn't\s+allowed|about\s+his)",
        unless=r"\bif\s+(?:she|m|mum)\s+(?:wants|wishes|chooses|feels)|\b(?:her|m's|mum's)\s+(?:own\s+)?(?:choice"
        r"|idea|request|wish)|(?:^|[;.,]|\s-\s)\s*(?:p|he|dad)\s+(?:to|must|needs?\s+to)\s",
        gate=("tell", "inform", "warn", "remind", "ask", "instruct", "confront", "challenge"),
    ),
    make_rule(
        "plan_burden_on_mother",
        # "Advised victim to keep doors locked and ring police if he shows": the adviser's form
        r"\b(?:advised|told|asked|instructed|reminded|expected|required|directed)\s+(?:the\s+)?"
        r"(?:victim|m|mum|mother|her)\s+to\s+(?:\w+\s+){0,2}?(?:keep\s+(?:the\s+|all\s+|her\s+)?(?:doors?|windows?)"
        rf"|keep\s+{PERP_OBJ}\s+(?:away|out)|keep\s+{KIDS}\s+(?:away|inside|in|indoors)|(?:ring|call|phone"
        r"|contact)\s+(?:the\s+)?(?:police|999|sw|us)\s+(?:if|when|whenever|each|every)|not\s+(?:let|allow)"
        rf"\s+{PERP_OBJ}|stop\s+{PERP_OBJ}|report\s+(?:any\s+)?(?:breach\w*|contact|{PERP_OBJ})"
        r"|(?:get|take\s+out|apply\s+for|seek)\s+(?:a\s+|an\s+)?(?:non[- ]?mol\w*|injunction|order|nmo)"
        r"|attend\s+(?:the\s+|a\s+)?(?:freedom|parenting|programme|course))",
        unless=r"\b(?:p|he|dad|father|partner)\s+(?:has\s+|had\s+)?(?:advised|told|asked|instructed)\b"
        r"|\bif\s+(?:she|m|mum)\s+(?:wants|wishes|chooses)|\b(?:her|m's)\s+(?:own\s+)?(?:choice|idea|request)"
        r"|(?:^|[;.,]|\s-\s)\s*(?:p|he|dad)\s+(?:to|must|needs?\s+to)\s",
        gate=("advised", "told", "asked", "instructed", "reminded", "expected", "required", "directed"),
    ),
    # --- minimising -----------------------------------------------------------------------
    make_rule(
        "minimising",
        # "Offending historic", "his convictions are all historic": the noun graded as past
        r"\b(?:offending|offences|convictions?|dv|da|abuse|violence|incidents?|assaults?|concerns?|behaviour)\s+"
        r"(?:(?:is|was|are|were|all|now|largely|mostly|considered|deemed|seen\s+as)\s+){0,2}historic(?:al)?\b",
        unless=r"\b(?:but|however|yet|still|continu\w*|ongoing|recent\w*|last\s+(?:week|month)|this\s+(?:week"
        r"|month|year)|current\s+(?:threats|abuse|control|pattern)|since)\b",
        gate=("historic",),
    ),
    make_rule(
        "minimising",
        # "children didn't see anything so impact on them minimal": harm counted by what they saw
        r"\b(?:(?:didn't|did\s+not|never|weren't|were\s+not|wasn't|was\s+not|not)\s+(?:\w+\s+)?(?:see|hear"
        r"|witness|present|there|aware|in\s+the\s+room|home)|(?:were|was)\s+(?:\w+\s+)?(?:asleep|in\s+bed"
        r"|upstairs|at\s+school|at\s+nursery|out|away|elsewhere))\b[^.;]{0,30}?\b(?:so|therefore|thus|hence"
        r"|which\s+means|=)\s+"
        r"(?:the\s+)?(?:impact|effect|harm|risk|damage)(?:\s+(?:on|to)\s+(?:them|the\s+\w+|him|her))?\s+"
        r"(?:is\s+|was\s+|would\s+be\s+|likely\s+|probably\s+)?(?:minimal|low|limited|negligible|minor|small"
        r"|reduced|none|nil|slight)\b",
        gate=("minimal", " low", "limited", "negligible", "minor", "small", "reduced", "none", "nil", "slight"),
    ),
    # --- perpetrator_invisible ------------------------------------------------------------
    make_rule(
        "perpetrator_invisible",
        # "kids have grown up around domestic violence"
        r"\b(?:grow(?:n|ing|s)?|grew|brought)\s+up\s+(?:around|with|amid|amongst|among|in|surrounded\s+by"
        r"|in\s+the\s+middle\s+of)\s+(?:\w+\s+){0,2}?(?:dv|da|domestic\s+(?:abuse|violence)|violence|abuse"
        r"|coercive\s+control)\b"
        r"|\bsurrounded\s+by\s+(?:dv|da|domestic\s+(?:abuse|violence)|violence|abuse)\b",
        no_perp_any=True,
        gate=("up ", "surrounded"),
    ),
    make_rule(
        "perpetrator_invisible",
        # "when the violence occurred": an agentless event
        r"\b(?:the|an?|this|that|each|every)\s+(?:\w+\s+)?(?:violence|abuse|assault|attack|incident|dv|da"
        r"|strangulation|beating)\s+(?:\w+\s+)?(?:occur+(?:ed|s|ing)?|happen(?:ed|s|ing)?|took\s+place"
        r"|broke\s+out|started|began|kicked\s+off|unfolded)\b",
        no_perp_any=True,
        gate=("occur", "happen", "took place", "broke out", "started", "began", "kicked off", "unfolded"),
    ),
]

_SUBSTANCE_STATE = (
    r"(?:drinks|drinking|drunk|has\s+(?:a\s+)?drink|has\s+been\s+drinking|'s\s+been\s+drinking|had\s+a\s+drink"
    r"|uses|using|high|on\s+drugs|takes\s+(?:drugs|cocaine|coke)|stressed|under\s+pressure|off\s+his\s+meds"
    r"|not\s+taking\s+his\s+meds|gets\s+drunk|gets\s+stressed|is\s+drunk|is\s+stressed|is\s+high|is\s+using"
    r"|has\s+used|relapses|jealous|gets\s+jealous)"
)
_HIS_VIOLENT = r"(?:violent|aggressive|abusive|nasty|physical|angry|volatile|dangerous|threatening)"
_HIS_FACTOR = (
    r"(?:drinking|alcohol(?:\s+use)?|drug\s+use|substance\s+(?:use|misuse)|gambling|mental\s+health|mh|depression"
    r"|ptsd|anger|temper|stress|addiction|cocaine\s+use|cannabis\s+use)"
)
_HER_FACTOR = (
    r"(?:drinking|alcohol(?:\s+(?:use|misuse|abuse))?|drug\s+(?:use|misuse)|substance\s+(?:use|misuse)|mh"
    r"|mental\s+health|mental\s+illness|anxiety|depression|presentation|lifestyle|cannabis\s+use|addiction)"
)
_PASSIVE_ONLY = (
    r"(?:assaulted|strangled|beaten|attacked|raped|stabbed|injured|punched|kicked|slapped|choked|headbutted"
    r"|battered|throttled|sexually\s+assaulted|beaten\s+up)"
)
_NOTE_END = r"(?=\s*(?:$|[,.;:(]|\s-\s)|\s+(?:at|in|on|last|yesterday|during|with|while|outside|near|again|twice"
_NOTE_END += r"|several|repeatedly|x\d|\d|and|over|earlier|this|overnight|today|tonight)\b)"

EXTRA += [
    # --- causal_attribution ---------------------------------------------------------
    make_rule(
        "causal_attribution",
        # "P becomes violent when he drinks", "when P drinks he gets aggressive"
        rf"{PERP_SUBJ}\s+(?:\w+\s+)?(?:becomes?|became|gets?|got|turns?|turned|goes|went|is|was|can\s+(?:be|get))\s+"
        rf"(?:very\s+|more\s+|really\s+|quite\s+)?{_HIS_VIOLENT}\s+(?:\w+\s+)?(?:when|whenever|after|if|once)\s+"
        rf"(?:he(?:'s|\s+is|\s+has|\s+gets)?\s+|he\s+)?(?:been\s+)?{_SUBSTANCE_STATE}"
        rf"|\b(?:when|whenever|after|if|once)\s+(?:he|p|dad)(?:'s|\s+is|\s+has|\s+gets)?\s+(?:been\s+)?{_SUBSTANCE_STATE}"
        rf"\s*,?\s+(?:he|p|dad)\s+(?:\w+\s+)?(?:becomes?|gets?|turns?|goes|is|can\s+(?:be|get))\s+"
        rf"(?:very\s+|more\s+|really\s+)?{_HIS_VIOLENT}",
        unless=_NOT_ENDS + r"|sober\s+(?:too|or\s+not|as\s+well)|even\s+(?:when|if)\s+(?:he's\s+|he\s+is\s+)?sober"
        r"|whether\s+(?:or\s+not|he|drunk|drinking|sober)|not\s+only\s+when|also\s+when|(?:and|or)\s+(?:when\s+)?sober"
        r"|sober\s+or",
        gate=("violent", "aggressive", "abusive", "nasty", "physical", "angry", "volatile", "dangerous", "threatening"),
    ),
    make_rule(
        "causal_attribution",
        # "P's jealousy makes him violent", "stress at work causes P to lash out"
        rf"\b(?:his\s+|p's\s+|dad's\s+|the\s+)?(?:{_CAUSE_WORDS}|insecurit(?:y|ies)|work\s+stress|unemployment"
        r"|losing\s+his\s+job|his\s+job\s+loss|being\s+unemployed)(?:\s+(?:at|from|over|about)\s+\w+)?\s+"
        rf"(?:makes?|made|turns?|turned|causes?|caused|drives?|drove|pushes|pushed|leads?|led)\s+{PERP_OBJ}\s+"
        rf"(?:to\s+)?(?:be\s+|become\s+|get\s+)?(?:{_HIS_VIOLENT}|lash\w*\s+out|hit|snap|kick\s+off|lose\s+it"
        r"|abuse|attack|hurt|a\s+different\s+person)",
        unless=_NOT_ENDS,
        gate=("make", "made", "turn", "caus", "drive", "drove", "push", "lead", "led"),
    ),
    make_rule(
        "causal_attribution",
        # "once P addresses his drinking the risk will reduce"
        r"\b(?:if|once|when|as\s+soon\s+as|after|until)\s+(?:he|p|dad)(?:'s|\s+is|\s+has)?\s+(?:\w+\s+)?"
        r"(?:address\w*|tackl\w*|deal\w*\s+with|sort\w*\s+out|gets?\s+(?:help|treatment|support)\s+(?:with|for)"
        r"|stops?|cuts?\s+down\s+(?:on\s+)?|manag\w*|control\w*|treat\w*|gets?\s+on\s+top\s+of|works?\s+on"
        rf"|overcom\w*|beat\w*|kick\w*|gives?\s+up|reduc\w*)\s+(?:his\s+)?{_HIS_FACTOR}\b[^.;]{{0,40}}?"
        rf"\b{_ABUSE_ENDS}",
        unless=_NOT_ENDS,
        gate=_FACTOR_GATE,
    ),
    make_rule(
        "causal_attribution",
        # "the violence started when P lost his job": the onset explained by an event in his life
        r"\b(?:violence|abuse|dv|da|aggression|assaults|the\s+hitting)\s+(?:\w+\s+)?(?:started|began|begun|kicked\s+off)"
        r"\s+(?:when|after|once|because)\s+(?:he|p|dad)\s+(?:\w+\s+)?(?:lost\s+his\s+job|was\s+made\s+redundant"
        r"|started\s+(?:drinking|using|gambling)|relapsed|got\s+into\s+debt|lost\s+his\s+(?:mum|dad|mother|father"
        r"|brother|business)|came\s+(?:back|home)\s+from\s+(?:the\s+army|afghanistan|iraq|prison|deployment))",
        unless=_NOT_ENDS,
        gate=("started", "began", "begun", "kicked off"),
    ),
    # --- minimising -----------------------------------------------------------------------
    make_rule(
        "minimising",
        # "P pushed M but no injuries": harm measured by injury
        r"\b(?:but|though|although|however)\s+(?:there\s+(?:were|was)\s+|she\s+had\s+|m\s+had\s+)?no\s+(?:visible\s+|obvious"
        r"\s+|serious\s+|lasting\s+)?(?:injur\w*|marks|bruis\w*|harm\s+done)\b"
        r"(?!\s+(?:to|on|for)\s+(?:the\s+|her\s+)?(?:baby|kids|children|child|boys|girls|[a-z]+\s\(\d))",
        unless=r"\b(?:strangl\w*|chok\w*|throttl\w*)\b",
        gate=("but", "though", "however"),
    ),
    make_rule(
        "minimising",
        # "P's behaviour isn't that bad"
        r"\b(?:isn't|is\s+not|wasn't|was\s+not|aren't|weren't|not)\s+(?:that|too|all\s+that|so|particularly|overly)\s+"
        r"(?:bad|serious|severe|dangerous|concerning|worrying|violent|frequent|often|significant)\b",
        his=True,
        gate=(
            "bad",
            "serious",
            "severe",
            "dangerous",
            "concerning",
            "worrying",
            "violent",
            "frequent",
            "often",
            "significant",
        ),
    ),
    make_rule(
        "minimising",
        # "he's never hit the kids, only M": his violence to her counted as no risk to them
        rf"\b(?:never|hasn't|has\s+not|not|didn't|did\s+not|wouldn't|would\s+never)\s+(?:ever\s+)?(?:hit|hurt|harmed"
        rf"|touched|laid\s+a\s+finger\s+on|been\s+violent\s+(?:to|towards))\s+{KIDS}\s*,?\s+(?:only|just)\s+"
        r"(?:m|mum|her|mother|the\s+mother|his\s+partner)\b"
        r"|\bonly\s+(?:ever\s+)?(?:violent|abusive|aggressive)\s+(?:to|towards)\s+(?:m|mum|her|mother)\s*,?\s+"
        rf"(?:not|never)\s+(?:to\s+|towards\s+)?{KIDS}",
        gate=("only", "just"),
    ),
    make_rule(
        "minimising",
        # "P occasionally gets physical": a hedge before a verb of becoming
        r"\b(?:occasionally|sometimes|now\s+and\s+then|once\s+in\s+a\s+while|every\s+so\s+often)\s+(?:gets?|got|becomes?"
        r"|can\s+get|can\s+be)\s+(?:a\s+bit\s+|a\s+little\s+)?(?:physical|rough|handy|heated|aggressive|angry|loud"
        r"|carried\s+away|out\s+of\s+hand|jealous|possessive|controlling)\b",
        his=True,
        gate=("occasionally", "sometimes", "now and then", "once in a while", "every so often"),
    ),
    # --- pathologising_survivor -----------------------------------------------------------
    make_rule(
        "pathologising_survivor",
        # "mum drunk and abusive to officers": her presentation to professionals made the story
        r"\b(?:drunk|intoxicated|abusive|aggressive|volatile)\s+(?:and\s+\w+\s+)?"
        r"(?:to|towards|with|at)\s+(?:the\s+)?(?:officers|police|staff|workers|sw|hv|professionals|paramedics"
        r"|attending\s+officers|the\s+social\s+worker|teachers?)\b",
        her=True,
        no_perp_act=True,
        gate=("drunk", "intoxicated", "abusive", "aggressive", "volatile"),
    ),
    make_rule(
        "pathologising_survivor",
        # "M's mental health impacts her parenting", "M's drinking puts the kids at risk"
        rf"\b{SURV_POSS}\s+(?:own\s+|poor\s+|[a-z-]+\s+)?{_HER_FACTOR}\s+(?:is\s+|has\s+been\s+|was\s+)?(?:impacts?"
        r"|affects?|compromises?|undermines?|impairs?|impaired|affected|impacted|compromised|puts?|putting|places?"
        r"|placing|poses?|posing)\s+(?:on\s+)?(?:her\s+parenting|her\s+care|her\s+ability|her\s+capacity"
        rf"|{KIDS}\s+at\s+risk|a\s+risk|(?:a\s+|the\s+)?(?:main\s+|biggest\s+|greatest\s+)?risk\s+to|{KIDS})",
        no_perp_act=True,
        gate=("impact", "affect", "compromis", "undermin", "impair", "put", "plac", "pos"),
    ),
    # --- not_engaging -------------------------------------------------------------------
    make_rule(
        "not_engaging",
        # "Mum reluctant to accept help", "M refused a home visit"
        r"\b(?:reluctant|unwilling|not\s+willing|refus\w*|declin\w*|won't|will\s+not)\s+(?:to\s+)?(?:accept|take\s+up"
        r"|take)\s+(?:any\s+|the\s+|our\s+)?(?:help|support|services|input|advice|offers?\s+of\s+(?:help|support))\b"
        r"|\brefus(?:es|ed|ing)\s+(?:a\s+|the\s+|all\s+|any\s+|further\s+)?(?:home\s+|sw\s+|hv\s+|unannounced\s+)?"
        r"(?:visits?|appointments?|assessments?|meetings?|intervention)\b(?!\s+(?:from|by|with)\s+(?:p|him|dad|his)\b)",
        her=True,
        unless=_HER_REASON + "|" + NE_CONTEXT,
        gate=("reluctant", "unwilling", "willing", "refus", "declin", "won't", "will not", "wont"),
    ),
    make_rule(
        "not_engaging",
        # "M failed to attend the core group", "M missed all appointments"
        rf"{SURV_SUBJ}\s+(?:has\s+|have\s+|repeatedly\s+|again\s+|then\s+)*(?:fail(?:s|ed)\s+to\s+(?:attend|turn\s+up"
        r"|show)|missed\s+(?:all|every|most|each|repeated|numerous|several)|repeatedly\s+(?:missed|cancell?ed|dna'?d?))\b",
        no_perp_any=True,
        unless=_HER_REASON,
        gate=("fail", "missed", "repeatedly"),
    ),
    # --- perpetrator_invisible ------------------------------------------------------------
    make_rule(
        "perpetrator_invisible",
        # note-style passive with no auxiliary: "M assaulted at home on Saturday" (about her, no doer named)
        rf"\b{_PASSIVE_ONLY}{_NOTE_END}",
        her=True,
        no_perp_any=True,
        needs=SURV_SUBJ,
        gate=(
            "assaulted",
            "strangled",
            "beaten",
            "attacked",
            "raped",
            "stabbed",
            "injured",
            "punched",
            "kicked",
            "slapped",
            "choked",
            "headbutted",
            "battered",
            "throttled",
        ),
    ),
    make_rule(
        "perpetrator_invisible",
        # "M sustained a head injury", "M's arm was broken"
        rf"{SURV_SUBJ}\s+(?:has\s+|had\s+)?(?:sustained|suffered|received|had|has)\s+(?:a\s+|an\s+)?(?:\w+\s+)?"
        r"(?:injury|fracture|broken\s+\w+|black\s+eye|bleed|wound)\b"
        rf"|\b{SURV_POSS}\s+(?:arm|nose|jaw|wrist|ribs?|leg|finger|cheekbone|eye\s+socket|teeth|tooth|collarbone"
        r"|skull)\s+(?:was|were|has\s+been|got|had\s+been)\s+(?:broken|fractured|dislocated|cracked)",
        no_perp_any=True,
        gate=("injury", "fracture", "broken", "black eye", "bleed", "wound", "dislocated", "cracked"),
    ),
    make_rule(
        "perpetrator_invisible",
        # "a home where there is DA", "DA is a feature in this family"
        r"\b(?:home|household|house|environment|family|flat)\s+where\s+(?:there\s+is|there's|there\s+has\s+been"
        r"|there\s+was|there\s+are)\s+(?:\w+\s+)?(?:dv|da|domestic|violence|abuse)\b"
        r"|\b(?:dv|da|domestic\s+(?:abuse|violence)|violence|abuse)\s+(?:is|has\s+been|was|remains)\s+(?:a\s+|an\s+)?"
        r"(?:\w+\s+)?(?:feature|factor|theme)\s+(?:in|for|within)\b",
        no_perp_any=True,
        gate=("where there", "feature", "factor", "theme"),
    ),
    # --- mutualising ------------------------------------------------------------------------
    make_rule(
        "mutualising",
        # "conflict in the relationship", "relationship characterised by violence", "both have anger issues"
        r"\b(?:conflict|arguments|arguing|rows|rowing|fighting|fights|tension|difficulties|problems)\s+(?:with)?in\s+"
        r"(?:the|their)\s+(?:relationship|marriage)"
        r"|\b(?:relationship|marriage)\s+(?:is\s+|was\s+|has\s+been\s+)?(?:characteri[sz]ed|marked|defined|marred)\s+by\s+"
        r"(?:\w+\s+)?(?:violence|abuse|conflict|dv|da|arguments|rows|fighting|aggression)"
        r"|\b(?:the\s+|their\s+|parents'\s+|couple's\s+)(?:relationship|marriage)\s+(?:is|was|has\s+been|became)\s+"
        r"(?:\w+\s+)?(?:abusive|violent)\b"
        r"|\b(?:both|m\s*(?:and|&)\s*p|mum\s*(?:and|&)\s*dad|the\s+parents|the\s+couple)\s+(?:both\s+)?(?:have|has|had"
        r"|with)\s+(?:\w+\s+)?(?:anger|temper)\s+(?:issues|problems|difficulties)",
        no_perp_act=True,
        gate=("relationship", "marriage", "anger", "temper"),
    ),
    # --- failure_to_protect ---------------------------------------------------------------
    make_rule(
        "failure_to_protect",
        # "M failed to seek medical help for J"
        r"\bfail(?:s|ed|ing)?\s+to\s+(?:seek|get|obtain|arrange)\s+(?:\w+\s+)?(?:medical|hospital|dental|health)?\s*"
        r"(?:attention|help|treatment|care)\b",
        her=True,
        no_perp_act=True,
        gate=("fail",),
    ),
    make_rule(
        "failure_to_protect",
        # "mother does not supervise them adequately"
        r"\b(?:doesn't|does\s+not|didn't|did\s+not|not|isn't|fail(?:s|ed|ing)?\s+to)\s+(?:supervis\w*|feed\w*"
        rf"|wash\w*|cloth\w*|bath\w*|watch\w*)\s+(?:{KIDS}\s+)?(?:properly|adequately|appropriately|enough|safely)\b",
        her=True,
        no_perp_act=True,
        gate=("properly", "adequately", "appropriately", "enough", "safely"),
    ),
    make_rule(
        "failure_to_protect",
        # "M can't put the kids first", "mum has put the children in danger"
        rf"\b(?:can't|cannot|unable\s+to|struggl\w+\s+to|not\s+able\s+to)\s+(?:put|prioriti[sz]e)\s+{KIDS}(?:'s?)?"
        r"\s+(?:needs\s+)?first"
        rf"|{SURV_SUBJ}\s+{gap(3)}(?:put(?:s|ting)?|plac(?:es|ed|ing))\s+{KIDS}\s+(?:in\s+danger|in\s+harm's\s+way"
        r"|at\s+(?:serious\s+|significant\s+)?risk\s+of\s+harm)",
        her=True,
        no_perp_act=True,
        gate=("first", "danger", "harm's way", "risk of harm"),
    ),
    make_rule(
        "failure_to_protect",
        r"\bneglect(?:ed|ful)?\s+by\s+(?:the\s+|their\s+|his\s+|her\s+)?(?:mother|mum|m)\b",
        gate=("neglect",),
    ),
    # --- survivor_choices -----------------------------------------------------------------
    make_rule(
        "survivor_choices",
        # "continues the relationship despite advice", "seeing P secretly"
        rf"{SURV_SUBJ}\s+{HER_AUX}(?:continu\w+|maintain\w*|pursu\w+)\s+(?:the|her|their|this)\s+relationship"
        rf"(?:\s+with\s+{PERP_OBJ})?\s+(?:\w+\s+){{0,2}}?(?:despite|against|even\s+though|knowing)"
        rf"|{SURV_SUBJ}\s+{HER_AUX}(?:been\s+)?(?:secretly\s+)?(?:seeing|meeting|in\s+contact\s+with|contacting"
        rf"|texting|visiting)\s+{PERP_OBJ}\s+(?:\w+\s+){{0,2}}?(?:secretly|in\s+secret|behind\s+(?:our|sw's"
        r"|professionals'|everyone's|the\s+\w+'s)\s+backs?)"
        rf"|{SURV_SUBJ}\s+{HER_AUX}(?:secretly)\s+(?:seeing|meeting|contacting|texting|visiting|in\s+contact\s+with)"
        rf"\s+{PERP_OBJ}",
        her=True,
        no_coercion=True,
        unless=_HER_REASON + r"|\bknow\s+where\s+he\s+is",
        gate=("despite", "against", "even though", "knowing", "secret", "behind"),
    ),
    make_rule(
        "survivor_choices",
        # "decided to drop the charges", "didn't want to support a prosecution, NFA"
        r"\b(?:decided|chose|opted|decides|chooses)\s+to\s+(?:drop|withdraw|retract)\s+(?:the\s+|her\s+)?(?:charges?"
        r"|complaint|statement|allegation|support)"
        r"|\b(?:didn't|did\s+not|doesn't|does\s+not)\s+want\s+to\s+(?:support|give|make|pursue)\s+(?:a\s+|the\s+|any\s+)?"
        r"(?:prosecution|statement|complaint|charges)\b[^.;]{0,20}?(?:\bso\b|nfa|no\s+further|case\s+closed)",
        her=True,
        no_coercion=True,
        gate=("drop", "withdraw", "retract", "want to"),
    ),
    # --- separation_as_solution -----------------------------------------------------------
    make_rule(
        "separation_as_solution",
        # "Recommend M moves away from the area"
        r"\b(?:recommend\w*|advis\w*|suggest\w*|propos\w*|urg\w*)\s+(?:that\s+)?(?:m|mum|mother|she|the\s+mother"
        r"|victim)\s+(?:should\s+|must\s+|to\s+)?(?:leaves?|separates?|moves?\s+(?:away|out|to\s+(?:a\s+)?refuge)"
        r"|relocates?|ends?\s+(?:the|her|their)\s+relationship|goes\s+(?:in)?to\s+(?:a\s+)?refuge|cuts?\s+(?:off\s+)?"
        r"contact)\b",
        unless=r"(?:not|n't)\s+(?:\w+\s+)?(?:depend|conditional)|regardless|\bif\s+(?:she|m|mum)\s+(?:wants|wishes"
        r"|chooses|decides)|\b(?:her|m's|mum's)\s+(?:own\s+)?(?:choice|decision|wish|request)",
        gate=("recommend", "advis", "suggest", "propos", "urg"),
    ),
    # --- plan_burden_on_mother --------------------------------------------------------------
    make_rule(
        "plan_burden_on_mother",
        # "written agreement for M to sign"; "M to engage with DA services"
        r"\b(?:written\s+|working\s+|safety\s+|parenting\s+)?(?:agreement|contract|undertaking)\s+for\s+(?:m|mum"
        r"|mother|her|the\s+mother)\s+to\s+sign"
        rf"|(?:^|(?<=[;.\n*:])|(?<=\s-\s))\s*{SURV_SUBJ}\s+(?:to|must|needs?\s+to|has\s+to|is\s+to|will\s+need\s+to"
        r"|(?:is\s+)?(?:expected|required)\s+to)\s+(?:fully\s+)?(?:engage|work)\s+with\s+(?:all\s+|the\s+)?"
        r"(?:da|dv|domestic\s+abuse|women's\s+aid|idva|support)?\s*(?:services?|support|workers?|professionals)\b",
        unless=r"\bif\s+(?:she|m|mum)\s+(?:wants|wishes|chooses)|\b(?:her|m's)\s+(?:own\s+)?(?:choice|idea|request)"
        r"|(?:^|[;.,]|\s-\s)\s*(?:p|he|dad)\s+(?:to|must|needs?\s+to)\s",
        gate=("sign", "engage", "work with"),
    ),
]
