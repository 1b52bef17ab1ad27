"""Export and cite (issue 18): the archive's list as CSV, a project's reference, the feed's filters."""

import csv
import io
import re
import xml.etree.ElementTree as ET  # noqa: S405 - the site's own feed, in a test

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projets.exports import COLUMNS, citation
from projets.models import ProjectPage

pytestmark = pytest.mark.django_db
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
ATOM = "{http://www.w3.org/2005/Atom}"


def read_csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_the_export_is_the_filtered_list(client, booklet):
    response = client.get("/projets/export/?type=metropole&tri=collectivite")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="projets-collectifs-inet.csv"' == response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == COLUMNS
    shown = client.get("/projets/?type=metropole&tri=collectivite").context["paginator"].count
    assert len(rows) - 1 == shown == 4
    assert [row[2] for row in rows[1:]] == sorted(row[2] for row in rows[1:])
    assert {row[3] for row in rows[1:]} == {"Métropole"}
    first = rows[1]
    assert first[9].startswith("http://localhost/projets/") and first[9].endswith("/")
    assert not EMAIL.search(response.content.decode())


def test_the_export_names_the_people_and_links_from_the_archive(client, booklet):
    rows = read_csv(client.get("/projets/export/?collectivite=ville-de-creteil"))
    assert len(rows) == 2
    row = dict(zip(COLUMNS, rows[1], strict=True))
    assert row["Élèves"] == "Sonia Derdiri, Régis Desbonne, Hector Raffaud, Pierre Morandini"
    assert row["Tuteurs ou tutrices"] == "Fabien Séguineau"
    assert row["Promotions"] == "Abbé Pierre, Rachel Carson"
    html = client.get("/projets/?type=commune&q=usager").content.decode()
    assert 'href="/projets/export/?q=usager&amp;type=commune" download>Exporter ces résultats (CSV)</a>' in html


def test_the_export_cells_are_never_formulas(client, booklet):
    project = ProjectPage.objects.get(slug="creteil-relation-usager")
    project.title = '=HYPERLINK("http://example.com")'
    project.save_revision().publish()
    rows = read_csv(client.get("/projets/export/?collectivite=ville-de-creteil"))
    assert rows[1][0].startswith("'=")


def test_the_export_queries_do_not_grow_with_the_rows(client, archive):
    call_command("generate_demo_projects", "--count", "20")
    client.get("/projets/export/")  # the archive's index is built once
    with CaptureQueriesContext(connection) as small:
        assert len(read_csv(client.get("/projets/export/?a=1"))) == 21
    call_command("generate_demo_projects", "--count", "200")
    client.get("/projets/export/")
    with CaptureQueriesContext(connection) as large:
        assert len(read_csv(client.get("/projets/export/?a=2"))) == 201
    assert len(large.captured_queries) == len(small.captured_queries) <= 12


def test_cite_this_project(client, booklet):
    html = client.get("/projets/creteil-relation-usager/").content.decode()
    assert '<h2 id="citer">Citer ce projet</h2>' in html
    expected = (
        "Sonia Derdiri, Régis Desbonne, Hector Raffaud, Pierre Morandini, « Simplification, réactivité et proximité"
    )
    assert expected in html.replace("&#x27;", "'")
    assert "Ville de Créteil, projet collectif INET, promotions Abbé Pierre et Rachel Carson, 2020-2021, " in html
    assert "http://localhost/projets/creteil-relation-usager/." in html


def test_a_citation_without_students_says_equipe(booklet):
    project = ProjectPage.objects.get(slug="creteil-relation-usager")
    project.author_list = []
    assert citation(project, "http://x/").startswith("Équipe, « Simplification")


def test_the_feed_honours_the_archive_filters(client, booklet):
    every = ET.fromstring(client.get("/projets/flux/").content)  # noqa: S314
    assert len(every.findall(f"{ATOM}entry")) == 19
    feed = ET.fromstring(client.get("/projets/flux/?type=metropole&cadre=conservateur").content)  # noqa: S314
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    expected = client.get("/projets/?type=metropole&cadre=conservateur").context["paginator"].count
    assert len(titles) == expected > 0
    assert feed.find(f"{ATOM}link").get("href").endswith("/projets/?type=metropole&cadre=conservateur")
    html = client.get("/projets/?type=metropole").content.decode()
    assert 'href="/projets/flux/?type=metropole">Suivre les nouveaux projets (flux Atom)' in html
