"""A vertical scroll whose scrollbar always shows where the page is.

Textual 8.2.8 moves the scrollbar's thumb only while the scrollbar is shown
(``Widget.watch_scroll_y``). When a page's content shrinks until it fits (a lesson
step replaced by a shorter one), the scroll goes back to the top with the scrollbar
hidden, and the thumb keeps its old place; once the content grows past the window
again the scrollbar comes back drawn at that stale place. Here the thumb is put
where the scroll is whenever the scrollbar is shown.
"""

from __future__ import annotations

from textual.containers import VerticalScroll


class PageScroll(VerticalScroll):
    """`VerticalScroll` whose scrollbar, when it appears, matches the scroll position."""

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        if shown:
            self.vertical_scrollbar.position = self.scroll_y
