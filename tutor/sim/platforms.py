"""containerd/platforms v1.0.0-rc.4 ``Parse`` and ``FormatAll`` (vendored by docker/cli v29.7.2 and
moby docker-v29.7.2: vendor/github.com/containerd/platforms/platforms.go, database.go), for ``--platform``.

The simulated daemon runs on linux/amd64 (runtime.GOOS/GOARCH there), so a bare OS gets amd64 and a
bare architecture gets linux. Errors carry containerd's exact text, errInvalidArgument included.
"""

from __future__ import annotations

import re

from tutor.sim.errors import SimError
from tutor.sim.records import record

HOST_OS, HOST_ARCH = "linux", "amd64"

_SPECIFIER_RE = r"^[A-Za-z0-9_.-]+$"
_OS_RE = r"^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$"

_KNOWN_OS = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris "
    "windows zos".split()
)
_KNOWN_ARCH = frozenset(
    "386 amd64 amd64p32 arm armbe arm64 arm64be ppc64 ppc64le loong64 mips mipsle mips64 mips64le mips64p32 "
    "mips64p32le ppc riscv riscv64 s390 s390x sparc sparc64 wasm".split()
)


@record(frozen=True)
class Platform:
    """An OCI platform as platforms.Parse returns it."""

    os: str
    architecture: str
    variant: str = ""
    os_version: str = ""

    def __init__(self, os: str, architecture: str, variant: str = "", os_version: str = "") -> None:
        object.__setattr__(self, "os", os)
        object.__setattr__(self, "architecture", architecture)
        object.__setattr__(self, "variant", variant)
        object.__setattr__(self, "os_version", os_version)

    def format_all(self) -> str:
        """platforms.FormatAll: os[(osversion)]/arch[/variant]."""
        os_part = f"{self.os}({self.os_version})" if self.os_version else self.os
        return "/".join(p for p in (os_part, self.architecture, self.variant) if p)

    @property
    def is_host(self) -> bool:
        return (self.os, self.architecture, self.variant) == (HOST_OS, HOST_ARCH, "")


def _quote(text: str) -> str:
    from tutor.sim.builder import go_quote

    return go_quote(text)


def _invalid(message: str) -> SimError:
    return SimError(f"{message}: invalid argument")  # wraps errInvalidArgument (errors.go)


def _normalize_os(os_name: str) -> str:
    os_name = os_name.lower() or HOST_OS
    return "darwin" if os_name == "macos" else os_name


def _normalize_arch(arch: str, variant: str) -> tuple[str, str]:
    """database.go normalizeArch."""
    arch, variant = arch.lower(), variant.lower()
    if arch == "i386":
        return "386", ""
    if arch in ("x86_64", "x86-64", "amd64"):
        return "amd64", "" if variant == "v1" else variant
    if arch in ("aarch64", "arm64"):
        return "arm64", {"8": "", "v8": "", "v8.0": "", "9": "v9", "9.0": "v9", "v9.0": "v9"}.get(variant, variant)
    if arch == "armhf":
        return "arm", "v7"
    if arch == "armel":
        return "arm", "v6"
    if arch == "arm":
        return "arm", {"": "v7", "7": "v7", "5": "v5", "6": "v6", "8": "v8"}.get(variant, variant)
    return arch, variant


def _os_component(part: str, specifier: str) -> tuple[str, str]:
    """The first element, <os>[(<OSVersion>[+<OSFeature>]*)]: the normalized OS and its version."""
    match = re.fullmatch(_OS_RE[1:-1], part)
    if match is None:
        raise _invalid(
            f"{_quote(part)} is an invalid OS component of {_quote(specifier)}: OSAndVersion specifier "
            f"component must match {_quote(_OS_RE)}"
        )
    version = match.group(2) or ""
    if "%" in version:
        from urllib.parse import unquote  # only for a %-escaped OS version

        try:
            version = unquote(version, errors="strict")
        except UnicodeDecodeError:
            version = ""
    for feature in (match.group(3) or "")[1:].split("+") if match.group(3) else []:
        if not feature.strip():
            raise SimError(f"{_quote(specifier)} has invalid OS features: empty os feature: invalid argument")
    return _normalize_os(match.group(1)), version


def parse(specifier: str) -> Platform:
    """platforms.Parse: ``linux/arm64``, ``arm64``, ``linux``, ``linux/arm/v7``."""
    if "*" in specifier:
        raise _invalid(f"{_quote(specifier)}: wildcards not yet supported")
    parts = specifier.split("/", 3)  # SplitN(specifier, "/", 4)
    os_name, version = _os_component(parts[0], specifier)
    for part in parts[1:]:
        if re.fullmatch(_SPECIFIER_RE[1:-1], part) is None:
            raise _invalid(
                f"{_quote(part)} is an invalid component of {_quote(specifier)}: platform specifier "
                f"component must match {_quote(_SPECIFIER_RE)}"
            )
    if len(parts) == 1:
        if os_name in _KNOWN_OS:
            return Platform(os_name, HOST_ARCH, os_version=version)
        arch, variant = _normalize_arch(parts[0], "")
        if arch == "arm" and variant == "v7":
            variant = ""
        if arch in _KNOWN_ARCH:
            return Platform(HOST_OS, arch, variant, version)
        raise _invalid(f"{_quote(specifier)}: unknown operating system or architecture")
    if len(parts) == 2:
        arch, variant = _normalize_arch(parts[1], "")
        return Platform(os_name, arch, "" if (arch, variant) == ("arm", "v7") else variant, version)
    if len(parts) == 3:
        arch, variant = _normalize_arch(parts[1], parts[2])
        return Platform(os_name, arch, "v8" if arch == "arm64" and not variant else variant, version)
    raise _invalid(f"{_quote(specifier)}: cannot parse platform specifier")
