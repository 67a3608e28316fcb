"""General patterns added so the blaming-language rules generalise beyond the dev set.

Every case here was written for these tests (not copied from any labelled notes file):
each pattern has positives in varied wording and hard negatives that use the same
words as evidence, with his agency, negation, a question, or her reasons in context.
"""

from __future__ import annotations

import pytest

from app.practice.wording import analyse, engine


def top(text: str) -> str | None:
    flags = analyse(text)
    return flags[0].category if flags else None


POSITIVES: dict[str, list[str]] = {
    "failure_to_protect": [
        "Mum is not keeping the children safe",
        "M did nothing to stop P hurting the kids",
        "M isn't able to safeguard the baby",
        "mum's inability to shield the twins from it",
        "mum doesnt seem able to protect the boys from dad",
        "Mother is failing to meet the children's basic needs",
        "M prioritises her social life over the kids",
        "mum putting her own needs before the children",
        "Mother unable to meet the children's needs",
        "The children are not safe in mum's care",
        "M not keeping the children away from P's violence",
        "The children have been exposed to DV by their mother",
        "M is allowing the children to live with DV",
        "Mum's care of the children is inadequate",
    ],
    "survivor_choices": [
        "M has taken P back for the 3rd time",
        "M continues to see P despite advice",
        "M back with P again",
        "mum letting dad mind the baby even though he isn't supposed to",
        "M invited P to the party despite bail conditions",
        "M insists on staying with P",
        "M keeps returning to P",
        "mum went back to dad within a week",
        "M has moved P back in",
        "Mother continues to allow the father unsupervised access",
        "Partner has chosen to restart the relationship so risk is unchanged",
        "M still in a relationship with P despite the CP plan",
        "Her relapse was a choice",
        "mum keeps choosing him",
    ],
    "separation_as_solution": [
        "Risk will drop if M seperates from P",
        "M to end relationship with P or we go to court",
        "Kids can remain with M as long as she doesn't go back to P",
        "Therapy for the boys can start once mum has left dad",
        "The best thing M can do is leave him",
        "Separation is the only way to keep the children safe",
        "M has left P so no further role for SW",
        "Separation would end the risk",
        "M needs to end it with P to keep the children",
        "Case to close as M now in refuge out of area",
        "Kids to stay in foster care until M separates from P",
    ],
    "mutualising": [
        "The relationship is volatile",
        "stormy on-off relationship, constant rows",
        "Both parents have an unhealthy dynamic, each provokes the other",
        "they wind each other up",
        "both parties were aggressive",
        "Violence goes both ways",
        "both violent towards each other",
        "domestic dispute at the address",
        "The couple are in a toxic cycle",
        "M and P both need anger management",
        "Kids upset by the fighting at home",
    ],
    "perpetrator_invisible": [
        "DV reported to police last night",
        "The children's exposure to DA is a concern",
        "There was an assault on M at the weekend",
        "M suffered a broken nose",
        "violence in the home",
        "children living in a violent household",
        "MARAC referral after M was assaulted",
        "Injuries noted to M's neck and arms",
        "M's ongoing DA issues",
    ],
    "minimising": [
        "Children were at school when P attacked M so they were not affected",
        "P slapped M, minor",
        "the incident was minor",
        "He only pushed her",
        "P snapped and hit M",
        "P likes to know where M is at all times",
        "P has a short temper",
        "P gets a bit carried away",
        "children not directly affected",
        "P has never hurt the kids so contact can continue",
        "The DV is all in the past",
    ],
    "causal_attribution": [
        "M knows exactly how to wind him up",
        "Debt and overcrowding are driving P's aggression",
        "If we get his drinking under control the abuse will stop",
        "The DA will stop once his drinking is sorted",
        "P hits M because he's stressed about money",
        "P to attend AA to reduce risk to M",
        "the DA is drug related",
        "The violence is alcohol fuelled",
        "P lashes out when stressed",
        "if P got help for his drinking things would settle",
        "P was drunk and that's why he hit M",
        "she was asking for it",
    ],
    "pathologising_survivor": [
        "Per P, M makes things up - his account seems more credible",
        "M alienating the kids from dad",
        "P came across as calm and credible, M was hysterical",
        "mum very volatile at the visit",
        "M's account keeps changing - not reliable",
        "M is obsessed with P",
        "M's presentation is concerning",
    ],
    "not_engaging": [
        "M won't work with SW",
        "M's engagement is poor",
        "M not answering calls",
        "mum refuses all support",
        "M refused to let SW see the children",
        "M only engaging superficially",
        "M does not recognise the risks P poses to the children",
    ],
    "plan_burden_on_mother": [
        "M will be asked to sign a written agreement",
        "M to ensure the children don't see P",
        "It is M's responsibility to keep P away from the home",
        "M to supervise all contact with P",
        "Plan is for M to take out a non-mol",
        "M has been told to keep P away",
        "M to install a doorbell camera",
        "M to change her phone number",
        "Safety plan - M to keep all doors locked",
    ],
}

