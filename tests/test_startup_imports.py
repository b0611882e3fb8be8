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

import pytest

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


# --- `registry-tutor shell`: what its first command loads (issue 12: start-up <= 2x a bare interpreter) ---

# `python -m tutor shell`, as runpy runs it, then the modules it loaded (stderr, after its own output)
RUN_SHELL = (
    "import runpy, sys\nsys.argv = ['tutor', 'shell']\n"
    "try:\n    runpy.run_module('tutor', run_name='__main__', alter_sys=True)\nexcept SystemExit:\n    pass"
)

# What `docker images` as the first command must not load: other commands' engines, the full argument
# parser, OpenSSL, typing, inspect (dataclasses imports it; the shell defers it), date and archive code, the
# json package (tutor.sim.content uses _json's C encoder) and importlib (tutor.sim.lazy.import_module).
NOT_FOR_DOCKER_IMAGES = {
    "tutor.sim.builder", "tutor.sim.transfer", "tutor.sim.registry_api", "tutor.sim.worldfile",
    "tutor.sim.shell.docker.containers", "tutor.sim.shell.docker.push_pull", "tutor.sim.shell.curl",
    "tutor.sim.shell.registry_cmd", "argparse", "gettext", "locale", "shutil", "bz2", "lzma", "typing",
    "hashlib", "_hashlib", "datetime", "ast", "dis", "base64", "urllib.parse", "json", "importlib",
    "textual", "rich", "yaml", "jsonschema", "platformdirs",
}  # fmt: skip


def shell_run(stdin: str) -> subprocess.CompletedProcess[str]:
    probe = f"{RUN_SHELL}\nimport sys, json\nsys.stderr.write('MODULES' + json.dumps(sorted(sys.modules)))\n"
    return subprocess.run([sys.executable, "-c", probe], input=stdin, capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_the_shell_answers_docker_images_without_the_builder_argparse_or_openssl():
    bare = modules_after("pass")  # what this interpreter loads anyway (site, an editable install's finder)
    loaded = modules_after(RUN_SHELL, stdin="docker images\n")
    assert "tutor.sim.shell.docker.images" in loaded  # it did run the command
    assert (loaded - bare) & NOT_FOR_DOCKER_IMAGES == set()


def test_the_deferred_inspect_loads_when_read():
    code = ("from tutor.cli.shell import _defer_inspect\n_defer_inspect()\nimport inspect, dataclasses\n"
            "assert 'ast' not in sys.modules\n"
            "@dataclasses.dataclass\nclass NoDoc:\n    x: int\n"  # no docstring: dataclasses reads inspect
            "assert NoDoc.__doc__ == 'NoDoc(x: int)', NoDoc.__doc__\nassert inspect.signature and 'ast' in sys.modules")
    out = subprocess.run([sys.executable, "-c", "import sys\n" + code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr


def test_every_simulator_dataclass_has_a_docstring():
    """dataclasses calls inspect.signature for a class without one; the shell defers inspect on that promise."""
    import ast

    missing = []
    for path in sorted((ROOT / "tutor" / "sim").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and ast.get_docstring(node) is None and any(
                "dataclass" in ast.unparse(d) or "record" in ast.unparse(d) for d in node.decorator_list
            ):
                missing.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert missing == []


def test_each_docker_command_works_as_the_first_command_after_lazy_loading():
    """Every command path's --help, in one fresh shell: each module loads when a path of its own is typed,
    and every path answers as it does with the whole table loaded."""
    from tutor.sim.shell.docker import COMMAND_MODULES, command_table

    table = command_table()
    proc = shell_run("".join(f"{path} --help\n" for path in COMMAND_MODULES))
    assert proc.returncode == 0
    expected = [line for path in COMMAND_MODULES for line in table[path].help_text()]
    assert proc.stdout.splitlines() == expected


def test_docker_help_as_the_first_command_lists_every_command():
    from tutor.sim.shell import docker

    proc = shell_run("docker --help\ndocker image --help\n")  # bare `docker image` writes its help to stderr
    assert proc.stdout.splitlines() == docker.top_level_help() + docker._management_help("image")
    listed = {line.split()[0] for line in docker.top_level_help() if line.startswith("  ")}
    # every command and management group (buildx is not covered, only `buildx imagetools inspect` is)
    assert {path.split()[1] for path in docker.COMMAND_MODULES} - {"buildx"} <= listed


@pytest.mark.parametrize(
    ("argv", "engine", "world"),
    [
        (["shell"], "current", None),
        (["shell", "--engine", "classic"], "classic", None),
        (["shell", "--engine=classic", "--world", "saved.json"], "classic", "saved.json"),
        (["shell", "--world=", "--engine", "current"], "current", ""),
        (["shell", "--engine", "classic", "--engine", "current"], "current", None),  # the last one wins
    ],
)
def test_the_shell_fast_path_reads_options_as_argparse_does(argv, engine, world):
    from tutor.cli import _shell_options, build_parser

    args = build_parser(extra=False).parse_args(argv)
    assert (args.engine, args.world) == (engine, world)
    assert _shell_options(argv) == {"engine": engine, "world": world}


@pytest.mark.parametrize(
    "argv",
    [
        ["shell", "--eng", "classic"],  # an abbreviation argparse accepts
        ["shell", "--engine", "bogus"], ["shell", "--help"], ["shell", "-h"], ["shell", "extra"],
        ["shell", "--world"], ["shell", "--world", "-"], ["--profile", "x", "shell"], ["quiz"],
    ],
)  # fmt: skip
def test_anything_else_goes_to_argparse(argv):
    from tutor.cli import _shell_options

    assert _shell_options(argv) is None


def test_a_bad_shell_option_still_gets_argparse_s_own_error():
    out = subprocess.run([sys.executable, "-m", "tutor", "shell", "--engine", "bogus"], capture_output=True,
                         text=True, cwd=ROOT, timeout=60, stdin=subprocess.DEVNULL)
    assert out.returncode == 2
    assert "argument --engine: invalid choice: 'bogus' (choose from 'current', 'classic')" in out.stderr
