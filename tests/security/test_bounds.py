"""Issue 16, resource exhaustion in the simulator: every command does bounded work.

* Glob matching was quadratic on unclosed ``[`` (fnmatch re-searches for ``]`` from every ``[``: 16k
  characters took 15 s, 128 KB over 300 s). ``tutor.sim.globmatch`` reads a pattern once.
  (Speed itself is measured in ``benchmarks/glob_bounds.py``, not here: tests never time anything.)
* A line over MAX_LINE characters is refused as Linux refuses an exec over its argument limits: bash
  reports ``strerror(E2BIG)`` after the command name (bash ``execute_cmd.c`` ``shell_execve``), exit 126.
* ``X=$X$X`` doubled to 1.6 GB in 3 s: a command's variable expansions are capped at MAX_EXPANSION
  characters (the kernel's MAX_ARG_STRLEN, 128 KiB), with a plain error and no command run.
"""

from __future__ import annotations

import fnmatch
import random

import pytest

from tutor.sim.globmatch import compile_glob
from tutor.sim.shell import MAX_EXPANSION, MAX_LINE, Shell
from tutor.sim.world import World


@pytest.fixture
def shell() -> Shell:
    return Shell(World.default())


# --- glob matching ------------------------------------------------------------


def test_glob_matcher_agrees_with_fnmatch_where_bash_and_fnmatch_agree():
    """fnmatch differs from bash only on `[^...]` (bash negates, as `[!...]`); everything else must agree."""
    rng = random.Random(5)
    for _ in range(20_000):
        pattern = "".join(rng.choice("ab[]!*?-c") for _ in range(rng.randint(0, 7)))
        name = "".join(rng.choice("ab[]!-c^") for _ in range(rng.randint(0, 6)))
        assert compile_glob(pattern)(name) == fnmatch.fnmatchcase(name, pattern), (pattern, name)


@pytest.mark.parametrize(
    ("pattern", "name", "matches"),
    [
        ("[^a]x", "bx", True),  # bash: ^ negates like !
        ("[^a]x", "ax", False),
        ("[]a]", "]", True),  # a ] right after [ is a member
        ("[!]a]", "b", True),
        ("[z-a]", "m", False),  # a reversed range matches nothing
        ("[", "[", True),  # unclosed: literal
        ("a[b", "a[b", True),
        ("*.py", ".hidden.py", True),  # (hidden names are the caller's rule)
        ("my*app*1", "myapp1", True),
        ("*a*a*a*b", "a" * 50, False),
    ],
)
def test_glob_matcher_follows_bash_bracket_rules(pattern, name, matches):
    assert compile_glob(pattern)(name) is matches


def test_ls_with_sixteen_thousand_unclosed_brackets_answers_as_bash(shell):
    pattern = "[" * (MAX_LINE - 10)
    result = shell.run(f"ls {pattern}")
    assert result.exit_code == 2
    assert result.stderr == [f"ls: cannot access '{pattern}': No such file or directory"]


def test_many_stars_against_a_long_name(shell):
    assert shell.run("touch " + "a" * 3000).exit_code == 0
    result = shell.run("ls " + "*a" * 2000 + "b")
    assert result.exit_code == 2  # no match: the pattern is passed on as typed, as in bash
    result = shell.run("ls " + "*a" * 1000)
    assert result.stdout == ["a" * 3000]


def test_globs_still_expand(shell):
    home = shell.world.machine.home
    assert shell.run("echo ~/myapp1[0-2]").stdout == [" ".join(f"{home}/myapp1{i}" for i in range(3))]
    assert shell.run("echo ~/myapp2[!0-4]").stdout == [f"{home}/myapp25"]
    assert shell.run("echo ~/myapp?5").stdout == [f"{home}/myapp15 {home}/myapp25"]
    assert shell.run("echo myapp[^1]").stdout == [" ".join(f"myapp{i}" for i in range(2, 10))]


# --- line length ------------------------------------------------------------------


