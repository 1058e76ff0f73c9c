"""The followers' web server: one page, its script and style, and its event stream.

Starlette on uvicorn, on a thread with its own event loop: the chair's Textual loop never runs
a follower's request, so a flood of requests or a slow follower cannot hold up a key. Every
URL carries the meeting's random token (compared in constant time); anything else is 404.
Requests must name the address the server was bound to in their Host header (a page on another
site cannot reach it through DNS rebinding); every response carries a strict
Content-Security-Policy and no CORS header. Followers past the cap are refused. An address
refused too often (`limits.py`) has its refusals held back, so a flood of requests without the
token costs the chair's process almost nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import secrets
import socket
import threading
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from psg_tui.core.errors import PsgError
from psg_tui.share.hub import Hub, Shown
from psg_tui.share.limits import RefusalBudget
from psg_tui.share.options import DEFAULT_MAX_FOLLOWERS, LOCAL_HOSTS, ShareOptions

KEEP_ALIVE = 15.0  # seconds between comments on a quiet stream (proxies close silent ones)
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        b"img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
ASSETS = {
    "follow.js": "text/javascript; charset=utf-8",
    "follow.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",  # else the browser asks for /favicon.ico, without the token
}


class ShareError(PsgError):
    """The share could not start (the dashboard opens anyway)."""


class FollowLog:
    """`<minutes>.follow.log`: when each follower joined and left, and from where. No content,
    no names, no token. A log that cannot be written is given up, never a reason to stop."""

    def __init__(self, path: Path | None, clock: Callable[[], datetime] = datetime.now) -> None:
        self.path = path
        self.clock = clock
        self.failed: str | None = None
        self._lock = threading.Lock()

    def write(self, event: str, client: str = "") -> None:
        if self.path is None or self.failed is not None:
            return
        line = f"{self.clock().isoformat(timespec='seconds')}\t{event}\t{client}\n"
        with self._lock:
            try:
                with self.path.open("a", encoding="utf-8") as log:
                    log.write(line)
            except OSError as error:
                self.failed = f"{self.path}: {error.strerror or error}"


WILDCARDS = ("0.0.0.0", "::")


def machine_names() -> list[str]:
    """This machine's name and addresses, the loopback ones last (for a wildcard bind)."""
    names = [socket.gethostname(), socket.getfqdn()]
    with contextlib.suppress(OSError):  # a machine whose name does not resolve: its name only
        names += [str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None)]
    found = [name.lower() for name in dict.fromkeys(names) if name]
    return sorted(found, key=lambda name: name.startswith("127.") or name in LOCAL_HOSTS)


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers a follower's browser sends for the bound address: bound to this machine
    only, its local names too; bound to every address (0.0.0.0), this machine's names and
    addresses, never an unknown name (a rebinding DNS name)."""
    if host in LOCAL_HOSTS:
        names = set(LOCAL_HOSTS)
    elif host in WILDCARDS:
        names = {*LOCAL_HOSTS, *machine_names()}
    else:
        names = {host.lower()}
    return frozenset(f"[{name}]:{port}" if ":" in name else f"{name}:{port}" for name in names)


REFUSED = frozenset({403, 404, 421})  # what a follower with the link never gets
TOO_MANY = b"Too many requests."


class Guard:
    """ASGI middleware: the Host check, then the security headers on every response; a refusal
    past its address's budget (`limits.py`) is held back, then answered 429 and the connection
    closed."""

    def __init__(
        self,
        app: ASGIApp,
        hosts: Callable[[], frozenset[str]],
        budget: RefusalBudget | None = None,
        log: FollowLog | None = None,
    ) -> None:
        self.app = app
        self.hosts = hosts
        self.budget = budget
        self.log = log or FollowLog(None)

    async def _held_back(self, status: int, address: str, send: Send) -> bool:
        """Past the budget: wait, then answer 429 in place of the refusal (True)."""
        if self.budget is None or status not in REFUSED:
            return False
        verdict = self.budget.refuse(address)
        if verdict == "allowed":
            return False
        if verdict == "over":
            self.log.write("refused (too many requests)", address)
        await asyncio.sleep(self.budget.delay)
        retry = str(max(1, round(1 / self.budget.per_second))).encode() if self.budget.per_second else b"60"
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(TOO_MANY)).encode()),
            (b"retry-after", retry),
            (b"connection", b"close"),
            *SECURITY_HEADERS,
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": TOO_MANY})
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = str(client[0]) if client else "unknown"
        replaced = False

        async def secured(message: Message) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start":
                replaced = await self._held_back(int(message["status"]), address, send)
                if replaced:
                    return
                headers = [
                    (k, v) for k, v in message.get("headers", []) if not k.startswith(b"access-control-")
                ]
                message = {**message, "headers": [*headers, *SECURITY_HEADERS]}
            elif replaced:
                return  # the refusal's own body: answered already
            await send(message)

        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()
        if host not in self.hosts():
            await PlainTextResponse("Unknown host.", status_code=421)(scope, receive, secured)
            return
        await self.app(scope, receive, secured)


class Followers:
    """The followers' side of the share: the pages, the streams, the cap and the log."""

    def __init__(
        self,
        hub: Hub,
        token: str,
        *,
        max_followers: int = DEFAULT_MAX_FOLLOWERS,
        log: FollowLog | None = None,
        page: Callable[[Shown, str, str], str],
        budget: RefusalBudget | None = None,
    ) -> None:
        self.hub = hub
        self.token = token
        self.max_followers = max_followers
        self.log = log or FollowLog(None)
        self.budget = RefusalBudget() if budget is None else budget
        self.page = page  # (what is shown, assets URL, events URL) -> the whole page
        self.hosts: frozenset[str] = frozenset()
        self.stopping = False
        self._assets = {
            name: (resources.files("psg_tui.share").joinpath("static", name).read_bytes(), kind)
            for name, kind in ASSETS.items()
        }

    @property
    def base(self) -> str:
        return f"/follow/{self.token}"

    def app(self) -> ASGIApp:
        routes = [
            Route("/follow/{token}", self.show_page),
            Route("/follow/{token}/events", self.events),
            Route("/follow/{token}/{asset}", self.asset),
        ]
        starlette = Starlette(routes=routes)
        return Guard(starlette, lambda: self.hosts, self.budget, self.log)

    def _known(self, request: Request) -> bool:
        given = str(request.path_params.get("token", ""))
        return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), self.token.encode())

    def _full(self) -> bool:
        return self.hub.followers >= self.max_followers

    async def show_page(self, request: Request) -> Response:
        if not self._known(request):
            return PlainTextResponse("Not found.", status_code=404)
        if self._full():
            self.log.write("refused (full)", _client(request))
            return _full_page(self.max_followers)
        html = self.page(self.hub.latest, self.base, f"{self.base}/events")
        return HTMLResponse(html)

    async def asset(self, request: Request) -> Response:
        found = self._assets.get(str(request.path_params.get("asset", "")))
        if not self._known(request) or found is None:
            return PlainTextResponse("Not found.", status_code=404)
        return Response(found[0], media_type=found[1])

    async def events(self, request: Request) -> Response:
        if not self._known(request):
            return PlainTextResponse("Not found.", status_code=404)
        if self._full() or self.stopping:
            self.log.write("refused (full)" if not self.stopping else "refused (ending)", _client(request))
            return PlainTextResponse("This meeting's share is full.", status_code=503)
        self.hub.followers += 1
        client = _client(request)
        self.log.write("joined", client)
        return StreamingResponse(
            self._stream(client),
            media_type="text/event-stream",
            headers={"X-Accel-Buffering": "no"},  # nginx: pass each event on at once
        )

    async def _stream(self, client: str) -> AsyncIterator[str]:
        wake = self.hub.waiter()
        sent = -1
        try:
            yield "retry: 2000\n\n"
            while True:
                shown = self.hub.latest
                if shown.version != sent:
                    sent = shown.version
                    yield _event("ended" if shown.ended else "view", shown)
                    if shown.ended:
                        return
                wake.clear()
                if self.hub.latest.version != sent:
                    continue
                try:
                    await asyncio.wait_for(wake.wait(), KEEP_ALIVE)
                except TimeoutError:
                    yield ": still here\n\n"
        finally:
            self.hub.forget(wake)
            self.hub.followers -= 1
            self.log.write("left", client)


