"""Per-user progress: what was done, how, and where to resume.

One SQLite database a profile: ``<data root>/<profile>/progress.sqlite3`` (the data
root is ``tutor.storage.data_root()``: ``$REGISTRY_TUTOR_DATA`` or the platform's user
data folder). Profiles let several learners share one machine (``--profile NAME``).

Every record is one event appended as one row (its own transaction, WAL journal),
never a rewrite of the whole record, so:

* any number of sessions may use one profile at once (two lessons in two terminals,
  the TUI and ``quiz --plain``): each appends its own events and every read folds in
  the events the others appended since (``data`` and the queries always ask the
  database, never a copy loaded at start);
* a crash or a kill loses at most the event being written (SQLite's atomic commit);
* the record a lesson reads (``lesson_state``) is the fold of the events, in order.

Progress is kept per pack: each event names the pack its lesson belongs to (``pack_identity``:
``builtin`` for the built-in lessons and the shipped tracks made of them, ``sample-pack``, else what the
pack declares: ``id:NAME`` for a pack.yaml ``id``, or ``title:TITLE``, the folder's name without a
pack.yaml), so a pack folder that is moved or copied to another machine keeps its progress. Rows that
earlier versions keyed by the folder's full path are moved to the pack's identity when it is next
opened: the path of the folder itself, and a path that no longer exists whose lessons are all this
pack's (the folder was moved). A store reads and writes the pack it was opened for
(``ProgressStore(profile, pack=...)``). So two workshop packs that both have a lesson ``intro``
keep two records. Quizzes taken outside lessons (``quiz``) belong to no pack: every store sees them.
A database from before packs were told apart (DB_VERSION 1) gets the column on first open, its
rows counted as the built-in lessons' (which is where they were shown).

A ``progress.json`` from earlier versions is imported on first start (as one
``import`` event) and kept beside it as ``progress.json.migrated``. A file that
cannot be read is never silently reset: it is moved aside as ``*.corrupt-<n>`` and
``warning`` says so in plain words. A database from a newer registry-tutor, or a
place that cannot be written, makes the store read-only for this session: the
lesson goes on, recorded in memory only, and ``warning`` says why. Recording never
raises into a lesson.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tutor.storage import ENV_VAR, atomic_write, data_root

__all__ = [
    "BUILTIN", "DONE", "ENV_VAR", "FORMAT_VERSION", "IN_PROGRESS", "NEW", "PackIdentity", "ProgressStore",
    "atomic_write",
    "check_profile", "data_root", "empty_data", "pack_identity",
]

FORMAT_VERSION = 1  # of the record ``data`` returns (and of the old progress.json)
DB_VERSION = 2  # of the database's tables (2: events.pack)
DB_NAME = "progress.sqlite3"
FILE_NAME = "progress.json"  # the format before SQLite: migrated on first start
MIGRATED_SUFFIX = ".migrated"
PROFILE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
PACK_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # pack.yaml's `id`, spelled as a lesson id is
MAX_COMMANDS_KEPT = 200  # typed lines in the record per lesson (counts are kept in full; the rows stay)
STALE_TEMP_SECONDS = 3600
BUSY_SECONDS = 10  # how long a write waits for another session's write to finish
MAX_COUNT = 10**9  # any count or step above this is damage, not learning

NEW, IN_PROGRESS, DONE = "new", "in progress", "done"
BUILTIN = "builtin"  # the pack identity of the built-in lessons
UNPACKED = frozenset({"import", "generated_quiz"})  # a progress.json import and quizzes outside lessons
KINDS = frozenset({
    "import", "generated_quiz", "started", "step", "command", "hint", "solution", "task_done", "quiz",
    "lesson_done", "restart",
})

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    lesson TEXT,
    body TEXT NOT NULL,
    pack TEXT NOT NULL DEFAULT 'builtin'
);
"""
# DB_VERSION 1 -> 2: its rows were all shown as the built-in lessons' progress, and stay so (the default)
ADD_PACK = "ALTER TABLE events ADD COLUMN pack TEXT NOT NULL DEFAULT 'builtin'"


