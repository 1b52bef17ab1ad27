"""Images used (issue 18): a project's listing image on its card, its page, og:image and the feed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from projets.models import ProjectPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def image():
    return Image.objects.create(
        title="IMG_0042", description="L'équipe devant l'hôtel de ville", file=get_test_image_file(size=(1600, 900))
    )


def with_image(project, image):
    project.listing_image = image
    project.save_revision().publish()
    return ProjectPage.objects.get(pk=project.pk)


def test_a_listing_image_needs_its_alternative_text(booklet, image):
    project = ProjectPage.objects.get(slug="creteil-relation-usager")
    image.description = ""
    image.save()
    project.listing_image = image
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "texte alternatif" in str(error.value.message_dict["listing_image"])


def test_the_card_page_og_and_feed_show_the_image(client, booklet, image):
    with_image(ProjectPage.objects.get(slug="creteil-relation-usager"), image)
    archive = client.get("/projets/?collectivite=ville-de-creteil").content.decode()
    card = archive.split('class="card project-card project-card--image"', 1)[1].split("</article>", 1)[0]
    assert 'loading="lazy"' in card and "srcset=" in card and ".webp" in card
    assert 'alt="L&#x27;équipe devant l&#x27;hôtel de ville"' in card
    html = client.get("/projets/creteil-relation-usager/").content.decode()
    assert '<meta property="og:image" content="http://localhost/' in html
    assert 'class="project__image"' in html and 'fetchpriority="high"' in html
    feed = client.get("/projets/flux/").content.decode()
    assert 'rel="enclosure"' in feed and 'type="image/jpeg"' in feed
    # Cards without an image keep their layout.
    assert archive.count("project-card--image") == 1
    assert 'class="card project-card"' in client.get("/projets/").content.decode()


def test_images_on_cards_keep_the_archive_in_constant_queries(client, booklet, image):
    projects = list(client.get("/projets/").context["results"][:3])  # on the first page
    with_image(projects[0], image)
    client.get("/projets/")
    client.get("/projets/?b=1")  # renditions made once
    with CaptureQueriesContext(connection) as one:
        client.get("/projets/?a=1")
    for project in projects[1:]:
        with_image(project, image)
    client.get("/projets/")
    client.get("/projets/?b=2")
    with CaptureQueriesContext(connection) as three:
        client.get("/projets/?a=2")
    assert len(three.captured_queries) == len(one.captured_queries)
