"""The same questions of him as of her (domain §3 `his_parenting`, `his_own_use`).

Services judge her parenting and her drinking closely and his hardly at all. Two checks ask
about him what the board already asks about her:

* ``no_his_parenting``: nothing on how he treats the children or what he does as their
  parent. What the children saw or heard ("hit M while J was on her lap") is what he did to
  her in front of them, not his parenting; how he treats them, the care he gives or leaves to
  her, his contact and how a child speaks of him are. An unborn baby has no father's care to
  map yet.
* ``his_use_unmapped``: a fact records her drinking or drug use ("M drinking most nights", "P
  buys her drink") and none says anything of his own ("P drinks daily", "they both drink",
  "he says he doesn't", "the control carries on when he's sober"). His supplying hers ("P buys
  the vodka") is his part in her use (``factors_unmapped``), not his own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.practice import gaps_cues as cues
from app.practice import gaps_cues_plan as pcues
from app.practice.gaps_text import NoteView, Refs


def covers_his_parenting(refs: Refs, v: NoteView, clause: str) -> bool:
    """How he treats the children or what he does as their parent, in this clause."""
    if cues.HIS_PARENTING_ROLE.search(clause) or refs.his_parenting.search(clause) or refs.his_care.search(clause):
        return True
    # the cheap hint first: the child-led patterns are slow to fail on every clause
    if cues.CHILD_TOWARDS_HIM_HINT.search(clause) and refs.child_towards_him.search(clause):
        return True
    # a pattern note is about him even when it does not name him
    if v.section != "pattern":
        return False
    if refs.his_parenting_lead.search(clause):
        return True
    return bool(cues.CHILD_HARMED_HINT.search(clause) and refs.child_harmed.search(clause))


def no_his_parenting(subst: Sequence[NoteView], facts: Sequence[tuple[NoteView, str]], refs: Refs) -> bool:
    born = bool(refs.children) or any(cues.SPEAKING_CHILD.search(v.text) for v in subst)
    if not born or not any(v.section == "pattern" and v.facts for v in subst):
        return False  # nothing on him yet: `no_pattern` asks first
    return not any(covers_his_parenting(refs, v, c) for v, c in facts)


def asks_about_his_parenting(refs: Refs) -> Callable[[str], bool]:
    """A find-out action about it: "SW to ask the children how their dad treats them"."""
    return lambda text: bool(refs.perp.search(text) and cues.PARENTING_FIND.search(text))


def her_use(refs: Refs, clause: str) -> str | None:
    """What of hers this clause records: "drinking", "drug use", "substance use" or None."""
    for m in refs.her_use.finditer(clause):
        if cues.USE_NEGATED.search(clause[: m.end()]):
            continue
        said = clause[m.start() :]
        if pcues.ALCOHOL.search(said):
            return "drinking"
        return "drug use" if pcues.DRUGS.search(said) else "substance use"
    return None


def his_use(refs: Refs, text: str) -> bool:
    return bool(refs.his_use.search(text) or cues.BOTH_USE.search(text) or pcues.OWN_USE_MAPPED.search(text))


def her_use_unmatched(facts: Sequence[tuple[NoteView, str]], refs: Refs) -> str | None:
    """Her use as the room would name it, when nothing on the board speaks of his own."""
    use = [c for _, c in facts if cues.USE_HINT.search(c)]  # most clauses say nothing of either
    hers = [label for c in use if (label := her_use(refs, c))]
    if not hers or any(his_use(refs, c) for c in use):
        return None
    return hers[0] if len(set(hers)) == 1 else "substance use"


def asks_about_his_use(refs: Refs) -> Callable[[str], bool]:
    """A find-out action about it: "CJSW to ask probation about his own drinking"."""
    return lambda text: his_use(refs, text)
