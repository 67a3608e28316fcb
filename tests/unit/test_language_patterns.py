"""General frames added for held-out generalisation (second round).

All sentences here were invented for these tests: positives paraphrase a
grammatical frame (condition on her leaving, a state given as the reason for his
violence, an agentless event, an adviser handing her the work ...), and the
negatives reuse the same words as evidence, with his agency, negation, a
question, her reasons, or a plan that asks something of him.
"""

from __future__ import annotations

import pytest

from app.practice.wording import analyse, engine


def top(text: str) -> str | None:
    flags = analyse(text)
    return flags[0].category if flags else None


POSITIVES: dict[str, list[str]] = {
    "causal_attribution": [
        "Sort out dad's gambling and things will calm down",
        "Treat P's PTSD so the risk reduces",
        "He lost his job last month, which is why he's been lashing out at M",
        "P becomes violent when he drinks",
        "When P drinks he becomes aggressive",
        "P's jealousy makes him violent",
        "Stress at work causes P to lash out",
        "Once P addresses his drinking the risk will reduce",
        "The violence started when P lost his job",
    ],
    "survivor_choices": [
        "Mum agreed to dad having the kids overnight despite the safety plan",
        "The situation is of mum's own making",
        "M keeps insisting on meeting P, so risk remains",
        "M allowed dad to pick up the kids although she was told he mustn't",
        "Mother continues the relationship despite advice",
        "M has been seeing P secretly",
        "M decided to drop the charges",
    ],
    "separation_as_solution": [
        "Housing offer made on condition that she separates from him",
        "Easiest answer is for her to leave him",
        "Recommend M moves away from the area",
    ],
    "failure_to_protect": [
        "Mum has never protected the girls from his violence",
        "Concerns about mother's ability to protect the children",
        "M not attending to the baby's needs",
        "mother exposing all four kids to DA",
        "M doesnt protect the kids",
        "Children's needs neglected by mother",
        "M failed to seek medical attention for Jack's injury",
        "Mother does not supervise the children adequately",
        "M can't put the kids first",
    ],
    "pathologising_survivor": [
        "Mum's bipolar is at the root of the problems in the home",
        "Male calm and cooperative, female shouting and abusive to officers",
        "M drunk and shouting at officers, P's account was accepted",
        "Mum drunk and abusive to officers",
        "M's mental health impacts her parenting",
        "M's alcohol misuse is putting the children at risk",
    ],
    "not_engaging": [
        "Mum avoids all appointments",
        "M isnt engaging",
        "Mum reluctant to accept help",
        "M refused a home visit",
        "M failed to attend the core group",
    ],
    "plan_burden_on_mother": [
        "M to tell P he is not welcome at the house",
        "SW told mum to ring police if dad comes round",
        "Advised M to get a non-mol",
        "M to engage with DA services",
        "Written agreement for M to sign",
    ],
    "minimising": [
        "DA convictions are historic, no current concerns",
        "Kids were asleep upstairs so the impact is minimal",
        "Boys weren't in the room so harm to them is limited",
        "P pushed M but no injuries",
        "P's behaviour isn't that bad",
        "He's never hit the kids, only M",
        "P occasionally gets physical",
    ],
    "perpetrator_invisible": [
        "Both boys grew up amid the abuse",
        "The assault happened in front of the baby",
        "Report of an assault on M at the flat",
        "M assaulted at home on Saturday",
        "M sustained a head injury",
        "M's arm was broken",
        "Children living in a home where there is domestic abuse",
    ],
    "mutualising": [
        "The couple continue to argue",
        "History of conflict in the relationship",
        "Relationship characterised by violence",
        "M and P both have anger issues",
    ],
}

