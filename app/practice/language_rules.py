"""Per-category patterns for the blaming-language analyser (domain.md §4).

Each :class:`Rule` is one linguistic frame.  The engine in ``language.py``
decides whether a match is in the author's own voice (not quoted, not
attributed, not negated) and applies the rule's exemptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.practice.language_lexicon import (
    KIDS,
    PERP_OBJ,
    SURV,
    SURV_POSS,
    SURV_SUBJ,
    gap,
)


@dataclass(frozen=True)
class Rule:
    category: str
    pattern: re.Pattern[str]
    her: bool = False  # the frame must be about her, not him / a child / us
    his: bool = False  # the frame must be about him (or nobody named)
    no_perp_act: bool = False  # exempt when the note names him doing harm/control
    no_perp_any: bool = False  # exempt when the note mentions him at all
    no_coercion: bool = False  # exempt when her decision is set in his pressure
    needs: re.Pattern[str] | None = None  # note must also contain this
    unless: re.Pattern[str] | None = None  # note must not contain this
    post_neg: bool = False  # "couples work is not appropriate"
    gate: tuple[str, ...] = ()  # cheap pre-check: one of these substrings must occur


def make_rule(category: str, pattern: str, **kw: object) -> Rule:
    """Build a rule; patterns run on lower-cased text, so no IGNORECASE needed."""
    gate = kw.pop("gate", ())
    needs = kw.pop("needs", None)
    unless = kw.pop("unless", None)
    return Rule(
        category,
        re.compile(pattern),
        needs=re.compile(str(needs)) if needs else None,
        unless=re.compile(str(unless)) if unless else None,
        gate=tuple(str(g) for g in gate),  # type: ignore[attr-defined]
        **kw,  # type: ignore[arg-type]
    )


# --- separation_as_solution ----------------------------------------------------
_SEP_SUBJ = (
    rf"(?:{SURV_SUBJ}|they|the\s+parents|parents|the\s+couple"
    r"|mum\s+(?:and|&)\s+dad|m\s*(?:and|&)\s*p)(?:'s|'d|'ll)?"
)
_SEP_ACT = (
    r"(?:leaves?|left|leaving|separates?|separated|separating|splits?\s+up|split"
    r"|splits?\s+from|ends?\s+(?:it|things|the\s+relationship|her\s+relationship)"
    r"|ended\s+(?:it|things|the\s+relationship)|finish(?:es|ed)?\s+with|dumps?"
    r"|(?:is|was|gets?|got|stays?|stayed|kept|keeps?)\s+(?:out\s+of|away\s+from)"
    rf"|out\s+of\s+the\s+relationship|away\s+from\s+{PERP_OBJ}|breaks?\s+up|broke\s+up"
    rf"|kicks?\s+{PERP_OBJ}\s+out|kicked\s+{PERP_OBJ}\s+out|cuts?\s+(?:off\s+)?contact"
    r"|moves?\s+away|goes\s+(?:in)?to\s+(?:a\s+)?refuge|is\s+rehoused"
    r"|no\s+longer\s+with)"
)
_GOOD_OUTCOME = (
    r"(?:\b(?:would|will|'d|'ll|should|could|then)\s+(?:\w+\s+){0,2}?(?:be\s+(?:fine|ok|okay"
    r"|safe|better|resolved|over|closed|gone)|stop|end|go(?:\s+away)?\b|drop|reduce|decrease"
    r"|disappear|improve|lower|cease|settle|no\s+longer)"
    r"|\bno\s+(?:further|more|ongoing)\s+(?:role|concerns?|risk|need|involvement|action)"
    r"|\b(?:case|file)\s+(?:to\s+|can\s+|will\s+|would\s+|could\s+)?(?:be\s+)?clos\w*"
    r"|\bclose\s+(?:the\s+)?(?:case|file)|\bstep\s+down|\btaken\s+into\s+care"
    r"|\brisk\s+(?:\w+\s+)?(?:reduces|drops|goes|ends|is\s+removed)"
    r"|\bcome\s+into\s+care|\baccommodated|\bremoved|\bplo\b|\bproceedings"
    r"|\bcare\s+order|\blose\s+the\s+(?:kids|children))"
)
_SEP_NEG = (
    r"(?:not|n't)\s+(?:\w+\s+)?(?:depend|conditional|contingent|rely)|regardless"
    r"|whatever\s+she\s+decides|whether\s+or\s+not\s+she|safety[- ]plan"
)
SEPARATION = [
    make_rule(
        "separation_as_solution",
        rf"\b(?:unless|only\s+if|provided|as\s+long\s+as|on\s+condition\s+that)\s+"
        rf"{_SEP_SUBJ}\s+{gap(3)}{_SEP_ACT}",
        unless=_SEP_NEG,
        gate=("unless", "only if", "provided", "as long as", "on condition"),
    ),
    make_rule(
        "separation_as_solution",
        rf"\b(?:if|once|when|as\s+soon\s+as)\s+{_SEP_SUBJ}\s+{gap(3)}{_SEP_ACT}",
        needs=_GOOD_OUTCOME,
        unless=_SEP_NEG,
        gate=(
            "leav",
            "left",
            "separat",
            "split",
            "end",
            "finish",
            "out of",
            "away",
            "break",
            "broke",
            "kick",
            "cut",
            "move",
            "refuge",
            "rehous",
            "no longer",
            "dump",
        ),
    ),
    make_rule(
        "separation_as_solution",
        rf"\b(?:if|while|as\s+long\s+as)\s+{_SEP_SUBJ}\s+(?:stays?|remains?|continues|is\s+still"
        rf"|goes\s+back|resumes|restarts|returns|carries\s+on)(?:\s+(?:with|in|to))?\s+"
        rf"(?:{PERP_OBJ}|the\s+relationship|her\s+relationship|contact\s+with\s+{PERP_OBJ})",
        needs=_GOOD_OUTCOME,
        unless=_SEP_NEG,
        gate=("stay", "remain", "continu", "still", "goes back", "resum", "restart", "return", "carries on"),
    ),
    make_rule(
        "separation_as_solution",
        rf"(?:{SURV_SUBJ}\s+(?:to|needs?\s+to|must|has\s+to|should|will\s+have\s+to"
        r"|is\s+(?:expected|required|advised)\s+to|told\s+to)\s+"
        rf"(?:leave\s+(?:{PERP_OBJ}|the\s+relationship)|separate|end\s+(?:the|her|this)"
        rf"\s+relationship|finish\s+with|split\s+(?:up\s+)?(?:from|with)|cut\s+(?:off\s+)?contact"
        rf"|move\s+away\s+from|choose\s+between))",
        unless=_SEP_NEG,
        gate=("leave", "separat", "end ", "finish", "split", "cut", "move away", "choose between"),
    ),
    make_rule(
        "separation_as_solution",
        rf"\b(?:conditional|dependent|dependant|contingent|depends?|rests?|hinges?)\s+(?:up)?on\s+"
        rf"{gap(2)}(?:leaving|separating|ending|finishing|splitting|moving\s+away|separation"
        r"|a\s+move\s+away|going\s+(?:in)?to\s+refuge)",
        unless=_SEP_NEG,
        gate=("conditional", "dependent", "dependant", "contingent", "depend", "rest", "hinge"),
    ),
    make_rule(
        "separation_as_solution",
        r"\b(?:(?:him|p|dad|the\s+relationship|her\s+partner|partner)\s+or\s+"
        r"(?:the\s+|her\s+)?(?:kids|children|baby|child)"
        r"|(?:the\s+|her\s+)?(?:kids|children)\s+or\s+(?:him|p|dad|the\s+relationship))\b",
        gate=(" or ",),
    ),
    make_rule(
        "separation_as_solution",
        r"\b(?:only|safest|best|one)\s+(?:safe\s+|real\s+)?(?:option|way|solution|answer|outcome"
        r"|thing)\s+(?:is|would\s+be|=)\s+(?:for\s+)?(?:m|mum|her|she|mother)\s+(?:to\s+)?(?:leave"
        r"|separate|end|move\s+away|get\s+away|go\s+to\s+refuge)",
        unless=_SEP_NEG,
        gate=("option", "way", "solution", "answer", "outcome", "thing"),
    ),
    make_rule(
        "separation_as_solution",
        r"(?:refuge|rehous\w*|relocat\w*|moves?\s+(?:her\s+)?(?:\w+\s+)?out\s+of\s+area"
        r"|out\s+of\s+area)[^.;]{0,60}?(?:no\s+further\s+(?:role|involvement|action)"
        r"|case\s+clos\w*|close\s+(?:the\s+)?case|can\s+close|step\s+down)",
        gate=("refuge", "rehous", "relocat", "out of area"),
    ),
]

# --- survivor_choices ------------------------------------------------------------
_HER_AUX = (
    r"(?:(?:has|had|have|keeps|kept|continues\s+to|is|was|again|now|still|just"
    r"|repeatedly|then|already|once\s+again)\s+){0,3}"
)
_SC_JUDGE = (
    r"(?:again|keeps?|kept|continues|despite|chose|choice|yet\s+again|repeatedly"
    r"|\bso\s+the|harm|risk|\bagainst\s+advice|even\s+though|knowing)"
)
CHOICES = [
    make_rule(
        "survivor_choices",
        rf"{SURV_SUBJ}\s+{_HER_AUX}(?:let|lets|letting|allow(?:s|ed|ing)?|invit(?:es|ed|ing)"
        rf"|welcom(?:es|ed|ing))\s+{PERP_OBJ}\s+(?:\w+\s+){{0,2}}?(?:back|in\b|into|to\s+(?:stay"
        r"|move|live|have|see|visit|care|look)|stay|move|contact|round|over)",
        no_coercion=True,
        gate=("let", "allow", "invit", "welcom"),
    ),
    make_rule(
        "survivor_choices",
        rf"{SURV_SUBJ}\s+{_HER_AUX}(?:let|lets|letting|allow(?:s|ed|ing)?)\s+{KIDS}\s+(?:to\s+)?"
        rf"(?:see|stay\s+with|go\s+to|visit|spend\s+time\s+with|have\s+contact\s+with|be\s+with)"
        rf"\s+{PERP_OBJ}",
        no_coercion=True,
        gate=("let", "allow"),
    ),
    make_rule(
        "survivor_choices",
        rf"{SURV_SUBJ}\s+{_HER_AUX}(?:reconcil\w+|resum\w+\s+(?:the|her)\s+relationship"
        rf"|(?:got|gets|getting)\s+back\s+(?:together|with\s+{PERP_OBJ}))",
        no_coercion=True,
        needs=_SC_JUDGE,
        gate=("reconcil", "resum", "back"),
    ),
    make_rule(
        "survivor_choices",
        r"\ballow(?:s|ed|ing)\s+(?:unsupervised\s+|direct\s+|overnight\s+)?contact",
        her=True,
        no_coercion=True,
        gate=("allow",),
    ),
    make_rule(
        "survivor_choices",
        rf"{SURV_SUBJ}\s+{_HER_AUX}(?:go(?:es|ing|in)?|went|gone|return(?:s|ed|ing)?)\s+back"
        rf"(?:\s+(?:to|with)\s+(?:{PERP_OBJ}|the\s+relationship))?",
        needs=_SC_JUDGE,
        no_coercion=True,
        gate=(" back",),
    ),
    make_rule(
        "survivor_choices",
        rf"{SURV_SUBJ}\s+{_HER_AUX}(?:took|takes|taken|taking)\s+{PERP_OBJ}\s+back",
        needs=_SC_JUDGE,
        no_coercion=True,
        gate=(" back",),
    ),
    make_rule(
        "survivor_choices",
        rf"\b(?:chose|chooses|choose|choosing|picked|picks|pick|puts?|putting"
        rf"|prioriti[sz](?:es|ed|ing|e)|preferred|prefers)\s+(?:{PERP_OBJ}|the\s+relationship"
        r"|her\s+relationship|her\s+partner|a\s+man|men|drink|alcohol|drugs)\s+(?:over|before"
        r"|above|ahead\s+of)\s+(?:the\s+|her\s+|their\s+)?(?:kids|children|baby|child|sons?"
        r"|daughters?|family)",
        gate=(" over ", " before ", " above ", "ahead of"),
    ),
    make_rule(
        "survivor_choices",
        r"\b(?:(?:more|poor|bad|wrong|unwise|lifestyle|risky)\s+choices"
        rf"|(?:{SURV_POSS}|own)\s+(?:own\s+)?(?:choice|decision)\s+to\s+(?:drop|retract|withdraw|stay"
        r"|return|go\s+back|let|not|remain|resume|continue|drink|use)"
        r"|(?:chose|chooses|choosing|chosen|decided|decides)\s+to\s+(?:start\s+|go\s+back\s+to\s+)?"
        r"(?:drink\w*|use\b|using|relapse|stay|remain|return|go\s+back|let|resume|continue"
        r"|get\s+back|reconcile|take\s+him|see\s+him|have\s+(?:him|p)|not\s+(?:support|leave)))",
        her=True,
        no_coercion=True,
        gate=("choice", "chose", "choos", "decid", "decision"),
    ),
    make_rule(
        "survivor_choices",
        r"\b(?:retract\w*|withdr[ae]w\w*\s+(?:her\s+)?(?:statement|complaint|allegation|support)"
        r"|(?:wouldn't|won't|would\s+not|will\s+not|refused\s+to|refuses\s+to|declined\s+to"
        r"|unwilling\s+to|didn't|did\s+not)\s+(?:support|give|make|provide)\s+(?:a\s+|the\s+|any\s+)?"
        r"(?:prosecution|statement|complaint)|drop(?:ped|s)?\s+(?:the\s+)?(?:charges?|case"
        r"|complaint|it)|(?:won't|wouldn't)\s+press\s+charges)",
        her=True,
        no_coercion=True,
        needs=r"\bso\b|nfa|no\s+(?:charge|further)|choice|case\s+closed|\bas\s|because|again",
        gate=("retract", "withdr", "prosecution", "statement", "complaint", "drop", "press charges"),
    ),
    make_rule(
        "survivor_choices",
        rf"\bpregnant\s+(?:again\s+)?(?:by|to|with)\s+(?:{PERP_OBJ})(?:\s+again)?",
        needs=r"again|despite|choice|poor|knowing",
        gate=("pregnan",),
    ),
    make_rule(
        "survivor_choices",
        rf"{SURV_SUBJ}\s+{_HER_AUX}(?:(?:stays?|stayed|staying|remains?|remained|remaining)"
        rf"\s+(?:with\s+{PERP_OBJ}|in\s+the\s+relationship)|won't\s+leave|refuses\s+to\s+leave"
        rf"|(?:is\s+)?still\s+(?:with|seeing)\s+{PERP_OBJ})",
        needs=_SC_JUDGE,
        no_coercion=True,
        gate=("stay", "remain", "won't leave", "refuses to leave", "still with", "still seeing"),
    ),
]

# --- failure_to_protect ------------------------------------------------------------
FAILURE = [
    make_rule(
        "failure_to_protect",
        rf"\b(?:fail(?:ed|s|ing|ure)?\s+to\s+(?:protect|safeguard|keep\s+{KIDS}\s+safe)"
        r"|(?:poor|limited|low|lacks?|lacking|no|reduced|questionable|inadequate|lack\s+of"
        r"|minimal)\s+(?:\w+\s+)?protective\s+(?:capacity|capacities|skills|parenting|abilit\w+)"
        r"|not\s+(?:being\s+)?protective"
        rf"|(?:unable|not\s+able|can't|cannot|couldn't|failing)\s+(?:to\s+)?(?:protect|safeguard)"
        rf"|(?:unable|not\s+able|can't|cannot|couldn't)\s+(?:to\s+)?keep\s+{KIDS}\s+safe"
        rf"|(?:didn't|did\s+not|doesn't|does\s+not|won't|never)\s+(?:protect|safeguard)\s+{KIDS}"
        r"|(?:lacks?|lacking|limited|questionable|doubts?\s+(?:about|over|re)\s+(?:[\w']+\s+)?)"
        r"\s*(?:the\s+)?(?:ability|capacity)\s+to\s+(?:protect|safeguard|keep))",
        her=True,
        gate=("protect", "safeguard", "safe", "ability", "capacity"),
    ),
    make_rule(
        "failure_to_protect",
        rf"{SURV_SUBJ}\s+{gap(3)}(?:expos(?:es|ed|ing|e)|subject(?:s|ed|ing)?)\s+{KIDS}\s+to\b",
        gate=("expos", "subject"),
    ),
    make_rule(
        "failure_to_protect",
        r"\b(?:not|isn't|wasn't|never|isnt)\s+(?:putting|prioriti[sz]ing|placing|keeping"
        r"|meeting|providing|managing|considering)\s+(?:the\s+|their\s+|her\s+)?"
        r"(?:kids'?\s+|children's\s+|baby's\s+|child's\s+)?(?:basic\s+)?(?:care\s+)?"
        r"(?:safety|needs|welfare|wellbeing|feeds|care|basics)\b",
        her=True,
        gate=("putting", "prioriti", "placing", "keeping", "meeting", "providing", "managing", "considering"),
    ),
    make_rule(
        "failure_to_protect",
        rf"(?:{SURV_SUBJ}\s+{gap(2)}neglect\w*|\bneglect\w*\s+(?:\w+\s+)?(?:re|regarding|about|by"
        rf"|of\s+{KIDS}\s+by)\s+{SURV}|\bneglectful)",
        her=True,
        gate=("neglect",),
    ),
    make_rule(
        "failure_to_protect",
        r"\b(?:not\s+coping|struggling\s+to\s+cope|can't\s+cope|unable\s+to\s+cope"
        r"|not\s+managing\s+(?:the\s+)?basics|poor\s+(?:supervision|basic\s+care|home\s+conditions)"
        r"|lack\s+of\s+(?:supervision|basic\s+care))",
        her=True,
        no_perp_act=True,
        gate=("cop", "basics", "supervision", "home conditions", "basic care"),
    ),
    make_rule(
        "failure_to_protect",
        rf"\b{SURV_POSS}\s+(?:care|parenting|supervision|basic\s+care|home\s+conditions)\s+"
        r"(?:is\s+|was\s+|has\s+been\s+|remains\s+)?(?:\w+\s+)?(?:poor|inadequate|lacking|neglectful"
        r"|substandard|not\s+good\s+enough|chaotic|below\s+(?:the\s+)?standard)"
        r"|\b(?:poor|inadequate|neglectful|substandard)\s+(?:maternal\s+)?(?:care|parenting"
        r"|supervision)\s+(?:by|from)\s+(?:m|mum|mother)\b",
        no_perp_act=True,
        gate=("care", "parenting", "supervision", "home conditions"),
    ),
    make_rule(
        "failure_to_protect",
        rf"{SURV_SUBJ}\s+(?:should|could|needs?\s+to|must)\s+(?:be\s+)?(?:doing|do)\s+more\s+to\s+"
        r"(?:protect|keep|safeguard|stop|prevent)"
        rf"|{SURV_SUBJ}\s+{gap(2)}(?:didn't|did\s+not|failed\s+to|wouldn't|won't|doesn't|never)\s+"
        r"(?:call|ring|phone|report|contact|tell)\b[^.;]{0,40}?\b(?:(?:left|leaving|leaves|putting|placing"
        r"|puts)\s+(?:the\s+|her\s+)?(?:kids|children|baby|them)|(?:kids|children|baby|they)\s+(?:were|was"
        r"|are)\s+(?:left|put|placed))\s+(?:\w+\s+)?(?:at\s+risk|in\s+danger|unsafe|exposed)",
        no_coercion=True,
        gate=("more to", "call", "ring", "phone", "report", "contact", "tell"),
    ),
    make_rule(
        "failure_to_protect",
        rf"{SURV_SUBJ}\s+(?:should|could|ought\s+to)\s*(?:'ve|\s+have)\s+(?:protected|stopped"
        r"|prevented|called|phoned|left|kept|removed|known|taken)",
        gate=("should", "could", "ought"),
    ),
    make_rule(
        "failure_to_protect",
        rf"{SURV_SUBJ}\s+{gap(3)}(?:put(?:s|ting)?|plac(?:es|ed|ing))\s+{KIDS}\s+at\s+risk",
        gate=("at risk",),
    ),
    make_rule(
        "failure_to_protect",
        rf"{SURV_SUBJ}\s+{gap(2)}(?:allow(?:ed|s|ing)?|let|lets)\s+{KIDS}\s+(?:to\s+)?"
        rf"(?:witness|see|hear|be\s+exposed)(?!\s+{PERP_OBJ})",
        gate=("witness", "see", "hear", "expos"),
    ),
]
