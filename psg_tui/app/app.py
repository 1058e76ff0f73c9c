"""The dashboard application. It holds the meeting state; screens do the showing."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widget import AwaitMount
from textual.worker import Worker, WorkerState

from psg_tui.app.blanking import BLANK_KEYS, Blanker
from psg_tui.app.freshness import CHECK_EVERY, DatabaseFreshness
from psg_tui.app.keys import RAG_NOTES, help_groups
from psg_tui.app.minutes import MinutesController
from psg_tui.app.navigation import Navigation
from psg_tui.app.palette import DASHBOARD_COMMANDS, AreaCommands, OperationCommands
from psg_tui.app.prefetch import Prefetch
from psg_tui.app.safe_output import NoControlCharacters
from psg_tui.app.themes import HIGH_CONTRAST, HIGH_CONTRAST_THEME, NORMAL
from psg_tui.core.meeting import Meeting
from psg_tui.core.minutes import MinutesStore
from psg_tui.core.operations import Operation
from psg_tui.core.periods import Period
from psg_tui.core.queries import QueryResult
from psg_tui.core.safe_text import visible
from psg_tui.core.settings import load_settings, save_setting
from psg_tui.core.text import bounded, one_line
from psg_tui.screens.base import PsgScreen
from psg_tui.screens.blank import BlankScreen
from psg_tui.share.options import ShareOptions
from psg_tui.widgets.footer import SteadyFooter
from psg_tui.widgets.meeting_bar import MeetingBar
from psg_tui.widgets.scrollbar import use_whole_cell_scrollbars

if TYPE_CHECKING:
    from psg_tui.app.sharing import Sharing
    from psg_tui.core.privacy import ScreenMask  # imported when privacy mode first needs it

NARROW_BELOW = 120  # columns
NARROW_TOAST_SECONDS = {"information": 5.0, "warning": 10.0, "error": 12.0}


class PsgApp(App[None]):
    CSS_PATH = "psg.tcss"
    TITLE = "psg-tui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {AreaCommands, OperationCommands}
    # The dashboard's screens, each built with the app as its meeting context (screens never
    # import the app), as "module:class": a screen's module is imported when it is first shown,
    # or by `warm_screens` once the overview is drawn, so start-up imports the overview's only.
    # Graphs are cheap to import: plotext loads when they are first shown.
    SCREENS_BY_MODE: dict[str, str] = {
        "overview": "psg_tui.screens.overview:OverviewScreen",
        "area": "psg_tui.screens.area:AreaScreen",
        "tracker": "psg_tui.screens.tracker:TrackerScreen",
        "agenda": "psg_tui.screens.agenda:AgendaScreen",
        "pictures": "psg_tui.screens.pictures:PicturesScreen",
        "operation": "psg_tui.screens.operation:OperationScreen",
        "district": "psg_tui.screens.district:DistrictScreen",
    }
    DEFAULT_MODE = "overview"
    # Screens narrower than this are "-narrow" (psg.tcss: slimmer toasts) and keep toasts shorter.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    BINDINGS = [
        Binding("n", "next_area", "Next area"),
        Binding("p", "previous_area", "Prev area"),
        Binding("o", "overview", "Overview"),
        Binding("t", "tracker", "Actions"),
        Binding("m", "agenda", "Agenda"),
        Binding("g", "pictures", "Graphs"),
        # Not in the footer, which is full at 80 columns: in the help, the palette and the operation view's footer.
        Binding(
            "O",
            "operation",
            "Operations",
            show=False,
            tooltip="the operations working in the current area, in turn",
        ),
        Binding(
            "D",
            "district",
            "District",
            show=False,
            tooltip="the strategic assessment: 12-month change, priorities, what residents say",
        ),
        Binding("a", "add_action", "Add action"),
        Binding("left_square_bracket", "previous_period", "Prev month", key_display="["),
        Binding("right_square_bracket", "next_period", "Next month", key_display="]"),
        Binding("h", "toggle_privacy", "Privacy"),
        # One key hides everything, from every screen, form and editor (see blanking.py); f12 and
        # ctrl+b are the same without the delay terminals put on a lone escape.
        Binding(",".join(BLANK_KEYS), "blank", "Hide screen", key_display="esc", priority=True),
        Binding("c", "toggle_contrast", "Contrast", show=False),
        Binding("r", "reload", "Reload data", show=False),
        Binding(
            "R",
            "reload_minutes",
            "Reload minutes",
            show=False,
            tooltip="after another program changed the file",
        ),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit", tooltip="asks first while a meeting is under way (q again or y quits)"),
    ]

    area_id: reactive[str | None] = reactive(None)
    operation_id: reactive[str | None] = reactive(None)
    period: reactive[Period] = reactive(Period(2000, 1))
    minutes_version: reactive[int] = reactive(0)
    privacy: reactive[bool] = reactive(False)
    rank_by_rate: reactive[bool] = reactive(False)  # the overview's order, which n and p follow

    def __init__(
        self,
        meeting: Meeting,
        period: Period,
        store: MinutesStore,
        *,
        resumed: bool = False,
        notices: Iterable[str] = (),
        clock: Callable[[], datetime] = datetime.now,
        share: ShareOptions | None = None,
    ) -> None:
        super().__init__()
        for mode, where in self.SCREENS_BY_MODE.items():
            self.add_mode(mode, partial(_build_screen, where, self))
        self._filters.append(NoControlCharacters())
        use_whole_cell_scrollbars()
        self.clock = clock
        self.overview_rows: dict[str, dict[str, Any]] = {}
        self.meeting = meeting
        meeting.keep_results()  # n and p draw an area the prefetch has computed from memory
        meeting.use_budgets()  # a panel file that never finishes fails in its own box
        self.prefetch = Prefetch(self, lambda: self.meeting, lambda: self.area_order, lambda: self.area_id)
        self.minutes = MinutesController(self, store)
        meeting.minutes = lambda: self.minutes_store.minutes  # its actions count in the overview
        self._resumed = resumed
        self._warmed = False  # the other screens imported (after the first overview)
        self._bindings_of_mode: str | None = None  # a screen's keys asked for before it is shown
        self.notices = tuple(notices)  # about the minutes: shown as warnings once the screen is up
        self.within = meeting.areas_within()  # each area's areas lying inside it
        self.set_reactive(PsgApp.period, period)
        self.area_order: list[str] = []
        self.area_names: dict[str, str] = meeting.area_names()
        self.operations: list[Operation] = meeting.operations()
        self.navigation = Navigation(self)
        self.freshness = DatabaseFreshness(self, redraw=lambda: self.mutate_reactive(PsgApp.period))
        self._mask: tuple[int, ScreenMask] | None = None
        self.blanker = Blanker(self)
        self.share_options = share  # `psg --share`: started once the screen is up
        self.sharing: Sharing | None = None
        self.register_theme(HIGH_CONTRAST_THEME)
        remembered = load_settings().get("theme")
        self.theme = remembered if remembered in (NORMAL, HIGH_CONTRAST) else NORMAL

    # -- start-up and shutdown ------------------------------------------------

    def on_mount(self) -> None:
        self.blanker.install()
        self.set_interval(CHECK_EVERY, self.freshness.check)
        self.notify(self.minutes.opening_message(self._resumed, self.clock().date()), timeout=8, markup=False)
        for notice in self.notices:  # file and database names are shown as typed, never as markup
            self.notify(notice, title="About these minutes", severity="warning", timeout=20, markup=False)
        self.freshness.warn_of_stale_counts()
        if self.share_options is not None:
            self.start_sharing(self.share_options)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.freshness.report_failure(event)
        if event.worker.name == "warm" and event.state == WorkerState.SUCCESS:
            self.call_later(self._build_ahead)

    def on_unmount(self) -> None:
        if self.sharing is not None:
            self.sharing.stop()  # every follower's page says the share has ended
        self.minutes_store.close()
        self.meeting.close()

    @property
    def minutes_store(self) -> MinutesStore:
        return self.minutes.store

    def areas_within(self, area_id: str) -> set[str]:
        """The area and every area lying inside it (a ward's hotspots)."""
        return self.within.get(area_id, set()) | {area_id}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a form, the help or the blank screen is up, the dashboard's own keys do nothing:
        a fast typist's letters must not switch screens or raise a second form under it. The blank
        key always works; nothing but it (not even the command palette) works on the blank screen."""
        if action == "blank":
            return True
        if isinstance(self.screen, BlankScreen):
            return action == "help_quit"  # quitting asks first: lift the blank, then q
        if SCREEN_ACTIONS.get(action, "") == (self._bindings_of_mode or self.current_mode):
            return False  # the key of the screen shown would do nothing: not in its footer
        return not (isinstance(self.screen, ModalScreen) and action in OWN_ACTIONS)

    # -- state the screens share ---------------------------------------------

    # -- privacy: names become initials, addresses 'address hidden' -------------

    @property
    def mask(self) -> ScreenMask:
        if self._mask is None or self._mask[0] != self.minutes_version:
            owners = [
                row[0] for row in self.meeting.con.execute("SELECT DISTINCT owner FROM actions").fetchall()
            ]
            minutes = self.minutes_store.minutes
            if self._mask is None:
                from psg_tui.core.privacy import ScreenMask

                mask = ScreenMask.for_minutes(minutes, owners, self.area_names.values())
            else:
                mask = self._mask[1]
                mask.update(minutes, owners)  # reads only what the change added
            self._mask = (self.minutes_version, mask)
        return self._mask[1]

    def shown(self, text: str) -> str:
        """Free text as the screen may show it now: masked in privacy mode, and with every
        control character made visible (a note cannot move the cursor or ring the bell), cut to
        what a screen draws before it is masked (masking megabytes would hold up the key)."""
        text = bounded(text)
        return visible(self.mask.text(text) if self.privacy else text)

    def shown_name(self, name: str) -> str:
        name = bounded(name)
        return visible(self.mask.name(name) if self.privacy else name)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast is plain text, masked like the screen: its message may hold a name, a file
        name or a value from the data, which must never be read as markup. None is drawn over
        the blank screen: they are held until it is lifted. On a narrow screen none stays long."""
        if self.blanker.hold(message, title, severity, timeout):
            return
        if self.size.width < NARROW_BELOW:  # on an 80-column projector a toast hides panels
            longest = NARROW_TOAST_SECONDS.get(severity, NARROW_TOAST_SECONDS["error"])
            timeout = min(self.NOTIFICATION_TIMEOUT if timeout is None else timeout, longest)
        super().notify(
            self.shown(message), title=self.shown(title), severity=severity, timeout=timeout, markup=False
        )

    def action_help_quit(self) -> None:
        self.notify("Press q (or ctrl+q) to quit.", title="Do you want to quit?")

    def action_toggle_privacy(self) -> None:
        self.privacy = not self.privacy
        self.notify(
            "Privacy mode ON: names shown as initials, addresses hidden."
            if self.privacy
            else "Privacy mode off: names and addresses shown.",
            timeout=4,
        )

    def action_blank(self) -> None:
        self.blanker.toggle()
        self._tell_followers()

    def _tell_followers(self) -> None:
        """Followers hear of a key at once, before the screen draws it (a busy dashboard would
        otherwise hold the share's next check back); the panels follow once drawn."""
        if self.sharing is not None:
            self.sharing.key()

    def action_toggle_contrast(self) -> None:
        self.theme = NORMAL if self.theme == HIGH_CONTRAST else HIGH_CONTRAST
        save_setting("theme", self.theme)

    def decorate_bar(self, bar: MeetingBar) -> None:
        bar.privacy = self.privacy
        bar.classification = self.meeting.classification
        bar.title = self.shown(self.meeting.title)
        previous = self.period.previous
        # A month the database holds no incidents for is no comparison (the panels say so too).
        against = f"vs {previous.label}" if previous in self.meeting.coverage.months else "no comparison"
        bar.detail = self.shown(f"{self.period.label} {against} · as of {self.meeting.as_of:%d %b %Y}")
        bar.minutes = self.shown(f"minutes: {self.minutes_store.path.name}")
        if self.sharing is not None:
            bar.following = f"{self.sharing.following} following"
            bar.share = self.sharing.link

    def redecorate(self) -> None:
        """Redraw the top bar of every screen (the number following changed)."""
        for screen in self.screen_stack:
            for bar in screen.query(MeetingBar):
                self.decorate_bar(bar)

    # -- sharing the screen with followers (app/sharing.py) ---------------------

    def start_sharing(self, options: ShareOptions) -> None:
        from psg_tui.app.sharing import start_sharing  # Starlette and uvicorn load only to share

        self.sharing = start_sharing(self, options)
        self.redecorate()

    def action_share(self) -> None:
        """Start sharing on this machine (127.0.0.1, a free port), or show and copy the link."""
        if self.sharing is None:
            self.start_sharing(self.share_options or ShareOptions())
            if self.sharing is not None:
                self.copy_to_clipboard(self.sharing.link)
            return
        self.action_copy_share_link()

    def action_copy_share_link(self) -> None:
        if self.sharing is None:
            self.notify("This screen is not shared: “Share this screen” in the palette starts it.")
            return
        self.copy_to_clipboard(self.sharing.link)
        self.notify(
            f"{self.sharing.link} ({self.sharing.following} following)",
            title="Follow link copied",
            timeout=10,
        )

    def set_area_order(self, overview: QueryResult) -> None:
        rows = overview.dicts()
        self.area_order = [row["area_id"] for row in rows]
        self.overview_rows = {row["area_id"]: row for row in rows}
        # Once the overview is on screen, the areas in the order n and p will reach them.
        self.call_after_refresh(lambda: self.prefetch.restart(self.period))
        if not self._warmed:
            self._warmed = True
            self.call_after_refresh(self._warm_screens)
        if isinstance(self.screen, PsgScreen):
            self.screen.overview_changed()  # the agenda's area item shows these figures

    def _warm_screens(self) -> None:
        """Import the other screens and the forms in the background once the overview is drawn,
        so the first `n`, `t` or `a` does not wait for Python to load them."""
        if self.is_running:
            self.run_worker(warm_imports, name="warm", group="warm", thread=True, exit_on_error=False)

    async def _build_ahead(self) -> None:
        """Compose the area view unseen while the overview is up, so the first `n` switches to a
        built screen and only draws its panels (composing a dozen panels is most of a first open).
        Nothing is laid out or loaded until it is shown: `switch_mode` lays it out at the
        terminal's size then, and the screen loads its area on being resumed."""
        if not self.is_running or "area" in self._screen_stacks:
            return
        screen = _build_screen(self.SCREENS_BY_MODE["area"], self)
        # Its breakpoint class now, not on the first resize it gets (every node restyled then).
        width = self.size.width
        screen.add_class(max((at, name) for at, name in self.HORIZONTAL_BREAKPOINTS if width >= at)[1])
        _, mounted = self._get_screen(screen)  # registered: composed and mounted, never shown
        self._load_screen_css(screen)
        self._screen_stacks["area"] = [screen]  # what switch_mode("area") would have built
        await mounted
        if not self.is_running or not screen.is_attached or self._closing:
            return  # the app is closing: nothing to build for
        # Styled now, not by restyling every screen on the first switch (as a new mode is).
        self.stylesheet.update(screen, animate=False)
        screen._css_update_count = self._css_update_count
        screen.styles_settled()
        for footer in screen.query(SteadyFooter):
            footer.build_now()  # kept when it is shown, being the same

    @contextmanager
    def keys_as_on(self, screen: Screen[Any]) -> Iterator[None]:
        """Within: the keys enabled are those of `screen`, shown or not (see check_action)."""
        mode = next((mode for mode, stack in self._screen_stacks.items() if screen in stack), None)
        before, self._bindings_of_mode = self._bindings_of_mode, mode
        try:
            yield
        finally:
            self._bindings_of_mode = before

    def area_label(self, area_id: str) -> str:
        """The area's name as the screen shows it: one line, control characters visible."""
        return one_line(visible(self.area_names.get(area_id, area_id)))

    def area_position(self, area_id: str) -> str:
        if area_id in self.area_order:
            ranking = "by rate per 1,000" if self.rank_by_rate else "by concern"
            return f"area {self.area_order.index(area_id) + 1} of {len(self.area_order)} {ranking}"
        return ""

    def watch_area_id(self) -> None:
        self.prefetch.hold_while_drawing()
        self._tell_followers()

    def watch_period(self) -> None:
        self.prefetch.hold_while_drawing()
        self._tell_followers()

    def watch_privacy(self) -> None:
        self._tell_followers()

    def switch_mode(self, mode: str) -> AwaitMount:
        self.prefetch.hold_while_drawing()
        return super().switch_mode(mode)

    def show_area(self, area_id: str) -> None:
        self.area_id = area_id
        self.switch_mode("area")

    # -- actions --------------------------------------------------------------

    def action_next_area(self) -> None:
        self.navigation.step_area(1)

    def action_previous_area(self) -> None:
        self.navigation.step_area(-1)

    def action_agenda(self) -> None:
        self.navigation.open_agenda()

    def action_overview(self) -> None:
        self.switch_mode("overview")

    def action_tracker(self) -> None:
        self.switch_mode("tracker")

    def action_pictures(self) -> None:
        """g opens the graphs; g there goes back to the screen the chair came from."""
        self.navigation.toggle("pictures")

    def action_district(self) -> None:
        """D opens the district view; D there (or b) goes back to the screen the chair came from."""
        self.navigation.toggle("district")

    def action_leave_district(self) -> None:
        self.navigation.leave("district")

    def show_operation(self, operation_id: str | None) -> None:
        self.navigation.show_operation(operation_id)

    def action_operation(self) -> None:
        self.navigation.next_operation()

    def action_leave_operation(self) -> None:
        self.navigation.leave("operation")

    def action_toggle_ranking(self) -> None:
        self.navigation.toggle_ranking()

    def action_reload(self) -> None:
        self.freshness.reload()

    @property
    def meeting_in_progress(self) -> bool:
        """The agenda was run, or the minutes changed, since the dashboard opened."""
        return self.navigation.agenda_opened or self.minutes_version > 0

    async def action_quit(self) -> None:
        """q asks first while a meeting is under way (q again, or y, quits)."""
        from psg_tui.dialogs.quit_confirm import QuitConfirm  # imported only when q is pressed

        if not self.meeting_in_progress or isinstance(self.screen, QuitConfirm):
            self._quit_now()
            return

        def answered(quit_: bool | None) -> None:
            if quit_:
                self._quit_now()

        self.push_screen(QuitConfirm(self.minutes_store.path), answered)

    def _quit_now(self) -> None:
        # Stop running panel queries first: Textual waits for its worker threads on the way out.
        self.meeting.stop_loads()
        if self.sharing is not None:
            self.sharing.stop()  # every follower's page says the share has ended
        self.exit()

    def action_add_action(self) -> None:
        self.minutes.add(self.area_id)

    def action_undo(self) -> None:
        self.minutes.undo()

    def action_reload_minutes(self) -> None:
        self.minutes.reload()

    def _step_period(self, step: int) -> None:
        target = self.period.shift(step)
        months = self.meeting.coverage.months
        if months and not months[0] <= target <= months[-1]:
            self.notify(
                f"No data for {target.label}: the database covers {months[0].label} to {months[-1].label}."
            )
            return
        self.period = target

    def action_previous_period(self) -> None:
        self._step_period(-1)

    def action_next_period(self) -> None:
        self._step_period(1)

    def action_set_period(self, text: str) -> None:
        self.period = Period.parse(text)

    def action_help(self) -> None:
        from psg_tui.screens.help import HelpScreen  # imported only when the help is opened

        self.push_screen(HelpScreen(help_groups(list(self.BINDINGS)), RAG_NOTES))

    # -- the command palette offers every action by name ----------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for title, help_text, action in DASHBOARD_COMMANDS:
            yield SystemCommand(title, help_text, getattr(self, f"action_{action}"))
        # "Go to area: …" comes from AreaCommands, which puts the best match first.
        for month in reversed(self.meeting.coverage.months):
            yield SystemCommand(
                f"Period: {month.label}",
                f"Report on {month.label} against {month.previous.label}",
                partial(setattr, self, "period", month),
            )


# Imported in the background once the overview is drawn (PsgApp._warm_screens).
LATER_IMPORTS = (
    "psg_tui.core.privacy",
    "psg_tui.dialogs.action_form",
    "psg_tui.dialogs.update_form",
    "psg_tui.dialogs.quit_confirm",
    "psg_tui.screens.help",
)


def warm_imports() -> None:
    for where in (*PsgApp.SCREENS_BY_MODE.values(), *LATER_IMPORTS):
        importlib.import_module(where.split(":")[0])


def _build_screen(where: str, context: PsgApp) -> PsgScreen:
    """The screen `where` ("module:class") names, built for `context`."""
    module, name = where.split(":")
    screen: type[PsgScreen] = getattr(importlib.import_module(module), name)
    return screen(context)


# The actions of PsgApp's own keys, which check_action switches off under a form or blank screen.
OWN_ACTIONS = frozenset(binding.action for binding in PsgApp.BINDINGS if isinstance(binding, Binding))
# Keys that open a screen, by action, which the screen itself leaves out of its footer.
SCREEN_ACTIONS = {"overview": "overview", "tracker": "tracker", "agenda": "agenda"}
