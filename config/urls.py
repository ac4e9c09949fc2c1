from django.contrib import admin
from django.urls import include, path

from guide import views as guide_views

urlpatterns = [
    path("", guide_views.home, name="home"),
    path("healthz", guide_views.healthz, name="healthz"),
    path("favicon.ico", guide_views.favicon),
    path("guide/", include("guide.urls")),
    path("clinics/", include("clinics.urls")),
    path("plan/", include("guide.plan_urls")),
    path("admin/", admin.site.urls),
]
