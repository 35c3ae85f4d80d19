from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .demo_flag import holds_demo_data


def _local_government_for(user):
    if user is not None and user.is_authenticated and user.local_government_id:
        return user.local_government
    from districts.selectors import default_local_government

    return default_local_government()


def site(request):
    """Values every page needs: the government shown in the header and the data attribution.

    Officials see their own government; everyone else sees the default one.
    Lazy, so pages that do not show it run no query for it.
    """
    user = getattr(request, "user", None)
    return {
        "current_local_government": SimpleLazyObject(lambda: _local_government_for(user)),
        "data_attribution": settings.DATA_ATTRIBUTION,
        "demo_data": holds_demo_data(),  # the banner of base.html (kept per process, core/demo_flag.py)
    }
