"""The registry of import kinds: each kind declares itself in its module (a `contract.Kind`:
name, columns, prepare, help, flags) and is listed here once. The pipeline, the header checks,
staging, the derived tables and `psg db import` (its choices and help) read this list only.

A new kind is one module and one line here; the order is the order `psg db import` lists them.
"""

from __future__ import annotations

from psg_tui.core.errors import UsageError
from psg_tui.importing.contract import Kind
from psg_tui.importing.kinds import (
    areas,
    imd,
    incidents,
    operations,
    police_uk,
    police_uk_outcomes,
    police_uk_stop_search,
    population,
    registers,
    survey,
)

KINDS: tuple[Kind, ...] = (
    police_uk.POLICE_UK,
    police_uk_outcomes.POLICE_UK_OUTCOMES,
    police_uk_stop_search.POLICE_UK_STOP_SEARCH,
    incidents.INCIDENTS,
    registers.CLOSURE_ORDERS,
    registers.PSPOS,
    registers.PSPO_BREACHES,
    operations.OPERATIONS,
    operations.INTERVENTIONS,
    areas.AREAS,
    areas.AREA_LSOAS,
    areas.ONS_WARDS,
    population.LSOA_CHANGES,
    population.POPULATION,
    imd.IMD,
    survey.SURVEY,
)
KIND_NAMES: tuple[str, ...] = tuple(kind.name for kind in KINDS)
_BY_NAME = {kind.name: kind for kind in KINDS}


def kind_named(name: str) -> Kind:
    """The kind called `name`, or a UsageError listing them."""
    kind = _BY_NAME.get(name)
    if kind is None:
        raise UsageError(f"Unknown import kind '{name}'.", f"Choose one of: {', '.join(KIND_NAMES)}.")
    return kind


def find_kind(name: str) -> Kind | None:
    return _BY_NAME.get(name)


def guess_kind(header: list[str]) -> str | None:
    """The kind whose columns this header has, to suggest when a file was given under another kind.

    Kinds that tell their files by header (police.uk's, the ONS lookup's) are asked first."""
    told = [kind for kind in KINDS if kind.layout_for or kind.find_columns]
    rest = [kind for kind in KINDS if not (kind.layout_for or kind.find_columns)]
    return next((kind.name for kind in (*told, *rest) if kind.recognises(header)), None)
