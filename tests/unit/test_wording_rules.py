"""Every wording rule carries its own examples, and this one test runs them all.

Each ``[[rule]]`` in ``app/practice/wording/categories/*.toml`` lists ``flag`` notes (the
frame it exists for, mostly paraphrased from the notes it fires on in the tuning sets) and
``pass`` notes (near misses with the same words: negation, attribution, his agency, her reasons,
a plan that asks something of him). A flag example must come out with the rule's category as
the primary flag *and* be matched by that rule itself (so every rule earns its place); a pass
example must come out with no flag at all. A rule with no ``flag`` or no ``pass`` example fails.

These run the rules alone (``learned=False``): they are the rules' own specification. The
learned layer behind them is measured by ``make eval`` and tested in ``test_wording_model.py``.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from app.practice.lexicon import read_toml
from app.practice.text import normalise
from app.practice.wording import _lower, analyse, engine
from app.practice.wording.engine import CATEGORIES, CATEGORY_FILES, RULES, Category, Rule, build_category
from app.practice.wording.voice import Note

RULE_IDS = [r.id for r in RULES]
FLAG_CASES = [pytest.param(r, t, id=f"{r.id}:{t[:40]}") for r in RULES for t in r.flag]
PASS_CASES = [pytest.param(r, t, id=f"{r.id}:{t[:40]}") for r in RULES for t in r.passes]


def _fires(rule: Rule, text: str) -> bool:
    return engine.match(rule, Note(_lower(normalise(text)))) is not None


def test_every_category_has_a_rule_file_and_rule_ids_are_unique() -> None:
    assert set(CATEGORY_FILES) == set(CATEGORIES) and len(CATEGORIES) == 10
    assert all(CATEGORY_FILES[c].rules for c in CATEGORIES)
    assert len(RULE_IDS) == len(set(RULE_IDS))


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_has_flag_and_pass_examples(rule: Rule) -> None:
    assert rule.flag, f"{rule.id} has no flag example"
    assert rule.passes, f"{rule.id} has no pass example"


@pytest.mark.parametrize(("rule", "text"), FLAG_CASES)
def test_flag_example_is_flagged_with_the_rules_category(rule: Rule, text: str) -> None:
    flags = analyse(text, "practice", learned=False)
    assert flags and flags[0].category == rule.category, flags
    assert flags[0].trigger and flags[0].trigger in text
    assert len(flags[0].pivot) == 3 and all(step.strip() for step in flags[0].pivot)
    assert _fires(rule, text), f"{rule.id} itself does not match its own example"


@pytest.mark.parametrize(("rule", "text"), PASS_CASES)
def test_pass_example_is_not_flagged(rule: Rule, text: str) -> None:
    assert analyse(text, learned=False) == []


def test_gates_never_change_a_result_on_any_example() -> None:
    texts = [t for r in RULES for t in (*r.flag, *r.passes)]
    gated = [analyse(t, learned=False) for t in texts]
    engine._GATES[0] = False
    try:
        assert [analyse(t, learned=False) for t in texts] == gated
    finally:
        engine._GATES[0] = True


# --- the loader refuses malformed rule files (a typo must not silently drop a rule) -----------
def _data() -> dict[str, Any]:
    return copy.deepcopy(read_toml("app.practice.wording", "categories", "mutualising.toml"))


def test_a_rule_file_loads_from_its_data() -> None:
    assert build_category("mutualising", _data()) == CATEGORY_FILES["mutualising"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["rule"][0].update(hers=True), "unknown keys"),
        (lambda d: d["rule"][0].pop("pattern"), "needs id and pattern"),
        (lambda d: d["rule"][0].update(pattern="{NO_SUCH_WORDS}"), "unknown fragment"),
        (lambda d: d["rule"][0].update(her="yes"), "expected true or false"),
        (lambda d: d["rule"][0].update(gate="NO_SUCH_GATES"), "no gate list"),
        (lambda d: d["explain"].update(pivot=["one", "two"]), "three steps"),
        (lambda d: d.setdefault("fragments", {}).update(KIDS="x"), "already defined in the lexicon"),
        (lambda d: d.update(ranks=1), "unknown keys"),
    ],
)
def test_a_malformed_rule_file_is_refused(change: Any, message: str) -> None:
    data = _data()
    change(data)
    with pytest.raises(ValueError, match=message):
        build_category("mutualising", data)


MODEL_PASS = [pytest.param(c, t, id=f"{c.name}:{t[:40]}") for c in CATEGORY_FILES.values() for t in c.model_passes]
MODEL_FLAG = [pytest.param(c, t, id=f"{c.name}:{t[:40]}") for c in CATEGORY_FILES.values() for t in c.model_flags]


@pytest.mark.parametrize(("cat", "text"), MODEL_PASS)
def test_model_pass_example_is_refused_by_the_categorys_model_frame(cat: Category, text: str) -> None:
    assert not cat.model_may_flag(text.lower())
    assert not [f for f in analyse(text, "practice") if f.category == cat.name and f.source == "model"]


@pytest.mark.parametrize(("cat", "text"), MODEL_FLAG)
def test_model_flag_example_passes_the_categorys_model_frame(cat: Category, text: str) -> None:
    assert cat.model_may_flag(text.lower())
