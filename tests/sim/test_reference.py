"""Tests for tutor.sim.reference, the port of distribution/reference v0.6.0.

Most tables are ported from distribution/reference normalize_test.go and reference_test.go,
from moby client/image_tag_test.go and integration/image/tag_test.go, and from the computed
quirks listed in /work/shared/docker-reference/cli_behaviour.md section 2.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.sim.errors import InvalidReference, SimError
from tutor.sim.reference import (
    DEFAULT_DOMAIN,
    DEFAULT_TAG,
    OFFICIAL_REPO_PREFIX,
    DigestOnly,
    Reference,
    is_valid_digest,
    is_valid_repository_path,
    is_valid_tag,
    parse,
    parse_any,
    parse_docker_ref,
    parse_named,
    parse_strict,
    validate_digest,
    with_name,
)

INVALID_FORMAT = "invalid reference format"
TOO_LONG = "repository name must not be more than 255 characters"
UPPERCASE = "repository name must be lowercase"
SHA_F = "sha256:" + "f" * 64
SHA_BUSYBOX = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"
SHA_REDIS = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"
SHA512_F = "sha512:" + "f" * 128
HEX64 = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a"


def lowercase_msg(remote: str) -> str:
    return f"invalid reference format: repository name ({remote}) must be lowercase"


def hex_msg(text: str) -> str:
    return f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings"


def error_of(func, text: str) -> str:
    with pytest.raises(InvalidReference) as info:
        func(text)
    return str(info.value)


# --------------------------------------------------------------------------- constants / API


def test_constants():
    assert DEFAULT_DOMAIN == "docker.io"
    assert OFFICIAL_REPO_PREFIX == "library/"
    assert DEFAULT_TAG == "latest"


def test_invalid_reference_is_sim_error():
    with pytest.raises(SimError):
        parse("")


def test_reference_is_frozen_and_hashable():
    ref = parse("ubuntu:22.04")
    with pytest.raises(AttributeError):
        ref.tag = "x"  # type: ignore[misc]
    assert {ref, parse("docker.io/library/ubuntu:22.04")} == {ref}


# --------------------------------------------------------------------------- parse: valid

# input, str(), familiar_string(), domain, path, tag, digest
VALID = [
    ("ubuntu", "docker.io/library/ubuntu", "ubuntu", "docker.io", "library/ubuntu", None, None),
    ("ubuntu:22.04", "docker.io/library/ubuntu:22.04", "ubuntu:22.04", "docker.io", "library/ubuntu", "22.04", None),
    ("library/ubuntu", "docker.io/library/ubuntu", "ubuntu", "docker.io", "library/ubuntu", None, None),
    ("docker.io/ubuntu", "docker.io/library/ubuntu", "ubuntu", "docker.io", "library/ubuntu", None, None),
    ("index.docker.io/ubuntu", "docker.io/library/ubuntu", "ubuntu", "docker.io", "library/ubuntu", None, None),
    ("index.docker.io/library/ubuntu:latest", "docker.io/library/ubuntu:latest", "ubuntu:latest",
     "docker.io", "library/ubuntu", "latest", None),
    ("myorg/app", "docker.io/myorg/app", "myorg/app", "docker.io", "myorg/app", None, None),
    ("myapp1", "docker.io/library/myapp1", "myapp1", "docker.io", "library/myapp1", None, None),
    ("myapp1:Latest", "docker.io/library/myapp1:Latest", "myapp1:Latest", "docker.io", "library/myapp1", "Latest", None),
    ("my__app", "docker.io/library/my__app", "my__app", "docker.io", "library/my__app", None, None),
    ("my-app.v2_x", "docker.io/library/my-app.v2_x", "my-app.v2_x", "docker.io", "library/my-app.v2_x", None, None),
    # localhost is only a registry host when followed by "/"
    ("localhost", "docker.io/library/localhost", "localhost", "docker.io", "library/localhost", None, None),
    ("localhost:5000", "docker.io/library/localhost:5000", "localhost:5000", "docker.io", "library/localhost", "5000", None),
    ("localhost/x", "localhost/x", "localhost/x", "localhost", "x", None, None),
    ("localhost:5000/myapp1", "localhost:5000/myapp1", "localhost:5000/myapp1", "localhost:5000", "myapp1", None, None),
    ("localhost:5000/myapp1:1.0", "localhost:5000/myapp1:1.0", "localhost:5000/myapp1:1.0",
     "localhost:5000", "myapp1", "1.0", None),
    ("localhost:5000/team/app@" + SHA_F, "localhost:5000/team/app@" + SHA_F, "localhost:5000/team/app@" + SHA_F,
     "localhost:5000", "team/app", None, SHA_F),
    # an upper-case first component is a registry host
    ("MyOrg/app", "MyOrg/app", "MyOrg/app", "MyOrg", "app", None, None),
    ("Foo/bar", "Foo/bar", "Foo/bar", "Foo", "bar", None, None),
    ("FOO/bar", "FOO/bar", "FOO/bar", "FOO", "bar", None, None),
    ("HOSTNAME.DOMAIN.COM:443/foo/bar", "HOSTNAME.DOMAIN.COM:443/foo/bar", "HOSTNAME.DOMAIN.COM:443/foo/bar",
     "HOSTNAME.DOMAIN.COM:443", "foo/bar", None, None),
    # integration/image/tag_test.go TestTagValidPrefixedRepo
    ("fooo/bar", "docker.io/fooo/bar", "fooo/bar", "docker.io", "fooo/bar", None, None),
    ("fooaa/test", "docker.io/fooaa/test", "fooaa/test", "docker.io", "fooaa/test", None, None),
    ("foooo:t", "docker.io/library/foooo:t", "foooo:t", "docker.io", "library/foooo", "t", None),
    # nested paths under library/ are not shortened
    ("docker.io/library/foo/bar", "docker.io/library/foo/bar", "library/foo/bar", "docker.io", "library/foo/bar", None, None),
    ("store/foo/bar", "docker.io/store/foo/bar", "store/foo/bar", "docker.io", "store/foo/bar", None, None),
    # normalize_test.go TestParseReferenceWithTagAndDigest
    ("busybox:latest@" + SHA_BUSYBOX, "docker.io/library/busybox:latest@" + SHA_BUSYBOX, "busybox:latest@" + SHA_BUSYBOX,
     "docker.io", "library/busybox", "latest", SHA_BUSYBOX),
    ("[::1]:5000/repo", "[::1]:5000/repo", "[::1]:5000/repo", "[::1]:5000", "repo", None, None),
    ("[fc00::1]:5000/docker/docker", "[fc00::1]:5000/docker/docker", "[fc00::1]:5000/docker/docker",
     "[fc00::1]:5000", "docker/docker", None, None),
    ("192.168.0.1", "docker.io/library/192.168.0.1", "192.168.0.1", "docker.io", "library/192.168.0.1", None, None),
    ("192.168.0.1:80", "docker.io/library/192.168.0.1:80", "192.168.0.1:80", "docker.io", "library/192.168.0.1", "80", None),
    ("xn--7o8h.com/myimage:xn--7o8h.com@" + SHA512_F, "xn--7o8h.com/myimage:xn--7o8h.com@" + SHA512_F,
     "xn--7o8h.com/myimage:xn--7o8h.com@" + SHA512_F, "xn--7o8h.com", "myimage", "xn--7o8h.com", SHA512_F),
    # a 64-hex path is fine when a registry is given (normalize_test.go)
    ("docker.io/" + HEX64, "docker.io/library/" + HEX64, HEX64, "docker.io", "library/" + HEX64, None, None),
    ("sha256:" + HEX64, "docker.io/library/sha256:" + HEX64, "sha256:" + HEX64, "docker.io", "library/sha256", HEX64, None),
    # a "domain" that is not a valid host but is a valid path component stays in the path
    ("foo_bar.com/x", "foo_bar.com/x", "foo_bar.com/x", "", "foo_bar.com/x", None, None),
    ("foo_bar.com/x:1", "foo_bar.com/x:1", "foo_bar.com/x:1", "", "foo_bar.com/x", "1", None),
]


@pytest.mark.parametrize(("text", "full", "familiar", "domain", "path", "tag", "digest"), VALID, ids=lambda v: str(v)[:60])
def test_parse_valid(text, full, familiar, domain, path, tag, digest):
    ref = parse(text)
    assert ref == Reference(domain, path, tag, digest)
    assert str(ref) == full
    assert ref.familiar_string() == familiar
    assert ref.name == (domain + "/" + path if domain else path)
    # the normalised form is canonical and stable
    assert parse(full) == ref
    assert parse_named(full) == ref
    assert parse_strict(full) == ref


def test_name_and_familiar_name():
    ref = parse("localhost:5000/myapp1:1.0")
    assert ref.name == "localhost:5000/myapp1"
    assert ref.familiar_name() == "localhost:5000/myapp1"
    ref = parse("ubuntu@" + SHA_F)
    assert ref.name == "docker.io/library/ubuntu"
    assert ref.familiar_name() == "ubuntu"
    assert parse("myorg/app:1").familiar_name() == "myorg/app"
    # domain-less references: Name() is the path alone
    assert parse("foo_bar.com/x").name == "foo_bar.com/x"


def test_length_limit_counts_path_only():
    assert parse("a" * 247).path == "library/" + "a" * 247
    assert error_of(parse, "a" * 248) == TOO_LONG
    assert parse("example.com/" + "a" * 255).path == "a" * 255
    assert error_of(parse, "example.com/" + "a" * 256) == TOO_LONG
    assert parse("myorg/" + "a" * 249).path == "myorg/" + "a" * 249
    assert error_of(parse, "myorg/" + "a" * 250) == TOO_LONG
    # a long tag does not count
    assert parse("a" * 247 + ":" + "t" * 128).tag == "t" * 128


def test_tag_length_limit():
    assert parse("myapp1:" + "a" * 128).tag == "a" * 128
    assert error_of(parse, "myapp1:" + "a" * 129) == INVALID_FORMAT


# --------------------------------------------------------------------------- parse: invalid

INVALID = [
    ("", INVALID_FORMAT),  # while Parse("") is ErrNameEmpty
    (HEX64, hex_msg(HEX64)),
    ("a" * 64, hex_msg("a" * 64)),
    ("MyApp:1.0", lowercase_msg("library/MyApp")),
    ("MyApp", lowercase_msg("library/MyApp")),
    ("UPPERCASE_REPO", lowercase_msg("library/UPPERCASE_REPO")),
    ("localhost:5000/MyApp:1.0", lowercase_msg("MyApp")),
    ("myorg/App", lowercase_msg("myorg/App")),
    ("docker/Docker", lowercase_msg("docker/Docker")),
    ("docker.io/docker/Docker", lowercase_msg("docker/Docker")),
    ("test:5000/Uppercase/lowercase:tag", lowercase_msg("Uppercase/lowercase")),
    ("Foo/Bar", lowercase_msg("Bar")),
    # the remote is cut at the first ":", which may be inside a digest
    ("localhost:5000/foo@SHA256:" + "a" * 64, lowercase_msg("foo@SHA256")),
    # upper case in a "domain" that the grammar refuses: Parse's own error, without prefix
    ("Foo_bar/x", UPPERCASE),
    ("a" * 248, TOO_LONG),
    ("a/" * 128 + "a:tag", TOO_LONG),
    ("my___app", INVALID_FORMAT),
    ("my..app", INVALID_FORMAT),
    ("my._app", INVALID_FORMAT),
    ("-myapp", INVALID_FORMAT),
    ("myapp-", INVALID_FORMAT),
    ("_myapp", INVALID_FORMAT),
    ("my//app", INVALID_FORMAT),
    ("myapp/", INVALID_FORMAT),
    ("myapp:", INVALID_FORMAT),
    ("myapp@", INVALID_FORMAT),
    (":justtag", INVALID_FORMAT),
    ("@" + SHA_F, INVALID_FORMAT),
    ("https://github.com/docker/docker", INVALID_FORMAT),
    ("-docker", INVALID_FORMAT),
    ("-docker/docker", INVALID_FORMAT),
    ("-docker.io/docker/docker", INVALID_FORMAT),
    ("docker///docker", INVALID_FORMAT),
    ("docker.io/docker///docker", INVALID_FORMAT),
    ("docker-/docker", INVALID_FORMAT),
    ("-docker-/docker", INVALID_FORMAT),
    ("____/____", INVALID_FORMAT),
    ("_docker/_docker", INVALID_FORMAT),
    ("dock..er/docker", INVALID_FORMAT),
    ("dock_.er/docker", INVALID_FORMAT),
    ("dock-.er/docker", INVALID_FORMAT),
    ("docker/", INVALID_FORMAT),
    ("[fc00::1]", INVALID_FORMAT),
    ("[fc00::1]:5000", INVALID_FORMAT),
    ("fc00::1:5000/debian", INVALID_FORMAT),
    ("[fe80::1%eth0]:5000/debian", INVALID_FORMAT),
    ("[2001:db8:3:4::192.0.2.33]:5000/debian", INVALID_FORMAT),
    ("aa/asdf$$^/aa", INVALID_FORMAT),
    ("my app", INVALID_FORMAT),
    ("myapp\n", INVALID_FORMAT),
    ("myapp:1.0\n", INVALID_FORMAT),
    # moby client/image_tag_test.go: invalid repos
    ("fo$z$", INVALID_FORMAT),
    ("Foo@3cc", lowercase_msg("library/Foo@3cc")),
    ("Foo$3", lowercase_msg("library/Foo$3")),
    ("Foo*3", lowercase_msg("library/Foo*3")),
    ("Fo^3", lowercase_msg("library/Fo^3")),
    ("Foo!3", lowercase_msg("library/Foo!3")),
    ("F)xcz(", lowercase_msg("library/F)xcz(")),
    ("fo%asd", INVALID_FORMAT),
    # ... invalid tags
    ("repo:fo$z$", INVALID_FORMAT),
    ("repo:Foo@3cc", INVALID_FORMAT),
    ("repo:Foo$3", INVALID_FORMAT),
    ("repo:Foo*3", INVALID_FORMAT),
    ("repo:Fo^3", INVALID_FORMAT),
    ("repo:Foo!3", INVALID_FORMAT),
    ("repo:%goodbye", INVALID_FORMAT),
    ("repo:#hashtagit", INVALID_FORMAT),
    ("repo:F)xcz(", INVALID_FORMAT),
    ("repo:-foo", INVALID_FORMAT),
    ("repo:..", INVALID_FORMAT),
    ("repo:.tag", INVALID_FORMAT),
    # ... invalid names
    ("-busybox:test", INVALID_FORMAT),
    ("-test/busybox:test", INVALID_FORMAT),
    ("-index:5000/busybox:test", INVALID_FORMAT),
    # digests (go-digest errors pass through)
    ("repo@sha256:" + "f" * 34, "invalid checksum digest length"),
    ("repo@sha384:" + "f" * 64, "invalid checksum digest length"),
    ("repo@sha512:" + "f" * 64, "invalid checksum digest length"),
    ("validname@invaliddigest:" + "f" * 64, "unsupported digest algorithm"),
    ("repo@md5:" + "f" * 32, "unsupported digest algorithm"),
    ("repo@sha256:" + "F" * 64, "invalid checksum digest format"),
    ("repo:tag@SHA256:" + "f" * 64, "invalid checksum digest format"),
    ("repo@sha256:" + "f" * 31, INVALID_FORMAT),
    ("repo@sha256:" + "g" * 64, INVALID_FORMAT),
]


@pytest.mark.parametrize(("text", "message"), INVALID, ids=lambda v: repr(v)[:60])
def test_parse_invalid(text, message):
    assert error_of(parse, text) == message
    # errors are not cached away: the same input fails the same way twice
    assert error_of(parse, text) == message


# --------------------------------------------------------------------------- normalize_test.go


@pytest.mark.parametrize(
    "text",
    [
        "docker/docker",
        "library/debian",
        "debian",
        "docker.io/docker/docker",
        "docker.io/library/debian",
        "docker.io/debian",
        "index.docker.io/docker/docker",
        "index.docker.io/library/debian",
        "index.docker.io/debian",
        "127.0.0.1:5000/docker/docker",
        "127.0.0.1:5000/library/debian",
        "127.0.0.1:5000/debian",
        "192.168.0.1",
        "192.168.0.1:80",
        "192.168.0.1:8/debian",
        "192.168.0.2:25000/debian",
        "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
        "[fc00::1]:5000/docker",
        "[fc00::1]:5000/docker/docker",
        "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
        "docker.io/" + HEX64,
        "Docker/docker",
        "DOCKER/docker",
        # TestValidateRemoteName
        "docker-rules/docker",
        "docker---rules/docker",
        "doc/docker",
        "d/docker",
        "jess/t",
        "dock__er/docker",
    ],
)
def test_validate_reference_name_valid(text):
    parse(text)


# RemoteName, FamiliarName, FullName, AmbiguousName, Domain (TestParseRepositoryInfo)
REPOSITORY_INFO = [
    ("fooo/bar", "fooo/bar", "docker.io/fooo/bar", "index.docker.io/fooo/bar", "docker.io"),
    ("library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "library/ubuntu", "docker.io"),
    ("nonlibrary/ubuntu", "nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu", "", "docker.io"),
    ("other/library", "other/library", "docker.io/other/library", "", "docker.io"),
    ("private/moonbase", "127.0.0.1:8000/private/moonbase", "127.0.0.1:8000/private/moonbase", "", "127.0.0.1:8000"),
    ("privatebase", "127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase", "", "127.0.0.1:8000"),
    ("private/moonbase", "example.com/private/moonbase", "example.com/private/moonbase", "", "example.com"),
    ("privatebase", "example.com/privatebase", "example.com/privatebase", "", "example.com"),
    ("private/moonbase", "example.com:8000/private/moonbase", "example.com:8000/private/moonbase", "", "example.com:8000"),
    ("privatebasee", "example.com:8000/privatebasee", "example.com:8000/privatebasee", "", "example.com:8000"),
    ("library/ubuntu-12.04-base", "ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base",
     "index.docker.io/library/ubuntu-12.04-base", "docker.io"),
    ("library/foo", "foo", "docker.io/library/foo", "docker.io/foo", "docker.io"),
    ("library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", "", "docker.io"),
    ("store/foo/bar", "store/foo/bar", "docker.io/store/foo/bar", "", "docker.io"),
    ("bar", "Foo/bar", "Foo/bar", "", "Foo"),
    ("bar", "FOO/bar", "FOO/bar", "", "FOO"),
]


@pytest.mark.parametrize(("remote", "familiar", "full", "ambiguous", "domain"), REPOSITORY_INFO)
def test_parse_repository_info(remote, familiar, full, ambiguous, domain):
    for text in filter(None, (familiar, full, ambiguous)):
        ref = parse(text)
        assert ref.familiar_name() == familiar
        assert str(ref) == full
        assert ref.domain == domain
        assert ref.path == remote


@pytest.mark.parametrize(
    ("text", "domain", "path"),
    [
        ("test.com/foo", "test.com", "foo"),
        ("test_com/foo", "docker.io", "test_com/foo"),
        ("docker/migrator", "docker.io", "docker/migrator"),
        ("test.com:8080/foo", "test.com:8080", "foo"),
        ("test-com:8080/foo", "test-com:8080", "foo"),
        ("foo", "docker.io", "library/foo"),
        ("xn--n3h.com/foo", "xn--n3h.com", "foo"),
        ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
        ("docker.io/foo", "docker.io", "library/foo"),
        ("docker.io/library/foo", "docker.io", "library/foo"),
        ("docker.io/library/foo/bar", "docker.io", "library/foo/bar"),
    ],
)
def test_normalized_split_hostname(text, domain, path):
    ref = parse(text)
    assert (ref.domain, ref.path) == (domain, path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("redis", "docker.io/library/redis"),
        ("redis:latest", "docker.io/library/redis:latest"),
        ("docker.io/library/redis:latest", "docker.io/library/redis:latest"),
        ("redis@" + SHA_REDIS, "docker.io/library/redis@" + SHA_REDIS),
        ("docker.io/library/redis@" + SHA_REDIS, "docker.io/library/redis@" + SHA_REDIS),
        ("dmcgowan/myapp", "docker.io/dmcgowan/myapp"),
        ("dmcgowan/myapp:latest", "docker.io/dmcgowan/myapp:latest"),
        ("docker.io/mcgowan/myapp:latest", "docker.io/mcgowan/myapp:latest"),
        ("dmcgowan/myapp@" + SHA_REDIS, "docker.io/dmcgowan/myapp@" + SHA_REDIS),
        ("docker.io/dmcgowan/myapp@" + SHA_REDIS, "docker.io/dmcgowan/myapp@" + SHA_REDIS),
        (SHA_REDIS[len("sha256:") :], SHA_REDIS),
        (SHA_REDIS, SHA_REDIS),
        (SHA_REDIS[len("sha256:") : -1], "docker.io/library/" + SHA_REDIS[len("sha256:") : -1]),
        ("dbcc1", "docker.io/library/dbcc1"),
    ],
)
def test_parse_any_reference(text, expected):
    ref = parse_any(text)
    assert str(ref) == expected
    if expected.startswith("sha256:"):
        assert ref == DigestOnly(expected)
        assert ref.familiar_string() == expected
    else:
        assert isinstance(ref, Reference)
        assert ref == parse_strict(expected)


def test_parse_any_other_digests():
    assert parse_any(SHA512_F) == DigestOnly(SHA512_F)
    assert parse_any("sha384:" + "0" * 96) == DigestOnly("sha384:" + "0" * 96)
    # not a valid go-digest: falls back to a name with a tag
    assert parse_any("sha256:" + "A" * 64) == Reference("docker.io", "library/sha256", "A" * 64)
    assert parse_any("sha256:abc") == Reference("docker.io", "library/sha256", "abc")
    assert error_of(parse_any, "MyApp") == lowercase_msg("library/MyApp")
    assert error_of(parse_any, "") == INVALID_FORMAT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("busybox", "docker.io/library/busybox:latest"),
        ("busybox:latest", "docker.io/library/busybox:latest"),
        ("busybox@" + SHA_BUSYBOX, "docker.io/library/busybox@" + SHA_BUSYBOX),
        ("library/busybox", "docker.io/library/busybox:latest"),
        ("docker.io/busybox", "docker.io/library/busybox:latest"),
        ("docker.io/library/busybox", "docker.io/library/busybox:latest"),
        ("docker.io/busybox:latest", "docker.io/library/busybox:latest"),
        ("library/busybox:latest", "docker.io/library/busybox:latest"),
        ("docker.io/library/busybox:latest", "docker.io/library/busybox:latest"),
        ("gcr.io/library/busybox", "gcr.io/library/busybox:latest"),
        ("gcr.io/library/busybox:latest@" + SHA_BUSYBOX, "gcr.io/library/busybox@" + SHA_BUSYBOX),
    ],
)
def test_parse_docker_ref(text, expected):
    ref = parse_docker_ref(text)
    assert str(ref) == expected
    assert parse_strict(str(ref)) == ref


# --------------------------------------------------------------------------- reference_test.go (Parse)

# input, error, name, domain, tag, digest
STRICT = [
    ("test_com", None, "test_com", "", None, None),
    ("test.com:tag", None, "test.com", "", "tag", None),
    ("test.com:5000", None, "test.com", "", "5000", None),
    ("test.com/repo:tag", None, "test.com/repo", "test.com", "tag", None),
    ("test:5000/repo", None, "test:5000/repo", "test:5000", None, None),
    ("test:5000/repo:tag", None, "test:5000/repo", "test:5000", "tag", None),
    ("test:5000/repo@" + SHA_F, None, "test:5000/repo", "test:5000", None, SHA_F),
    ("test:5000/repo:tag@" + SHA_F, None, "test:5000/repo", "test:5000", "tag", SHA_F),
    ("", "repository name must have at least one component", None, None, None, None),
    (":justtag", INVALID_FORMAT, None, None, None, None),
    ("@" + SHA_F, INVALID_FORMAT, None, None, None, None),
    ("repo@sha256:" + "f" * 34, "invalid checksum digest length", None, None, None, None),
    ("validname@invaliddigest:" + "f" * 64, "unsupported digest algorithm", None, None, None, None),
    ("Uppercase:tag", UPPERCASE, None, None, None, None),
    # FIXME upstream: "Uppercase" is taken as a domain, so this passes
    ("Uppercase/lowercase:tag", None, "Uppercase/lowercase", "Uppercase", "tag", None),
    ("test:5000/Uppercase/lowercase:tag", UPPERCASE, None, None, None, None),
    ("lowercase:Uppercase", None, "lowercase", "", "Uppercase", None),
    # v0.6.0 counts the path only: "a/" * 128 + "a" is domain "a" + a 255-char path
    ("a/" * 128 + "a:tag", None, "a/" * 128 + "a", "a", "tag", None),
    ("a/" * 129 + "a:tag", TOO_LONG, None, None, None, None),
    ("a/" * 127 + "a:tag-puts-this-over-max", None, "a/" * 127 + "a", "a", "tag-puts-this-over-max", None),
    ("aa/asdf$$^/aa", INVALID_FORMAT, None, None, None, None),
    ("sub-dom1.foo.com/bar/baz/quux", None, "sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", None, None),
    ("sub-dom1.foo.com/bar/baz/quux:some-long-tag", None, "sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com",
     "some-long-tag", None),
    ("b.gcr.io/test.example.com/my-app:test.example.com", None, "b.gcr.io/test.example.com/my-app", "b.gcr.io",
     "test.example.com", None),
    ("xn--n3h.com/myimage:xn--n3h.com", None, "xn--n3h.com/myimage", "xn--n3h.com", "xn--n3h.com", None),
    ("xn--7o8h.com/myimage:xn--7o8h.com@" + SHA512_F, None, "xn--7o8h.com/myimage", "xn--7o8h.com", "xn--7o8h.com",
     SHA512_F),
    ("foo_bar.com:8080", None, "foo_bar.com", "", "8080", None),
    ("foo/foo_bar.com:8080", None, "foo/foo_bar.com", "foo", "8080", None),
    ("192.168.1.1", None, "192.168.1.1", "", None, None),
    ("192.168.1.1:tag", None, "192.168.1.1", "", "tag", None),
    ("192.168.1.1:5000", None, "192.168.1.1", "", "5000", None),
    ("192.168.1.1/repo", None, "192.168.1.1/repo", "192.168.1.1", None, None),
    ("192.168.1.1:5000/repo", None, "192.168.1.1:5000/repo", "192.168.1.1:5000", None, None),
    ("192.168.1.1:5000/repo:5050", None, "192.168.1.1:5000/repo", "192.168.1.1:5000", "5050", None),
    ("[2001:db8::1]", INVALID_FORMAT, None, None, None, None),
    ("[2001:db8::1]:5000", INVALID_FORMAT, None, None, None, None),
    ("[2001:db8::1]:tag", INVALID_FORMAT, None, None, None, None),
    ("[2001:db8::1]/repo", None, "[2001:db8::1]/repo", "[2001:db8::1]", None, None),
    ("[2001:db8:1:2:3:4:5:6]/repo:tag", None, "[2001:db8:1:2:3:4:5:6]/repo", "[2001:db8:1:2:3:4:5:6]", "tag", None),
    ("[2001:db8::1]:5000/repo", None, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", None, None),
    ("[2001:db8::1]:5000/repo:tag", None, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "tag", None),
    ("[2001:db8::1]:5000/repo@" + SHA_F, None, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", None, SHA_F),
    ("[2001:db8::1]:5000/repo:tag@" + SHA_F, None, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "tag", SHA_F),
    ("[2001:db8::]:5000/repo", None, "[2001:db8::]:5000/repo", "[2001:db8::]:5000", None, None),
    ("[::1]:5000/repo", None, "[::1]:5000/repo", "[::1]:5000", None, None),
    ("[fe80::1%eth0]:5000/repo", INVALID_FORMAT, None, None, None, None),
    ("[fe80::1%@invalidzone]:5000/repo", INVALID_FORMAT, None, None, None, None),
    # no normalisation at all
    ("library/ubuntu", None, "library/ubuntu", "library", None, None),
    ("ubuntu", None, "ubuntu", "", None, None),
]


@pytest.mark.parametrize(("text", "err", "name", "domain", "tag", "digest"), STRICT, ids=lambda v: repr(v)[:60])
def test_parse_strict(text, err, name, domain, tag, digest):
    if err is not None:
        assert error_of(parse_strict, text) == err
        return
    ref = parse_strict(text)
    assert str(ref) == text
    assert ref.name == name
    assert ref.domain == domain
    assert ref.tag == tag
    assert ref.digest == digest


@pytest.mark.parametrize(
    ("text", "domain", "path"),
    [
        ("test.com/foo", "test.com", "foo"),
        ("test_com/foo", "", "test_com/foo"),
        ("test:8080/foo", "test:8080", "foo"),
        ("test.com:8080/foo", "test.com:8080", "foo"),
        ("test-com:8080/foo", "test-com:8080", "foo"),
        ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
    ],
)
def test_with_name(text, domain, path):
    assert with_name(text) == Reference(domain, path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", INVALID_FORMAT),
        (":justtag", INVALID_FORMAT),
        ("@" + SHA_F, INVALID_FORMAT),
        ("validname@invaliddigest:" + "f" * 64, INVALID_FORMAT),
        ("a/" * 129 + "a", TOO_LONG),
        ("aa/asdf$$^/aa", INVALID_FORMAT),
        ("name:tag", INVALID_FORMAT),
    ],
)
def test_with_name_failure(text, message):
    assert error_of(with_name, text) == message


@pytest.mark.parametrize(
    ("text", "err", "domain", "path"),
    [
        ("test.com/foo", None, "test.com", "foo"),
        ("test:8080/foo", None, "test:8080", "foo"),
        ("test_com/foo", "repository name must be canonical", None, None),
        ("test.com", "repository name must be canonical", None, None),
        ("foo", "repository name must be canonical", None, None),
        ("library/foo", "repository name must be canonical", None, None),
        ("docker.io/library/foo", None, "docker.io", "library/foo"),
        ("docker.io/foo", "repository name must be canonical", None, None),
    ],
)
def test_parse_named(text, err, domain, path):
    if err is not None:
        assert error_of(parse_named, text) == err
    else:
        ref = parse_named(text)
        assert (ref.domain, ref.path) == (domain, path)


# --------------------------------------------------------------------------- WithTag / WithDigest etc.

SHORT_DIGEST = "sha256:1234567890098765432112345667890098765"


@pytest.mark.parametrize(
    ("name", "digest", "tag", "combined"),
    [
        ("test.com/foo", None, "tag", "test.com/foo:tag"),
        ("foo", None, "tag2", "foo:tag2"),
        ("test.com:8000/foo", None, "tag4", "test.com:8000/foo:tag4"),
        ("test.com:8000/foo", None, "TAG5", "test.com:8000/foo:TAG5"),
        ("test.com:8000/foo", SHORT_DIGEST, "TAG5", "test.com:8000/foo:TAG5@" + SHORT_DIGEST),
    ],
)
def test_with_tag(name, digest, tag, combined):
    ref = with_name(name)
    if digest is not None:
        ref = ref.with_digest(digest)
    assert str(ref.with_tag(tag)) == combined


@pytest.mark.parametrize(
    ("name", "digest", "tag", "combined"),
    [
        ("test.com/foo", SHORT_DIGEST, None, "test.com/foo@" + SHORT_DIGEST),
        ("foo", SHORT_DIGEST, None, "foo@" + SHORT_DIGEST),
        ("test.com:8000/foo", SHORT_DIGEST, None, "test.com:8000/foo@" + SHORT_DIGEST),
        ("test.com:8000/foo", SHORT_DIGEST, "latest", "test.com:8000/foo:latest@" + SHORT_DIGEST),
    ],
)
def test_with_digest(name, digest, tag, combined):
    ref = with_name(name)
    if tag is not None:
        ref = ref.with_tag(tag)
    assert str(ref.with_digest(digest)) == combined


def test_invalid_reference_components():
    assert error_of(parse, "-foo") == INVALID_FORMAT
    ref = parse("busybox")
    assert error_of(ref.with_tag, "-foo") == "invalid tag format"
    assert error_of(ref.with_tag, "") == "invalid tag format"
    assert error_of(ref.with_tag, "t" * 129) == "invalid tag format"
    assert error_of(ref.with_digest, "foo") == "invalid digest format"
    assert error_of(ref.with_digest, "sha256:abc") == "invalid digest format"


def test_with_tag_replaces_and_keeps_digest():
    ref = parse("localhost:5000/app:1.0@" + SHA_F)
    moved = ref.with_tag("2.0")
    assert moved == Reference("localhost:5000", "app", "2.0", SHA_F)
    assert ref.tag == "1.0"  # immutable
    assert parse("app@" + SHA_F).with_tag("x") == Reference("docker.io", "library/app", "x", SHA_F)


def test_trimmed_and_tag_or_latest():
    ref = parse("localhost:5000/app:1.0@" + SHA_F)
    assert ref.trimmed() == Reference("localhost:5000", "app")
    assert str(ref.trimmed()) == "localhost:5000/app"
    name_only = parse("ubuntu")
    assert name_only.is_name_only()
    assert name_only.trimmed() == name_only
    assert name_only.tag_or_latest() == Reference("docker.io", "library/ubuntu", "latest")
    assert name_only.tag_or_latest().familiar_string() == "ubuntu:latest"
    # TagNameOnly leaves tagged or digested references alone
    assert parse("ubuntu:22.04").tag_or_latest() == parse("ubuntu:22.04")
    digested = parse("ubuntu@" + SHA_F)
    assert digested.tag_or_latest() == digested
    assert digested.tag_or_latest().familiar_string() == "ubuntu@" + SHA_F


def test_no_such_image_wording():
    # daemon: "No such image: " + FamiliarString(TagNameOnly(ref))
    assert parse("nosuch").tag_or_latest().familiar_string() == "nosuch:latest"
    assert parse("localhost:5000/myapp1").tag_or_latest().familiar_string() == "localhost:5000/myapp1:latest"


# --------------------------------------------------------------------------- validators


@pytest.mark.parametrize("tag", ["latest", "1.0", "Latest", "_x", "v1.2.3-rc.1", "a" * 128, "0", "A_B-c.d"])
def test_is_valid_tag_true(tag):
    assert is_valid_tag(tag)


@pytest.mark.parametrize("tag", ["", ".x", "-x", "a" * 129, "a/b", "a:b", "a@b", "é", "a b", "latest\n"])
def test_is_valid_tag_false(tag):
    assert not is_valid_tag(tag)


@pytest.mark.parametrize(
    "path", ["myapp1", "library/ubuntu", "a/b/c", "my__app", "my--app", "my.app", "a" * 300, "0"]
)
def test_is_valid_repository_path_true(path):
    assert is_valid_repository_path(path)


@pytest.mark.parametrize(
    "path",
    ["", "MyApp", "my___app", "my..app", "-a", "a-", "a/", "/a", "a//b", "localhost:5000/a", "a:b", "a\n", "_a"],
)
def test_is_valid_repository_path_false(path):
    assert not is_valid_repository_path(path)


def test_oci_name_regex_agrees():
    oci = re.compile(r"[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*")
    for path in ["a", "a.b", "a_b", "a__b", "a___b", "a-b", "a---b", "a/b", "a._b", "a/-b", "ab/cd.e_f__g-h"]:
        assert is_valid_repository_path(path) == (oci.fullmatch(path) is not None), path


@pytest.mark.parametrize(
    ("digest", "message"),
    [
        (SHA_F, None),
        ("sha384:" + "0" * 96, None),
        (SHA512_F, None),
        ("sha256:" + "f" * 63, "invalid checksum digest length"),
        ("sha256:" + "F" * 64, "invalid checksum digest format"),
        ("sha256:" + "g" * 64, "invalid checksum digest format"),
        ("md5:" + "f" * 32, "unsupported digest algorithm"),
        ("sha256+b64:abc", "unsupported digest algorithm"),
        ("SHA256:" + "f" * 64, "invalid checksum digest format"),
        ("sha256:", "invalid checksum digest format"),
        (":abc", "invalid checksum digest format"),
        ("sha256", "invalid checksum digest format"),
        ("", "invalid checksum digest format"),
    ],
)
def test_validate_digest(digest, message):
    if message is None:
        assert validate_digest(digest) == digest
        assert is_valid_digest(digest)
    else:
        assert error_of(validate_digest, digest) == message
        assert not is_valid_digest(digest)


# --------------------------------------------------------------------------- properties

_ALNUM = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
_SEP = st.sampled_from([".", "_", "__", "-", "--", "---"])
_COMPONENT = st.builds(
    lambda first, rest: first + "".join(sep + run for sep, run in rest),
    _ALNUM,
    st.lists(st.tuples(_SEP, _ALNUM), max_size=3),
)
_PATH = st.lists(_COMPONENT, min_size=1, max_size=4).map("/".join)
_DOMAIN = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "docker.io",
            "index.docker.io",
            "localhost",
            "localhost:5000",
            "example.com",
            "registry.example.org:443",
            "127.0.0.1:5000",
            "[::1]:5000",
            "[fc00:1:2:3:4:5:6:7]",
            "MyRegistry",
            "Foo:8080",
            "xn--n3h.com",
        ]
    ),
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?){1,2}(:[0-9]{1,5})?", fullmatch=True),
)
_TAG = st.none() | st.from_regex(r"[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}", fullmatch=True)
_HEX = "0123456789abcdef"
_DIGEST = st.one_of(
    st.none(),
    st.text(alphabet=_HEX, min_size=64, max_size=64).map(lambda h: "sha256:" + h),
    st.text(alphabet=_HEX, min_size=128, max_size=128).map(lambda h: "sha512:" + h),
)


@st.composite
def reference_texts(draw):
    domain, path, tag, digest = draw(_DOMAIN), draw(_PATH), draw(_TAG), draw(_DIGEST)
    text = (domain + "/" if domain else "") + path
    if tag is not None:
        text += ":" + tag
    if digest is not None:
        text += "@" + digest
    return text, domain, path, tag, digest


def _familiar_reparses_differently(ref: Reference) -> bool:
    """Cases where Go's FamiliarString itself is not a faithful round trip.

    * docker.io/library/<64 hex> familiarises to a bare image-ID-looking string;
    * docker.io/<first>/... whose first component would be taken as a registry host
      (contains "." or is "localhost") loses its docker.io domain when re-parsed.
    """
    if ref.domain != DEFAULT_DOMAIN:
        return False
    fam = ref.familiar_name()
    first = fam.split("/", 1)[0]
    if "/" in fam and ("." in first or first == "localhost"):
        return True
    return ref.is_name_only() and re.fullmatch("[a-f0-9]{64}", fam) is not None


@settings(max_examples=300, deadline=None)
@given(reference_texts())
def test_property_roundtrips(case):
    text, domain, path, tag, digest = case
    ref = parse(text)
    assert ref.tag == tag
    assert ref.digest == digest
    if domain is not None:
        assert ref.domain == ("docker.io" if domain == "index.docker.io" else domain)
        if ref.domain == "docker.io" and "/" not in path:
            assert ref.path == "library/" + path
        else:
            assert ref.path == path
    # the canonical form parses back to the same reference, by every entry point
    full = str(ref)
    assert parse(full) == ref
    assert parse_strict(full) == ref
    assert parse_named(full) == ref
    assert parse_any(full) == ref
    assert is_valid_repository_path(ref.path)
    assert str(ref) == ref.name + (":" + tag if tag else "") + ("@" + digest if digest else "")
    # familiar form
    assert not ref.familiar_name().startswith("docker.io/")
    if not _familiar_reparses_differently(ref):
        assert parse(ref.familiar_string()) == ref
    # derived references
    assert ref.trimmed() == Reference(ref.domain, ref.path)
    assert ref.trimmed().with_tag("v1").tag == "v1"
    assert ref.tag_or_latest().tag == (tag if tag is not None or digest is not None else "latest")
    rebuilt = ref.trimmed()
    if tag is not None:
        rebuilt = rebuilt.with_tag(tag)
    if digest is not None:
        rebuilt = rebuilt.with_digest(digest)
    assert rebuilt == ref


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcAB09._-/:@[]\u0130\u212a", max_size=30))
def test_property_fuzz_only_invalid_reference_errors(text):
    try:
        ref = parse(text)
    except InvalidReference as exc:
        assert str(exc)
        return
    assert parse(str(ref)) == ref
    assert parse_strict(str(ref)) == ref
    if not _familiar_reparses_differently(ref):
        assert parse(ref.familiar_string()) == ref


def test_familiar_string_quirks():
    # Go's FamiliarString is not always re-parseable to the same reference
    ref = parse("docker.io/library/" + HEX64)
    assert ref.familiar_string() == HEX64
    assert error_of(parse, ref.familiar_string()) == hex_msg(HEX64)
    ref = parse("docker.io/a.b/c")
    assert ref.familiar_string() == "a.b/c"
    assert parse("a.b/c").domain == "a.b"
    ref = parse("docker.io/localhost/c")
    assert (ref.domain, ref.path, ref.familiar_name()) == ("docker.io", "localhost/c", "localhost/c")
    assert parse("localhost/c").domain == "localhost"


def test_go_lowercase_semantics():
    # U+0130 lower-cases to a plain "i" in Go; with it the lower-cased input matches the
    # grammar, so Parse reports ErrNameContainsUppercase.
    assert error_of(parse, "\u0130_x/y") == UPPERCASE
    assert error_of(parse, "\u212a_x/y") == UPPERCASE
    assert error_of(parse, "\u0130mage") == lowercase_msg("library/\u0130mage")
