"""The archive's index of projects and facet values is kept for one content generation: a change shows at once."""

import pytest
from wagtail.models import PageViewRestriction

from core import generation
from projets.archive_index import archive_index
from projets.models import ProjectPage

pytestmark = pytest.mark.django_db


def shown(client, url):
    response = client.get(url)
    slugs = {project.slug for project in response.context["results"]}
    counts = {facet.name: {o.value: o.count for o in options} for facet, options in response.context["facets"]}
    return response.context["paginator"].count, slugs, counts


def test_the_index_is_read_once_per_generation_with_the_page_cache_off_too(booklet, django_assert_num_queries):
    first = archive_index(booklet)  # the test settings turn the page cache off: the same path as production
    with django_assert_num_queries(0):
        assert archive_index(booklet) is first
    assert len(first.visible) == 19
    generation.bump()  # what any publish, move, restriction or snippet save does
    with django_assert_num_queries(12):  # the private sections, two orderings, eight facets (people: two)
        assert archive_index(booklet) is not first


def test_an_unpublished_project_leaves_results_and_counts_at_once(client, booklet, page_cache_on):
    count, slugs, counts = shown(client, "/projets/?type=commune&tri=collectivite")
    assert "creteil-relation-usager" in slugs
    ProjectPage.objects.get(slug="creteil-relation-usager").unpublish()
    after, slugs, counts_after = shown(client, "/projets/?type=commune&tri=collectivite")
    assert after == count - 1
    assert "creteil-relation-usager" not in slugs
    assert counts_after["type"]["commune"] == counts["type"]["commune"] - 1


def test_a_republished_project_comes_back_with_its_new_values(client, booklet, page_cache_on):
    project = ProjectPage.objects.get(slug="creteil-relation-usager")
    assert shown(client, "/projets/")[2]["scolarite"] == {"2020-2021": 19}
    project.schooling_year = "2021-2022"
    project.save_revision().publish()
    count, slugs, counts = shown(client, "/projets/?scolarite=2021-2022")
    assert (count, slugs) == (1, {"creteil-relation-usager"})
    assert counts["scolarite"] == {"2021-2022": 1, "2020-2021": 18}


def test_a_new_restriction_hides_the_project_at_once(client, booklet, page_cache_on):
    assert shown(client, "/projets/")[0] == 19
    private = ProjectPage.objects.get(slug="creteil-relation-usager")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    count, slugs, counts = shown(client, "/projets/")
    assert count == 18
    assert "creteil-relation-usager" not in slugs
    assert sum(counts["scolarite"].values()) == 18


def test_the_orders_follow_the_database(booklet):
    index = archive_index(booklet)
    projects = ProjectPage.objects.live().descendant_of(booklet)
    assert list(index.ordered("recent", index.visible)) == list(
        projects.order_by("-schooling_year", "title").values_list("pk", flat=True)
    )
    kept = frozenset(list(index.visible)[:7])
    expected = projects.filter(pk__in=kept).order_by("collectivite__name", "title").values_list("pk", flat=True)
    assert index.ordered("collectivite", kept) == list(expected)
