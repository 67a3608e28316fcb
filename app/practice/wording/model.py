"""The learned layer of the wording checks: a linear model over word and character n-grams.

Trained by ``scripts/train_wording.py`` (scikit-learn, fixed seeds) and shipped as plain
numbers in ``weights.json``: no pickle, nothing executable. This module turns a note into the
same features the trainer saw (the trainer imports :func:`features` from here, so the two can
never drift apart) and scores them in pure Python.

Two heads share the features:
- ``blaming``: logistic regression, the probability that the note's own wording blames her,
  mutualises, minimises or hides him;
- ``category``: multinomial logistic regression over the ten categories of domain.md §4,
  trained on the blaming notes only.

The model is a second reader behind the rules: a rule match is a firm flag with its exact
trigger; the model alone may only add a softer "may read as" flag above a threshold chosen for
precision on the development split (see ``threshold`` in the weights file).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

from app.practice.text import normalise
from app.practice.wording.voice import Note

__all__ = ["Prediction", "WordingModel", "features", "load_model"]

# --- turning a note into features ------------------------------------------------------------
# Apostrophes go, so "don't" and "dont", "mum's" and "mums" are the same word (people in
# meetings type both).
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[?!]")

# Who a word stands for. Names are unknown to the model, so the roles the notes spell out are
# abstracted as well as kept: "M", "mum", "Ms K" and "she" all add a <her> feature.
_HER = frozenset(
    "m mum mums mom moms mummy mother mothers ms mrs she her hers herself victim victims survivor "
    "wife gf girlfriend mam mammy".split()
)
_HIM = frozenset(
    "p dad dads daddy father fathers he him his himself perp perpetrator perpetrators husband bf "
    "boyfriend stepdad stepfather mr".split()
)
_KIDS = frozenset(
    "children kids child kid boys girls baby babies son sons daughter daughters toddler siblings "
    "infant teenager".split()
)
_ROLES = frozenset({"<her>", "<him>", "<kids>"})
_STOP = frozenset(
    "a an the to of in on at for with and or is are was were be been being has have had do does did this that "
    "these those it its as by from about re".split()
)
_NEGATORS = frozenset("no not never nt dont doesnt didnt isnt wasnt arent werent wont cant without nor".split())


def _role(word: str) -> str:
    if word in _HER:
        return "<her>"
    if word in _HIM:
        return "<him>"
    if word in _KIDS:
        return "<kids>"
    return word


def _stem(word: str) -> str:
    """A crude English suffix strip: "engaging", "engaged" and "engages" share "engag"."""
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _words(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Lower-cased words, each marked True when it sits inside quoted or reported words."""
    if not spans:
        return [(m.group().replace("'", ""), False) for m in _TOKEN.finditer(text)]
    out: list[tuple[str, bool]] = []
    for m in _TOKEN.finditer(text):
        inside = any(s <= m.start() < e for s, e in spans)
        out.append((m.group().replace("'", ""), inside))
    return out


_stem_of = lru_cache(maxsize=1 << 16)(_stem)


_KEYS: dict[str, tuple[str, str | None, str]] = {}


def _word_keys(word: str, tag: str) -> tuple[str, str | None, str]:
    """A word's feature keys, worked out once per word and tag: its ``w:`` key, the ``w:`` key
    of its role or the ``s:`` key of its stem (or None), and its token in the n-gram sequence.
    (Bounded, so a long-running server's cache cannot grow with every new word typed.)"""
    key = tag + word
    hit = _KEYS.get(key)
    if hit is not None:
        return hit
    role = _role(word)
    if role != word:
        extra: str | None = "w:" + tag + role
    else:
        root = _stem(word)
        extra = "s:" + tag + root if root != word else None
    hit = "w:" + key, extra, ("q:" + role if tag == "q:" else role)
    if len(_KEYS) >= 1 << 16:
        _KEYS.clear()
    _KEYS[key] = hit
    return hit


def read(text: str) -> Note:
    """The note as the rules read it: normalised one-for-one and lower-cased, offsets kept."""
    norm = normalise(text)
    low = norm.lower()
    if len(low) != len(norm):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in norm)
    return Note(low)


def features(text: str, section: str | None = None, note: Note | None = None) -> Counter[str]:
    """Counts of the note's features. Pure and deterministic; shared with the trainer.

    ``note`` is the rules' reading of the same text (``read(text)``), passed in to save work.
    """
    if note is None:
        note = read(text)
    low = note.text
    spans = note.quotes + note.reported
    feats: Counter[str] = Counter()
    if section:
        feats["sec=" + section] += 1
    for name in ("perp_act", "perp_any", "coercion", "endorsed"):
        if getattr(note, name):
            feats["v:" + name] += 1
    if spans:
        feats["v:attributed"] += 1
    bounds = list(zip(note.starts, note.ends, strict=True))
    for i, (start, end) in enumerate(bounds):
        clause = low[start:end]
        after = low[end : bounds[i + 1][0]] if i + 1 < len(bounds) else ""
        # A question on the board is a gap, not a claim: its words count as not the author's.
        if "?" in after or clause.lstrip().startswith("?"):
            local = [(0, len(clause))]
        else:
            local = [(s - start, e - start) for s, e in spans if e > start and s < end]
        words = _words(clause, local)
        if not words:
            continue
        negated = False
        seq: list[str] = []
        keys: list[str] = []  # counted at once below, in this order (the order the trainer saw)
        for word, inside in words:
            key, extra, token = _word_keys(word, "q:" if inside else ("n:" if negated else ""))
            keys.append(key)
            if extra is not None:
                keys.append(extra)
            seq.append(token)
            if word in _NEGATORS:
                negated = True
        # Word 2-, 3- and 4-grams, each built from the one before.
        grams = [a + " " + b for a, b in pairwise(seq)]
        keys += ["g:" + g for g in grams]
        grams = [g + " " + c for g, c in zip(grams, seq[2:], strict=False)]
        keys += ["g:" + g for g in grams]
        keys += ["g:" + g + " " + d for g, d in zip(grams, seq[3:], strict=False)]
        # The same pairs with the small words left out ("<her> chose relationship").
        content = [w for w in seq if w not in _STOP]
        keys += ["k:" + a + " " + b for a, b in pairwise(content)]
        # What the clause says of whoever it is about: its first named role.
        subject = next((w for w in seq if w in _ROLES), None)
        if subject is not None:
            head = "subj" + subject + ":"
            keys += [head + _stem_of(w) for w in content if w[0] != "<" and not w.startswith("q:")]
        feats.update(keys)
    # Harm told with nobody doing it (domain.md §4, perpetrator_invisible): the note's words
    # again, marked, when it never names him.
    if "w:<him>" not in feats and "w:q:<him>" not in feats and "w:n:<him>" not in feats:
        for key, count in list(feats.items()):
            if key.startswith(("w:", "s:")):
                feats["nohim:" + key[2:]] += count
    return feats


