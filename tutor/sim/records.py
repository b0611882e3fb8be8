"""Records: dataclasses whose methods are not written and exec()'d while the module loads.

``dataclasses.dataclass`` writes ``__init__``, ``__repr__`` and ``__eq__`` (and, frozen, ``__hash__``,
``__setattr__`` and ``__delattr__``) as source text and compiles it for every class, every start: about
0.6 ms a class, and the first ``docker images`` meets 28 of them (a fifth of ``registry-tutor shell``'s
start-up, benchmarks/bench_shell.py). ``@record`` makes the same dataclass without that: the class
writes its ``__init__`` itself (compiled once, into the .pyc), and ``__repr__``, ``__eq__``,
``__hash__`` and the frozen ``__setattr__``/``__delattr__`` are shared functions that read the class's
field lists. Everything else is the dataclass machinery's own: ``fields()``, ``replace()``,
``asdict()``, ``is_dataclass()``, ``__match_args__`` and ``__dataclass_params__`` (which reports
``init``, ``repr``, ``eq`` and ``frozen`` as a plain ``@dataclass`` would) answer as before.

Each method behaves as the generated one (tests/sim/test_records.py holds every record against a real
dataclass with the same fields). The hand-written ``__init__`` must take the init fields in order with
their defaults (a ``default_factory`` field defaults to None and is built when None is given); the
decorator checks that when the class is made, so a field added without its parameter fails at import.
"""

from __future__ import annotations

import dataclasses
from dataclasses import MISSING, FrozenInstanceError
from operator import attrgetter
from reprlib import recursive_repr

__all__ = ["record"]


def record(cls: type | None = None, /, *, frozen: bool = False):
    """``@record`` / ``@record(frozen=True)``: as ``@dataclass`` (eq, repr, no order), ``__init__`` written by hand."""

    def wrap(cls: type) -> type:
        return _make(cls, frozen)

    return wrap if cls is None else wrap(cls)


def _make(cls: type, frozen: bool) -> type:
    own = cls.__dict__
    if "__init__" not in own:
        raise TypeError(f"record {cls.__qualname__} must define __init__")
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False)
    fields = dataclasses.fields(cls)
    _check_init(cls, fields)
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    params.init = params.repr = params.eq = True
    params.frozen = frozen
    if any(f.hash is not None for f in fields):
        raise TypeError(f"record {cls.__qualname__}: field(hash=...) is not supported")
    cls.__record_repr__ = tuple(f.name for f in fields if f.repr)  # type: ignore[attr-defined]
    cls.__record_key__ = staticmethod(_key(tuple(f.name for f in fields if f.compare)))  # type: ignore[attr-defined]
    _set_new(cls, "__repr__", _repr)
    _set_new(cls, "__eq__", _eq)
    if not explicit_hash:
        cls.__hash__ = _hash if frozen else None  # type: ignore[assignment]
    if frozen:
        names = tuple(f.name for f in fields)
        for fn in _frozen_methods(cls, names):
            if fn.__name__ in cls.__dict__:
                raise TypeError(f"Cannot overwrite attribute {fn.__name__} in class {cls.__name__}")
            setattr(cls, fn.__name__, fn)
    return cls


def _check_init(cls: type, fields: tuple[dataclasses.Field, ...]) -> None:
    """The hand-written __init__ takes the init fields, in order, with the dataclass's defaults."""
    wanted = [f for f in fields if f.init]
    code = cls.__init__.__code__  # type: ignore[misc]
    names = code.co_varnames[1:code.co_argcount]
    if code.co_kwonlyargcount or list(names) != [f.name for f in wanted]:
        raise TypeError(f"record {cls.__qualname__}: __init__ must take {[f.name for f in wanted]}, "
                        f"takes {list(names)}")
    defaults = cls.__init__.__defaults__ or ()  # type: ignore[misc]
    expected = [None if f.default_factory is not MISSING else f.default
                for f in wanted if f.default is not MISSING or f.default_factory is not MISSING]
    if len(defaults) != len(expected) or any(a is not b and a != b for a, b in zip(defaults, expected, strict=True)):
        raise TypeError(f"record {cls.__qualname__}: __init__ defaults {defaults!r}, fields say {expected!r}")


def _set_new(cls: type, name: str, value: object) -> None:
    if name not in cls.__dict__:  # as dataclasses: a method the class wrote itself stays
        setattr(cls, name, value)


def _key(names: tuple[str, ...]):
    """A function from a record to the tuple of its compared fields (what the generated __eq__ builds)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return lambda obj: ()


@recursive_repr()
def _repr(self) -> str:
    return (f"{self.__class__.__qualname__}("
            + ", ".join([f"{name}={getattr(self, name)!r}" for name in self.__record_repr__]) + ")")


def _eq(self, other: object):
    if other.__class__ is self.__class__:
        key = self.__record_key__
        return key(self) == key(other)
    return NotImplemented


def _hash(self) -> int:
    return hash(self.__record_key__(self))


def _frozen_methods(cls: type, names: tuple[str, ...]):
    def __setattr__(self, name: str, value: object) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    for fn in (__setattr__, __delattr__):
        fn.__qualname__ = f"{cls.__qualname__}.{fn.__name__}"
    return __setattr__, __delattr__
