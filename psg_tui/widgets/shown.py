"""Text as the screen may show it now: masked in privacy mode, control characters visible.

The dashboard's app provides it; widgets and forms ask for it with `shown_for(self)` rather
than being handed it, so no widget can be built that forgets privacy mode. Outside the
dashboard (a widget in a bare test app) text is shown as it is.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.dom import DOMNode


@runtime_checkable
class Shown(Protocol):
    privacy: bool

    def shown(self, text: str) -> str: ...
    def shown_name(self, name: str) -> str: ...


class _AsItIs:
    privacy = False

    def shown(self, text: str) -> str:
        return text

    def shown_name(self, name: str) -> str:
        return name


AS_IT_IS: Shown = _AsItIs()


_PROVIDES: dict[type, bool] = {}  # per app class: a protocol check costs ~10 µs, once is enough


def shown_for(node: DOMNode) -> Shown:
    """The privacy-aware text of the app `node` is running in."""
    app = node.app
    kind = type(app)
    if kind not in _PROVIDES:
        _PROVIDES[kind] = isinstance(app, Shown)
    return app if _PROVIDES[kind] else AS_IT_IS  # type: ignore[return-value]