def check_profile(profile: str) -> str:
    if not PROFILE_RE.fullmatch(profile or "") or profile.strip(".") == "":
        raise ValueError(
            f"invalid profile name {profile!r}: use letters, digits, '.', '_' or '-' (at most 64), "
            "starting with a letter or digit"
        )
    return profile


class PackIdentity(str):
    """A pack's identity (what its events are keyed by) that remembers the folder it was read from."""

    folder: Path | None = None


def pack_identity(pack: str | Path | None) -> str:
    """Which pack's progress a ``--pack`` value (a folder, a shipped pack's name, or a lesson file) keeps.

    The built-in lessons and the shipped tracks (made only of built-in lessons) are ``BUILTIN``; the
    sample pack is its name, wherever it is installed; any other pack is what it declares (``id:NAME``,
    else ``title:TITLE``), not where it lies, so moving its folder keeps its progress. A lesson file
    opened directly belongs to its folder's pack; a pack.yaml that cannot be read keys it by its path.
    """
    if not pack:
        return BUILTIN
    from tutor.shipped import SAMPLE_PACK_NAME, lessons_dir, resolve_pack, sample_pack_dir, tracks_dir

    folder = resolve_pack(pack)
    if folder.suffix in (".yaml", ".yml") and folder.is_file():
        folder = folder.parent
    folder = folder.resolve()
    if folder == lessons_dir().resolve() or folder.parent == tracks_dir().resolve():
        return BUILTIN
    if folder == sample_pack_dir().resolve():
        return SAMPLE_PACK_NAME
    identity = PackIdentity(_declared_identity(folder) or str(folder))
    identity.folder = folder
    return identity


