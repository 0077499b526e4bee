"""The semester plan's assignment rules (DESIGN §4.9) on small cases worked out by hand."""

from collections import Counter
from datetime import date, timedelta

import pytest

from analysis.planning import (
    PlanDepartment,
    PlannedVisit,
    PlanObserver,
    PlanProblem,
    PlanResult,
    assign,
)
from analysis.planning_double import wanted_double_codings

MONDAY = date(2025, 9, 1)
FRIDAY = date(2025, 9, 5)
NEXT_FRIDAY = date(2025, 9, 12)
BOTH = ("toddler", "preschool")


def observer(
    observer_id: int,
    home: int | None,
    families: tuple[str, ...] = BOTH,
    network: int | None = None,
    valid: tuple[date, date] = (date(2025, 1, 1), date(2026, 1, 1)),
    busy: tuple[date, ...] = (),
) -> PlanObserver:
    certifications = tuple((family, *valid) for family in families)
    return PlanObserver(observer_id, home, network, certifications, frozenset(busy))


def department(
    department_id: int,
    kindergarten: int,
    family: str = "preschool",
    network: int | None = None,
    recent: tuple[int, ...] = (),
) -> PlanDepartment:
    return PlanDepartment(department_id, kindergarten, network, family, recent)


def plan(departments, observers, first=MONDAY, last=NEXT_FRIDAY, **options) -> PlanResult:
    options.setdefault("double_coding_share", 0.0)
    return assign(PlanProblem(tuple(departments), tuple(observers), first, last, **options))


def regular_visits(result: PlanResult) -> dict[int, PlannedVisit]:
    return {v.department_id: v for v in result.visits if v.kind == "regular"}


def rules(result: PlanResult) -> set[tuple[int | None, str]]:
    return {(u.department_id, u.rule) for u in result.unmet}


def test_an_observer_never_visits_a_department_of_their_own_kindergarten() -> None:
    departments = [department(1, kindergarten=10), department(2, kindergarten=20)]
    observers = [observer(100, home=10), observer(200, home=20)]
    for seed in range(5):
        visits = regular_visits(plan(departments, observers, seed=seed))
        assert visits[1].observer_id == 200
        assert visits[2].observer_id == 100


def test_a_certificate_running_out_mid_window_forces_a_day_before_it_ends() -> None:
    ends = date(2025, 9, 3)  # valid on Monday and Tuesday only
    observers = [observer(100, home=20, valid=(date(2025, 1, 1), ends))]
    for seed in range(10):
        visit = regular_visits(plan([department(1, 10)], observers, seed=seed))[1]
        assert visit.planned_on < ends


def test_a_certificate_starting_mid_window_forces_a_day_after_it_starts() -> None:
    starts = date(2025, 9, 10)
    observers = [observer(100, home=20, valid=(starts, date(2026, 9, 10)))]
    for seed in range(10):
        visit = regular_visits(plan([department(1, 10)], observers, seed=seed))[1]
        assert visit.planned_on >= starts


def test_an_observer_gets_one_visit_a_day_and_none_on_a_day_already_taken() -> None:
    tuesday = MONDAY + timedelta(days=1)
    wednesday = MONDAY + timedelta(days=2)
    observers = [observer(100, home=20, busy=(tuesday,))]
    departments = [department(1, 10), department(2, 11)]
    result = plan(departments, observers, last=wednesday)
    assert sorted(v.planned_on for v in result.visits) == [MONDAY, wednesday]
    assert result.unmet == ()


def test_a_department_beyond_the_observers_free_days_is_unmet_for_want_of_a_day() -> None:
    observers = [observer(100, home=20, busy=(MONDAY + timedelta(days=1),))]
    departments = [department(1, 10), department(2, 11), department(3, 12)]
    result = plan(departments, observers, last=MONDAY + timedelta(days=2))
    assert len(result.visits) == 2
    [unmet] = result.unmet
    assert unmet.rule == "no_free_day"
    assert unmet.department_id not in regular_visits(result)


