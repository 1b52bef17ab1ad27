import pytest
from django.core.exceptions import ValidationError

from home.models import HomePage, StandardPage
from home.schooling import schooling_year, start_year
from projets.archive_index import related_projects
from projets.models import Collectivite, ProjectAuthor, ProjectIndexPage, ProjectPage, Promotion, Thematique

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
    project.schooling_year = "1850-1851"
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "1990" in error.value.message_dict["schooling_year"][0]
    project.schooling_year = "2020-2022"
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "2022-2023" in error.value.message_dict["schooling_year"][0]  # the form it must take


def test_promotion_years_must_be_ordered():
    promotion = Promotion(name="Abbé Pierre", slug="ap", cadre="administrateur", year_start=2021, year_end=2020)
    with pytest.raises(ValidationError) as error:
        promotion.full_clean()
    assert "précéder" in error.value.message_dict["year_end"][0]


def test_region_has_no_departement():
    collectivite = Collectivite(name="Région X", type="region", region="Bretagne", departement="Finistère")
    with pytest.raises(ValidationError) as error:
        collectivite.full_clean()
    assert "departement" in error.value.message_dict


def test_author_name_cannot_hold_an_email():
    author = ProjectAuthor(name="Jean Dupont jean.dupont@administrateur-inet.org", cadre="administrateur")
    with pytest.raises(ValidationError) as error:
        author.clean()
    assert "adresse électronique" in error.value.message_dict["name"][0]


def _expected_related(project, limit=3):
    """The ranking spelled out over every project in Python: the oracle for related_projects."""
    others = [other for other in ProjectPage.objects.live() if other.pk != project.pk]
    theme_ids = {theme.pk for theme in project.themes.all()}

    def in_common(other):
        return len(theme_ids & {theme.pk for theme in other.themes.all()})

    sharing = sorted(
        (o for o in others if in_common(o)), key=lambda o: (-start_year(o.schooling_year), -in_common(o), o.title)
    )
    same_type = sorted(
        (o for o in others if o not in sharing and o.collectivite.type == project.collectivite.type),
        key=lambda o: (-start_year(o.schooling_year), o.title),
    )
    return (sharing + same_type)[:limit]


def test_related_projects_share_theme_or_type(booklet, page_cache_on, django_assert_max_num_queries):
    archive = ProjectIndexPage.objects.get()
    related_projects(archive, ProjectPage.objects.first())  # reads the archive's index, kept until content changes
    project = ProjectPage.objects.select_related("collectivite").get(slug="bordeaux-metropole-budget-climat")
    # its themes, the chosen pages, their themes: none over the other projects
    with django_assert_max_num_queries(3):
        related = related_projects(archive, project)
    assert len(related) == 3
    assert project not in related
    theme_ids = {theme.pk for theme in project.themes.all()}
    for other in related:
        assert theme_ids & {t.pk for t in other.themes.all()} or other.collectivite.type == "metropole"


def _set_themes(project, themes):
    through = ProjectPage.themes.through
    through.objects.filter(projectpage=project).delete()
    through.objects.bulk_create(through(projectpage=project, thematique=theme) for theme in themes)


def test_related_projects_most_recent_sharing_a_theme_first_then_same_type(booklet):
    # The booklet's projects are all of one year with one theme each: vary years and themes so that every rule
    # of the ranking decides somewhere.
    projects = list(ProjectPage.objects.live().order_by("title"))
    first, second, rare = Thematique.objects.order_by("pk")[:3]
    for position, project in enumerate(projects):
        year = 2019 if position < 6 else 2016 + position % 3
        ProjectPage.objects.filter(pk=project.pk).update(schooling_year=schooling_year(year))
        if position < 6:  # the most recent year: more themes in common must win over the title
            _set_themes(project, [first, second] if position in (0, 1, 4) else [first])
    _set_themes(projects[6], [rare])  # shared by one other project only: the same type completes the list
    _set_themes(projects[7], [rare])
    _set_themes(projects[-1], [])  # no theme: the same type only
    archive = ProjectIndexPage.objects.get()
    for project in ProjectPage.objects.live():
        assert related_projects(archive, project) == _expected_related(project), project.slug