def _declared_identity(folder: Path) -> str | None:
    """``id:NAME`` (pack.yaml's ``id``), ``title:TITLE`` (its title, else the folder's name), or None."""
    pack_file = folder / "pack.yaml"
    if not pack_file.exists():
        return f"title:{folder.name}" if folder.is_dir() else None
    try:
        data = _plain_top_keys(pack_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    if data is None:  # not plain `key: value` lines: YAML says what they are
        from tutor.lessons import safeyaml

        try:
            data = safeyaml.load(pack_file).data
        except (safeyaml.YamlProblem, OSError):
            return None
    if not isinstance(data, dict):
        return None
    declared, title = data.get("id"), data.get("title")
    if isinstance(declared, str) and PACK_ID_RE.fullmatch(declared):
        return f"id:{declared}"
    if isinstance(title, str) and title.strip():
        return f"title:{' '.join(title.split())}"
    return None


PLAIN_LINE = re.compile(r"(id|title):[ \t]+(?:\"([^\"\\]*)\"|'([^']*)'|([^\s\"'#&*!|>%@`{}\[\]-][^#]*?))[ \t]*(?:#.*)?")


def _plain_top_keys(text: str) -> dict | None:
    """pack.yaml's `id` and `title` when they are plain one-line values (what YAML reads them as), without
    loading YAML (a warm TUI start lists a pack without it); None when a line is anything else."""
    found = {}
    for line in text.splitlines():
        if not line.startswith(("id:", "title:")):
            continue
        match = PLAIN_LINE.fullmatch(line.rstrip())
        plain = match[4] if match else None
        if match is None or match[1] in found or (plain is not None and (": " in plain or _not_text(plain))):
            return None
        found[match[1]] = next(value for value in match.groups()[1:] if value is not None)
    return found


def _not_text(plain: str) -> bool:
    """An unquoted value YAML reads as a number, date, boolean or null rather than as text."""
    return bool(re.fullmatch(r"[\d\s.:_+eE-]+|true|false|yes|no|on|off|null|y|n|~", plain, re.IGNORECASE))


def _is_folder_key(key: str) -> bool:
    """A pack keyed, as before pack identities were declared, by its folder's full path."""
    return not key.startswith(("id:", "title:")) and os.path.isabs(key)


def _pack_lesson_ids(folder: Path) -> set[str]:
    """The ids of the lessons in a pack folder (from its index or lines when it can, else by loading it)."""
    from tutor.lessons.listing import quick_listing

    with contextlib.suppress(Exception):
        found = quick_listing(folder)
        if found is not None:
            return {entry.id for entry in found[1]}
    with contextlib.suppress(Exception):
        from tutor.lessons.catalog import scan_pack

        return {lesson.id for lesson in scan_pack(folder)[0].lessons}
    return set()


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def empty_data() -> dict:
    return {"format": FORMAT_VERSION, "app": "registry-tutor", "last_lesson": None, "lessons": {}}


class ProgressStore:
    def __init__(
        self,
        profile: str = "default",
        root: Path | None = None,
        clock: Callable[[], float] = time.time,
        *,
        pack: str = BUILTIN,
    ) -> None:
        self.profile = check_profile(profile)
        self.pack = str(pack)  # a pack_identity: the lessons this store reads and records
        self.root = Path(root) if root is not None else data_root()
        self.folder = self.root / self.profile
        self.path = self.folder / DB_NAME
        self.clock = clock
        self.warning: str | None = None
        self.read_only = False
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # the TUI may record from a worker thread
        self._packs: dict[str, dict] = {BUILTIN: empty_data()}  # every pack's record, folded from the events
        self._seen = 0  # id of the last event folded into _packs
        self._remove_stale_temps()
        self._open_existing()
        folder = getattr(pack, "folder", None)
        if folder is not None and self._db is not None and not self.read_only:
            self._adopt_folder_keys(folder)
        self._refresh()

    # --- the database ---------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # a committed event survives a power cut too
            db.execute("PRAGMA journal_size_limit=1048576")  # the WAL shrinks back after each checkpoint
            db.executescript(SCHEMA)
            found = db.execute("SELECT value FROM meta WHERE key = 'db_version'").fetchone()
            if found is None:
                db.execute("INSERT OR IGNORE INTO meta VALUES ('db_version', ?)", (str(DB_VERSION),))
            elif int(found[0]) > DB_VERSION:
                self.read_only = True
                self.warning = (
                    f"Your progress {self.path} was written by a newer registry-tutor (format {found[0]}); "
                    "it is left unchanged and this session's progress will not be saved."
                )
            elif int(found[0]) < DB_VERSION:
                _upgrade(db)
        except BaseException:
            db.close()
            raise
        return db

    def _open_existing(self) -> None:
        """Open the database if there is one, else migrate a progress.json (the file is made on first write)."""
        try:
            if self.path.exists():
                self._db = self._connect()
            elif (self.folder / FILE_NAME).exists():
                self._migrate_json()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError):  # locked, cannot open: the file itself is fine
                self._cannot_read(exc)
            else:  # "file is not a database", "database disk image is malformed"
                self._set_aside(self.path, f"it is not a progress database ({exc})")
        except (OSError, sqlite3.Error) as exc:
            self._cannot_read(exc)

    def _cannot_read(self, exc: Exception) -> None:
        self.read_only = True
        reason = getattr(exc, "strerror", None) or str(exc)
        self.warning = f"Could not read your progress file {self.path} ({reason}); progress will not be saved."

    def _writer(self) -> sqlite3.Connection | None:
        if self.read_only:
            return None
        if self._db is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._db = self._connect()
        return None if self.read_only else self._db

    def _record_of(self, pack: str | None, kind: str) -> dict:
        """The record an event changes: its pack's, or the built-in one for events of no pack."""
        if kind in UNPACKED or not pack:
            pack = BUILTIN
        if pack not in self._packs:
            self._packs[pack] = empty_data()
        return self._packs[pack]

    def _view(self) -> dict:
        """This store's pack's record, with the quizzes taken outside lessons (they belong to no pack)."""
        record = self._record_of(self.pack, "")
        if self.pack == BUILTIN or "quizzes" not in self._packs[BUILTIN]:
            return record
        return {**record, "quizzes": self._packs[BUILTIN]["quizzes"]}

    def _refresh(self) -> dict:
        """Fold in every event appended since the last read, by this session or any other."""
        if self._db is None and not self.read_only and self.path.exists():
            self._open_existing()  # another session made the database after this one started
        if self._db is None:
            return self._view()
        with self._lock:
            try:
                rows = self._db.execute(
                    "SELECT id, at, kind, pack, lesson, body FROM events WHERE id > ? ORDER BY id", (self._seen,)
                ).fetchall()
            except sqlite3.Error as exc:
                if self.warning is None:
                    self.warning = f"Could not read your progress file {self.path} ({exc})."
                return self._view()
            for event_id, at, kind, pack, lesson, body in rows:
                with contextlib.suppress(ValueError, TypeError, KeyError):  # one odd row never hides the rest
                    _apply(self._record_of(pack, kind), at, kind, lesson, json.loads(body))
                self._seen = event_id
        return self._view()

    def _append(self, kind: str, lesson: str | None, body: dict) -> None:
        """Record one event; when it cannot be written it still counts for this session, and ``warning`` says so."""
        at = _iso(self.clock())
        try:
            db = self._writer()
            if db is not None:
                with self._lock:
                    db.execute(
                        "INSERT INTO events (at, kind, pack, lesson, body) VALUES (?, ?, ?, ?, ?)",
                        (at, kind, BUILTIN if kind in UNPACKED else self.pack, lesson,
                         json.dumps(body, ensure_ascii=False)),
                    )
                self._refresh()
                return
        except (OSError, sqlite3.Error) as exc:
            self.read_only = True
            reason = getattr(exc, "strerror", None) or str(exc)
            self.warning = f"Could not save your progress to {self.path}: {reason}"
        _apply(self._record_of(self.pack, kind), at, kind, lesson, body)  # this session still knows what was done

    # --- rows keyed by a pack folder's path (before packs declared their identity) ---

    def _adopt_folder_keys(self, folder: Path) -> None:
        """Key this pack's rows from earlier versions by its identity: those of its folder's path, and of
        a path that is gone whose lessons are all this pack's (the folder was moved). Once, in one
        transaction; a failure leaves the rows as they were (they are still there to adopt next time)."""
        db = self._db
        try:
            with self._lock:
                keys = [row[0] for row in db.execute("SELECT DISTINCT pack FROM events")
                        if row[0] != self.pack and _is_folder_key(row[0])]
                if not keys:
                    return
                ours, lesson_ids = [], None
                for key in keys:
                    if Path(key) == folder:
                        ours.append(key)
                        continue
                    if Path(key).exists():
                        continue  # another pack's folder, still there
                    lesson_ids = _pack_lesson_ids(folder) if lesson_ids is None else lesson_ids
                    recorded = {row[0] for row in db.execute(
                        "SELECT DISTINCT lesson FROM events WHERE pack = ? AND lesson IS NOT NULL", (key,))}
                    if recorded and recorded <= lesson_ids:
                        ours.append(key)
                if ours:
                    db.execute("BEGIN IMMEDIATE")
                    try:
                        db.executemany("UPDATE events SET pack = ? WHERE pack = ?", [(self.pack, k) for k in ours])
                        db.execute("COMMIT")
                    except BaseException:
                        db.execute("ROLLBACK")
                        raise
        except sqlite3.Error as exc:
            self.warning = self.warning or f"Could not move your earlier progress in this pack ({exc})."

    # --- progress.json from earlier versions, damaged files ------------------------

    def _migrate_json(self) -> None:
        source = self.folder / FILE_NAME
        try:
            data = json.loads(source.read_bytes().decode("utf-8"))
            problem = _structure_problem(data)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # ValueError: also a 5000-digit number
            problem = f"it is not valid JSON ({exc.__class__.__name__})"
        if problem is not None:
            self._set_aside(source, problem)
            return
        if data["format"] > FORMAT_VERSION:
            self.read_only = True
            self.warning = (
                f"Your progress file {source} was written by a newer registry-tutor (format {data['format']}); "
                "it is left unchanged and this session's progress will not be saved."
            )
            self._packs[BUILTIN] = data
            return
        db = self._writer()
        if db is None:
            return
        with self._lock:
            db.execute("BEGIN IMMEDIATE")  # two sessions starting at once import the file once
            try:
                if db.execute("SELECT 1 FROM meta WHERE key = 'imported'").fetchone() is None:
                    db.execute(
                        "INSERT INTO events (at, kind, lesson, body) VALUES (?, 'import', NULL, ?)",
                        (_iso(self.clock()), json.dumps(data, ensure_ascii=False)),
                    )
                    db.execute("INSERT INTO meta VALUES ('imported', ?)", (str(source),))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        with contextlib.suppress(OSError):  # another session may have moved it already
            os.replace(source, source.with_name(FILE_NAME + MIGRATED_SUFFIX))

    def _set_aside(self, damaged: Path, problem: str) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        n = 1
        while damaged.with_name(f"{damaged.name}.corrupt-{n}").exists():
            n += 1
        target = damaged.with_name(f"{damaged.name}.corrupt-{n}")
        try:
            os.replace(damaged, target)
        except OSError:
            self.read_only = True
            self.warning = (
                f"Your progress file {damaged} is damaged ({problem}) and could not be moved aside; "
                "progress will not be saved."
            )
            return
        self.warning = (
            f"Your progress file was damaged ({problem}). It was kept as {target.name} in {self.folder} "
            "and a new, empty progress record was started."
        )

    def _remove_stale_temps(self) -> None:
        """Temp files a killed save of an older version left behind."""
        with contextlib.suppress(OSError):
            now = time.time()
            for temp in self.folder.glob(f".{FILE_NAME}.*.tmp"):
                with contextlib.suppress(OSError):
                    if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                        temp.unlink()

    # --- the record -----------------------------------------------------------------

    @property
    def data(self) -> dict:
        """This pack's whole record as of now (every session's events). Read it, do not change it."""
        return self._refresh()

    def save(self) -> bool:
        """Every event is saved as it is recorded; False when this session's progress is not being saved."""
        return not self.read_only

    def other_packs(self) -> dict[str, list[str]]:
        """The other packs this profile has lesson progress in: pack identity -> its lesson ids, sorted."""
        self._refresh()
        return {pack: sorted(record["lessons"]) for pack, record in sorted(self._packs.items())
                if pack != self.pack and record.get("lessons")}

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # --- queries ------------------------------------------------------------

    def lesson_state(self, lesson_id: str) -> dict:
        """The record of one lesson (an empty dict for a lesson never opened). Read it, do not change it."""
        return self.data["lessons"].get(lesson_id, {})

    def status(self, lesson_id: str) -> str:
        state = self.lesson_state(lesson_id)
        if not state:
            return NEW
        return DONE if state.get("completed") else IN_PROGRESS

    def last_lesson(self) -> str | None:
        return self.data.get("last_lesson")

    def resume_step(self, lesson_id: str) -> int:
        return int(self.lesson_state(lesson_id).get("step", 0))

    # --- records ------------------------------------------------------------

    def record_started(self, lesson_id: str) -> None:
        self._append("started", lesson_id, {})

    def record_step(self, lesson_id: str, step_index: int, step_key: str | None = None) -> None:
        """The learner is now at ``step_index``; ``step_key`` names the step just finished."""
        self._append("step", lesson_id, {"step": step_index, "key": step_key})

    def record_command(self, lesson_id: str, task_id: str | None, line: str, exit_code: int) -> None:
        self._append("command", lesson_id, {"task": task_id, "line": line[:500], "exit": exit_code})

    def record_hint(self, lesson_id: str, task_id: str) -> None:
        self._append("hint", lesson_id, {"task": task_id})

    def record_solution_shown(self, lesson_id: str, task_id: str) -> None:
        self._append("solution", lesson_id, {"task": task_id})

    def record_task_done(
        self, lesson_id: str, task_id: str, *, commands: int, par: int, stars: int, skipped: bool = False
    ) -> None:
        self._append(
            "task_done",
            lesson_id,
            {"task": task_id, "commands": commands, "par": par, "stars": stars, "skipped": skipped},
        )

    def record_quiz(
        self, lesson_id: str, question_id: str, answer: str, correct: bool, misconception: str | None
    ) -> None:
        """Every attempt counts; the first one is the scored one."""
        self._append(
            "quiz",
            lesson_id,
            {"question": question_id, "answer": answer[:500], "correct": correct, "misconception": misconception},
        )

    def record_generated_quiz(
        self,
        quiz: str,
        question_id: str,
        *,
        qtype: str,
        question: str,
        answer: str,
        expected: str,
        correct: bool,
        misconception: str | None,
        engine: str | None = None,
    ) -> None:
        """One answer to a quiz taken outside the lessons (``quiz`` names it: ``seed-7-current``)."""
        self._append(
            "generated_quiz",
            None,
            {
                "quiz": quiz, "question_id": question_id, "type": qtype, "question": question[:500],
                "answer": answer[:500], "expected": expected[:500], "correct": correct,
                "misconception": misconception, "engine": engine,
            },
        )

    def record_lesson_done(self, lesson_id: str, step_count: int) -> None:
        self._append("lesson_done", lesson_id, {"steps": step_count})

    def restart_lesson(self, lesson_id: str) -> None:
        """Start a lesson again from its first step (what was recorded stays, the position resets)."""
        self._append("restart", lesson_id, {})


