"""The admin site writes models without the services: its model admins still tell the live
pages, as the services do, so the workshop's live state gets a new version too
(live.state_cache)."""

from .events import publish_on_commit


class PublishesOnSave:
    """A ModelAdmin mixin for models with a `workshop_id`: `event_type` after each save or
    delete."""

    event_type = ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        publish_on_commit(obj.workshop_id, self.event_type)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        publish_on_commit(obj.workshop_id, self.event_type)

    def delete_queryset(self, request, queryset):
        workshops = set(queryset.values_list("workshop_id", flat=True))
        super().delete_queryset(request, queryset)
        for workshop_id in workshops:
            publish_on_commit(workshop_id, self.event_type)
