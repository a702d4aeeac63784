from django.contrib import admin

from .models import Proposal


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["text", "workshop", "priority_item", "off_topic", "hidden", "source"]
    list_filter = ["workshop", "off_topic", "hidden", "source"]
    search_fields = ["text"]
    readonly_fields = ["normalized", "client_key"]
