"""Cue words for factors, plans, interpreters and claimed change (see ``gaps_cues``)."""

from __future__ import annotations

import re
from typing import Final

from app.practice.gaps_cues import LANGS, rx, words

# --- factors ------------------------------------------------------------------------------
ALCOHOL: Final = words(
    r"\b(?:drink\w*|drunk\w*|alcohol\w*|booze\w*|beers?|vodka|wine|cans|lager|cider|spirits|"
    r"sober\w*|relaps\w*|aa|hungover|hangover|intoxicated|pissed|binge\w*|smelt of)\b"
)
DRUGS: Final = words(
    r"\b(?:drugs?|cannabis|weed|skunk|cocaine|coke|crack|heroin|methadone|subutex|spice|"
    r"ketamine|mdma|amphetamines?|using again|overdos\w*|needles?|clean (?:for|since))\b"
)
SUBSTANCE: Final = words(r"\b(?:substances?|substance misuse|d ?& ?a|das|detox|rehab)\b")
MENTAL_HEALTH: Final = words(
    r"\b(?:mental health|mh|depress\w*|anxi\w*|low mood|pnd|post-?natal depression|cmht|cpn|"
    r"psychiatr\w*|psycholog\w*|self[- ]harm\w*|suicid\w*|ptsd|bpd|bipolar|personality disorder|"
    r"psychos\w*|psychotic|paranoi\w*|meds|medication|antidepressants?|sertraline|fluoxetine|"
    r"citalopram|mirtazapine|panic attacks?|breakdown|eating disorder|ocd|sectioned|"
    r"nervous|hearing voices)\b"
)
MONEY: Final = words(
    r"\b(?:money|financ\w*|debts?|arrears|benefits?|uc|universal credit|pip|esa|jsa|"
    r"child benefit|tax credits?|unemploy\w*|lost (?:his|her) job|job loss|redundan\w*|poverty|"
    r"food ?banks?|can'?t afford|bills|loans?|credit cards?|bank card|wages|income|skint|"
    r"sanction\w*)\b"
)
HOUSING: Final = words(
    r"\b(?:housing|homeless\w*|tenancy|tenant|evict\w*|rent|landlord|mortgage|overcrowd\w*|"
    r"temporary accommodation|b&b|hostel|damp|mould|sanctuary scheme)\b"
)
IMMIGRATION: Final = words(
    r"\b(?:immigra\w*|visa|asylum|refugee|nrpf|no recourse|home office|deport\w*|"
    r"leave to remain|settled status|euss|passport|spousal|indefinite leave|ilr)\b"
)
LANGUAGE: Final = words(
    r"\b(?:language|english|esol|eal|interpret\w*|translat\w*|first language|"
    r"(?:speaks|speaking) (?:only )?(?:" + LANGS + r"))\b"
)
CULTURE: Final = words(
    r"\b(?:cultur\w*|religio\w*|faith|mosque|church|temple|community (?:pressure|shame)|"
    r"honou?r|dowry|forced marriage|fgm|racis\w*|discriminat\w*|extended family)\b"
)
# group key -> [(label, pattern)], in the order the checks report them
FACTOR_GROUPS: Final[tuple[tuple[str, tuple[tuple[str, re.Pattern[str]], ...]], ...]] = (
    ("substances", (("drinking", ALCOHOL), ("drug use", DRUGS), ("substance use", SUBSTANCE))),
    ("mental_health", (("mental health difficulties", MENTAL_HEALTH),)),
    ("money_housing", (("money worries", MONEY), ("housing problems", HOUSING))),
    (
        "immigration_culture",
        (("immigration status", IMMIGRATION), ("language barrier", LANGUAGE), ("cultural pressures", CULTURE)),
    ),
)

