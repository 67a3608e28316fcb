"""Cue words for the gap checker: how professionals really write each topic.

Domain guide §3 gives the textbook cue words (in italics); the patterns below add the British
shorthand that turns up on real walls (M/mum, P/dad, DV/DA, x2, PNC, bail, non-mol, Clare's
Law, UC, CAMHS, nan's...). Everything is matched case-insensitively except single-letter
initials, which are wrapped in ``(?-i:...)`` so that "m" inside a word never counts as mum.

These are board-independent; the people on the family panel are added in ``gaps_text``.
"""

from __future__ import annotations

import re
from typing import Final


def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def words(pattern: str) -> re.Pattern[str]:
    """A word-list pattern. The leading look-around lets the engine skip mid-word positions
    before trying every alternative, which halves the time on a long board."""
    return rx(r"(?<![a-z0-9_])(?=[a-z0-9])" + pattern)


LANGS: Final = (
    r"polish|urdu|punjabi|bengali|sylheti|arabic|farsi|persian|dari|pashto|kurdish|sorani|"
    r"somali|tigrinya|amharic|romanian|czech|slovak|lithuanian|latvian|russian|ukrainian|"
    r"portuguese|spanish|italian|turkish|albanian|mandarin|cantonese|vietnamese|tamil|gujarati|"
    r"hindi|french|bulgarian|hungarian|tagalog|thai|swahili|romani|lingala|yoruba|igbo|twi|"
    r"nepali|sinhala|malayalam|greek|bsl|sign language"
)

# --- people (generic words; names and initials from the panel are added per board) ---------
PERP_WORDS: Final = (
    r"(?-i:P)|dad|daddy|dads|father|step-?dad|stepfather|husband|boyfriend|(?-i:BF)|partner|"
    r"perp|perpetrator|he|him|his|he's|hes|he'd|he'll"
)
PERP_SUBJECT_WORDS: Final = r"(?-i:P)|dad|daddy|father|step-?dad|husband|partner|perp|he"
PERP_POSSESSIVE: Final = r"(?-i:P)'s|his|dad's|father's|partner's|perp's"
HER_WORDS: Final = (
    r"(?-i:M)|mum|mums|mam|mom|mummy|mother|wife|girlfriend|(?-i:GF)|she|her|hers|she's|shes|"
    r"victim|survivor"
)
HER_SUBJECT_WORDS: Final = r"(?-i:M)|mum|mam|mom|mummy|mother|she"
CHILD_WORDS: Final = (
    r"kids?|kid's|kids'|children|childrens|children's|child|child's|baby|baby's|babies|sons?|"
    r"daughters?|boys|girls|eldest|oldest|youngest|toddler|infant|unborn|pregnan\w*|twins|"
    r"step-?(?:son|daughter|kids|children)|little ones?|(?-i:[A-Z])\s?\(\d{1,2}\)|"
    r"\(\d{1,2}\s*(?:yo|y/o|yrs?|m|mths|months|wks)?\)|\d{1,2}\s*(?:yo|y/o|yr old|year old|-year-old)"
)
SPEAKING_CHILD: Final = rx(
    r"\b(?:kids?|children|child|sons?|daughters?|boys|girls|eldest|oldest|youngest|twins|"
    r"(?:[3-9]|1[0-7])\s*(?:yo|y/o|yrs?|years?)|(?-i:[A-Z])\s?\((?:[3-9]|1[0-7])\))(?!\w)"
)
CHILD_SPEAKER_WORDS: Final = (
    r"kids|children|child|sons?|daughters?|boys|girls|eldest|oldest|youngest|twins|"
    r"(?-i:[A-Z])\s?\(\d{1,2}\)"
)

