from django.urls import path

from . import import_views, views

app_name = "proposals"
urlpatterns = [
    # The facilitator's page
    path("ateliers/<int:workshop_id>/propositions/", views.manage, name="manage"),
    path("ateliers/<int:workshop_id>/propositions/post-its/", views.paste, name="paste"),
    path(
        "ateliers/<int:workshop_id>/propositions/import/", import_views.import_file, name="import"
    ),
    path(
        "ateliers/<int:workshop_id>/propositions/import/<uuid:job_id>/",
        import_views.import_preview,
        name="import_preview",
    ),
    path(
        "ateliers/<int:workshop_id>/propositions/import/confirmer/",
        import_views.import_confirm,
        name="import_confirm",
    ),
    path(
        "ateliers/<int:workshop_id>/propositions/import/annuler/",
        import_views.import_cancel,
        name="import_cancel",
    ),
    path("ateliers/<int:workshop_id>/propositions/pour/", views.add_for, name="add_for"),
    path(
        "ateliers/<int:workshop_id>/propositions/<int:proposal_id>/<slug:action>/",
        views.moderate,
        name="moderate",
    ),
    # The facilitator's console (answers its proposals region)
    path("animer/<int:workshop_id>/propositions/", views.console_add, name="console_add"),
    path(
        "animer/<int:workshop_id>/propositions/<int:proposal_id>/masquer/",
        views.console_hide,
        {"hidden": True},
        name="console_hide",
    ),
    path(
        "animer/<int:workshop_id>/propositions/<int:proposal_id>/afficher/",
        views.console_hide,
        {"hidden": False},
        name="console_show",
    ),
    # The phone, during the proposals step
    path("p/<int:workshop_id>/propositions/", views.phone_submit, name="phone_submit"),
    path("p/<int:workshop_id>/propositions/proches/", views.phone_similar, name="phone_similar"),
    path(
        "p/<int:workshop_id>/propositions/<int:proposal_id>/soutenir/",
        views.phone_support,
        name="phone_support",
    ),
]
