"""Patterns for causal attribution and pathologising the survivor (domain.md §4)."""

from __future__ import annotations

from app.practice.language_lexicon import (
    CHILD,
    PERP_ANY,
    PERP_OBJ,
    PERP_SUBJ,
    SURV_POSS,
    gap,
)
from app.practice.language_rules import make_rule

# --- causal_attribution ---------------------------------------------------------------
_CAUSE = (
    r"(?:(?:his|p's|dad's|the|a|her|m's|mum's)\s+)?(?:(?:heavy|daily|binge)\s+)?"
    r"(?:drink(?:ing)?|alcohol(?:\s+use|ism)?|drugs?(?:\s+use)?|substance\s+(?:use|misuse)"
    r"|cocaine|coke|cannabis|weed|heroin|crack|spice|amphetamines?|gambling|stress|pressure"
    r"|money\s+(?:worries|problems|issues|pressures?)|debts?|financial\s+\w+|unemployment"
    r"|(?:losing|loss\s+of|lost)\s+(?:his\s+)?job|redundancy|work\s+stress"
    r"|(?:mental\s+health|mh)(?:\s+(?:issues|problems|difficulties|needs))?|depression"
    r"|anxiety|ptsd|trauma|childhood|upbringing|adhd|bipolar|psychosis"
    r"|personality\s+disorder|brain\s+injury|head\s+injury|medication|meds|jealousy"
    r"|insecurit(?:y|ies)|anger(?:\s+(?:issues|problems))?|frustration|grief|bereavement"
    r"|steroids|provocation|overcrowding|poverty|money|finances|housing\s+(?:issues|problems|situation)"
    r"|(?:his\s+)?(?:own\s+)?(?:past|time\s+in\s+the\s+army|army\s+service|combat)|tiredness"
    r"|lack\s+of\s+sleep|addictions?|alcoholism|dependency|dependence)(?:\s+(?:use|misuse|addiction|problems?|issues?))?"
)
_ABUSE = (
    r"(?:(?:violence|violent|aggression|aggressive|abuse|abusive|da|dv|domestic\s+(?:abuse"
    r"|violence)|outbursts?|incidents?|assaults?|attacks?|offending|the\s+hitting)"
    r"(?:\s+(?:behaviou?r|outbursts?|incidents?|episodes?))?"
    rf"|(?:{PERP_ANY}'s?\s+|his\s+)(?:behaviou?r|anger|temper|control\w*|ag+res+\w*|violence"
    r"|abuse|outbursts?|rages?|lashing\s+out|explosions?)|rows|arguments|fights)"
)
_CONNECT = (
    r"(?:fuel(?:l)?ed|driven|caused|triggered|brought\s+on|sparked|down\s+to|due\s+to"
    r"|because\s+of|linked\s+to|related\s+to|stems?\s+from|stemming\s+from"
    r"|result(?:s|ed|ing)?\s+(?:from|of)|(?:a|the)\s+result\s+of|attributable\s+to"
    r"|explained\s+by|rooted\s+in|(?:a|the)\s+product\s+of|(?:a\s+)?symptom(?:atic)?\s+of"
    r"|comes?\s+from|secondary\s+to|as\s+a\s+consequence\s+of|made\s+worse\s+by)"
)
_CAUSAL_COUNTER = (
    r"(?:not|n't)\s+(?:the\s+|an?\s+)?(?:cause|explain|excuse|reason|why|down\s+to)"
    r"|predates|continues\s+(?:when|while|even)|(?:sober|well)\s+too|even\s+when\s+"
    r"(?:he's\s+|he\s+is\s+)?(?:sober|well)|challeng\w+|not\s+an?\s+excuse|still\s+"
    r"(?:controls|tracks|checks|threatens|monitors)"
)
CAUSAL = [
    make_rule(
        "causal_attribution",
        rf"\b{_ABUSE}\s+(?:(?:is|was|are|were|seems|seem|appears|all|entirely|mainly|largely"
        rf"|mostly|probably|clearly|likely|often|always|usually|only)\s+){{0,3}}{_CONNECT}\s+"
        rf"{gap(2)}{_CAUSE}\b",
        unless=_CAUSAL_COUNTER,
        gate=(
            "fuel",
            "driven",
            "caused",
            "trigger",
            "brought on",
            "spark",
            "down to",
            "due to",
            "because of",
            "linked",
            "related",
            "stem",
            "result",
            "attributable",
            "explained by",
            "rooted",
            "product of",
            "symptom",
            "comes from",
            "come from",
            "secondary to",
            "consequence",
            "made worse",
        ),
    ),
    make_rule(
        "causal_attribution",
        rf"\b{_CAUSE}\s+(?:(?:at|of|from|over|about)\s+\w+\s+)?(?:is|are|was|were|=|being)\s+(?:\w+\s+)?(?:the\s+)?(?:root|main|underlying"
        r"|real|primary|sole|only|key|major|big)?\s*(?:cause|reason|driver|trigger)s?\s+"
        rf"(?:of|for|behind)\s+(?:the\s+|his\s+|this\s+)?{_ABUSE}",
        unless=_CAUSAL_COUNTER,
        gate=("cause", "reason", "driver", "trigger"),
    ),
    make_rule(
        "causal_attribution",
        rf"\b{_CAUSE}\s+(?:\w+\s+){{0,2}}?(?:drives|drove|driving|fuels|fuelled|fueling|fuelling|causes"
        r"|caused|causing|triggers|triggered|triggering|leads\s+to|led\s+to|leading\s+to|feeds|feeding"
        r"|underlies|sparks|sparking|sets\s+off|setting\s+off|is\s+behind|was\s+behind|are\s+behind"
        r"|explains?|explaining|accounts?\s+for)\s+"
        rf"(?:\w+\s+)?{_ABUSE}",
        unless=_CAUSAL_COUNTER,
        gate=(
            "drive",
            "drove",
            "driving",
            "fuel",
            "caus",
            "explain",
            "account",
            "trigger",
            "lead",
            "led to",
            "feed",
            "underl",
            "spark",
            "sets off",
            "behind",
        ),
    ),
    make_rule(
        "causal_attribution",
        r"\b(?:his|p's|dad's|father's)\s+(?:\w+\s+)?(?:drinking|alcohol\s+use|drug\s+use|cocaine"
        r"\s+use|substance\s+(?:use|misuse)|addiction|mental\s+health|mh|stress|gambling)\s+(?:is|=)\s+"
        r"(?:\w+\s+)?(?:the\s+)?(?:main|real|root|key|biggest|underlying|core)\s+(?:issue|problem"
        r"|concern|risk)",
        unless=_CAUSAL_COUNTER,
        gate=("main", "real", "root", "key", "biggest", "underlying", "core"),
    ),
    make_rule(
        "causal_attribution",
        rf"\b(?:the\s+)?(?:root|underlying)\s+(?:cause|issue|problem)\s+(?:is|=)\s+{gap(1)}{_CAUSE}",
        unless=_CAUSAL_COUNTER,
        gate=("root", "underlying"),
    ),
    make_rule(
        "causal_attribution",
        r"\b(?:when|if|while|once)\s+(?:he|p|dad)(?:'s|\s+is|\s+was|\s+stays)?\s+(?:sober|not\s+drinking"
        r"|off\s+the\s+(?:drink|drugs)|clean|on\s+his\s+meds|well|medicated|calm|not\s+stressed"
        r"|not\s+using)\s*,?\s*(?:he(?:'s|\s+is)?\s+|p\s+is\s+|dad\s+is\s+)?(?:fine|ok|okay|lovely"
        r"|great|a\s+good\s+dad|no\s+(?:risk|problem|concern|bother)|calm|gentle|not\s+violent"
        r"|never\s+violent|a\s+different\s+person)",
        unless=_CAUSAL_COUNTER,
        gate=("sober", "drinking", "drink", "drugs", "clean", "meds", "well", "medicated", "calm", "stressed", "using"),
    ),
    make_rule(
        "causal_attribution",
        r"\b(?:only|just)\s+(?:\w+\s+){0,2}?(?:violent|aggressive|physical|abusive|hits?\s+her"
        r"|lashes\s+out|kicks\s+off|nasty|angry)\s+(?:\w+\s+){0,2}?(?:when|after|if|once)\s+"
        rf"{gap(3)}(?:drunk|drinking|drink|high|using|provok\w+|stressed|on\s+drugs"
        r"|under\s+the\s+influence|winds|nags|pushes|money|tired|off\s+his\s+meds|she|m)\b"
        r"|\b(?:violent|aggressive|abusive|physical)\s+(?:\w+\s+)?only\s+when"
        rf"|\b{_ABUSE}\s+(?:\w+\s+)?only\s+(?:ever\s+)?(?:happens|occurs|happened|occurred|starts"
        rf"|started|kicks\s+off)\s+(?:when|after|if)\s+{gap(2)}(?:drunk|drinks|drinking|drink|high"
        r"|using|stressed|provoked|on\s+drugs)\b",
        unless=_CAUSAL_COUNTER,
        gate=("only",),
    ),
    make_rule(
        "causal_attribution",
        rf"(?<!\beach\s)\b(?:provok(?:es|ed|ing|e)(?!\s+(?:each\s+other|the\s+other|one\s+another))|provocation|provocative|winds?\s+{PERP_OBJ}\s+up"
        rf"|wound\s+{PERP_OBJ}\s+up|winding\s+{PERP_OBJ}\s+up|push(?:es|ed)\s+his\s+buttons"
        rf"|nag(?:s|ged|ging)\s+{PERP_OBJ}|goad\w*|antagonis\w+|brings?\s+it\s+on\s+herself"
        r"|brought\s+it\s+on\s+herself|sets?\s+him\s+off|triggers?\s+him|triggered\s+him"
        r"|(?:press|push)(?:es|ed|ing)?\s+(?:all\s+)?his\s+buttons|kno(?:ws|w|ew)\s+(?:exactly\s+)?"
        r"(?:what|how)\s+to\s+(?:wind|set|get\s+to|provoke|trigger|push|press)"
        r"|(?:she|m|mum)\s+(?:always\s+|usually\s+|often\s+)?starts?\s+(?:it|them|the\s+(?:rows|arguments"
        r"|fights|trouble))\b)",
        unless=_CAUSAL_COUNTER,
        gate=(
            "provo",
            "wind",
            "wound",
            "winding",
            "buttons",
            "nag",
            "goad",
            "antagonis",
            "brings it",
            "brought it",
            "sets him",
            "knows",
            "knew",
            "know ",
            "starts",
            "start ",
            "set him",
            "trigger",
        ),
    ),
    make_rule(
        "causal_attribution",
        r"\b(?:anger\s+(?:management|mgmt|mgt|issues|problems|difficulties|course|work"
        r"|programme|therapy|control)|manag\w*\s+(?:his\s+)?(?:temper|anger)|temper\s+(?:issues"
        r"|problems|control)|(?:control|regulate)\s+his\s+(?:temper|anger|emotions)|short\s+fuse"
        r"|emotional\s+(?:dys)?regulation|anger\s+work)",
        post_neg=True,
        # A child's anger is impact, not an explanation of his abuse ("the boys have anger
        # issues since P left", "Jay (8) needs anger work at school").
        unless=_CAUSAL_COUNTER
        + r"|\bboth\b|\beach\s+other\b|"
        + CHILD
        + r"\s+(?:\w+\s+){0,3}?(?:has|have|had|with|shows?|showing|needs?|display\w*)\s+"
        + r"(?:\w+\s+)?(?:anger|temper|emotional)",
        gate=("anger", "temper", "fuse", "regulat"),
    ),
    make_rule(
        "causal_attribution",
        rf"\b(?:once|when|if|after|as\s+soon\s+as)\s+{gap(2)}(?:he|p|dad|his)\b\s*{gap(3)}"
        r"(?:detox\w*|rehab|sober|abstinent|dry|clean|treatment|treated|medicated|meds"
        r"|medication|stops?\s+(?:drinking|using)|gives?\s+up\s+(?:the\s+)?(?:drink|drugs)"
        r"|off\s+(?:the\s+)?(?:drink|drugs)|counselling|therapy|support|anger\s+management"
        r"|(?:finds?|gets?)\s+(?:a\s+)?(?:job|work)|stable|better|improves?)"
        r"[^.;]{0,50}?\b(?:risk|da|dv|abuse|violence|aggression|incidents?|things|concerns?"
        r"|it)\s+(?:\w+\s+){0,2}?(?:stop|end|reduce[sd]?|drops?|decrease[sd]?|go\s+away|go\s+down|come\s+down"
        r"|cease|improve|lessen|settle|disappear|be\s+(?:lower|reduced|resolved|manageable|fine))",
        unless=_CAUSAL_COUNTER,
        gate=(
            "stop",
            "end",
            "reduc",
            "drop",
            "decreas",
            "go away",
            "go down",
            "come down",
            "cease",
            "improve",
            "lessen",
            "settle",
            "disappear",
            "lower",
            "resolved",
            "manageable",
            "fine",
        ),
    ),
    make_rule(
        "causal_attribution",
        r"\b(?:aa|alcoholics\s+anonymous|detox|rehab|treatment|anger\s+management|counselling|therapy"
        r"|medication|meds|d&a\s+(?:service|support|work)|drug\s+service)\b[^.;]{0,40}?\b(?:should|will"
        r"|would|could|might|may|'ll)\s+(?:\w+\s+)?(?:sort\s+out|fix|solve|stop|end|reduce|help\s+with"
        r"|resolve|address|sort)\s+(?:the\s+|his\s+|this\s+)?(?:violence|abuse|aggression|da|dv|temper"
        r"|anger|risk|behaviour|problems?)",
        unless=_CAUSAL_COUNTER,
        gate=("should", "will", "would", "could", "might", "may", "'ll"),
    ),
    make_rule(
        "causal_attribution",
        r"\b(?:treat|address|tackle|deal\s+with|sort\s+out|work\s+on)\s+(?:his\s+)?(?:drinking"
        r"|drug\s+use|mh|mental\s+health|substance\s+use|addiction|alcohol\s+use)\s+first"
        r"|\bneeds?\s+(?:mh|d&a|mental\s+health|alcohol|drug|substance|detox)\s+(?:\w+\s+)?first"
        r"|\b(?:wouldn't|would\s+not|won't|will\s+not)\s+be\s+(?:\w+\s+)?(?:violent|abusive"
        r"|aggressive|a\s+risk|a\s+danger)\s+(?:if|once|when)\s+(?:he|p|dad)\b"
        r"|\btakes?\s+it\s+out\s+on|\btaking\s+it\s+out\s+on|\btook\s+it\s+out\s+on"
        r"|\bsince\s+(?:losing|he\s+lost|p\s+lost)\s+his\s+job"
        rf"|\b(?:drink|alcohol|drugs|cocaine|the\s+drink|substances?|stress)\s+(?:makes?|made"
        rf"|turns?|turned)\s+(?:{PERP_OBJ})\s+{gap(1)}(?:violent|aggressive|angry|nasty|abusive"
        r"|lash|hit|a\s+different\s+person|jealous)"
        r"|\b(?:drunken|alcohol[- ]related|drink[- ]related|drug[- ]related|alcohol[- ]fuel+ed"
        r"|drink[- ]fuel+ed)\s+(?:assault|violence|incident|attack|aggression|row|argument"
        r"|domestic|abuse)",
        unless=_CAUSAL_COUNTER,
        gate=(
            "first",
            "would not",
            "wouldn't",
            "won't",
            "will not",
            "take it out",
            "takes it out",
            "taking it out",
            "took it out",
            "his job",
            "makes",
            "made",
            "turns",
            "turned",
            "drunken",
            "related",
            "fuelled",
            "fueled",
        ),
    ),
]

