from django.contrib import admin

from .models import Workshop


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "starts_at", "status", "join_code"]
    list_filter = ["status", "process"]
    search_fields = ["title", "join_code"]
    filter_horizontal = ["facilitators", "priority_items"]
    readonly_fields = ["join_code", "started_at", "ended_at"]
