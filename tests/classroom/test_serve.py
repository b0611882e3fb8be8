"""`registry-tutor serve`: answers HTTP on loopback, stops cleanly, warns when exposed."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tutor.classroom import serve


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, deadline: float) -> tuple[int, str]:
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except OSError as exc:
            last = exc
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url}: {last}")


def test_serve_answers_http_on_loopback_and_stops_cleanly(tmp_path):
    port = _free_port()
    env = {**os.environ, "REGISTRY_TUTOR_DATA": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tutor", "--profile", "web", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        status, body = _get(f"http://127.0.0.1:{port}/", time.monotonic() + 30)
        assert status == 200
        assert "<html" in body.lower()
        assert "/ws" in body  # the page opens a websocket to run the tutor
        proc.terminate()
        proc.wait(timeout=60)  # it stops on SIGTERM (a hang guard, not a timing check)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    _, err = proc.communicate()
    assert b"WARNING" not in err  # loopback: no exposure warning
    assert b"Traceback" not in err


def test_the_spawned_command_keeps_profile_and_pack(tmp_path):
    argv = serve.app_argv("class-a", str(tmp_path), python="/usr/bin/python3")
    assert argv[:3] == ["/usr/bin/python3", "-m", "tutor.classroom.tab"]  # the limits launcher first
    assert argv[argv.index("--parent") + 1] == str(os.getpid())  # dies with this server
    assert argv[argv.index("--") + 1:] == ["--profile", "class-a", "--pack", str(tmp_path.resolve())]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.5"])
def test_loopback_hosts_are_not_warned_about(host):
    assert serve.is_loopback(host)
    assert serve.exposure_warning(host, 8000) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "classroom.example"])
def test_other_hosts_get_a_clear_warning_before_serving(host, monkeypatch):
    served = []

    class FakeServer:
        def serve(self, sock=None):
            served.append(True)

    monkeypatch.setattr(serve, "open_listener", lambda host, port: None)  # these hosts are not this machine's
    monkeypatch.setattr(serve, "make_server", lambda *a, **k: FakeServer())
    err = io.StringIO()
    assert serve.serve(host, 8123, err=err) == 0
    assert served == [True]
    text = err.getvalue()
    assert text.startswith("WARNING: serving on ")
    assert "port 8123" in text and "127.0.0.1" in text


def test_a_port_in_use_is_one_line_before_anything_says_serving(capsys):
    """A port in use printed "serving the tutor at http://127.0.0.1:8765/" first, then "cannot listen on
    127.0.0.1:8765: error while attempting to bind on address ('127.0.0.1', 8765): address already in use"."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        out, err = io.StringIO(), io.StringIO()
        assert serve.serve("127.0.0.1", port, out=out, err=err) == 1
    assert out.getvalue() == ""
    assert err.getvalue().splitlines() == [
        f"registry-tutor serve: cannot listen on 127.0.0.1:{port}: port {port} is already in use "
        "(is another server running?); choose another with --port N"
    ]


@pytest.mark.parametrize("host, words", [
    ("999.1.1.1", "no such host or address"),
    ("192.0.2.77", "that address is not one of this computer's"),  # TEST-NET-1: never a local address
])
def test_an_address_that_cannot_be_served_is_one_line_and_no_exposure_warning(host, words):
    out, err = io.StringIO(), io.StringIO()
    assert serve.serve(host, 8000, out=out, err=err) == 1
    assert out.getvalue() == ""
    assert err.getvalue() == f"registry-tutor serve: cannot listen on {host}:8000: {words}\n"


@pytest.mark.parametrize("pack, second_line", [
    ("sampel-pack", "sampel-pack:1: no such folder, and no shipped pack by that name"),
    ("BROKEN", "BROKEN/pack.yaml:2: YAML syntax error"),  # the end of the file, where `]` was due
])
def test_serving_a_pack_that_cannot_be_opened_is_refused_before_listening(pack, second_line, tmp_path):
    """`serve --pack sampel-pack` served the class anyway: every learner's tab said "Could not load the
    lessons" and the instructor found out from thirty learners at once."""
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pack.yaml").write_text("title: [unclosed\n")
    pack, second_line = pack.replace("BROKEN", str(broken)), second_line.replace("BROKEN", str(broken))
    out, err = io.StringIO(), io.StringIO()
    assert serve.serve("127.0.0.1", 8000, pack=pack, out=out, err=err) == 2
    assert out.getvalue() == ""
    (line,) = err.getvalue().splitlines()  # one line, as every subcommand words a pack it refuses
    assert line.startswith(f"registry-tutor serve: --pack {pack} cannot be used: {second_line}")
