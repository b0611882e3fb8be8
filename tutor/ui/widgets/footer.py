"""Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer removes and remounts every key each time its screen's bindings are
updated, and a screen updates them several times while it starts (mount, focus, the app's
bindings). On the lesson list that was three rebuilds before the first frame, the largest
single cost of that frame. This one composes its keys with the screen, then rebuilds once per
pending change, and not at all when the keys it would show are the same as those on screen.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    _composed_for: tuple | None = None
    _rebuild_pending = False

    def _keys(self) -> tuple:
        """What the footer shows, comparable: the shown bindings (and the palette's) with their state, in order."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding.key_display, binding.description, binding.action, binding.group, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def compose(self):
        # Composed with its screen rather than after the screen's first bindings update: the keys are
        # mounted with everything else and are in the first frame; an update that changes them rebuilds.
        self._bindings_ready = True
        self._composed_for = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Born with the `compact` it will have (a key starts with the reactive's default, then is bound to
                # the footer's value: restyled twice, for each key, before the first frame). The palette's key is
                # not bound: it keeps the default.
                compact = True if widget.has_class("-command-palette") else self.compact
                widget.set_reactive(FooterKey.compact, compact)
                if compact:
                    widget.add_class("-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._keys() != self._composed_for:
            await self.recompose()
