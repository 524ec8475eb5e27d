"""The HTTP status each refusal of the library stands for, in one place (the console and API use it)."""

from __future__ import annotations


def status_for(exc: BaseException) -> int:
    """401 not signed in, 403 not allowed, 404 unknown object, 409 wrong workflow state, 422 bad input, else 500."""
    from khlang.errors import KhlangError
    from khlang.governance.people import NotFound, StateConflict
    from khlang.identity.permissions import PermissionDenied
    from khlang.identity.signin import NotSignedIn, SignInFailed

    if isinstance(exc, (NotSignedIn, SignInFailed)):
        return 401
    if isinstance(exc, PermissionDenied):
        return 403
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, StateConflict):
        return 409
    if isinstance(exc, KhlangError):
        return 422
    return 500