_TREATED = (
    r"(?:under\s+control|sorted(?:\s+out)?|treated|addressed|managed|stabili[sz]ed|stable|resolved"
    r"|dealt\s+with|tackled|in\s+check|better|improves?|improved|cut\s+down|gives?\s+up|stops?"
    r"|stopped|reduced|reduces|gone|fixed|in\s+recovery|on\s+track)"
)
_ABUSE_ENDS = (
    r"(?:risk|da|dv|abuse|violence|aggression|incidents?|call-?outs?|assaults?|threats|it|things)\s+"
    r"(?:\w+\s+){0,2}?(?:stop|end|reduce[sd]?|drops?|decrease[sd]?|go\s+away|go\s+down|come\s+down|cease|improve|lessen"
    r"|settle|disappear|be\s+(?:lower|reduced|resolved|manageable|fine|over|gone))"
)
CAUSAL += [
    make_rule(
        "causal_attribution",
        # "P hits M because he's stressed about money": his act explained by a state
        rf"{PERP_SUBJ}\s+{gap(3)}(?:hit|hits|punch\w*|kick\w*|slap\w*|push\w*|shov\w*|strangl\w*|chok\w*"
        r"|threat\w*|smash\w*|assault\w*|attack\w*|hurt\w*|abus\w*|shout\w*|scream\w*|lash\w*\s+out"
        r"|kick\w*\s+off|lose\w*|lost|snap\w*|gets?\s+(?:violent|aggressive|nasty|physical)|got\s+(?:violent"
        r"|aggressive|nasty|physical)|is\s+(?:violent|aggressive|abusive)|was\s+(?:violent|aggressive|abusive))"
        r"\b[^.;]{0,40}?\b(?:because|cos|coz|cause|due\s+to|owing\s+to)\s+(?:of\s+)?(?:he\s+(?:is|was|'s|gets"
        r"|got|had\s+been|has\s+been|feels|felt)\s+|he's\s+|his\s+|the\s+|of\s+his\s+)?(?:\w+\s+)?(?:drunk"
        r"|high|stressed|stress|angry|jealous|jealousy|frustrated|tired|under\s+pressure|on\s+drugs|drinking"
        r"|using|unwell|depressed|skint|worried|money|debts?|drink|alcohol|drugs|mental\s+health|mh|ptsd"
        r"|anxious|anxiety|insecure|insecurity|job|work)\b",
        unless=_CAUSAL_COUNTER,
        gate=("because", "cos", "coz", "cause", "due to", "owing to"),
    ),
    make_rule(
        "causal_attribution",
        # "P to attend AA to reduce risk": treating a factor presented as the fix for the abuse
        r"\b(?:aa|alcoholics\s+anonymous|detox|rehab|d&a|drug\s+(?:service|support|worker)|alcohol\s+(?:service"
        r"|support|worker|treatment)|substance\s+misuse\s+(?:service|support)|mh|mental\s+health|cmht"
        r"|counselling|therapy|medication|meds|anger\s+management|stress\s+management|debt\s+advice"
        r"|drug\s+treatment)\b[^.;]{0,40}?\b(?:to|in\s+order\s+to|so\s+as\s+to|which\s+will|that\s+will"
        r"|should|will)\s+(?:help\s+(?:to\s+)?)?(?:reduce|lower|address|stop|end|manage|tackle|minimi[sz]e"
        r"|prevent|eliminate|remove)\s+(?:the\s+|his\s+|any\s+)?(?:risk|violence|abuse|aggression|da|dv"
        r"|domestic\s+(?:abuse|violence)|offending|incidents?|behaviour)\b",
        unless=_CAUSAL_COUNTER + r"|perpetrator\s+programme|caledonian|dapp|behaviour\s+change|\bprogramme",
        gate=("reduc", "lower", "address", "stop", "end", "manag", "tackl", "minimi", "prevent", "elimin", "remov"),
    ),
    make_rule(
        "causal_attribution",
        # "if we get his drinking under control the DA will stop" (and the reverse order)
        rf"\b(?:if|once|when|as\s+soon\s+as|after)\b[^.;]{{0,40}}?\b(?:his|p's|dad's|father's)\s+"
        rf"(?:\w+\s+)?{_CAUSE}\s+(?:\w+\s+){{0,3}}?{_TREATED}\b[^.;]{{0,40}}?\b{_ABUSE_ENDS}"
        rf"|\b{_ABUSE_ENDS}\s+(?:\w+\s+){{0,2}}?(?:if|once|when|as\s+soon\s+as)\s+(?:\w+\s+){{0,3}}?"
        rf"(?:his|p's|dad's|father's)\s+(?:\w+\s+)?{_CAUSE}\s+(?:\w+\s+){{0,3}}?{_TREATED}\b",
        unless=_CAUSAL_COUNTER,
        gate=("his", "p's", "dad's", "father's"),
    ),
    make_rule(
        "causal_attribution",
        # victim-provocation idioms ("she was asking for it"), but not a service she asked for
        r"\b(?:asked|asking)\s+for\s+it\b(?!\s+to\b)|\bhad\s+it\s+coming|\bdeserved\s+(?:it|what\s+she\s+got)",
        unless=r"programme|course|referral|support|service|help|group|counsel|therap|appointment"
        r"|interpreter|order|non-?mol|injunction|refuge|transfer|worker|idva|advocate|session|plan"
        r"|rehous|visit|meeting|review|\bcp\b|check|test|assessment",
        gate=("for it", "coming", "deserved"),
    ),
]

