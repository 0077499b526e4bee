"""Group figures on a small hand-built programme, on both backends, with expectations worked out
by hand (the data is drawn in tests/support/analysis_small.py)."""

import statistics

import pytest

from analysis.aggregate import aggregate
from analysis.agreement import agreement
from analysis.coverage import coverage
from analysis.followup import follow_up
from analysis.progress import department_changes, trends
from tests.support import analysis_small

PREK = "class-prek"


@pytest.fixture
def world(db_session):
    return analysis_small.build(db_session)


def rows_by(rows, key="pool"):
    return {(row.group.get(key), row.code): row for row in rows}


def test_a_group_mean_is_the_mean_of_department_means(db_session, world):
    rows = rows_by(aggregate(db_session, by=["pool"], instrument_id=PREK,
                             filters={"semester": "2025V"}))  # fmt: skip
    pc = rows[(1, "PC")]
    # D1: (5+6+7)/3 = 6, D2: (3+3+4)/3 = 10/3, D3: (2+2+3)/3 = 7/3
    assert pc.n_departments == 3 and pc.n_observations == 3
    assert pc.mean == pytest.approx((6 + 10 / 3 + 7 / 3) / 3)
    assert pc.sd == pytest.approx(statistics.stdev([6, 10 / 3, 7 / 3]))
    assert pc.shares == pytest.approx({"low": 1 / 3, "mid": 1 / 3, "high": 1 / 3})
    # Cycle scores 5 6 7 | 3 3 4 | 2 2 3: two low, five middle, two high.
    assert pc.cycle_shares == pytest.approx({"low": 2 / 9, "mid": 5 / 9, "high": 2 / 9})
    single = rows[(2, "PC")]
    assert (single.n_departments, single.mean, single.sd) == (1, 6.0, None)


def test_double_coding_practice_and_drafts_never_count(db_session, world):
    rows = rows_by(aggregate(db_session, by=["semester"], instrument_id=PREK), "semester")
    # 2025V: D1 6, D2 10/3, D3 7/3, D4 6 (not D1's double-coding nor D2's practice)
    assert rows[("2025V", "PC")].n_departments == 4
    assert rows[("2025V", "PC")].mean == pytest.approx((6 + 10 / 3 + 7 / 3 + 6) / 4)
    assert ("2025H", "PC") not in rows  # only a draft


def test_without_the_semester_a_department_counts_once_with_the_mean_of_its_semesters(
    db_session, world
):
    rows = rows_by(aggregate(db_session, by=["pool"], instrument_id=PREK))
    pc = rows[(1, "PC")]
    # D1: mean(6, 4) = 5; D2: 10/3; D3: mean(7/3, 2) = 13/6
    assert (pc.n_departments, pc.n_observations) == (3, 5)
    assert pc.mean == pytest.approx((5 + 10 / 3 + 13 / 6) / 3)


def test_negative_climate_is_reversed_in_domain_means(db_session, world):
    d1 = world["departments"]["D1"].id
    rows = aggregate(db_session, by=["kindergarten"], level="domain", instrument_id=PREK,
                     filters={"semester": "2025V", "department_ids": [d1]})  # fmt: skip
    (es,) = rows
    # (PC 6 + (8 − NC 4/3) + TS 5 + RSP 5) / 4 = 17/3
    assert es.code == "ES" and es.mean == pytest.approx(17 / 3)
    # Cycle scores on the good-is-high scale: PC 5 6 7, NC 7 7 6, TS 5 5 5, RSP 4 5 6
    assert es.cycle_shares == pytest.approx({"low": 0, "mid": 6 / 12, "high": 6 / 12})


def test_a_domain_needs_every_one_of_its_dimensions(db_session, world):
    rows = aggregate(db_session, by=["pool"], level="domain", instrument_id=PREK,
                     filters={"semester": "2025V"})  # fmt: skip
    es = rows_by(rows)[(1, "ES")]
    # D3 has PC only, so pool 1's ES has D1 (17/3) and D2 ((10/3 + 4/3 + 2 + 5/3) / 4).
    assert es.n_departments == 2
    assert es.mean == pytest.approx((17 / 3 + (10 / 3 + (8 - 20 / 3) + 2 + 5 / 3) / 4) / 2)


def test_small_groups_are_suppressed_but_keep_their_n(db_session, world):
    rows = rows_by(aggregate(db_session, by=["pool"], instrument_id=PREK,
                             filters={"semester": "2025V"}, min_group_size=3))  # fmt: skip
    assert not rows[(1, "PC")].suppressed and rows[(1, "PC")].mean is not None
    hidden = rows[(2, "PC")]
    assert hidden.suppressed and hidden.n_departments == 1
    assert (hidden.mean, hidden.sd, hidden.shares, hidden.cycle_shares) == (None,) * 4


@pytest.mark.parametrize(
    ("filters", "departments"),
    [({"network": "A"}, 3), ({"kindergarten": "K3"}, 2), ({"age_group": "toddler"}, 1),
     ({"pool": 2}, 2)],  # K3 and pool 2: D4 (pre-school) and D5 (toddler) both score PC
)  # fmt: skip
def test_filters_narrow_the_departments(db_session, world, filters, departments):
    names = {n.name[-1]: n.id for n in world["networks"]}
    kindergartens = {k.name.split()[0]: k.id for k in world["kindergartens"]}
    resolved = {
        key: names.get(value) if key == "network" else kindergartens.get(value, value)
        for key, value in filters.items()
    }
    rows = aggregate(db_session, by=[], filters={**resolved, "semester": "2025V"})
    pc = next(row for row in rows if row.code == "PC")
    assert pc.n_departments == departments


