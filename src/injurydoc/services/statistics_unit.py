"""Follow-up statistics for the whole unit in unit mode: the indicators of :mod:`statistics` counted by
the unit server (``injurydoc.unit_statistics``, revision 0004) over every workstation's examinations.

The server counts for the caller's unit only, returns aggregate counts only, suppresses small counts
itself (1–4 as NULL, a total that would reveal one as NULL) and logs the read; this module turns its
rows into the same :class:`~injurydoc.services.statistics.SuppressedTable` the screen, the CSV and the
PDF of the standalone statistics use, with the same rule for the totals' ranges.

What the server cannot count is said, never guessed:

- releases to the police and training exercises are recorded only on the workstations (``–``);
- a case still only on a workstation (not sent yet) is not on the server;
- a protected person's content is ciphertext on the server: their examinations and the person are
  counted (plain columns), their yes/no answers (orosanmälan, SIP) are not — how many examinations
  that concerns is given (suppressed like every count).

A month is the workstation's local calendar month, as in the standalone program (the server gets the
months' local midnights); an examination or photo counts in the month it reached the server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from injurydoc.domain.texts import text
from injurydoc.domain.vocab import Lang, Role
from injurydoc.services.session import Session
from injurydoc.services.statistics import (
    INDICATORS,
    KEYS,
    Cell,
    SuppressedTable,
    add_months,
    month_cell,
    months_between,
    total_cell,
)

__all__ = ["NOT_ON_SERVER", "UNIT_KEYS", "UnitStatistics", "UnitStatisticsService"]

#: Indicators the server counts (the rest are recorded only on the workstations).
UNIT_KEYS: Final = frozenset(
    {"examinations", "follow_ups", "photos", "concern_reports", "sip_called", "protected_persons"}
)
NOT_ON_SERVER: Final = tuple(k for k in KEYS if k not in UNIT_KEYS)
#: Shown for an indicator the server cannot count.
NOT_COUNTED: Final = Cell("–", None)

Connect = Callable[[], Any]


@dataclass(frozen=True, slots=True)
class UnitStatistics:
    """The unit's table, and the whole period's count of examinations whose answers are encrypted."""

    table: SuppressedTable
    encrypted: Cell
    server: str

    def notes(self, lang: Lang) -> list[str]:
        """What the table does not cover, in words (screen and PDF)."""
        return [
            text("stats.unit_not_covered", lang),
            text("stats.unit_encrypted", lang, n=self.encrypted.text),
        ]


def _midnight(month: dt.date) -> dt.datetime:
    return dt.datetime(month.year, month.month, 1).astimezone()


class UnitStatisticsService:
    """``table``/``csv``/``pdf`` for ``start``'s month to ``end``'s, read from the server as the signed-in
    unit manager (``connect()``); each call is one logged read on the server."""

    def __init__(self, session: Session, connect: Connect) -> None:
        self.s = session
        self.connect = connect

    def table(self, start: dt.date, end: dt.date) -> UnitStatistics:
        from injurydoc.server.connection import server_errors

        self.s.require(Role.UNIT_MANAGER)
        months = months_between(start, end)
        bounds = [_midnight(m) for m in months] + [_midnight(add_months(months[-1], 1))]
        with server_errors(), self.connect() as conn:
            rows = conn.execute(
                "SELECT part, indicator, n FROM injurydoc.unit_statistics(%s)", (bounds,)
            ).fetchall()
            unit = conn.execute("SELECT name FROM injurydoc.units WHERE id = injurydoc.my_unit()").fetchone()
            conn.commit()
            server = _server_label(conn)
        got: dict[tuple[int, str], int | None] = {(int(p), str(i)): n for p, i, n in rows}
        n_months = len(months)
        cells = tuple(
            (
                m,
                {k: month_cell(got.get((i, k))) if k in UNIT_KEYS else NOT_COUNTED for k in KEYS},
            )
            for i, m in enumerate(months)
        )
        total: dict[str, Cell] = {}
        for ind in INDICATORS:
            if ind.key not in UNIT_KEYS:
                total[ind.key] = NOT_COUNTED
                continue
            exact = got.get((n_months, ind.key))
            total[ind.key] = total_cell(ind, [c[ind.key] for _m, c in cells], exact or 0)
        encrypted_months = [month_cell(got.get((i, "encrypted_examinations"))) for i in range(n_months)]
        encrypted_ind = next(i for i in INDICATORS if i.key == "examinations")  # additive, like it
        exact = got.get((n_months, "encrypted_examinations"))
        encrypted = total_cell(encrypted_ind, encrypted_months, exact or 0)
        table = SuppressedTable(
            months[0], months[-1], cells, total, str(unit[0]) if unit else self.s.unit, False
        )
        return UnitStatistics(table, encrypted, server)

    def csv(self, start: dt.date, end: dt.date, lang: Lang = "sv") -> bytes:
        from injurydoc.services.statistics_report import render_csv

        return render_csv(self.table(start, end).table, lang)

    def pdf(self, start: dt.date, end: dt.date, lang: Lang = "sv") -> bytes:
        from injurydoc.services.statistics_report import render_pdf

        stats = self.table(start, end)
        return render_pdf(
            stats.table,
            lang,
            f"{self.s.account.display_name} ({self.s.account.username})",
            dt.datetime.now().astimezone(),
            source=text("stats.source_unit", lang, server=stats.server),
            notes=stats.notes(lang),
        )


def _server_label(conn: Any) -> str:
    info = conn.info
    host = str(info.host or "")
    return str(info.dbname) if not host or host.startswith("/") else f"{info.dbname} @ {host}"
