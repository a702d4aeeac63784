from django.contrib import admin

from coprod.realtime.admin_mixins import PublishesOnSave

from .models import Participant


@admin.register(Participant)
class ParticipantAdmin(PublishesOnSave, admin.ModelAdmin):
    list_display = ["name", "organisation", "workshop", "has_phone", "joined_at"]
    list_filter = ["workshop", "has_phone"]
    search_fields = ["name", "organisation"]
    # Mood votes are anonymous: they are deliberately not shown next to a participant.
    event_type = "participants.changed"