# --- open questions and find-out actions ------------------------------------------------
OPEN: Final = rx(
    r"^\s*\?|\?\s*$|(?:^|\s)\?\s*\w|"
    r"\b(?:not known|unknown|nothing known|no info(?:rmation)?|don'?t know|do not know|"
    r"not clear|unclear|tbc|to be confirmed|awaiting|pending|unsure|not sure|need to know|"
    r"needs? (?:checking|confirming)|no one knows|nobody knows)\b|"
    r"^\s*(?:gap|query|q|question|unanswered)\s*[:\-]"
)
_FIND_OUT_VERBS: Final = (
    r"(?:ask|check|find out|establish|clarify|confirm|enquire|make enquiries|inquire|look into|"
    r"explore|seek|ascertain|follow up|chase|verify|investigate|"
    r"request (?:the |his |her )?(?:records?|info|information|details|checks?|a check|a pnc|pnc|"
    r"disclosure|a disclosure|clare'?s law|dvds)|"
    r"apply for (?:a )?(?:clare'?s law|dvds|disclosure)|make (?:a )?(?:clare'?s law|dvds)|"
    r"obtain|get (?:info|information|details|records|the records|views)|gather|"
    r"contact [\w&']+(?: [\w&']+){0,2} (?:re|about|regarding|to ask|for)|"
    r"liaise with [\w&']+(?: [\w&']+)? (?:re|about|regarding)|"
    r"speak (?:to|with)|talk (?:to|with)|meet|see|visit|hear from|bring (?:their|his|her) views|"
    r"report (?:on|back|whether|to)|feed ?back|update|assess|review|do direct work|"
    r"(?:pnc|dbs|police|records?) (?:check|search))"
)
FIND_OUT_ACTION: Final = rx(
    r"^\s*(?:the\s+)?(?P<lead>[a-z][\w&/'.]*(?:\s+[\w&/'.]+){0,3}?)\s+"
    r"(?:to|will|is to|are to|needs? to|should|must)\s+(?:also\s+|urgently\s+|now\s+)?" + _FIND_OUT_VERBS + r"\b"
)
# who can own an action in a note that is not marked as an action
AGENCY: Final = words(
    r"\b(?:sw|cjsw|social work\w*|social worker|police|pc|ds|dc|hv|health visitor|gp|school|"
    r"nursery|ey|early years|idva|ida|da|wa|women's aid|refuge|mh|cmht|camhs|cpn|d ?& ?a|das|"
    r"housing|probation|programme|caledonian|worker|team|midwife|mw|facilitator|chair|la|legal|"
    r"court|cps|marac|iris|we|i|someone|everyone|all|core group|fsw|tac|ssw|sgo|iro|tm|dsl|"
    r"senco|teacher|head|health|agency|agencies|services?|lead|officer|dapp|children's|"
    r"women's|partner worker|advocate|nurse|paediatrician|lawyer|solicitor|ydt|yot|lac)\b"
)
FIND_OUT_IMPERATIVE: Final = rx(r"^\s*(?:please\s+)?" + _FIND_OUT_VERBS + r"\b")

