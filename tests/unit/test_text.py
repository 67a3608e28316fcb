"""The shared note reading: offset-keeping normalisation and the one clause splitter."""

from __future__ import annotations

from app.practice.text import clause_bounds, normalise, split_clauses


def test_normalising_keeps_every_offset() -> None:
    text = "Mum\u2019s \u201cvolatile\u201d \u2013 P\u00a0said\tso"
    norm = normalise(text)
    assert norm == 'Mum\'s "volatile" - P said so'
    assert len(norm) == len(text)


def test_a_note_splits_at_sentence_ends_dashes_semicolons_and_bars() -> None:
    note = "Gap: nothing known about P's offending abroad \u2013 SW to ask police; HV aware. School | CAMHS"
    assert split_clauses(note) == [
        "Gap: nothing known about P's offending abroad",
        "SW to ask police",
        "HV aware",
        "School",
        "CAMHS",
    ]


def test_a_question_keeps_its_mark_and_a_lone_question_mark_heads_the_next_part() -> None:
    assert split_clauses("Any previous partners? Police to check") == ["Any previous partners?", "Police to check"]
    assert split_clauses("? any previous partners \u2013 not known") == ["? any previous partners", "not known"]
    assert split_clauses("Q: history abroad") == ["Q: history abroad"]


def test_words_inside_a_clause_are_not_split() -> None:
    assert split_clauses("M's ex-partner, self-employed, 3.5 yrs") == ["M's ex-partner, self-employed, 3.5 yrs"]
    assert split_clauses("P hit M but she got the kids out") == ["P hit M but she got the kids out"]


def test_the_wording_reading_also_breaks_at_a_colon_and_a_contrast() -> None:
    text = "police log: volatile relationship but m says he hit her"
    starts, ends = clause_bounds(text)
    clauses = [text[s:e] for s, e in zip(starts, ends, strict=True)]
    assert clauses == ["police log", " volatile relationship", "m says he hit her"]