def _upgrade(db: sqlite3.Connection) -> None:
    """A DB_VERSION 1 database gets events.pack, once, whichever session opens it first."""
    db.execute("BEGIN IMMEDIATE")  # two sessions starting at once: the second finds it done
    try:
        columns = {row[1] for row in db.execute("PRAGMA table_info(events)")}
        if "pack" not in columns:
            db.execute(ADD_PACK)
        db.execute("UPDATE meta SET value = ? WHERE key = 'db_version' AND CAST(value AS INTEGER) < ?",
                   (str(DB_VERSION), DB_VERSION))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


# --- folding events into the record ----------------------------------------------------


def _lesson(data: dict, lesson_id: str, at: str) -> dict:
    lessons = data["lessons"]
    if lesson_id not in lessons:
        lessons[lesson_id] = {
            "started": at, "updated": at, "completed": None, "step": 0, "steps_done": [],
            "commands_typed": 0, "commands": [], "tasks": {}, "quiz": {},
        }
    state = lessons[lesson_id]
    state["updated"] = at
    data["last_lesson"] = lesson_id
    return state


def _task(state: dict, task_id: str) -> dict:
    return state["tasks"].setdefault(
        task_id, {"commands": 0, "hints": 0, "solution_shown": False, "done": False, "skipped": False}
    )


