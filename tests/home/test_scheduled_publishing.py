"""Scheduled publishing: a revision set to go live later stays off the public site until Wagtail's
``publish_scheduled`` command runs after its time, which also purges the anonymous page cache; ``expire_at``
unpublishes a page the same way. Time is moved by patching ``timezone.now``, as the cron job would run later."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from offres.models import StageType
from projets.models import Collectivite, ProjectIndexPage, ProjectPage
from tests.offres.factories import StageIndexPageFactory, StagePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    """The anonymous page cache on (the test settings turn it off), empty."""
    settings.PAGE_CACHE_TTL = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def stage(home_page):
    index = StageIndexPageFactory(parent=home_page)
    index.save_revision().publish()
    page = StagePageFactory(
        parent=index, title="Stage thématique", slug="stage-thematique", stage_type=StageType.THEMATIQUE
    )
    page.summary = "Version en ligne du stage."
    page.save_revision().publish()
    return page


@pytest.fixture
def archive(home_page):
    index = ProjectIndexPage(title="Projets collectifs", slug="projets")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def new_project(archive):
    collectivite = Collectivite.objects.create(name="Ville de Lyon", type="commune", region="Auvergne-Rhône-Alpes")
    project = ProjectPage(
        title="Le télétravail à Lyon",
        slug="teletravail-lyon",
        collectivite=collectivite,
        schooling_year="2020-2021",
        live=False,
    )
    archive.add_child(instance=project)
    return project


def anonymous_get(url):
    return Client().get(url)


def schedule(page, go_live_at=None, expire_at=None, **changes):
    """What an editor does: set the dates in the status panel, change the page, then click « Publier »."""
    draft = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()  # as the edit view loads it
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.go_live_at = go_live_at
    draft.expire_at = expire_at
    draft.save_revision().publish()


def run_publish_scheduled(later):
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")


def test_scheduled_change_of_a_stage_page_goes_live_when_the_command_runs(cached, stage):
    assert anonymous_get(stage.url)["X-Cache"] == "MISS"
    assert anonymous_get(stage.url)["X-Cache"] == "HIT"
    go_live = timezone.now() + datetime.timedelta(hours=1)

    schedule(stage, go_live_at=go_live, summary="Nouvelle version du stage, publiée à l'heure dite.")

    response = anonymous_get(stage.url)
    assert "Version en ligne du stage." in response.text
    assert "Nouvelle version" not in response.text
    run_publish_scheduled(go_live - datetime.timedelta(minutes=1))  # too early: nothing changes
    assert "Nouvelle version" not in anonymous_get(stage.url).text

    run_publish_scheduled(go_live + datetime.timedelta(minutes=5))

    response = anonymous_get(stage.url)
    assert response["X-Cache"] == "MISS"  # the cached old version was purged
    assert "Nouvelle version du stage, publiée à l&#x27;heure dite." in response.text


def test_scheduled_new_project_page_is_not_public_until_its_time(cached, archive):
    project = new_project(archive)
    go_live = timezone.now() + datetime.timedelta(days=2)
    schedule(project, go_live_at=go_live)
    assert anonymous_get(project.url).status_code == 404
    archive_before = anonymous_get(archive.url)
    assert "Le télétravail à Lyon" not in archive_before.text

    run_publish_scheduled(go_live + datetime.timedelta(minutes=5))

    assert anonymous_get(project.url).status_code == 200
    assert "Le télétravail à Lyon" in anonymous_get(archive.url).text  # the cached archive was purged too


def test_expired_page_leaves_the_public_site_when_the_command_runs(cached, stage):
    expire = timezone.now() + datetime.timedelta(hours=1)
    schedule(stage, expire_at=expire)
    assert anonymous_get(stage.url).status_code == 200
    assert anonymous_get(stage.url)["X-Cache"] == "HIT"

    run_publish_scheduled(expire + datetime.timedelta(minutes=5))

    assert anonymous_get(stage.url).status_code == 404
    stage.refresh_from_db()
    assert stage.expired
