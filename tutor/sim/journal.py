"""An undo journal for the simulated world: snapshots cost nothing, undo costs what changed.

A ``Workspace`` attaches a ``Journal`` to its world. Attaching walks the world once and turns
every dict, set and list in it into a journaled twin (``JDict``, ``JSet``, ``JList``: the same
type to every reader, ``isinstance(x, dict)`` holds) and points every ``Journaled`` object
(the sim's mutable dataclasses) at the journal. From then on each change appends one entry
(what to put back) to ``journal.entries``; a snapshot is a position in that list, undo replays
the entries backwards, redo forwards.

It covers new fields without anyone listing them: any dict/set/list attribute of a
``Journaled`` object, at any depth, is adopted on attach and whenever it is assigned or
inserted. A mutable object of another class (not frozen, not ``Journaled``) cannot be
journaled: it is reported in ``journal.opaque`` and the workspace falls back to cloning the
world for each command, so undo stays right (tests/sim/test_journal.py fails on it).

Worlds no workspace holds are never attached: their containers stay plain dicts and the
bare ``Shell`` pays nothing.
"""

from __future__ import annotations

import copy
import dataclasses
import enum

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up (tutor.sim.lazy)
if TYPE_CHECKING:
    from typing import Any

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()

# Entry kinds (the first item of each entry tuple).
A_SET = 0  # (A_SET, obj, name, old, new): an attribute; MISSING when absent
D_SET = 1  # (D_SET, d, key, old, new): old MISSING when the key is new (it went to the end)
D_DEL = 2  # (D_DEL, d, key, old, position)
D_ALL = 3  # (D_ALL, d, old items, new items)
S_ADD = 4  # (S_ADD, s, element): only when it was absent
S_DEL = 5  # (S_DEL, s, element): only when it was present
S_ALL = 6  # (S_ALL, s, old frozenset, new frozenset)
L_EXT = 7  # (L_EXT, l, start, items): items appended at start
L_ALL = 8  # (L_ALL, l, old tuple, new tuple)

IMMUTABLE, JOURNALED, DICT, SET, LIST, OPAQUE = range(6)
_ATOMIC = {str: IMMUTABLE, int: IMMUTABLE, float: IMMUTABLE, bool: IMMUTABLE, type(None): IMMUTABLE,
           bytes: IMMUTABLE, tuple: IMMUTABLE, frozenset: IMMUTABLE}
_KINDS: dict[type, int] = dict(_ATOMIC)


def kind_of(t: type) -> int:
    kind = _KINDS.get(t)
    if kind is None:
        if issubclass(t, Journaled):
            kind = JOURNALED
        elif issubclass(t, dict):
            kind = DICT
        elif issubclass(t, (set,)):
            kind = SET
        elif issubclass(t, list):
            kind = LIST
        elif issubclass(t, (str, int, float, bytes, tuple, frozenset, enum.Enum)):
            kind = IMMUTABLE
        elif dataclasses.is_dataclass(t) and t.__dataclass_params__.frozen:  # type: ignore[attr-defined]
            kind = IMMUTABLE
        else:
            kind = OPAQUE
        _KINDS[t] = kind
    return kind


def _all_immutable(values) -> bool:
    """True when every value is of an immutable type (checked per type, not per value)."""
    return all(kind_of(t) == IMMUTABLE for t in set(map(type, values)))


class Journaled:
    """Base of the sim's mutable classes: attribute assignments are journaled once attached.

    Which attributes do not count as a change the learner can see is ``__journal_quiet__``
    (clock, counters, history …): they are still undone, but changing only them is not an undo point.
    """

    __slots__ = ("_journal",)
    __journal_quiet__: frozenset[str] = frozenset()

    def __new__(cls, *args: object, **kwargs: object):
        self = object.__new__(cls)
        object.__setattr__(self, "_journal", None)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        journal = self._journal
        if journal is None:
            object.__setattr__(self, name, value)
            return
        value = journal.adopt(value, name in type(self).__journal_quiet__)
        journal.entries.append((A_SET, self, name, self.__dict__.get(name, MISSING), value))
        object.__setattr__(self, name, value)

    def __getstate__(self) -> dict:
        return self.__dict__  # copies and pickles never carry the journal along

    def __deepcopy__(self, memo: dict):
        return copy_graph(self)

    def __delattr__(self, name: str) -> None:
        journal = self._journal
        if journal is not None:
            journal.entries.append((A_SET, self, name, self.__dict__.get(name, MISSING), MISSING))
        object.__delattr__(self, name)


# --- journaled containers ------------------------------------------------------------------
# Each mutator records what it undoes, then calls the base type's method. Readers are the
# base type's own (C speed). A container whose journal is None behaves like the base type.