# --- pattern ------------------------------------------------------------------------------
PHYSICAL: Final = words(
    r"\b(?:hit|hits|hitting|punch\w*|slap\w*|kick\w*|push\w*|shov\w*|strangl\w*|chok\w*|"
    r"throttl\w*|neck|throat|assault\w*|injur\w*|bruis\w*|black eye|split (?:her )?lip|cut lip|"
    r"headbutt\w*|head-?butt\w*|bit|bite|grab\w*|drag\w*|threw|throw\w*|knife|knives|weapon\w*|"
    r"stab\w*|burn\w*|attack\w*|beat\w*|violen\w*|physical\w*|call-?outs?|called out|"
    r"police (?:called|attended|were called|came|out)|attended|incidents?|dv|da|domestic\w*|"
    r"arrest\w*|charged|999|a&e|hospital|fractur\w*|broken (?:nose|arm|ribs?|jaw|wrist)|kill\w*|"
    r"nfa|bail|pnc|convict\w*|ex|ex-partner|previous partner|sexual(?:ly)? assault\w*|rape\w*|"
    r"scratch\w*|pinned|floor|stairs|wall|marks?)\b"
)
COERCIVE: Final = words(
    r"\b(?:control\w*|coerc\w*|ccb|texts|texting|messages|messaging|track\w*|gps|"
    r"location|find my|monitor\w*|times her|timing her|follow(?:s|ed|ing)? (?:her|m)\b|stalk\w*|"
    r"harass\w*|chk\w*|txts?|fone|"
    r"turns? up|turned up|won'?t let|wont let|doesn'?t let|does not let|didn'?t let|"
    r"not allowed|forbid\w*|forbade|stops? (?:her|m)|stopped (?:her|m)|isolates|isolating|"
    r"isolated (?:her|m|them|from)|(?:family|she|m|mum|is|feels|very) isolated|isolation from|money|"
    r"bank|(?:her|m's|bank|debit) card|wages|allowance|benefits?|uc|(?:her|house|door|front|own) keys?|"
    r"locks? (?:her|m|them|the)|locked (?:her|m|them|the)|locked in|name[- ]?calling|calls her|"
    r"called her|put[- ]?downs?|belittl\w*|degrad\w*|humiliat\w*|insult\w*|jealous\w*|possessive|"
    r"accus\w*|smash\w*|break(?:s|ing)? (?:her|m's|the)|broke (?:her|m's|the)|destroy\w*|"
    r"sexual\w*|rape\w*|forced (?:her|m|sex)|passport|visa|deport\w*|where she goes|"
    r"who she (?:sees|talks|speaks|texts)|what she wears|keeps? tabs|checks? (?:on )?(?:her|m)\b|"
    r"checking|(?:her|m's|mum's) phone|(?:took|takes|take|smashed|broke) (?:her|m's) phone|"
    r"goes through|reads? (?:her|m's)|social media|friends|away from (?:her|m's) family|crazy|"
    r"mad|nutter|psycho|gaslight\w*|moves her things|intimidat\w*|undermin\w*|blocks? (?:the )?door|"
    r"blocked (?:the )?door|surveil\w*|"
    r"decides|permission|asks? him for|ask him for|runs? the house|threat\w*(?!\s+to\s+(?:kill|stab|"
    r"cut|hurt|harm|strangle|shoot|burn)))\b"
)
WITNESSED: Final = words(
    r"\b(?:in front of|saw|seen|see|heard|hear|witness\w*|present|watch\w*|in the room|"
    r"on (?:her|his|mum's) lap|in (?:her|mum's) arms|woke)\b"
)
HISTORY: Final = words(
    r"\b(?:ex|exes|ex-?(?:partner|partners|wife|gf|girlfriend|p)|previous (?:partners?|relationships?|"
    r"wife|girlfriend|gf|convictions?|offences?|offending|dv|da|marac|call-?outs?|orders?|children|"
    r"famil(?:y|ies)|record|history|cp|social work|sw)|prev(?:ious)?\.? (?:p|partner|rel)|"
    r"former (?:partner|wife|girlfriend)|other (?:children|kids|partners?)|"
    r"(?:children|kids) (?:from|with) (?:a |his )?(?:previous|another|other|ex|first)|pnc|"
    r"(?:criminal|offending|previous|his|p's) record|record (?:of|for) (?:violence|dv|da|assault|"
    r"offending)|convict\w*|offend\w*|prison|jail|custod(?:y|ial) sentence|sentenced|"
    r"community (?:payback|order|sentence)|cpo|probation|bail|non-?mol\w*|nmo|"
    r"injunction|restraining order|protective order|non-harassment order|nho|"
    r"orders? (?:against|barring|preventing)|barred from|clare'?s law|dvds|disclosure scheme|"
    r"(?:history|record|police|offending|convictions?|lived|life|past|family|children|wife|"
    r"partner|orders?)s? (?:\w+ ){0,3}?(?:abroad|overseas|back home|in his home country)|"
    r"abroad (?:record|history|convictions?)|known to (?:police|services|sw|social work|marac)|"
    r"(?<!m's )(?<!mum's )(?<!her )history|hx|prior (?:convictions?|offences?|relationships?|"
    r"partners?|history|dv|da)|previously (?:known|convicted|arrested|charged|reported|married)|"
    r"serial|before (?:he|p) (?:moved|came|met)|first (?:wife|partner|family|marriage))\b"
)

