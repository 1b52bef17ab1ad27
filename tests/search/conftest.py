"""Search tests: the relevance figure is collected here and printed in the terminal summary."""

import io

import pytest
from django.core.management import call_command

RELEVANCE_REPORT = []


@pytest.fixture
def demo_site(db):
    """The demo content, loaded by the same command as ``make run``, then fully reindexed."""
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())


def pytest_terminal_summary(terminalreporter):
    for line in RELEVANCE_REPORT:
        terminalreporter.write_line(line)
