"""`--pack` naming nothing, or a pack that does not load, is refused at once by every subcommand that opens it.

Before, `registry-tutor --pack nosuch` took over the terminal and said "Could not load the lessons" inside the
TUI; `learn` and `quiz` exited 1 with wordings of their own. Now each prints one line to stderr, in the words
`serve` uses (tutor.classroom.packs.pack_problem), and exits 2, argparse's status for a bad argument.
`learn` keeps opening the lessons that load of a pack with some broken ones (tests/security/test_sanitise.py),
so it refuses a pack only when none loads; the TUI, `quiz`, `serve` and `results export` load packs whole.
"""

from __future__ import annotations

import pytest

from tests.security.cli_run import raw_controls, tutor
from tutor.cli import main

NO_SUCH = "no such folder, and no shipped pack by that name (those are: sample-pack, 90-minutes, team-registry)"

# (argv before --pack, the name the message starts with)
COMMANDS = [
    ([], "registry-tutor"),
    (["learn"], "registry-tutor learn"),
    (["quiz", "--plain"], "registry-tutor quiz"),
    (["serve"], "registry-tutor serve"),
    (["results", "export"], "registry-tutor results export"),
]


@pytest.fixture(autouse=True)
def _data(tmp_path, monkeypatch):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def no_app(monkeypatch):
    """Fail if the TUI, a served class or the plain runners are reached."""
    import tutor.classroom.serve
    import tutor.lessons.plain
    import tutor.quiz.plain
    import tutor.ui.app

    def reached(*args, **kwargs):
        raise AssertionError("started despite a pack that cannot be used")

    for module, name in ((tutor.ui.app, "run_app"), (tutor.classroom.serve, "serve"),
                         (tutor.lessons.plain, "run_learn"), (tutor.quiz.plain, "run_plain")):
        monkeypatch.setattr(module, name, reached)


