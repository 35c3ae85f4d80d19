"""Authentication backends: django-axes' lockout check in front of Django's ModelBackend."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuse a login while its username + address is locked out (django-axes).

    Every login form (the site's and the admin's) passes the request. A call without one
    (the test client's `login()`, a management command) has no address to lock, so it is left to
    the next backend instead of failing with axes' "request required" error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
