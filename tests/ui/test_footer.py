"""KeyFooter (tutor.ui.widgets.footer): Textual's Footer with its keys in the first frame, rebuilt only on change."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.widgets._footer import FooterKey

from tutor.ui.widgets.footer import KeyFooter


class Keys(App):
    BINDINGS = [Binding("a", "alpha", "Alpha"), Binding("b", "beta", "Beta")]
    beta_shown = True

    def compose(self):
        yield KeyFooter()

    def check_action(self, action: str, parameters) -> bool | None:
        return self.beta_shown if action == "beta" else True

    def action_alpha(self) -> None: ...

    def action_beta(self) -> None: ...


def shown(app) -> list[str]:
    return [key.key for key in app.screen.query(FooterKey)]


async def test_the_keys_are_in_the_first_frame(monkeypatch):
    first: list[list[str]] = []
    display = App._display

    def recording(self, screen, renderable) -> None:
        display(self, screen, renderable)
        if renderable is not None and not self._batch_count and not first:
            first.append(shown(self))

    monkeypatch.setattr(App, "_display", recording)
    async with Keys().run_test():
        pass
    assert first and first[0][:2] == ["a", "b"]


async def test_a_binding_that_goes_away_leaves_the_footer_and_comes_back():
    app = Keys()
    async with app.run_test() as pilot:
        assert shown(app)[:2] == ["a", "b"]
        app.beta_shown = False
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert "b" not in shown(app) and "a" in shown(app)
        app.beta_shown = True
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert shown(app)[:2] == ["a", "b"]


async def test_an_update_that_changes_no_key_keeps_the_same_key_widgets():
    app = Keys()
    async with app.run_test() as pilot:
        before = list(app.screen.query(FooterKey))
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert list(app.screen.query(FooterKey)) == before  # not torn down and remounted
