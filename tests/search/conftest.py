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


@pytest.fixture
def hits_batched(settings):
    """Search hits written at most once an hour, from now: only an explicit write (or the popular searches)
    writes them; what is left is written before the test's database goes."""
    from search import hits

    settings.SEARCH_HITS_WRITE_SECONDS = 3600
    hits.write_pending()
    hits.forget_visitors()
    yield
    hits.write_pending()


def pytest_terminal_summary(terminalreporter):
    for line in RELEVANCE_REPORT:
        terminalreporter.write_line(line)
