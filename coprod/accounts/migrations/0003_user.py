from django.db import migrations, models


def adopt_content_type(apps, schema_editor):
    """Admin history and permissions of accounts made before the custom user point to
    ('auth', 'user'): they now belong to ('accounts', 'user')."""
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="accounts", model="user").exists():
        content_type.objects.filter(app_label="auth", model="user").update(app_label="accounts")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_token_expiry_and_revocation"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="oidc_sub",
            field=models.CharField(
                blank=True,
                max_length=255,
                null=True,
                unique=True,
                verbose_name="identifiant OpenID Connect",
            ),
        ),
        migrations.RunPython(adopt_content_type, migrations.RunPython.noop),
    ]
