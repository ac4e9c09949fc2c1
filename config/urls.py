from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from guide import views as guide_views

from . import admin as site_admin
from . import views

site_admin.register()

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    # The language switch posts here (Django's set_language).
    path("i18n/", include("django.conf.urls.i18n")),
    path(f"{settings.ADMIN_PATH}login/", views.admin_login, name="admin_login"),
    path(settings.ADMIN_PATH, admin.site.urls),
]

# English at /, Spanish at /es/: the same pages, the same slugs.
urlpatterns += i18n_patterns(
    path("", guide_views.home, name="home"),
    path("guide/", include("guide.urls")),
    path("clinics/", include("clinics.urls")),
    path("plan/", include("plans.urls")),
    prefix_default_language=False,
)