def test_a_line_over_the_cap_is_refused_as_the_simulators_own_limit(shell):
    """Real bash would run it (Linux ARG_MAX, sysconf(_SC_ARG_MAX), is about 2 MB: E2BIG's "Argument list
    too long" would be a lie here), so the refusal names the simulator (help simplifications)."""
    line = "docker tag " + "a" * MAX_LINE + " b"
    result = shell.run(line)
    assert result.exit_code == 1
    assert result.stderr == [
        f"registry-tutor: this command line has {len(line)} characters; the simulator takes command lines of "
        f"up to {MAX_LINE} (the command was not run)",
    ]
    assert shell.last_status == 1


def test_a_line_at_the_cap_still_runs(shell):
    line = "echo " + "a" * (MAX_LINE - 5)
    assert len(line) == MAX_LINE
    result = shell.run(line)
    assert result.exit_code == 0 and result.stdout == ["a" * (MAX_LINE - 5)]


# --- expansion --------------------------------------------------------------------


def test_doubling_a_variable_stops_at_the_cap_with_a_clear_error(shell):
    assert shell.run("X=abcdefgh").exit_code == 0
    results = [shell.run("X=$X$X") for _ in range(20)]
    failed = [r for r in results if r.exit_code != 0]
    assert failed, "the doubling never hit the cap"
    assert failed[0].stderr == [
        f"registry-tutor: $X expands to more than {MAX_EXPANSION // 1024} KiB in one command; the simulator "
        "stops there (the command was not run)"
    ]
    assert len(shell.vars["X"]) <= MAX_EXPANSION  # the failed assignment changed nothing
    assert len(shell.vars["X"]) == 8 * 2 ** (len(results) - len(failed))


def test_many_expansions_of_a_large_variable_in_one_command_are_capped(shell):
    assert shell.run("X=" + "a" * 10_000).exit_code == 0
    result = shell.run("echo " + "$X" * 20)
    assert result.exit_code == 1 and result.stdout == []
    assert "expands to more than 128 KiB" in result.stderr[0]
    assert shell.run("echo $X$X").stdout == ["a" * 20_000]  # below the cap all is as before


def test_export_and_redirect_targets_count_too(shell):
    shell.run("X=" + "b" * 10_000)
    assert shell.run("export Y=" + "$X" * 14).exit_code == 1
    assert shell.run("echo hi > " + "$X" * 14).exit_code == 1
    assert "Y" not in shell.vars


def test_a_dockerfile_copy_of_unclosed_brackets_is_a_plain_not_found(shell):
    """COPY sources match with the same linear matcher; `[[[…` is not a JSON array, so it is the shell form
    (buildkit frontend/dockerfile/parser/line_parsers.go parseMaybeJSON falls back when JSON fails)."""
    shell.run("cd ~/myapp1")
    assert shell.run("echo 'COPY " + "[" * 15_000 + " /app' >> Dockerfile").exit_code == 0
    result = shell.run("docker build -t x .")
    assert result.exit_code == 1
    assert "internal error" not in result.text
    assert result.stderr[-1].endswith('"/' + "[" * 15_000 + '": not found')


def test_a_dockerignore_line_of_unclosed_brackets_is_read_in_linear_time(shell):
    """.dockerignore patterns compile through globmatch.glob_regex (fnmatch.translate's shape, built once)."""
    shell.run("cd ~/myapp1")
    shell.run("echo '" + "[" * 15_000 + "' > .dockerignore")
    result = shell.run("docker build -q -t x .")
    assert result.exit_code == 0 and result.stdout[0].startswith("sha256:")


def test_glob_regex_keeps_the_dockerignore_rules():
    import re

    from tutor.sim.globmatch import glob_regex

    star = "[^/]*"
    assert re.fullmatch(glob_regex("*.py", star), "app.py")
    assert not re.fullmatch(glob_regex("*.py", star), "src/app.py")  # * stays inside one folder
    assert re.fullmatch(glob_regex("src/*.p?", star), "src/app.py")
    assert re.fullmatch(glob_regex("[!a]*", star), "bpp")
    assert re.fullmatch(glob_regex("[" * 5, star), "[" * 5)
