"""Pre-filled feedback: the best dimensions as strengths, the weakest as growth areas."""

from hypothesis import given
from hypothesis import strategies as st

from analysis.feedback_draft import (
    NEGATIVE_CONCERN_AT,
    Evidence,
    Phrases,
    Quote,
    draft_feedback,
    draft_text,
)
from analysis.scoring import summarize

DOMAINS = {"EBS": ["PC", "NC", "TS", "RCP", "BG"], "ESL": ["FLD", "QF", "LM"]}
REVERSE = {"NC"}
CODES = [code for codes in DOMAINS.values() for code in codes]


def summary_of(per_dimension: dict[str, list[int]]):
    scores = {
        (cycle, code): value
        for code, values in per_dimension.items()
        for cycle, value in enumerate(values, start=1)
    }
    return summarize(scores, DOMAINS, REVERSE)


TYPICAL = {
    "PC": [6, 7, 6],
    "NC": [1, 1, 1],
    "TS": [6, 6, 5],
    "RCP": [5, 5, 5],
    "BG": [5, 4, 5],
    "FLD": [4, 3, 4],
    "QF": [2, 3, 3],
    "LM": [3, 3, 2],
}


def test_strengths_are_the_highest_dimensions_and_growth_areas_the_lowest():
    draft = draft_feedback(summary_of(TYPICAL), {}, REVERSE)
    assert [s.code for s in draft.strengths] == ["PC", "TS"]
    assert [g.code for g in draft.growth_areas] == ["QF", "LM"]
    assert draft.strengths[0].mean == 19 / 3


def test_the_dimension_to_work_on_next_is_the_first_growth_area():
    draft = draft_feedback(summary_of(TYPICAL), {}, REVERSE)
    assert draft.next_dimension == "QF"


def test_no_negativity_is_never_praised_as_a_strength():
    draft = draft_feedback(summary_of(TYPICAL), {}, REVERSE)
    assert "NC" not in [s.code for s in draft.strengths]
    assert "NC" not in [g.code for g in draft.growth_areas]


def test_negative_climate_of_concern_becomes_the_first_growth_area():
    scores = {**TYPICAL, "NC": [2, 3, 1]}
    assert sum(scores["NC"]) / 3 >= NEGATIVE_CONCERN_AT
    draft = draft_feedback(summary_of(scores), {}, REVERSE)
    assert [g.code for g in draft.growth_areas] == ["NC", "QF"]
    assert draft.next_dimension == "NC"


def test_strength_examples_come_from_the_best_cycles_first():
    evidence = {
        "PC": [
            Evidence(cycle=1, score=6, note="Voksen lo med barna."),
            Evidence(cycle=2, score=7, note="Varm stemning ved bordet."),
            Evidence(cycle=3, score=6, note="  "),
        ]
    }
    draft = draft_feedback(summary_of(TYPICAL), evidence, REVERSE)
    assert draft.strengths[0].examples == ("Varm stemning ved bordet.", "Voksen lo med barna.")
    assert draft.strengths[1].examples == ()


def test_growth_example_is_the_note_from_the_weakest_cycle():
    evidence = {
        "QF": [
            Evidence(cycle=2, score=3, note="Voksen spurte hvorfor."),
            Evidence(cycle=1, score=2, note="Mest «så flink»."),
        ]
    }
    draft = draft_feedback(summary_of(TYPICAL), evidence, REVERSE)
    assert draft.growth_areas[0].example == "Mest «så flink»."
    assert draft.growth_areas[1].example is None


def test_negative_climate_examples_rank_a_high_score_as_the_weakest_cycle():
    scores = {**TYPICAL, "NC": [1, 4, 2]}
    evidence = {
        "NC": [
            Evidence(cycle=1, score=1, note="Rolig."),
            Evidence(cycle=2, score=4, note="Hevet stemme i garderoben."),
        ]
    }
    draft = draft_feedback(summary_of(scores), evidence, REVERSE)
    assert draft.growth_areas[0].example == "Hevet stemme i garderoben."


def test_repeated_notes_are_given_once():
    evidence = {"PC": [Evidence(1, 6, "Samme notat."), Evidence(2, 7, "Samme notat. ")]}
    draft = draft_feedback(summary_of(TYPICAL), evidence, REVERSE)
    assert draft.strengths[0].examples == ("Samme notat.",)


def test_ties_keep_instrument_order():
    flat = {code: [4, 4, 4] for code in CODES} | {"NC": [1, 1, 1]}
    draft = draft_feedback(summary_of(flat), {}, REVERSE)
    assert [s.code for s in draft.strengths] == ["PC", "TS"]
    assert [g.code for g in draft.growth_areas] == ["RCP", "BG"]


def test_a_partly_scored_observation_still_gets_a_draft():
    draft = draft_feedback(summary_of({"PC": [5], "QF": [2]}), {}, REVERSE)
    assert [s.code for s in draft.strengths] == ["PC", "QF"]
    assert draft.growth_areas == ()
    assert draft.next_dimension is None


