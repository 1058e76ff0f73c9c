"""Hypothesis strategies for hostile panel files: any header values, any column types
(NaN/inf, lists, structs, huge text), 0-50 rows. Shared by the `psg query` and dashboard tests."""

from __future__ import annotations

from hypothesis import strategies as st

from psg_tui.core.queries import RENDERS, SCOPES

# Names the panels format by convention, the trend and perception contracts, and any others.
COLUMN_NAMES = (
    "trend", "change", "work_change", "change_pct", "change_ly_pct", "rag", "days_to_expiry",
    "days_overdue", "month", "incidents", "year_before", "topic", "wave", "wave_date", "respondents",
    "agreeing", "months_with_data", "id", "area_id", "name", "premises", "owner", "this_period",
)  # fmt: skip
VALUES = (
    "i", "i - 25", "170141183460469231731687303715884105727::HUGEINT", "-9223372036854775808::BIGINT",
    "'nan'::DOUBLE", "'inf'::DOUBLE", "'-inf'::DOUBLE", "i / 3.0", "1.5::DECIMAL(18,3)", "NULL",
    "[1.0, 'nan'::DOUBLE, 3.0]", "['inf'::DOUBLE, NULL, -1e308]", "[i, NULL, 2]", "[]", "['a', NULL]",
    "[[1, 2], [3]]", "{'a': 1, 'b': [1.5, 'nan'::DOUBLE]}", "MAP {'k': 'v'}", "repeat('x', 100000)",
    "repeat('[bold]\x1b[2J\u202e ', 2000)", "'Jan'", "'red'", "'amber'", "''", "true",
    "DATE '2026-01-01' + i", "TIMESTAMP '2026-01-01 10:00'", "INTERVAL 3 DAY", "'\\x00'::BLOB",
    "CASE WHEN i % 2 = 0 THEN 'nan'::DOUBLE END", "UUID '00000000-0000-0000-0000-000000000000'",
)  # fmt: skip
HEADER_KEYS = ("title", "scope", "order", "render", "empty", "district", "description")

header_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
header_values = {
    "title": header_text,
    "scope": st.sampled_from(SCOPES) | st.just("area") | header_text,
    "order": st.integers(-(10**30), 10**30).map(str) | header_text,
    "render": st.sampled_from(RENDERS)
    | st.sampled_from(("table.v2", "pie", "render-x", "Trend"))
    | header_text,
    "empty": header_text,
    "district": st.sampled_from(("true", "yes", "no")) | header_text,
    "description": header_text,
}


@st.composite
def panel_files(draw: st.DrawFn, *, area_only: bool = False) -> str:
    """The text of one panel file; `area_only` keeps `scope: area` so it is in the area view."""
    keys = draw(st.lists(st.sampled_from(HEADER_KEYS), unique=True))
    header = {key: draw(header_values[key]) for key in keys}
    if area_only:
        header["scope"] = "area"
    lines = [f"-- {key}: {value}" for key, value in header.items()]
    names = draw(
        st.lists(
            st.sampled_from(COLUMN_NAMES) | st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    columns = ", ".join(f'{draw(st.sampled_from(VALUES))} AS "{name}"' for name in names)
    rows = draw(st.integers(0, 50))
    where = draw(st.sampled_from(("", " WHERE $area IS NOT NULL")))
    return "\n".join([*lines, f"SELECT {columns} FROM range({rows}) t(i){where}", ""])
