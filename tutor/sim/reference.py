"""Image references: a faithful port of Go's ``github.com/distribution/reference`` v0.6.0.

This is the parser the docker CLI uses (``ParseNormalizedNamed``, ``ParseAnyReference``,
``FamiliarName``/``FamiliarString``, ``TagNameOnly``...), together with the parts of
``github.com/opencontainers/go-digest`` v1.0.0 that ``reference.Parse`` calls to validate
digests. Every error is raised as :class:`~tutor.sim.errors.InvalidReference` carrying the
exact Go error string.

Mapping of the Go API:

================================  ==========================================
Go                                Python
================================  ==========================================
``ParseNormalizedNamed(s)``       :func:`parse`
``ParseAnyReference(s)``          :func:`parse_any`
``Parse(s)``                      :func:`parse_strict`
``ParseDockerRef(s)``             :func:`parse_docker_ref`
``WithName(s)``                   :func:`with_name`
``named.Name()``                  :attr:`Reference.name`
``Domain(named)``/``Path(named)`` :attr:`Reference.domain` / :attr:`Reference.path`
``ref.String()``                  ``str(ref)``
``FamiliarName(ref)``             :meth:`Reference.familiar_name`
``FamiliarString(ref)``           :meth:`Reference.familiar_string`
``WithTag``/``WithDigest``        :meth:`Reference.with_tag` / :meth:`Reference.with_digest`
``TrimNamed(ref)``                :meth:`Reference.trimmed`
``TagNameOnly(ref)``              :meth:`Reference.tag_or_latest`
``IsNameOnly(ref)``               :meth:`Reference.is_name_only`
``digest.Parse(s)``               :func:`validate_digest`
================================  ==========================================

Quirks kept on purpose (they are what Docker does):

* ``localhost:5000`` alone is ``docker.io/library/localhost`` with tag ``5000``; ``localhost``
  is only a registry host when followed by ``/``.
* A first component with an upper-case letter is taken as a registry host (``Foo/bar`` has
  domain ``Foo``).
* After normalisation the domain is re-split by regular expression, so a "domain" that is not
  a valid host but is a valid path component ends up in the path: ``foo_bar.com/x`` has an
  empty domain and path ``foo_bar.com/x`` (Go ``Name()`` is then just the path).
* The 255-character limit counts the path only (``library/`` included for Docker Hub names).
* ``docker.io/library/<64 hex>`` is valid, but its familiar form (the bare hex string) is not.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from tutor.sim.errors import InvalidReference
from tutor.sim.lazy import LazyPattern
from tutor.sim.records import record

__all__ = [
    "DEFAULT_DOMAIN",
    "DEFAULT_TAG",
    "ERR_DIGEST_INVALID_FORMAT",
    "ERR_DIGEST_UNSUPPORTED",
    "ERR_GO_DIGEST_INVALID_FORMAT",
    "ERR_GO_DIGEST_INVALID_LENGTH",
    "ERR_NAME_CONTAINS_UPPERCASE",
    "ERR_NAME_EMPTY",
    "ERR_NAME_NOT_CANONICAL",
    "ERR_NAME_TOO_LONG",
    "ERR_REFERENCE_INVALID_FORMAT",
    "ERR_TAG_INVALID_FORMAT",
    "LEGACY_DEFAULT_DOMAIN",
    "OFFICIAL_REPO_PREFIX",
    "REPOSITORY_NAME_TOTAL_LENGTH_MAX",
    "DigestOnly",
    "Reference",
    "is_valid_digest",
    "is_valid_repository_path",
    "is_valid_tag",
    "parse",
    "parse_any",
    "parse_docker_ref",
    "parse_named",
    "parse_strict",
    "validate_digest",
    "with_name",
]

# --------------------------------------------------------------------------- constants

DEFAULT_DOMAIN = "docker.io"
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_REPO_PREFIX = "library/"
DEFAULT_TAG = "latest"
REPOSITORY_NAME_TOTAL_LENGTH_MAX = 255

# distribution/reference reference.go
ERR_REFERENCE_INVALID_FORMAT = "invalid reference format"
ERR_TAG_INVALID_FORMAT = "invalid tag format"
ERR_DIGEST_INVALID_FORMAT = "invalid digest format"
ERR_NAME_CONTAINS_UPPERCASE = "repository name must be lowercase"
ERR_NAME_EMPTY = "repository name must have at least one component"
ERR_NAME_TOO_LONG = f"repository name must not be more than {REPOSITORY_NAME_TOTAL_LENGTH_MAX} characters"
ERR_NAME_NOT_CANONICAL = "repository name must be canonical"

# opencontainers/go-digest v1.0.0 digest.go
ERR_GO_DIGEST_INVALID_FORMAT = "invalid checksum digest format"
ERR_GO_DIGEST_INVALID_LENGTH = "invalid checksum digest length"
ERR_DIGEST_UNSUPPORTED = "unsupported digest algorithm"

# --------------------------------------------------------------------------- regexp.go
#
# Built exactly as in Go, with two translations: Go's ``\w`` and ``[[:xdigit:]]`` are spelled
# out as ASCII classes, and every anchored match uses ``re.fullmatch`` (Python's ``$`` would
# also match before a trailing newline; Go's does not). Go's submatch semantics are
# leftmost-first like Python's backtracking engine, so the capture groups agree.


def _optional(*res: str) -> str:
    return "(?:" + "".join(res) + ")?"


def _any_times(*res: str) -> str:
    return "(?:" + "".join(res) + ")*"


def _capture(*res: str) -> str:
    return "(" + "".join(res) + ")"


_ALPHANUMERIC = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_LOCALHOST = "localhost"
_DOMAIN_NAME_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_OPTIONAL_PORT = r"(?::[0-9]+)?"
_TAG = r"[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}"
_DIGEST_PAT = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}"
_IDENTIFIER = r"([a-f0-9]{64})"
_IPV6_ADDRESS = r"\[(?:[a-fA-F0-9:]+)\]"
_DOMAIN_NAME = _DOMAIN_NAME_COMPONENT + r"(?:\." + _DOMAIN_NAME_COMPONENT + ")*"
_HOST = "(?:" + _DOMAIN_NAME + "|" + _IPV6_ADDRESS + ")"
_DOMAIN_AND_PORT = _HOST + _OPTIONAL_PORT

_PATH_COMPONENT = _ALPHANUMERIC + _any_times(_SEPARATOR + _ALPHANUMERIC)
_REMOTE_NAME = _PATH_COMPONENT + _any_times("/" + _PATH_COMPONENT)
_NAME_PAT = _optional(_DOMAIN_AND_PORT + "/") + _REMOTE_NAME
_ANCHORED_NAME_PAT = _optional(_capture(_DOMAIN_AND_PORT), "/") + _capture(_REMOTE_NAME)
_REFERENCE_PAT = _capture(_NAME_PAT) + _optional(":", _capture(_TAG)) + _optional("@", _capture(_DIGEST_PAT))

# compiled on first use (tutor.sim.lazy): a shell command that parses no reference does not pay for them
_REFERENCE_RE = LazyPattern(_REFERENCE_PAT)
_ANCHORED_NAME_RE = LazyPattern(_ANCHORED_NAME_PAT)
_ANCHORED_TAG_RE = LazyPattern(_TAG)
_ANCHORED_DIGEST_RE = LazyPattern(_DIGEST_PAT)
_ANCHORED_IDENTIFIER_RE = LazyPattern(_IDENTIFIER)
_REMOTE_NAME_RE = LazyPattern(_REMOTE_NAME)

# go-digest: DigestRegexpAnchored and the per-algorithm encoded regexps / sizes (bytes).
_GO_DIGEST_RE = LazyPattern(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+")
_GO_DIGEST_ALGORITHMS: dict[str, tuple[int, LazyPattern]] = {
    "sha256": (32, LazyPattern(r"[a-f0-9]{64}")),
    "sha384": (48, LazyPattern(r"[a-f0-9]{96}")),
    "sha512": (64, LazyPattern(r"[a-f0-9]{128}")),
}


def _go_to_lower(s: str) -> str:
    """Go's ``strings.ToLower``.

    Python's ``str.lower`` uses full case mapping, Go simple case mapping; the only code
    point where they differ is U+0130 (Go: ``i``, Python: ``i`` + U+0307).
    """
    return s.replace("\u0130", "i").lower()


# --------------------------------------------------------------------------- go-digest


def validate_digest(digest: str) -> str:
    """go-digest ``digest.Parse``: return *digest* unchanged or raise :class:`InvalidReference`.

    sha256, sha384 and sha512 are the available algorithms (docker links all three).
    """
    i = digest.find(":")
    if i <= 0 or i + 1 == len(digest):
        raise InvalidReference(ERR_GO_DIGEST_INVALID_FORMAT)
    algorithm, encoded = digest[:i], digest[i + 1 :]
    spec = _GO_DIGEST_ALGORITHMS.get(algorithm)
    if spec is None:
        if _GO_DIGEST_RE.fullmatch(digest) is None:
            raise InvalidReference(ERR_GO_DIGEST_INVALID_FORMAT)
        raise InvalidReference(ERR_DIGEST_UNSUPPORTED)
    size, encoded_re = spec
    if size * 2 != len(encoded):
        raise InvalidReference(ERR_GO_DIGEST_INVALID_LENGTH)
    if encoded_re.fullmatch(encoded) is None:
        raise InvalidReference(ERR_GO_DIGEST_INVALID_FORMAT)
    return digest


def is_valid_digest(digest: str) -> bool:
    """True when go-digest's ``digest.Parse`` accepts *digest*."""
    i = digest.find(":")
    if i <= 0 or digest[:i] not in _GO_DIGEST_ALGORITHMS:
        return False  # what validate_digest raises for (the common case: a name, not a digest)
    try:
        validate_digest(digest)
    except InvalidReference:
        return False
    return True


