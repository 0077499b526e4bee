"""app.permissions: the query narrowing agrees with may(), the refusals come in order, and the
signed-in user carries what the rules read, fresh on every request."""

import pytest
from sqlalchemy import delete, select
from werkzeug.exceptions import Forbidden, NotFound

from app.auth.principal import load_principal
from app.models import Department, Network, Observation, UserRole, department_member
from app.observe.rules import RuleViolation
from app.permissions import check_edit, may, restrict
from tests.support.factories import make_user
from tests.support.reports_world import build_world


@pytest.fixture
def world(db_session):
    world = build_world(db_session)
    # Someone with two hats: director of KA1 and mentor of network C.
    two_hats = make_user(db_session, "two.hats@example.no", "director")
    two_hats.home_kindergarten = world.departments["D1"].kindergarten
    two_hats.role_rows.append(UserRole(role="mentor"))
    world.networks["C"].mentor = two_hats
    world.users["two_hats"] = two_hats
    db_session.commit()
    return world


def principals(db_session, world):
    return {who: load_principal(db_session, user.id) for who, user in world.users.items()}


def narrowed(db_session, model, user, action) -> set:
    return set(db_session.scalars(restrict(select(model.id), user, action)))


def allowed(db_session, model, user, action) -> set:
    return {row.id for row in db_session.scalars(select(model)) if may(user, action, row)}


@pytest.mark.parametrize("action", ["observation.view", "reports.view"])
def test_restricting_observations_keeps_exactly_what_may_allows(db_session, world, action):
    for who, user in principals(db_session, world).items():
        expected = allowed(db_session, Observation, user, action)
        assert narrowed(db_session, Observation, user, action) == expected, who


def test_restricting_departments_keeps_exactly_what_may_allows(db_session, world):
    for who, user in principals(db_session, world).items():
        expected = allowed(db_session, Department, user, "reports.department")
        assert narrowed(db_session, Department, user, "reports.department") == expected, who


def test_a_mentor_home_lists_only_their_own_networks(db_session, world):
    users = principals(db_session, world)
    assert narrowed(db_session, Network, users["mentor_a"], "home.mentor") == {
        world.networks["A"].id
    }
    assert narrowed(db_session, Network, users["director_1"], "home.mentor") == set()
    assert narrowed(db_session, Network, users["two_hats"], "home.mentor") == {
        world.networks["C"].id
    }


def test_a_deactivated_user_sees_nothing(db_session, world):
    world.users["project_lead"].active = False
    db_session.commit()
    lead = load_principal(db_session, world.users["project_lead"].id)
    assert narrowed(db_session, Observation, lead, "observation.view") == set()
    assert not may(lead, "dashboard.view")


def test_refusals_come_in_the_order_that_reveals_nothing(db_session, world):
    users = principals(db_session, world)
    submitted = world.observations["U"]  # observer_b's submitted report
    with pytest.raises(NotFound):
        check_edit(users["observer_a"], submitted)  # not theirs: it does not exist for them
    with pytest.raises(NotFound):
        check_edit(users["project_lead"], None)
    with pytest.raises(Forbidden):
        check_edit(users["project_lead"], submitted)  # visible, but not theirs to change
    with pytest.raises(RuleViolation) as locked:
        check_edit(users["observer_b"], submitted)  # theirs, but already submitted
    assert locked.value.code == "observation_locked"
    draft = world.observations["D12-draft"]
    check_edit(load_principal(db_session, draft.observer_id), draft)  # a draft of their own


def test_the_signed_in_user_carries_its_memberships_as_of_now(db_session, world):
    leader = world.users["leader_1"]
    assert load_principal(db_session, leader.id).department_ids == {world.departments["D1"].id}
    two_hats = load_principal(db_session, world.users["two_hats"].id)
    assert two_hats.roles == {"director", "mentor"}
    assert two_hats.network_ids == {world.networks["C"].id}
    db_session.execute(delete(department_member).where(department_member.c.user_id == leader.id))
    db_session.commit()
    assert load_principal(db_session, leader.id).department_ids == frozenset()
    assert load_principal(db_session, 999_999) is None