LINK_VERBS: Final = (
    r"(?:buys?|bought|brings?|brought|gives?|gave|supplie[sd]|supply|encourag\w*|pressur\w*|"
    r"push(?:es|ed)?|makes?|made|forces?|forced|gets?|got|plies|plied|hides?|hid|hidden|takes?|"
    r"took|withh[oe]lds?|withheld|controls?|controlled|controlling|stops?|stopped|prevents?|"
    r"prevented|won'?t let|wont let|doesn'?t let|does not let|did not let|didn'?t let|"
    r"won'?t allow|doesn'?t allow|forbids?|forbade|refuses?|refused|blocks?|blocked|cancels?|"
    r"cancelled|sabotag\w*|mocks?|mocked|taunts?|taunted|ridicul\w*|reports?|reported|rings?|"
    r"rang|calls?|called|phones?|phoned|tells?|told|threat\w*|spends?|spent|keeps?|kept|holds?|"
    r"held|has (?:got )?(?:her|m's|mum's|all (?:her|the)|the) (?:\w+ )?(?:passport|documents|visa|"
    r"card|bank card|keys?|phone|money|benefits|wages|uc|meds|medication)|isolat\w*|belittl\w*|"
    r"undermin\w*|monitors?|tracks?|tracked|runs? up|ran up|took out|"
    r"binned|bins|flush\w*|throws? away|threw away|destroy\w*|moves?|moved|insists?|insisted|"
    r"blames?|blamed|accus\w*|demands?|demanded|introduced|does all the talking|"
    r"do(?:es)? the talking|speaks for|answers for|translates for|interprets for|coerc\w*|"
    r"exploit\w*|weaponi\w*|uses? .{0,30}?\b(?:against|to (?:threaten|discredit|control|show|"
    r"prove|get|make|keep|stop|say|claim|scare)))"
)
CONSUMING_VERB: Final = rx(r"^(?:takes?|took|uses?|used|gets?|got)\b")
SUBSTANCE_WORD: Final = words(
    r"\b(?:drink|drinks|drunk|alcohol|beer|vodka|wine|cans|lager|drugs?|cannabis|weed|cocaine|"
    r"coke|crack|heroin|spice|ketamine|pills|high|stoned|wasted)\b"
)
OWN_USE_MAPPED: Final = words(
    r"\b(?:still (?:controls?|checks?|threatens?|monitors?|takes?|tracks?|texts?|shouts?|hits?|"
    r"abuses?|won'?t|calls?|decides?|follows?|isolates?|keeps?)|(?:control|abuse|threats?|"
    r"violence|monitoring) (?:continues?|persists?|carr(?:y|ies) on)|continues? (?:when|without|"
    r"sober|to control)|predates?|pre-dates?|not the cause|isn'?t the cause|not caused by|"
    r"not down to|whether or not he|drunk or sober|sober or drunk|sober too|sober as well|"
    r"stone[- ]cold sober|even (?:when|while|if) (?:he'?s |he is |p is |p's )?(?:sober|"
    r"not drinking|clean|off))\b"
)

# --- practice -----------------------------------------------------------------------------
GOAL: Final = words(
    r"\b(?:goals?|targets?|(?:stop|stops|stopping|cease|quit)\s+"
    r"(?!attending|engaging|going|drinking|using|smoking|taking drugs)(?:\w+ing|calling|the|his|"
    r"all|any|texting)|(?:start|starts|starting)\s+(?:to )?(?:let|letting|give|giving|share|"
    r"sharing|respect|respecting|listen|listening|support|supporting|pay|paying|take "
    r"responsibility|taking responsibility|help|helping|care|caring)|no longer|"
    r"nam(?:e|es|ing) (?:the |his |all |each )?(?:behaviours?|abuse|control|threats|violence)|"
    r"claim(?:s|ing)? (?:the )?harm|naming|claiming|(?:real|making) changes?|"
    r"three (?:change )?questions|accountab\w*|(?:take|takes|taking|accept|accepts) responsibility|"
    r"do(?:ing)? differently|differently|(?:show|shows|showing|evidence|evidences|demonstrate|"
    r"demonstrates|sustained) (?:of )?(?:real |sustained |lasting )?change|behaviour(?:al)? change|"
    r"change (?:in|to) (?:his|how he|the way he)|changes? (?:he|p) (?:must|needs to|will) make|"
    r"what (?:he|p) (?:must|needs to|will|has to) (?:stop|start|change|do)|"
    r"(?:his|p's) (?:behaviour|pattern|control|abuse|parenting|phone checking|monitoring)\b.{0,40}"
    r"\b(?:change|stop|reduce|address|work on|focus|measure|review|report))"
)
SEPARATION: Final = words(
    r"\b(?:separat\w*|leave (?:him|p|the relationship|dad)|leaving (?:him|p|dad)|left (?:him|p)|"
    r"ends? (?:the )?relationship|ended (?:the )?relationship|ending (?:the )?relationship|"
    r"finish(?:es|ed)? with|split up|move (?:away|out|area)|moves? out|mov(?:e|ing) (?:m|her|the "
    r"family|them)|rehous\w*|relocat\w*|out of (?:the )?area|(?:to|into|in) (?:a )?refuge|"
    r"refuge (?:place|space|referral|out of)|new (?:address|area|house)|"
    r"non-?mol\w*|nmo|injunction|occupation order|restraining order|protective order|"
    r"prohibited steps|pso|bail conditions?|no contact|keep (?:p|him|dad) away|"
    r"(?:stop|stops) (?:p|him|dad) (?:coming|from)|exclusion|away from (?:him|p|dad|father)|"
    r"(?:let|lets|letting|allow|allows|allowing) (?:him|p|dad) (?:back|in|into|to return)|dvpn|dvpo|"
    r"out of the relationship)\b"
)
SEPARATION_SAFETY: Final = words(
    r"\b(?:safety[- ]plan\w*|(?:risk|danger|safety) (?:around|at|after|of|during|post)[- ]"
    r"separation|post[- ]separation|after (?:she|m) (?:leaves|moves|goes)|when (?:she|m) "
    r"(?:leaves|moves|goes)|weeks after|if (?:he|p) (?:turns up|breaches|finds|comes)|"
    r"breach\w* (?:of )?(?:the )?(?:order|bail|non-?mol)|police (?:aware|to respond|flag|marker)|"
    r"address flag\w*|marker on|what (?:he|p) (?:will|might) do|his response)\b"
)
HER_BURDEN: Final = rx(
    r"\b(?:monitor\w*|check\w*|ensure\w*|make sure|evidence\w*|see that)\s+(?:that\s+)?"
    r"(?:(?-i:M)|mum|mother|she|her)\b|^\s*(?:refer|rehouse|move|send|require)\s+(?:(?-i:M)|mum|"
    r"mother|her)\b"
)

