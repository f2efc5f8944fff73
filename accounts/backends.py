"""Authentication backends: login throttling, and model permissions that follow the roles."""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.db.models import Sum

from accounts.access import roles_of
from accounts.models import Role

# What district staff may do in the admin, per app: a whole app at once, so that models the
# other apps add later (standards regimes, training courses) are covered without a list to keep.
DISTRICT_STAFF_ACTIONS = {
    "officials": {"view", "add", "change"},  # removing an official is a soft removal (an action)
    "units": {"view", "change"},  # class and special area
    # The standards catalogue is national law for every unit: superusers change it (DESIGN §5, §9).
    "standards": {"view"},
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


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler, locking on two counts (settings.AXES_LOCKOUT_PARAMETERS):

    - a user name tried from one address: AXES_FAILURE_LIMIT failures;
    - an address, whatever the user names: AXES_ADDRESS_FAILURE_LIMIT failures, higher, since an
      office shares one address; so that spraying many user names from one address is slowed.

    A successful login clears the failures of its own user name only, not the address's: one
    valid account must not wipe the record of a spray.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        per_name, *per_address = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        limit = get_failure_limit(request, credentials)
        address = max(per_address, default=0) * limit // settings.AXES_ADDRESS_FAILURE_LIMIT
        return max(per_name, address)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        own, *_address = self.filter_user_attempts(request, credentials)
        count, _kinds = own.delete()
        return count
