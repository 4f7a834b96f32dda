"""REST framework viewsets writing documents through serializers with an implicit ``project`` field (W258)."""

from __future__ import annotations

from typing import Any

from django.urls import include, path
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from tests.models import Document


class FiledDocumentSerializer(serializers.ModelSerializer[Document]):
    class Meta:
        model = Document
        fields = ["id", "title", "project"]


class CheckedDocumentSerializer(serializers.ModelSerializer[Document]):
    class Meta:
        model = Document
        fields = ["id", "title", "project"]


class ReadDocumentSerializer(serializers.ModelSerializer[Document]):
    class Meta:
        model = Document
        fields = ["id", "title", "project"]


class EveryDocumentSerializer(serializers.ModelSerializer[Document]):
    class Meta:
        model = Document
        fields = "__all__"


class PostedDocumentSerializer(serializers.ModelSerializer[Document]):
    class Meta:
        model = Document
        fields = ["id", "title", "project"]


@api_view(["POST"])
def post_document(request: Request) -> Response:
    serializer = PostedDocumentSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    serializer.save(owner=request.user)
    return Response(serializer.data, status=201)


@api_view(["GET"])
def read_documents(request: Request) -> Response:
    rows = Document.objects.filter(owner_id=request.user.pk)
    return Response(ReadDocumentSerializer(rows, many=True).data)


class FiledDocumentViewSet(viewsets.ModelViewSet[Document]):
    queryset = Document.objects.all()
    serializer_class = FiledDocumentSerializer


class CheckedDocumentViewSet(viewsets.ModelViewSet[Document]):
    queryset = Document.objects.all()
    serializer_class = CheckedDocumentSerializer

    def perform_create(self, serializer: Any) -> None:
        project = serializer.validated_data.get("project")
        if (
            project is not None
            and not project.members.filter(pk=self.request.user.pk).exists()
        ):
            raise serializers.ValidationError("Not a member of that project.")
        serializer.save(owner=self.request.user)


class EveryDocumentViewSet(viewsets.ModelViewSet[Document]):
    queryset = Document.objects.all()
    serializer_class = EveryDocumentSerializer


class ReadDocumentViewSet(viewsets.ReadOnlyModelViewSet[Document]):
    queryset = Document.objects.all()
    serializer_class = ReadDocumentSerializer


router = SimpleRouter()
router.register("filed", FiledDocumentViewSet, basename="filed")
router.register("checked", CheckedDocumentViewSet, basename="checked")
router.register("every", EveryDocumentViewSet, basename="every")
router.register("read", ReadDocumentViewSet, basename="read")

urlpatterns = [
    path("", include(router.urls)),
    path("post/", post_document),
    path("documents/", read_documents),
]
