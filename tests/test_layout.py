"""The layout a newcomer reads in minutes: short functions, packages that say what they hold.

Checked on the source itself (ast), not timed.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import tutor

ROOT = Path(__file__).resolve().parents[1]
MAX_FUNCTION_LINES = 80

# Files another branch (the teaching loop) is still rewriting; the lead splits them after it lands.
NOT_YET = {
    "tutor/ui/screens/lesson.py",
    "tutor/ui/changes.py",
    "tutor/lessons/session.py",
    "tutor/lessons/plain.py",
}
NOT_YET_FOLDERS = ("tutor/ui/widgets/",)


def long_functions(root: Path = ROOT) -> list[str]:
    found = []
    for path in sorted((root / "tutor").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name in NOT_YET or name.startswith(NOT_YET_FOLDERS):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    found.append(f"{name}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_no_function_outside_tests_is_longer_than_80_lines():
    assert long_functions() == []


def test_the_check_finds_a_long_function(tmp_path):
    (tmp_path / "tutor").mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (tmp_path / "tutor" / "long.py").write_text(f"def too_long():\n{body}\n", encoding="utf-8")
    assert long_functions(tmp_path) == [f"tutor/long.py:1 too_long ({MAX_FUNCTION_LINES + 1} lines)"]


def packages() -> list[str]:
    names = ["tutor"]
    for info in pkgutil.walk_packages(tutor.__path__, "tutor."):
        if info.ispkg and info.name != "tutor.ui.widgets":  # a NOT_YET folder
            names.append(info.name)
    return names


def test_every_package_says_its_job_and_its_public_names():
    for name in packages():
        module = importlib.import_module(name)
        assert (module.__doc__ or "").strip(), f"{name}/__init__.py has no docstring"
        public = getattr(module, "__all__", None)
        assert isinstance(public, list | tuple), f"{name}/__init__.py has no __all__"
        missing = [n for n in public if not hasattr(module, n)
                   and importlib.util.find_spec(f"{name}.{n}") is None]
        assert missing == [], f"{name}.__all__ names what it does not have: {missing}"
