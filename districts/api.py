from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors


class DongFeatureCollectionView(APIView):
    """The dongs of the caller's local government as a GeoJSON FeatureCollection.

    Officials get their own government's dongs; other logged-in users the
    default government's (boundaries are public data). Anonymous: 403.
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: dict}, summary="Administrative dongs (GeoJSON FeatureCollection)")
    def get(self, request):
        government = request.user.local_government if request.user.is_official else \
            selectors.default_local_government()
        dongs = selectors.dongs_of(government) if government else []
        return Response(selectors.dongs_feature_collection(dongs))
