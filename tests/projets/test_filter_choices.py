"""The archive filters' choices are kept for one content generation, and read again after a change."""

import pytest

from core import generation
from projets.forms import ArchiveForm, filter_choices
from projets.models import Thematique

pytestmark = pytest.mark.django_db


def test_choices_are_read_once_per_generation(booklet, page_cache_on, django_assert_num_queries):
    first = filter_choices()
    with django_assert_num_queries(0):
        assert filter_choices() == first
        ArchiveForm({"theme": ["gerer-differemment"]}).values()


def test_a_snippet_save_brings_the_new_choice(booklet, page_cache_on):
    filter_choices()
    Thematique.objects.create(name="Nouvelle thématique", slug="nouvelle-thematique")  # purges the page cache
    assert ("nouvelle-thematique", "Nouvelle thématique") in filter_choices()["theme"]
    form = ArchiveForm({"theme": ["nouvelle-thematique"]})
    assert form.values()["selections"]["theme"] == ["nouvelle-thematique"]


def test_the_page_cache_setting_does_not_switch_the_shared_choices_off(booklet, settings, django_assert_num_queries):
    settings.PAGE_CACHE_TTL = 0
    first = filter_choices()
    with django_assert_num_queries(0):
        assert filter_choices() is first
    generation.bump()
    with django_assert_num_queries(4):
        filter_choices()