# --------------------------------------------------------------------------- types


@record(frozen=True)
class DigestOnly:
    """A bare digest / image ID as returned by :func:`parse_any` (Go ``digestReference``)."""

    digest: str

    def __init__(self, digest: str) -> None:
        self.__dict__["digest"] = digest  # (object.__setattr__'s store, without the call)

    def __str__(self) -> str:
        return self.digest

    def familiar_string(self) -> str:
        return self.digest


@record(frozen=True)
class Reference:
    """A named reference, optionally tagged and/or digested.

    ``domain`` is ``""`` only for names whose first component is not a valid host (Go's
    ``repository{domain: ""}``), e.g. ``parse_strict("ubuntu")`` or ``parse("foo_bar.com/x")``.
    """

    domain: str
    path: str
    tag: str | None = None
    digest: str | None = None

    def __init__(self, domain: str, path: str, tag: str | None = None, digest: str | None = None) -> None:
        # what object.__setattr__ (frozen) would store, without four calls: a reference is made per parse
        own = self.__dict__
        own["domain"] = domain
        own["path"] = path
        own["tag"] = tag
        own["digest"] = digest

    @property
    def name(self) -> str:
        """Go ``Name()``: ``domain/path`` (just ``path`` when there is no domain)."""
        if not self.domain:
            return self.path
        return self.domain + "/" + self.path

    def __str__(self) -> str:
        """Go ``String()``: ``name[:tag][@digest]``."""
        return _format(self.name, self.tag, self.digest)

    def _familiar(self) -> tuple[str, str]:
        # familiarizeName
        domain, path = self.domain, self.path
        if domain == DEFAULT_DOMAIN:
            domain = ""
            if path.startswith(OFFICIAL_REPO_PREFIX):
                remainder = path[len(OFFICIAL_REPO_PREFIX) :]
                if "/" not in remainder:
                    path = remainder
        return domain, path

    def familiar_name(self) -> str:
        """Go ``FamiliarName``: ``ubuntu``, ``myorg/app``, ``localhost:5000/myapp1``."""
        domain, path = self._familiar()
        return domain + "/" + path if domain else path

    def familiar_string(self) -> str:
        """Go ``FamiliarString``: familiar name + ``:tag`` + ``@digest``."""
        return _format(self.familiar_name(), self.tag, self.digest)

    def is_name_only(self) -> bool:
        """Go ``IsNameOnly``: neither tag nor digest."""
        return self.tag is None and self.digest is None

    def with_tag(self, tag: str) -> Reference:
        """Go ``WithTag``: set the tag (an existing digest is kept)."""
        if _ANCHORED_TAG_RE.fullmatch(tag) is None:
            raise InvalidReference(ERR_TAG_INVALID_FORMAT)
        return replace(self, tag=tag)

    def with_digest(self, digest: str) -> Reference:
        """Go ``WithDigest``: set the digest (an existing tag is kept).

        Like Go, this checks only the reference digest grammar, not go-digest.
        """
        if _ANCHORED_DIGEST_RE.fullmatch(digest) is None:
            raise InvalidReference(ERR_DIGEST_INVALID_FORMAT)
        return replace(self, digest=digest)

    def trimmed(self) -> Reference:
        """Go ``TrimNamed``: the name only."""
        if self.tag is None and self.digest is None:
            return self
        return Reference(self.domain, self.path)

    def tag_or_latest(self) -> Reference:
        """Go ``TagNameOnly``: add ``latest`` when there is neither tag nor digest."""
        if self.is_name_only():
            return replace(self, tag=DEFAULT_TAG)
        return self


