"""The four follow-up rules (DESIGN §5) at their thresholds, the paired drop, the bottom tenth
over two semesters and all departments, and the ranking; on both databases. The data and the
worked-out means are in tests/support/follow_up_world.py."""

import pytest

from analysis.followup import Flag, FollowUpItem, Thresholds, follow_up, ranked
from tests.support import follow_up_world


@pytest.fixture
def thresholds_world(db_session):
    return follow_up_world.threshold_world(db_session)


@pytest.fixture
def bottom(db_session):
    return follow_up_world.bottom_world(db_session)


def rules_by_department(items) -> dict[str, set[str]]:
    return {item.department: {flag.rule for flag in item.flags} for item in items}


def test_each_rule_fires_at_its_threshold_and_not_just_below_it(db_session, thresholds_world):
    found = rules_by_department(follow_up(db_session, as_of="2025V"))
    assert found == {
        "S-below": {"low_support"},
        "T-low": {"low_support"},
        "N-at": {"negative_climate"},
        "N-above": {"negative_climate"},
        "D-at": {"drop"},
        "D-above": {"drop"},
    }


def test_flags_carry_their_numbers(db_session, thresholds_world):
    items = {item.department: item for item in follow_up(db_session, as_of="2025V")}
    (support,) = items["S-below"].flags
    assert (support.code, support.threshold, support.semester) == ("ES", 2.5, "2025V")
    assert support.value == pytest.approx((1 + (8 - 4 / 3) + 1 + 1) / 4)
    assert items["T-low"].flags[0].code == "EBS"  # the toddler instrument's support domain
    assert items["T-low"].flags[0].value == pytest.approx(2.2)
    (climate,) = items["N-at"].flags
    assert (climate.code, climate.value, climate.threshold) == ("NC", pytest.approx(3.0), 3.0)
    (drop,) = items["D-above"].flags
    assert (drop.code, drop.previous_semester, drop.threshold) == ("CO", "2024H", 1.0)
    assert (drop.previous_value, drop.value) == (pytest.approx(5.0), pytest.approx(35 / 9))
    assert "fell from 5.00 in 2024H to 3.89" in drop.reason


def test_thresholds_are_settings(db_session, thresholds_world):
    wider = Thresholds(support_below=2.6, negative_climate_from=2.6, drop=0.8)
    found = rules_by_department(follow_up(db_session, as_of="2025V", thresholds=wider))
    assert {"S-at", "S-above", "N-below", "D-below"} <= set(found)
    narrower = Thresholds(support_below=2.4, negative_climate_from=3.1, drop=1.05)
    found = rules_by_department(follow_up(db_session, as_of="2025V", thresholds=narrower))
    assert found == {"T-low": {"low_support"}, "N-above": {"negative_climate"},
                     "D-above": {"drop"}}  # fmt: skip


def test_thresholds_read_from_settings_and_refuse_nonsense():
    assert Thresholds.from_settings({}) == Thresholds()
    read = Thresholds.from_settings({"FOLLOW_UP_DROP": "1.5", "FOLLOW_UP_BOTTOM_SHARE": 0.2})
    assert (read.drop, read.bottom_share, read.support_below) == (1.5, 0.2, 2.5)
    for wrong in ({"bottom_share": 0}, {"bottom_share": 1.2}, {"drop": -1}, {"support_below": 9}):
        with pytest.raises(ValueError):
            Thresholds(**wrong)


def test_a_drop_is_paired_with_the_semester_just_before(db_session, thresholds_world):
    items = {item.department: item for item in follow_up(db_session, as_of="2025V")}
    assert "D-unpaired" not in items  # 2024V → 2025V skips 2024H: no pair, no drop


def test_a_department_not_observed_yet_is_judged_on_the_semester_before(
    db_session, thresholds_world
):
    later = follow_up(db_session, as_of="2025H")
    assert rules_by_department(later) == rules_by_department(follow_up(db_session, as_of="2025V"))
    assert {item.semester for item in later} == {"2025V"}
    assert follow_up(db_session, as_of="2026V") == []  # two semesters on: too old


def test_the_bottom_tenth_needs_two_semesters_running(db_session, bottom):
    items = {item.department: item for item in follow_up(db_session, as_of="2025V")}
    assert set(items) == {"A"}  # B only in 2025V, C only in 2024H
    co = next(f for f in items["A"].flags if f.code == "CO")
    assert (co.rule, co.value, co.previous_value) == ("bottom_decile", 3.0, 3.0)
    assert (co.previous_semester, co.threshold) == ("2024H", 3.0)
    # Negative Climate enters ES as 8 − NC: A's NC of 2 makes its ES the lowest (5.25).
    es = next(f for f in items["A"].flags if f.code == "ES")
    assert (es.rule, es.value) == ("bottom_decile", pytest.approx(5.25))


@pytest.mark.parametrize(
    ("share", "flagged"),
    [(0.09, set()), (0.10, {"A"}), (0.19, {"A"}), (0.20, {"A"}), (0.29, {"A"}),
     (0.30, {"A", "B"}), (0.31, {"A", "B"})],
)  # fmt: skip
def test_the_bottom_share_at_its_threshold(db_session, bottom, share, flagged):
    items = follow_up(db_session, as_of="2025V", thresholds=Thresholds(bottom_share=share))
    assert {item.department for item in items if "bottom_decile" in item.rules} == flagged


def test_the_bottom_share_is_over_every_department_not_the_viewers(db_session, bottom):
    south = bottom["networks"]["Sør"].id
    items = follow_up(db_session, as_of="2025V", filters={"network": south})
    # Among A, B, C alone A would be the bottom third; among all ten it is the bottom tenth.
    assert [item.department for item in items] == ["A"]
    east = bottom["networks"]["Øst"].id
    assert follow_up(db_session, as_of="2025V", filters={"network": east}) == []


def _item(name: str, *flags: Flag) -> FollowUpItem:
    return FollowUpItem(1, name, 1, "K", None, None, 1, "class-prek", "2025V", list(flags))


def _flag(rule: str, value: float, threshold: float, previous: float | None = None) -> Flag:
    return Flag(rule, "ES", "2025V", value, threshold, "2024H" if previous else None, previous)  # type: ignore[arg-type]


def test_the_list_is_ranked_by_the_worst_rule_then_the_number_of_rules_then_the_margin():
    items = ranked([
        _item("bottom", _flag("bottom_decile", 3.0, 3.2, 3.0)),
        _item("drop", _flag("drop", 3.0, 1.0, 5.0)),
        _item("support", _flag("low_support", 2.0, 2.5)),
        _item("support just", _flag("low_support", 2.4, 2.5)),
        _item("climate", _flag("negative_climate", 4.0, 3.0)),
        _item("climate and drop", _flag("negative_climate", 3.0, 3.0), _flag("drop", 4, 1, 5)),
    ])  # fmt: skip
    assert [(item.rank, item.department) for item in items] == [
        (1, "climate and drop"), (2, "climate"), (3, "support"), (4, "support just"),
        (5, "drop"), (6, "bottom"),
    ]  # fmt: skip


def test_the_database_list_comes_ranked(db_session, thresholds_world):
    items = follow_up(db_session, as_of="2025V")
    assert [item.rank for item in items] == list(range(1, len(items) + 1))
    assert [item.department for item in items] == [
        "N-above", "N-at", "T-low", "S-below", "D-above", "D-at",
    ]  # fmt: skip
