"""Names whose modules load on first use, so the first screen does not wait for them.

``render = lazy("labinovasi.reports.readiness_pdf:render_lab_readiness")`` is called like the function
itself; ReportLab, openpyxl and the dialogs of rarely used menus are imported the first time one of
their names is called (a class is "called" to construct it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy(target: str) -> Callable[..., Any]:
    module, _sep, name = target.partition(":")

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"{target}, imported on first call."
    return call