class JDict(dict):
    __slots__ = ("_journal", "_quiet")

    def __reduce__(self):
        return (dict, (dict(self),))  # a copy or a pickle is a plain dict, without the journal

    def __new__(cls, *args: object, **kwargs: object):
        self = dict.__new__(cls)
        self._journal = None
        self._quiet = False
        return self

    def __setitem__(self, key, value) -> None:
        j = self._journal
        if j is not None:
            if type(value) not in _ATOMIC:
                value = j.adopt(value, self._quiet)
            j.entries.append((D_SET, self, key, dict.get(self, key, MISSING), value))
        dict.__setitem__(self, key, value)

    def __delitem__(self, key) -> None:
        j = self._journal
        if j is not None and key in self:
            j.entries.append((D_DEL, self, key, dict.__getitem__(self, key), _position(self, key)))
        dict.__delitem__(self, key)

    def pop(self, key, *default):
        if key in self:
            value = dict.__getitem__(self, key)
            self.__delitem__(key)
            return value
        return dict.pop(self, key, *default)

    def popitem(self):
        key, value = dict.popitem(self)
        j = self._journal
        if j is not None:
            j.entries.append((D_DEL, self, key, value, len(self)))
        return key, value

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)  # the adopted value, not the caller's plain one

    def update(self, *args, **kwargs) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other):
        self.update(other)
        return self

    def clear(self) -> None:
        j = self._journal
        if j is not None and self:
            j.entries.append((D_ALL, self, list(self.items()), []))
        dict.clear(self)


def _position(d: dict, key) -> int:
    """Where ``key`` is in ``d``'s order (so an undone delete puts it back there)."""
    if key == next(reversed(d)):
        return len(d) - 1
    for i, k in enumerate(d):
        if k == key:
            return i
    raise KeyError(key)


class JSet(set):
    __slots__ = ("_journal", "_quiet")

    def __reduce__(self):
        return (set, (set(self),))

    def __new__(cls, *args: object, **kwargs: object):
        self = set.__new__(cls)
        self._journal = None
        self._quiet = False
        return self

    def add(self, element) -> None:
        j = self._journal
        if j is not None and element not in self:
            j.entries.append((S_ADD, self, element))
        set.add(self, element)

    def discard(self, element) -> None:
        j = self._journal
        if j is not None and element in self:
            j.entries.append((S_DEL, self, element))
        set.discard(self, element)

    def remove(self, element) -> None:
        if element not in self:
            raise KeyError(element)
        self.discard(element)

    def pop(self):
        if not self:
            raise KeyError("pop from an empty set")
        element = next(iter(self))
        self.discard(element)
        return element

    def _replace(self, new: set) -> None:
        j = self._journal
        if j is not None and new != self:
            j.entries.append((S_ALL, self, frozenset(self), frozenset(new)))
        set.clear(self)
        set.update(self, new)

    def clear(self) -> None:
        self._replace(set())

    def update(self, *others) -> None:
        self._replace(set(self).union(*others))

    def difference_update(self, *others) -> None:
        self._replace(set(self).difference(*others))

    def intersection_update(self, *others) -> None:
        self._replace(set(self).intersection(*others))

    def symmetric_difference_update(self, other) -> None:
        self._replace(set(self).symmetric_difference(other))

    def __ior__(self, other):
        self.update(other)
        return self

    def __iand__(self, other):
        self.intersection_update(other)
        return self

    def __isub__(self, other):
        self.difference_update(other)
        return self

    def __ixor__(self, other):
        self.symmetric_difference_update(other)
        return self


class JList(list):
    __slots__ = ("_journal", "_quiet")

    def __reduce__(self):
        return (list, (list(self),))

    def __new__(cls, *args: object, **kwargs: object):
        self = list.__new__(cls)
        self._journal = None
        self._quiet = False
        return self

    def append(self, item) -> None:
        self.extend((item,))

    def extend(self, items) -> None:
        j = self._journal
        if j is None:
            list.extend(self, items)
            return
        items = tuple(item if type(item) in _ATOMIC else j.adopt(item, self._quiet) for item in items)
        j.entries.append((L_EXT, self, len(self), items))
        list.extend(self, items)

    def __iadd__(self, items):
        self.extend(items)
        return self

    def _change(self, method, *args):
        j = self._journal
        if j is None:
            return method(self, *args)
        old = tuple(self)
        out = method(self, *args)
        if type(self) is JList:
            for i, item in enumerate(self):
                if kind_of(type(item)) != IMMUTABLE:
                    list.__setitem__(self, i, j.adopt(item, self._quiet))
        j.entries.append((L_ALL, self, old, tuple(self)))
        return out

    def insert(self, index, item) -> None:
        self._change(list.insert, index, item)

    def pop(self, index=-1):
        return self._change(list.pop, index)

    def remove(self, item) -> None:
        self._change(list.remove, item)

    def clear(self) -> None:
        self._change(list.clear)

    def sort(self, *, key=None, reverse=False) -> None:
        self._change(lambda lst: list.sort(lst, key=key, reverse=reverse))

    def reverse(self) -> None:
        self._change(list.reverse)

    def __setitem__(self, index, value) -> None:
        self._change(list.__setitem__, index, value)

    def __delitem__(self, index) -> None:
        self._change(list.__delitem__, index)

    def __imul__(self, n):
        self._change(list.__imul__, n)
        return self


