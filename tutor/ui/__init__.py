"""The Textual app (``app.TutorApp``): the lesson picker, lessons, the sandbox, the quiz, help.

``screens`` and ``widgets`` build it; ``completion`` and ``commands`` are Tab completion and the command
palette, ``worlds`` saves and loads sandbox worlds, ``changes`` what the picture highlights,
``inline`` and ``safe`` show untrusted text, ``screenshot`` draws the README's picture.
"""

__all__ = [
    "app", "screens", "widgets", "completion", "commands", "worlds", "changes", "inline", "safe",
    "screenshot",
]
