"""Fixtures shared by the test modules: a headless Chromium for the end-to-end tests of a module
(each test opens its own browser context, so each is a new session of the app). It is closed at
the end of its module: Playwright's driver runs threads, and the sweep tests fork workers only
from a process that runs no other thread."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("playwright.sync_api")
    from support.browser import chromium

    with chromium() as launched:
        yield launched