def test_grouping_by_network_and_instrument_names_the_groups(db_session, world):
    rows = aggregate(db_session, by=["network", "instrument"], filters={"semester": "2025V"})
    groups = {tuple(sorted(row.group.items())) for row in rows if row.code == "PC"}
    net_a, net_b = world["networks"]
    assert groups == {
        (("instrument", PREK), ("network", net_a.id), ("network_name", "Nettverk A")),
        (("instrument", PREK), ("network", net_b.id), ("network_name", "Nettverk B")),
        (("instrument", "class-toddler"), ("network", net_b.id), ("network_name", "Nettverk B")),
    }


def test_trends_give_changes_and_semesters_in_programme(db_session, world):
    points = [p for p in trends(db_session, by=["pool"], level="dimension", instrument_id=PREK)
              if p.row.code == "PC" and p.row.group["pool"] == 1]  # fmt: skip
    first, second = points
    assert (first.row.group["semester"], first.semesters_in_programme) == ("2024H", 8)
    assert (second.row.group["semester"], second.semesters_in_programme) == ("2025V", 9)
    assert first.row.mean == pytest.approx((4 + 2) / 2)  # D1 4, D3 2
    # Paired: D1 4 → 6 and D3 2 → 7/3; D2 (2025V only) stays out, unlike in the group means.
    assert second.change_since_previous == pytest.approx((2 + 1 / 3) / 2)
    assert second.n_paired == 2
    assert second.change_since_start == pytest.approx(35 / 9 - 3)
    assert first.change_since_previous is None


def test_change_since_each_departments_first_observation(db_session, world):
    changes = {
        (c.group["pool"], c.code): c
        for c in department_changes(db_session, by=["pool"], level="dimension", instrument_id=PREK)
    }
    pc = changes[(1, "PC")]
    # D1: 4 → 6 (+2); D3: 2 → 7/3 (+1/3); D2 was observed once.
    assert pc.n_departments == 2
    assert pc.mean_change == pytest.approx((2 + 1 / 3) / 2)
    assert pc.mean_first == pytest.approx(3.0)


def test_coverage_counts_observed_drafts_and_departments_not_started(db_session, world):
    rows = {(r.semester, r.group["pool"]): r
            for r in coverage(db_session, semesters=["2025V", "2025H"], by=["pool"])}  # fmt: skip
    assert (rows[("2025V", 1)].observed, rows[("2025V", 1)].not_started) == (3, 0)
    assert (rows[("2025V", 2)].departments, rows[("2025V", 2)].observed) == (2, 2)
    autumn = rows[("2025H", 1)]
    assert (autumn.departments, autumn.observed, autumn.draft, autumn.not_started) == (3, 0, 1, 2)


def test_follow_up_flags_each_department_with_its_reasons(db_session, world):
    items = {item.department: item for item in follow_up(db_session, as_of="2025V")}
    assert set(items) == {"D2", "D4"}  # D3 has PC only: no domain, no Negative Climate
    climate, low = items["D2"].flags
    assert (climate.rule, climate.code, climate.value) == ("negative_climate", "NC", 20 / 3)
    assert (low.rule, low.code) == ("low_support", "ES")
    assert low.value == pytest.approx((10 / 3 + 4 / 3 + 2 + 5 / 3) / 4)
    climate, drop = items["D4"].flags
    assert (climate.rule, climate.code, climate.value) == ("negative_climate", "NC", 4.0)
    assert (drop.rule, drop.code) == ("drop", "ES")
    assert (drop.previous_value, drop.value) == (pytest.approx(6.25), pytest.approx(4.5))
    assert "fell from 6.25 in 2024H to 4.50" in drop.reason
    # Both hit negative_climate and one more rule; D2's NC is further past 3.0.
    assert (items["D2"].rank, items["D4"].rank) == (1, 2)


def test_follow_up_defaults_to_the_latest_observed_semester_and_can_be_scoped(db_session, world):
    net_a, _ = world["networks"]
    scoped = follow_up(db_session, filters={"network": net_a.id})
    assert {item.department for item in scoped} == {"D2"}
    assert {item.semester for item in scoped} == {"2025V"}  # the draft of 2025H does not count


def test_agreement_pairs_the_double_coding_with_its_primary(db_session, world):
    (overall,) = agreement(db_session, by=[])
    # PC (5,5) (6,5) (7,7); NC (1,1) (1,1) (2,1)
    assert (overall.n_pairs, overall.n_scores) == (1, 6)
    assert overall.exact == pytest.approx(4 / 6) and overall.within_one == 1.0
    by_dimension = {row.group["dimension"]: row for row in agreement(db_session)}
    assert by_dimension["PC"].exact == pytest.approx(2 / 3)
    observers = {row.group["observer_name"]: row for row in agreement(db_session, by=["observer"])}
    assert set(observers) == {"Ola Observatør", "Kari Kontroll"}
    assert not any(row.flagged for row in observers.values())


def test_asking_for_some_codes_gives_the_same_figures_for_them(db_session, world):
    everything = rows_by(aggregate(db_session, by=["pool"], level="domain", instrument_id=PREK))
    only_es = aggregate(db_session, by=["pool"], level="domain", instrument_id=PREK, codes=["ES"])
    assert {row.code for row in only_es} == {"ES"}
    for row in only_es:
        assert row == everything[(row.group["pool"], "ES")]
