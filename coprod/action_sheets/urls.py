from django.urls import path

from .views import live, manage

app_name = "action_sheets"

# The facilitator's pages
manage_patterns = [
    path("ateliers/<int:workshop_id>/fiches/", manage.manage, name="manage"),
    path("ateliers/<int:workshop_id>/fiches/creer/", manage.create, name="create"),
    path("ateliers/<int:workshop_id>/fiches/tables/", manage.assign, name="assign"),
    path("ateliers/<int:workshop_id>/fiches/places/", manage.seat, name="seat"),
    path("ateliers/<int:workshop_id>/fiches/vote/", manage.poll, name="poll"),
    path("ateliers/<int:workshop_id>/fiches/referents/", manage.referents, name="referents"),
    path("ateliers/<int:workshop_id>/fiches/<int:sheet_id>/", manage.sheet, name="sheet"),
    path(
        "ateliers/<int:workshop_id>/fiches/<int:sheet_id>/champs/<slug:name>/",
        manage.save,
        name="save",
    ),
    path(
        "ateliers/<int:workshop_id>/fiches/<int:sheet_id>/commentaires/",
        manage.comment,
        name="comment",
    ),
    path(
        "ateliers/<int:workshop_id>/fiches/<int:sheet_id>/versions/<int:revision_id>/restaurer/",
        manage.restore,
        name="restore",
    ),
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

urlpatterns = manage_patterns + live_patterns
