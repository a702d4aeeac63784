from django.urls import path

from .views import console, live, manage, sheet

app_name = "action_sheets"

# The facilitator's pages
manage_patterns = [
    path("ateliers/<int:workshop_id>/fiches/", manage.manage, name="manage"),
    path("ateliers/<int:workshop_id>/fiches/creer/", manage.create, name="create"),
    path("ateliers/<int:workshop_id>/fiches/tables/", manage.assign, name="assign"),
    path("ateliers/<int:workshop_id>/fiches/places/", manage.seat, name="seat"),
    path("ateliers/<int:workshop_id>/fiches/vote/", manage.poll, name="poll"),
    path("ateliers/<int:workshop_id>/fiches/referents/", manage.referents, name="referents"),
    path("ateliers/<int:workshop_id>/fiches/<int:sheet_id>/", sheet.sheet, name="sheet"),
    path(
        "ateliers/<int:workshop_id>/fiches/<int:sheet_id>/champs/<slug:name>/",
        sheet.save,
        name="save",
    ),
    path(
        "ateliers/<int:workshop_id>/fiches/<int:sheet_id>/enregistrer/",
        sheet.save_sheet,
        name="save_sheet",
    ),
    path(
        "ateliers/<int:workshop_id>/fiches/<int:sheet_id>/commentaires/",
        sheet.comment,
        name="comment",
    ),
    path(
        "ateliers/<int:workshop_id>/fiches/<int:sheet_id>/versions/<int:revision_id>/restaurer/",
        sheet.restore,
        name="restore",
    ),
]

# The facilitator's console in the projects and finalisation steps (htmx regions)
console_patterns = [
    path("animer/<int:workshop_id>/tables/", console.sheets_region, name="console_sheets"),
    path("animer/<int:workshop_id>/tables/creer/", console.create, name="console_create"),
    path("animer/<int:workshop_id>/tables/repartir/", console.assign, name="console_assign"),
    path("animer/<int:workshop_id>/tables/placer/", console.seat, name="console_seat"),
    path("animer/<int:workshop_id>/tables/referents/", console.referents, name="console_referents"),
    path("animer/<int:workshop_id>/tables/vote/", console.poll, name="console_poll"),
]

# The live side (phones, board)
live_patterns = [
    path("p/<int:workshop_id>/fiches/table/", live.phone_seat, name="phone_seat"),
    path("p/<int:workshop_id>/fiches/commentaire/", live.phone_comment, name="phone_comment"),
    path("p/<int:workshop_id>/fiches/<int:sheet_id>/", live.phone_sheet, name="phone_sheet"),
    path(
        "p/<int:workshop_id>/fiches/<int:sheet_id>/<slug:name>/",
        live.phone_field,
        name="phone_field",
    ),
]

urlpatterns = manage_patterns + console_patterns + live_patterns