def test_nothing_scored_gives_an_empty_draft():
    draft = draft_feedback(summary_of({}), {}, REVERSE)
    assert (draft.strengths, draft.growth_areas, draft.next_dimension) == ((), (), None)


@given(
    st.fixed_dictionaries(
        {code: st.lists(st.integers(1, 7), min_size=3, max_size=3) for code in CODES}
    )
)
def test_strengths_and_growth_areas_never_overlap_and_stay_short(per_dimension):
    draft = draft_feedback(summary_of(per_dimension), {}, REVERSE)
    strengths = {s.code for s in draft.strengths}
    growth = {g.code for g in draft.growth_areas}
    assert not strengths & growth
    assert len(strengths) == 2
    assert 1 <= len(growth) <= 2
    assert draft.next_dimension == draft.growth_areas[0].code


PHRASES = Phrases(
    name="%(name)s (%(code)s)",
    strength="%(dimension)s was a strength: %(score)s (cycles: %(cycles)s).",
    growth="%(dimension)s was among the lowest: %(score)s (cycles: %(cycles)s).",
    negativity="%(dimension)s: negativity %(score)s (cycles: %(cycles)s; low is good).",
    note="Cycle %(cycle)d: “%(note)s”",
    cycle_note="Whole cycle %(cycle)d: “%(note)s”",
)
NAMES = {"PC": "Positive Climate", "TS": "Teacher Sensitivity", "QF": "Quality of Feedback",
         "LM": "Language Modeling", "NC": "Negative Climate"}  # fmt: skip


def test_quotes_carry_the_cycle_they_were_written_in():
    evidence = {"QF": [Evidence(cycle=3, score=2, note="Mest «så flink».")]}
    draft = draft_feedback(summary_of(TYPICAL), evidence, REVERSE)
    assert draft.growth_areas[0].quote == Quote(3, "Mest «så flink».")
    assert draft.growth_areas[0].cycle_scores == (2, 3, 3)


def test_without_a_dimension_note_the_note_on_its_weakest_cycle_is_quoted():
    # QF scored 2 in cycle 1; LM scored 2 in cycle 3; PC scored best (7) in cycle 2.
    cycle_notes = {1: "Frilek ute, mange barn.", 2: "Samling.", 3: "  "}
    draft = draft_feedback(summary_of(TYPICAL), {}, REVERSE, cycle_notes=cycle_notes)
    assert draft.growth_areas[0].quote == Quote(1, "Frilek ute, mange barn.", whole_cycle=True)
    assert draft.growth_areas[1].quote is None  # cycle 3's note is blank
    assert draft.strengths[0].quotes == (Quote(2, "Samling.", whole_cycle=True),)


def test_a_dimension_note_wins_over_the_cycle_note():
    evidence = {"QF": [Evidence(cycle=2, score=3, note="Voksen spurte hvorfor.")]}
    draft = draft_feedback(summary_of(TYPICAL), evidence, REVERSE, cycle_notes={1: "Frilek."})
    assert draft.growth_areas[0].quote == Quote(2, "Voksen spurte hvorfor.")


def test_the_draft_text_names_the_dimension_before_its_code_and_quotes_the_notes():
    evidence = {
        "PC": [Evidence(2, 7, "Varm stemning ved bordet."), Evidence(1, 6, "Voksen lo.")],
        "QF": [Evidence(1, 2, "Mest «så flink».")],
    }
    draft = draft_feedback(summary_of(TYPICAL), evidence, REVERSE, cycle_notes={3: "Måltid."})
    text = draft_text(draft, NAMES, PHRASES, REVERSE)
    assert text.strengths == (
        "Positive Climate (PC) was a strength: 6.33 (cycles: 6, 7, 6)."
        " Cycle 2: “Varm stemning ved bordet.” Cycle 1: “Voksen lo.”"
        "\n\nTeacher Sensitivity (TS) was a strength: 5.67 (cycles: 6, 6, 5)."
    )
    assert text.growth_areas == (
        ("QF", "Quality of Feedback (QF) was among the lowest: 2.67 (cycles: 2, 3, 3)."
               " Cycle 1: “Mest «så flink».”"),
        ("LM", "Language Modeling (LM) was among the lowest: 2.67 (cycles: 3, 3, 2)."
               " Whole cycle 3: “Måltid.”"),
    )  # fmt: skip


def test_negativity_of_concern_is_written_so_that_low_reads_as_good():
    draft = draft_feedback(summary_of({**TYPICAL, "NC": [3, 3, 3]}), {}, REVERSE)
    text = draft_text(draft, NAMES, PHRASES, REVERSE)
    assert text.growth_areas[0] == (
        "NC", "Negative Climate (NC): negativity 3.00 (cycles: 3, 3, 3; low is good)."
    )  # fmt: skip


def test_a_dimension_without_a_name_is_shown_by_its_code():
    draft = draft_feedback(summary_of({"FLD": [5, 5, 5]}), {}, REVERSE)
    text = draft_text(draft, NAMES, PHRASES, REVERSE)
    assert text.strengths.startswith("FLD (FLD) was a strength")
