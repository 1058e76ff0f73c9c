"""What the help screen lists: every key, grouped by where it works, built from the bindings."""

from __future__ import annotations

from textual.binding import Binding, BindingType

RAG_NOTES = (
    "RAG: red = an overdue action, a closure order expiring within 14 days, or incidents up 20% "
    "and by 10 or more; amber = incidents up 5% or more, or PSPO breaches up; green otherwise. "
    "Within a colour, areas are ranked by concern (incidents, rises, overdue actions, expiring "
    "orders, breaches). s on the overview ranks by incidents per 1,000 residents instead; areas "
    "without a rate (no population data, or under 1,000 residents, as hotspots and town centres "
    "often are) come after those with one, and say why.\n\npolice.uk data is monthly: periods are calendar months, and police.uk "
    "incidents are never shown with a day."
)


def help_groups(everywhere: list[BindingType]) -> dict[str, list[BindingType]]:
    # Every screen's keys: imported here, when the help is opened, not with the app.
    from psg_tui.screens.agenda import AgendaScreen
    from psg_tui.screens.area import AreaScreen
    from psg_tui.screens.district import DistrictScreen
    from psg_tui.screens.operation import OperationScreen
    from psg_tui.screens.overview import OverviewScreen
    from psg_tui.screens.pictures import PicturesScreen
    from psg_tui.screens.tracker import TrackerScreen

    return {
        "Everywhere": list(everywhere)
        + [
            Binding("ctrl+p", "command_palette", "Command palette"),
            Binding(
                "ctrl+g",
                "",
                "Leave a box (date, decision, search) or the notes; close the help; cancel a form",
            ),
            Binding(
                "",
                "",
                "Share this screen / Copy the follow link (in the palette): remote members follow in a browser",
                key_display="ctrl+p",
            ),
        ],
        "Overview": list(OverviewScreen.BINDINGS)
        + [Binding("up,down", "", "Move through the areas (the highlighted one is current)")],
        "Area view": list(AreaScreen.BINDINGS)
        + [
            Binding("tab", "", "Move to this meeting's actions table (then its notes and decisions)"),
            Binding("up,down,pageup,pagedown", "", "Scroll the panels"),
        ],
        "Operation view": list(OperationScreen.BINDINGS)
        + [
            Binding(
                "", "", "Go to operation: … in the command palette opens any operation", key_display="ctrl+p"
            ),
        ],
        "District view": list(DistrictScreen.BINDINGS)
        + [
            Binding("D", "", "Open the district view, or go back from it"),
            Binding("[,]", "", "Move the 12 months back or on a month"),
        ],
        "Action tracker": list(TrackerScreen.BINDINGS),
        "Agenda": list(AgendaScreen.BINDINGS),
        "Graphs (trend chart and hotspot map)": list(PicturesScreen.BINDINGS),
        "Action form": [
            Binding("tab", "", "Title → owner → agency → due date → area → priority"),
            Binding("ctrl+s", "", "Save (written to the minutes file before the form closes)"),
            Binding("ctrl+g", "", "Cancel (or the Cancel button)"),
            Binding("", "", "Dates: 31/12/2026, 31/12/26 or 2026-12-31", key_display="dates"),
            Binding(
                "escape",
                "",
                "Hide the screen: the form and what you typed are kept for when it comes back",
            ),
        ],
    }
