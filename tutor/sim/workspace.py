"""One learner's working copy of a world: run command lines, undo and redo them.

design.md contract 9: ``Workspace(world)`` with ``run(line) -> Result``, ``undo()``,
``redo()`` and ``.world`` is the one engine behind lesson sessions and the sandbox.
Only commands that changed what the learner can see become undo points, so
``undo`` always takes back a real change (``ls`` and typos are not undone).

Snapshots are positions in an undo journal (``tutor.sim.journal``): a command costs what it
changed, not what the world holds. A step is the journal entries one command recorded;
entries of commands that changed nothing visible (a clock tick, a history line) join the
step before, so undoing that step gives back exactly the world as it was. Undo and redo
change the world in place: ``.world`` stays the same object unless a world was swapped in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.sim.journal import Journal, changed, only_bookkeeping, redo_entries, undo_entries
from tutor.sim.result import Result
from tutor.sim.shell import Shell
from tutor.sim.world import World, same_state

UNDO_LIMIT = 500
SWAP = "swap"  # a journal entry the workspace makes: (SWAP, workspace, old world, new world)


@dataclass
class Step:
    """One undoable step: its label and the journal entries it recorded."""

    label: str
    entries: list[tuple] = field(default_factory=list)


class Workspace:
    def __init__(self, world: World, limit: int = UNDO_LIMIT) -> None:
        self.journal = Journal()
        self._world = world
        self.journal.attach(world)
        self.shell = Shell(world)
        self.limit = limit
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self.last_changed = False  # did the last run() change anything the learner can see?

    @property
    def world(self) -> World:
        return self._world

    def run(self, line: str) -> Result:
        self._settle()
        # A mutable object the journal cannot cover (journal.opaque): snapshot by cloning instead.
        before = self._world.clone() if self.journal.opaque else None
        result = self.shell.run(line)
        entries = self.journal.take()
        if before is not None:
            self.last_changed = changed(entries) or not same_state(before, self._world)
            if self.last_changed:
                entries = [(SWAP, self, before, self._world)]
        else:
            self.last_changed = bool(entries) and changed(entries)
        if self.last_changed:
            self._push(Step(line, entries))
            self._redo.clear()
        elif entries:
            if self._redo and not only_bookkeeping(entries):
                self._redo.clear()  # redo replays recorded values: only over the world it left behind
            if self._undo:
                self._undo[-1].entries.extend(entries)
        return result

    def undo(self) -> bool:
        self._settle()
        if not self._undo:
            return False
        step = self._undo.pop()
        undo_entries(step.entries)
        self._redo.append(step)
        return True

    def redo(self) -> bool:
        self._settle()
        if not self._redo:
            return False
        step = self._redo.pop()
        step.entries = redo_entries(step.entries)
        self._undo.append(step)
        return True

    def replace(self, world: World, label: str) -> None:
        """Swap in another world (reset, load, engine switch) as one undoable change."""
        self._settle()
        entry = (SWAP, self, self._world, world)
        self._push(Step(label, [entry]))
        self._redo.clear()
        self.redo_entry(entry)

    def use(self, world: World) -> None:
        """Swap in another world without an undo point (a lesson moving to its next step)."""
        self._settle()
        entry = (SWAP, self, self._world, world)
        if self._undo:
            self._undo[-1].entries.append(entry)  # undoing the step before brings the old world back
        self._redo.clear()
        self.redo_entry(entry)

    def clear_history(self) -> None:
        self.journal.take()
        self._undo.clear()
        self._redo.clear()

    @property
    def undo_label(self) -> str | None:
        """The command the next undo takes back."""
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    # --- journal entries of our own: world swaps ----------------------------------------

    def undo_entry(self, entry: tuple) -> None:
        self._swap_to(entry[2])

    def redo_entry(self, entry: tuple) -> None:
        self._swap_to(entry[3])

    def _swap_to(self, world: World) -> None:
        if world is self._world:
            return
        self.journal.detach(self._world)
        self._world = world
        self.journal.attach(world)
        self.shell.world = world  # the shell keeps its variables; the world changes under it

    # --- helpers -------------------------------------------------------------------------

    def _settle(self) -> None:
        """Changes made to the world outside run() (a test, the UI) join the last step."""
        pending = self.journal.take()
        if pending and self._redo and not only_bookkeeping(pending):
            self._redo.clear()
        if pending and self._undo:
            self._undo[-1].entries.extend(pending)

    def _push(self, step: Step) -> None:
        self._undo.append(step)
        del self._undo[: -self.limit]
