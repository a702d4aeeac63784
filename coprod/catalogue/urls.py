from django.urls import path

from .views import manage

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
        "demarches/<int:process_id>/actions/importer/confirmer/",
        manage.import_confirm,
        name="import_confirm",
    ),
    path(
        "demarches/<int:process_id>/actions/exporter/<slug:fmt>/",
        manage.export,
        name="export",
    ),
]

urlpatterns = manage_patterns
