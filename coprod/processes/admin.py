from django.contrib import admin

from .models import PriorityItem, Process, TargetPublic


class PriorityItemInline(admin.TabularInline):
    model = PriorityItem
    extra = 1


class TargetPublicInline(admin.TabularInline):
    model = TargetPublic
    extra = 1


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["title", "territory", "starts_on", "ends_on", "created_at"]
    search_fields = ["title", "territory"]
    filter_horizontal = ["owners"]
    inlines = [PriorityItemInline, TargetPublicInline]