def _event(kind: str, shown: Shown) -> str:
    data = json.dumps({"html": shown.html, "title": shown.title, "status": shown.status})
    return f"event: {kind}\ndata: {data}\n\n"


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _full_page(cap: int) -> Response:
    return HTMLResponse(
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Share full</title></head>'
        f"<body><main><h1>This meeting's share is full</h1><p>{cap} people are following already. "
        "Ask the chair to raise the limit (--max-followers).</p></main></body></html>",
        status_code=503,
    )


def new_token() -> str:
    return secrets.token_urlsafe(24)


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound now so a port in use is an error the chair can read."""
    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise ShareError(
            f"Cannot share on {host}: {error.strerror}.", "Give --host an address of this machine."
        ) from None
    family, kind, proto, _, address = info[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        where = f"port {port} on {host}" if port else f"a port on {host}"
        raise ShareError(
            f"Cannot share on {where}: {error.strerror or error}.",
            "Choose another with --port, or leave --port out for a free one.",
        ) from None
    sock.setblocking(False)
    return sock


class ShareServer:
    """uvicorn serving `Followers` on a thread of its own, started and stopped by the dashboard."""

    def __init__(self, followers: Followers, options: ShareOptions) -> None:
        self.followers = followers
        self.options = options
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def link(self) -> str:
        host = self.options.host
        if host in WILDCARDS:  # a link to every address: give this machine's first
            host = next(iter(machine_names()), "127.0.0.1")
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}{self.followers.base}"

    def start(self) -> None:
        import uvicorn

        sock = bind(self.options.host, self.options.port)
        self.port = sock.getsockname()[1]
        self.followers.hosts = allowed_hosts(self.options.host, self.port)
        quiet = logging.getLogger("uvicorn")  # nothing may be printed over the dashboard
        quiet.handlers = [logging.NullHandler()]
        quiet.propagate = False
        config = uvicorn.Config(
            self.followers.app(),
            log_config=None,
            access_log=False,
            lifespan="off",
            http="h11",
            ws="none",
            server_header=False,
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)

        async def serve() -> None:
            self.followers.hub.attach(asyncio.get_running_loop())
            await self._server.serve(sockets=[sock])

        self._thread = threading.Thread(target=asyncio.run, args=(serve(),), name="psg-share", daemon=True)
        self._thread.start()
        self.followers.log.write(f"share started on port {self.port}")

    def stop(self, timeout: float = 2.0) -> None:
        """Tell every follower the share has ended (the caller published that), then stop."""
        if self._thread is None:
            return
        self.followers.stopping = True
        if self._server is not None:
            self._server.should_exit = True
        self._thread.join(timeout)
        self._thread = None
        self.followers.log.write("share ended")
