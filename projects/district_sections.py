"""The district page's "special projects" section (contract: districts/extensions.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.extensions import Section

from . import selectors


def sections(*, district, request) -> list[Section]:
    user = getattr(request, "user", None)
    if not (user is not None and getattr(user, "is_official", False)
            and user.local_government_id == district.local_government_id):
        return []
    projects = selectors.district_projects(district)
    for project in projects:
        project.progress = selectors.project_progress(project)
    return [Section(title=_("Special projects"), template_name="projects/_district_section.html",
                    context={"district": district, "projects": projects}, stylesheets=("projects/projects.css",))]
