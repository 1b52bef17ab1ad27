"""Editors' groups, their least-privilege permissions and the moderation workflow.

``setup_editorial(apps)`` works with a migration's historical models as well as with the live registry
(``django.apps.apps``): the data migration ``home/0002_editorial_groups`` runs it, and so does
``load_demo_content`` once the demo pages exist (the migration cannot assign pages that do not exist yet).
It only adds what is missing: a second run changes nothing and reports 0.
"""

from wagtail.models import WorkflowPage

COMMUNICATION_GROUP = "Communication"
VALIDATION_GROUP = "Validation"
STAFF_GROUP = "Équipe stages"
WORKFLOW_NAME = "Validation éditoriale"
TASK_NAME = "Approbation par le groupe Validation"

# Pages under moderation: Communication submits, Validation approves, superusers publish directly.
MODERATED_INDEXES = [("offres", "stageindexpage"), ("projets", "projectindexpage")]

COMMUNICATION_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
STAFF_PAGE_PERMISSIONS = ["add_page", "change_page"]
IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]
DOCUMENT_PERMISSIONS = ["add_document", "change_document", "choose_document"]
TAXONOMY_MODELS = ["thematique", "collectivite", "promotion"]


def _permission(Permission, app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _pages_of_type(Page, ContentType, app_label, model):
    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    if content_type is None:
        return Page.objects.none()
    return Page.objects.filter(content_type=content_type)


def _site_roots(apps):
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    return Page.objects.filter(pk__in=Site.objects.values("root_page_id"))


def _add_permissions(group, permissions):
    missing = [p for p in permissions if not group.permissions.filter(pk=p.pk).exists()]
    group.permissions.add(*missing)
    return len(missing)


def _grant_pages(GroupPagePermission, group, pages, permissions):
    changes = 0
    for page in pages:
        for permission in permissions:
            _object, created = GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
            changes += int(created)
    return changes


def setup_editorial(apps):
    """Create or complete the groups, their permissions and the workflow; returns the number of changes."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    changes = 0
    groups = {}
    for name in (COMMUNICATION_GROUP, VALIDATION_GROUP, STAFF_GROUP):
        groups[name], created = Group.objects.get_or_create(name=name)
        changes += int(created)
    communication, validation, staff = groups[COMMUNICATION_GROUP], groups[VALIDATION_GROUP], groups[STAFF_GROUP]

    admin_access = _permission(Permission, "wagtailadmin", "access_admin")
    taxonomy = list(
        Permission.objects.filter(
            content_type__app_label="projets",
            content_type__model__in=TAXONOMY_MODELS,
            codename__regex=r"^(add|change|view)_",
        )
    )
    changes += _add_permissions(communication, [admin_access, *taxonomy])
    changes += _add_permissions(validation, [admin_access])
    proposal_perms = list(
        Permission.objects.filter(
            content_type__app_label="offres",
            codename__in=["view_proposal", "change_proposal", "view_alertsubscription"],
        )
    )
    changes += _add_permissions(staff, [admin_access, *proposal_perms])

    # Images and documents: the whole library, from the root collection.
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        media = [_permission(Permission, "wagtailimages", c) for c in IMAGE_PERMISSIONS]
        media += [_permission(Permission, "wagtaildocs", c) for c in DOCUMENT_PERMISSIONS]
        choose_only = [p for p in media if p.codename.startswith("choose_")]
        for group, permissions in ((communication, media), (staff, choose_only)):
            for permission in permissions:
                _object, created = GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
                changes += int(created)

    # Pages: Communication on the whole site, Équipe stages on the stage section only.
    page_perm = {c: _permission(Permission, "wagtailcore", c) for c in COMMUNICATION_PAGE_PERMISSIONS}
    changes += _grant_pages(
        GroupPagePermission, communication, _site_roots(apps), [page_perm[c] for c in COMMUNICATION_PAGE_PERMISSIONS]
    )
    stage_indexes = _pages_of_type(Page, ContentType, "offres", "stageindexpage")
    changes += _grant_pages(GroupPagePermission, staff, stage_indexes, [page_perm[c] for c in STAFF_PAGE_PERMISSIONS])
    # Validation approves, and Wagtail publishes the approved page with the approver's rights: without
    # « publish » there, « Approuver et publier » is refused. Editing stays limited to pages under review, and
    # the hooks still turn a direct « Publier » into a submission.
    for app_label, model in MODERATED_INDEXES:
        moderated = _pages_of_type(Page, ContentType, app_label, model)
        changes += _grant_pages(GroupPagePermission, validation, moderated, [page_perm["publish_page"]])

    # The moderation workflow: one group approval task for Validation.
    task_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
        changes += 1
    if not task.groups.filter(pk=validation.pk).exists():
        task.groups.add(validation)
        changes += 1
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    changes += int(created)
    _object, created = WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    changes += int(created)
    for app_label, model in MODERATED_INDEXES:
        for page in _pages_of_type(Page, ContentType, app_label, model):
            _object, created = WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
            changes += int(created)
    return changes


def can_publish_directly(user, page):
    """Superusers publish anything; others publish directly only pages outside « Validation éditoriale »."""
    if user.is_superuser:
        return True
    workflow = page.get_workflow()
    return workflow is None or workflow.name != WORKFLOW_NAME


def can_unpublish(user, page, include_descendants=False):
    """Taking a moderated page off the site bypasses Validation too: superusers only. With its descendants, a page
    that holds a moderated section (the home page, say) counts as moderated."""
    if not can_publish_directly(user, page):
        return False
    if include_descendants and not user.is_superuser:
        return not WorkflowPage.objects.filter(
            workflow__name=WORKFLOW_NAME, page__path__startswith=page.path, page__depth__gt=page.depth
        ).exists()
    return True


def can_delete(user, page):
    """Deleting a page that is on the site, or holds live pages, of a moderated section takes them off the site
    without Validation: superusers only. A draft never published may be deleted by those Wagtail allows."""
    if can_unpublish(user, page, include_descendants=True):
        return True
    return not page.get_descendants(inclusive=True).live().exists()
