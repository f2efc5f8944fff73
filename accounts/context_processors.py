"""What the navigation needs to know about the user's roles."""

from django.utils.functional import SimpleLazyObject

from accounts import access


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "can_enter_admin": SimpleLazyObject(lambda: access.can_enter_admin(user)),
        "can_verify_entries": SimpleLazyObject(lambda: access.may_verify_entries(user)),
        "can_send_entries": SimpleLazyObject(lambda: access.can_send_entries(user)),
        "can_reorganise": SimpleLazyObject(lambda: access.may_reorganise(user)),
    }
