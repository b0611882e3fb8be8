"""Build mapping that pyproject.toml cannot express: ship ``lessons/`` and ``assets/sample-pack/``.

They stay at the repository's top level (where authors and instructors look for them) and are
mapped into the package as ``tutor/data/lessons`` and ``tutor/data/sample-pack`` at build time,
found at run time by ``tutor.shipped`` beside the package. Everything else lives in
pyproject.toml.
"""

from setuptools import find_packages, setup

SHIPPED = {
    "tutor.data.lessons": "lessons",
    "tutor.data.sample-pack": "assets/sample-pack",
    "tutor.data.tracks": "assets/tracks",
}

setup(
    packages=find_packages(include=["tutor", "tutor.*"]) + list(SHIPPED),
    package_dir=SHIPPED,
    package_data={name: ["*.yaml", "*.md", "*.json", "*/*.yaml", "*/*.md"] for name in SHIPPED},
)
