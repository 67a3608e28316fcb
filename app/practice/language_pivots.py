"""Plain-words explanations, pivots and rewording hints for each flag.

Tone (domain.md §7): describe the words, never the professional; the pivot
starts by agreeing with the worry, turns to his behaviour, then returns to her.
Each pivot names the topic of *this* note (drinking, contact, school, ...).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Topic keys found in a note, in order of preference.
_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(p, _I))
    for key, p in (
        (
            "leaving",
            r"\b(?:leav\w*|left|separat\w*|split|ends?\s+it|finish\w*\s+with|refuge|rehous\w*"
            r"|out\s+of\s+area|out\s+of\s+the\s+relationship|away\s+from)",
        ),
        ("prosecution", r"\b(?:prosecut\w*|statement|charges?|retract\w*|nfa|court)\b"),
        ("pregnancy", r"\bpregnan\w*"),
        ("contact", r"\b(?:contact|unsupervised|overnights?|babysit\w*)\b"),
        (
            "back",
            r"\b(?:let\s+him|back\s+in|move\s+back|moved\s+back|back\s+to\s+him|took\s+him\s+back"
            r"|go\w*\s+back|went\s+back|him\s+back|relationship\s+over|reconcil\w*|stay\w*\s+with)",
        ),
        ("drink", r"\b(?:drink\w*|alcohol\w*|drunk|sober|detox|relaps\w*|smelt|aa)\b"),
        ("drugs", r"\b(?:drugs?|cocaine|cannabis|heroin|substance\w*|crack)\b"),
        ("mh", r"\b(?:mh|mental\s+health|ptsd|depress\w*|bpd|eupd|bipolar|adhd|psych\w*)\b"),
        (
            "state",
            r"\b(?:delusion\w*|paranoi\w*|hysterical|irrational|erratic|emotional|unstable"
            r"|exaggerat\w*|unreliable|credib\w*|allegations?)\b",
        ),
        ("temper", r"\b(?:temper|anger|angry|rage|emotions)\b"),
        ("money", r"\b(?:job|money|debts?|financ\w*|rent|benefits?|uc|gambling|stress)\b"),
        ("feeding", r"\b(?:feeds?|feeding|weight|centile|formula)\b"),
        (
            "care",
            r"\b(?:uniform|pe\s+kit|clothes|glasses|unkempt|hungry|breakfast|basic|basics|late"
            r"|care|neglect\w*)\b",
        ),
        ("health", r"\b(?:dentist|eye\s+test|health\s+needs|immunis\w*)\b"),
        ("order", r"\b(?:non[- ]?mol\w*|nmo|injunction|order)\b"),
        ("course", r"\b(?:freedom|course|programme|awareness)\b"),
        ("reporting", r"\b(?:police|phone|text|report|999|inform)\b"),
        (
            "engaging",
            r"\b(?:appts?|appointments?|core\s+groups?|reviews?|visits?|engag\w*|cancel\w*|dna"
            r"|door|calls)\b",
        ),
        ("school", r"\b(?:school|class|attendance|nursery)\b"),
        ("children", r"\b(?:asleep|upstairs|in\s+bed|see|saw|heard|present|exposed|witness\w*)\b"),
        (
            "injury",
            r"\b(?:injur\w*|bruis\w*|strangl\w*|chok\w*|assault\w*|hit|kicked|smashed|damage"
            r"|fractur\w*)\b",
        ),
    )
)

# How each category may talk about a topic; the first topic present wins.
_TOPIC_WORDS: dict[str, dict[str, str]] = {
    "failure_to_protect": {
        "feeding": "the baby's feeding",
        "care": "the children's day-to-day care",
        "health": "the children's health appointments",
        "school": "school",
        "drink": "the drinking",
        "drugs": "drug use",
        "contact": "contact",
    },
    "survivor_choices": {
        "contact": "contact with the children",
        "back": "him being back in the home",
        "prosecution": "the prosecution being dropped",
        "pregnancy": "the pregnancy",
        "drink": "the drinking starting again",
        "drugs": "drug use starting again",
    },
    "separation_as_solution": {"leaving": "her leaving him", "back": "her ending the relationship"},
    "mutualising": {"school": "how the children are at school", "children": "what the children hear"},
    "perpetrator_invisible": {
        "injury": "what happened to her",
        "children": "what the children went through",
        "school": "the children's wellbeing",
    },
    "minimising": {
        "children": "what the children went through",
        "temper": "his temper",
        "injury": "what he did to her",
    },
    "causal_attribution": {
        "drink": "his drinking",
        "drugs": "his drug use",
        "mh": "his mental health",
        "temper": "his temper",
        "money": "money pressures",
    },
    "pathologising_survivor": {
        "drink": "her drinking",
        "drugs": "her drug use",
        "mh": "her mental health",
        "state": "how she is presenting",
    },
    "not_engaging": {"engaging": "appointments and visits", "drink": "support with drinking"},
    "plan_burden_on_mother": {
        "order": "a protective order",
        "course": "the course",
        "reporting": "reporting him",
        "contact": "contact",
    },
}

_DEFAULT_TOPIC = {
    "failure_to_protect": "the children's care",
    "survivor_choices": "her decision",
    "separation_as_solution": "her leaving him",
    "mutualising": "what is happening at home",
    "perpetrator_invisible": "what happened",
    "minimising": "what he did",
    "causal_attribution": "what is behind his behaviour",
    "pathologising_survivor": "how she is presenting",
    "not_engaging": "working with us",
    "plan_burden_on_mother": "the plan",
}

_REASON = {
    "failure_to_protect": "puts it on mum: it holds her responsible for harm his behaviour "
    "causes, and leaves out what he is doing.",
    "survivor_choices": "makes her decision the source of the risk, without what he did "
    "(pressure, threats, promises) to bring it about.",
    "separation_as_solution": "treats her leaving as the fix. Leaving does not stop him and is "
    "often the most dangerous time, and it makes our help depend on her.",
    "mutualising": "describes his abuse as something they both do, which hides who is doing "
    "what to whom and who is afraid.",
    "perpetrator_invisible": "describes the harm without naming who did it, so his part drops out of the record.",
    "minimising": "makes his behaviour sound smaller, rarer or less harmful than it may be.",
    "causal_attribution": "explains his abuse by something other than his own choices, as if "
    "treating that would end it.",
    "pathologising_survivor": "makes her state, credibility or coping the main problem, without the abuse behind it.",
    "not_engaging": "labels her as the problem without asking what his behaviour makes unsafe about talking to us.",
    "plan_burden_on_mother": "puts the work of managing him on her, while nothing here is asked of him.",
}

_SUGGEST = {
    "failure_to_protect": "Name what he did that affects the children's care, then what she has done to protect them.",
    "survivor_choices": "Add what he did before her decision and ask her why it felt safer.",
    "separation_as_solution": "Write what he must change and plan her safety whether or not she leaves.",
    "mutualising": "Name his specific acts and who was afraid of whom, instead of a shared word like conflict or rows.",
    "perpetrator_invisible": "Name him as the one who did it, the act, and what each child saw or heard.",
    "minimising": "Describe the specific acts, how often, and their effect on her and the children.",
    "causal_attribution": "Record the factor separately and describe his choices: does the abuse continue without it?",
    "pathologising_survivor": "Describe her reaction in the context of what he has done to "
    "her, in her own words if possible.",
    "not_engaging": "Note what he does that may make contact unsafe for her and how we could make it safer.",
    "plan_burden_on_mother": "Add what he must stop or start, and make her actions support she chooses.",
}

_PIVOTS: dict[str, tuple[str, str, str]] = {
    "failure_to_protect": (
        "You're right to worry about {topic} - what has been noticed matters.",
        "What is he doing that makes {topic} hard or unsafe for her: money, the car, sleep, "
        "call-outs, undermining her?",
        "What has she kept going for the children despite that, and what help would she choose?",
    ),
    "survivor_choices": (
        "It makes sense to worry about {topic}.",
        "What did he do around {topic} - promises, threats, pressure - and what happens when she says no to him?",
        "Let's ask her why that felt safer or necessary, and what would help her now.",
    ),
    "separation_as_solution": (
        "Wanting the children away from his abuse makes sense.",
        "If the plan rests on {topic}, what will he do when she goes, and what must he change whatever she decides?",
        "What does she think would make them safer, and what support would she choose?",
    ),
    "mutualising": (
        "It sounds frightening, and it's right to be worried about {topic}.",
        "What exactly does he do, how often, and who is afraid of whom?",
        "How has she responded to him, and at what cost to her?",
    ),
    "perpetrator_invisible": (
        "Good that {topic} is on the board.",
        "Who did it? Let's name him, the act, and what each child saw or heard.",
        "What did she do for the children afterwards?",
    ),
    "minimising": (
        "Good if nobody was badly hurt, and it helps to be careful about {topic}.",
        "Which specific acts, how many times, and what goes on between call-outs?",
        "How has it affected her and the children, and how does she cope?",
    ),
    "causal_attribution": (
        "{Topic} may well need its own work.",
        "Does his control continue without it, and whom does he choose to target?",
        "How does {topic} affect her safety, and what does she say happens?",
    ),
    "pathologising_survivor": (
        "It's a real worry - {topic} matters for the children.",
        "What has he done that she's reacting to, and does he use {topic} against her?",
        "What support does she want, and does he get in the way of it?",
    ),
    "not_engaging": (
        "It's frustrating when we can't reach her about {topic}.",
        "Is he there when we call or visit - reading her phone, controlling the car or money?",
        "How can we make {topic} safer for her: times he's out, a place she chooses?",
    ),
    "plan_burden_on_mother": (
        "We all want a safe plan, and {topic} may help.",
        "Which actions are about his behaviour, and what will we ask of him around {topic}?",
        "Which parts has she chosen, and what support does she want?",
    ),
}


def topic_of(norm_text: str, category: str) -> str:
    """The subject of this note in a few words, as this category's pivot says it."""
    words = _TOPIC_WORDS[category]
    for key, pattern in _TOPICS:
        if key in words and pattern.search(norm_text):
            return words[key]
    return _DEFAULT_TOPIC[category]


def build_explanation(
    category: str, trigger: str, norm_text: str, section: str | None
) -> tuple[str, tuple[str, str, str], str]:
    """Message quoting ``trigger``, a three-step pivot and a one-line suggestion."""
    topic = topic_of(norm_text, category)
    message = f'The wording "{trigger}" {_REASON[category]}'
    if section == "practice" and category != "plan_burden_on_mother":
        message += " In a plan, this shapes what everyone does next."
    a, b, c = (step.format(topic=topic, Topic=topic[:1].upper() + topic[1:]) for step in _PIVOTS[category])
    return message, (a, b, c), _SUGGEST[category]