def test_only_weekdays_are_planned() -> None:
    friday, monday = FRIDAY, FRIDAY + timedelta(days=3)
    result = plan([department(1, 10), department(2, 11)], [observer(100, 20)], friday, monday)
    assert sorted(v.planned_on for v in result.visits) == [friday, monday]


def test_a_family_nobody_is_certified_for_is_unmet_and_gets_no_visit() -> None:
    departments = [department(1, 10, "toddler"), department(2, 10, "preschool")]
    result = plan(departments, [observer(100, home=20, families=("preschool",))])
    assert set(regular_visits(result)) == {2}
    [unmet] = result.unmet
    assert (unmet.department_id, unmet.rule) == (1, "no_eligible_observer")
    assert unmet.details == {"family": "toddler", "kindergarten_id": 10}


def test_a_certificate_expired_before_the_window_counts_as_none() -> None:
    expired = (date(2024, 1, 1), date(2025, 1, 1))
    result = plan([department(1, 10)], [observer(100, home=20, valid=expired)])
    assert result.visits == ()
    assert rules(result) == {(1, "no_eligible_observer")}


def test_an_only_observer_from_the_same_kindergarten_leaves_the_department_unmet() -> None:
    result = plan([department(1, 10)], [observer(100, home=10)])
    assert result.visits == ()
    assert rules(result) == {(1, "no_eligible_observer")}


def test_an_observer_whose_days_are_all_taken_leaves_the_department_unmet() -> None:
    week = tuple(MONDAY + timedelta(days=i) for i in range(5))
    result = plan([department(1, 10)], [observer(100, home=20, busy=week)], last=FRIDAY)
    assert result.visits == ()
    assert rules(result) == {(1, "no_free_day")}


def test_a_recent_observer_is_avoided_when_another_can_go() -> None:
    observers = [observer(100, home=20), observer(200, home=30)]
    for recent in (100, 200):
        result = plan([department(1, 10, recent=(recent,))], observers)
        assert regular_visits(result)[1].observer_id != recent
        assert result.unmet == ()
        assert result.soft_met_share == 1.0


def test_an_observer_of_the_same_network_is_avoided_when_another_can_go() -> None:
    observers = [observer(100, home=20, network=1), observer(200, home=30, network=2)]
    result = plan([department(1, 10, network=1)], observers)
    assert regular_visits(result)[1].observer_id == 200


def test_a_soft_preference_that_cannot_be_met_is_reported_for_its_department() -> None:
    departments = [department(1, 10, network=1, recent=(100,)), department(2, 11)]
    result = plan(departments, [observer(100, home=20, network=1)])
    assert set(regular_visits(result)) == {1, 2}
    assert rules(result) == {(1, "soft_recent_observer"), (1, "soft_same_network")}
    assert result.soft_met_share == 0.5


def test_six_departments_and_three_observers_give_two_visits_each() -> None:
    departments = [department(i, kindergarten=i) for i in range(6)]
    observers = [observer(100 + i, home=None) for i in range(3)]
    result = plan(departments, observers)
    assert Counter(v.observer_id for v in result.visits) == {100: 2, 101: 2, 102: 2}
    assert (result.load_min, result.load_mean, result.load_max) == (2, 2.0, 2)
    assert result.observers_used == 3


def test_balance_yields_to_a_certificate_only_one_observer_holds() -> None:
    toddlers = [department(i, kindergarten=i, family="toddler") for i in range(3)]
    preschools = [department(10 + i, kindergarten=10 + i) for i in range(3)]
    observers = [
        observer(100, home=None, families=BOTH),
        observer(200, home=None, families=("preschool",)),
        observer(300, home=None, families=("preschool",)),
    ]
    result = plan(toddlers + preschools, observers)
    loads = Counter(v.observer_id for v in result.visits)
    assert loads == {100: 3, 200: 2, 300: 1} or loads == {100: 3, 200: 1, 300: 2}
    assert (result.load_min, result.load_max) == (1, 3)