# --- pathologising_survivor ------------------------------------------------------------
_STATE = (
    r"(?:hysterical|irrational|erratic|screaming|shrieking|ranting|raving|overreact\w*"
    r"|over-react\w*|dysregulated|labile|over(?:ly)?[- ]emotional|too\s+emotional"
    r"|(?:over[- ]?)?dramatic|all\s+over\s+the\s+place|a\s+mess|highly\s+strung|hormonal)"
)
_TRAIT = (
    r"(?:paranoi[ad]\w*|delusion\w*|neurotic|histrionic|attention[- ]seek\w*|manipulative"
    r"|unhinged|crazy|nutter|psycho|(?:mentally|emotionally)\s+unstable|unstable"
    r"|unreliable(?:\s+(?:historian|witness|narrator|reporter))?|exaggerat\w*|fabricat\w*"
    r"|mak(?:es|ing)\s+(?:it|things)\s+up|liar|lies\s+to\s+(?:us|professionals|sw|workers)"
    r"|not\s+credible|lacks?\s+credibility|vindictive|fantasist|attention\s+seeker"
    r"|(?:false|malicious|vexatious|fabricated)\s+allegations?|making\s+allegations|incoherent"
    r"|not\s+(?:a\s+)?reliable|(?:obsess(?:ed|ive)|fixated)\s+(?:with|on|about)\s+(?:p|him|dad|his|the\s+(?:abuse|allegations|past))\b"
    r"|drama\s+queen|time[- ]waster|a\s+drunk\b|(?:account|story|version)\s+(?:keeps\s+changing"
    r"|changes|is\s+inconsistent|inconsistent)|changes\s+her\s+story|inconsistent\s+account"
    r"|histrionics|hysterics|over-?anxious\s+mother|making\s+up\s+(?:\w+\s+)?(?:allegations?|stor\w+"
    r"|claims?|things)|made\s+(?:it|that|this)\s+up|worked\s+up|overwrought"
    r"|(?:hard|difficult|impossible)\s+to\s+get\s+a\s+(?:clear|straight|coherent|consistent)\s+"
    r"(?:picture|account|answer|story))"
)
_HER_FACTOR = (
    r"(?:drinking|alcohol(?:\s+(?:use|misuse|abuse|intake))?|drug\s+(?:misuse|abuse)|drug\s+use|substance\s+(?:use|misuse)|mh|mental\s+health"
    r"|presentation|mental\s+state|emotional\s+state|anxiety|depression|instability|lifestyle"
    r"|cannabis\s+use|drug\s+taking)"
)
_MAIN = r"(?:main|primary|priority|key|real|biggest|major|only|overriding|central|core|greatest|bigger)"
_HER_ISSUE = (
    r"(?:smelt|smells|smelled|drunk|drinks|drinking|alcohol|intoxicated|under\s+the\s+influence"
    r"|mental\s+health|\bmh\b|drugs|cannabis|unwell)"
)
PATHOLOGISING = [
    make_rule(
        "pathologising_survivor",
        rf"\b{_STATE}\b",
        her=True,
        no_perp_act=True,
        gate=(
            "hysteric",
            "irrational",
            "erratic",
            "scream",
            "shriek",
            "rant",
            "raving",
            "overreact",
            "over-react",
            "dysregulated",
            "labile",
            "emotional",
            "dramatic",
            "all over the place",
            "a mess",
            "highly strung",
            "hormonal",
        ),
    ),
    make_rule(
        "pathologising_survivor",
        rf"\b{_TRAIT}\b",
        her=True,
        gate=(
            "paranoi",
            "delusion",
            "neurotic",
            "histrionic",
            "attention",
            "manipulat",
            "unhinged",
            "crazy",
            "nutter",
            "psycho",
            "unstable",
            "unreliable",
            "exaggerat",
            "fabricat",
            "making it up",
            "makes it up",
            "making things up",
            "makes things up",
            "liar",
            "lies to",
            "credib",
            "vindictive",
            "fantasist",
            "allegation",
            "making up",
            "made it up",
            "made that up",
            "made this up",
            "worked up",
            "overwrought",
            "to get a",
            "incoherent",
            "hysterics",
            "histrionics",
            "over-anxious",
            "overanxious",
            "reliable",
            "drama",
            "waster",
            "a drunk",
            "obsess",
            "fixated",
            "changing",
            "changes",
            "inconsistent",
        ),
    ),
    make_rule(
        "pathologising_survivor",
        r"\b(?:\?\s*(?:bpd|eupd|personality\s+disorder|bipolar|psychosis)|(?:bpd|eupd|personality"
        r"\s+disorder|borderline|narcissistic)\s+(?:traits|tendencies)|(?:traits|tendencies)\s+of"
        r"\s+(?:bpd|eupd|personality\s+disorder))",
        her=True,
        gate=("bpd", "eupd", "personality", "bipolar", "psychosis", "borderline", "narcissis"),
    ),
    make_rule(
        "pathologising_survivor",
        rf"\b{SURV_POSS}\s+(?:own\s+|[a-z-]+\s+)?{_HER_FACTOR}\s+(?:is|are|was|remains|=)\s+(?:\w+\s+){{0,2}}?"
        rf"(?:the\s+(?:{_MAIN}\s+)?|{_MAIN}\s+)(?:issue|risk|concern|problem|worry|priority|reason)",
        gate=("issue", "risk", "concern", "problem", "worry", "priority", "reason"),
    ),
    make_rule(
        "pathologising_survivor",
        rf"\b{SURV_POSS}\s+(?:poor\s+|own\s+|fragile\s+)?{_HER_FACTOR}\s+(?:is\s+|has\s+been\s+)?"
        r"(?:impacting|affecting|compromising|undermining|harming|the\s+reason\s+for)\s+(?:on\s+)?"
        r"(?:her\s+parenting|her\s+care|the\s+(?:kids|children|baby)|her\s+ability)",
        no_perp_act=True,
        gate=("impacting", "affecting", "compromising", "undermining", "harming", "reason"),
    ),
    make_rule(
        "pathologising_survivor",
        rf"\b(?:the\s+)?{_MAIN}\s+(?:risk|concern|issue|problem|worry)\s+(?:is|=|remains)\s+"
        rf"{SURV_POSS}\s+(?:\w+\s+)?{_HER_FACTOR}",
        gate=(
            "main",
            "primary",
            "priority",
            "key",
            "real",
            "biggest",
            "major",
            "only",
            "overriding",
            "central",
            "core",
            "greatest",
            "bigger",
        ),
    ),
    make_rule(
        "pathologising_survivor",
        rf"\b(?:this|that|which|it)\s+is\s+(?:the\s+)?{_MAIN}\s+(?:concern|risk|issue|worry"
        r"|priority)",
        needs=_HER_ISSUE,
        no_perp_act=True,
        gate=(
            "main",
            "primary",
            "priority",
            "key",
            "real",
            "biggest",
            "major",
            "only",
            "overriding",
            "central",
            "core",
            "greatest",
            "bigger",
        ),
    ),
    make_rule(
        "pathologising_survivor",
        rf"\b(?:{PERP_SUBJ})(?:'s|\s+is|\s+was|\s+seems|\s+seemed|\s+appeared|\s+remained)?\s+"
        r"(?:clearly\s+|much\s+|far\s+|obviously\s+)?(?:the\s+)?(?:more\s+)?(?:stable|sensible"
        r"|reasonable|reliable|protective|safer|credible|calmer)\s+(?:one|parent|of\s+the\s+two)",
        gate=("stable", "sensible", "reasonable", "reliable", "protective", "safer", "credible", "calmer"),
    ),
    make_rule(
        "pathologising_survivor",
        rf"\b(?:{PERP_SUBJ})(?:'s|\s+is|\s+was|\s+seemed|\s+appeared|\s+remained|\s+came\s+across\s+as"
        r"|\s+comes\s+across\s+as|\s+presented\s+as|\s+presents\s+as)?\s+"
        r"(?:\w+\s+)?(?:calm|composed|reasonable|rational|credible|plausible|articulate"
        r"|measured|polite|sensible)\b",
        needs=rf"{_STATE}|{_TRAIT}|drunk|intoxicated|aggressive|agitated|shouting|swearing",
        gate=(
            "calm",
            "composed",
            "reasonable",
            "rational",
            "credible",
            "plausible",
            "articulate",
            "measured",
            "polite",
            "sensible",
        ),
    ),
    make_rule(
        "pathologising_survivor",
        # his account taken as fact over hers: "his account seems credible"
        r"\b(?:his|p's|dad's|father's|partner's)\s+(?:account|version|story|explanation|side)"
        r"(?:\s+of\s+(?:events|things|what\s+happened))?\s+(?:seems|seemed|is|was|appears|appeared|sounds"
        r"|sounded|felt)\s+(?:more\s+|very\s+|quite\s+|entirely\s+|far\s+more\s+|much\s+more\s+)?"
        r"(?:credible|plausible|believable|convincing|reliable|consistent|accurate|truthful|genuine)"
        r"|\b(?:his|p's|dad's|father's)\s+(?:account|version)\s+(?:is\s+|was\s+)?more\s+(?:credible"
        r"|plausible|believable|convincing|reliable|consistent)\s+than\s+(?:hers|m's|mum's|hers)",
        needs=r"\b(?:m|mum|mother|she|her|victim)\b",
        gate=("credib", "plausib", "believab", "convinc", "reliab", "consistent", "accurate", "truthful", "genuine"),
    ),
    make_rule(
        "pathologising_survivor",
        # discrediting her as turning the children against him
        r"\b(?:(?:parental\s+)?alienat\w+|turn(?:s|ed|ing)?\s+(?:the\s+)?(?:kids|children|child|baby|them)"
        r"\s+against\s+(?:him|dad|p|their\s+(?:dad|father))|implacabl[ey]\s+hostile|gatekeep\w*"
        r"|poison(?:s|ed|ing)?\s+(?:the\s+)?(?:kids|children|them)\s+against)",
        her=True,
        gate=("alienat", "against", "implacabl", "gatekeep"),
    ),
    make_rule(
        "pathologising_survivor",
        r"\b(?:is|was|seemed|seems|appeared|appears|presented\s+as|presents\s+as|came\s+across\s+as"
        r"|very|extremely|quite|so|really)\s+(?:volatile|chaotic|unpredictable|aggressive\s+and\s+\w+)\b",
        her=True,
        no_perp_act=True,
        needs=r"\b(?:m|mum|mother|she|victim|mummy)\b",
        gate=("volatile", "chaotic", "unpredictable", "aggressive and"),
    ),
]

