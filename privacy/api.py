"""The access log for DRF views: a mixin, so API views of personal data stay thin too."""

from .services import Action, record_access


class AccessLoggedViewMixin:
    """Log each successful GET of the view (a list or one record) as a view of `access_log_record_type`."""

    access_log_record_type = ""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method == "GET" and response.status_code < 400 and not getattr(self, "swagger_fake_view", False):
            lookup = getattr(self, "lookup_url_kwarg", None) or getattr(self, "lookup_field", "pk")
            record_access(user=request.user, action=Action.VIEW, record_type=self.access_log_record_type,
                          record_id=kwargs.get(lookup, ""), request=request,
                          detail=request.GET.urlencode()[:255])
        return response
