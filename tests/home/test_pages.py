import datetime

import pytest
from django.test import override_settings
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils

from core.formats import long_date
from core.templatetags.french import time_fr
from home.models import HomePage, StandardPage
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_home_renders_with_landmarks_and_one_h1(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert html.count("<h1") == 1
    for landmark in ('role="banner"', "<main", 'role="contentinfo"', 'aria-label="Menu principal"', 'role="search"'):
        assert landmark in html
    assert "stages.inet@cnfpt.fr" in html  # footer contact from the site setting


def test_standard_page_renders_body_and_date(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Actualité", slug="actualite", date=datetime.date(2018, 2, 20))
    page.body = [
        ("heading", {"text": "Une section", "level": "h2"}),
        ("quote", {"text": "Bravo", "author": "Une DGS", "role": ""}),
    ]
    page.save_revision().publish()
    html = client.get("/actualite/").content.decode()
    assert '<time datetime="2018-02-20">20 février 2018</time>' in html
    assert "<h2>Une section</h2>" in html
    assert "Une DGS" in html


def test_unknown_page_gets_french_404(client, home_page):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_menu_lists_pages_shown_in_menus_in_constant_queries(client, home_page, django_assert_max_num_queries):
    for index in range(3):
        StandardPageFactory(parent=home_page, title=f"Rubrique {index}", show_in_menus=True)
    client.get("/")  # warm the site-root cache
    with django_assert_max_num_queries(12):
        html = client.get("/").content.decode()
    for index in range(3):
        assert f"Rubrique {index}" in html
    for index in range(3, 20):
        StandardPageFactory(parent=home_page, title=f"Rubrique {index}", show_in_menus=True)
    with django_assert_max_num_queries(12):
        client.get("/")


def test_tree_rules():
    assert HomePage.max_count == 1
    assert StandardPage.allowed_parent_page_models() == [HomePage, StandardPage]
    assert StandardPage.allowed_subpage_models() == [StandardPage]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2022, 3, 14), "14 mars 2022"),
        (datetime.date(2022, 2, 1), "1er février 2022"),
        (datetime.date(2024, 8, 28), "28 août 2024"),
    ],
)
def test_long_french_dates(value, expected):
    assert long_date(value) == expected
    assert time_fr(value) == f'<time datetime="{value.isoformat()}">{expected}</time>'


class TestAdmin(WagtailTestUtils):
    @pytest.fixture(autouse=True)
    def _login(self, client, home_page, django_user_model):
        self.client = client
        user = django_user_model.objects.create_superuser("editor", "editor@example.org", "password")
        client.force_login(user)
        self.home = home_page

    def test_standard_page_is_editable_and_previewable(self):
        page = StandardPageFactory(parent=self.home, title="Mentions légales")
        edit = self.client.get(f"/admin/pages/{page.pk}/edit/")
        assert edit.status_code == 200
        assert "Contenu" in edit.content.decode() or "contenu" in edit.content.decode()
        preview = self.client.get(f"/admin/pages/{page.pk}/edit/preview/")
        assert preview.status_code == 200

    def test_admin_speaks_french(self):
        html = self.client.get("/admin/").content.decode()
        assert 'lang="fr' in html
        assert "Tableau de bord" in html or "Pages" in html


@override_settings(LANGUAGE_CODE="fr-fr")
def test_demo_content_is_idempotent(db):
    from django.core.management import call_command

    call_command("load_demo_content")
    first = {p.pk: p.latest_revision_id for p in Page.objects.all()}
    call_command("load_demo_content")
    second = {p.pk: p.latest_revision_id for p in Page.objects.all()}
    assert first == second
    assert Page.objects.filter(slug="inet-et-ses-eleves").count() == 1
    assert Page.objects.get(slug="ena-inet-modules-de-formation-conjoints").specific.date == datetime.date(2018, 2, 20)


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_to_the_sitemap(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert client.get("/sitemap.xml").status_code == 200
