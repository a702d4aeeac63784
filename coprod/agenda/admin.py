from django.contrib import admin

from coprod.realtime.admin_mixins import PublishesOnSave

from .models import Step


@admin.register(Step)
class StepAdmin(PublishesOnSave, admin.ModelAdmin):
    list_display = ["workshop", "position", "title", "kind", "minutes", "status"]
    list_filter = ["kind", "status"]
    event_type = "agenda.changed"
