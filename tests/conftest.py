"""Fixtures shared by the test modules: one headless Chromium for every end-to-end test of the
session (each test opens its own browser context, so each is a new session of the app)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def browser():
    pytest.importorskip("playwright.sync_api")
    from support.browser import chromium

    with chromium() as launched:
        yield launched
