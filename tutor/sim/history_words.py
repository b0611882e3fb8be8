"""How BuildKit words a step in an image config's history (``created_by``), shared by the simulated builder
(tutor/sim/builder.py) and the simulated Docker Hub's images (tutor/sim/hub.py).

moby/buildkit frontend/dockerfile/dockerfile2llb/convert.go: dispatchRun commits "RUN " + the build args in
scope ("|N K=V ...") + the command; dispatchCopy "COPY/ADD <sources> <dest>"; the config-only steps commit
their instruction's own text; commitToHistory appends " # buildkit" to the steps that make a layer.
Kept apart from the builder so that building the Hub (every new world) does not load it.
"""

from __future__ import annotations

from collections.abc import Mapping

try:
    from _json import encode_basestring as _quote
except ImportError:  # pragma: no cover - CPython always has _json
    from json.encoder import py_encode_basestring as _quote  # type: ignore[assignment]


HISTORY_COMMENT = "buildkit.dockerfile.v0"  # every entry's comment (convert.go historyComment)


def go_quote_list(items: list[str]) -> str:
    """Go's %q for a []string: ``["python" "app.py"]`` (strconv.Quote, close enough for Dockerfile text)."""
    return "[" + " ".join(_quote(s) for s in items) + "]"


def run_created_by(args: list[str], declared: Mapping[str, str]) -> str:
    """``RUN [|N K=V... ]/bin/sh -c ... # buildkit``: the build args in scope are counted and listed first."""
    pairs = [f"{k}={v}" for k, v in declared.items()]
    prefix = f"|{len(pairs)} {' '.join(pairs)} " if pairs else ""
    return f"RUN {prefix}{' '.join(args)} # buildkit"


def copy_created_by(keyword: str, words: list[str]) -> str:
    return f"{keyword} {' '.join(words)} # buildkit"


def pairs_created_by(keyword: str, pairs: list[str]) -> str:
    """ENV and LABEL: ``KEYWORD k=v k=v``."""
    return f"{keyword} {' '.join(pairs)}"


def exec_created_by(keyword: str, args: list[str]) -> str:
    """CMD and ENTRYPOINT: Go's %q of the argument list."""
    return f"{keyword} {go_quote_list(args)}"


def expose_created_by(ports: Mapping[str, object]) -> str:
    """Go's %v of the ExposedPorts map: ``EXPOSE map[80/tcp:{}]``, keys sorted."""
    shown = " ".join(f"{p}:{{}}" for p in sorted(ports))
    return f"EXPOSE map[{shown}]"


def volume_created_by(volumes: Mapping[str, object]) -> str:
    return f"VOLUME [{' '.join(volumes)}]"
