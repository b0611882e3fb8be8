"""``docker run -p``: parsing the publish specs, and the PORTS column ``docker ps`` prints.

A binding is ``(host_ip, host_port, container_port, proto, ephemeral)``: one per host address the
daemon listens on. Without an address the daemon binds both 0.0.0.0 and ``::`` (moby
daemon/libnetwork/drivers/bridge/port_mapping_linux_test.go, "specific host port": two PortBindings,
IPv4zero and IPv6zero, the same host port); a bare container port takes an ephemeral host port from
32768 up (Linux's ip_local_port_range, which moby's portallocator reads), the same one for both.

The column is docker/cli v29.7.2 cli/command/formatter/container.go DisplayablePorts over the
PortSummary list moby daemon/container/view.go builds from NetworkSettings.Ports: a port with no
binding gives one entry without an IP ("80/tcp"), a bound port one entry per binding.
"""

from __future__ import annotations

import ipaddress

from tutor.sim.errors import SimError

EPHEMERAL_FIRST = 32768
PROTOCOLS = ("tcp", "udp", "sctp")
UNSET_IP = "invalid IP"  # Go's netip.Addr{}.String(): how comparePorts orders an entry without an IP

Binding = tuple[str, int, int, str, bool]


def _not_simulated(spec: str, why: str) -> SimError:
    return SimError(
        f"registry-tutor: -p {spec} is not simulated ({why}); the simulator publishes "
        "[IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL] with single ports, e.g. -p 8080:80 or -p 127.0.0.1:8080:80."
    )


def _port(text: str, spec: str) -> int:
    if "-" in text:
        raise _not_simulated(spec, "port ranges")
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise _not_simulated(spec, f"{text!r} is not a port number from 1 to 65535")
    return int(text)


def parse_publish(spec: str) -> tuple[str | None, int | None, int, str]:
    """``[ip:][hostPort:]containerPort[/proto]`` -> (ip or None, host port or None, container port, proto).

    Forms Docker knows but the simulator does not model (ranges, ``published=..,target=..``) and specs
    Docker would reject are refused with a registry-tutor sentence, never a made-up Docker error."""
    if "=" in spec:
        raise _not_simulated(spec, "the long name=value form")
    body, slash, proto = spec.partition("/")
    proto = proto if slash else "tcp"
    if proto not in PROTOCOLS:
        raise _not_simulated(spec, f"protocol {proto!r}")
    ip: str | None = None
    if body.startswith("["):  # [IPv6]:hostPort:containerPort
        address, bracket, rest = body[1:].partition("]")
        if not bracket or not rest.startswith(":"):
            raise _not_simulated(spec, "an address in brackets must be followed by :HOST_PORT:CONTAINER_PORT")
        ip, parts = address, rest[1:].split(":")
        if len(parts) != 2:
            raise _not_simulated(spec, "an address in brackets must be followed by :HOST_PORT:CONTAINER_PORT")
        parts = [ip, *parts]
    else:
        parts = body.split(":")
    if len(parts) > 3:
        raise _not_simulated(spec, "too many colons")
    if len(parts) == 3:
        ip = parts[0]
        try:
            ip = str(ipaddress.ip_address(ip))
        except ValueError:
            raise _not_simulated(spec, f"{parts[0]!r} is not an IP address") from None
    host = parts[-2] if len(parts) >= 2 else ""
    return ip, (_port(host, spec) if host else None), _port(parts[-1], spec), proto


def family(ip: str) -> int:
    return ipaddress.ip_address(ip).version


def overlaps(a: str, b: str) -> bool:
    """Two listening addresses clash on one port: the same, or one is its family's wildcard
    (moby osallocator_linux.go sets IPV6_V6ONLY, so 0.0.0.0 and :: do not clash)."""
    if family(a) != family(b):
        return False
    return a == b or ipaddress.ip_address(a).is_unspecified or ipaddress.ip_address(b).is_unspecified


def is_loopback_reachable(ip: str) -> bool:
    """Does ``localhost`` on the machine reach a port bound to this address?"""
    address = ipaddress.ip_address(ip)
    return address.is_unspecified or address.is_loopback


Summary = tuple[int, "str | None", int, str]  # moby PortSummary: (PrivatePort, IP or None, PublicPort, Type)


def port_summaries(exposed: list[str], bindings: list[Binding]) -> list[Summary]:
    """moby daemon/container/view.go: one entry per port of NetworkSettings.Ports (the image's exposed
    ports plus the published ones) without bindings, one per binding of the others."""
    bound = {(b[2], b[3]) for b in bindings}
    entries: list[Summary] = []
    for key in exposed:
        number, _, proto = key.partition("/")
        if number.isdigit() and (int(number), proto or "tcp") not in bound:
            entries.append((int(number), None, 0, proto or "tcp"))
    entries.extend((b[2], b[0], b[1], b[3]) for b in bindings)
    return entries


def displayable_ports(summaries: list[Summary]) -> str:
    """docker/cli v29.7.2 formatter/container.go DisplayablePorts: sorted (comparePorts), a port bound to
    the same host port grouped per IP and type (consecutive ones as a range), the other mappings last."""
    # comparePorts: private port, then the IP's String(), then public port, then type
    entries = sorted(summaries, key=lambda e: (e[0], e[1] if e[1] is not None else UNSET_IP, e[2], e[3]))
    groups: dict[str, list[int]] = {}
    order: list[str] = []
    result: list[str] = []
    mappings: list[str] = []
    for private, ip, public, proto in entries:
        key = proto
        if ip is not None:
            if public != private:
                mappings.append(f"{_join_host_port(ip, str(public))}->{private}/{proto}")
                continue
            key = f"{ip}/{proto}"
        group = groups.get(key)
        if group is None:
            groups[key] = [private, private]
            order.append(key)
            continue
        if private == group[1] + 1:
            group[1] = private
            continue
        result.append(_form_group(key, *group))
        groups[key] = [private, private]
    result.extend(_form_group(key, *groups[key]) for key in order)
    return ", ".join(result + mappings)


def _form_group(key: str, first: int, last: int) -> str:
    ip, _, proto = key.rpartition("/")
    group = str(first) if first == last else f"{first}-{last}"
    if ip:
        group = f"{_join_host_port(ip, group)}->{group}"
    return f"{group}/{proto}"


def _join_host_port(host: str, port: str) -> str:
    """Go net.JoinHostPort: an IPv6 address goes in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
