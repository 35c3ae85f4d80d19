"""Account pages: lockout page and unlocking, password reset and change, session keepalive,
the superuser's government switcher."""

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from .forms import ActingGovernmentForm, KrdsPasswordChangeForm, KrdsPasswordResetForm, KrdsSetPasswordForm
from .middleware import ACTING_GOVERNMENT_KEY, has_idle_timeout, stamp_activity


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer: the Korean page saying when to retry and whom to ask (429)."""
    cool_off = get_cool_off(request)
    return render(request, "registration/locked_out.html", {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60),
        "retry_at": timezone.localtime(timezone.now() + cool_off),
    }, status=settings.AXES_HTTP_RESPONSE_CODE)


@staff_member_required
@require_http_methods(["GET", "POST"])
def lockout_list(request):
    """Administrators see the usernames with recent failed logins and unlock them."""
    if request.method == "POST":
        username = request.POST.get("username", "")
        removed = axes_reset(username=username) if username else 0
        if removed:
            messages.success(request, _("%(username)s is unlocked and can log in again.") % {"username": username})
        else:
            messages.info(request, _("There was nothing to unlock for %(username)s.") % {"username": username})
        return redirect("accounts:lockouts")
    rows = (AccessAttempt.objects.values("username")
            .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
            .order_by("-last_attempt"))
    return render(request, "accounts/lockout_list.html", {
        "rows": rows, "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username_limit": settings.ACCOUNTS_USERNAME_FAILURE_LIMIT,
    })


@never_cache
@require_POST
def session_keepalive(request):
    """The timeout warning's "keep using" button: the middleware has just renewed the activity time."""
    if not has_idle_timeout(request.user):
        return JsonResponse({"detail": _("This session has no idle timeout.")}, status=403)
    stamp_activity(request)
    return JsonResponse({"idle_seconds": settings.OFFICIAL_SESSION_IDLE_SECONDS})


@never_cache
@require_http_methods(["GET", "POST"])
def acting_government(request):
    """The superuser's switcher: choose a local government to work as its official, or none."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_superuser:
        raise PermissionDenied
    current = request.user.local_government if request.user.is_acting_official else None
    form = ActingGovernmentForm(request.POST or None, initial={"local_government": current})
    if request.method == "POST" and form.is_valid():
        government = form.cleaned_data["local_government"]
        if government is None:
            request.session.pop(ACTING_GOVERNMENT_KEY, None)
            messages.info(request, _("You no longer act as an official."))
        else:
            request.session[ACTING_GOVERNMENT_KEY] = government.pk
            messages.success(request, _("You now work as an official of %(government)s.")
                             % {"government": government})
        return redirect("core:home")
    return render(request, "accounts/acting_government.html", {"form": form, "current": current},
                  status=400 if request.method == "POST" else 200)


@method_decorator(ratelimit(key="ip", rate="10/h", method="POST", block=False), name="post")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail; a burst from one address is refused so the form cannot be used to flood
    mailboxes."""

    form_class = KrdsPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if getattr(self.request, "limited", False):
            form.add_error(None, _("Too many reset requests from this connection. Try again in an hour."))
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = KrdsSetPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # Whoever reads the account's mailbox and sets a new password may log in again at once.
        axes_reset(username=self.user.get_username())
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = KrdsPasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")
