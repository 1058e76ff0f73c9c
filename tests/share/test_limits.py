"""The refusal budget: a token bucket per address, bounded, and what the server does past it."""

from __future__ import annotations

import time
from pathlib import Path

from starlette.testclient import TestClient

from psg_tui.publish.follow import FollowView, render_page, render_view
from psg_tui.share.hub import Hub, Shown
from psg_tui.share.limits import RefusalBudget
from psg_tui.share.server import Followers, FollowLog, allowed_hosts

TOKEN = "t0ken-for-tests_0123456789abcdef"
HOST = "127.0.0.1:8765"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_address_has_its_burst_then_one_refusal_back_per_interval() -> None:
    clock = Clock()
    budget = RefusalBudget(burst=3, per_second=0.5, clock=clock)
    assert [budget.refuse("a") for _ in range(3)] == ["allowed"] * 3
    assert budget.refuse("a") == "over"  # said once ...
    assert budget.refuse("a") == "still over"  # ... not on every request
    assert budget.refuse("b") == "allowed"  # another address has its own
    clock.now += 2.0  # one refusal back
    assert budget.refuse("a") == "allowed"
    assert budget.refuse("a") == "over"
    clock.now += 3600  # never more than the burst saved up
    assert [budget.refuse("a") for _ in range(4)] == ["allowed"] * 3 + ["over"]


def test_a_flood_from_many_addresses_is_remembered_within_a_bound() -> None:
    budget = RefusalBudget(burst=1, remember=100)
    for n in range(10_000):
        budget.refuse(f"10.0.{n // 256}.{n % 256}")
    assert budget.remembered == 100


def make(
    tmp_path: Path, address: str = "198.51.100.7", *, delay: float = 0.0
) -> tuple[Followers, TestClient]:
    hub = Hub()
    view = FollowView("view", marking="OFFICIAL-SENSITIVE", heading="Mandale and Victoria")
    hub.publish(render_view(view), view.page_title, view.announcement)

    def page(shown: Shown, assets: str, events: str) -> str:
        return render_page(
            body=shown.html, title=shown.title, status=shown.status, assets=assets, events=events
        )

    followers = Followers(
        hub,
        TOKEN,
        log=FollowLog(tmp_path / "m.follow.log"),
        page=page,
        budget=RefusalBudget(burst=5, per_second=0.01, delay=delay),
    )
    followers.hosts = allowed_hosts("127.0.0.1", 8765)
    return followers, TestClient(followers.app(), base_url=f"http://{HOST}", client=(address, 50000))


def test_guesses_past_the_budget_are_held_back_answered_429_and_closed(tmp_path: Path) -> None:
    _, client = make(tmp_path, delay=0.2)
    for n in range(5):
        assert client.get(f"/follow/guess{n}").status_code == 404
    started = time.monotonic()
    response = client.get("/follow/guess5/events")
    assert time.monotonic() - started >= 0.2  # held back: a loop of guesses runs at this pace
    assert response.status_code == 429
    assert response.text == "Too many requests."
    assert response.headers["connection"] == "close" and response.headers["retry-after"] == "100"
    assert "content-security-policy" in response.headers
    assert "Mandale" not in response.text
    client.get("/follow/guess6")
    log = (tmp_path / "m.follow.log").read_text().splitlines()
    assert [line.split("\t")[1:] for line in log] == [["refused (too many requests)", "198.51.100.7"]]
    assert TOKEN not in "".join(log)


def test_the_link_still_works_from_an_address_past_its_budget(tmp_path: Path) -> None:
    """Behind a reverse proxy every follower shares one address: one visitor's mistakes must not
    shut the others out, and the token's randomness is what stops guessing."""
    _, client = make(tmp_path)
    for n in range(8):
        client.get(f"/follow/guess{n}")
    page = client.get(f"/follow/{TOKEN}")
    assert page.status_code == 200 and "Mandale" in page.text
    assert client.get(f"/follow/{TOKEN}/follow.js").status_code == 200


def test_wrong_host_headers_count_against_the_budget(tmp_path: Path) -> None:
    _, client = make(tmp_path)
    codes = [client.get(f"/follow/{TOKEN}", headers={"Host": "evil.example"}).status_code for _ in range(7)]
    assert codes == [421] * 5 + [429] * 2


def test_other_addresses_keep_their_own_budget(tmp_path: Path) -> None:
    followers, client = make(tmp_path)
    for n in range(6):
        client.get(f"/follow/guess{n}")
    other = TestClient(followers.app(), base_url=f"http://{HOST}", client=("203.0.113.9", 50000))
    assert other.get("/follow/guess").status_code == 404