def _first_attempt_scores(entries: dict, key: str, first: dict, answer: str, correct: bool) -> None:
    entry = entries.get(key)
    if entry is None:
        entries[key] = {**first, "attempts": 1}
    else:
        entry["attempts"] = int(entry.get("attempts", 1)) + 1
        entry["last_answer"] = answer
        entry["last_correct"] = correct


def _apply(data: dict, at: str, kind: str, lesson_id: str | None, body: dict) -> None:
    """Change ``data`` as the event says (the one definition of what each record means)."""
    if kind not in KINDS:
        return  # written by a newer registry-tutor: not ours to interpret
    if kind == "import":
        data.update({k: v for k, v in body.items() if k in ("lessons", "last_lesson", "quizzes")})
        return
    if kind == "generated_quiz":
        record = data.setdefault("quizzes", {}).setdefault(
            body["quiz"], {"started": at, "engine": body.get("engine"), "answers": {}}
        )
        record["updated"] = at
        first = {k: body[k] for k in ("type", "question", "answer", "expected", "correct", "misconception")}
        _first_attempt_scores(record["answers"], body["question_id"], {**first, "at": at},
                              body["answer"], body["correct"])
        return
    state = _lesson(data, lesson_id, at)
    if kind == "step":
        state["step"] = body["step"]
        if body.get("key") and body["key"] not in state["steps_done"]:
            state["steps_done"].append(body["key"])
    elif kind == "command":
        state["commands_typed"] += 1
        state["commands"].append({"task": body["task"], "line": body["line"], "exit": body["exit"], "at": at})
        del state["commands"][:-MAX_COMMANDS_KEPT]
        if body["task"] is not None:
            _task(state, body["task"])["commands"] += 1
    elif kind == "hint":
        _task(state, body["task"])["hints"] += 1
    elif kind == "solution":
        _task(state, body["task"])["solution_shown"] = True
    elif kind == "task_done":
        _task(state, body["task"]).update(
            done=not body["skipped"], skipped=body["skipped"], commands_to_finish=body["commands"],
            par=body["par"], stars=body["stars"], finished=at,
        )
    elif kind == "quiz":
        first = {"answer": body["answer"], "correct": body["correct"],
                 "misconception": None if body["correct"] else body["misconception"], "at": at}
        _first_attempt_scores(state["quiz"], body["question"], first, body["answer"], body["correct"])
    elif kind == "lesson_done":
        state["step"] = body["steps"]
        state["completed"] = state.get("completed") or at
    elif kind == "restart":
        state["step"] = 0


