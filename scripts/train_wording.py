"""Train the learned layer of the wording checks and write ``app/practice/wording/weights.json``.

Usage (from the repo root; `make model` runs it):
    python scripts/train_wording.py [--check]

Reproducible: fixed seeds, one thread, sorted inputs and rounded weights, so the same corpus
gives the same bytes. ``--check`` trains and fails if the result differs from the committed
file (the test suite uses it).

Data (see data/wording/README.md):
- the files listed in ``data/wording/corpus.toml`` (the writers' files in ``data/wording/raw/``
  and the tuned held-out sets A and B): split by a hash of each
  note's id (or of its source URL for paraphrases of real wording, so one source never sits on
  both sides) into train (70%), dev (15%) and test (15%).
- The threshold for a model-only flag is chosen on dev: the lowest that keeps the combined
  analyser's precision at or above ``TARGET_PRECISION`` there, simulating exactly what
  ``analyse`` does (rules first; where a rule declined its frame the model needs
  ``DECLINED_BAR``).
- Blind sets (``data/wording/blind/``), the development set in shared/ and held-out set C are
  never read here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tomllib
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.feature_extraction.text import TfidfTransformer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from app.practice.wording import DECLINED_BAR, _is_question  # noqa: E402
from app.practice.wording.engine import CATEGORY_FILES, candidates, resolve  # noqa: E402
from app.practice.wording.family import as_read, family_from_rows  # noqa: E402
from app.practice.wording.model import WordingModel, features, read  # noqa: E402

OUT = REPO / "app/practice/wording/weights.json"
MANIFEST = REPO / "data/wording/corpus.toml"
CATEGORIES = (
    "failure_to_protect",
    "survivor_choices",
    "separation_as_solution",
    "mutualising",
    "perpetrator_invisible",
    "minimising",
    "causal_attribution",
    "pathologising_survivor",
    "not_engaging",
    "plan_burden_on_mother",
)
# The floor for precision on a blind set is 0.95. Up to round 4 the threshold aimed at
# exactly that on dev, and the unseen formal register (blind F2, 0.938) and the corpus test split
# (0.931) came in below it. A false flag in a live meeting costs more than a miss (domain.md §7),
# so the threshold keeps a margin: 0.96 on dev. (When rule fixes removed 7 of dev's 23 false
# flags, 0.95 would have spent them all on soft flags: threshold 0.659 -> 0.606.)
#
# Round 6: until then the threshold's simulation let the model flag notes a rule had declined,
# which analyse() never did, so it counted false flags that could not happen and the shipped dev
# precision sat above the target (0.967-0.969 at 0.96). The simulation now does what analyse()
# does (a declined note needs DECLINED_BAR), and the target is what was shipped: 0.97.
TARGET_PRECISION = 0.97
MIN_DF = 2
# Chosen by dev recall at the target precision over C in {1, 2, 4, 8, 16, 32} and min_df in
# {1, 2, 3} (round 2: C 4; round 4, with 1,000 more notes: C 16, dev recall 0.874 -> 0.892).
C_BLAMING = 16.0
C_CATEGORY = 8.0


def load(path: Path) -> list[dict[str, object]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            row.setdefault("file", path.name)
            rows.append(row)
    return rows


def split_of(row: dict[str, object]) -> str:
    """train / dev / test from a hash: stable whatever else is added to the corpus."""
    source = str(row.get("source") or "")
    if source.startswith("http"):
        key = source  # paraphrases of one real source stay together
    elif row.get("pair"):
        key = f"{row.get('file')}:{row['pair']}"  # so do the two notes of a minimal pair
    else:
        key = f"{row.get('file')}:{row['id']}"
    bucket = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def corpus_files() -> list[Path]:
    listed = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["file"]
    return [(MANIFEST.parent / str(f["path"])).resolve() for f in listed]


def corpus() -> dict[str, list[dict[str, object]]]:
    parts: dict[str, list[dict[str, object]]] = {"train": [], "dev": [], "test": []}
    for path in corpus_files():
        for row in load(path):
            parts[split_of(row)].append(row)
    return parts


def _round(xs: np.ndarray, digits: int = 5) -> list[float]:
    return [float(f"{x:.{digits}g}") for x in xs.tolist()]


def fit(train: list[dict[str, object]]) -> dict[str, object]:
    """Fit both heads; return the exportable weights (threshold filled in later)."""
    feats = [features(as_read(str(r["text"]), family_from_rows(r.get("family"))), _section(r)) for r in train]
    vec = DictVectorizer(sort=True)
    counts = vec.fit_transform(feats)
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero(df >= MIN_DF)
    counts = counts[:, keep]
    names = [vec.feature_names_[i] for i in keep]
    tfidf = TfidfTransformer(sublinear_tf=True)
    x = tfidf.fit_transform(counts)
    y = np.array([bool(r["blaming"]) for r in train])
    blaming = LogisticRegression(C=C_BLAMING, max_iter=5000, class_weight="balanced", random_state=0)
    blaming.fit(x, y)
    pos = np.flatnonzero(y)
    ycat = np.array([CATEGORIES.index(str(train[i]["category"])) for i in pos])
    cat = LogisticRegression(C=C_CATEGORY, max_iter=5000, random_state=0)
    cat.fit(x[pos], ycat)
    assert list(cat.classes_) == list(range(len(CATEGORIES)))
    return {
        "format": "casemap-wording-linear-1",
        "note": "tf-idf (sublinear tf, L2 norm) over app.practice.wording.model.features; logistic heads",
        "features": names,
        "idf": _round(tfidf.idf_),
        "blaming_coef": _round(blaming.coef_[0]),
        "blaming_intercept": float(f"{blaming.intercept_[0]:.5g}"),
        "categories": list(CATEGORIES),
        "category_coef": [_round(row) for row in cat.coef_],
        "category_intercept": _round(cat.intercept_),
        "threshold": 0.5,
    }


def choose_threshold(model: WordingModel, dev: list[dict[str, object]]) -> float:
    """The lowest model threshold (most recall) at which the whole analyser's dev precision meets the target."""
    rows = []
    for r in dev:
        text, section = str(r["text"]), _section(r)
        family = family_from_rows(r.get("family"))
        seen = as_read(text, family)
        pred = model.predict(seen, section)
        note = read(seen)
        allowed = CATEGORY_FILES[pred.category].model_may_flag(note.text) and not _is_question(text)
        declined: set[str] = set()
        rule = bool(resolve(candidates(note, declined)))  # what analse(learned=False) flags
        rows.append((bool(r["blaming"]), rule, pred.probability if allowed else 0.0, bool(declined)))
    for t in sorted({round(p, 3) for _, _, p, _ in rows if p >= 0.5}):
        # as analyse() does: where a rule declined its frame the model needs DECLINED_BAR too
        tp = sum(1 for gold, rule, p, dec in rows if gold and (rule or p >= (max(t, DECLINED_BAR) if dec else t)))
        fp = sum(1 for gold, rule, p, dec in rows if not gold and (rule or p >= (max(t, DECLINED_BAR) if dec else t)))
        if tp and tp / (tp + fp) >= TARGET_PRECISION:
            return t
    return 1.0


def _section(row: dict[str, object]) -> str | None:
    s = row.get("section")
    return s if isinstance(s, str) and s else None


def build() -> str:
    parts = corpus()
    weights = fit(parts["train"])
    weights["threshold"] = choose_threshold(WordingModel(weights), parts["dev"])
    weights["trained_on"] = {k: len(v) for k, v in parts.items()}
    return json.dumps(weights, separators=(",", ":"), sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed weights differ")
    args = ap.parse_args(argv)
    text = build()
    if args.check:
        if not OUT.is_file() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(REPO)} is not what the corpus trains to: run `make model`", file=sys.stderr)
            return 1
        print("weights reproduce byte for byte")
        return 0
    OUT.write_text(text, encoding="utf-8")
    data = json.loads(text)
    print(
        f"wrote {OUT.relative_to(REPO)}: {len(data['features'])} features, threshold {data['threshold']}, "
        f"splits {data['trained_on']}, {OUT.stat().st_size // 1024} KiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
