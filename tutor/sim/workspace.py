"""One learner's working copy of a world: run command lines, undo and redo them.

design.md contract 9: ``Workspace(world)`` with ``run(line) -> Result``, ``undo()``,
``redo()`` and ``.world`` is the one engine behind lesson sessions and the sandbox.
Only commands that changed what the learner can see become undo points, so
``undo`` always takes back a real change (``ls`` and typos are not undone).
"""

from __future__ import annotations

from tutor.sim.result import Result
from tutor.sim.shell import Shell
from tutor.sim.world import World, same_state

UNDO_LIMIT = 500


class Workspace:
    def __init__(self, world: World, limit: int = UNDO_LIMIT) -> None:
        self._world = world
        self.shell = Shell(world)
        self.limit = limit
        self._undo: list[tuple[World, str]] = []
        self._redo: list[tuple[World, str]] = []
        self.last_changed = False  # did the last run() change anything the learner can see?

    @property
    def world(self) -> World:
        return self._world

    def run(self, line: str) -> Result:
        before = self._world.clone()
        result = self.shell.run(line)
        self.last_changed = not same_state(before, self._world)
        if self.last_changed:
            self._push(self._undo, (before, line))
            self._redo.clear()
        return result

    def undo(self) -> bool:
        if not self._undo:
            return False
        world, line = self._undo.pop()
        self._redo.append((self._world, line))
        self._use(world)
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        world, line = self._redo.pop()
        self._undo.append((self._world, line))
        self._use(world)
        return True

    def replace(self, world: World, label: str) -> None:
        """Swap in another world (reset, load, engine switch) as one undoable change."""
        self._push(self._undo, (self._world, label))
        self._redo.clear()
        self._use(world)

    def use(self, world: World) -> None:
        """Swap in another world without an undo point (a lesson moving to its next step)."""
        self._use(world)

    def clear_history(self) -> None:
        self._undo.clear()
        self._redo.clear()

    @property
    def undo_label(self) -> str | None:
        """The command the next undo takes back."""
        return self._undo[-1][1] if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1][1] if self._redo else None

    def _push(self, stack: list[tuple[World, str]], item: tuple[World, str]) -> None:
        stack.append(item)
        del stack[: -self.limit]

    def _use(self, world: World) -> None:
        self._world = world
        self.shell.world = world  # the shell keeps its variables; the world changes under it
