"""The old import path of the wording analyser; new code imports ``app.practice.wording``."""

from __future__ import annotations

from app.practice.wording import CATEGORIES, SECTION_KEYS, FlagResult, analyse, normalise

__all__ = ["CATEGORIES", "SECTION_KEYS", "FlagResult", "analyse", "normalise"]
