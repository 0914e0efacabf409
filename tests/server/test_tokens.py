"""Access tokens are pasted after ``--token`` on a command line: none may look like an option."""

from __future__ import annotations

import pytest

from server import admin


def test_a_token_drawn_with_a_leading_dash_is_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    draws = iter(["-Abc_def", "--xyz", "Qk9_-tail"])
    monkeypatch.setattr(admin.secrets, "token_urlsafe", lambda n: next(draws))
    assert admin.new_token() == "Qk9_-tail"


def test_real_tokens_are_long_and_never_start_with_a_dash() -> None:
    tokens = [admin.new_token() for _ in range(2000)]  # ~31 would start with "-" without the redraw
    assert all(len(t) >= 43 and not t.startswith("-") for t in tokens)
    assert len(set(tokens)) == len(tokens)
