"""Authentication backends: login throttling, and model permissions that follow the roles."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import BaseBackend

from accounts.access import roles_of
from accounts.models import Role

# What district staff may do in the admin, per app: a whole app at once, so that models the
# other apps add later (standards regimes, training courses) are covered without a list to keep.
DISTRICT_STAFF_ACTIONS = {
    "officials": {"view", "add", "change"},  # removing an official is a soft removal (an action)
    "units": {"view", "change"},  # class and special area
    "standards": {"view", "add", "change", "delete"},
    "training": {"view", "add", "change", "delete"},
}


def _is_staff_role(user_obj) -> bool:
    return bool({Role.PROVINCE_STAFF, Role.DISTRICT_STAFF} & roles_of(user_obj))


class RolePermissionBackend(BaseBackend):
    """Give district staff the model permissions of the apps they manage; rows stay scoped."""

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or not _is_staff_role(user_obj):
            return False
        app_label, _dot, codename = perm.partition(".")
        action = codename.split("_", 1)[0]
        return action in DISTRICT_STAFF_ACTIONS.get(app_label, ())

    def has_module_perms(self, user_obj, app_label):
        return (
            user_obj.is_active and app_label in DISTRICT_STAFF_ACTIONS and _is_staff_role(user_obj)
        )


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes, except for `authenticate()` calls without a request (test clients, shells).

    Every login form (the app's and the admin's) passes the request, so it is throttled.
    """

    def authenticate(self, request=None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