CAUSAL += [
    make_rule(
        "causal_attribution",
        # "the DA is drug related", "P lashes out when stressed"
        r"\b(?:da|dv|violence|abuse|aggression|assaults?|incidents?|offending|outbursts?)\s+(?:is|was|are|were"
        r"|seems|seem|appears|appear)\s+(?:\w+\s+)?(?:drug|drink|alcohol|substance|mh|mental\s+health|stress"
        r"|money|cocaine)[- ]?(?:related|fuel+ed|driven|induced)\b"
        r"|\b(?:lash\w*\s+out|snaps?|snapped|loses?\s+it|kicks?\s+off)\s+(?:at\s+\w+\s+)?(?:when|if|whenever"
        r"|because|as)\s+(?:he(?:'s|\s+is|\s+gets|\s+was)?\s+)?(?:stressed|tired|under\s+pressure|frustrated"
        r"|anxious|worried|skint|broke|provoked|wound\s+up)\b",
        unless=_CAUSAL_COUNTER,
        gate=("related", "fuel", "driven", "induced", "lash", "snap", "loses it", "lose it", "kick"),
    ),
    make_rule(
        "causal_attribution",
        # "if P got help for his drinking things would settle"; "needs help with his MH, then risk will reduce"
        rf"\b(?:gets?|got|getting|had|has|have|receives?|received|accepts?|accepted|engages?\s+with|needs?)\s+"
        rf"(?:some\s+|the\s+|proper\s+)?(?:help|support|treatment|therapy|counselling)\s+(?:with|for)\s+"
        rf"(?:his\s+)?{_CAUSE}\b[^.;]{{0,40}}?\b{_ABUSE_ENDS}",
        unless=_CAUSAL_COUNTER,
        gate=("help", "support", "treatment", "therapy", "counselling"),
    ),
]

