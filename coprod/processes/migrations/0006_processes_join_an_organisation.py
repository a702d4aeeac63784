"""A server installed before organisations existed gets one, which owns all its processes;
its accounts become members: superusers its administrators, the process owners (and whoever was
allowed to create processes) its chargés de mission, everyone else its animateurs."""

from collections import Counter

from django.conf import settings
from django.db import migrations
from django.db.models import Q
from django.utils.text import slugify

FALLBACK_NAME = "Mon organisation"


def join_an_organisation(apps, schema_editor):
    process_model = apps.get_model("processes", "Process")
    user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    organisation_model = apps.get_model("organisations", "Organisation")
    membership_model = apps.get_model("organisations", "Membership")
    if not process_model.objects.exists() and not user_model.objects.exists():
        return
    territories = Counter(
        t for t in process_model.objects.values_list("territory", flat=True) if t.strip()
    )
    name = territories.most_common(1)[0][0] if territories else FALLBACK_NAME
    organisation = organisation_model.objects.create(
        name=name, slug=slugify(name)[:40] or "organisation"
    )
    process_model.objects.update(organisation=organisation)
    creators = set(
        user_model.objects.filter(
            Q(owned_processes__isnull=False)
            | Q(user_permissions__codename="add_process")
            | Q(groups__permissions__codename="add_process")
        ).values_list("pk", flat=True)
    )
    memberships = []
    for user in user_model.objects.order_by("pk"):
        if user.is_superuser:
            role = "admin"
        elif user.pk in creators:
            role = "process_owner"
        else:
            role = "facilitator"
        memberships.append(membership_model(organisation=organisation, user=user, role=role))
    membership_model.objects.bulk_create(memberships)


class Migration(migrations.Migration):
    dependencies = [
        ("processes", "0005_process_organisation"),
        ("organisations", "0001_organisations"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(join_an_organisation, migrations.RunPython.noop)]