def _format(name: str, tag: str | None, digest: str | None) -> str:
    s = name
    if tag is not None:
        s += ":" + tag
    if digest is not None:
        s += "@" + digest
    return s


# --------------------------------------------------------------------------- reference.go


@lru_cache(maxsize=1024)
def _split_name(name: str) -> tuple[str, str] | None:
    """(domain, path) of a string the name grammar matches whole (``_split_domain``'s split), else None."""
    m = _ANCHORED_NAME_RE.fullmatch(name)
    if m is None:
        return None
    return m.group(1) or "", m.group(2)


def _split_domain(name: str) -> tuple[str, str]:
    """``anchoredNameRegexp`` split of an already-matched name into (domain, path)."""
    m = _ANCHORED_NAME_RE.fullmatch(name)
    if m is None:  # cannot happen for a name matched by the reference regexp
        return "", name
    return m.group(1) or "", m.group(2)


@lru_cache(maxsize=4096)
def parse_strict(text: str) -> Reference:
    """Go ``reference.Parse``: no normalisation.

    The domain is whatever the grammar takes as a host, so ``library/ubuntu`` has domain
    ``library`` and ``ubuntu`` has domain ``""``.
    """
    return _parse_strict(text)


def _parse_strict(text: str) -> Reference:
    """parse_strict, not kept (parse keeps its own answers: a second cache would only copy them)."""
    if "@" not in text:
        # Without a digest the grammar's tag is what follows a ':' after the last '/' (a name holds ':' only
        # in its host's port, before a '/'; a tag holds neither), so name and tag are matched apart: the
        # name (repeated by every tag of a repository) through _split_name's cache. Anything they reject
        # goes the full way below, for its error.
        colon = text.rfind(":")
        if colon > text.rfind("/"):
            name, tag = text[:colon], text[colon + 1 :]
            parts = _split_name(name) if _ANCHORED_TAG_RE.fullmatch(tag) is not None else None
        else:
            name, tag = text, None
            parts = _split_name(name)
        if parts is not None:
            if len(parts[1]) > REPOSITORY_NAME_TOTAL_LENGTH_MAX:
                raise InvalidReference(ERR_NAME_TOO_LONG)
            return Reference(parts[0], parts[1], tag, None)
    return _parse_by_grammar(text)


