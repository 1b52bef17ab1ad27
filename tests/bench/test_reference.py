"""The benchmark's comparison with a reference site (bench/reference.py): which pages, which verdict."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import reference  # noqa: E402
from pages import scenarios  # noqa: E402


def test_every_compared_row_is_a_page_the_benchmark_measures_without_cache(monkeypatch):
    monkeypatch.setattr("pages.discover", lambda base: ("/projets/un-projet/", "theme=eau"))
    monkeypatch.setattr("pages.static_url", lambda root: "/static/css/site.css")
    rows = {name: kind for name, _path, kind in scenarios("http://127.0.0.1:1")[0]}
    assert {rows[name] for name in reference.OUR_ROWS.values()} == {"uncached"}


def test_reference_paths_are_distinct_on_every_request(monkeypatch):
    monkeypatch.setenv("BENCH_REFERENCE_PAGES", "detail=/blog/autre/; search=/search/?q={q}")
    pages = reference.reference_pages()
    assert pages[reference.OUR_ROWS["detail"]] == "/blog/autre/?sans-cache={q}"
    assert pages[reference.OUR_ROWS["home"]] == "/?sans-cache={q}"
    assert pages[reference.OUR_ROWS["search"]] == "/search/?q={q}"


def test_an_unknown_page_kind_stops_the_benchmark_in_french(monkeypatch):
    monkeypatch.setenv("BENCH_REFERENCE_PAGES", "blog=/blog/")
    with pytest.raises(SystemExit, match="inconnu"):
        reference.reference_pages()


@pytest.mark.parametrize(
    ("ours", "theirs", "failure"),
    [(400.0, 100.0, None), (399.0, 100.0, "< 4× la référence"), (50.0, 0.0, "référence sans réponse")],
)
def test_a_page_missing_the_cache_is_judged_against_its_reference(ours, theirs, failure):
    row = {"name": reference.OUR_ROWS["home"], "rps": ours}
    reference.compared_row(
        row, {"path": "/?sans-cache={q}", "rps": theirs, "p99_ms": 9.0, "errors": 0, "non_2xx_3xx": 0}
    )
    assert reference.reference_failure(row) == failure


def test_without_a_reference_a_page_missing_the_cache_needs_150_requests_a_second():
    assert reference.reference_failure({"name": reference.OUR_ROWS["search"], "rps": 149.0}) == "< 150 req/s"
    assert reference.reference_failure({"name": reference.OUR_ROWS["search"], "rps": 151.0}) is None
    assert reference.reference_failure({"name": "Archive : requête distincte + 2 facettes", "rps": 10.0}) is None
