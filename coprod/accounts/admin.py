from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, User


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_hash", "created_at", "last_used_at", "revoked_at"]


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    fieldsets = [
        *auth_admin.UserAdmin.fieldsets,
        (_("Connexion unique"), {"fields": ["oidc_sub"]}),
    ]
