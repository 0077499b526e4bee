"""A small hand-built programme with scores chosen so that every figure can be worked out on
paper (see the expectations in tests/web/test_aggregate_small.py).

    pool 1 (2020H) ── network A ── K1: D1, D2 (pre-school)   K2: D3 (pre-school)
    pool 2 (2021V) ── network B ── K3: D4 (pre-school), D5 (toddler)
"""

from sqlalchemy.orm import Session

from app.models import Department, Kindergarten, Network, Pool

from .analysis_data import scored_observation
from .factories import make_user

ES_LOW = {"PC": [3, 3, 4], "NC": [7, 7, 6], "TS": [2, 2, 2], "RSP": [2, 2, 1]}


def build(session: Session) -> dict:
    """Create the organisation and the observations; return the objects by name."""
    pool1, pool2 = Pool(number=1, first_semester="2020H"), Pool(number=2, first_semester="2021V")
    net_a, net_b = Network(name="Nettverk A", pool=pool1), Network(name="Nettverk B", pool=pool2)
    k1 = Kindergarten(name="K1 barnehage", pool=pool1, network=net_a)
    k2 = Kindergarten(name="K2 barnehage", pool=pool1, network=net_a)
    k3 = Kindergarten(name="K3 barnehage", pool=pool2, network=net_b)
    d = {
        "D1": Department(kindergarten=k1, name="D1", age_group="preschool"),
        "D2": Department(kindergarten=k1, name="D2", age_group="preschool"),
        "D3": Department(kindergarten=k2, name="D3", age_group="preschool"),
        "D4": Department(kindergarten=k3, name="D4", age_group="preschool"),
        "D5": Department(kindergarten=k3, name="D5", age_group="toddler"),
    }
    session.add_all([pool1, pool2, net_a, net_b, k1, k2, k3, *d.values()])
    session.flush()
    ola = make_user(session, "ola@example.no", "observer", name="Ola Observatør")
    kari = make_user(session, "kari@example.no", "observer", name="Kari Kontroll")

    def observe(name, scores, **fields):
        return scored_observation(session, d[name], fields.pop("observer", ola), scores, **fields)

    d1 = observe("D1", {"PC": [5, 6, 7], "NC": [1, 1, 2], "TS": [5, 5, 5], "RSP": [4, 5, 6]})
    observe("D1", {"PC": [4, 4, 4], "NC": [1, 1, 1], "TS": [6, 6, 6], "RSP": [6, 6, 6]},
            semester="2024H", status="released")  # fmt: skip
    # Double-coding and practice never count in aggregates; drafts neither.
    observe("D1", {"PC": [5, 5, 7], "NC": [1, 1, 1]}, kind="double_coding", primary=d1,
            observer=kari)  # fmt: skip
    observe("D2", ES_LOW)
    observe("D2", {"PC": [7, 7, 7]}, kind="practice")
    observe("D3", {"PC": [2, 2, 3]})
    observe("D3", {"PC": [2, 2, 2]}, semester="2024H")
    observe("D3", {"PC": [7, 7]}, semester="2025H", status="draft")
    observe("D4", {"PC": [6, 6, 6], "NC": [4, 4, 4], "TS": [4, 4, 4], "RSP": [4, 4, 4]})
    observe("D4", {"PC": [6, 6, 6], "NC": [1, 1, 1], "TS": [6, 6, 6], "RSP": [6, 6, 6]},
            semester="2024H")  # fmt: skip
    observe("D5", {"PC": [4, 4, 4]})
    session.commit()
    return {"departments": d, "networks": (net_a, net_b), "kindergartens": (k1, k2, k3),
            "observers": (ola, kari)}  # fmt: skip