NEGATIVES: list[str] = [
    # her decisions in context, her protective acts
    "M let P back in after he sat in the car for hours threatening to kill himself",
    "M won't leave P while he has the children's passports",
    "M decided to stay at her sister's for safety",
    "M decided to go back to work - P had stopped her working",
    "M allows P contact as ordered by the court",
    "M lets the kids see P at the contact centre only, as agreed at conference",
    "M made sure the kids were upstairs when P arrived, so they were not affected",
    "Mum struggling to protect the kids from P's threats - IDVA to help her",
    "M cannot protect herself from P without police support - police to act on breaches",
    # separation framed by her choice, or negated
    "Refuge would reduce risk in the short term - M to decide",
    "Separation will not end the risk - P has stalked previous partners",
    "M has left P; case remains open to support her and monitor P",
    "Support for J to begin next week at school",
    # evidence, questions, negation
    "No evidence that M is unstable",
    "Children not affected? - need to hear from them directly",
    "P's account is more credible? - no, M's injuries match her account",
    "P gets a bit heated, according to M, then throws things at her",
    "P says M is obsessed with him",
    "P 'just snapped', he told police",
    "P says he snapped because of stress at work - challenged",
    "P claims the violence goes both ways - police records show otherwise",
    "Couples counselling was offered by the GP - SW advised against given P's abuse",
    # his agency, his act, not a euphemism
    "P snapped M's phone in half",
    "P snapped at the HV and told her to leave",
    "P wants to know where M is at all times and tracks her phone",
    "P hit M because she wouldn't give him money",
    "P to attend AA and the DA perpetrator programme to reduce risk",
    "M suffered a broken arm when P pushed her down the stairs",
    "Injuries to M's neck caused by P strangling her",
    # same words, different meaning
    "M doing the parenting course - she asked for it, going well",
    "M asked for it to be recorded that P threatened her",
    "P has said sorry before - he says sorry after every assault",
    "Lots of arguing between the boys since P left",
    "The fighting between the boys at school",
    "P chose M as his target",
    "The kids were not affected by the move to gran's, school says they're settled",
    "M not answering calls from P",
    "M won't work with the male SW - prefers a female worker",
    "M to change her number - her idea, IDVA supporting",
    "M is obsessive about locking the doors since P broke in - protective",
]

POSITIVE_CASES = [(c, t) for c, ts in POSITIVES.items() for t in ts]


@pytest.mark.parametrize(("category", "text"), POSITIVE_CASES)
def test_general_pattern_is_flagged_with_its_category(category: str, text: str) -> None:
    assert top(text) == category


@pytest.mark.parametrize("text", NEGATIVES)
def test_hard_negative_with_the_same_words_is_not_flagged(text: str) -> None:
    assert analyse(text) == [], analyse(text)


@pytest.mark.parametrize(("category", "text"), POSITIVE_CASES)
def test_new_flags_quote_their_trigger_and_pivot(category: str, text: str) -> None:
    flag = analyse(text, "practice")[0]
    assert flag.trigger and flag.trigger in text
    assert f'"{flag.trigger}"' in flag.message
    assert len(flag.pivot) == 3 and all(step.strip() for step in flag.pivot)


def test_questions_on_the_board_are_gaps_not_claims() -> None:
    assert analyse("Is mum not coping?") == []
    assert top("Mum not coping") == "failure_to_protect"


def test_postposed_attribution_is_evidence() -> None:
    assert analyse("P gets a bit heated, according to M") == []
    assert top("P gets a bit heated") == "minimising"


def test_gates_never_change_results_for_new_patterns() -> None:
    texts = [t for _, t in POSITIVE_CASES] + NEGATIVES
    gated = [analyse(t) for t in texts]
    engine._GATES[0] = False
    try:
        assert [analyse(t) for t in texts] == gated
    finally:
        engine._GATES[0] = True