# --- impact -------------------------------------------------------------------------------
CHILD_FUNCTIONING: Final = words(
    r"\b(?:school|nursery|class|teacher|attendance|camhs|pe kit|uniform|homework|reading|"
    r"exclu\w*|detention|bed-?wet\w*|wetting|soiling|nightmares?|sleep\w*|centile|weight|feeds?|"
    r"feeding|develop\w*|milestones?|speech|paediatric\w*|adhd|autis\w*|asd|tantrums?|"
    r"meltdowns?|clingy|withdrawn|bull(?:y|ied|ying)|ehcp|senco|learning mentor)\b"
)
PROTECTIVE_SPECIFIC: Final = words(
    r"\b(?:neighbou?rs?'?s?|barricad\w*|early bed\w*|refuge|safety[- ]plan\w*|code ?word|"
    r"escape (?:plan|bag)|go[- ]bag|placat\w*|protect(?:s|ed|ing)?|"
    r"protective(?!\s+(?:capacity|order|factors?))|shield\w*|"
    r"kept (?:the |their )?(?:kids'?|children'?s?|their|things)? ?(?:routine|school|going|safe|"
    r"normal)|keeps? (?:the )?(?:kids'?|children'?s?|their)? ?(?:routine|going|"
    r"safe)|reassur\w*|comfort\w*|safer|book(?:s|ed|ing)? (?:\w+ ){0,3}?around (?:his|p's|when he|him)|"
    r"to (?:her|the) (?:mum|mam|mother|nan|nana|gran|granny|grandma|grandparents|sister|"
    r"brother|aunt|auntie|friend|parents|family)(?:'?s)?|gran'?s|nan'?s|nana'?s)\b"
)
PROTECTIVE_NEGATED: Final = rx(
    r"\b(?:poor|no|lack\w*|failed|failure|fails|unable|not|never|doesn'?t|didn'?t|can'?t|"
    r"won'?t|isn'?t)\s+(?:\w+\s+){0,2}protect"
)
PROTECTIVE_ACTS: Final = (
    r"(?:(?:took|takes|take|taking|got|gets|get|sent|sends|send|moved|moves|brought|brings|walks?|"
    r"walked|picked up|collects?|collected|grabbed|carried)\s+(?:the |both |all |her )?"
    r"(?:kids|children|them|baby|boys|girls|little ones?|\w+ \(\d+\))|"
    r"(?:rang|called|phoned|rings|calls|phones|dialled|dials|texted|texts|rung)\s+(?:the )?"
    r"(?:police|999|101|idva|refuge|helpline|sw|her mum|her family|her sister|for help)|"
    r"(?:told|tells|disclosed|discloses|reported|reports|contacted|contacts)\s+(?:to )?"
    r"(?:the )?(?:school|hv|gp|teacher|idva|police|sw|worker|midwife|nursery|wa|da service|"
    r"women's aid)|(?:put|puts)\s+(?:the )?(?:kids|children|them|baby) (?:to bed|upstairs|in)|"
    r"(?:hid|hides|hide|hidden)|(?:locked|locks)\s+(?:herself|the kids|the children|them|the baby)|"
    r"(?:left|leaves|fled|flees|went|goes|stayed|stays|ran)\s+(?:with (?:the )?(?:kids|children|"
    r"them|baby)|to (?:a |the )?(?:refuge|police|neighbou?r|her \w+|a friend|friends)|out with)|"
    r"(?:applied|applies|asked|asks|sought|seeks)\s+(?:for )?(?:help|a non-?mol|an order|support|"
    r"refuge|rehousing)|(?:stood|stands|stepped|steps)\s+(?:between|in)|"
    r"(?:kept|keeps)\s+(?:the |them |her )?(?:kids|children|them|baby|their|things|routine|"
    r"going|safe|school|appointments)|(?:talks?|talked|explains?|explained)\s+(?:to|with)\s+"
    r"(?:the )?(?:kids|children|them)|(?:books?|booked|arranges?|arranged)\s+.{0,25}"
    r"(?:around|when he|while he))"
)

