"""The misconceptions learners arrive with, by name.

Lesson quizzes, generated quizzes and the class report all tag wrong answers with these
names, so an instructor sees one row per misunderstanding whichever part of the tool caught it.
Each one (but `reference-grammar`, a family of parser misreadings) has an executable wrong model
in tutor/quiz/wrong_models.py; a generated distractor carries a name only when its model predicts it.
Lesson files may name only these (`registry-tutor validate` checks; the schema lists them).
"""

from __future__ import annotations

MISCONCEPTIONS: dict[str, str] = {
    "latest-is-newest": "`latest` always means the newest version. It does not: it is an ordinary label "
    "that only moves when a command names it (with docker: a tag or build -t, then a push).",
    "tag-creates-image": "`docker tag` makes a new image (a copy). It does not: it adds another name to the "
    "same image, with the same ID and the same layers.",
    "rebuild-new-version": "every build makes a new version of the image. It does not: rebuilding unchanged "
    "sources gives the same edition (the same image manifest, config and layers). On the classic image store "
    "that is the same image and ID; on Docker 29's default store the build also gets a new build record "
    "(provenance attestation), so the image ID (the index digest) is new while the edition inside is the "
    "same. Only a change to the sources makes a new edition.",
    "rebuild-same-id": "rebuilding unchanged sources always gives the same image ID. Only on the classic "
    "store: Docker 29's default store wraps every build in an index with a fresh provenance attestation, so "
    "the image ID changes on every build, even a fully cached one, while the image manifest inside stays "
    "the same (`docker images --tree` shows it).",
    "no-host-means-localhost": "a name without a registry host means the local registry. It does not: "
    "`myapp1` is `docker.io/library/myapp1`, on Docker Hub.",
    "tag-overwrites-source": "tagging or moving a label replaces or removes the image it was on. It does "
    "not: the old image stays (under its other labels, or untagged and still reachable by digest).",
    "push-moves-latest": "pushing a new version also moves `latest`. It does not: on the registry, `latest` "
    "moves only when something names it: a push of the `latest` tag itself (or a registry-side tool that "
    "sets it); a DELETE of it removes it.",
    "local-tag-reaches-registry": "tagging on your own machine changes the registry. It does not: with the "
    "docker CLI a label reaches the registry only when you push it. (Tools that talk to the registry "
    "directly, such as `docker buildx imagetools create`, crane, regctl or skopeo, can add tags there.)",
    "digest-follows-tag": "a digest follows its tag when the tag moves. It does not: a digest names one "
    "exact manifest forever.",
    "layers-always-upload": "every push uploads every layer. It does not: layers the registry already has "
    "are skipped (`Layer already exists`) or mounted from another repository.",
    "tags-are-immutable": "a tag, once given, stays on its image for good. It does not, by default: building, "
    "tagging or pushing under the same tag moves it to the new image (a CNCF Distribution registry like "
    "localhost:5000 always allows that; Docker Hub, ECR, Artifact Registry, ACR and Harbor can be set to "
    "refuse it with immutable tags).",
    "localhost-is-shared": "`localhost:5000` is the team's registry, the same for everyone. It is not: "
    "`localhost` always means the machine you are on, so a teammate's `docker pull localhost:5000/...` asks "
    "their own laptop (connection refused when no registry runs there). Share images through a registry "
    "reached by a host name, such as `registry.team.lan:5000`.",
    "reference-grammar": "a guess at the reference rules. Docker's rules: lowercase repository names, "
    "a host only when the first part has a `.` or `:`, is `localhost`, or has a capital letter; `library/` "
    "for official "
    "Docker Hub names, `:latest` when no tag is given.",
}
