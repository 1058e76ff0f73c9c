"""The followers' server on its own: the token, the Host check, the headers, the cap, the stream."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from psg_tui.core.errors import PsgError
from psg_tui.publish.follow import FollowTable, FollowView, blank_view, render_page, render_view
from psg_tui.share.hub import Hub, Shown
from psg_tui.share.options import ShareOptions
from psg_tui.share.server import Followers, FollowLog, ShareServer, allowed_hosts, bind

TOKEN = "t0ken-for-tests_0123456789abcdef"
HOST = "127.0.0.1:8765"


def page(shown: Shown, assets: str, events: str) -> str:
    return render_page(body=shown.html, title=shown.title, status=shown.status, assets=assets, events=events)


def make(tmp_path: Path, cap: int = 25) -> tuple[Hub, Followers, TestClient]:
    hub = Hub()
    view = FollowView("view", marking="OFFICIAL-SENSITIVE", heading="Mandale and Victoria")
    hub.publish(render_view(view), view.page_title, view.announcement)
    followers = Followers(hub, TOKEN, max_followers=cap, log=FollowLog(tmp_path / "m.follow.log"), page=page)
    followers.hosts = allowed_hosts("127.0.0.1", 8765)
    return hub, followers, TestClient(followers.app(), base_url=f"http://{HOST}")


def events_of(lines: list[str]) -> list[tuple[str, dict[str, str]]]:
    found, kind = [], ""
    for line in lines:
        if line.startswith("event: "):
            kind = line[7:]
        elif line.startswith("data: "):
            found.append((kind, json.loads(line[6:])))
    return found


def test_the_page_shows_the_view_with_strict_headers(tmp_path: Path) -> None:
    _, _, client = make(tmp_path)
    response = client.get(f"/follow/{TOKEN}", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert "<h1>Mandale and Victoria</h1>" in response.text
    assert response.text.count('<p class="marking">OFFICIAL-SENSITIVE</p>') == 2  # top and bottom
    csp = response.headers["content-security-policy"]
    for part in ("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'"):
        assert part in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]
    assert "<script>" not in response.text and "style=" not in response.text  # nothing inline
    for asset in ("follow.js", "follow.css"):
        got = client.get(f"/follow/{TOKEN}/{asset}")
        assert got.status_code == 200 and got.content
        assert "content-security-policy" in got.headers


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/follow",
        "/follow/",
        "/follow/wrong",
        f"/follow/{TOKEN[:-1]}",
        f"/follow/{TOKEN}x",
        "/follow/wrong/events",
        "/follow/wrong/follow.js",
        f"/follow/{TOKEN}/secret.txt",
        f"/follow/{TOKEN}/../x",
    ],
)
def test_a_request_without_the_token_is_refused(tmp_path: Path, path: str) -> None:
    _, _, client = make(tmp_path)
    response = client.get(path)
    assert response.status_code in (403, 404)
    assert "Mandale" not in response.text
    assert "content-security-policy" in response.headers


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1:9999", "127.0.0.1", ""])
def test_a_wrong_host_header_is_refused(tmp_path: Path, host: str) -> None:
    _, _, client = make(tmp_path)
    response = client.get(f"/follow/{TOKEN}", headers={"Host": host})
    assert response.status_code == 421
    assert "Mandale" not in response.text


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765"])
def test_the_local_names_of_the_bound_address_are_allowed(tmp_path: Path, host: str) -> None:
    _, _, client = make(tmp_path)
    assert client.get(f"/follow/{TOKEN}", headers={"Host": host}).status_code == 200


def test_a_host_bound_on_the_network_allows_only_its_own_name() -> None:
    assert allowed_hosts("10.1.2.3", 80) == frozenset({"10.1.2.3:80"})


def test_bound_to_every_address_this_machines_names_are_allowed_and_no_other() -> None:
    import socket

    hosts = allowed_hosts("0.0.0.0", 8470)
    assert f"{socket.gethostname().lower()}:8470" in hosts and "127.0.0.1:8470" in hosts
    assert "evil.example:8470" not in hosts and "0.0.0.0:8470" not in hosts


def test_followers_past_the_cap_are_refused(tmp_path: Path) -> None:
    hub, _, client = make(tmp_path, cap=2)
    hub.followers = 2  # two streams open
    page_ = client.get(f"/follow/{TOKEN}")
    assert page_.status_code == 503 and "full" in page_.text and "Mandale" not in page_.text
    assert client.get(f"/follow/{TOKEN}/events").status_code == 503
    assert "refused (full)" in (tmp_path / "m.follow.log").read_text()


def test_the_stream_sends_the_latest_view_and_ends_with_the_share(tmp_path: Path) -> None:
    hub, _, client = make(tmp_path)
    lines: list[str] = []
    with client.stream("GET", f"/follow/{TOKEN}/events") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        assert hub.followers == 1
        for line in response.iter_lines():
            lines.append(line)
            if line.startswith("data: ") and len(events_of(lines)) == 1:
                blank = blank_view("OFFICIAL-SENSITIVE")
                hub.publish(render_view(blank), blank.page_title, blank.announcement)
            elif line.startswith("data: ") and len(events_of(lines)) == 2:
                hub.publish("<p>gone</p>", "ended", "The meeting's share has ended", ended=True)
    got = events_of(lines)
    assert [kind for kind, _ in got] == ["view", "view", "ended"]
    assert "Mandale" in got[0][1]["html"]
    assert got[1][1]["status"] == "The chair has hidden the screen"
    assert "Mandale" not in got[1][1]["html"] and "OFFICIAL-SENSITIVE" in got[1][1]["html"]
    assert hub.followers == 0
    log = (tmp_path / "m.follow.log").read_text().splitlines()
    assert [line.split("\t")[1] for line in log] == ["joined", "left"]
    assert all(line.split("\t")[2] for line in log)  # the client's address, and nothing else
    assert TOKEN not in "".join(log)


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[bold red]markup[/bold red] **md** {{ 7*7 }}",
    "bell\x07 esc\x1b[2J nul\x00 rtl\u202eevil",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_reach_the_page_escaped(name: str) -> None:
    view = FollowView(
        "view",
        marking="OFFICIAL",
        title=name,
        heading=name,
        subheading=name,
        notes=(name,),
        tables=(FollowTable(name, (name, "n"), ((name, "1"),), (False, True), note=name),),
    )
    html = render_view(view)
    page_ = render_page(body=html, title=name, status=name, assets="/a", events="/e")
    for text in (html, page_):
        assert "<script>" not in text and "<img" not in text
        assert not any(ch in text for ch in "\x07\x1b\x00\u202e")
    if name.startswith("<script>"):
        assert "&lt;script&gt;" in html
    assert "{{" not in html or "{{ 7*7 }}" in html  # shown as typed, never evaluated
    assert "49" not in html


def test_a_port_in_use_is_a_clear_error_naming_it() -> None:
    taken = bind("127.0.0.1", 0)
    port = taken.getsockname()[1]
    try:
        with pytest.raises(PsgError, match=f"port {port} on 127.0.0.1"):
            bind("127.0.0.1", port)
    finally:
        taken.close()


def test_the_server_runs_on_its_own_thread_and_stops(tmp_path: Path) -> None:
    import httpx

    hub, followers, _ = make(tmp_path)
    server = ShareServer(followers, ShareOptions())
    server.start()
    try:
        assert server.link.startswith("http://127.0.0.1:") and server.link.endswith(f"/follow/{TOKEN}")
        assert httpx.get(server.link, timeout=5).status_code == 200
        assert httpx.get(server.link.replace(TOKEN, "nope"), timeout=5).status_code == 404
    finally:
        hub.publish("", "", "", ended=True)
        server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.link, timeout=2)


def test_the_chairs_area_is_marked_current_in_the_overview() -> None:
    table = FollowTable("Areas", ("Area", "n"), (("North", "1"), ("South", "2")), (False, True), current=1)
    html = render_view(FollowView("view", marking="OFFICIAL", heading="2 areas", tables=(table,)))
    assert '<tr class="current" aria-current="true"><th scope="row">South</th>' in html
    assert html.count("aria-current") == 1
