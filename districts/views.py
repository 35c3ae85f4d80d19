from django.shortcuts import get_object_or_404, render

from accounts.permissions import official_required

from . import selectors


@official_required
def dong_list(request):
    dongs = selectors.dongs_of(request.user.local_government)
    total_area = sum(d.area_m2 for d in dongs)
    return render(request, "districts/dong_list.html", {
        "dongs": dongs,
        "total_area_m2": total_area,
        "dongs_geojson": selectors.dongs_feature_collection(dongs),
    })


@official_required
def dong_detail(request, code):
    dong = get_object_or_404(selectors.dongs_of(request.user.local_government), code=code)
    return render(request, "districts/dong_detail.html", {
        "dong": dong,
        "dongs_geojson": selectors.dongs_feature_collection([dong], simplify_m=0.5, precision=7),
    })
