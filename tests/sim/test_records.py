"""Records (tutor.sim.records) behave as the dataclasses they replace, for every record in the simulator.

Each record is held against a twin made by ``dataclasses.make_dataclass`` from the same fields (the code
``@dataclass`` generates, exec()'d): same __init__ signature and state, repr, equality, hash, frozen
errors, ``replace``/``fields``/``asdict`` and ``__dataclass_params__``.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

import pytest

import tutor.sim
from tutor.sim.records import record


def _records() -> list[type]:
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(tutor.sim.__path__, "tutor.sim."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and "__record_key__" in value.__dict__:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


RECORDS = _records()


def test_the_shell_path_s_classes_are_records() -> None:
    names = {cls.__name__ for cls in RECORDS}
    assert {"Result", "Word", "Reference", "Image", "Layer", "World", "Machine", "ImageStore", "Registry",
            "Repository", "Flag", "DockerContext", "ShellContext"} <= names


def _twin(cls: type) -> type:
    specs = []
    for f in dataclasses.fields(cls):
        kw = {"init": f.init, "repr": f.repr, "compare": f.compare}
        if f.default is not dataclasses.MISSING:
            kw["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            kw["default_factory"] = f.default_factory
        specs.append((f.name, f.type, dataclasses.field(**kw)))
    namespace = {"__post_init__": cls.__post_init__} if hasattr(cls, "__post_init__") else None
    return dataclasses.make_dataclass(cls.__name__, specs, bases=cls.__bases__, namespace=namespace,
                                      frozen=cls.__dataclass_params__.frozen)


def _args(cls: type) -> dict:
    """A value for every init field without a default; a few classes need real ones for __post_init__."""
    from tutor.sim.world import World

    special = {"values": {"quiet": True}, "world": World.default(), "positional": ["x"]}
    return {f.name: special.get(f.name, f"{f.name}-value") for f in dataclasses.fields(cls)
            if f.init and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__qualname__)
def test_a_record_is_built_shown_and_compared_as_its_dataclass_twin(cls: type) -> None:
    twin = _twin(cls)
    mine, theirs = inspect.signature(cls.__init__), inspect.signature(twin.__init__)
    assert list(mine.parameters) == list(theirs.parameters)
    for name, param in mine.parameters.items():
        if theirs.parameters[name].default is not dataclasses.MISSING and param.default is not None:
            assert param.default == theirs.parameters[name].default, name
    args = _args(cls)
    a, b = cls(**args), twin(**args)
    state = {k: v for k, v in vars(a).items() if k not in ("world",)}
    assert state == {k: v for k, v in vars(b).items() if k not in ("world",)}
    assert repr(a) == repr(b)
    assert a == cls(**args) and a != b
    described = [(f.name, f.type, f.default, f.init, f.repr, f.compare) for f in dataclasses.fields(a)]
    assert described == [(f.name, f.type, f.default, f.init, f.repr, f.compare) for f in dataclasses.fields(b)]
    assert dataclasses.asdict(a) == dataclasses.asdict(b)
    assert cls.__match_args__ == twin.__match_args__
    params = ("init", "repr", "eq", "order", "unsafe_hash", "frozen")
    assert [getattr(cls.__dataclass_params__, p) for p in params] == [
        getattr(twin.__dataclass_params__, p) for p in params]
    for f in dataclasses.fields(cls):
        if f.init and isinstance(args.get(f.name), str):
            changed_a = dataclasses.replace(a, **{f.name: "other"})
            changed_b = dataclasses.replace(b, **{f.name: "other"})
            assert repr(changed_a) == repr(changed_b)
            assert (changed_a == a) == (changed_b == b)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__qualname__)
def test_a_record_is_hashed_and_frozen_as_its_dataclass_twin(cls: type) -> None:
    twin = _twin(cls)
    args = _args(cls)
    a, b = cls(**args), twin(**args)
    if twin.__hash__ is None:
        assert cls.__hash__ is None
        with pytest.raises(TypeError, match="unhashable"):
            hash(a)
        return
    assert hash(a) == hash(b) == hash(cls(**args))
    if not twin.__dataclass_params__.frozen:
        return
    for name in [f.name for f in dataclasses.fields(cls)] + ["not_a_field"]:
        with pytest.raises(dataclasses.FrozenInstanceError) as mine:
            setattr(a, name, 1)
        with pytest.raises(dataclasses.FrozenInstanceError) as theirs:
            setattr(b, name, 1)
        assert str(mine.value) == str(theirs.value)
        with pytest.raises(dataclasses.FrozenInstanceError) as mine:
            delattr(a, name)
        with pytest.raises(dataclasses.FrozenInstanceError) as theirs:
            delattr(b, name)
        assert str(mine.value) == str(theirs.value)


def test_default_factories_give_each_record_its_own_container() -> None:
    from tutor.sim.result import Result

    first, second = Result(), Result()
    first.output.append((1, "x"))
    assert second.output == [] and Result(output=[(2, "y")]).output == [(2, "y")]


def test_equality_leaves_out_fields_not_compared_and_hash_follows_it() -> None:
    from tutor.sim.content import Layer

    one, other = Layer("sha256:a", "sha256:b", 3, b"bytes"), Layer("sha256:a", "sha256:b", 3)
    assert one == other and hash(one) == hash(other)
    assert repr(one) == "Layer(digest='sha256:a', diff_id='sha256:b', size=3)"
    assert one != Layer("sha256:a", "sha256:b", 4)


def test_a_frozen_record_counts_as_immutable_for_the_journal() -> None:
    from tutor.sim.journal import IMMUTABLE, OPAQUE, kind_of
    from tutor.sim.reference import Reference
    from tutor.sim.result import Result

    assert kind_of(Reference) == IMMUTABLE
    assert kind_of(Result) == OPAQUE


def test_a_record_whose_init_does_not_take_its_fields_fails_when_made() -> None:
    with pytest.raises(TypeError, match="must take"):
        @record
        class Missing:
            """A field the __init__ forgot."""

            a: int
            b: int = 0

            def __init__(self, a: int) -> None:
                self.a = a

    with pytest.raises(TypeError, match="defaults"):
        @record
        class WrongDefault:
            """A default that differs from the field's."""

            a: int = 1

            def __init__(self, a: int = 2) -> None:
                self.a = a

    with pytest.raises(TypeError, match="must define __init__"):
        @record
        class NoInit:
            """No __init__ at all."""

            a: int