def test_double_coding_pairs_a_share_of_visits_with_a_second_observer_the_same_day() -> None:
    departments = [department(i, kindergarten=i % 5) for i in range(10)]
    observers = [observer(100 + k, home=k) for k in range(5)]
    result = plan(departments, observers, double_coding_share=0.2)
    regular = regular_visits(result)
    double = [v for v in result.visits if v.kind == "double_coding"]
    assert len(regular) == 10 and len(double) == 2
    for visit in double:
        paired = regular[visit.department_id]
        assert visit.planned_on == paired.planned_on
        assert visit.observer_id not in (paired.observer_id, 100 + visit.department_id % 5)
    assert result.unmet == ()


def test_double_coding_reaches_each_observer_not_yet_double_coded_this_year() -> None:
    departments = [department(i, kindergarten=i % 5) for i in range(10)]
    observers = [observer(100 + k, home=k) for k in range(5)]
    for seed in range(5):
        result = plan(
            departments,
            observers,
            double_coding_share=0.3,
            double_coded_this_year=frozenset({100, 101}),
            seed=seed,
        )
        regular = regular_visits(result)
        coded = [regular[v.department_id].observer_id for v in result.visits if v.kind != "regular"]
        assert sorted(coded) == [102, 103, 104]


def test_double_coding_that_nobody_can_do_is_reported_as_short() -> None:
    departments = [department(1, kindergarten=10), department(2, kindergarten=20)]
    observers = [observer(100, home=10), observer(200, home=20)]
    result = plan(departments, observers, double_coding_share=0.3)
    assert len(result.visits) == 2
    [unmet] = result.unmet
    assert (unmet.department_id, unmet.rule) == (None, "double_coding_short")
    assert unmet.details == {"wanted": 1, "planned": 0}


@pytest.mark.parametrize(
    ("share", "visits", "wanted"), [(0.1, 25, 3), (0.1, 5, 1), (0.1, 4, 0), (0.3, 10, 3)]
)
def test_the_double_coding_count_is_the_share_rounded_half_up(share, visits, wanted) -> None:
    assert wanted_double_codings(share, visits) == wanted


def test_the_same_problem_and_seed_give_the_same_plan() -> None:
    departments = [department(i, kindergarten=i % 4, family=BOTH[i % 2]) for i in range(12)]
    observers = [observer(100 + k, home=k % 4) for k in range(8)]
    first = plan(departments, observers, double_coding_share=0.2, seed=7)
    assert plan(departments, observers, double_coding_share=0.2, seed=7) == first
    others = [plan(departments, observers, double_coding_share=0.2, seed=s) for s in range(5)]
    assert any(other.visits != first.visits for other in others)


def test_a_plan_with_nothing_to_do_is_empty() -> None:
    result = plan([], [observer(100, home=None)])
    assert result.visits == () and result.unmet == ()
    assert (result.observers_used, result.load_max, result.soft_met_share) == (0, 0, 1.0)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"double_coding_share": 0.31}, "share"),
        ({"double_coding_share": -0.1}, "share"),
        ({"first_day": FRIDAY, "last_day": MONDAY}, "after its last day"),
    ],
)
def test_a_problem_refuses_a_share_out_of_range_or_a_reversed_window(options, message) -> None:
    window = {"first_day": MONDAY, "last_day": FRIDAY} | options
    with pytest.raises(ValueError, match=message):
        PlanProblem((), (), **window)


def test_a_large_pool_is_sampled_yet_the_one_observer_with_room_is_found() -> None:
    """80 observers are more than a department is offered whole: 79 are free one day each,
    one every day, so ten departments must reach that one beyond their sample."""
    whole_window = (MONDAY, NEXT_FRIDAY + timedelta(days=1))
    one_day = [
        (MONDAY + timedelta(days=i % 5), MONDAY + timedelta(days=i % 5 + 1)) for i in range(79)
    ]
    observers = [observer(100 + i, None, ("preschool",), valid=one_day[i]) for i in range(79)]
    observers.append(observer(999, None, ("preschool",), valid=whole_window))
    departments = [department(i, kindergarten=i) for i in range(89)]
    for seed in range(5):
        result = plan(departments, observers, seed=seed)
        assert len(regular_visits(result)) == 89 and result.unmet == ()
        assert Counter(v.observer_id for v in result.visits)[999] == 10
