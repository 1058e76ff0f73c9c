"""The minutes of a meeting: the model, its TOML file, and a store that saves every change durably.

No UI here: the action-tracker screen and the `psg minutes` commands both build on this.
"""

from psg_tui.core.minutes.carry import carry_forward, new_minutes
from psg_tui.core.minutes.codec import dump_minutes, parse_minutes, read_minutes
from psg_tui.core.minutes.db_load import load_minutes_into
from psg_tui.core.minutes.errors import (
    MinutesConflictError,
    MinutesError,
    MinutesInputError,
    MinutesLockedError,
    Problem,
)
from psg_tui.core.minutes.model import (
    ACTION_STATUSES,
    ATTENDEE_STATUSES,
    CLASSIFICATIONS,
    CLOSED_STATUSES,
    NOT_RECORDED,
    Action,
    AreaRecord,
    Attendee,
    Meeting,
    Minutes,
    Update,
)
from psg_tui.core.minutes.store import MinutesStore

__all__ = [
    "ACTION_STATUSES",
    "ATTENDEE_STATUSES",
    "CLASSIFICATIONS",
    "CLOSED_STATUSES",
    "NOT_RECORDED",
    "Action",
    "AreaRecord",
    "Attendee",
    "Meeting",
    "Minutes",
    "MinutesConflictError",
    "MinutesError",
    "MinutesInputError",
    "MinutesLockedError",
    "MinutesStore",
    "Problem",
    "Update",
    "carry_forward",
    "dump_minutes",
    "load_minutes_into",
    "new_minutes",
    "parse_minutes",
    "read_minutes",
]