# --- child voice --------------------------------------------------------------------------
SPEECH_VERBS: Final = (
    r"said|says|saying|told|tells|telling|asked|asks|asking|disclosed|discloses|described|"
    r"describes|wrote|writes|drew|explained|explains|shared|wants|wanted|wishes|would like|"
    r"talked about|talks about|spoke|speaks|mentioned|mentions|begged|begs|pleaded|reports|"
    r"reported|calls (?:him|dad|p)|worries that|worried that"
)
CHILD_VOICE_PHRASES: Final = words(
    r"\b(?:wishes and feelings|in (?:his|her|their) own words|voice of the child|child'?s voice|"
    r"children'?s voices?|direct work|abe interview|(?:his|her|their) views?)\b"
)

# --- his parenting (§3 `his_parenting`: held to the standard applied to hers) ---------------
# What he does for, to or with a child, after him as the subject: "P shouts at the kids",
# "takes J to football", "Threw the remote at Kuba" (a pattern note's unwritten subject is him).
PARENT_VERBS: Final = (
    r"looks? after|looked after|minds?|minded|babysits?|babysat|cares? for|cared for|feeds?|fed|"
    r"bath(?:e|es|ed|s)?|dress(?:es|ed)?|puts?|reads? to|plays?(?: with)?|played(?: with)?|takes?|"
    r"took|picks? up|picked up|collects?|collected|drops? off|dropped off|walks?|walked|drives?|"
    r"drove|helps?|helped|spends? time with|spent time with|sees?|visits?|visited|"
    r"ha[sd] (?:(?:supervised|unsupervised|no|little) )?contact with|ignores?|ignored|neglects?|"
    r"neglected|treats?|treated|shouts? at|shouted at|screams? at|screamed at|yells? at|yelled at|"
    r"swears? at|swore at|smacks?|smacked|slaps?|slapped|hits?|punch\w*|kick\w*|grab\w*|push\w*|"
    r"shov\w*|threw|throws?|thrown|drag\w*|shakes?|shook|hurts?|injur\w*|calls?|called|tells?|"
    r"told|threat\w*|frighten\w*|scares?|scared|intimidat\w*|bull(?:y|ies|ied)|mocks?|mocked|"
    r"belittl\w*|humiliat\w*|criticis\w*|blames?|blamed|punish\w*|grounds?|grounded|locks?|"
    r"locked|uses?|used|makes?|made|question\w*|interrogat\w*|asks?|asked|bribes?|bribed|"
    r"spoils?|spoilt|favours?|favoured|undermin\w*|turns?|turned|manipulat\w*|films?|filmed|"
    r"smash\w*|broke|breaks?|destroy\w*|won'?t let|doesn'?t let|stops?|stopped|keeps?|kept|"
    r"refus\w*|withh\w*|blocks?|blocked|cancels?|cancelled"
)
# everyday care he does or leaves to her: "P won't change a nappy", "never does the school run"
CARE_TASKS: Final = (
    r"nappy|nappies|feeds?|feeding|bottles?|bath(?:s|time)?|bedtime|school runs?|homework|"
    r"reading|parents'? evenings?|childcare|babysitting|packed lunch(?:es)?|"
    r"(?:the |their )?(?:kids'?|children'?s?) (?:tea|meals?|clothes|uniforms?|appointments)"
)
# words that end what he does to someone: the child after them is a witness ("hit M while J
# was on her lap", "in front of the kids"), not the one he treated
PARENT_BARRIER: Final = r"(?:while|whilst|when|as|in front|front|after|before|because|until|with|beside|near|but)\b"
# a child's own side of him: "J wants dad to go away", "scared of him", "misses her dad"
CHILD_TOWARDS_HIM: Final = (
    r"contact with|time with|relationship with|scared of|frightened of|afraid of|terrified of|"
    r"wary of|misses|missed|loves?|adores?|asks? for|asked for|wants?|wanted|"
    r"(?:doesn'?t|does not|won'?t|will not|refus\w* to) (?:want to )?(?:see|visit|go to)|"
    r"stays? with|stayed with|visits?|visited"
)
CHILD_TOWARDS_HIM_HINT: Final = words(r"\b(?:" + CHILD_TOWARDS_HIM + r")\b")
# a child harmed in a note about him: "Z (9) tried to pull him off M and was shoved"
CHILD_HARMED: Final = (
    r"(?:was|were|got|been|being|is|gets)\s+(?:\w+\s+)?(?:shoved|pushed|hit|slapped|smacked|"
    r"kicked|punched|grabbed|thrown|dragged|shaken|hurt|injured|burnt|burned|bitten|locked|"
    r"threatened|shouted at|screamed at|sworn at|pinned|strangled|choked|cut)\b"
)
CHILD_HARMED_HINT: Final = words(r"\b" + CHILD_HARMED)
HIS_PARENTING_ROLE: Final = words(
    r"\b(?:(?:(?-i:P)'s|his|dad's|daddy's|father's|partner's)\s+(?:own\s+)?(?:parenting|"
    r"fathering|care of|care for|childcare|role as|(?:supervised |unsupervised )?contact (?:with "
    r"(?:the )?(?:kids|children)|sessions?|visits?|centre|arrangements?)|relationship with "
    r"(?:the |his |their |both )?(?:kids|children|sons?|daughters?|boys|girls|baby|step-?\w+)|"
    r"time with (?:the )?(?:kids|children))|fathering|as a (?:dad|father)|(?:good|great|loving|"
    r"doting|caring|hands-on|involved|uninvolved|absent|distant|strict|harsh|fun|devoted|"
    r"brilliant|decent|bad|poor|useless|reliable|unreliable|protective|safe|unsafe) "
    r"(?:dad|father|daddy))\b"
)
# a find-out action about his parenting: "SW to assess P's parenting", "ask how dad treats them"
PARENTING_FIND: Final = words(
    r"\b(?:parenting|fathering|as a (?:dad|father)|contact|how (?:(?:their|the kids'?|the "
    r"children'?s?) )?(?:(?-i:P)|he|dad|father) (?:is with|treats|parents|cares|looks after|"
    r"behaves with)|(?:his|(?-i:P)'s|dad's) (?:care|role|relationship))\b"
)

