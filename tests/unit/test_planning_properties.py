"""Properties of every semester plan (DESIGN §4.9), on generated problems: each hard rule holds
on each visit, each department is visited or explained, each double-coding has its pair."""

from collections import Counter
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.planning import PlanDepartment, PlanObserver, PlanProblem, PlanResult, assign
from analysis.planning_double import wanted_double_codings

FAMILIES = ("toddler", "preschool")
WINDOW_START = date(2025, 9, 1)
HARD_UNMET = {"no_eligible_observer", "no_free_day"}

days = st.dates(WINDOW_START - timedelta(days=10), WINDOW_START + timedelta(days=30))
kindergartens = st.integers(1, 4)
networks = st.none() | st.integers(1, 2)


@st.composite
def certifications(draw) -> tuple[tuple[str, date, date], ...]:
    held = draw(st.lists(st.tuples(st.sampled_from(FAMILIES), days), max_size=3))
    return tuple(
        (family, start, start + timedelta(days=draw(st.integers(1, 40)))) for family, start in held
    )


@st.composite
def problems(draw) -> PlanProblem:
    observer_ids = draw(st.lists(st.integers(100, 120), max_size=7, unique=True))
    observers = tuple(
        PlanObserver(
            o,
            draw(st.none() | kindergartens),
            draw(networks),
            draw(certifications()),
            frozenset(draw(st.lists(days, max_size=4))),
        )
        for o in observer_ids
    )
    departments = tuple(
        PlanDepartment(
            d,
            draw(kindergartens),
            draw(networks),
            draw(st.sampled_from(FAMILIES)),
            tuple(
                draw(st.lists(st.sampled_from(observer_ids), max_size=2)) if observer_ids else ()
            ),
        )
        for d in range(draw(st.integers(0, 10)))
    )
    first = draw(st.dates(WINDOW_START, WINDOW_START + timedelta(days=6)))
    return PlanProblem(
        departments,
        observers,
        first,
        first + timedelta(days=draw(st.integers(0, 16))),
        double_coding_share=draw(st.sampled_from([0.0, 0.1, 0.2, 0.3])),
        double_coded_this_year=frozenset(draw(st.lists(st.sampled_from(observer_ids or [0])))),
        seed=draw(st.integers(0, 3)),
    )


def certified_on(observer: PlanObserver, family: str, day: date) -> bool:
    return any(f == family and s <= day < e for f, s, e in observer.certifications)


@settings(max_examples=50, deadline=None)
@given(problems())
def test_every_visit_keeps_every_hard_rule(problem: PlanProblem) -> None:
    result = assign(problem)
    departments = {d.id: d for d in problem.departments}
    observers = {o.id: o for o in problem.observers}
    for visit in result.visits:
        department, observer = departments[visit.department_id], observers[visit.observer_id]
        assert observer.home_kindergarten_id != department.kindergarten_id
        assert certified_on(observer, department.family, visit.planned_on)
        assert problem.first_day <= visit.planned_on <= problem.last_day
        assert visit.planned_on.weekday() < 5
        assert visit.planned_on not in observer.busy_days
    days_taken = Counter((v.observer_id, v.planned_on) for v in result.visits)
    assert max(days_taken.values(), default=1) == 1


@settings(max_examples=50, deadline=None)
@given(problems())
def test_every_department_has_one_regular_visit_or_an_unmet_saying_why(
    problem: PlanProblem,
) -> None:
    result = assign(problem)
    regular = Counter(v.department_id for v in result.visits if v.kind == "regular")
    explained = Counter(u.department_id for u in result.unmet if u.rule in HARD_UNMET)
    for department in problem.departments:
        assert regular[department.id] + explained[department.id] == 1
        if explained[department.id]:
            assert not [v for v in result.visits if v.department_id == department.id]


