"""Lazy exports for a package (PEP 562): each name is imported from its module on first use, and
submodules load on first attribute access, so importing the package loads nothing."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def exports(
    package: str,
    names: dict[str, str],
    namespace: dict[str, Any],
    renamed: dict[str, str] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's `__getattr__` and `__dir__` for `names` (name -> module; `renamed` maps an
    exported name to the name it has in its module)."""
    renamed = renamed or {}

    def __getattr__(name: str) -> Any:
        if name in names:
            value = getattr(importlib.import_module(names[name]), renamed.get(name, name))
            namespace[name] = value
            return value
        if not name.startswith("_"):
            try:
                return importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as error:
                if error.name != f"{package}.{name}":
                    raise
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*namespace, *names})

    return __getattr__, __dir__
