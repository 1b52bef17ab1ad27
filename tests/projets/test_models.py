import pytest
from django.core.exceptions import ValidationError

from home.models import HomePage, StandardPage
from projets.models import Collectivite, ProjectAuthor, ProjectIndexPage, ProjectPage, Promotion

pytestmark = pytest.mark.django_db


def test_tree_rules():
    assert ProjectIndexPage.max_count == 1
    assert ProjectIndexPage.allowed_parent_page_models() == [HomePage]
    assert ProjectIndexPage.allowed_subpage_models() == [ProjectPage]
    assert ProjectPage.allowed_parent_page_models() == [ProjectIndexPage]
    assert ProjectPage.allowed_subpage_models() == []
    assert not ProjectPage.can_create_at(HomePage())
    assert not ProjectPage.can_create_at(StandardPage())


def test_year_outside_range_is_refused_in_french(booklet):
    project = ProjectPage.objects.get(slug="creteil-relation-usager")
    project.year = 1850
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "year" in error.value.message_dict
    assert "1990" in error.value.message_dict["year"][0]
    assert project.schooling_year == "1850-1851"


def test_promotion_years_must_be_ordered():
    promotion = Promotion(name="Abbé Pierre", slug="ap", track="administrateur", year_start=2021, year_end=2020)
    with pytest.raises(ValidationError) as error:
        promotion.full_clean()
    assert "précéder" in error.value.message_dict["year_end"][0]


def test_region_has_no_departement():
    collectivite = Collectivite(name="Région X", type="region", region="Bretagne", departement="Finistère")
    with pytest.raises(ValidationError) as error:
        collectivite.full_clean()
    assert "departement" in error.value.message_dict


def test_author_name_cannot_hold_an_email():
    author = ProjectAuthor(name="Jean Dupont jean.dupont@administrateur-inet.org", track="administrateur")
    with pytest.raises(ValidationError) as error:
        author.clean()
    assert "adresse électronique" in error.value.message_dict["name"][0]


def test_related_projects_share_theme_or_type(booklet, django_assert_max_num_queries):
    project = ProjectPage.objects.get(slug="bordeaux-metropole-budget-climat")
    # themes, collectivité, view restrictions, ranked ids, the chosen pages, their themes
    with django_assert_max_num_queries(6):
        related = project.related_projects()
    assert len(related) == 3
    assert project not in related
    theme_ids = {theme.pk for theme in project.themes.all()}
    for other in related:
        assert theme_ids & {t.pk for t in other.themes.all()} or other.collectivite.type == "metropole"