# --- scoring --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Prediction:
    probability: float  # that the wording blames, mutualises, minimises or hides him
    category: str  # the most likely of the ten categories, if it does
    drivers: tuple[str, ...]  # the note's own words that pushed the score up most, in note order
    spans: tuple[tuple[int, int], ...] = ()  # where each driver sits in the note


_DRIVER_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*")


class WordingModel:
    """Scores notes with the exported weights: tf-idf (sublinear, L2) then two linear heads."""

    def __init__(self, data: dict[str, Any]) -> None:
        names = [str(f) for f in data["features"]]
        idf = [float(x) for x in data["idf"]]
        coef = [float(x) for x in data["blaming_coef"]]
        # One lookup per feature on the hot path: (idf, idf * blaming weight, position).
        self.table: dict[str, tuple[float, float, int]] = {
            f: (i, i * c, n) for n, (f, i, c) in enumerate(zip(names, idf, coef, strict=True))
        }
        self.coef = coef
        self.intercept = float(data["blaming_intercept"])
        self.categories: tuple[str, ...] = tuple(str(c) for c in data["categories"])
        self.cat_coef: list[list[float]] = [[float(x) for x in row] for row in data["category_coef"]]
        self.cat_intercept: list[float] = [float(x) for x in data["category_intercept"]]
        self.threshold = float(data["threshold"])

    def _score(self, feats: Counter[str]) -> tuple[float, dict[int, float]]:
        """The blaming probability, and the note's normalised tf-idf vector by position."""
        vec: dict[int, float] = {}
        dot = sq = 0.0
        table = self.table
        for feat, count in feats.items():
            hit = table.get(feat)
            if hit is not None:
                tf = 1.0 + math.log(count) if count > 1 else 1.0
                v = tf * hit[0]
                sq += v * v
                dot += tf * hit[1]
                vec[hit[2]] = v
        norm = math.sqrt(sq) or 1.0
        z = self.intercept + dot / norm
        prob = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))
        return prob, {i: v / norm for i, v in vec.items()}

    def probability(self, text: str, section: str | None = None) -> float:
        return self._score(features(text, section))[0]

    def score(self, feats: Counter[str]) -> float:
        """The blaming probability of a note's features (the cheap path)."""
        return self._score(feats)[0]

    def predict(self, text: str, section: str | None = None, feats: Counter[str] | None = None) -> Prediction:
        """Probability, category and driving words (the last two cost more: call when it matters)."""
        if feats is None:
            feats = features(text, section)
        prob, vec = self._score(feats)
        scores = [
            b + sum(v * row[i] for i, v in vec.items())
            for row, b in zip(self.cat_coef, self.cat_intercept, strict=True)
        ]
        category = self.categories[max(range(len(scores)), key=scores.__getitem__)]
        found = self._drivers(text, feats, vec)
        return Prediction(prob, category, tuple(text[a:b] for a, b in found), found)

    def _drivers(self, text: str, feats: Counter[str], vec: dict[int, float]) -> tuple[tuple[int, int], ...]:
        """Where the (up to three) words whose features pushed the score up most sit in the note."""
        gain: dict[str, float] = {}
        for feat in feats:
            hit = self.table.get(feat)
            if hit is None or feat.startswith(("sec=", "v:")):
                continue
            g = vec[hit[2]] * self.coef[hit[2]]
            body = feat.split(":", 1)[1]
            for w in body.split():
                w = w.removeprefix("q:").removeprefix("n:")
                gain[w] = gain.get(w, 0.0) + g
        found: list[tuple[float, int, int]] = []
        for m in _DRIVER_WORD.finditer(text):
            word = m.group()
            key = word.lower().replace("'", "").replace("\u2019", "")
            if key in _STOP or _role(key) != key or len(key) < 3:
                continue
            root = _stem(key)
            score = gain.get(key, 0.0) + (gain.get(root, 0.0) if root != key else 0.0)
            if score > 0:
                found.append((score, m.start(), m.end()))
        best = sorted(found, reverse=True)[:3]
        return tuple((a, b) for _, a, b in sorted(best, key=lambda t: t[1]))


@cache
def load_model() -> WordingModel | None:
    """The shipped model, or None when no weights file has been built."""
    try:
        raw = resources.files(__package__).joinpath("weights.json").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return None
    return WordingModel(json.loads(raw))
