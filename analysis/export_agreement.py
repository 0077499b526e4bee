"""The export's agreement sheet: double-coding agreement over the export's scope, and each
observer judged over the recalibration window (DESIGN §5), through analysis/agreement.py."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from analysis.agreement import agreement
from analysis.agreement_observers import recalibration_window
from analysis.export_sheets import Scope


def agreement_rows(scope: Scope) -> Iterator[tuple]:
    """Yield agreement overall and per dimension and semester over the export's scope, then
    each observer over the recalibration window: the last two semesters it holds."""
    by_semester = agreement(scope.session, by=("semester",), filters=scope.filters)
    parts = [("overall", agreement(scope.session, by=(), filters=scope.filters)),
             ("dimension", agreement(scope.session, by=("dimension",), filters=scope.filters)),
             ("semester", by_semester)]  # fmt: skip
    if by_semester:
        latest = str(by_semester[-1].group["semester"])
        window = _within_scope(scope, recalibration_window(latest))
        filters = {**scope.filters, "semester": window}
        observers = agreement(scope.session, by=("observer",), filters=filters)
        parts.append(("observer", [replace(row, group={**row.group, "semester": latest})
                                   for row in observers]))  # fmt: skip
    for breakdown, rows in parts:
        for row in rows:
            g = row.group
            yield (
                breakdown, g.get("dimension"), g.get("semester"), g.get("observer"),
                g.get("observer_name"), row.n_pairs, row.n_scores, row.exact, row.within_one,
                row.icc, row.status, row.flagged,
            )  # fmt: skip


def _within_scope(scope: Scope, semesters: tuple[str, ...]) -> tuple[str, ...]:
    """The semesters the export's semester filter lets through (all when it has none)."""
    chosen = scope.filters.get("semester")
    return semesters if chosen is None else tuple(s for s in semesters if s in chosen)
