from django.contrib import admin

from .models import Participant


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "workshop", "has_phone", "joined_at"]
    list_filter = ["workshop", "has_phone"]
    search_fields = ["name", "organisation"]
    # Mood votes are anonymous: they are deliberately not shown next to a participant.
