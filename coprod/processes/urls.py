from django.urls import path

from . import views

# Mounted at demarches/; restitution (<id>/restitution/) and the catalogue (<id>/actions/)
# serve their own pages under the same prefix.
app_name = "processes"
urlpatterns = [
    path("", views.process_list, name="list"),
    path("nouvelle/", views.process_create, name="create"),
    path("<int:pk>/", views.process_detail, name="detail"),
    path("<int:pk>/modifier/", views.process_edit, name="edit"),
    path("<int:pk>/items/", views.add_item, name="add_item"),
    path("<int:pk>/items/importer/", views.import_items, name="import_items"),
    path("<int:pk>/items/importer/confirmer/", views.confirm_import, name="confirm_import"),
    path("<int:pk>/items/<int:item_id>/", views.rename_item, name="rename_item"),
    path("<int:pk>/items/<int:item_id>/deplacer/", views.move_item, name="move_item"),
    path("<int:pk>/items/<int:item_id>/supprimer/", views.remove_item, name="remove_item"),
    path("<int:pk>/publics/", views.add_public, name="add_public"),
    path("<int:pk>/publics/<int:public_id>/", views.rename_public, name="rename_public"),
    path("<int:pk>/publics/<int:public_id>/supprimer/", views.remove_public, name="remove_public"),
]
