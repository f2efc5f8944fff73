"""The cache the figures are kept in: Django's, except for what a writer computes before its
transaction commits (`held`), which only that writer sees until the commit.

A writer computes the figures its write made stale inside its own transaction
(figures.versions.settle_changes), under versions its transaction has bumped and nobody else
reads yet; they reach the shared cache when the transaction commits, together with the new
versions (within a moment), and never if it rolls back. So readers never wait for a writer's
refresh, and never read a figure of a write that did not happen.
"""

import threading
from contextlib import contextmanager

from django.core.cache import cache as shared
from django.core.cache.backends.base import DEFAULT_TIMEOUT

_local = threading.local()


class _Cache:
    """The part of Django's cache API the figures use, held per thread within `held()`."""

    @staticmethod
    def _held() -> dict | None:
        return getattr(_local, "held", None)

    def get(self, key, default=None):
        held = self._held()
        if held is not None and key in held:
            return held[key][0]
        return shared.get(key, default)

    def get_many(self, keys) -> dict:
        held = self._held() or {}
        found = {key: held[key][0] for key in keys if key in held}
        rest = [key for key in keys if key not in found]
        if rest:
            found |= shared.get_many(rest)
        return found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT) -> None:
        held = self._held()
        if held is None:
            shared.set(key, value, timeout=timeout)
        else:
            held[key] = (value, timeout)

    def set_many(self, mapping: dict, timeout=DEFAULT_TIMEOUT) -> None:
        held = self._held()
        if held is None:
            shared.set_many(mapping, timeout=timeout)
        else:
            held.update({key: (value, timeout) for key, value in mapping.items()})

    def add(self, key, value, timeout=DEFAULT_TIMEOUT) -> bool:
        held = self._held()
        if held is None:
            return shared.add(key, value, timeout=timeout)
        if key in held:  # claims of others are not waited for: the writer computes its own
            return False
        held[key] = (value, timeout)
        return True

    def delete(self, key) -> None:
        held = self._held()
        if held is None:
            shared.delete(key)
        else:
            held.pop(key, None)

    def delete_many(self, keys) -> None:
        held = self._held()
        if held is None:
            shared.delete_many(keys)
        else:
            for key in keys:
                held.pop(key, None)


cache = _Cache()


def holding() -> bool:
    """Return whether this thread keeps its cache writes (`held`)."""
    return getattr(_local, "held", None) is not None


@contextmanager
def held():
    """Keep in this thread what is written to `cache` within the block (read back from here
    first); yield what was kept, for `write(kept)` once the transaction has committed."""
    kept: dict = {}
    _local.held = kept
    try:
        yield kept
    finally:
        _local.held = None


def write(kept: dict) -> None:
    """Write to the shared cache what `held` kept (after the writer's commit)."""
    by_timeout: dict = {}
    for key, (value, timeout) in kept.items():
        by_timeout.setdefault(timeout, {})[key] = value
    for timeout, values in by_timeout.items():
        shared.set_many(values, timeout=timeout)
