"""A vertical scroll for lesson pages: its scrollbar always shows where the page is, and a
place the page was put at (the task at the top, the goal in view) holds while it is laid out.

Two things Textual 8.2.8 leaves to us:

- It moves the scrollbar's thumb only while the scrollbar is shown (``Widget.watch_scroll_y``).
  When a page's content shrinks until it fits (a step replaced by a shorter one), the scroll goes
  back to the top with the scrollbar hidden and the thumb keeps its old place; once the content
  grows past the window again the scrollbar comes back drawn at that stale place.
- A scroll to a widget is worked out from the layout of that moment. Lesson text is Markdown laid
  out asynchronously, and when a scrollbar appears the text rewraps a column narrower, so the
  widget scrolled to moves afterwards and the page ends up a line or two off, by timing alone.
  ``keep`` runs a placement again whenever the page's sizes change, until anything else scrolls
  the page (the learner, or a widget brought into view by the focus).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.containers import VerticalScroll


class PageScroll(VerticalScroll):
    """`VerticalScroll` whose scrollbar matches the scroll, and which can keep a placement."""

    _placement: Callable[[], None] | None = None
    _placing = False

    def keep(self, placement: Callable[[], None]) -> None:
        """Run ``placement`` now and after every change of this page's sizes, until something else
        scrolls the page. ``placement`` scrolls this page with ``immediate=True`` (a deferred scroll
        would look like someone else's) and depends only on the layout, so running it again after a
        late layout gives the place it would have given had the layout been there from the start."""
        self._placement = placement
        self._place()

    def release(self) -> None:
        """Stop keeping the placement (the page stays where it is)."""
        self._placement = None

    @property
    def keeping(self) -> bool:
        return self._placement is not None

    def _place(self) -> None:
        if self._placement is None or not self.is_attached:
            return
        self._placing = True
        try:
            self._placement()
        finally:
            self._placing = False

    def _sizes_changed(self) -> None:
        if self._placement is not None:
            self.call_after_refresh(self._place)  # once the children are placed for the new sizes

    def watch_virtual_size(self) -> None:
        self._sizes_changed()

    def on_resize(self) -> None:
        self._sizes_changed()

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        if shown:
            self.vertical_scrollbar.position = self.scroll_y
        self._sizes_changed()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        clamped = new_value < old_value and new_value == self.max_scroll_y  # the page shrank under the scroll
        if self._placement is not None and not self._placing and not clamped:
            self._placement = None  # scrolled by someone else: the learner, or the focus moving into the page
