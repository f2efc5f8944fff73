"""What the navigation needs to know about the user's roles."""

from django.utils.functional import SimpleLazyObject

from accounts import access


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "can_enter_admin": SimpleLazyObject(lambda: access.can_enter_admin(user)),
        "can_verify_entries": SimpleLazyObject(
            lambda: access.is_superuser(user) or access.verifiable_units(user).exists()
        ),
    }
