from django.urls import path

from .views import console, levers, live, manage

app_name = "catalogue"

# Keeping the catalogue (process owners and facilitators)
manage_patterns = [
    path("demarches/<int:process_id>/actions/", manage.action_list, name="list"),
    path("demarches/<int:process_id>/actions/nouvelle/", manage.action_form, name="create"),
    path(
        "demarches/<int:process_id>/actions/<int:action_id>/",
        manage.action_detail,
        name="detail",
    ),
    path(
        "demarches/<int:process_id>/actions/<int:action_id>/modifier/",
        manage.action_form,
        name="edit",
    ),
    path("demarches/<int:process_id>/actions/publics/", manage.add_public, name="add_public"),
    path("demarches/<int:process_id>/actions/importer/", manage.import_upload, name="import"),
    path(
        "demarches/<int:process_id>/actions/importer/<uuid:job_id>/",
        manage.import_preview,
        name="import_preview",
    ),
    path(
        "demarches/<int:process_id>/actions/importer/confirmer/",
        manage.import_confirm,
        name="import_confirm",
    ),
    path(
        "demarches/<int:process_id>/actions/importer/annuler/",
        manage.import_cancel,
        name="import_cancel",
    ),
    path(
        "demarches/<int:process_id>/actions/exporter/<slug:fmt>/",
        manage.export,
        name="export",
    ),
]

# The live steps: presented actions, testimonies, levers
live_patterns = [
    # The facilitator: actions presented in a workshop, testimonies said aloud
    path(
        "ateliers/<int:workshop_id>/actions-presentees/",
        live.presentations,
        name="presentations",
    ),
    path(
        "ateliers/<int:workshop_id>/actions-presentees/ajouter/",
        live.add_presentations,
        name="add_presentations",
    ),
    path(
        "ateliers/<int:workshop_id>/actions-presentees/suivante/",
        live.next_presentation,
        name="next_presentation",
    ),
    path(
        "ateliers/<int:workshop_id>/actions-presentees/ecran-vide/",
        live.clear_screen,
        name="clear_screen",
    ),
    path(
        "ateliers/<int:workshop_id>/actions-presentees/<int:presentation_id>/temoignages/",
        live.testimony_for,
        name="testimony_for",
    ),
    path(
        "ateliers/<int:workshop_id>/actions-presentees/<int:presentation_id>/<slug:action>/",
        live.presentation_action,
        name="presentation_action",
    ),
    path(
        "ateliers/<int:workshop_id>/temoignages/<int:testimony_id>/supprimer/",
        live.delete_testimony,
        name="delete_testimony",
    ),
    # The facilitator: levers
    path("ateliers/<int:workshop_id>/leviers/", levers.levers, name="levers"),
    path("ateliers/<int:workshop_id>/leviers/ajouter/", levers.add_lever, name="add_lever"),
    path(
        "ateliers/<int:workshop_id>/leviers/<int:lever_id>/", levers.edit_lever, name="edit_lever"
    ),
    path(
        "ateliers/<int:workshop_id>/leviers/<int:lever_id>/supprimer/",
        levers.delete_lever,
        name="delete_lever",
    ),
    # The facilitator's console (answers its existing actions or levers region)
    path(
        "animer/<int:workshop_id>/actions-presentees/suivante/",
        console.show_next,
        name="console_next",
    ),
    path(
        "animer/<int:workshop_id>/actions-presentees/<int:presentation_id>/afficher/",
        console.show,
        name="console_show",
    ),
    path(
        "animer/<int:workshop_id>/actions-presentees/<int:presentation_id>/temoignages/",
        console.testimony_for,
        name="console_testimony",
    ),
    path("animer/<int:workshop_id>/leviers/", console.add_lever, name="console_lever"),
    # The phone
    path("p/<int:workshop_id>/temoignage/", live.phone_testimony, name="phone_testimony"),
    path("p/<int:workshop_id>/leviers/", levers.phone_lever, name="phone_lever"),
]

urlpatterns = manage_patterns + live_patterns
