"""The board's family panel lets the wording checks read names as the people they are.

Real boards write "Kayleigh" and "Dean", not "mum" and "dad". Without the panel, a note about
what he does to her reads, to the learned layer, as a note about nobody in particular.
"""

from __future__ import annotations

from app.practice.wording import analyse, family_of

FAMILY = family_of([("Kayleigh Shaw", "survivor"), ("Dean Hollis", "perpetrator"), ("Tyler", "child")])


def test_a_named_mother_is_read_as_her_and_the_trigger_is_what_was_typed() -> None:
    # Without the panel a name is nobody in particular: her note and his read alike.
    def read(text: str, **kw: object) -> list[str]:
        return [f.category for f in analyse(text, "practice", **kw)]  # type: ignore[arg-type]

    assert read("Kayleigh is not engaging with services") == read("Dean is not engaging with services")
    # With it, the same words are flagged about her and not about him.
    assert read("Dean is not engaging with services", family=FAMILY) == []
    flags = analyse("Kayleigh is not engaging with services", "practice", family=FAMILY)
    assert [f.category for f in flags] == ["not_engaging"]
    assert flags[0].source == "rule"
    assert flags[0].trigger in "Kayleigh is not engaging with services"


def test_names_read_as_the_shorthand_they_stand_for() -> None:
    """The same note with "M"/"P" or with the panel's names gets the same flags."""
    pairs = [
        ("M has let P back again", "Kayleigh has let Dean back again"),
        ("M to attend the Freedom Programme", "Kayleigh to attend the Freedom Programme"),
        ("P hit M with a bottle, T (7) in the room", "Dean hit Kayleigh with a bottle, Tyler (7) in the room"),
        ("M exposing the kids to DV", "Kayleigh exposing Tyler to DV"),
        ("P answers every question for M at visits", "Dean answers every question for Kayleigh at visits"),
    ]
    for short, named in pairs:
        a = [(f.category, f.source) for f in analyse(short, "pattern")]
        b = [(f.category, f.source) for f in analyse(named, "pattern", family=FAMILY)]
        assert a == b, (short, named)


def test_his_name_is_his_and_a_possessive_stays_hers() -> None:
    written = FAMILY.write("Dean took Kayleigh's phone; Mr Hollis says T is fine")
    assert written is not None
    assert written.text == "P took M's phone; Mr P says child is fine"
    # each character maps back into the note as typed
    start, end = written.span(0, 1)
    assert (start, end) == (0, 4)


def test_what_is_not_safe_to_read_as_a_role_stays_a_word() -> None:
    family = family_of(
        [("Will Carter", "perpetrator"), ("Anna Carter", "survivor"), ("Mia", "child"), ("Pat Carter", "other")]
    )
    # a shared surname says nothing; "A" is a word; a grandparent's name is nobody's role
    assert "carter" not in family.roles and "a" not in family.roles and "pat" not in family.roles
    assert family.roles["will"] == "<him>" and family.roles["anna"] == "<her>"
    # "will" lower-case is the verb
    assert family.write("Anna will attend") is not None
    written = family.write("Anna will attend; Will to attend the programme")
    assert written is not None and written.text == "M will attend; P to attend the programme"
    # an empty panel changes nothing
    assert not family_of([]) and family_of([]).write("M said") is None
