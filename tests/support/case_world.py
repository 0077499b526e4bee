"""A small programme for the follow-up case tests, with scores chosen to raise a flag.

    pool 1 ── Nettverk Vest (mentor) ── Haslum: Blåklokka (toddler)
                                      └ Stabekk: Maurtua (pre-school; director)
    pool 2 ── Nettverk Øst (other mentor) ── Eiksmarka: Solsikke (pre-school)

Maurtua's emotional support is in the low band in 2024H (with negative climate 6, so it is
flagged), then climbs in 2025V and 2025H: the before/after figures of a case started there.
"""

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.models import Department, Kindergarten, Network, Pool

from .analysis_data import scored_observation
from .factories import make_org, make_user

FLAG_SEMESTER = "2024H"
ES_LOW = {"PC": [2, 2, 2], "NC": [6, 6, 6], "TS": [2, 2, 2], "RSP": [2, 2, 1]}
MAURTUA_SCORES = {
    "2024V": {"PC": [4, 4, 4], "NC": [2, 2, 2], "TS": [4, 4, 4], "RSP": [4, 4, 4]},
    FLAG_SEMESTER: ES_LOW,
    "2025V": {"PC": [4, 5, 4], "NC": [3, 2, 2], "TS": [3, 3, 4], "RSP": [3, 3, 3]},
    "2025H": {"PC": [5, 6, 5], "NC": [1, 2, 1], "TS": [4, 4, 5], "RSP": [4, 5, 4]},
}


@dataclass
class FollowUpWorld:
    org: dict
    mentor: object  # mentors Nettverk Vest
    director: object  # directs Stabekk (Maurtua)
    home_director: object  # directs Haslum (Blåklokka), in the same network
    other_mentor: object  # mentors Nettverk Øst only
    lead: object
    observer: object
    solsikke: Department
    extra: dict = field(default_factory=dict)

    @property
    def maurtua(self) -> Department:
        return self.org["other_dept"]

    @property
    def blaaklokka(self) -> Department:
        return self.org["home_dept"]


def make_followup_world(session: Session) -> FollowUpWorld:
    org = make_org(session)
    pool2 = Pool(number=2, first_semester="2021V")
    east = Network(name="Nettverk Øst", pool=pool2)
    eiksmarka = Kindergarten(name="Eiksmarka barnehage", pool=pool2, network=east)
    solsikke = Department(kindergarten=eiksmarka, name="Solsikke", age_group="preschool")
    session.add_all([pool2, east, eiksmarka, solsikke])
    session.flush()
    mentor = make_user(session, "mentor@example.no", "mentor", name="Mona Mentor")
    other_mentor = make_user(session, "mentor2@example.no", "mentor", name="Omar Mentor")
    director = make_user(
        session, "styrer@example.no", "director", name="Siri Styrer", home_kindergarten=org["other"]
    )
    home_director = make_user(
        session, "styrer2@example.no", "director", home_kindergarten=org["home"]
    )
    lead = make_user(session, "lead@example.no", "project_lead", name="Per Prosjekt")
    observer = make_user(session, "obs@example.no", "observer", home_kindergarten=org["home"])
    org["network"].mentor = mentor
    east.mentor = other_mentor
    for semester, scores in MAURTUA_SCORES.items():
        scored_observation(
            session, org["other_dept"], observer, scores, semester=semester, status="released"
        )
    session.commit()
    return FollowUpWorld(
        org, mentor, director, home_director, other_mentor, lead, observer, solsikke
    )
