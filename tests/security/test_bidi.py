"""Trojan Source (CVE-2021-42574): bidi controls and invisible characters are shown, never sent raw.

A right-to-left override (U+202E) makes a bidi-aware terminal draw the text after it backwards, so
``myapp:\\u202e0.1\\u202c`` can read as a different label than the one it is; a zero-width space makes two
names that differ look the same. Every path where other people's text meets a terminal shows them as
``\\u202e``-style escapes (the form ``echo -e`` reads back), the way control characters are shown as
``\\x1b``. Lesson files refuse the bidi controls outright, as `file:line: message`.
"""

from __future__ import annotations

import contextlib
import json
import threading
from http.server import ThreadingHTTPServer

import pytest

from tests.inspect.fake_registry import QuietHandler
from tests.security.cli_run import raw_controls, tutor
from tests.security.test_sanitise import _export, _lesson
from tutor.sim.shell import Shell
from tutor.sim.world import World
from tutor.sim.worldfile import WorldFileError, dump_world, parse_world
from tutor.textsafe import describe, one_line, visible

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"
ZWSP, BOM, LINE_SEP, ALM = "\u200b", "\ufeff", "\u2028", "\u061c"


# --- the sanitiser itself -----------------------------------------------------


@pytest.mark.parametrize("char", [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))])
def test_visible_shows_every_bidi_embedding_override_and_isolate_control(char):
    assert visible(f"a{char}b") == f"a\\u{ord(char):04x}b"
    assert one_line(f"a{char}b") == f"a\\u{ord(char):04x}b"


@pytest.mark.parametrize("char", [chr(c) for c in (*range(0x200B, 0x2010), 0x2028, 0x2029, 0xFEFF, 0x061C)])
def test_visible_shows_invisible_format_characters(char):
    assert visible(f"latest{char}") == f"latest\\u{ord(char):04x}"


def test_the_trojan_source_label_reads_as_what_it_is():
    assert visible(f"myapp:{RLO}0.1{PDF}") == "myapp:\\u202e0.1\\u202c"
    assert raw_controls(visible("".join(map(chr, range(0x2000, 0x2070))) + BOM + ALM)) == []
    assert visible("Ünïcödé, 日本語, עברית, العربية and emoji 🐳 stay as they are") == (
        "Ünïcödé, 日本語, עברית, العربية and emoji 🐳 stay as they are"
    )
    assert describe(RLO) == "U+202E (\\u202e)" and describe("\x1b") == "U+001B (\\x1b)"


# --- lesson and pack files: refused as file:line ------------------------------------


def test_validate_refuses_a_raw_bidi_override_in_a_lesson(tmp_path):
    lesson = tmp_path / "evil.yaml"
    lesson.write_text(_lesson(title=f"Tags {RLO}txet{PDF}"), encoding="utf-8")
    proc = tutor("validate", str(lesson), data=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        f"{lesson}:2: the file contains bidi control character U+202E (\\u202e, RIGHT-TO-LEFT OVERRIDE); it "
        "makes text show in a different order than it is read (Trojan Source); lesson files may not hold it"
    ]
    assert raw_controls(proc.stdout + proc.stderr) == []


