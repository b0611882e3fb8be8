"""Start-up stays light: what each entry point imports before it does its work.

Checked in fresh interpreters (not timed): the TUI's argument parser loads neither the quiz
engine nor the simulator, `registry-tutor shell` never loads Textual, Rich, YAML or
jsonschema, and a start with every lesson compiled in the cache loads no YAML or jsonschema.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tutor.cli import ENGINES
from tutor.cli.quiz import QUIZ_SOURCES
from tutor.quiz.bank import SOURCES
from tutor.sim.world import PROFILES

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("textual", "rich", "yaml", "jsonschema", "tutor.quiz", "tutor.sim", "tutor.lessons.loader")


def modules_after(code: str, stdin: str = "", env: dict | None = None) -> set[str]:
    probe = f"{code}\nimport sys, json\nsys.stderr.write('MODULES' + json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", probe], input=stdin, capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, **(env or {})}, timeout=120)
    marker = out.stderr.rindex("MODULES")
    return set(json.loads(out.stderr[marker + len("MODULES"):]))


def heavy(modules: set[str], names=HEAVY) -> set[str]:
    return {m for m in modules if m.split(".")[0] in names or m.startswith(tuple(n for n in names if "." in n))}


def test_quiz_sources_in_the_parser_match_the_quiz_bank():
    assert QUIZ_SOURCES == SOURCES


def test_engines_in_the_parser_match_the_simulator_profiles():
    assert ENGINES == PROFILES


def test_building_the_full_parser_imports_no_engine():
    assert heavy(modules_after("from tutor.cli import build_parser\nbuild_parser(True)")) == set()


def test_the_shell_imports_no_ui_yaml_or_schema():
    code = "from tutor.cli import main\ntry:\n    main(['shell'])\nexcept SystemExit:\n    pass"
    loaded = modules_after(code, stdin="docker images\n")
    assert "tutor.sim.shell" in loaded  # it did run
    assert heavy(loaded, ("textual", "rich", "yaml", "jsonschema", "platformdirs")) == set()


def test_a_warm_start_loads_lessons_without_yaml_or_jsonschema(tmp_path):
    env = {"REGISTRY_TUTOR_CACHE": str(tmp_path)}
    code = "from tutor.lessons.catalog import load_builtin\nassert load_builtin()"
    cold = modules_after(code, env=env)
    assert {"yaml", "jsonschema"} <= cold  # the first start compiles them
    warm = modules_after(code, env=env)
    assert heavy(warm, ("yaml", "jsonschema", "tutor.lessons.loader")) == set()
