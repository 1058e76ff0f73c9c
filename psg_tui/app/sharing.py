"""`psg --share`: the dashboard's side of following the chair.

The server is started and stopped here, and followers are kept up to date: a check, run after
the chair's frame following each key and every tenth of a second, compares a few fields of the
app's state with what was last sent and, when they differ, has the view built once
(`follow_views.py`, which says what followers may see) and hands it to the `Hub`; the chair's
keys never wait for it, and the server's thread does the sending. The blank sends nothing but its
sentence; quitting ends every follower's page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psg_tui.app.follow_views import FollowViews, SharedApp
from psg_tui.publish.follow import FollowView, ended_view, render_page, render_view
from psg_tui.screens.base import PsgScreen
from psg_tui.share.hub import Hub, Shown
from psg_tui.share.options import LOCAL_HOSTS, ShareOptions
from psg_tui.share.server import Followers, FollowLog, ShareError, ShareServer, new_token

CHECK_EVERY = 0.1  # seconds: a key reaches followers within this and a render


def follow_log_path(minutes: Path) -> Path:
    """`meeting.toml` -> `meeting.follow.log`, beside it."""
    return minutes.with_name(f"{minutes.stem}.follow.log")


class Sharing:
    """Held by the app while the screen is shared."""

    def __init__(self, app: SharedApp, options: ShareOptions) -> None:
        self.app = app
        self.options = options
        self.hub = Hub()
        self.log = FollowLog(follow_log_path(app.minutes_store.path))
        self.followers = Followers(
            self.hub, new_token(), max_followers=options.max_followers, log=self.log, page=self._page
        )
        self.server = ShareServer(self.followers, options)
        self.running = False
        self._sent: tuple[Any, ...] | None = None
        self._count = -1
        self.views = FollowViews(app, followers_see_names=options.followers_see_names)

    # -- start and stop --------------------------------------------------------

    def start(self) -> bool:
        """Start serving; a failure (a port in use) is a toast, and the dashboard carries on."""
        try:
            self.server.start()
        except ShareError as error:
            self.app.notify(
                f"{error.message} {error.hint or ''}".strip(), title="Not shared", severity="error"
            )
            return False
        self.running = True
        self.tick()
        self.app.set_interval(CHECK_EVERY, self.tick)
        self.app.notify(f"Followers can open {self.link}", title="Sharing this screen", timeout=10)
        if self.options.host not in LOCAL_HOSTS:
            self.app.notify(
                f"Shared beyond this machine, on {self.options.host}: anyone who can reach it and has the "
                "link can follow. Prefer the organisation's VPN or reverse proxy.",
                title="Shared on the network",
                severity="warning",
                timeout=15,
            )
        return True

    def stop(self) -> None:
        if not self.running:
            return
        self.running = False
        self._publish(ended_view(self.app.meeting.classification))
        self.server.stop()

    @property
    def link(self) -> str:
        return self.server.link

    @property
    def following(self) -> int:
        return max(self.hub.followers, 0)

    # -- keeping followers up to date ------------------------------------------

    def tick(self) -> None:
        if not self.running:
            return
        count = self.following
        if count != self._count:
            self._count = count
            self.app.redecorate()
        if self.log.failed:
            failed, self.log.failed = self.log.failed, None
            self.log.path = None  # given up: said once
            self.app.notify(f"The follow log cannot be written: {failed}", severity="warning")
        key = self._state()
        if key != self._sent:
            self._sent = key
            self._publish(self.view())

    def key(self) -> None:
        """A key changed the area, the period, privacy or the blank, and the screen has not
        drawn it yet: tell followers now if that is cheap or urgent — the blank, privacy coming
        on, or a new area's heading (its panels say "Loading…") — and leave the rest to `tick`,
        run once the chair's next frame is out (a prefetched area's figures are drawn by then;
        building and rendering them costs 1-15 ms, which the chair's key must not pay) and
        every tenth of a second after."""
        if not self.running:
            return
        key = self._state()
        if key == self._sent:
            return
        app = self.app
        privacy_on = self._sent is not None and self.privacy and not self._sent[4]
        drawn = getattr(self._screen(), "drawn", None)
        undrawn = app.current_mode == "area" and (drawn is None or drawn[:2] != (app.area_id, app.period))
        if app.blanker.is_blank or privacy_on or undrawn:
            self._sent = key
            self._publish(self.view())
        app.call_after_refresh(self.tick)

    def _state(self) -> tuple[Any, ...]:
        app = self.app
        screen = self._screen()
        return (
            app.blanker.is_blank,
            app.current_mode,
            app.area_id,
            app.period,
            self.privacy,
            app.minutes_version,
            id(app.overview_rows),
            app.rank_by_rate,
            self._drawn_key(screen),
            self._agenda_key(screen),
        )

    def _drawn_key(self, screen: PsgScreen | None) -> Any:
        """What the screen on show has drawn, as far as followers could tell it apart."""
        drawn = getattr(screen, "drawn", None)
        if drawn is None:
            return None
        mode = self.app.current_mode
        if mode == "area":
            return (drawn[0], drawn[1], id(drawn[2]), drawn[3])
        if mode == "tracker":
            return (drawn[0], getattr(screen, "selected_id", None))
        if mode == "pictures":
            return (drawn[0], drawn[1], id(drawn[2]))
        return None

    def _agenda_key(self, screen: PsgScreen | None) -> Any:
        """The agenda's item on show, or the district's or operation's report (these screens
        keep no `drawn`)."""
        mode = self.app.current_mode
        if screen is None or mode not in ("agenda", "district", "operation"):
            return None
        if mode in ("district", "operation"):
            return id(getattr(screen, "report", None))
        return (getattr(screen, "position", None), len(getattr(screen, "steps", ())))

    def _publish(self, view: FollowView) -> None:
        self.hub.publish(render_view(view), view.page_title, view.announcement, ended=view.state == "ended")

    def _page(self, shown: Shown, assets: str, events: str) -> str:
        return render_page(
            body=shown.html, title=shown.title, status=shown.status, assets=assets, events=events
        )

    # -- what followers may see (follow_views.py) ---------------------------------

    @property
    def privacy(self) -> bool:
        return self.views.privacy

    def view(self) -> FollowView:
        return self.views.view()

    def _screen(self) -> PsgScreen | None:
        return self.views.screen()


def start_sharing(app: SharedApp, options: ShareOptions) -> Sharing | None:
    sharing = Sharing(app, options)
    return sharing if sharing.start() else None


__all__ = ["ShareOptions", "Sharing", "follow_log_path", "start_sharing"]