def _parse_by_grammar(text: str) -> Reference:
    """parse_strict by the whole reference grammar (a digest, or what the split above rejected)."""
    if text == "":
        raise InvalidReference(ERR_NAME_EMPTY)
    m = _REFERENCE_RE.fullmatch(text)
    if m is None:
        lowered = _go_to_lower(text)
        if lowered != text and _REFERENCE_RE.fullmatch(lowered) is not None:
            raise InvalidReference(ERR_NAME_CONTAINS_UPPERCASE)
        raise InvalidReference(ERR_REFERENCE_INVALID_FORMAT)
    name, tag, digest = m.group(1), m.group(2), m.group(3)
    domain, path = _split_domain(name)
    if len(path) > REPOSITORY_NAME_TOTAL_LENGTH_MAX:
        raise InvalidReference(ERR_NAME_TOO_LONG)
    if digest is not None:
        validate_digest(digest)
    # getBestReferenceType: the grammar always yields a non-empty name, so the
    # digest-only / ErrNameEmpty branches are unreachable here.
    return Reference(domain, path, tag, digest)


def with_name(name: str) -> Reference:
    """Go ``WithName``: a name-only reference (no tag or digest allowed)."""
    m = _ANCHORED_NAME_RE.fullmatch(name)
    if m is None:
        raise InvalidReference(ERR_REFERENCE_INVALID_FORMAT)
    if len(m.group(2)) > REPOSITORY_NAME_TOTAL_LENGTH_MAX:
        raise InvalidReference(ERR_NAME_TOO_LONG)
    return Reference(m.group(1) or "", m.group(2))