@settings(max_examples=50, deadline=None)
@given(problems())
def test_a_department_unmet_for_want_of_an_observer_truly_has_none(problem: PlanProblem) -> None:
    result = assign(problem)
    window = [
        problem.first_day + timedelta(days=i)
        for i in range((problem.last_day - problem.first_day).days + 1)
    ]
    departments = {d.id: d for d in problem.departments}
    for unmet in result.unmet:
        if unmet.rule == "no_eligible_observer":
            department = departments[unmet.department_id]
            assert not any(
                o.home_kindergarten_id != department.kindergarten_id
                and certified_on(o, department.family, day)
                for o in problem.observers
                for day in window
                if day.weekday() < 5
            )


@settings(max_examples=50, deadline=None)
@given(problems())
def test_each_double_coding_pairs_with_a_regular_visit_by_another_observer(
    problem: PlanProblem,
) -> None:
    result = assign(problem)
    regular = {v.department_id: v for v in result.visits if v.kind == "regular"}
    double = [v for v in result.visits if v.kind == "double_coding"]
    assert {v.kind for v in result.visits} <= {"regular", "double_coding"}
    assert len({v.department_id for v in double}) == len(double)
    for visit in double:
        paired = regular[visit.department_id]
        assert paired.planned_on == visit.planned_on
        assert paired.observer_id != visit.observer_id
    wanted = wanted_double_codings(problem.double_coding_share, len(regular))
    short = [u for u in result.unmet if u.rule == "double_coding_short"]
    assert len(double) == wanted if not short else len(double) < wanted


@settings(max_examples=50, deadline=None)
@given(problems())
def test_soft_misses_are_reported_once_per_department_and_rule(problem: PlanProblem) -> None:
    result = assign(problem)
    departments = {d.id: d for d in problem.departments}
    observers = {o.id: o for o in problem.observers}
    reported = Counter((u.department_id, u.rule) for u in result.unmet if u.rule[:5] == "soft_")
    expected = Counter()
    for visit in (v for v in result.visits if v.kind == "regular"):
        department, observer = departments[visit.department_id], observers[visit.observer_id]
        if observer.id in department.recent_observer_ids:
            expected[(department.id, "soft_recent_observer")] += 1
        if department.network_id is not None and observer.network_id == department.network_id:
            expected[(department.id, "soft_same_network")] += 1
    assert reported == expected
    assert_summary_matches(result, expected)


def assert_summary_matches(result: PlanResult, soft_missed: Counter) -> None:
    regular = [v for v in result.visits if v.kind == "regular"]
    missed = {department_id for department_id, _ in soft_missed}
    share = (len(regular) - len(missed)) / len(regular) if regular else 1.0
    assert abs(result.soft_met_share - share) < 1e-9
    assert result.observers_used == len({v.observer_id for v in result.visits})
    assert result.load_min <= result.load_mean <= result.load_max


def most_departments_placeable(problem: PlanProblem) -> int:
    """Return the size of a maximum matching of departments to (observer, free day) slots, by
    augmenting paths (Kuhn): slow, obviously right, and independent of the solver."""
    window = [
        problem.first_day + timedelta(days=i)
        for i in range((problem.last_day - problem.first_day).days + 1)
    ]
    slots = {
        department.id: [
            (o.id, day)
            for o in problem.observers
            for day in window
            if day.weekday() < 5
            and day not in o.busy_days
            and o.home_kindergarten_id != department.kindergarten_id
            and certified_on(o, department.family, day)
        ]
        for department in problem.departments
    }
    holder: dict[tuple[int, date], int] = {}

    def place(department_id: int, seen: set) -> bool:
        for slot in slots[department_id]:
            if slot not in seen:
                seen.add(slot)
                if slot not in holder or place(holder[slot], seen):
                    holder[slot] = department_id
                    return True
        return False

    return sum(place(department.id, set()) for department in problem.departments)


@settings(max_examples=50, deadline=None)
@given(problems())
def test_as_many_departments_are_visited_as_any_plan_could(problem: PlanProblem) -> None:
    result = assign(problem)
    regular = sum(1 for v in result.visits if v.kind == "regular")
    assert regular == most_departments_placeable(problem)