_TWINS = {DICT: JDict, SET: JSet, LIST: JList}


class Journal:
    """The entries recorded since the workspace last took them, and what could not be journaled."""

    def __init__(self) -> None:
        self.entries: list[tuple] = []
        self.opaque: set[type] = set()  # mutable objects found that no entry can cover

    def take(self) -> list[tuple]:
        entries, self.entries = self.entries, []
        return entries

    # --- attach / detach -----------------------------------------------------------------

    def adopt(self, value: Any, quiet: bool = False) -> Any:
        """``value`` with every container in it journaled (a plain one is replaced by its twin)."""
        kind = _KINDS.get(type(value))
        if kind is None:
            kind = kind_of(type(value))
        if kind == IMMUTABLE:
            return value
        if kind == JOURNALED:
            if value._journal is self:
                return value
            object.__setattr__(value, "_journal", self)
            quiet_names = type(value).__journal_quiet__
            fields = value.__dict__
            for name, item in list(fields.items()):
                if type(item) not in _ATOMIC:
                    adopted = self.adopt(item, quiet or name in quiet_names)
                    if adopted is not item:
                        fields[name] = adopted
            return value
        if kind == OPAQUE:
            self.opaque.add(type(value))
            return value
        twin = _TWINS[kind]
        if type(value) is not twin:
            if type(value) not in (dict, set, list):  # a subclass of its own: keep it, flag it
                self.opaque.add(type(value))
                return value
            new = twin(value)
            value = new
        elif value._journal is self and value._quiet == quiet:
            return value
        value._journal = self
        value._quiet = quiet
        if kind == DICT:
            if not _all_immutable(dict.values(value)):
                for key, item in list(dict.items(value)):
                    adopted = self.adopt(item, quiet)
                    if adopted is not item:
                        dict.__setitem__(value, key, adopted)
        elif kind == LIST:
            if not _all_immutable(value):
                for i, item in enumerate(list(value)):
                    adopted = self.adopt(item, quiet)
                    if adopted is not item:
                        list.__setitem__(value, i, adopted)
        return value

    def attach(self, root: Any) -> None:
        self.adopt(root)

    @staticmethod
    def detach(root: Any) -> None:
        """Stop journaling ``root`` (a world swapped out): its containers stay twins, silent."""
        stack = [root]
        while stack:
            value = stack.pop()
            kind = kind_of(type(value))
            if kind == JOURNALED:
                object.__setattr__(value, "_journal", None)
                stack.extend(v for v in value.__dict__.values() if type(v) not in _ATOMIC)
            elif kind in (DICT, SET, LIST) and type(value) in (JDict, JSet, JList):
                value._journal = None
                if kind == DICT:
                    stack.extend(v for v in dict.values(value) if type(v) not in _ATOMIC)
                elif kind == LIST:
                    stack.extend(v for v in value if type(v) not in _ATOMIC)


# --- replaying entries ---------------------------------------------------------------------


def undo_entries(entries: list[tuple]) -> None:
    """Put back what ``entries`` changed, newest first (base-type methods: nothing is recorded)."""
    for entry in reversed(entries):
        op = entry[0]
        if op == D_SET:
            _, d, key, old, _new = entry
            if old is MISSING:
                dict.pop(d, key, None)  # tolerant: never raise half way through an undo
            else:
                dict.__setitem__(d, key, old)
        elif op == D_DEL:
            _, d, key, old, position = entry
            if position >= len(d):
                dict.__setitem__(d, key, old)
            else:
                items = list(dict.items(d))
                items.insert(position, (key, old))
                dict.clear(d)
                dict.update(d, items)
        elif op == A_SET:
            _, obj, name, old, _new = entry
            if old is MISSING:
                obj.__dict__.pop(name, None)
            else:
                object.__setattr__(obj, name, old)
        elif op == S_ADD:
            set.discard(entry[1], entry[2])
        elif op == S_DEL:
            set.add(entry[1], entry[2])
        elif op == L_EXT:
            list.__delitem__(entry[1], slice(entry[2], None))
        elif op == D_ALL:
            dict.clear(entry[1])
            dict.update(entry[1], entry[2])
        elif op == S_ALL:
            set.clear(entry[1])
            set.update(entry[1], entry[2])
        elif op == L_ALL:
            list.__setitem__(entry[1], slice(None), entry[2])
        else:
            entry[1].undo_entry(entry)  # an entry the workspace made (a world swap)


