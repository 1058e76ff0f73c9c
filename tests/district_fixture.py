"""A district with two whole years of data, interventions, survey waves and minutes whose actions
name priorities, for the district view and the perception gap (tests/data/district.sql)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from psg_tui.core.database import init_db
from psg_tui.importing.derived import refresh_derived
from tests.built_once import built_once

DATA = Path(__file__).parent / "data"

MINUTES = """\
format = "psg-minutes"
version = 1

[meeting]
title = "District PSG"
date = 2026-11-20
chair = "Insp. Dana Heron"
classification = "OFFICIAL-SENSITIVE"
period_start = 2026-10-01
period_end = 2026-10-31

[[actions]]
id = "A-0001"
title = "Joint patrols on Dovecot Street"
area = "north-ward"
owner = "Sam Patel"
agency = "Council"
raised = 2026-10-15
due = 2026-11-01
status = "open"
priority = "anti-social behaviour and feelings of safety"

[[actions]]
id = "A-0002"
title = "Outreach at 12 Elm Road"
owner = "Jo Bloggs"
agency = "Change Grow Live"
raised = 2026-10-15
due = 2026-11-24
status = "in-progress"
priority = "Drug and alcohol harm"

[[actions]]
id = "A-0003"
title = "Clean-up of the back lane"
owner = "Jo Bloggs"
agency = "Council"
raised = 2026-10-15
due = 2026-12-20
status = "open"
priority = "Environmental crime and the look of the place"

[[actions]]
id = "A-0004"
title = "Letter to the landlord at 3 Mill Road"
owner = "Sam Patel"
agency = "Council"
raised = 2026-10-15
due = 2026-10-30
status = "done"
priority = "Parking"

[[actions]]
id = "A-0005"
title = "Speak to the school"
owner = "Ann Other"
agency = "Police"
raised = 2026-10-15
due = 2026-12-20
status = "open"
"""


@built_once
def build_district(path: Path) -> Path:
    init_db(path)
    con = duckdb.connect(str(path))
    try:
        con.execute((DATA / "district.sql").read_text(encoding="utf-8"))
        refresh_derived(con)
    finally:
        con.close()
    return path


def write_minutes(path: Path) -> Path:
    path.write_text(MINUTES, encoding="utf-8")
    return path
