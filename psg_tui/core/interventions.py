"""The interventions vocabulary: what partners did, in the words an import file must use.

The kinds cover what the source operations report (patrols, engagement, referrals, buyers
disrupted, arrests) and the ASB, Crime and Policing Act 2014 tools (community protection
warnings and notices, fixed penalty notices, criminal behaviour orders, injunctions, dispersal
directions, closures). `ladder` ones are the CPW -> CPN -> FPN steps the import checks.
"""

from __future__ import annotations

INTERVENTION_KINDS: dict[str, str] = {
    "patrol": "a patrol (hotspot or high-visibility)",
    "joint-patrol": "a patrol by more than one agency",
    "engagement": "a conversation or contact: outreach, a drop-in, a door knock",
    "safeguarding-referral": "a safeguarding referral (adult or child)",
    "treatment-referral": "a referral to drug, alcohol or mental-health treatment",
    "disruption": "a disruption (a buyer stopped, a group moved on, a warning letter)",
    "arrest": "an arrest",
    "charge": "a charge",
    "caution": "a caution",
    "restorative-justice": "a restorative justice outcome",
    "cpw": "a community protection warning (2014 Act s.43)",
    "cpn": "a community protection notice (s.43), after a written warning",
    "fpn": "a fixed penalty notice (for a CPN or PSPO breach)",
    "cbo": "a criminal behaviour order (s.22)",
    "injunction": "a civil injunction (s.1)",
    "dispersal": "a dispersal direction (s.35), at most 48 hours",
    "closure": "a premises closure notice or order (s.76-93)",
    "target-hardening": "target hardening: locks, lighting, alley gates, CCTV",
    "community-event": "a community event, ward surgery or clean-up",
    "other": "anything else (say what in outcome)",
}
PHASES = ("clear", "hold", "build")
DISPERSAL_MAX_HOURS = 48
LADDER = ("cpw", "cpn", "fpn")


def kind_list() -> str:
    """The kinds, comma-separated, for messages that reject an unknown one."""
    return ", ".join(INTERVENTION_KINDS)


ACRONYMS = frozenset({"cpw", "cpn", "fpn", "cbo"})


def kind_label(kind: str) -> str:
    """How a kind reads on screen and in the minutes: 'Joint patrol' for 'joint-patrol', 'CPW'
    for 'cpw' (queries/area_interventions.sql writes the same label in SQL)."""
    if kind in ACRONYMS:
        return kind.upper()
    return kind[:1].upper() + kind[1:].replace("-", " ")