def test_validate_refuses_a_bidi_isolate_written_as_a_yaml_escape(tmp_path):
    lesson = tmp_path / "evil.yaml"
    lesson.write_text(_lesson(title='"Tags \\u2066and labels\\u2069"'), encoding="utf-8")
    proc = tutor("validate", str(lesson), data=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.startswith(
        f"{lesson}:2: bidi control character U+2066 (\\u2066, LEFT-TO-RIGHT ISOLATE) in the text "
        "(written as an escape)"
    )


def test_a_pack_title_with_a_bidi_override_fails_validate(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "01-tiny.yaml").write_text(_lesson(), encoding="utf-8")
    (pack / "pack.yaml").write_text(f"title: Workshop\ndescription: day {RLO}1{PDF}\n", encoding="utf-8")
    proc = tutor("validate", str(pack), data=tmp_path)
    assert proc.returncode == 1
    assert f"{pack / 'pack.yaml'}:2: the file contains bidi control character U+202E" in proc.stdout


def test_learn_list_shows_a_folder_name_with_bidi_controls_visibly(tmp_path):
    pack = tmp_path / f"pack{RLO}kcap{ZWSP}"
    pack.mkdir()
    (pack / "01-tiny.yaml").write_text(_lesson(), encoding="utf-8")
    proc = tutor("learn", "--list", "--pack", str(pack), data=tmp_path / "data")
    assert proc.returncode == 0, proc.stderr
    assert raw_controls(proc.stdout + proc.stderr) == []
    assert proc.stdout.splitlines()[0] == "pack\\u202ekcap\\u200b"


# --- world files: names and contents in the simulated shell ---------------------------


def test_world_file_names_and_contents_with_bidi_controls_show_as_escapes():
    world = World.default()
    home = world.machine.home
    world.machine.fs.write(f"{home}/notes{RLO}txt.exe", f"docker push myapp:{RLO}0.1{PDF}\n")
    shell = Shell(parse_world(dump_world(world)))  # as loaded from a saved world
    listing = shell.run("ls ~").text
    assert raw_controls(listing) == [] and "notes\\u202etxt.exe" in listing
    assert shell.run("cat ~/notes*").stdout == ["docker push myapp:\\u202e0.1\\u202c"]
    assert raw_controls(shell.explain().text) == []


def test_a_world_file_error_quoting_a_bidi_key_shows_it_visibly():
    saved = dump_world(World.default()).replace("{", f'{{"evil{RLO}key": "\\ud800", ', 1)
    with pytest.raises(WorldFileError) as caught:
        parse_world(saved)
    assert str(caught.value) == "evil\\u202ekey: text with an unpaired \\u surrogate escape"


# --- class-report: learner names ------------------------------------------------------


def test_class_report_shows_learner_answers_and_names_with_bidi_controls_visibly(tmp_path):
    export = tmp_path / "evil.json"
    record = _export(f"Ann{RLO}nnA")
    record["quiz"][0]["answer"] = f"1.0{RLO}tsetal"
    export.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    markdown = tmp_path / "report.md"
    proc = tutor("class-report", str(export), "--markdown", str(markdown), data=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert raw_controls(proc.stdout + proc.stderr + markdown.read_text(encoding="utf-8")) == []
    assert "1.0\\u202etsetal" in proc.stdout.replace("\n", "").replace("│", "").replace(" ", "")


# --- inspect: whatever a registry answers ---------------------------------------------

HOSTILE_REPO = f"app{RLO}1ppa"
HOSTILE_TAG = f"1.0{LRI}x\x1b]2;pwned\x07{PDI}"


class _HostileRegistry(QuietHandler):
    """A registry whose catalog and tag list hold names no real registry allows (distribution's
    reference grammar, distribution/reference/regexp.go, forbids them), and errors that quote them."""

    def do_GET(self):
        manifest = b'{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}'
        if self.path == "/v2/":
            return self._send(200, b"{}")
        if self.path.startswith("/v2/_catalog"):
            return self._send(200, json.dumps({"repositories": [HOSTILE_REPO, "broken"]}).encode())
        if self.path.startswith("/v2/broken/"):
            return self._send(404, json.dumps({"errors": [{"code": f"NAME{RLO}_UNKNOWN\x1b[2J"}]}).encode())
        if "/tags/list" in self.path:
            return self._send(200, json.dumps({"name": HOSTILE_REPO, "tags": [HOSTILE_TAG, "latest"]}).encode())
        if "/manifests/" in self.path:
            digest = "sha256:" + "ab" * 32
            return self._send(200, manifest, [("Content-Type", "application/vnd.oci.image.manifest.v1+json"),
                                              ("Docker-Content-Digest", digest)])
        return self._send(404)


@contextlib.contextmanager
def _hostile_registry():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HostileRegistry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_inspect_shows_hostile_registry_names_as_escapes(tmp_path):
    with _hostile_registry() as url:
        proc = tutor("inspect", url, "--repo", HOSTILE_REPO, data=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert raw_controls(proc.stdout + proc.stderr) == []
    assert "shelf app\\u202e1ppa" in proc.stdout
    assert "[1.0\\u2066x\\x1b]2;pwned\\x07\\u2069]" in proc.stdout


def test_inspect_errors_quoting_the_registry_show_it_visibly(tmp_path):
    with _hostile_registry() as url:
        proc = tutor("inspect", url, "--repo", "broken", data=tmp_path)
    assert proc.returncode == 1
    assert raw_controls(proc.stdout + proc.stderr) == []
    assert "NAME\\u202e_UNKNOWN\\x1b[2J" in proc.stderr


# --- plain quiz: answers read from a pipe are echoed for the transcript ----------------------------


def test_plain_quiz_echoes_piped_answers_with_escapes_shown():
    import io

    from tests.quiz.test_questions import ITEM
    from tutor.quiz.plain import run_plain

    out = io.StringIO()
    run_plain([ITEM], stdin=io.StringIO(f"\x1b]2;pwned\x07{RLO}b\nb\n"), out=out)
    assert raw_controls(out.getvalue()) == []
    assert "\\x1b]2;pwned\\x07\\u202eb" in out.getvalue()