# --- language, interpreters, claimed change -----------------------------------------------
LANGUAGE_GAP: Final = words(
    r"\b(?:(?:limited|little|no|poor|basic|minimal|some) english|english (?:is )?not (?:her|his|"
    r"their|m's|p's) first language|(?:doesn'?t|does not|can'?t|cannot|don'?t) (?:speak|read|"
    r"understand) (?:much |any )?english|needs? (?:an? )?(?:interpreter|translator)|"
    r"interpreter (?:needed|required|not (?:used|provided|offered|booked))|no interpreter|"
    r"without (?:an? )?interpreter|language barrier|speaks? (?:only )?(?:" + LANGS + r")|"
    r"(?:" + LANGS + r") speaker|first language (?:is )?(?:" + LANGS + r")|eal|esol|"
    r"english classes|learn(?:ing)? english|(?:interprets|translates|speaks|answers) for "
    r"(?:her|m|mum)|does all the talking)\b"
)
INTERPRETER_PROVISION: Final = words(
    r"\b(?:interpreter (?:booked|arranged|present|used|provided|in place|attended|at all|for "
    r"all)|(?:via|through|with|using|by) (?:an? |the )?(?:\w+ )?(?:interpreter|language ?line)|"
    r"matched worker|(?:" + LANGS + r"|same[- ]language|bilingual)[- ]speaking (?:\w+ ){0,2}"
    r"(?:worker|sw|idva|advocate|staff|officer|hv)|bilingual (?:worker|advocate|sw|idva)|"
    r"in (?:her|his|their) (?:own|first) language|(?:book|booked|booking|arrange|arranged|"
    r"use|using|provide|provided|request|requested|offer|offered|get|source|sourced|ensure)\w*"
    r"\s+(?:an? |the )?(?:\w+ )?(?:interpreter|translator|matched worker|language ?line))"
)
INTERPRETER_WORD: Final = words(r"\b(?:interpreter|translator|language ?line|matched worker)\b")
CHANGE_CLAIM: Final = words(
    r"\b(?:doing (?:really |very |so )?well|going well|engag(?:ing|es|ed) (?:really |very )?well|"
    r"good (?:progress|engagement)|making (?:good |real |great )?progress|progress(?:ing)? well|"
    r"(?:has|have|had|'s) changed(?=\s*(?:$|[.,;:!?)–—-]|since|a lot|so much|loads|for the better|"
    r"completely|now|and|but|his ways))|changed man|different (?:man|person) now|"
    r"turned (?:his life |things |himself )?(?:a)?round|completed (?:the )?(?:programme|course|"
    r"caledonian|dapp|group|anger)|finished (?:the )?(?:programme|course)|remorseful|"
    r"shows? (?:insight|remorse)|has insight|much (?:calmer|better)|calmer now|"
    r"no (?:further )?(?:incidents|concerns|call-?outs) since|things (?:are|have been) "
    r"(?:better|calmer|good)|reformed|gets it now|learn[et] his lesson|positive (?:engagement|"
    r"progress|change))"
)
CHANGE_NEGATED: Final = rx(
    r"\b(?:not|no evidence|isn'?t|hasn'?t|haven'?t|never|yet to|nothing to (?:show|suggest)|"
    r"doubt\w*|unclear whether|question whether|whether)\b"
)
CHANGE_EVIDENCE: Final = words(
    r"\b(?:no longer|stopped|has stopped|doesn'?t (?:check|take|control|track|text|call)|"
    r"(?:now )?(?:lets|allows) (?:(?-i:M)|her|mum)|has (?:her )?own (?:key|card|bank|money|phone)|"
    r"gives? (?:(?-i:M)|her|mum) (?:back )?(?:her )?(?:card|keys?|money|phone)|"
    r"nam(?:es|ed|ing) (?:the |his |all )?(?:behaviours?|abuse|threats|control|violence)|"
    r"claim(?:s|ed|ing)? (?:the )?harm|still)\b"
)
SOURCE_IN_TEXT: Final = words(
    r"\b(?:per|according to|reported by|confirmed by|source:?|(?:cjsw|probation|programme|"
    r"caledonian|women's worker|children's worker|partner worker|police|idva|(?-i:M)|mum|she|"
    r"school|sw|worker|facilitator|group worker)\s+(?:says?|said|reports?|reported|confirms?|"
    r"confirmed|notes?|noted|feedback|report))\b"
)
SELF_SOURCES: Final = frozenset(
    {"p", "perpetrator", "him", "his", "he", "dad", "father", "self", "self-report", "self report", "partner"}
)