# --- events: filled without a compiled constructor for their first uses (tutor.sim.events) ----------


def _outcome(cls: type, args: tuple, kwargs: dict) -> tuple:
    try:
        made = cls(*args, **kwargs)
    except TypeError as exc:
        return ("TypeError", str(exc))
    return ("made", repr(made), made.as_dict(), hash(made))


def test_an_event_filled_before_its_constructor_is_compiled_is_the_same_event_with_the_same_errors() -> None:
    from tutor.sim import events as ev

    calls = [(("r", "p", "d"), {}), (("r", "p", "d", True), {}), (("r",), {"repository": "p", "digest": "d"}),
             ((), {"registry": "r", "repository": "p", "digest": "d", "record": True}), (("r", "p"), {}),
             (("r", "p", "d", True, False, "extra"), {}), (("r", "p", "d"), {"colour": "red"}),
             (("r", "p", "d"), {"registry": "again"})]

    def fresh() -> type:
        return type("BlobSkipped", (ev.Event,), {"__annotations__": dict(ev.BlobSkipped.__annotations__),
                                                 "config": False, "record": False})

    filled = fresh()
    compiled = fresh()
    for _ in range(ev.COMPILE_AFTER + 1):  # the uses after COMPILE_AFTER go through its own constructor
        compiled("r", "p", "d")
    assert compiled.__init__ is not ev.Event.__init__ and filled.__init__ is ev.Event.__init__
    for args, kwargs in calls:
        assert _outcome(filled, args, kwargs) == _outcome(compiled, args, kwargs), (args, kwargs)
    assert filled.__init__ is ev.Event.__init__  # still filling: no more than COMPILE_AFTER made
    with pytest.raises(AttributeError):
        filled("r", "p", "d").config = True
