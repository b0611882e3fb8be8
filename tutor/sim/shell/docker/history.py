"""``docker history`` / ``docker image history``: the build steps an image's config records.

Follows docker/cli v29.7.2 cli/command/image/history.go and formatter_history.go (columns, ``-H``,
``--no-trunc``, ``-q``, ``--format``) and moby docker-v29.7.2 daemon/containerd/image_history.go and
daemon/images/image_history.go (one row per config history entry, newest first; the newest row carries
the image ID, older rows ``<missing>`` as no parent image is recorded for pulled or BuildKit-built images;
a row's size is its layer's unpacked size, 0 for an empty-layer step).
"""

from __future__ import annotations

from tutor.sim import platforms
from tutor.sim.content import Image, human_duration, human_size, iso_time, short
from tutor.sim.errors import SimError
from tutor.sim.shell.docker import register_per_path
from tutor.sim.shell.docker.cli import Args, Flag, exact
from tutor.sim.shell.docker.context import DockerContext, daemon_error
from tutor.sim.shell.docker.gofmt import (
    GoMethods,
    TemplateError,
    format_escapes,
    parse_template,
    render_template,
    tabwrite,
)
from tutor.sim.shell.docker.images import (
    IMAGES_FLAGS,
    UNPACK_RATIO,
    classic_platform_mismatch,
    familiar,
    resolve_local_image,
)

# formatter_history.go
DEFAULT_TABLE = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
NON_HUMAN_TABLE = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
HEADERS = {  # formatter_history.go historyWrite, formatter.CreatedSinceHeader/CreatedAtHeader/SizeHeader
    "ID": "IMAGE",
    "CreatedSince": "CREATED",
    "CreatedAt": "CREATED AT",
    "CreatedBy": "CREATED BY",
    "Size": "SIZE",
    "Comment": "COMMENT",
}
MISSING = "<missing>"
_EPOCH_2000 = 946_684_800  # formatter_history.go epoch: dates before 2000 show "N/A"


def _ellipsis(text: str, width: int) -> str:
    """formatter.Ellipsis for ASCII text (what a history's CREATED BY holds): cut to width-1, then "…"."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _entries(image: Image, profile: str) -> list[dict]:
    """ImageHistory: the config's history newest first, each with the size of the layer it made."""
    config = image.config
    sizes = [int(layer.size * UNPACK_RATIO) for layer in image.layers]  # a snapshot's (layer's) own size
    rows: list[dict] = []
    for entry in config.get("history") or []:
        size = 0
        if not entry.get("empty_layer"):
            if not sizes:  # both stores refuse a history with more layer steps than layers
                message = "unable to find the size of the layer" if profile != "classic" else (
                    "too many non-empty layers in History section")
                raise daemon_error(message)
            size, sizes = sizes[0], sizes[1:]
        rows.insert(0, {
            "ID": MISSING,
            "Created": _unix(entry.get("created")),
            "CreatedBy": entry.get("created_by", ""),
            "Comment": entry.get("comment", ""),
            "Size": size,
        })
    if rows:
        rows[0]["ID"] = image.image_id(profile)  # the image itself; no parent chain is recorded
    return rows


def _unix(created: str | None) -> int:
    """A history entry's ``created`` (RFC 3339, UTC) as Unix seconds; 0 when absent."""
    if not created:
        return 0
    import calendar
    import time

    return calendar.timegm(time.strptime(created, "%Y-%m-%dT%H:%M:%SZ"))


