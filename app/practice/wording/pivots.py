"""Plain-words explanation, three-step pivot and rewording hint for each flag.

Tone (domain.md §7): describe the words, never the professional. A pivot validates the worry,
redirects it to his behaviour, then returns to her (domain.md §2); each names the topic of
*this* note (drinking, contact, school, ...). The text lives in each category's rule file
(``[explain]``); the topic cues in ``topics.toml``.
"""

from __future__ import annotations

import re

from app.practice.lexicon import read_toml
from app.practice.wording.engine import CATEGORY_FILES

__all__ = ["build_explanation", "pivot_for", "topic_of"]

# Topic keys found in a note, in order of preference.
_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(str(p), re.IGNORECASE))
    for key, p in read_toml(__package__ or "app.practice.wording", "topics.toml").items()
)


def topic_of(norm_text: str, category: str) -> tuple[str, str]:
    """The key and the words for the subject of this note, as this category's pivot says it."""
    cat = CATEGORY_FILES[category]
    for key, pattern in _TOPICS:
        if key in cat.topics and pattern.search(norm_text):
            return key, cat.topics[key]
    return "default", cat.default_topic


def pivot_for(category: str, key: str, topic: str) -> tuple[str, str, str]:
    """The three steps for this category and topic: validate, redirect to him, return to her."""
    cat = CATEGORY_FILES[category]
    steps = cat.pivots.get(key, cat.pivot)
    a, b, c = (step.format(topic=topic, Topic=topic[:1].upper() + topic[1:]) for step in steps)
    return a, b, c


def build_explanation(
    category: str, trigger: str, norm_text: str, section: str | None
) -> tuple[str, tuple[str, str, str], str]:
    """Message quoting ``trigger``, a three-step pivot and a one-line suggestion."""
    cat = CATEGORY_FILES[category]
    message = f'The wording "{trigger}" {cat.reason}'
    if section == "practice" and category != "plan_burden_on_mother":
        message += " In a plan, this shapes what everyone does next."
    return message, pivot_for(category, *topic_of(norm_text, category)), cat.suggestion
