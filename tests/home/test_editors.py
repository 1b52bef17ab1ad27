"""Editors: least-privilege groups, the moderation workflow, the year rollover and the admin home panels."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page, WorkflowState

from home.editorial import COMMUNICATION_GROUP, STAFF_GROUP, VALIDATION_GROUP, WORKFLOW_NAME, setup_editorial
from offres.models import StagePage, StageType
from offres.rollover import next_schooling_year, prepare_next_schooling, shift_year
from tests.offres.factories import StageIndexPageFactory, StagePageFactory, StagePeriodFactory

pytestmark = pytest.mark.django_db

PROPOSALS = "/admin/offres/proposal/"


def make_user(django_user_model, username, group=None, superuser=False):
    user = django_user_model.objects.create_user(username, f"{username}@cnfpt.fr", "motdepasse", is_superuser=superuser)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def site(home_page):
    """The stage section with one stage page, and the groups' page permissions and workflow assigned."""
    index = StageIndexPageFactory(parent=home_page)
    stage = StagePageFactory(
        parent=index, title="Stage de professionnalisation", slug="stage-pro", stage_type=StageType.PROFESSIONNALISATION
    )
    StagePeriodFactory(
        page=stage,
        cadre="administrateur",
        schooling_year="2022-2023",
        start_date=datetime.date(2022, 10, 10),
        end_date=datetime.date(2022, 12, 9),
        duration_weeks=9,
        offer_deadline=datetime.date(2022, 6, 24),
    )
    StagePeriodFactory(
        page=stage,
        cadre="ingenieur",
        schooling_year="2023-2024",
        start_date=datetime.date(2024, 2, 29),
        end_date=datetime.date(2024, 4, 5),
        duration_weeks=5,
        offer_deadline=datetime.date(2023, 11, 30),
        precision="du 29 février",
    )
    stage.save_revision().publish()
    setup_editorial(apps)
    return {"home": home_page, "index": index, "stage": StagePage.objects.get(pk=stage.pk)}


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_migration_creates_the_three_groups_and_the_workflow():
    assert {COMMUNICATION_GROUP, VALIDATION_GROUP, STAFF_GROUP} <= set(Group.objects.values_list("name", flat=True))
    communication = codenames(COMMUNICATION_GROUP)
    assert {"access_admin", "add_thematique", "change_collectivite", "change_promotion"} <= communication
    assert not {c for c in communication if "proposal" in c or c.startswith("delete_")}
    assert codenames(VALIDATION_GROUP) == {"access_admin"}
    assert {"access_admin", "view_proposal", "change_proposal"} <= codenames(STAFF_GROUP)
    workflow = apps.get_model("wagtailcore", "Workflow").objects.get(name=WORKFLOW_NAME)
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [VALIDATION_GROUP]


def test_setup_is_idempotent_and_assigns_pages(site):
    assert setup_editorial(apps) == 0
    communication = GroupPagePermission.objects.filter(group__name=COMMUNICATION_GROUP, page=site["home"])
    assert set(communication.values_list("permission__codename", flat=True)) == {
        "add_page",
        "change_page",
        "publish_page",
    }
    staff = GroupPagePermission.objects.filter(group__name=STAFF_GROUP)
    assert set(staff.values_list("page_id", flat=True)) == {site["index"].pk}
    assert site["stage"].get_workflow().name == WORKFLOW_NAME
    # Wagtail's default workflow may cover the root; ours only the moderated sections.
    home_workflow = site["home"].get_workflow()
    assert home_workflow is None or home_workflow.name != WORKFLOW_NAME


