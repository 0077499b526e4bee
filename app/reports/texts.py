"""Report wording for readers who are not CLASS® experts (translated once, here)."""

from flask_babel import lazy_gettext as _l

# What a band means in plain words; a reverse dimension (Negative Climate) reads the other way.
BAND_MEANING = {
    "low": _l("This was seldom seen during the observation."),
    "mid": _l("This was seen at times, but not all the time."),
    "high": _l("This was seen often and consistently."),
}
REVERSE_BAND_MEANING = {
    "low": _l("Little or no negativity was seen. This is the good result."),
    "mid": _l("Some negativity was seen at times."),
    "high": _l("A lot of negativity was seen. This needs attention."),
}
DOMAIN_BAND_MEANING = {
    "low": _l("Overall, this area was weak in the observation."),
    "mid": _l("Overall, this area was partly in place."),
    "high": _l("Overall, this area was strong in the observation."),
}
# A first suggestion per dimension for the draft; the observer always rewrites it.
SUGGESTIONS = {
    "PC": _l("Set aside time to be with the children in play, and share the joy when "
             "something works."),
    "NC": _l("Plan the transitions together, and speak calmly and close by when something "
             "must stop."),
    "TS": _l("Spread the adults in the room so that each one can notice the children's "
             "signals."),
    "RCP": _l("Let the children choose between activities, and follow what they show "
              "interest in."),
    "RSP": _l("Give the children tasks of their own, and ask them what they want to do next."),
    "BG": _l("Put words to feelings, and help the children find a solution together."),
    "BM": _l("Agree in the staff on a few clear expectations, and confirm good behaviour."),
    "PD": _l("Prepare materials in advance, and give the children something to do while "
             "they wait."),
    "ILF": _l("Split the group, use concrete materials and let the children be active."),
    "FLD": _l("Join the play and add something new, such as a material or an idea."),
    "CD": _l("Ask open questions, and link the topic to something the children have "
             "experienced."),
    "QF": _l("Ask the children how they thought, and build on the answer in several steps."),
    "LM": _l("Put words to what you do, and extend the children's utterances with new words."),
}  # fmt: skip