def _structure_problem(data: object) -> str | None:
    """None when ``data`` looks like a progress.json, else what is wrong, in words."""
    if not isinstance(data, dict):
        return "it is not a JSON object"
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return "it has no format version"
    if version > FORMAT_VERSION:
        return None  # newer: the caller leaves it alone
    lessons = data.get("lessons")
    if not isinstance(lessons, dict):
        return "it has no lessons record"
    for lesson_id, state in lessons.items():
        if not isinstance(state, dict):
            return f"the record of lesson {lesson_id!r} is not an object"
        for key, kind in (
            ("step", int),
            ("steps_done", list),
            ("commands", list),
            ("tasks", dict),
            ("quiz", dict),
            ("commands_typed", int),
        ):
            if not isinstance(state.get(key), kind) or (kind is int and not 0 <= state[key] <= MAX_COUNT):
                return f"the record of lesson {lesson_id!r} has a bad '{key}'"
        if not all(isinstance(t, dict) for t in state["tasks"].values()):
            return f"the record of lesson {lesson_id!r} has a bad task entry"
        if not all(
            isinstance(q, dict) and isinstance(q.get("attempts"), int) for q in state["quiz"].values()
        ):
            return f"the record of lesson {lesson_id!r} has a bad quiz entry"
        if not all(
            isinstance(t.get("commands", 0), int) and isinstance(t.get("hints", 0), int)
            for t in state["tasks"].values()
        ):
            return f"the record of lesson {lesson_id!r} has a bad task entry"
    last = data.get("last_lesson")
    if last is not None and not isinstance(last, str):
        return "its last lesson is not a lesson id"
    quizzes = data.get("quizzes", {})
    if not isinstance(quizzes, dict):
        return "its quizzes record is not an object"
    return None
