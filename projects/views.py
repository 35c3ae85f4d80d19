"""Officials' pages of the special projects: list (filters, totals, Excel), detail with milestones and
a timeline, create and edit, and the actions (status, milestones, photos, figures). Thin: a selector
or a service each; another government's project is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import official_required
from core.errors import ConflictError, DomainError
from core.forms import add_domain_error
from exports.views import export_response

from . import exports, selectors, services  # noqa: F401  (exports: registers the Excel export)
from .forms import FigureForm, MilestoneForm, MilestoneStatusForm, PhotoForm, ProjectFilterForm, ProjectForm, StatusForm
from .models import FundingLine, Milestone, OutcomePhoto, SpecialProject

PAGE_SIZE = 20


def _project_or_404(request, pk) -> SpecialProject:
    try:
        return selectors.project_for_official(request.user.local_government, pk)
    except SpecialProject.DoesNotExist as exc:
        raise Http404 from exc


@official_required
def project_list(request):
    government = request.user.local_government
    form = ProjectFilterForm(request.GET, local_government=government)
    form.is_valid()  # the valid filters apply; a refused search shows its error and no project
    queryset = (SpecialProject.objects.none() if "q" in form.errors
                else selectors.filtered(government, **form.filters()))
    page = Paginator(selectors.list_rows(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    years, total = selectors.budget_totals(queryset)
    for project in page.object_list:
        project.progress = selectors.project_progress(project)
        funding = selectors.funding_by_source(project).values()
        project.budget_planned, project.budget_executed = sum(p for p, _e in funding), sum(e for _p, e in funding)
    return render(request, "projects/project_list.html", {
        "filter_form": form, "page_obj": page, "projects": page.object_list, "budget_years": years,
        "budget_total": total, "export_query": request.GET.urlencode()})


@official_required
def project_export(request):
    return export_response(request, "projects.projects")


def _status_choices(project):
    return [(value, SpecialProject.Status(value).label) for value in services.TRANSITIONS[project.status]]


def _detail_context(project, *, bound=None):
    forms = {
        "status": StatusForm(initial={"version": project.version}, choices=_status_choices(project),
                             prefix="status"),
        "milestone": MilestoneForm(prefix="milestone"),
        "photo": PhotoForm(prefix="photo"),
        "figure": FigureForm(prefix="figure"),
    }
    if bound is not None:
        forms[bound[0]] = bound[1]
    funding = selectors.funding_by_source(project)
    return {
        "project": project, "forms": forms, "milestones": list(project.milestones.all()),
        "progress": selectors.project_progress(project),
        "funding": [(label, *funding.get(source, (0, 0))) for source, label in FundingLine.Source.choices],
        "funding_total": (sum(p for p, _e in funding.values()), sum(e for _p, e in funding.values())),
        "timeline": selectors.timeline(project), "photos": list(project.photos.all()),
        "figures": list(project.figures.all()), "Status": SpecialProject.Status, "MilestoneStatus": Milestone.Status,
        "today": timezone.localdate(), "bound_form": bound[1] if bound else None,
    }


@official_required
def project_detail(request, pk):
    project = _project_or_404(request, pk)
    return render(request, "projects/project_detail.html", _detail_context(project))


def _rerender(request, pk, name, form):
    project = _project_or_404(request, pk)  # the current state next to the rejected input
    return render(request, "projects/project_detail.html", _detail_context(project, bound=(name, form)), status=400)


@official_required
def project_create(request):
    government = request.user.local_government
    form = ProjectForm(request.POST or None, local_government=government,
                       initial={"responsible": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(official=request.user, **form.service_kwargs())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The project %(title)s is saved.") % {"title": project.title})
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "mode": "create"},
                  status=400 if form.is_bound else 200)


@official_required
def project_update(request, pk):
    project = _project_or_404(request, pk)
    form = ProjectForm(request.POST or None, local_government=project.local_government,
                       initial=ProjectForm.initial_for(project))
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(official=request.user, project_id=project.pk,
                                    expected_version=form.cleaned_data["version"] or 0, **form.service_kwargs())
        except DomainError as exc:
            add_domain_error(form, exc)
            if isinstance(exc, ConflictError):
                project.refresh_from_db()
                data = form.data.copy()
                data["version"] = project.version  # saving again now overwrites, knowingly
                form.data = data
        else:
            messages.success(request, _("The changes to %(title)s are saved.") % {"title": project.title})
            return redirect("projects:project_detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "mode": "update", "project": project},
                  status=400 if form.is_bound else 200)


def _act(request, pk, name, form, call):
    """Run a service for a valid form; on a refused input, show the detail page again with it."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("projects:project_detail", pk=pk)
    return _rerender(request, pk, name, form)


@official_required
@require_POST
def project_status(request, pk):
    project = _project_or_404(request, pk)
    form = StatusForm(request.POST, prefix="status", choices=SpecialProject.Status.choices)
    return _act(request, project.pk, "status", form, lambda data: services.project_change_status(
        official=request.user, project_id=project.pk, to_status=data["to_status"], reason=data["reason"],
        on=data.get("on"), expected_version=data["version"]))


@official_required
@require_POST
def milestone_add(request, pk):
    project = _project_or_404(request, pk)
    form = MilestoneForm(request.POST, prefix="milestone")
    return _act(request, project.pk, "milestone", form, lambda data: services.milestone_add(
        official=request.user, project_id=project.pk, title=data["title"], due_on=data["due_on"]))


@official_required
@require_POST
def milestone_status(request, pk, milestone_id):
    project = _project_or_404(request, pk)
    milestone = get_object_or_404(Milestone, pk=milestone_id, project=project)
    form = MilestoneStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The milestone could not be changed: %(errors)s")
                       % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)})
        return redirect("projects:project_detail", pk=project.pk)
    try:
        services.milestone_set_status(official=request.user, milestone_id=milestone.pk,
                                      to_status=form.cleaned_data["to_status"], done_on=form.cleaned_data["done_on"])
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The milestone %(title)s is now %(status)s.") % {
            "title": milestone.title, "status": Milestone.Status(form.cleaned_data["to_status"]).label})
    return redirect("projects:project_detail", pk=project.pk)


@official_required
@require_POST
def photo_add(request, pk):
    project = _project_or_404(request, pk)
    form = PhotoForm(request.POST, request.FILES, prefix="photo")
    return _act(request, project.pk, "photo", form, lambda data: services.photo_add(
        official=request.user, project_id=project.pk, upload=data["photo"], caption=data["caption"]))


@official_required
def photo_file(request, pk, photo_id):
    project = _project_or_404(request, pk)
    photo = get_object_or_404(OutcomePhoto, pk=photo_id, project=project)
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@official_required
@require_POST
def figure_add(request, pk):
    project = _project_or_404(request, pk)
    form = FigureForm(request.POST, prefix="figure")
    return _act(request, project.pk, "figure", form, lambda data: services.figure_add(
        official=request.user, project_id=project.pk, label=data["label"], value=data["value"], unit=data["unit"]))