# --------------------------------------------------------------------------- normalize.go


def _split_docker_domain(name: str) -> tuple[str, str]:
    """Go ``splitDockerDomain``."""
    maybe_domain, sep, maybe_remote = name.partition("/")
    if not sep:
        return DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name
    if maybe_domain == _LOCALHOST:
        domain, remote = maybe_domain, maybe_remote
    elif maybe_domain == LEGACY_DEFAULT_DOMAIN:
        domain, remote = DEFAULT_DOMAIN, maybe_remote
    elif "." in maybe_domain or ":" in maybe_domain:
        domain, remote = maybe_domain, maybe_remote
    elif _go_to_lower(maybe_domain) != maybe_domain:
        domain, remote = maybe_domain, maybe_remote
    else:
        domain, remote = DEFAULT_DOMAIN, name
    if domain == DEFAULT_DOMAIN and "/" not in remote:
        remote = OFFICIAL_REPO_PREFIX + remote
    return domain, remote


@lru_cache(maxsize=4096)
def parse(text: str) -> Reference:
    """Go ``ParseNormalizedNamed``: ``ubuntu`` -> ``docker.io/library/ubuntu``."""
    if len(text) == 64 and _ANCHORED_IDENTIFIER_RE.fullmatch(text) is not None:  # (64 characters or none)
        raise InvalidReference(
            f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings"
        )
    domain, remainder = _split_docker_domain(text)
    tag_sep = remainder.find(":")
    remote = remainder[:tag_sep] if tag_sep > -1 else remainder
    if remote.lower() != remote:  # _go_to_lower(remote) != remote (U+0130 lowers to two characters: != either way)
        raise InvalidReference(f"invalid reference format: repository name ({remote}) must be lowercase")
    # Parse always yields a named reference here, so Go's "reference %s has no name" is
    # unreachable.
    return _parse_strict(domain + "/" + remainder)


def parse_named(text: str) -> Reference:
    """Go ``ParseNamed``: like :func:`parse`, but the input must already be canonical."""
    ref = parse(text)
    if str(ref) != text:
        raise InvalidReference(ERR_NAME_NOT_CANONICAL)
    return ref


@lru_cache(maxsize=1024)
def parse_any(text: str) -> Reference | DigestOnly:
    """Go ``ParseAnyReference``: an image ID / digest, or else a normalised name."""
    if len(text) == 64 and _ANCHORED_IDENTIFIER_RE.fullmatch(text) is not None:
        return DigestOnly("sha256:" + text)
    if is_valid_digest(text):
        return DigestOnly(text)
    return parse(text)


def parse_docker_ref(text: str) -> Reference:
    """Go ``ParseDockerRef``: normalised, ``latest`` added, tag dropped when a digest is present."""
    ref = parse(text)
    if ref.tag is not None and ref.digest is not None:
        return Reference(ref.domain, ref.path, None, ref.digest)
    return ref.tag_or_latest()


# --------------------------------------------------------------------------- validators


def is_valid_tag(tag: str) -> bool:
    """``[\\w][\\w.-]{0,127}``, anchored."""
    return _ANCHORED_TAG_RE.fullmatch(tag) is not None


def is_valid_repository_path(path: str) -> bool:
    """The OCI distribution-spec ``<name>`` grammar (path only, no domain, no length limit)."""
    return _REMOTE_NAME_RE.fullmatch(path) is not None