# --- substance use: hers and his (§3 `his_own_use`) -----------------------------------------
USE_WORDS: Final = (
    r"drink\w*|drank|drunk\w*|alcohol\w*|booze\w*|beers?|vodka|wine|cans|lager|cider|spirits|"
    r"sober\w*|relaps\w*|aa|hungover|hangover|intoxicated|pissed|binge\w*|smelt of|smelled of|"
    r"had a drink|drugs?|cannabis|weed|skunk|cocaine|coke|crack|heroin|methadone|subutex|spice|ketamine|"
    r"mdma|amphetamines?|using again|overdos\w*|substances?|d ?& ?a|detox|rehab|in recovery|"
    r"clean (?:for|since)|high on|stoned|under the influence"
)
USE_HINT: Final = words(r"\b(?:" + USE_WORDS + r"|use|usage|habit|together)\b")
# his hand in her use, not his own: "P buys the vodka", "gets M drunk"
SUPPLY_WORDS: Final = (
    r"buys?|bought|brings?|brought|gives?|gave|supplie[sd]|supply|gets?|got|encourag\w*|"
    r"pressur\w*|plies|plied|hides?|hid|pours?|poured|offers?|offered|sells?|sold|deals?|dealt|"
    r"reports?|reported|tells?|told|calls?|called|rings?|rang|blames?|blamed|mocks?"
)
USE_NEGATED: Final = rx(r"\b(?:no|not|never|nor|denies|denied|doesn'?t|does not|isn'?t|wasn'?t|hasn'?t)\b")
BOTH_USE: Final = words(
    r"\b(?:both|they|parents|the adults|couple)\s+(?:\w+\s+){0,2}?(?:drink|drinks|drank|use|"
    r"used|using|smoke|take)\b|\b(?:drink|drinking|drank|use|using|smoke) together\b"
)
