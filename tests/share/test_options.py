"""`--share` and its options, given before or after `open DB`: the same meeting is shared."""

from __future__ import annotations

import pytest

from psg_tui.cli import build_parser
from psg_tui.commands.dashboard import share_options
from psg_tui.share.options import ShareOptions


@pytest.mark.parametrize(
    "argv",
    [
        ["--share", "--port", "8123", "open", "x.duckdb"],
        ["open", "x.duckdb", "--share", "--port", "8123"],
        ["--share", "open", "x.duckdb", "--port", "8123"],
    ],
)
def test_share_holds_wherever_it_is_given(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert share_options(args) == ShareOptions(
        host="127.0.0.1", port=8123, max_followers=25, followers_see_names=False
    )


def test_open_without_share_shares_nothing_and_keeps_the_defaults() -> None:
    args = build_parser().parse_args(["--period", "2024-01", "open", "x.duckdb"])
    assert share_options(args) is None
    assert (args.period, args.port, args.host, args.minutes) == ("2024-01", 0, "127.0.0.1", None)
