from django.urls import path

from . import oidc, views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.Login.as_view(), name="login"),
    path("deconnexion/", views.Logout.as_view(), name="logout"),
    # Single sign-on (404 when COPROD_OIDC_ISSUER is unset).
    path("oidc/connexion/", oidc.start, name="oidc_login"),
    path("oidc/retour/", oidc.callback, name="oidc_callback"),
    path("deverrouiller/", views.unlock_logins, name="unlock_logins"),
    path("mot-de-passe/oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/change/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
