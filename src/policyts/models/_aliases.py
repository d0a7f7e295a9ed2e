"""Old attribute names of the result classes, kept for one release as deprecated aliases.

The results speak statsmodels' and arch's language: ``pvalue`` and ``nobs``. Where a class
said ``p_value``, ``n_obs`` or ``n``, the old name still reads the same value and warns
(``DeprecationWarning`` naming the new one) when read from outside policyts; policyts' own
modules, and ``dataclasses`` helpers (``replace``, ``asdict``) that read every field, read
it silently. JSON keys (``to_dict()`` and the command line) are a documented contract and do
not change.

Two forms:

- :func:`renamed_fields` (a class decorator above ``@dataclass``) for a dataclass field
  still stored under its old name (so the constructor's keyword is unchanged); the class
  defines the new name as a property that returns the field;
- :class:`DeprecatedAlias` in a class body, for an old name that was itself a property.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["DeprecatedAlias", "renamed_fields"]

T = TypeVar("T", bound=type)


def _read_from_outside(frame_depth: int) -> bool:
    """Whether the code ``frame_depth`` frames up (the one reading the attribute) is
    outside policyts and the ``dataclasses`` module."""
    name = sys._getframe(frame_depth + 1).f_globals.get("__name__", "")
    return not (name == "policyts" or name.startswith("policyts.") or name == "dataclasses")


def _warn(owner: str, old: str, new: str) -> None:
    warnings.warn(
        f"{owner}.{old} is deprecated and will be removed in the next release; use {owner}.{new}",
        DeprecationWarning,
        stacklevel=3,
    )


class _OldField:
    """Data descriptor for a dataclass field kept under its old name: stores the value in
    the instance's ``__dict__`` and warns when read from outside policyts."""

    def __init__(self, owner: str, old: str, new: str) -> None:
        self.owner, self.old, self.new = owner, old, new
        self.__doc__ = f"Deprecated: the old name of ``{new}``."

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is None:
            return self
        if _read_from_outside(1):
            _warn(self.owner, self.old, self.new)
        try:
            return obj.__dict__[self.old]
        except KeyError:
            raise AttributeError(self.old) from None

    def __set__(self, obj: Any, value: Any) -> None:
        # A frozen dataclass sets its fields with object.__setattr__, which calls this.
        obj.__dict__[self.old] = value


def renamed_fields(**old_to_new: str) -> Callable[[T], T]:
    """Class decorator (above ``@dataclass``): each field ``old`` is deprecated for ``new``.

    The class must define ``new`` itself (a property returning the field), so that type
    checkers and the documentation see it.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> @renamed_fields(n="nobs")
    ... @dataclass(frozen=True)
    ... class Result:
    ...     n: int
    ...
    ...     @property
    ...     def nobs(self) -> int:
    ...         return self.n
    >>> Result(n=40).nobs
    40
    """

    def wrap(cls: T) -> T:
        for old, new in old_to_new.items():
            if not isinstance(getattr(cls, new, None), property):
                raise TypeError(f"{cls.__name__} must define the property {new!r}")
            setattr(cls, old, _OldField(cls.__name__, old, new))
        return cls

    return wrap


class DeprecatedAlias:
    """Class attribute: the old name of property ``new``, warning when read from outside
    policyts.

    Examples
    --------
    >>> class Result:
    ...     @property
    ...     def pvalue(self) -> float:
    ...         return 0.5
    ...
    ...     p_value = DeprecatedAlias("pvalue")
    >>> Result().pvalue
    0.5
    """

    def __init__(self, new: str) -> None:
        self.new = new
        self.old = ""
        self.owner = ""
        self.__doc__ = f"Deprecated: the old name of ``{new}``."

    def __set_name__(self, owner: type, name: str) -> None:
        self.owner, self.old = owner.__name__, name

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        if obj is None:
            return self
        if _read_from_outside(1):
            _warn(self.owner, self.old, self.new)
        return getattr(obj, self.new)
