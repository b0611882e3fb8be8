"""Screens of the registry-tutor app (each with its .tcss beside it)."""
