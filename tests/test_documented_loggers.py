"""The logs: every ``site_inet.*`` logger the docs name is one the code writes to, and the reverse."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["core", "home", "offres", "projets", "search", "exploitation", "site_inet"]
IN_CODE = re.compile(r"""getLogger\(["'](site_inet\.[a-z_.]+)["']\)""")
IN_DOCS = re.compile(r"`(site_inet\.[a-z_]+)`")
NOT_LOGGERS = {"site_inet.settings", "site_inet.wsgi", "site_inet.urls", "site_inet.api"}


def loggers_in_code():
    names = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            names |= set(IN_CODE.findall(path.read_text(encoding="utf-8")))
    return names


def loggers_in_docs():
    names = set()
    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        names |= set(IN_DOCS.findall(path.read_text(encoding="utf-8")))
    return names - NOT_LOGGERS


def test_the_docs_name_only_loggers_the_code_writes_to():
    assert loggers_in_docs() <= loggers_in_code()


def test_the_logs_table_names_every_logger_of_the_code():
    text = (ROOT / "docs" / "exploitation.md").read_text(encoding="utf-8")
    table = text.split("## Journaux", 1)[1].split("\n## ", 1)[0]
    assert set(re.findall(r"^\| `(site_inet\.[a-z_]+)` \|", table, re.MULTILINE)) == loggers_in_code()
