"""The catalogue of existing actions moves from the process to its organisation, in three
steps (PostgreSQL cannot alter a table in the transaction whose rows it just changed): the
owner's column (0003), the data (0004), the owner required and the new key (0005).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_client_key_per_workshop"),
        ("organisations", "0001_organisations"),
        ("processes", "0007_organisation_required"),
        ("voting", "0005_client_key"),
        ("action_sheets", "0002_client_key"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="action", name="one_action_per_title_and_organisation"
        ),
        migrations.AddField(
            model_name="action",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="actions",
                to="organisations.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AlterField(
            model_name="action",
            name="process",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="actions_created",
                to="processes.process",
                verbose_name="démarche d'origine",
            ),
        ),
    ]
