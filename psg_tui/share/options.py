"""How the chair asked to share (read by the command line and the app; imports nothing heavy)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_FOLLOWERS = 25
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class ShareOptions:
    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port the OS chooses
    max_followers: int = DEFAULT_MAX_FOLLOWERS
    followers_see_names: bool = False
