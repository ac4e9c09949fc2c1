from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from guide import views as guide_views

from . import views

urlpatterns = [
    path("", guide_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("guide/", include("guide.urls")),
    path("clinics/", include("clinics.urls")),
    path("plan/", include("plans.urls")),
    path(f"{settings.ADMIN_PATH}login/", views.admin_login, name="admin_login"),
    path(settings.ADMIN_PATH, admin.site.urls),
]
