"""What an app in an image would print — read, never run.

The simulator has no containers. ``docker run`` shows the string literals of
``print(...)`` calls in the file the image's CMD names (``python app.py``), so
a learner can tell versions apart. Nothing is evaluated: a regular expression
picks out plain string literals and anything else is ignored.
"""

from __future__ import annotations

import re

from tutor.sim.content import Image

_PRINT = re.compile(r"""^\s*print\(\s*(?P<q>["'])(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*\)\s*$""")
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "'": "'", '"': '"'}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def script_of(image: Image) -> str | None:
    """The path of the Python file the image's command runs, if it runs one."""
    argv = [*image.entrypoint, *image.cmd]
    if len(argv) >= 2 and argv[0].rsplit("/", 1)[-1] in ("python", "python3"):
        script = argv[1]
        if not script.startswith("/"):
            script = f"{image.workdir.rstrip('/') or ''}/{script}"
        return script
    return None


def printed_lines(image: Image, argv: list[str] | None = None) -> list[str]:
    """Lines the image's default command (or argv) would print."""
    if argv:
        image_argv = argv
    else:
        image_argv = [*image.entrypoint, *image.cmd]
    files = dict(image.files)
    if image_argv[:1] == ["/hello"] and "/hello" in files:
        return files["/hello"].split("\n")
    if argv:
        probe = Image(**{**image.__dict__, "cmd": tuple(argv), "entrypoint": ()})
        script = script_of(probe)
    else:
        script = script_of(image)
    if script is None or script not in files:
        return []
    lines = []
    for line in files[script].splitlines():
        match = _PRINT.match(line)
        if match:
            lines.extend(_unescape(match.group("text")).split("\n"))
    return lines
