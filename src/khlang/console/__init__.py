"""The governance console: people sign in, act on issues, linkages and policies, and every write is audited.

`create_app(settings)` builds the FastAPI app; `khlang console` serves it with uvicorn. Routes are thin
wrappers over the same library functions the CLI and the DAGs call, which check permissions themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the app (FastAPI) is imported only by who serves it
    from khlang.console.app import create_app as create_app
    from khlang.console.settings import ConsoleSettings as ConsoleSettings


def __getattr__(name: str):  # noqa: ANN202
    if name == "create_app":
        from khlang.console.app import create_app

        return create_app
    if name == "ConsoleSettings":
        from khlang.console.settings import ConsoleSettings

        return ConsoleSettings
    raise AttributeError(name)
