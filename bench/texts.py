"""Note texts in the style of a real case mapping, some with blaming language."""

SECTIONS = ["pattern", "impact", "factors", "practice"]

NOTES = [
    ("pattern", "P checks M's phone every night and takes her bank card"),
    ("pattern", "P locks M and the baby in the bedroom when he has been drinking"),
    ("pattern", "P threw a phone that hit their son (police call-out, March)"),
    ("pattern", "P calls police on M when she has been drinking, after encouraging it"),
    ("impact", "Mum hostile and uncooperative, wouldn't let HV in"),
    ("impact", "Kids would be fine if mum and dad just separated"),
    ("impact", "M has kept the kids' routine going (school, football) through all of this"),
    ("impact", "Eldest's bad school days follow the police call-outs"),
    ("factors", "M keeps cancelling D&A appts - doesn't seem bothered about getting help"),
    ("factors", "Mum chooses to stay with him despite everything"),
    ("factors", "P forbids M from going to English classes"),
    ("factors", "Rent arrears since P took control of the UC payments"),
    ("practice", "She failed to protect the children from his violence"),
    ("practice", "SW to ask police about P's offending before he moved to the UK"),
    ("practice", "IDVA to meet M at nursery pick-up, not at home"),
    ("practice", "Evidence M's protective steps (neighbour, early bedtimes) in the CP report"),
]

ANALYSE_TEXTS = [text for _, text in NOTES]
