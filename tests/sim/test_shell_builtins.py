"""The simulated shell: builtins, chaining, redirection, explain, and that nothing ever raises."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.sim import events as ev
from tutor.sim.narrator import narrate
from tutor.sim.result import Result
from tutor.sim.shell import PROGRAMS, Shell
from tutor.sim.world import World

HOME = "/home/learner"
D1 = "sha256:3f2a9c1d" + "0" * 56
D2 = "sha256:9b07e411" + "1" * 56


@pytest.fixture
def shell() -> Shell:
    return Shell(World.default())


def run(shell: Shell, line: str) -> Result:
    return shell.run(line)


# --- cd / pwd / prompt ---------------------------------------------------


def test_prompt_shows_home_as_tilde(shell: Shell) -> None:
    assert shell.prompt == "~ $ "
    run(shell, "cd myapp1")
    assert shell.prompt == "~/myapp1 $ "
    run(shell, "cd /tmp")
    assert shell.prompt == "/tmp $ "


def test_cd_and_pwd(shell: Shell) -> None:
    r = run(shell, "cd myapp1 && pwd")
    assert r.stdout == [f"{HOME}/myapp1"]
    assert r.exit_code == 0
    assert ev.DirectoryChanged("laptop", f"{HOME}/myapp1") in r.events
    assert run(shell, "cd ../myapp2; pwd").stdout == [f"{HOME}/myapp2"]
    assert run(shell, "cd -").stdout == [f"{HOME}/myapp1"]  # bash prints the new folder
    assert run(shell, "cd; pwd").stdout == [HOME]
    assert run(shell, "cd ~/myapp3/.. && pwd").stdout == [HOME]


def test_cd_errors(shell: Shell) -> None:
    r = run(shell, "cd nowhere")
    assert r.stderr == ["bash: cd: nowhere: No such file or directory"]
    assert r.exit_code == 1
    assert run(shell, "cd README.md").stderr == ["bash: cd: README.md: Not a directory"]
    assert run(shell, "cd a b").stderr == ["bash: cd: too many arguments"]
    assert Shell(World.default()).run("cd -").stderr == ["bash: cd: OLDPWD not set"]
    assert shell.world.machine.cwd == HOME


# --- ls ------------------------------------------------------------------


def test_ls_home_in_columns_like_a_terminal(shell: Shell) -> None:
    r = run(shell, "ls")
    text = " ".join(r.stdout).split()
    assert text.count("README.md") == 1
    assert {f"myapp{n}" for n in range(1, 26)} <= set(text)
    assert all(len(line) < 80 for line in r.stdout)
    assert len(r.stdout) < 26  # several names a line


def test_ls_one_per_line_and_a_folder(shell: Shell) -> None:
    assert run(shell, "ls -1 myapp1").stdout == ["app.py", "Dockerfile"]
    assert run(shell, "ls myapp1/Dockerfile").stdout == ["myapp1/Dockerfile"]


def test_ls_long(shell: Shell) -> None:
    r = run(shell, "ls -l myapp1")
    assert r.stdout[0] == "total 8"
    assert r.stdout[1].startswith("-rw-r--r-- 1 learner learner")
    assert r.stdout[1].endswith(" app.py")
    assert r.stdout[2].endswith(" Dockerfile")
    size = len(b'print("Hello from myapp1, version 1.0")\n')
    assert f" {size} " in r.stdout[1]


def test_ls_all_shows_dot_entries(shell: Shell) -> None:
    run(shell, "cd myapp1")
    assert run(shell, "ls -a -1").stdout == [".", "..", "app.py", "Dockerfile"]
    assert run(shell, "ls -la").stdout[1].startswith("drwxr-xr-x")


def test_ls_missing_path(shell: Shell) -> None:
    r = run(shell, "ls nope myapp1")
    assert r.stderr == ["ls: cannot access 'nope': No such file or directory"]
    assert r.stdout == ["myapp1:", "app.py  Dockerfile"]
    assert r.exit_code == 2


def test_ls_unsupported_option_is_not_called_invalid(shell: Shell) -> None:
    r = run(shell, "ls -R")
    assert r.exit_code != 0
    assert "not simulated" in r.stderr[0]


def test_glob_expansion(shell: Shell) -> None:
    assert run(shell, "echo myapp2?").stdout == ["myapp20 myapp21 myapp22 myapp23 myapp24 myapp25"]
    assert run(shell, "echo '*'").stdout == ["*"]
    assert run(shell, "echo *.nothing").stdout == ["*.nothing"]


# --- cat / echo / redirection ---------------------------------------------


def test_cat(shell: Shell) -> None:
    r = run(shell, "cat myapp7/app.py myapp7/Dockerfile")
    assert r.stdout[0] == 'print("Hello from myapp7, version 1.0")'
    assert r.stdout[1] == "FROM python:3.12-slim"
    r = run(shell, "cat nope")
    assert r.stderr == ["cat: nope: No such file or directory"]
    assert r.exit_code == 1
    assert run(shell, "cat myapp1").stderr == ["cat: myapp1: Is a directory"]


def test_echo(shell: Shell) -> None:
    assert run(shell, "echo hello   world").stdout == ["hello world"]
    assert run(shell, "echo 'hello   world'").stdout == ["hello   world"]
    assert run(shell, "echo").stdout == [""]
    assert run(shell, "echo -e 'a\\nb'").stdout == ["a", "b"]
    assert run(shell, "echo -n").stdout == []
    assert run(shell, "echo $HOME").stdout == [HOME]


def test_echo_into_files(shell: Shell) -> None:
    fs = shell.world.machine.fs
    r = run(shell, "echo 'print(\"v2\")' >> myapp1/app.py")
    assert r.output == []
    assert r.events == [ev.FileWritten("laptop", f"{HOME}/myapp1/app.py")]
    assert fs.read(f"{HOME}/myapp1/app.py").endswith('print("v2")\n')
    run(shell, "echo first > notes.txt; echo second >> notes.txt")
    assert fs.read(f"{HOME}/notes.txt") == "first\nsecond\n"
    run(shell, "echo replaced > notes.txt")
    assert fs.read(f"{HOME}/notes.txt") == "replaced\n"
    run(shell, "echo -n bare > bare.txt")
    assert fs.read(f"{HOME}/bare.txt") == "bare"
    assert run(shell, "cat notes.txt").stdout == ["replaced"]


def test_redirect_errors_stop_the_command(shell: Shell) -> None:
    r = run(shell, "echo hi > nowhere/x.txt")
    assert r.stderr == ["bash: nowhere/x.txt: No such file or directory"]
    assert r.exit_code == 1
    assert run(shell, "echo hi > myapp1").stderr == ["bash: myapp1: Is a directory"]


def test_stderr_redirection(shell: Shell) -> None:
    fs = shell.world.machine.fs
    r = run(shell, "cat nope 2> err.txt")
    assert r.output == []
    assert fs.read(f"{HOME}/err.txt") == "cat: nope: No such file or directory\n"
    r = run(shell, "cat nope README.md > all.txt 2>&1")
    assert r.output == []
    assert fs.read(f"{HOME}/all.txt").startswith("cat: nope: No such file or directory\n# ")


def test_ls_into_a_file_lists_one_name_a_line(shell: Shell) -> None:
    run(shell, "ls > files.txt")
    lines = shell.world.machine.fs.read(f"{HOME}/files.txt").splitlines()
    assert "myapp1" in lines and "README.md" in lines


def test_program_output_is_redirected(shell: Shell, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_docker(ctx, argv):
        r = Result()
        r.out("REPOSITORY   TAG", "x            1.0")
        r.err("a warning")
        return r

    monkeypatch.setitem(PROGRAMS, "docker", fake_docker)
    r = run(shell, "docker images > out.txt")
    assert r.stderr == ["a warning"] and r.stdout == []
    assert shell.world.machine.fs.read(f"{HOME}/out.txt") == "REPOSITORY   TAG\nx            1.0\n"


# --- mkdir / touch / rm ----------------------------------------------------


def test_mkdir_touch_rm(shell: Shell) -> None:
    fs = shell.world.machine.fs
    r = run(shell, "mkdir a/b")
    assert r.stderr == ["mkdir: cannot create directory ‘a/b’: No such file or directory"]
    assert run(shell, "mkdir -p a/b && touch a/b/c.txt").exit_code == 0
    assert fs.is_file(f"{HOME}/a/b/c.txt")
    assert run(shell, "mkdir a").stderr == ["mkdir: cannot create directory ‘a’: File exists"]
    assert run(shell, "rm a").stderr == ["rm: cannot remove 'a': Is a directory"]
    assert run(shell, "rm ghost").stderr == ["rm: cannot remove 'ghost': No such file or directory"]
    assert run(shell, "rm -f ghost").exit_code == 0
    assert run(shell, "rm -r a").exit_code == 0
    assert not fs.exists(f"{HOME}/a")
    assert run(shell, "rm").stderr == ["rm: missing operand", "Try 'rm --help' for more information."]
    assert run(shell, "mkdir").stderr[0] == "mkdir: missing operand"


# --- chaining, status, history, clear ---------------------------------------


def test_and_or_semicolon(shell: Shell) -> None:
    r = run(shell, "cd nope && echo not-run || echo fallback ; echo always")
    assert r.stdout == ["fallback", "always"]
    assert r.stderr == ["bash: cd: nope: No such file or directory"]
    assert r.exit_code == 0
    assert [stream for stream, _ in r.output] == [2, 1, 1]  # order kept across streams
    r = run(shell, "true || echo skipped && echo runs")
    assert r.stdout == ["runs"]


def test_exit_status_is_the_last_command_run(shell: Shell) -> None:
    assert run(shell, "echo a; false").exit_code == 1
    assert run(shell, "false; echo $?").stdout == ["1"]
    assert run(shell, "false && echo x").exit_code == 1


def test_history_is_numbered_like_bash(shell: Shell) -> None:
    run(shell, "cd myapp1")
    run(shell, "   ")
    run(shell, "ls")
    r = run(shell, "history")
    assert r.stdout == ["    1  cd myapp1", "    2  ls", "    3  history"]
    assert shell.world.machine.history == ["cd myapp1", "ls", "history"]
    assert run(shell, "history 1").stdout == ["    4  history 1"]


def test_clear_drops_what_came_before_it(shell: Shell) -> None:
    r = run(shell, "echo before; clear; echo after")
    assert r.clear is True
    assert r.stdout == ["after"]


def test_syntax_errors_and_not_simulated(shell: Shell) -> None:
    r = run(shell, "&& ls")
    assert r.stderr == ["bash: syntax error near unexpected token `&&'"]
    assert r.exit_code == 2
    r = run(shell, 'echo "open')
    assert r.stderr == ["bash: unexpected EOF while looking for matching `\"'"]
    r = run(shell, "docker rmi $(docker images -q)")
    assert "command substitution" in r.stderr[0] and r.exit_code == 2


# --- unknown and out-of-scope programs --------------------------------------


def test_command_not_found(shell: Shell) -> None:
    r = run(shell, "dokcer images")
    assert r.exit_code == 127
    assert r.stderr[0] == "bash: dokcer: command not found"
    assert "help" in r.stderr[1]


@pytest.mark.parametrize("program", ["vim", "python", "git", "kubectl", "nano"])
def test_real_programs_out_of_scope(shell: Shell, program: str) -> None:
    r = run(shell, f"{program} something")
    assert r.exit_code != 0
    assert len(r.stderr) == 1
    assert "does not run" in r.stderr[0] and f"`{program}`" in r.stderr[0]
    assert "command not found" not in r.stderr[0]


def test_files_are_not_executable(shell: Shell) -> None:
    r = run(shell, "./myapp1/app.py")
    assert r.stderr[0] == "bash: ./myapp1/app.py: Permission denied"
    assert r.exit_code == 126


def test_exit_requests_the_end(shell: Shell) -> None:
    r = run(shell, "exit 3; echo never")
    assert shell.exit_requested == 3
    assert r.output == [] and r.exit_code == 3


def test_help(shell: Shell) -> None:
    text = run(shell, "help").text
    for word in ("docker build", "push", "pull", "curl", "explain", "single-platform", "print()"):
        assert word in text
    assert "manifest inspect" in run(shell, "help docker").text
    assert "/v2/" in run(shell, "help curl").text
    assert run(shell, "help nonsense").exit_code == 1


def test_a_crashing_program_gives_one_line_not_a_traceback(
    shell: Shell, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx, argv):
        raise KeyError("boom\nsecond line")

    monkeypatch.setitem(PROGRAMS, "docker", broken)
    r = run(shell, "docker images; echo after")
    assert len(r.stderr) == 1 and "internal error" in r.stderr[0]
    assert "Traceback" not in r.text
    assert r.stdout == ["after"]


def test_docker_gets_its_arguments_after_the_program_name(
    shell: Shell, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types

    seen = []
    fake = types.ModuleType("tutor.sim.shell.docker")
    fake.main = lambda ctx, args: seen.append(args) or Result()  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, "tutor.sim.shell.docker", fake)
    run(shell, "docker push 'localhost:5000/myapp1:1.0'")
    assert seen == [["push", "localhost:5000/myapp1:1.0"]]


# --- explain ---------------------------------------------------------------


def test_explain_before_anything(shell: Shell) -> None:
    assert "no command has run" in run(shell, "explain").text


def test_explain_a_command_without_events(shell: Shell) -> None:
    run(shell, "ls")
    r = run(shell, "explain")
    assert "`ls`" in r.text and "changed nothing" in r.text


def test_explain_narrates_a_moved_latest_label(shell: Shell, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_push(ctx, argv):
        r = Result()
        r.events += [
            ev.ManifestPushed("localhost:5000", "myapp1", D2, True),
            ev.RegistryTagMoved("localhost:5000", "myapp1", "latest", D1, D2),
            ev.ManifestUntagged("localhost:5000", "myapp1", D1),
        ]
        return r

    monkeypatch.setitem(PROGRAMS, "docker", fake_push)
    run(shell, "docker push localhost:5000/myapp1:latest")
    r = run(shell, "explain")
    assert (
        "The label `latest` on shelf myapp1 in library localhost:5000 moved from edition 3f2a9c1d to edition "
        "9b07e411. The old edition is still on the shelf, unlabelled; it can be fetched by digest until "
        # plain garbage-collect marks every manifest (distribution registry/storage/garbagecollect.go)
        "it is deleted by digest or collected with garbage-collect --delete-untagged." in r.text
    )
    assert "Edition 9b07e411 was placed on shelf myapp1 in library localhost:5000." in r.text
    # explain itself is not "the previous command"
    assert run(shell, "explain").text == r.text


def test_explain_in_the_same_line(shell: Shell) -> None:
    r = run(shell, "echo x > f.txt && explain")
    assert "f.txt" in r.text and "written" in r.text


def _sample(cls: type[ev.Event]) -> ev.Event:
    values = {
        "digest": D1,
        "old_digest": D2,
        "cached": False,
        "new": True,
        "container_id": "c" * 64,
    }
    return cls(**{name: values.get(name, name) for name in cls.fields})


@pytest.mark.parametrize("name", sorted(ev.EVENT_TYPES))
def test_every_event_type_has_a_library_sentence(name: str) -> None:
    event = _sample(ev.EVENT_TYPES[name])
    (line,) = narrate([event], HOME)
    assert not line.startswith("Something happened")
    assert line.endswith(".")
    if "digest" in event.fields and name not in ("BlobDeleted",):
        assert "3f2a9c1d" in line


# --- never raise ------------------------------------------------------------

TOKENS = st.sampled_from(
    [
        "ls", "cd", "echo", "cat", "pwd", "mkdir", "-p", "touch", "rm", "-r", "-l", "-a", "history",
        "explain", "help", "clear", "docker", "curl", "foo", "~", "~/myapp1", "..", ".", "/", "*", "?",
        "[", "myapp1", "app.py", "&&", "||", ";", ">", ">>", "2>", "2>&1", "&>", "|", "&", "<", "(", ")",
        "'", '"', "\\", "$", "$HOME", "${X}", "$(", "`", "#", "x=1", "é", "✓", "\n", "\t", "exit", "-e",
        "-n", "'a b'", '"$?"', "${", "}", "!", "\x00", "\U0001f600",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(TOKENS, st.text(alphabet=string.printable + "éü✓", max_size=6)), max_size=12))
def test_random_lines_never_raise(tokens: list[str]) -> None:
    shell = Shell(World.default())
    line = " ".join(tokens)
    for text in (line, line.replace(" ", "")):
        result = shell.run(text)
        assert isinstance(result, Result)
        assert isinstance(result.exit_code, int)
        assert all(isinstance(t, str) for _, t in result.output)
        assert "Traceback" not in result.text
        if "docker" not in text and "curl" not in text:  # those programs are tested on their own
            assert not any(t.startswith("registry-tutor: internal error") for t in result.stderr)


def test_shell_explain_method_records_nothing(shell: Shell) -> None:
    run(shell, "cd myapp1")
    r = shell.explain()
    assert "You moved to ~/myapp1 on your laptop" in r.text
    assert shell.world.machine.history == ["cd myapp1"]
