"""Make plotext draw the same picture every time.

plotext removes duplicate points with `list(set(...))`, so the order it draws overlapping
points and labels in depends on Python's per-process hash seed: the same chart could come
out a cell different from one run to the next. An order-keeping de-duplication (plotext's
own commented-out alternative) makes every drawing repeatable. Imported only with the
plotting widgets, so plotext is still loaded only when a chart is first shown.
"""

from __future__ import annotations

from typing import Any

import plotext._utility as _utility


def _no_duplicates(data: Any) -> list[Any]:
    return list(dict.fromkeys(data))


_utility.no_duplicates = _no_duplicates
