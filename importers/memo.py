"""Bounded memoisation of pure text functions.

A disclosure repeats the same headings, labels, cells and table titles many
times over, and every disclosure repeats those of the others; long paragraphs
rarely repeat. :func:`short_text_cache` remembers results for short texts only,
so memory stays bounded (``maxsize`` entries of at most ``max_len`` characters)
however many documents one process imports. :func:`text_cache` is the plain
(C-level, fastest) least-recently-used cache, for functions whose texts are
short by nature (cells, amounts, names, titles) or only rarely long.
Results must be immutable: every caller gets the same object.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

R = TypeVar("R")

MAX_LEN = 256


def text_cache(maxsize: int = 8192) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Memoise ``fn(text, …)`` for the last ``maxsize`` distinct arguments."""
    return lru_cache(maxsize=maxsize)


def short_text_cache(maxsize: int = 8192, max_len: int = MAX_LEN) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Memoise ``fn(text, *args)`` when ``len(text) <= max_len``; the result must be immutable."""

    def decorate(fn: Callable[..., R]) -> Callable[..., R]:
        cached = lru_cache(maxsize=maxsize)(fn)

        # One Python frame on a hit; the one-argument form (most of them) avoids *args.
        if fn.__code__.co_argcount == 1:
            def wrapper(text: str) -> R:  # type: ignore[misc]
                return cached(text) if len(text) <= max_len else fn(text)
        else:
            def wrapper(text: str, *args: object) -> R:  # type: ignore[misc]
                return cached(text, *args) if len(text) <= max_len else fn(text, *args)

        wraps(fn)(wrapper)
        wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return wrapper

    return decorate
