"""The admin's account pages, as accessible as the rest of the admin.

Django's two-box permission and group picker ("filter_horizontal") puts an
``aria-label`` on a plain ``span``, which axe reports (WCAG 4.1.2). Editors'
accounts use a plain multiple select instead: the browser's own control,
named by its label and usable by keyboard and voice.
"""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User


class GroupAdmin(auth_admin.GroupAdmin):
    filter_horizontal = ()


class UserAdmin(auth_admin.UserAdmin):
    filter_horizontal = ()


def register() -> None:
    """Swap in the account pages above (called once, from the URL conf)."""
    for model, model_admin in ((Group, GroupAdmin), (User, UserAdmin)):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, model_admin)
