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
    loose,
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
        re.compile(loose(pattern)),
        needs=re.compile(loose(str(needs))) if needs else None,
        unless=re.compile(loose(str(unless))) if unless else None,
        gate=tuple(str(g) for g in gate),  # type: ignore[attr-defined]
        **kw,  # type: ignore[arg-type]
    )


# --- separation_as_solution ----------------------------------------------------
_SEP_SUBJ = (
    rf"(?:{SURV_SUBJ}|they|the\s+parents|parents|the\s+couple"
    r"|mum\s+(?:and|&)\s+dad|m\s*(?:and|&)\s*p)(?:'s|'d|'ll)?"
)
_SEP_ACT = (
    r"(?:leaves?|left|leaving|sep[ae]rat(?:es?|ed|ing)|splits?\s+up|split"
    r"|splits?\s+from|end(?:s|ed|ing)?\s+(?:it|things|(?:the\s+|her\s+|their\s+)?relationship)"
    r"|finish(?:es|ed)?\s+with|dumps?|cuts?\s+ties"
    r"|(?:is|was|gets?|got|stays?|stayed|kept|keeps?)\s+(?:out\s+of|away\s+from)"
    rf"|out\s+of\s+the\s+relationship|away\s+from\s+{PERP_OBJ}|breaks?\s+up|broke\s+up"
    rf"|kicks?\s+{PERP_OBJ}\s+out|kicked\s+{PERP_OBJ}\s+out|cuts?\s+(?:off\s+)?contact"
    r"|moves?\s+away|moved\s+away|moves?\s+out(?:\s+of\s+area)?|moved\s+out(?:\s+of\s+area)?|relocat\w+"
    r"|goes\s+(?:in)?to\s+(?:a\s+)?refuge|went\s+(?:in)?to\s+(?:a\s+)?refuge|is\s+rehoused|gets?\s+rehoused"
    r"|moves?\s+(?:in)?to\s+(?:a\s+)?refuge|moved\s+(?:in)?to\s+(?:a\s+)?refuge|gets?\s+away\s+from"
    r"|no\s+longer\s+with)"
)
_GOOD_OUTCOME = (
    r"(?:\b(?:would|will|'d|'ll|should|could|then)\s+(?:\w+\s+){0,2}?(?:be\s+(?:fine|ok|okay"
    r"|safe|better|resolved|over|closed|gone)|stop|end|go(?:\s+away)?\b|drop|reduce|decrease"
    r"|disappear|improve|lower|cease|settle|no\s+longer)"
    r"|\bno\s+(?:further|more|ongoing)\s+(?:\w+\s+)?(?:role|concerns?|risk|need|involvement|action)"
    r"|\b(?:wouldn't|would\s+not|won't|will\s+not)\s+(?:need\s+to\s+)?be\s+(?:here|involved|needed)"
    r"|\b(?:case|file)\s+(?:to\s+|can\s+|will\s+|would\s+|could\s+)?(?:be\s+)?clos\w*"
    r"|\bclose\s+(?:the\s+)?(?:case|file)|\bstep\s+down|\btaken\s+into\s+care"
    r"|\brisk\s+(?:\w+\s+)?(?:reduces|drops|goes|ends|is\s+removed)"
    r"|\bcome\s+into\s+care|\baccommodated|\bremoved|\bplo\b|\bproceedings"
    r"|\bcare\s+order|\blose\s+the\s+(?:kids|children)"
    # support or the children's place made to wait on her leaving
    r"|\b(?:support|help|services?|input|therapy|counselling|work|sessions?|referral)\s+"
    r"(?:for\s+(?:the\s+)?[\w']+\s+)?(?:can|will|could|would|to)\s+(?:only\s+)?(?:start|begin|be\s+offered"
    r"|go\s+ahead|proceed|happen|be\s+provided)"
    r"|\b(?:kids|children|child|baby|they)\s+(?:can|will|could|would|to)\s+(?:only\s+)?(?:stay|remain"
    r"|return|come\s+home|go\s+home|live|be\s+returned)\b)"
)
_SEP_NEG = (
    r"(?:not|n't)\s+(?:\w+\s+)?(?:depend|conditional|contingent|rely)|regardless"
    r"|whatever\s+she\s+decides|whether\s+or\s+not\s+she|safety[- ]plan"
)
_CLOSURE = (
    r"\b(?:no\s+(?:further|more|ongoing)\s+(?:role|concerns?|involvement|action|need)|nfa"
    r"|(?:case|file)\s+(?:to\s+|can\s+|will\s+|is\s+|now\s+)?(?:be\s+)?clos\w*|close\s+(?:the\s+)?(?:case|file)"
    r"|step(?:ped)?\s+down|end\s+(?:our|sw)\s+involvement|[-=,]\s*clos(?:e|ed|ing)\s*(?:$|[.;]))"
)
SEPARATION = [
    make_rule(
        "separation_as_solution",
        # "M has left P so no further role", "M now separated - case to close"
        rf"{_SEP_SUBJ}\s+(?:(?:has|have|had|now|finally|since)\s+)+{gap(1)}{_SEP_ACT}",
        needs=_CLOSURE,
        unless=_SEP_NEG + r"|\bremains?\s+open|\bkeep\s+(?:the\s+)?case\s+open|\bstays?\s+open",
        gate=("nfa", "no further", "no more", "no ongoing", "clos", "step"),
    ),
    make_rule(
        "separation_as_solution",
        # "the best thing M can do is leave", "separation is the only way to keep them safe"
        r"\b(?:best|only|safest|right|one)\s+thing\s+(?:for\s+)?(?:m|mum|she|her|mother)\s+(?:can|could|should"
        r"|needs\s+to|has\s+to|must)\s+do\s+is\s+(?:to\s+)?(?:leave|separate|end|get\s+out|move|walk\s+away)"
        r"|\b(?:separation|separating|her\s+leaving|leaving\s+(?:him|p|dad)|ending\s+the\s+relationship"
        r"|a\s+move\s+away|moving\s+away|refuge)\s+(?:is|would\s+be|=|remains|seems)\s+(?:\w+\s+)?(?:the\s+)?"
        r"(?:only|best|safest|real|one|sole|obvious)\s+(?:\w+\s+)?(?:option|way|answer|solution|hope|outcome"
        r"|protective\s+factor|route|choice)"
        r"|\b(?:separation|her\s+leaving)\s+(?:is|would\s+be)\s+(?:the\s+)?(?:key|essential|needed|required"
        r"|necessary)\s+(?:to|for)",
        unless=_SEP_NEG,
        gate=(
            "thing",
            "option",
            "way",
            "answer",
            "solution",
            "hope",
            "outcome",
            "factor",
            "route",
            "choice",
            "key",
            "essential",
            "needed",
            "required",
            "necessary",
        ),
    ),
    make_rule(
        "separation_as_solution",
        rf"\b(?:unless|only\s+if|provided|as\s+long\s+as|on\s+condition\s+that|until|till)\s+"
        rf"{_SEP_SUBJ}\s+{gap(3)}{_SEP_ACT}",
        unless=_SEP_NEG,
        gate=("unless", "only if", "provided", "as long as", "on condition", "until", "till"),
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
            "seperat",
            "split",
            "ties",
            "end",
            "finish",
            "out of",
            "away",
            "break",
            "broke",
            "kick",
            "cut",
            "move",
            "relocat",
            "refuge",
            "rehous",
            "no longer",
            "dump",
        ),
    ),
    make_rule(
        "separation_as_solution",
        # "as long as she doesn't resume the relationship": keeping the children or support
        # made conditional on her not going back
        rf"\b(?:as\s+long\s+as|so\s+long\s+as|provided(?:\s+that)?|providing|on\s+(?:the\s+)?condition"
        rf"\s+that|only\s+if|on\s+the\s+basis\s+that)\s+{_SEP_SUBJ}\s+(?:doesn't|does\s+not|doesnt"
        r"|don't|do\s+not|won't|will\s+not|never|no\s+longer|stops?|isn't|is\s+not|is\s+no\s+longer)\s+"
        r"(?:\w+\s+)?(?:resum\w*|restart\w*|rekindl\w*|return\w*|go(?:es)?\s+back|get\s+back|reconcil\w*"
        rf"|see(?:ing)?\s+{PERP_OBJ}|let(?:ting)?\s+{PERP_OBJ}|allow\w*\s+{PERP_OBJ}|have\s+contact"
        rf"|(?:in\s+)?(?:a\s+|the\s+)?relationship|with\s+{PERP_OBJ}|stay\w*\s+with|liv\w*\s+with"
        r"|contact\s+with|continu\w*)",
        no_coercion=True,
        unless=_SEP_NEG,
        gate=("as long as", "provided", "providing", "condition", "only if", "on the basis"),
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
        rf"(?:leave\s+(?:{PERP_OBJ}|the\s+relationship)|sep[ae]rate|end\s+(?:(?:the|her|this|their)\s+)?"
        rf"relationship|finish\s+with|split\s+(?:up\s+)?(?:from|with)|cut\s+(?:off\s+|all\s+)?(?:contact|ties)"
        rf"|move\s+away\s+from|get\s+away\s+from|choose\s+between|go\s+(?:in)?to\s+(?:a\s+)?refuge|move\s+(?:in)?to\s+(?:a\s+)?refuge))",
        unless=_SEP_NEG + r"|\b(?:if|when|once)\s+(?:she|m|mum)\s+(?:wants|wishes|chooses|is\s+ready|decides)"
        r"|\b(?:her|m's|mum's)\s+(?:own\s+)?(?:choice|decision|wish)",
        gate=(
            "leave",
            "separat",
            "seperat",
            "end ",
            "finish",
            "split",
            "cut",
            "move away",
            "get away",
            "choose between",
            "refuge",
        ),
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
HER_AUX = _HER_AUX  # shared with language_rules_extra
_SC_JUDGE = (
    r"(?:again|keeps?|kept|continues|despite|chose|choice|yet\s+again|repeatedly"
    r"|\bso\s+the|harm|risk|\bagainst\s+advice|even\s+though|knowing|\d+(?:st|nd|rd|th)\s+time"
    r"|(?:second|third|fourth|fifth|another|umpteenth)\s+time|several\s+times|multiple\s+times|\bx\s?\d"
    r"|within\s+(?:a|days|hours|weeks|\d)|straight\s+back|immediately|days\s+later|soon\s+after)"
)
_SC_AGAINST = (
    r"\b(?:even\s+(?:though|tho|tho'|if)|despite|against\s+(?:\w+\s+)?advice|contrary\s+to|knowing"
    r"|(?:not|isn't|is\s+not)\s+(?:meant|supposed|allowed|permitted)\s+to|in\s+breach|breach\w*"
    r"|bail\s+conditions|again|keeps?|kept|repeatedly|whenever|unsupervised|overnight|on\s+his\s+own"
    r"|alone\s+with|against\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:plan|agreement|order|conditions)"
    r"|(?:he|p|dad)\s+(?:shouldn't|should\s+not|mustn't|must\s+not)"
    r"|\b(?:though|tho|although|when|while|whilst)\s+(?:she|m|mum|mother)\s+(?:\w+\s+)?(?:knows|knew"
    r"|was\s+told|has\s+been\s+told|had\s+been\s+told|is\s+aware|was\s+aware))"
)
_CARE_TASK = (
    r"(?:do|does|doing|have|has|having|take|takes|taking|collect\w*|pick\w*\s+up|drive|mind"
    r"|babysit\w*|look\s+after|care\s+for|stay\s+over|sleep\s+over|come\s+(?:round|over|in|to)"
    r"|spend\s+(?:the\s+)?(?:night|weekend)|see\s+(?:the\s+)?(?:kids|children|baby|them))"
)
CHOICES = [
    make_rule(
        "survivor_choices",
        # "mum letting dad do the school run even though he's not meant to"
        rf"{SURV_SUBJ}\s+{_HER_AUX}(?:let|lets|letting|allow(?:s|ed|ing)?)\s+{PERP_OBJ}\s+(?:to\s+)?"
        rf"{_CARE_TASK}\b"
        rf"|{SURV_SUBJ}\s+{_HER_AUX}invit(?:es|ed|ing)\s+{PERP_OBJ}\b",
        needs=_SC_AGAINST,
        no_coercion=True,
        gate=("let", "allow", "invit"),
    ),
    make_rule(
        "survivor_choices",
        # "M continues to see P despite advice", "M back with P again"
        rf"{SURV_SUBJ}\s+{_HER_AUX}(?:(?:continues|continued|continuing|keeps|kept)\s+(?:to\s+see|seeing"
        rf"|to\s+have\s+contact\s+with|in\s+contact\s+with|contacting|to\s+meet|meeting)\s+{PERP_OBJ}"
        rf"|(?:is\s+|now\s+|straight\s+)?back\s+(?:together\s+)?with\s+{PERP_OBJ})",
        needs=_SC_JUDGE,
        no_coercion=True,
        gate=("continu", "keep", "kept", "back"),
    ),
    make_rule(
        "survivor_choices",
        # "Partner has chosen to resume the relationship" (partner = her, in his worker's notes)
        rf"(?:{SURV_SUBJ}|(?:^|(?<=[.;:]\s))partner)\s+(?:has\s+|had\s+|have\s+|is\s+|keeps\s+)?"
        r"(?:chosen|chose|chooses|choosing|decided|decides|opted|opts)\s+to\s+(?:resume|restart|rekindle"
        r"|continue|go\s+back\s+to|return\s+to|get\s+back\s+(?:together|with)|stay\s+in)\s+"
        r"(?:the|their|her|this)\s+relationship",
        no_coercion=True,
        gate=("chose", "choos", "decid", "opt"),
    ),
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
        r"(?:drink\w*|use\b|using|relapse|(?:stay|remain)(?!\s+(?:at|in\s+(?:a\s+)?refuge|away|overnight"
        r"|with\s+(?:her|a|friends|family|relatives|gran|nan)))|return|go\s+back|let|resume|continue"
        r"|get\s+back|reconcile|take\s+him|see\s+him|have\s+(?:him|p)|not\s+(?:support|leave)))"
        r"(?!\s+to\s+(?:work|school|college|uni|university|the\s+gp|her\s+(?:job|mum|family|parents|country)))",
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
        r"|(?:unable|not\s+able|can't|cannot|couldn't|failing|inability|incapable\s+of"
        r"|(?:doesn't|doesnt|does\s+not|don't|didn't|did\s+not)\s+(?:seem|appear)\s+(?:to\s+be\s+)?able"
        r"|(?:isn't|is\s+not|wasn't|was\s+not|not\s+been|never\s+been)\s+able)\s+"
        r"(?:to\s+)?(?:protect\w*|safeguard\w*|shield\w*)(?!\s+(?:herself|themselves|her\s+own\s+safety))"
        rf"|(?:not|isn't|wasn't|never|hasn't|has\s+not|haven't|didn't|did\s+not|fail\w*\s+to)\s+(?:been\s+)?"
        rf"(?:(?:protect(?:ing|ed)?|safeguard(?:ing|ed)?)\s+{KIDS}|keep(?:ing)?\s+{KIDS}\s+safe)"
        r"|(?:did|does|do|has\s+done|doing)\s+nothing\s+to\s+(?:stop|protect|prevent|intervene|help)"
        r"|stood\s+(?:by|back)\s+(?:and|while)|fail\w*\s+to\s+intervene"
        rf"|(?:unable|not\s+able|can't|cannot|couldn't)\s+(?:to\s+)?keep\s+{KIDS}\s+safe"
        rf"|(?:didn't|did\s+not|doesn't|does\s+not|won't|never)\s+(?:protect|safeguard)\s+{KIDS}"
        r"|(?:lacks?|lacking|limited|questionable|doubts?\s+(?:about|over|re)\s+(?:[\w']+\s+)?)"
        r"\s*(?:the\s+)?(?:ability|capacity)\s+to\s+(?:protect|safeguard|keep))",
        her=True,
        gate=("protect", "safeguard", "safe", "ability", "capacity", "shield", "nothing", "stood", "interven"),
    ),
    make_rule(
        "failure_to_protect",
        # "mum putting her own needs before the kids", "M doesn't put the children first"
        r"\b(?:put(?:s|ting)?|plac(?:es|ed|ing)|prioriti[sz](?:es|ed|ing|e))\s+(?:her\s+own|her)\s+"
        r"(?:needs|wants|feelings|social\s+life|night\s+out|nights\s+out|phone|friends|own\s+life)\s+"
        rf"(?:before|above|over|ahead\s+of)\s+{KIDS}"
        r"|\b(?:doesn't|doesnt|does\s+not|didn't|did\s+not|never|not|isn't|is\s+not|failing\s+to"
        r"|fails\s+to|failed\s+to)\s+(?:put(?:ting)?|prioriti[sz](?:e|ing))\s+"
        rf"{KIDS}(?:'s?)?\s+(?:first|needs\s+first)",
        her=True,
        no_perp_act=True,
        gate=("before", "above", "over", "ahead of", "first"),
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
        r"(?:safety|needs|welfare|wellbeing|feeds|care|basics)\b"
        r"|\bfail(?:s|ed|ing)?\s+to\s+(?:meet|provide\s+for|prioriti[sz]e|consider)\s+(?:the\s+|their\s+|her\s+)?"
        r"(?:kids'?\s+|children's\s+|baby's\s+|child's\s+)?(?:basic\s+)?(?:care\s+)?(?:safety|needs|welfare"
        r"|wellbeing|feeds|care|basics)\b",
        her=True,
        gate=("putting", "prioriti", "placing", "keeping", "meeting", "providing", "managing", "considering", "fail"),
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


# --- generalised frames (added for held-out generalisation) ---------------------------
_HER_LEAVING = (
    rf"(?:separation|separating|(?:{SURV_POSS}|{SURV_SUBJ})\s+(?:leaving|moving\s+(?:away|out|(?:in)?to\s+(?:a\s+)?refuge)"
    r"|separating|going\s+(?:in)?to\s+(?:a\s+)?refuge|ending\s+(?:it|the\s+relationship))|leaving\s+(?:him|p|dad)"
    r"|a\s+move\s+away|moving\s+away|a\s+refuge\s+place\w*|refuge)"
)
SEPARATION += [
    make_rule(
        "separation_as_solution",
        # "separation would end the risk", "M moving to refuge will resolve the concerns"
        rf"\b{_HER_LEAVING}\s+(?:would|will|should|could|'d|'ll|is\s+going\s+to)\s+(?:(?!not\b|never\b)\w+\s+)?(?:end|remove|reduce"
        r"|resolve|eliminate|solve|fix|stop|sort|address|lower|take\s+away)\s+(?:the\s+|all\s+|these\s+|any\s+)?"
        r"(?:risk|risks|concerns?|problems?|abuse|violence|issues?|it|everything|danger)\b",
        unless=_SEP_NEG + r"|\b(?:m|mum|she|her)\s+(?:to\s+)?decid\w*|\bher\s+(?:own\s+)?(?:choice|decision)",
        gate=("separat", "leaving", "moving", "refuge", "going", "ending", "move away"),
    ),
    make_rule(
        "separation_as_solution",
        # "kids safe now M has left P"
        rf"\b(?:safe|safer|fine|ok|okay|resolved|sorted)\s+now\s+(?:that\s+)?{_SEP_SUBJ}\s+(?:has\s+|have\s+|is\s+)?"
        rf"{gap(1)}{_SEP_ACT}",
        unless=_SEP_NEG,
        gate=("now",),
    ),
]

CHOICES += [
    make_rule(
        "survivor_choices",
        # "M insists on staying with P", "M refuses to leave him"
        rf"{SURV_SUBJ}\s+{_HER_AUX}(?:insist\w*\s+on|refus\w*\s+to|won't|will\s+not|wouldn't|would\s+not)\s+"
        rf"(?:staying\s+with\s+{PERP_OBJ}|staying\s+in\s+the\s+relationship|leav\w*\s+{PERP_OBJ}"
        r"|leav\w*\s+the\s+relationship|end\w*\s+(?:the|their|her)\s+relationship)",
        no_coercion=True,
        unless=r"\b(?:because|cos|as\s+(?:he|p|she)|while|whilst|until|since|for\s+fear|afraid|scared|worried"
        r"|frightened|in\s+case|otherwise|would\s+(?:find|kill|hurt|take))\b",
        gate=("insist", "refus", "won't", "will not", "wouldn't", "would not"),
    ),
    make_rule(
        "survivor_choices",
        # "M has moved P back in", "mum brought dad back into the home"
        rf"{SURV_SUBJ}\s+{_HER_AUX}(?:moved|moves|moving|brought|brings|bringing)\s+{PERP_OBJ}\s+back"
        r"(?:\s+(?:in|into|home|to\s+live))?"
        rf"|{SURV_SUBJ}\s+{_HER_AUX}return(?:s|ed|ing)?\s+to\s+{PERP_OBJ}",
        no_coercion=True,
        needs=_SC_JUDGE + r"|\bmoved\s+\w+\s+back|\bbrought\s+\w+\s+back",
        gate=("back", "return"),
    ),
]

FAILURE += [
    make_rule(
        "failure_to_protect",
        # "M not keeping the kids away from P's violence": his harm named, still put on her
        rf"(?:{SURV_SUBJ}\s+(?:is\s+|was\s+|has\s+been\s+)?)(?:not|isn't|wasn't|never|failing\s+to|fails\s+to|failed\s+to"
        rf"|didn't|did\s+not|doesn't|does\s+not)\s+keep(?:ing|s)?\s+{KIDS}\s+(?:safe|away\s+from|out\s+of\s+harm)"
        rf"|\b{KIDS}\s+(?:are\s+|is\s+)?(?:not|aren't|isn't|never)\s+safe\s+(?:in|with)\s+(?:{SURV_POSS}\s+care"
        r"|(?:m|mum|mother|her)\b)",
        unless=r"\b(?:while|whilst|when|if|as\s+long\s+as|until|unless)\s+(?:p|he|dad|father|partner|his)\b",
        gate=("keep", "safe"),
    ),
    make_rule(
        "failure_to_protect",
        # care of the children judged with his behaviour left out
        rf"(?:unable|not\s+able|can't|cannot|failing|fails|failed|struggl\w+|not\s+managing)\s+to\s+"
        rf"(?:meet|provide\s+for|care\s+for|look\s+after|cope\s+with|parent|manage)\b(?:\s+{KIDS}(?:'s?)?)?"
        rf"|(?:unable|not\s+able|can't|cannot|struggl\w+)\s+to\s+parent"
        rf"|(?:needs?\s+to|must|should|has\s+to|have\s+to)\s+(?:start\s+)?(?:put(?:ting)?|prioriti[sz](?:e|ing))\s+"
        rf"{KIDS}(?:'s?)?\s+(?:needs\s+)?first"
        rf"|(?:fail\w*\s+to|didn't|did\s+not|never)\s+(?:get|take|remove|move)\s+{KIDS}\s+(?:out|away|to\s+safety)"
        r"|\bnot\s+(?:feeding|washing|supervising|clothing|bathing|changing|dressing)\s+(?:\w+\s+)?(?:properly"
        r"|adequately|enough|appropriately)",
        her=True,
        no_perp_act=True,
        gate=(
            "keep",
            "meet",
            "provide",
            "care for",
            "look after",
            "cope",
            "parent",
            "manage",
            "safe",
            "first",
            "get",
            "take",
            "remove",
            "move",
            "properly",
            "adequately",
            "enough",
            "appropriately",
        ),
    ),
    make_rule(
        "failure_to_protect",
        # "exposed to DV by their mother", "M allowing the children to live with DV"
        r"\bexpos\w+\s+to\s+(?:\w+\s+){0,3}?by\s+(?:their\s+|the\s+|her\s+)?(?:mother|mum|m)\b"
        rf"|{SURV_SUBJ}\s+{gap(2)}(?:allow(?:ed|s|ing)?|let|lets|letting)\s+{KIDS}\s+(?:to\s+)?(?:live\s+(?:with|in)"
        r"|grow\s+up\s+(?:with|around|in)|be\s+around|remain\s+in|stay\s+in)\s+(?:\w+\s+){0,2}?(?:dv|da|violence"
        r"|abuse|domestic|a\s+violent|an\s+abusive|an\s+unsafe|that|this|it)",
        gate=("expos", "allow", "let"),
    ),
]

SEPARATION += [
    make_rule(
        "separation_as_solution",
        # "M needs to end it with P"; "children removed if she doesn't leave"
        rf"{SURV_SUBJ}\s+(?:to|needs?\s+to|must|has\s+to|should|will\s+have\s+to|is\s+(?:expected|required|advised)\s+to"
        rf"|told\s+to)\s+end\s+(?:it|things)(?:\s+with\s+{PERP_OBJ})?\b",
        unless=_SEP_NEG,
        gate=("end",),
    ),
    make_rule(
        "separation_as_solution",
        rf"\b(?:if|unless)\s+{_SEP_SUBJ}\s+(?:doesn't|does\s+not|won't|will\s+not|fails\s+to|refuses\s+to|don't"
        r"|can't|cannot)\s+(?:\w+\s+)?(?:leave|separate|end\s+(?:it|the|things|her)|split|finish|move\s+away"
        r"|cut\s+(?:off\s+)?contact|get\s+away)",
        needs=_GOOD_OUTCOME,
        unless=_SEP_NEG,
        gate=("end", "leave", "separate", "split", "finish", "move away", "cut", "get away"),
    ),
    make_rule(
        "separation_as_solution",
        # "case to close as M now in refuge out of area"
        rf"{_CLOSURE}\s+(?:as|now|because|since|once|when|following|given|with)\s+(?:that\s+)?{gap(4)}"
        rf"(?:in\s+(?:a\s+)?refuge|(?:gone|moved)\s+(?:in)?to\s+(?:a\s+)?refuge|out\s+of\s+area|{_SEP_ACT})",
        unless=_SEP_NEG,
        gate=("nfa", "no further", "no more", "no ongoing", "clos", "step"),
    ),
]

CHOICES += [
    make_rule(
        "survivor_choices",
        rf"\ballow(?:s|ed|ing)?\s+(?:the\s+)?{PERP_OBJ}\s+(?:to\s+have\s+)?(?:unsupervised\s+|direct\s+|overnight\s+"
        r"|regular\s+|more\s+)?(?:contact|access)\b",
        her=True,
        no_coercion=True,
        gate=("allow",),
    ),
]

FAILURE += [
    make_rule(
        "failure_to_protect",
        rf"\bkeep(?:s|ing)?\s+{KIDS}\s+(?:in|around)\s+(?:a|an|the)\s+(?:\w+\s+)?(?:home|house|household|environment"
        r"|situation)\s+(?:with|where)\b"
        rf"|\b{SURV_POSS}\s+(?:care|parenting|supervision)\s+of\s+(?:the\s+|her\s+)?[\w']+\s+(?:is\s+|was\s+|has\s+been\s+"
        r"|remains\s+)?(?:\w+\s+)?(?:poor|inadequate|lacking|neglectful|substandard|not\s+good\s+enough|chaotic)",
        her=True,
        no_perp_act=True,
        gate=("keep", "care", "parenting", "supervision"),
    ),
]

CHOICES += [
    make_rule(
        "survivor_choices",
        # "M still in a relationship with P despite ...", "M hasn't left P despite advice"
        rf"{SURV_SUBJ}\s+{_HER_AUX}(?:still\s+)?(?:in\s+a\s+relationship|together)\s+with\s+{PERP_OBJ}"
        rf"|{SURV_SUBJ}\s+(?:still\s+)?(?:hasn't|has\s+not|still\s+hasn't|never)\s+(?:yet\s+)?left\s+{PERP_OBJ}",
        needs=_SC_JUDGE,
        no_coercion=True,
        gate=("relationship", "together", "left"),
    ),
    make_rule(
        "survivor_choices",
        # "her relapse was a choice"
        rf"\b(?:{SURV_POSS}\s+)?(?:relapse|drinking|drug\s+use|going\s+back|staying|returning|decision\s+to\s+stay)\s+"
        r"(?:is|was)\s+(?:a|her|an?\s+\w+)\s+(?:own\s+)?(?:choice|decision|lifestyle\s+choice)\b",
        her=True,
        no_coercion=True,
        gate=("choice", "decision"),
    ),
]

CHOICES += [
    make_rule(
        "survivor_choices",
        # "M has chosen P", "mum keeps choosing him"
        rf"\b(?:chose|chosen|choosing|chooses)\s+(?:to\s+be\s+with\s+)?{PERP_OBJ}\b(?!\s+(?:as|to|for))",
        her=True,
        no_coercion=True,
        gate=("chose", "choos"),
    ),
]