def _fields(ctx: DockerContext, row: dict, human: bool, trunc: bool) -> dict[str, str]:
    """formatter_history.go historyContext's methods."""
    from tutor.sim.content import EPOCH

    created_at = iso_time(row["Created"] - EPOCH)  # time.Unix(...).Format(time.RFC3339), the zone is UTC
    if not human:
        since = created_at
    elif row["Created"] <= _EPOCH_2000:
        since = "N/A"
    else:
        since = human_duration(max(0, EPOCH + ctx.world.clock - row["Created"])) + " ago"
    created_by = row["CreatedBy"].replace("\t", " ")
    return {
        "Comment": row["Comment"],
        "CreatedAt": created_at,
        "CreatedBy": _ellipsis(created_by, 45) if trunc else created_by,
        "CreatedSince": since,
        "ID": short(row["ID"]) if trunc and row["ID"] != MISSING else row["ID"],
        "Size": human_size(row["Size"]) if human else str(row["Size"]),
    }


def _format(args: Args) -> str:
    """newHistoryFormat: only the plain "table" format gives way to -q and -H=false."""
    fmt = args.format or "table"
    if fmt == "table":
        if args.quiet:
            return "{{.ID}}"  # formatter.DefaultQuietFormat
        return DEFAULT_TABLE if args.human else NON_HUMAN_TABLE
    return fmt


def _check_platform(ctx: DockerContext, image: Image, text: str, value: str) -> None:
    try:
        platform = platforms.parse(value)
    except SimError as exc:
        raise SimError(f"invalid platform: {exc.message}") from None  # history.go runHistory
    if ctx.classic:  # moby daemon/images/image.go GetImage
        mismatch = classic_platform_mismatch(text, platform)
        if mismatch is not None:
            raise mismatch
        return
    wanted = platform.format_all()
    if wanted == "linux/amd64":  # every simulated image is linux/amd64
        return
    names = sorted(ctx.store.tags_of(image.manifest_digest) + ctx.store.digest_refs_of(image.manifest_digest))
    ref = familiar(names[0]) if names else image.manifest_digest  # containerd imageFamiliarName
    raise daemon_error(f"image with reference {ref} was found but does not provide the specified platform ({wanted})")


def run_history(ctx: DockerContext, args: Args) -> int | None:
    text = args.positional[0]
    if args.platform:
        try:
            platforms.parse(args.platform)
        except SimError as exc:  # checked before the daemon is asked
            raise SimError(f"invalid platform: {exc.message}") from None
    image = resolve_local_image(ctx, text)
    if args.platform:
        _check_platform(ctx, image, text, args.platform)
    rows = _entries(image, ctx.profile)
    fmt = _format(args)
    is_table = fmt.startswith("table")
    # formatter.go Format.templateString
    template = "{{json .}}" if fmt == "json" else format_escapes(fmt.removeprefix("table").strip(" "))
    try:
        parse_template(template)
        rendered = [
            render_template(template, GoMethods(_fields(ctx, row, args.human, not args.no_trunc),
                                                "*image.historyContext"))
            for row in rows
        ]
    except TemplateError as exc:  # formatter.go parseFormat / contextFormat
        raise SimError(f"template parsing error: {exc}") from None
    if is_table:
        header = render_template(template, HEADERS, header=True)
        ctx.out(*tabwrite([line.split("\t") for line in [header, *rendered]]))
    else:
        for line in rendered:
            ctx.out(*line.split("\n"))
    return 0


_FORMAT_FLAG = next(f for f in IMAGES_FLAGS if f.long == "format")  # flagsHelper.FormatHelp, the same text
HISTORY_FLAGS = [
    _FORMAT_FLAG,
    Flag("human", "H", default=True, help="Print sizes and dates in human readable format (default true)"),
    Flag("no-trunc", help="Don't truncate output"),
    Flag(
        "platform",
        kind="string",
        default="",
        help='Show history for the given platform. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")',
    ),
    Flag("quiet", "q", help="Only show image IDs"),
]
register_per_path(
    [
        ("docker history", "history [OPTIONS] IMAGE"),
        ("docker image history", "history [OPTIONS] IMAGE"),
    ],
    "docker image history, docker history",
    short="Show the history of an image",
    handler=run_history,
    arity=exact(1),
    flags=HISTORY_FLAGS,
)
