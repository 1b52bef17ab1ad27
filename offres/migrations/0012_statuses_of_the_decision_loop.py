"""The decision loop's statuses: « en cours d'examen » becomes « reçue » (not decided yet), « retirée » becomes
« sans suite »; the history keeps every event, its statuses renamed the same way. The stages team reads drafts."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FORWARD = {"examen": "recue", "retiree": "sans_suite"}
BACKWARD = {"sans_suite": "retiree", "a_completer": "examen", "completee": "examen"}


def _rename(apps, mapping):
    Proposal = apps.get_model("offres", "Proposal")
    ProposalEvent = apps.get_model("offres", "ProposalEvent")
    for old, new in mapping.items():
        Proposal.objects.filter(status=old).update(status=new)
        ProposalEvent.objects.filter(from_status=old).update(from_status=new)
        ProposalEvent.objects.filter(to_status=old).update(to_status=new)


def forward(apps, schema_editor):
    _rename(apps, FORWARD)
    for app_config in apps.get_app_configs():
        # Historical app configs have no models module: create_permissions skips them without one. The previous
        # value is put back, so a call with the real registry (a test) leaves it as it was.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.filter(name="Équipe stages").first()
    if staff is not None:
        staff.permissions.add(
            *Permission.objects.filter(content_type__app_label="offres", codename="view_proposaldraft")
        )


def backward(apps, schema_editor):
    _rename(apps, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("offres", "0011_decision_loop_drafts_attachments")]

    operations = [migrations.RunPython(forward, backward)]