def redo_entries(entries: list[tuple]) -> list[tuple]:
    """Do again what ``entries`` changed, oldest first; -> the entries as done this time.

    Quiet fields (a clock tick, a history line) may have moved since the undo, by commands that only
    looked around. Their entries are re-recorded against the world as it is now (the current value as
    the old one, history lines appended after the new ones), so an undo right after this redo gives
    back exactly the world before it."""
    done = []
    for entry in entries:
        op = entry[0]
        if op == D_SET:
            dict.__setitem__(entry[1], entry[2], entry[4])
        elif op == D_DEL:
            dict.pop(entry[1], entry[2], None)
        elif op == A_SET:
            _, obj, name, _old, new = entry
            if name in getattr(type(obj), "__journal_quiet__", ()):
                entry = (A_SET, obj, name, obj.__dict__.get(name, MISSING), new)
            if new is MISSING:
                obj.__dict__.pop(name, None)
            else:
                object.__setattr__(obj, name, new)
        elif op == S_ADD:
            set.add(entry[1], entry[2])
        elif op == S_DEL:
            set.discard(entry[1], entry[2])
        elif op == L_EXT:
            if getattr(entry[1], "_quiet", False):
                entry = (L_EXT, entry[1], len(entry[1]), entry[3])
            else:
                list.__delitem__(entry[1], slice(entry[2], None))
            list.extend(entry[1], entry[3])
        elif op == D_ALL:
            dict.clear(entry[1])
            dict.update(entry[1], entry[3])
        elif op == S_ALL:
            set.clear(entry[1])
            set.update(entry[1], entry[3])
        elif op == L_ALL:
            list.__setitem__(entry[1], slice(None), entry[3])
        else:
            entry[1].redo_entry(entry)
        done.append(entry)
    return done


def only_bookkeeping(entries: list[tuple]) -> bool:
    """True when ``entries`` only set quiet attributes and appended to quiet lists (a clock tick, a
    history line): what looking around does. Anything else after an undo drops the redo stack."""
    for entry in entries:
        op = entry[0]
        if op == A_SET:
            if entry[2] not in type(entry[1]).__journal_quiet__:
                return False
        elif op != L_EXT or not entry[1]._quiet:
            return False
    return True


def changed(entries: list[tuple]) -> bool:
    """Did ``entries`` leave anything the learner can see different (quiet fields aside)?

    Compares the value each touched place had before the first entry with its value now, so a
    tag added then removed again in one line is no change.
    """
    first: dict[tuple, tuple] = {}
    for entry in entries:
        op = entry[0]
        if op in (D_SET, D_DEL):
            if not entry[1]._quiet:
                first.setdefault((D_SET, id(entry[1]), entry[2]), entry)
        elif op == A_SET:
            if entry[2] not in type(entry[1]).__journal_quiet__:
                first.setdefault((A_SET, id(entry[1]), entry[2]), entry)
        elif op in (S_ADD, S_DEL):
            if not entry[1]._quiet:
                first.setdefault((S_ADD, id(entry[1]), entry[2]), entry)
        elif op in (D_ALL, S_ALL, L_EXT, L_ALL):
            if not entry[1]._quiet:
                return True
        else:
            return True  # a world swap
    for entry in first.values():
        op = entry[0]
        if op == D_SET or op == D_DEL:
            before, now = entry[3], dict.get(entry[1], entry[2], MISSING)
        elif op == A_SET:
            before, now = entry[3], entry[1].__dict__.get(entry[2], MISSING)
        else:
            before, now = op == S_DEL, entry[2] in entry[1]
        if before is not now and not _equal(before, now):
            return True
    return False


def _equal(a: object, b: object) -> bool:
    if a is MISSING or b is MISSING:
        return False
    try:
        return bool(a == b)
    except Exception:  # an exotic __eq__: count it as a change
        return False


# --- copies ---------------------------------------------------------------------------------


def copy_graph(value: Any) -> Any:
    """A deep copy that shares what is immutable (images, layers, strings): ``World.clone``.

    The copy is plain (not journaled): dicts, sets and lists come out as the base types.
    """
    kind = kind_of(type(value))
    if kind == IMMUTABLE:
        return value
    if kind == DICT:
        if _all_immutable(dict.values(value)):
            return dict(value)
        return {key: copy_graph(item) for key, item in dict.items(value)}
    if kind == SET:
        return set(value)
    if kind == LIST:
        if _all_immutable(value):
            return list(value)
        return [copy_graph(item) for item in value]
    if kind == JOURNALED:
        cls = type(value)
        new = cls.__new__(cls)
        fields = new.__dict__
        for name, item in value.__dict__.items():
            fields[name] = item if type(item) in _ATOMIC else copy_graph(item)
        return new
    return copy.deepcopy(value)
