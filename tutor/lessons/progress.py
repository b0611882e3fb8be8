"""Per-user progress: what was done, how, and where to resume.

One JSON file a profile: ``<data dir>/<profile>/progress.json`` where the data
dir is ``$REGISTRY_TUTOR_DATA`` if set (tests, classrooms on a shared drive)
or platformdirs' user data dir for ``registry-tutor``. Profiles let several
learners share one machine (``registry-tutor --profile NAME``).

Durability rules:

* every save writes a temp file in the same folder, fsyncs it, then
  ``os.replace``s it over the old file (and fsyncs the folder), so a crash or
  a kill at any moment leaves either the old file or the new one;
* the format is versioned (``"format": 1``); a file from a newer
  registry-tutor is left untouched and the store becomes read-only;
* a file that cannot be read is never silently reset: it is renamed to
  ``progress.json.corrupt-<n>`` and ``warning`` says so, in plain words.

Saving never raises into a lesson: a failed save sets ``warning`` and the
lesson goes on.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

FORMAT_VERSION = 1
FILE_NAME = "progress.json"
ENV_VAR = "REGISTRY_TUTOR_DATA"
PROFILE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
MAX_COMMANDS_KEPT = 200  # typed lines remembered per lesson (counts are kept in full)
STALE_TEMP_SECONDS = 3600
MAX_COUNT = 10**9  # any count or step above this is damage, not learning

NEW, IN_PROGRESS, DONE = "new", "in progress", "done"


def data_root() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("registry-tutor", appauthor=False))


def check_profile(profile: str) -> str:
    if not PROFILE_RE.fullmatch(profile or "") or profile.strip(".") == "":
        raise ValueError(
            f"invalid profile name {profile!r}: use letters, digits, '.', '_' or '-' (at most 64), "
            "starting with a letter or digit"
        )
    return profile


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
    ) -> None:
        self.profile = check_profile(profile)
        self.root = Path(root) if root is not None else data_root()
        self.folder = self.root / self.profile
        self.path = self.folder / FILE_NAME
        self.clock = clock
        self.warning: str | None = None
        self.read_only = False
        self.data = self._load()

    # --- reading ------------------------------------------------------------

    def _load(self) -> dict:
        self._remove_stale_temps()
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return empty_data()
        except OSError as exc:
            self.read_only = True
            self.warning = (
                f"Could not read your progress file {self.path} ({exc.strerror}); progress will not be saved."
            )
            return empty_data()
        try:
            data = json.loads(raw.decode("utf-8"))
            problem = _structure_problem(data)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # ValueError: also a 5000-digit number
            problem = f"it is not valid JSON ({exc.__class__.__name__})"
        if problem is None and data["format"] > FORMAT_VERSION:
            self.read_only = True
            self.warning = (
                f"Your progress file {self.path} was written by a newer registry-tutor (format {data['format']}); "
                "it is left unchanged and this session's progress will not be saved."
            )
            return data
        if problem is None:
            return data
        kept = self._keep_aside()
        if kept is None:
            self.read_only = True
            self.warning = f"Your progress file {self.path} is damaged ({problem}) and could not be moved aside; progress will not be saved."
        else:
            self.warning = (
                f"Your progress file was damaged ({problem}). It was kept as {kept.name} in {self.folder} "
                "and a new, empty progress record was started."
            )
        return empty_data()

    def _keep_aside(self) -> Path | None:
        n = 1
        while (self.folder / f"{FILE_NAME}.corrupt-{n}").exists():
            n += 1
        target = self.folder / f"{FILE_NAME}.corrupt-{n}"
        try:
            os.replace(self.path, target)
        except OSError:
            return None
        return target

    def _remove_stale_temps(self) -> None:
        """Temp files a killed save left behind (old enough not to be another process's save in flight)."""
        with contextlib.suppress(OSError):
            now = time.time()
            for temp in self.folder.glob(f".{FILE_NAME}.*.tmp"):
                with contextlib.suppress(OSError):
                    if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                        temp.unlink()

    # --- writing ------------------------------------------------------------

    def save(self) -> bool:
        """Write atomically; False (and ``warning`` set) when it could not be saved."""
        if self.read_only:
            return False
        text = json.dumps(self.data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        try:
            atomic_write(self.path, text)
        except OSError as exc:
            self.warning = f"Could not save your progress to {self.path}: {exc.strerror or exc}"
            return False
        return True

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

    def _now(self) -> str:
        return _iso(self.clock())

    def _lesson(self, lesson_id: str) -> dict:
        lessons = self.data["lessons"]
        if lesson_id not in lessons:
            now = self._now()
            lessons[lesson_id] = {
                "started": now,
                "updated": now,
                "completed": None,
                "step": 0,
                "steps_done": [],
                "commands_typed": 0,
                "commands": [],
                "tasks": {},
                "quiz": {},
            }
        state = lessons[lesson_id]
        state["updated"] = self._now()
        self.data["last_lesson"] = lesson_id
        return state

    def _task(self, lesson_id: str, task_id: str) -> dict:
        return self._lesson(lesson_id)["tasks"].setdefault(
            task_id,
            {"commands": 0, "hints": 0, "solution_shown": False, "done": False, "skipped": False},
        )

    def record_started(self, lesson_id: str) -> None:
        self._lesson(lesson_id)
        self.save()

    def record_step(self, lesson_id: str, step_index: int, step_key: str | None = None) -> None:
        """The learner is now at ``step_index``; ``step_key`` names the step just finished."""
        state = self._lesson(lesson_id)
        state["step"] = step_index
        if step_key and step_key not in state["steps_done"]:
            state["steps_done"].append(step_key)
        self.save()

    def record_command(self, lesson_id: str, task_id: str | None, line: str, exit_code: int) -> None:
        state = self._lesson(lesson_id)
        state["commands_typed"] += 1
        state["commands"].append({"task": task_id, "line": line[:500], "exit": exit_code, "at": self._now()})
        del state["commands"][:-MAX_COMMANDS_KEPT]
        if task_id is not None:
            self._task(lesson_id, task_id)["commands"] += 1
        self.save()

    def record_hint(self, lesson_id: str, task_id: str) -> None:
        self._task(lesson_id, task_id)["hints"] += 1
        self.save()

    def record_solution_shown(self, lesson_id: str, task_id: str) -> None:
        self._task(lesson_id, task_id)["solution_shown"] = True
        self.save()

    def record_task_done(
        self, lesson_id: str, task_id: str, *, commands: int, par: int, stars: int, skipped: bool = False
    ) -> None:
        task = self._task(lesson_id, task_id)
        task.update(
            done=not skipped,
            skipped=skipped,
            commands_to_finish=commands,
            par=par,
            stars=stars,
            finished=self._now(),
        )
        self.save()

    def record_quiz(
        self, lesson_id: str, question_id: str, answer: str, correct: bool, misconception: str | None
    ) -> None:
        """Every attempt counts; the first one is the scored one."""
        quiz = self._lesson(lesson_id)["quiz"]
        entry = quiz.get(question_id)
        if entry is None:
            quiz[question_id] = {
                "answer": answer[:500],
                "correct": correct,
                "misconception": None if correct else misconception,
                "attempts": 1,
                "at": self._now(),
            }
        else:
            entry["attempts"] += 1
            entry["last_answer"] = answer[:500]
            entry["last_correct"] = correct
        self.save()

    def record_lesson_done(self, lesson_id: str, step_count: int) -> None:
        state = self._lesson(lesson_id)
        state["step"] = step_count
        state["completed"] = state.get("completed") or self._now()
        self.save()

    def restart_lesson(self, lesson_id: str) -> None:
        """Start a lesson again from its first step (what was recorded stays, the position resets)."""
        state = self._lesson(lesson_id)
        state["step"] = 0
        self.save()


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers only ever see the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open folders, and needs no such step)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _structure_problem(data: object) -> str | None:
    """None when ``data`` looks like a progress file, else what is wrong, in words."""
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
    return None