def test_communication_is_refused_the_proposals_but_edits_pages(client, django_user_model, site):
    client.force_login(make_user(django_user_model, "camille", COMMUNICATION_GROUP))
    assert client.get(PROPOSALS).status_code in (302, 403)
    assert client.get(f"/admin/pages/{site['home'].pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{site['stage'].pk}/edit/").status_code == 200
    assert client.get("/admin/images/").status_code == 200
    assert client.get("/admin/documents/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_staff_sees_proposals_and_edits_only_stage_pages(client, django_user_model, site):
    client.force_login(make_user(django_user_model, "ingrid", STAFF_GROUP))
    assert client.get(PROPOSALS).status_code == 200
    assert client.get(f"/admin/pages/{site['stage'].pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{site['home'].pk}/edit/").status_code in (302, 403)


def test_validation_cannot_edit_pages_or_see_proposals(client, django_user_model, site):
    client.force_login(make_user(django_user_model, "valerie", VALIDATION_GROUP))
    assert client.get("/admin/").status_code == 200
    assert client.get(PROPOSALS).status_code in (302, 403)
    assert client.get(f"/admin/pages/{site['home'].pk}/edit/").status_code in (302, 403)


def edit_data(page, **changes):
    """The edit form's POST data for a stage page with its two periods, as the admin renders it."""
    periods = list(page.periods.order_by("sort_order"))
    data = {
        "title": page.title,
        "slug": page.slug,
        "stage_type": page.stage_type,
        "summary": page.summary,
        "body-count": "0",
        "cadre_contents-TOTAL_FORMS": "0",
        "cadre_contents-INITIAL_FORMS": "0",
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
        "periods-TOTAL_FORMS": str(len(periods)),
        "periods-INITIAL_FORMS": str(len(periods)),
    }
    for number, period in enumerate(periods):
        prefix = f"periods-{number}-"
        data.update(
            {
                prefix + "id": period.pk,
                prefix + "ORDER": number,
                prefix + "cadre": period.cadre,
                prefix + "schooling_year": period.schooling_year,
                prefix + "start_date": period.start_date.isoformat(),
                prefix + "end_date": period.end_date.isoformat(),
                prefix + "duration_weeks": period.duration_weeks,
                prefix + "precision": period.precision,
                prefix + "offer_deadline": period.offer_deadline.isoformat() if period.offer_deadline else "",
            }
        )
    data.update(changes)
    return data


def test_communication_must_submit_moderated_pages(client, django_user_model, site):
    stage = site["stage"]
    user = make_user(django_user_model, "camille", COMMUNICATION_GROUP)
    client.force_login(user)
    edit_url = f"/admin/pages/{stage.pk}/edit/"
    page_html = client.get(edit_url).content.decode()
    assert 'name="action-publish"' not in page_html
    assert 'name="action-submit"' in page_html
    client.post(edit_url, edit_data(stage, title="Titre publié sans validation", **{"action-publish": "1"}))
    assert StagePage.objects.get(pk=stage.pk).title == "Stage de professionnalisation"
    response = client.post(edit_url, edit_data(stage, title="Titre à valider", **{"action-submit": "1"}))
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(stage.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert StagePage.objects.get(pk=stage.pk).title == "Stage de professionnalisation"


def test_validation_approves_a_submitted_page_which_is_then_published(client, django_user_model, site):
    stage = site["stage"]
    client.force_login(make_user(django_user_model, "camille", COMMUNICATION_GROUP))
    edit_url = f"/admin/pages/{stage.pk}/edit/"
    client.post(edit_url, edit_data(stage, title="Titre à valider", **{"action-submit": "1"}))
    reviewer = make_user(django_user_model, "valerie", VALIDATION_GROUP)
    client.force_login(reviewer)
    assert 'name="action-publish"' not in client.get(edit_url).content.decode()
    client.post(edit_url, edit_data(stage, title="Titre publié sans validation", **{"action-publish": "1"}))
    assert StagePage.objects.get(pk=stage.pk).title == "Stage de professionnalisation"  # no direct publish

    draft = StagePage.objects.get(pk=stage.pk).get_latest_revision_as_object()
    approve = {"action-workflow-action": "true", "workflow-action-name": "approve"}
    response = client.post(edit_url, edit_data(draft, **approve))
    assert response.status_code == 302
    assert response.url != "/admin/"  # not refused: Wagtail returns to the section's page list
    assert client.get(response.url).status_code == 200
    published = StagePage.objects.get(pk=stage.pk)
    assert published.title == "Titre à valider" and published.live and not published.has_unpublished_changes
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(stage.pk))
    assert state.status == WorkflowState.STATUS_APPROVED
    assert client.get(edit_url).status_code in (302, 403)  # reviewed: no longer editable by Validation


def test_superuser_publishes_moderated_pages_directly(client, django_user_model, site):
    stage = site["stage"]
    client.force_login(make_user(django_user_model, "admin", superuser=True))
    edit_url = f"/admin/pages/{stage.pk}/edit/"
    assert 'name="action-publish"' in client.get(edit_url).content.decode()
    client.post(edit_url, edit_data(stage, title="Titre publié", **{"action-publish": "1"}))
    assert StagePage.objects.get(pk=stage.pk).title == "Titre publié"


def test_only_a_superuser_takes_a_moderated_page_off_the_site(client, django_user_model, site):
    stage = site["stage"]
    unpublish_url = f"/admin/pages/{stage.pk}/unpublish/"
    for username, group in (("camille", COMMUNICATION_GROUP), ("valerie", VALIDATION_GROUP)):
        client.force_login(make_user(django_user_model, username, group))
        client.post(unpublish_url)
        assert StagePage.objects.get(pk=stage.pk).live
    client.force_login(make_user(django_user_model, "camille2", COMMUNICATION_GROUP))
    assert 'name="action-unpublish"' not in client.get(f"/admin/pages/{stage.pk}/edit/").content.decode()
    client.post(f"/admin/pages/{site['home'].pk}/unpublish/", {"include_descendants": "on"})
    assert StagePage.objects.get(pk=stage.pk).live and site["home"].__class__.objects.get(pk=site["home"].pk).live
    client.force_login(make_user(django_user_model, "admin", superuser=True))
    client.post(unpublish_url)
    assert not StagePage.objects.get(pk=stage.pk).live


def test_communication_publishes_unmoderated_pages(client, django_user_model, site):
    client.force_login(make_user(django_user_model, "camille", COMMUNICATION_GROUP))
    assert 'name="action-publish"' in client.get(f"/admin/pages/{site['home'].pk}/edit/").content.decode()


# --- Year rollover ---------------------------------------------------------------------------------


def test_shift_year_and_labels():
    assert shift_year(datetime.date(2023, 11, 30)) == datetime.date(2024, 11, 30)
    assert shift_year(datetime.date(2024, 2, 29)) == datetime.date(2025, 2, 28)
    assert shift_year(None) is None
    assert next_schooling_year("2023-2024") == "2024-2025"


def test_rollover_adds_next_year_as_indicative_draft(django_user_model, site):
    stage = site["stage"]
    user = make_user(django_user_model, "ingrid", STAFF_GROUP)
    year, count = prepare_next_schooling(stage, user)
    assert (year, count) == ("2024-2025", 1)
    live = StagePage.objects.get(pk=stage.pk)
    assert sorted(live.periods.values_list("schooling_year", flat=True)) == ["2022-2023", "2023-2024"]
    assert live.has_unpublished_changes
    draft = live.get_latest_revision_as_object()
    new = [p for p in draft.periods.all() if p.schooling_year == "2024-2025"]
    assert len(new) == 1
    period = new[0]
    assert (period.cadre, period.start_date, period.end_date) == (
        "ingenieur",
        datetime.date(2025, 2, 28),
        datetime.date(2025, 4, 5),
    )
    assert period.offer_deadline == datetime.date(2024, 11, 30)
    assert period.indicative and period.duration_weeks == 5 and period.precision == ""
    # A second run finds the year already there and adds nothing.
    assert prepare_next_schooling(live, user) == ("2024-2025", 0)


def test_rollover_view_requires_edit_permission(client, django_user_model, site):
    url = f"/admin/stages/{site['stage'].pk}/prochaine-scolarite/"
    client.force_login(make_user(django_user_model, "valerie", VALIDATION_GROUP))
    assert client.get(url).status_code in (302, 403)
    assert client.post(url).status_code in (302, 403)
    assert not StagePage.objects.get(pk=site["stage"].pk).has_unpublished_changes


def test_rollover_view_confirms_then_saves_a_draft(client, django_user_model, site):
    stage = site["stage"]
    client.force_login(make_user(django_user_model, "ingrid", STAFF_GROUP))
    edit_html = client.get(f"/admin/pages/{stage.pk}/edit/").content.decode()
    url = f"/admin/stages/{stage.pk}/prochaine-scolarite/"
    assert url in edit_html and "Préparer la prochaine scolarité" in edit_html
    confirm = client.get(url).content.decode()
    assert "2024-2025" in confirm and '<time datetime="2024-11-30">30 novembre 2024</time>' in confirm
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith(f"/admin/pages/{stage.pk}/edit/")
    draft = Page.objects.get(pk=stage.pk).get_latest_revision_as_object()
    assert "2024-2025" in {p.schooling_year for p in draft.periods.all()}
    assert "figure déjà" in client.get(url).content.decode()


# --- Admin home panels -----------------------------------------------------------------------------


def test_home_panels(client, django_user_model, site, django_assert_max_num_queries):
    stage = site["stage"]
    soon = datetime.date.today() + datetime.timedelta(days=30)
    StagePeriodFactory(
        page=stage,
        cadre="conservateur",
        schooling_year=f"{soon.year}-{soon.year + 1}",
        start_date=soon + datetime.timedelta(days=30),
        end_date=soon + datetime.timedelta(days=30 + 25),
        duration_weeks=4,
        offer_deadline=soon,
    )
    client.force_login(make_user(django_user_model, "ingrid", STAFF_GROUP))
    html = client.get("/admin/").content.decode()
    assert "Prochaines dates limites de dépôt des offres" in html
    assert f'<time datetime="{soon.isoformat()}">' in html
    assert "30 novembre 2023" not in html  # past deadlines are not listed
    assert "Propositions reçues" in html
    client.force_login(make_user(django_user_model, "camille", COMMUNICATION_GROUP))
    html = client.get("/admin/").content.decode()
    assert "Prochaines dates limites" in html and "Propositions reçues" not in html
    for extra in range(5):
        StagePeriodFactory(
            page=stage, cadre="administrateur", offer_deadline=soon, schooling_year=f"203{extra}-203{extra + 1}"
        )
    with django_assert_max_num_queries(80):
        client.get("/admin/")


# --- No way around Validation: new pages, copies, deletions -----------------------------------------


def new_stage_data(**changes):
    data = edit_data(StagePage(title="Stage d'observation", slug="stage-observation", stage_type=StageType.OBSERVATION))
    data.update({"periods-TOTAL_FORMS": "0", "periods-INITIAL_FORMS": "0", **changes})
    return data


def test_communication_cannot_publish_a_new_page_of_a_moderated_section(client, django_user_model, site):
    client.force_login(make_user(django_user_model, "camille", COMMUNICATION_GROUP))
    add_url = f"/admin/pages/add/offres/stagepage/{site['index'].pk}/"
    html = client.get(add_url).content.decode()
    assert 'name="action-publish"' not in html and 'name="action-submit"' in html
    response = client.post(add_url, new_stage_data(**{"action-publish": "1"}))  # the hidden button, posted anyway
    assert response.status_code == 302
    created = StagePage.objects.get(slug="stage-observation")
    assert not created.live  # kept as typed, submitted to Validation
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(created.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def project_in_the_archive(home_page):
    from projets.models import Collectivite, ProjectIndexPage, ProjectPage

    archive = ProjectIndexPage(title="Projets collectifs", slug="projets")
    home_page.add_child(instance=archive)
    place = Collectivite.objects.create(name="Ville de Créteil", type="commune", region="Île-de-France")
    project = ProjectPage(title="Accueil des usagers", slug="accueil-des-usagers", collectivite=place)
    project.schooling_year = "2020-2021"
    archive.add_child(instance=project)
    project.save_revision().publish()
    setup_editorial(apps)  # the archive joins « Validation éditoriale »
    return archive, project


def test_communication_copies_into_a_moderated_section_as_drafts(client, django_user_model, site):
    archive, project = project_in_the_archive(site["home"])
    client.force_login(make_user(django_user_model, "camille", COMMUNICATION_GROUP))
    client.post(
        f"/admin/pages/{project.pk}/copy/",
        {"new_title": "Copie", "new_slug": "copie", "new_parent_page": archive.pk, "publish_copies": "on"},
    )
    copy = Page.objects.get(slug="copie")
    assert not copy.live


def test_copying_a_stage_page_is_refused_with_a_message_not_a_500(client, django_user_model, site):
    client.force_login(make_user(django_user_model, "admin", superuser=True))
    data = {"new_title": "Copie", "new_slug": "copie", "new_parent_page": site["index"].pk}
    response = client.post(f"/admin/pages/{site['stage'].pk}/copy/", data, follow=True)
    assert response.status_code == 200
    assert "Un seul stage par type" in response.content.decode()
    assert not Page.objects.filter(slug="copie").exists()


@pytest.mark.parametrize("group", [COMMUNICATION_GROUP, VALIDATION_GROUP])
def test_only_a_superuser_deletes_a_live_moderated_page(client, django_user_model, site, group):
    client.force_login(make_user(django_user_model, "camille", group))
    client.post(f"/admin/pages/{site['stage'].pk}/delete/")
    client.post(f"/admin/pages/{site['index'].pk}/delete/")
    assert StagePage.objects.filter(pk=site["stage"].pk, live=True).exists()
    client.force_login(make_user(django_user_model, "admin", superuser=True))
    client.post(f"/admin/pages/{site['stage'].pk}/delete/")
    assert not StagePage.objects.filter(pk=site["stage"].pk).exists()


def test_nobody_deletes_a_stage_page_that_holds_proposals(client, django_user_model, site):
    from offres.models import Proposal

    Proposal.objects.create(
        stage_page=site["stage"], stage_type=site["stage"].stage_type, schooling_year="2023-2024", reference="PR-1"
    )
    client.force_login(make_user(django_user_model, "admin", superuser=True))
    response = client.post(f"/admin/pages/{site['index'].pk}/delete/", follow=True)
    assert StagePage.objects.filter(pk=site["stage"].pk).exists()
    assert "1 proposition(s) sont rattachées" in response.content.decode()
