"""registry-tutor: learn how container registries, repositories, tags and `latest` really work."""

__version__ = "0.1.0"