NEGATIVES: list[str] = [
    # a child's anger is impact on the child, not an excuse for him
    "The boys have anger issues since P left",
    "Both kids have temper problems at school after the incidents",
    # his agency, or the cause rejected
    "Treat P's depression through the GP; his abuse is addressed separately by the programme",
    "P's GP treating his depression and the threats continue",
    "P says he lost his job and that's why he hit her - his choice, challenged",
    "P is violent whether he has been drinking or not",
    "M says P gets violent when he drinks",
    "P becomes violent when drunk and when sober - control constant",
    "Once P addresses his abuse the risk will reduce",
    "The abuse started when P moved in with M",
    # her decisions in context
    "M let P collect the kids though she knew he'd turn up anyway if she refused",
    "M agreed to P seeing the kids at his mum's, against SW advice, because he threatened to take them",
    "Mum agreed to dad having the children for Christmas as agreed at conference",
    "M insists on seeing P at the contact centre only",
    "M has been seeing P secretly to keep him calm and know where he is",
    "M decided to drop the charges after P threatened her family",
    "M continues the relationship despite advice because P threatens to kill himself",
    # negation, questions, reported words
    "The situation is not of her own making - P's pattern",
    "M feels it's her own fault",
    "Support is not on condition that M leaves P",
    "No concerns re M's protective capacity",
    "Not historic - P breached the order last week",
    "P's convictions are historic but the pattern continues",
    "P describes his offending as historic",
    "Children didn't see anything so impact minimal?",
    "Police wrote 'children didn't see anything so impact minimal' - school reports nightmares",
    "P has never hit the kids, only M, per his statement",
    "P occasionally gets physical with M, per M's account",
    "Conflict in the relationship? No - P's pattern of control, not mutual",
    "Neglect by mother? No - P took the food money",
    "Mother does not supervise the children adequately? HV says she does",
    # his harm named, or her reasons given
    "P has never protected the kids from his own temper",
    "M's PTSD is behind the concerns school raised, caused by P strangling her",
    "M drunk and abusive to officers after P had strangled her",
    "M's mental health impacts her parenting since P took her medication",
    "Mum reluctant to accept help because P monitors her phone",
    "M refused a visit from P at the refuge",
    "M avoiding services P knows about, for her safety",
    "M avoids appointments when P is home",
    "M avoiding appointments - P has her phone",
    "M failed to attend the core group - P had taken her car keys",
    "M failed to get medical help for J because P took her phone",
    "M can't put the kids first while P controls all the money",
    "Police noted male calm and polite, female very distressed with visible injuries - P arrested",
    "P strangled M but no marks - strangulation often leaves none",
    "P pushed M down the stairs, but no injuries to the baby thankfully - M took her to A&E to check",
    "M's injuries aren't that serious, P arrested and charged",
    # plans that ask something of him, or that she chose
    "M wants to tell P he can't see the kids - IDVA to support",
    "P to be told he cannot attend; M not to be asked to tell him",
    "IDVA advised M to call police if P turns up; P to be arrested on any breach",
    "P told M to keep the doors locked and not answer to anyone",
    "Recommend M moves away only if she wants to - IDVA to support",
    "Written agreement for P to sign",
    "M to engage with the IDVA if she wishes",
    # same words, other meanings
    "M's anxiety affects her sleep",
    "Kids grew up with their nan in Leeds",
    "Kids playing football at home where there is a big garden",
    "M assaulted P in self-defence",
    "M punched in the face by P last night",
    "M sustained a head injury when P threw her against the wall",
    "M's arm was broken by P",
    "The attack occurred after P found out M had spoken to police",
    "Kids have grown up around P's violence",
    "M dont want a non-mol yet - respected",
    "Mum cant leave - P has the passports",
]

POSITIVE_CASES = [(c, t) for c, ts in POSITIVES.items() for t in ts]


@pytest.mark.parametrize(("category", "text"), POSITIVE_CASES)
def test_paraphrased_frame_is_flagged_with_its_category(category: str, text: str) -> None:
    assert top(text) == category, analyse(text)


@pytest.mark.parametrize("text", NEGATIVES)
def test_same_words_as_evidence_or_in_context_are_not_flagged(text: str) -> None:
    assert analyse(text) == [], analyse(text)


@pytest.mark.parametrize(("category", "text"), POSITIVE_CASES)
def test_flags_quote_an_exact_trigger(category: str, text: str) -> None:
    flag = analyse(text, "practice")[0]
    assert flag.trigger and flag.trigger in text
    assert len(flag.pivot) == 3 and all(step.strip() for step in flag.pivot)


def test_contractions_without_apostrophes_read_like_contractions() -> None:
    assert top("mum cant cope with the basics") == top("mum can't cope with the basics") == "failure_to_protect"
    assert analyse("M doesnt think P's drinking is the cause") == analyse("M doesn't think P's drinking is the cause")


def test_call_outs_and_insisting_on_are_not_reported_speech() -> None:
    assert top("Call-outs will end once mum has left P") == "separation_as_solution"
    assert top("M insists on seeing him, so the risk is her own doing") == "survivor_choices"
    assert analyse("P insists M is 'unstable'") == []


def test_gates_never_change_results_for_these_patterns() -> None:
    texts = [t for _, t in POSITIVE_CASES] + NEGATIVES
    gated = [analyse(t) for t in texts]
    engine._GATES[0] = False
    try:
        assert [analyse(t) for t in texts] == gated
    finally:
        engine._GATES[0] = True
