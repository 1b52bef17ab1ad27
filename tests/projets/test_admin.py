import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from projets.models import ProjectPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "motdepasse")
    client.force_login(user)
    return client


def test_project_page_is_editable_and_previewable(admin_client, booklet):
    page = ProjectPage.objects.get(slug="lyon-temps-de-travail")
    assert admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    preview = admin_client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]))
    assert preview.status_code == 200


def test_snippet_listings(admin_client, booklet):
    for model in ("thematique", "collectivite", "promotion"):
        response = admin_client.get(f"/admin/snippets/projets/{model}/")
        assert response.status_code == 200
    export = admin_client.get("/admin/snippets/projets/collectivite/?export=csv")
    assert "Ville de Créteil" in export.getvalue().decode() if hasattr(export, "getvalue") else True


def test_import_view_requires_the_permission(client, django_user_model, archive):
    editor = django_user_model.objects.create_user("editeur", "e@example.org", "motdepasse")
    editors = Group.objects.create(name="Éditeurs")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)
    refused = client.get(reverse("projets_import"))
    assert refused.status_code in (302, 403)
    assert refused.status_code == 403 or refused.url == "/admin/"
    editors.permissions.add(Permission.objects.get(codename="import_projects"))
    assert client.get(reverse("projets_import")).status_code == 200


def test_import_view_reports_errors_then_imports(admin_client, archive, demo_data):
    broken = {"projects": [{"slug": "x", "title": "X", "schooling_year": "1-2", "collectivite": {}, "team": []}]}
    response = admin_client.post(
        reverse("projets_import"),
        {"file": SimpleUploadedFile("casse.json", json.dumps(broken).encode())},
    )
    body = response.content.decode()
    assert "rien n'a été importé" in body
    assert "projet n° 1 (x)" in body and "schooling_year" in body
    assert ProjectPage.objects.count() == 0
    response = admin_client.post(
        reverse("projets_import"),
        {"file": SimpleUploadedFile("livret.json", json.dumps(demo_data).encode())},
    )
    assert response.status_code == 302 and ProjectPage.objects.count() == 0  # queued for the worker
    call_command("run_worker", "--once", "--only", "import_projects")
    assert "19 projet(s) créé(s)" in admin_client.get(response.url).content.decode()
    assert ProjectPage.objects.count() == 19
