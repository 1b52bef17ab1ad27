"""The admin: both page types are editable and previewable, and an editor adds next year's period live."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from offres.deadlines import paris_today

pytestmark = pytest.mark.django_db


def edit_form_data(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # The StreamFields (empty here) are drawn by JavaScript: post them as a browser would, with no block.
    for name in ("body", "introduction"):
        if hasattr(page.specific, name):
            data.setdefault(f"{name}-count", "0")
    return response, data


@pytest.mark.parametrize("fixture", ["stage_index", "projet_collectif"])
def test_page_types_are_editable_and_previewable(admin_client, request, fixture):
    page = request.getfixturevalue(fixture)
    response, data = edit_form_data(admin_client, page)
    html = response.content.decode()
    if fixture == "projet_collectif":
        for tab in ("Contenu", "Par cadre d&#x27;emplois", "Périodes", "Étapes", "Référencement", "Paramètres"):
            assert tab in html, tab
        assert "Dates indicatives" in html or "dates indicatives" in html
    preview = admin_client.post(reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]), data=data)
    assert preview.json() == {"is_valid": True, "is_available": True}
    rendered = admin_client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]))
    assert rendered.status_code == 200
    assert f"<h1>{page.title}</h1>" in rendered.content.decode()
    data["action-publish"] = "action-publish"
    saved = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert saved.status_code == 302


def test_editor_adds_next_years_period_and_sees_it_live(admin_client, client, observation):
    _response, data = edit_form_data(admin_client, observation)
    total = int(data["periods-TOTAL_FORMS"])
    year = paris_today().year + 1
    new = {
        "cadre": "ingenieur",
        "schooling_year": f"{year}-{year + 1}",
        "start_date": f"{year}-05-17",
        "end_date": f"{year}-06-11",
        "duration_weeks": "4",
        "precision": "",
        "offer_deadline": f"{year}-02-19",
        "ORDER": str(total + 1),
        "DELETE": "",
        "id": "",
    }
    for key, value in new.items():
        data[f"periods-{total}-{key}"] = value
    data["periods-TOTAL_FORMS"] = str(total + 1)
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[observation.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(observation.url).content.decode()
    assert f"Scolarité {year}-{year + 1}" in html
    assert f'<time datetime="{year}-02-19">' in html
    assert "Dépôt des offres ouvert" in html or "Clôture dans" in html


def test_admin_rejects_an_incoherent_period_with_the_french_message(admin_client, observation):
    _response, data = edit_form_data(admin_client, observation)
    data["periods-0-end_date"] = "2022-03-01"
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[observation.pk]), data)
    assert response.status_code == 200
    assert "La fin du stage doit être postérieure à son début." in response.content.decode()
