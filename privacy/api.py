"""The access log for DRF views: a mixin, so API views of personal data stay thin too."""

from .services import Action, record_access


class AccessLoggedViewMixin:
    """Log each successful call: a GET (a list or one record) as a view, any other method as a change."""

    access_log_record_type = ""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code < 400 and not getattr(self, "swagger_fake_view", False):
            lookup = getattr(self, "lookup_url_kwarg", None) or getattr(self, "lookup_field", "pk")
            action = Action.VIEW if request.method in ("GET", "HEAD") else Action.CHANGE
            record_access(user=request.user, action=action, record_type=self.access_log_record_type,
                          record_id=kwargs.get(lookup, ""), request=request,
                          detail=request.GET.urlencode()[:255])
        return response