_STATE_CAUSE = (
    r"(?:drunk|high|stressed|drinking|under\s+pressure|on\s+drugs|using|jealous|frustrated|depressed|unwell"
    r"|tired|skint|off\s+his\s+meds|worried\s+about\s+money|in\s+debt)"
)
CAUSAL += [
    make_rule(
        "causal_attribution",
        # "P was drunk and that's why he hit M"; "sort his drinking out and then things will be fine"
        rf"\b{_STATE_CAUSE}\b[^.;]{{0,40}}?\b(?:that's|that\s+is|which\s+is|this\s+is|is)\s+why\s+(?:he|p|dad)\b"
        rf"|\b(?:sort\w*|address\w*|tackl\w*|deal\w*\s+with|get\w*\s+on\s+top\s+of|stop\w*|control\w*|manag\w*"
        rf"|cut\w*\s+down|get\w*\s+help\s+with)\s+(?:out\s+)?his\s+{_CAUSE}\b[^.;]{{0,40}}?\b(?:then|and|so)\b"
        rf"[^.;]{{0,20}}?\b{_ABUSE_ENDS}",
        unless=_CAUSAL_COUNTER,
        gate=(" why ", "his"),
    ),
]

PATHOLOGISING += [
    make_rule(
        "pathologising_survivor",
        # "M's presentation is concerning"; "M is a risk to the children due to her MH"
        rf"\b{SURV_POSS}\s+presentation\s+(?:is|was|remains|has\s+been)\s+(?:\w+\s+)?(?:concerning|chaotic|erratic"
        r"|bizarre|odd|unusual|a\s+concern|worrying)\b"
        r"|\b(?:m|mum|mother|she)\s+(?:is|poses|presents)\s+(?:a|the)\s+(?:main\s+|biggest\s+|greatest\s+|real\s+)?"
        r"risk\s+to\s+(?:the\s+)?(?:kids|children|baby|child)\b[^.;]{0,30}?\b(?:mh|mental\s+health|drink\w*|alcohol"
        r"|drugs?|substance|presentation|anxiety|depression)\b",
        her=True,
        no_perp_act=True,
        gate=("presentation", "risk to"),
    ),
]
