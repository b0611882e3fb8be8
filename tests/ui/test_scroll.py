"""The scrollbar of a page shows where the page is, after the page shrank and grew again."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutor.ui.widgets.scroll import PageScroll


def _app(scroll_class):
    class Page(App):
        CSS = "#page { height: 10; } #body { height: 30; }"

        def compose(self) -> ComposeResult:
            with scroll_class(id="page"):
                yield Static("text", id="body")

    return Page()


async def _shrink_and_grow(scroll_class):
    app = _app(scroll_class)
    async with app.run_test(size=(40, 20)) as pilot:
        page = app.query_one("#page")
        body = app.query_one("#body")
        page.scroll_to(y=15, animate=False)
        await pilot.pause()
        assert page.scroll_y == 15 and page.vertical_scrollbar.position == 15
        body.styles.height = 5  # a shorter step: it fits, the scrollbar goes, the page is at the top
        await pilot.pause()
        await pilot.pause()
        assert page.scroll_y == 0 and not page.show_vertical_scrollbar
        body.styles.height = 11  # a longer one: the scrollbar comes back
        await pilot.pause()
        await pilot.pause()
        assert page.show_vertical_scrollbar and page.scroll_y == 0
        return page.vertical_scrollbar.position


async def test_the_scrollbar_comes_back_at_the_top_of_the_page():
    assert await _shrink_and_grow(PageScroll) == 0


async def test_textual_alone_leaves_the_thumb_where_it_was():
    """Why PageScroll exists: when this fails, Textual has fixed it and PageScroll can go."""
    assert await _shrink_and_grow(VerticalScroll) == 15


def _kept_app():
    class Page(App):
        CSS = "#page { height: 10; } #head { height: 5; } #target { height: 3; } #tail { height: 20; }"

        def compose(self) -> ComposeResult:
            with PageScroll(id="page"):
                yield Static("head", id="head")
                yield Static("target", id="target")
                yield Static("tail", id="tail")

    return Page()


async def test_a_kept_place_holds_when_the_text_above_grows_after_it_was_placed():
    """The lesson page opens at its task; Markdown above it laid out late (or rewrapped when the
    scrollbar appeared) must not leave the page a few lines off."""
    app = _kept_app()
    async with app.run_test(size=(40, 20)) as pilot:
        page = app.query_one("#page", PageScroll)
        target = app.query_one("#target")
        page.keep(lambda: page.scroll_to_widget(target, top=True, animate=False, immediate=True))
        await pilot.pause()
        assert page.scroll_y == 5
        app.query_one("#head").styles.height = 8  # the text above lays out taller
        for _ in range(3):
            await pilot.pause()
        assert page.scroll_y == 8 and page.keeping
        assert target.region.y == page.scrollable_content_region.y  # still at the top of the view


async def test_a_scroll_by_anyone_else_lets_the_page_go():
    app = _kept_app()
    async with app.run_test(size=(40, 20)) as pilot:
        page = app.query_one("#page", PageScroll)
        target = app.query_one("#target")
        page.keep(lambda: page.scroll_to_widget(target, top=True, animate=False, immediate=True))
        await pilot.pause()
        page.focus()
        await pilot.press("up")  # the learner scrolls the page
        await pilot.pause()
        assert not page.keeping
        where = page.scroll_y
        assert where < 5
        app.query_one("#head").styles.height = 8
        for _ in range(3):
            await pilot.pause()
        assert page.scroll_y == where  # the learner's place is theirs
