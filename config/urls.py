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
    path("admin/", admin.site.urls),
]
