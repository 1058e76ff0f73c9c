"""Loading a meeting's actions into the database's `actions` register.

Loading is idempotent: the meeting's earlier load is replaced, never added to. An action
carried forward keeps its id, so the newest meeting's row for an id wins: a newer meeting
replaces an earlier meeting's row, and loading an older meeting after a newer one leaves the
newer rows in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from psg_tui.core.minutes.model import Minutes

if TYPE_CHECKING:
    import duckdb

_DELETE_OLDER = """
DELETE FROM actions
WHERE meeting = $meeting
   OR (list_contains($ids, id)
       AND coalesce(try_cast(left(meeting, 10) AS DATE), DATE '0001-01-01') <= $meeting_date)
"""

_INSERT = """
INSERT INTO actions (id, area_id, title, owner, agency, raised, due, status, priority, meeting)
SELECT * FROM (
    SELECT unnest($ids) AS id, unnest($areas), unnest($titles), unnest($owners), unnest($agencies),
           unnest($raised), unnest($due), unnest($statuses), unnest($priorities), $meeting
)
WHERE id NOT IN (SELECT id FROM actions)
"""


def load_minutes_into(con: duckdb.DuckDBPyConnection, minutes: Minutes, *, transaction: bool = True) -> int:
    """Replace this meeting's rows in `actions`; return how many rows were written.

    Ids that a later meeting already holds keep that meeting's row, so the result can be
    less than len(minutes.actions). With `transaction=False` the caller's own transaction
    covers the change (for a builder that loads several things at once).
    """
    meeting = minutes.meeting
    actions = minutes.actions
    if transaction:
        con.execute("BEGIN TRANSACTION")
    try:
        ids = [a.id for a in actions]
        con.execute(_DELETE_OLDER, {"meeting": meeting.label, "ids": ids, "meeting_date": meeting.date})
        written = 0
        if actions:
            rows = con.execute(
                _INSERT,
                {
                    "ids": ids,
                    "areas": [a.area for a in actions],
                    "titles": [a.title for a in actions],
                    "owners": [a.owner for a in actions],
                    "agencies": [a.agency for a in actions],
                    "raised": [a.raised for a in actions],
                    "due": [a.due for a in actions],
                    "statuses": [a.status for a in actions],
                    "priorities": [a.priority for a in actions],
                    "meeting": meeting.label,
                },
            ).fetchall()
            written = int(rows[0][0]) if rows else 0
        if transaction:
            con.execute("COMMIT")
    except BaseException:
        if transaction:
            con.execute("ROLLBACK")
        raise
    return written
