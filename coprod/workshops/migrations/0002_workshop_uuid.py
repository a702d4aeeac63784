"""A stable identity across servers (coprod.archives): existing rows each get their own uuid."""

import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    model = apps.get_model("workshops", "workshop")
    for row in model.objects.filter(uuid__isnull=True).only("pk"):
        row.uuid = uuid.uuid4()
        row.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("workshops", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="workshop",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="workshop",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
