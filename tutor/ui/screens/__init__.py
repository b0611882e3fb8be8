"""Screens of the registry-tutor app (each with its .tcss beside it)."""

__all__ = ["home", "lesson", "sandbox", "quiz", "help", "learner", "workspace", "world_file", "confirm"]