@pytest.mark.parametrize("argv, name", COMMANDS)
def test_a_pack_that_does_not_exist_is_refused_in_one_line_with_status_2(argv, name, capsys, no_app):
    assert main([*argv, "--pack", "nosuch"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [f"{name}: --pack nosuch cannot be used: nosuch:1: {NO_SUCH}"]


@pytest.mark.parametrize("argv, name", COMMANDS)
def test_the_pack_given_before_the_subcommand_is_refused_the_same(argv, name, capsys, no_app):
    assert main(["--pack", "nosuch", *argv]) == 2
    assert capsys.readouterr().err.splitlines() == [f"{name}: --pack nosuch cannot be used: nosuch:1: {NO_SUCH}"]


@pytest.mark.parametrize("argv, name", COMMANDS)
def test_a_broken_pack_file_is_refused_with_its_file_and_line(argv, name, tmp_path, capsys, no_app):
    pack = tmp_path / "workshop"
    pack.mkdir()
    (pack / "pack.yaml").write_text("title: Day 1\nlessons: [unclosed\n")
    assert main([*argv, "--pack", str(pack)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{name}: --pack {pack} cannot be used: {pack}/pack.yaml:3: YAML syntax error")


def test_a_file_given_as_a_pack_is_not_a_folder_of_lessons(tmp_path, capsys, no_app):
    (tmp_path / "notes.txt").write_text("hello\n")
    assert main(["--pack", "notes.txt"]) == 2
    assert capsys.readouterr().err == (
        "registry-tutor: --pack notes.txt cannot be used: notes.txt:1: not a folder of lessons\n")


def test_a_pack_yaml_given_as_the_pack_names_the_folder_that_was_meant(tmp_path, capsys, no_app):
    (tmp_path / "day1").mkdir()
    (tmp_path / "day1" / "pack.yaml").write_text("title: Day 1\n")
    assert main(["learn", "--pack", "day1/pack.yaml"]) == 2
    assert capsys.readouterr().err == (
        "registry-tutor learn: --pack day1/pack.yaml cannot be used: day1/pack.yaml:1: not a folder of lessons "
        "(a pack is the folder that holds pack.yaml: day1)\n")


def test_several_broken_lessons_are_counted_and_validate_is_named(tmp_path, capsys, no_app):
    pack = tmp_path / "workshop"
    pack.mkdir()
    for name in ("01-a.yaml", "02-b.yaml", "03-c.yaml"):
        (pack / name).write_text("id: Bad Id\n")
    assert main(["learn", "--pack", str(pack)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"registry-tutor learn: --pack {pack} cannot be used: {pack}/01-a.yaml:")
    assert line.endswith(f" more problems: `registry-tutor validate {pack}` lists them)")


def test_subcommands_that_do_not_open_a_pack_ignore_it_as_before(tmp_path, capsys):
    """`validate` and `schema` take no pack: a --pack before them changes nothing."""
    assert main(["--pack", "nosuch", "schema"]) == 0
    assert '"$schema"' in capsys.readouterr().out


def test_a_good_pack_still_opens(capsys):
    assert main(["learn", "--pack", "sample-pack", "--list"]) == 0
    assert "warm-up" in capsys.readouterr().out


def test_the_tui_is_never_started_for_a_pack_that_cannot_be_used(tmp_path):
    """Run as a learner would, stdin and stdout not terminals: before, the TUI took over anyway (and drew its
    screen into the pipe, waiting for keys); now the process ends by itself with one line and status 2.
    The timeout is only a guard against a hang, not a measure."""
    done = tutor("--pack", "nosuch", data=tmp_path / "data", timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"registry-tutor: --pack nosuch cannot be used: nosuch:1: {NO_SUCH}\n"
    assert raw_controls(done.stderr) == []  # no escape sequence: the terminal was never taken over


def test_a_folder_that_cannot_be_read_is_refused_with_the_system_s_reason(tmp_path, capsys, no_app, monkeypatch):
    """A pack folder without read permission (root reads anything, so the denial is simulated where the
    folder is listed): before, a PermissionError traceback."""
    import errno
    from pathlib import Path

    locked = tmp_path / "locked"
    locked.mkdir()
    listing = Path.iterdir

    def iterdir(self):
        if self == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    assert main(["--pack", str(locked)]) == 2
    assert capsys.readouterr().err == (
        f"registry-tutor: --pack {locked} cannot be used: {locked}:1: permission denied\n")


def test_a_pack_that_loaded_cleanly_before_is_not_loaded_again_before_the_tui_starts(tmp_path, monkeypatch):
    """The check costs the TUI's first frame nothing when the pack's lesson index (tutor.lessons.listing)
    says every lesson loaded cleanly as the files are now; an edit makes it load and check again."""
    import shutil

    import tutor.ui.app
    from tests.ui.conftest import FIXTURE_PACK
    from tutor.lessons import catalog

    monkeypatch.setenv("REGISTRY_TUTOR_CACHE", str(tmp_path / "cache"))
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    catalog.load_pack(pack)  # a clean load leaves the index
    started = []
    monkeypatch.setattr(tutor.ui.app, "run_app", lambda **kwargs: started.append(kwargs) or 0)
    loads = []
    real_load = catalog.load_pack
    monkeypatch.setattr(catalog, "load_pack", lambda path: loads.append(path) or real_load(path))
    assert main(["--pack", str(pack)]) == 0
    assert started == [{"profile": "default", "pack": str(pack)}] and loads == []
    broken = pack / "01-first-push.yaml"
    broken.write_text(broken.read_text() + "colour: red\n")
    assert main(["--pack", str(pack)]) == 2 and len(loads) == 1


def test_learn_opens_what_loads_of_a_partly_broken_pack_the_others_refuse_it(tmp_path, capsys, no_app):
    import shutil

    from tests.ui.conftest import FIXTURE_PACK

    pack = tmp_path / "pack"
    shutil.copytree(FIXTURE_PACK, pack)
    (pack / "03-broken.yaml").write_text("id: [\n")
    assert main(["learn", "--pack", str(pack), "--list"]) == 0
    out, err = capsys.readouterr()
    assert "first-push" in out and f"{pack}/03-broken.yaml:2: YAML syntax error" in err
    assert main(["--pack", str(pack)]) == 2
    assert capsys.readouterr().err.startswith(f"registry-tutor: --pack {pack} cannot be used: {pack}/03-broken.yaml:2:")
