"""Reads of export jobs: a job is visible to the user who asked for it and to administrators."""

from django.shortcuts import get_object_or_404

from .models import ExportJob


def jobs_visible_to(user):
    jobs = ExportJob.objects.select_related("requested_by", "local_government")
    if user.is_superuser or (user.is_staff and not getattr(user, "is_official", False)):
        return jobs
    return jobs.filter(requested_by=user)


def job_for(user, job_id) -> ExportJob:
    """The job, or a 404 for anyone but its owner (and administrators): another user learns nothing."""
    return get_object_or_404(jobs_visible_to(user), pk=job_id)
