import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_actions_join_their_organisation")]

    operations = [
        migrations.RenameField(model_name="action", old_name="process", new_name="origin_process"),
        migrations.AlterField(
            model_name="action",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="actions",
                to="organisations.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="action",
            constraint=models.UniqueConstraint(
                fields=("owner", "key"), name="one_action_per_title_and_structure"
            ),
        ),
    ]
