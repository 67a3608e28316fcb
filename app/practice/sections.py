"""The four fixed sections of the Mapping Perpetrator Patterns board, and the vocabularies
(note kinds, person roles, agencies) that every layer shares.

Pure data: no web, database or I/O imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, get_args

# The vocabularies as types (request and response models, the import format) and as data.
SectionKey = Literal["pattern", "impact", "factors", "practice"]
NoteKind = Literal["observation", "gap", "action", "protective"]
PersonRole = Literal["perpetrator", "survivor", "child", "other"]
Pathway = Literal["partner_parenting", "child_wellbeing", "family_ecology"]


@dataclass(frozen=True)
class Section:
    key: SectionKey
    title: str
    short: str
    prompt: str


SECTIONS: Final[tuple[Section, ...]] = (
    Section(
        "pattern",
        "Perpetrator's pattern of coercive control and actions taken to harm the children",
        "His pattern",
        "What does he do to her and to the children, now and before?",
    ),
    Section(
        "impact",
        "Impact of the pattern on child and family functioning",
        "Impact",
        "How is each child doing, and what has she done to protect them?",
    ),
    Section(
        "factors",
        "Socio-economic, substance use, mental health and other complicating factors",
        "Complicating factors",
        "How does his behaviour cause, worsen or exploit these?",
    ),
    Section(
        "practice",
        "Implications for practice",
        "Practice",
        "What do we do about him, for the children, with her? Who owns it?",
    ),
)

SECTION_KEYS: Final[tuple[SectionKey, ...]] = tuple(s.key for s in SECTIONS)
SECTIONS_BY_KEY: Final[dict[str, Section]] = {s.key: s for s in SECTIONS}

NOTE_KINDS: Final[dict[NoteKind, str]] = {
    "observation": "Observation",
    "gap": "Gap / question",
    "action": "Action",
    "protective": "Protective effort",
}

PERSON_ROLES: Final[dict[PersonRole, str]] = {
    "perpetrator": "Perpetrator",
    "survivor": "Survivor",
    "child": "Child",
    "other": "Other",
}

PATHWAYS: Final[tuple[Pathway, ...]] = get_args(Pathway)
# The Multiple Pathways to Harm (domain.md §2), as a note's tags read on screen and on paper.
PATHWAY_LABELS: Final[dict[Pathway, str]] = {
    "partner_parenting": "Partner's parenting",
    "child_wellbeing": "Children's safety and wellbeing",
    "family_ecology": "Family ecology",
}

# The agencies that usually sit round the table (domain.md §2); free text is accepted too.
AGENCIES: Final[tuple[str, ...]] = (
    "Children's social work (SW)",
    "Police",
    "Health visitor (HV)",
    "Midwife",
    "GP",
    "School",
    "Nursery / early years",
    "IDVA",
    "Domestic abuse service",
    "Adult mental health",
    "CAMHS",
    "Drug and alcohol",
    "Housing",
    "Probation / CJSW",
    "Perpetrator programme",
)


def section_title(key: str) -> str:
    return SECTIONS_BY_KEY[key].title


# Plain-words names of the blaming-language categories (domain.md §4), for the flags panel.
CATEGORY_LABELS: Final[dict[str, str]] = {
    "failure_to_protect": "Puts his harm on her care",
    "survivor_choices": "Her decisions as the risk",
    "separation_as_solution": "Leaving as the fix",
    "mutualising": "Makes the abuse mutual",
    "perpetrator_invisible": "Hides who did it",
    "minimising": "Makes it smaller",
    "causal_attribution": "Explains it away",
    "pathologising_survivor": "Makes her the problem",
    "not_engaging": "Labels her as not engaging",
    "plan_burden_on_mother": "Plan rests on her",
}
