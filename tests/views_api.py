"""REST framework views over owned models, with ``OwnerQuerysetMixin`` and without it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import generics, serializers, viewsets
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request

from django_chained.mixins import OwnerQuerysetMixin
from tests.models import Document, Task


class UserHeaderAuthentication(BaseAuthentication):
    """Stands in for token auth: REST framework, not Django's middleware, decides who the user is."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        username = request.headers.get("X-Api-User")
        if not username:
            return None
        return get_user_model().objects.get(username=username), None

    def authenticate_header(self, request: Request) -> str:
        return "X-Api-User"


class TaskSerializer(serializers.ModelSerializer[Task]):
    class Meta:
        model = Task
        fields = ["id", "title", "team", "milestone", "parent", "blockers", "label"]


class DocumentSerializer(serializers.ModelSerializer[Document]):
    class Meta:
        model = Document
        fields = ["id", "title", "project", "owner"]
        read_only_fields = ["owner"]


class ApiSettings:
    authentication_classes: Sequence[type[BaseAuthentication]] = [
        UserHeaderAuthentication,
        SessionAuthentication,
    ]
    renderer_classes: Sequence[type[BaseRenderer]] = [JSONRenderer]


class TaskViewSet(OwnerQuerysetMixin, ApiSettings, viewsets.ModelViewSet[Task]):  # type: ignore[misc]
    owner_field = "team__members"
    queryset = Task.objects.order_by("pk")
    serializer_class = TaskSerializer


class UnscopedTaskViewSet(ApiSettings, viewsets.ModelViewSet[Task]):
    queryset = Task.objects.order_by("pk")
    serializer_class = TaskSerializer


class DocumentList(  # type: ignore[misc]
    OwnerQuerysetMixin, ApiSettings, generics.ListCreateAPIView[Document]
):
    queryset = Document.objects.order_by("pk")
    serializer_class = DocumentSerializer


class BypassTaskViewSet(TaskViewSet):
    superuser_bypass = True
