"""What every endpoint of the API shares: scoping, permissions, writes, errors, paging.

A record endpoint is a declaration: a subclass of ``ReferenceViewSet`` or
``PairingRecordViewSet`` naming its queryset, serializer and FilterSet. Anyone reads
published records; a signed-in user also reads, and writes, what the access policy
(``cooperation.core.access``) leaves them, so another pairing's draft is a 404; writes go
through ``record_save``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import (
    PermissionDenied as DjangoPermissionDenied,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from cooperation.api.access import ACTION_PERMISSIONS, ModelPermission
from cooperation.api.parsers import PayloadTooLarge
from cooperation.api.renderers import CSVRenderer
from cooperation.core.access import may_read, may_see_name, reachable
from cooperation.core.filtersets import CodeFilter, IntegerFilter, renamed_parameter_message
from cooperation.core.models import (
    OTHER_PAIRING_CHOICE,
    Pairing,
    PairingRecord,
    RecordStatus,
    fields_linking_other_pairings,
)
from cooperation.core.services import (
    StaleRecord,
    companion_row_values,
    record_delete,
    record_save,
    record_transition,
    revision_save_related,
)


def exception_handler(exc, context):
    """Answer model validation as a 400 naming the fields, a protected delete as a 409.

    A body over the portal's size limit is a 413, and one sending too many fields a 400. A
    write from a stale ``version`` is a 409 naming what changed since.

    A rule of the whole record comes under DRF's own key for it, and a missing record gets
    DRF's translated message rather than Django's English "No Event matches the query".
    """
    if isinstance(exc, DjangoPermissionDenied) and str(exc):
        exc = exceptions.PermissionDenied(str(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(api_errors(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict()
    elif isinstance(exc, StaleRecord):
        return Response(stale_version_body(exc), status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError(_("The request sends too many fields or files."))
    return drf_exception_handler(exc, context)


def api_errors(error: DjangoValidationError) -> dict[str, Any]:
    """Turn a model's validation error into the API's: by field, whole-record ones by DRF's key."""
    errors = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in errors:
        errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
    return errors


class Conflict(exceptions.APIException):
    """A delete refused because other records still point at the record."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Other records still refer to this one; change or delete them first.")
    default_code = "conflict"


def stale_version_body(stale: StaleRecord) -> dict[str, Any]:
    """Say why a write from a stale ``version`` is refused: the version now and what changed."""
    return {
        "detail": str(stale),
        "version": stale.current_version,
        "changes": {change.name: change.value for change in stale.changes},
    }


class PreconditionFailed(exceptions.APIException):
    """A write whose ``If-Match`` names another version of the record than the stored one."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "The record has changed since the version If-Match names: read it again, then write."
    )
    default_code = "precondition_failed"


def record_etag(record_id: int, version: int) -> str:
    """Tag a version of a record: weak, as its JSON and CSV bodies differ byte for byte."""
    return f'W/"{record_id}-{version}"'


def matches_if_match(header: str, etag: str) -> bool:
    """Tell whether an ``If-Match`` header names ``etag``, or any version (``*``).

    The tags are compared weakly (a ``W/`` prefix does not count): the version is the tag.
    """

    def opaque(tag: str) -> str:
        return tag.removeprefix("W/")

    tags = parse_etags(header)
    return "*" in tags or opaque(etag) in {opaque(tag) for tag in tags}


class JSONErrorsMixin:
    """Answer errors in JSON even when CSV was asked for, so that a client can read them."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400 and isinstance(response.accepted_renderer, CSVRenderer):
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = JSONRenderer.media_type
            response["Content-Type"] = JSONRenderer.media_type
        return response


class StrictQueryMixin(JSONErrorsMixin):
    """Refuse a query parameter the endpoint does not know, rather than silently ignore it."""

    common_query_params = frozenset({"format", "page", "page_size"})
    query_serializer: type[serializers.Serializer] | None = None

    def known_query_params(self) -> set[str]:
        known = set(self.common_query_params)
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        if self.query_serializer is not None:
            known |= set(self.query_serializer().fields)
        return known

    def repeatable_query_params(self) -> set[str]:
        """Name the filters that take several values by repetition (``kind=a&kind=b``)."""
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is None:
            return set()
        return {
            name
            for name, filter_ in filterset_class.base_filters.items()
            if issubclass(
                filter_.field_class, forms.MultipleChoiceField | forms.ModelMultipleChoiceField
            )
        }

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        known = self.known_query_params()
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise exceptions.ValidationError(
                {
                    name: [
                        renamed_parameter_message(name, known)
                        or _("This endpoint has no such parameter.")
                    ]
                    for name in unknown
                }
            )
        # Any other parameter given twice would have one of its values silently dropped.
        given_twice = {name for name, values in request.query_params.lists() if len(values) > 1}
        repeated = sorted(given_twice - self.repeatable_query_params())
        if repeated:
            raise exceptions.ValidationError(
                {name: [_("Give this parameter once.")] for name in repeated}
            )

    def query(self) -> dict[str, Any]:
        """Return the query parameters, validated by ``query_serializer`` (400 if they fail)."""
        params = self.query_serializer(data=self.request.query_params, context={"view": self})
        params.is_valid(raise_exception=True)
        return params.validated_data


# Years and counts are whole numbers and codes are text, whatever model field a filter reads.
extend_schema_field(OpenApiTypes.INT)(IntegerFilter)
extend_schema_field(OpenApiTypes.STR)(CodeFilter)


class BriefRelatedField(serializers.PrimaryKeyRelatedField):
    """Write a related record by its id; read it back with its name, so a client needs no lookup.

    The viewset's queryset ``select_related``s what ``name_of`` reads, so a list costs the
    same number of queries whatever its length. A record of a pairing the viewer may not
    read (a draft, to the public) shows its id only: its name is not published.
    """

    def use_pk_only_optimization(self) -> bool:
        return False

    def to_representation(self, value) -> dict[str, Any]:
        user = getattr(self.context.get("request"), "user", None)
        if isinstance(value, PairingRecord) and not may_read(value, user, self.context):
            return {"id": value.pk, "name": None}
        return {"id": value.pk, "name": self.name_of(value)}

    def name_of(self, value) -> str:
        return getattr(value, "name", None) or getattr(value, "title", None) or str(value)

    @classmethod
    def response_schema(cls) -> dict[str, Any]:
        return build_object_type(
            properties={
                "id": build_basic_type(OpenApiTypes.INT),
                "name": {**build_basic_type(OpenApiTypes.STR), "nullable": True},
            },
            required=["id", "name"],
        )


class PersonField(BriefRelatedField):
    """A person by id and name; the name stays hidden unless public or the viewer may see it."""

    def to_representation(self, value) -> dict[str, Any]:
        user = getattr(self.context.get("request"), "user", None)
        shown = may_see_name(value, user)
        return {
            "id": value.pk,
            "name": value.name if shown else None,
            "name_en": value.name_en if shown else None,
        }

    @classmethod
    def response_schema(cls) -> dict[str, Any]:
        name = {**build_basic_type(OpenApiTypes.STR), "nullable": True}
        return build_object_type(
            properties={"id": build_basic_type(OpenApiTypes.INT), "name": name, "name_en": name},
            required=["id", "name", "name_en"],
        )


class ThrottledTokenScheme(KnoxTokenScheme):
    """Describe the API's tokens in the schema as the scheme clients have always read."""

    target_class = "cooperation.api.access.ThrottledTokenAuthentication"
    name = "tokenAuth"


class BriefRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """Describe a brief related field as an id in requests and ``{id, name}`` in responses."""

    target_class = BriefRelatedField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.INT)
        return self.target.response_schema()


class AuditedSerializer(serializers.ModelSerializer):
    """Save through ``record_save``: full validation, the user noted as author, one transaction."""

    serializer_related_field = BriefRelatedField

    def create(self, validated_data):
        return self.save_record(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self.save_record(instance, validated_data)

    @transaction.atomic
    def save_record(self, record, validated_data: dict[str, Any]):
        """Save the record, then its many-to-many choices and the rows written with it.

        Rows written with it (an event's speakers, an agreement's parties) replace the ones
        it had, each checked in full; one bad row saves nothing.
        """
        reason = validated_data.pop("change_reason", "")
        many = {
            name: validated_data.pop(name)
            for name in list(validated_data)
            if record._meta.get_field(name).many_to_many
        }
        companions = {
            name: validated_data.pop(name)
            for name in list(validated_data)
            if record._meta.get_field(name).one_to_many
        }
        for name, value in validated_data.items():
            setattr(record, name, value)
        record_save(record=record, actor=self.context["request"].user, reason=reason)
        revision = getattr(record, "_revision", None)
        if revision is not None:
            # A published record keeps its rows: the change waits in its pending revision.
            revision_save_related(
                revision=revision,
                choices={name: [chosen.pk for chosen in value] for name, value in many.items()},
                companions={
                    name: [
                        companion_row_values(record._meta.get_field(name).related_model, row)
                        for row in rows
                    ]
                    for name, rows in companions.items()
                },
            )
            return record
        for name, value in many.items():
            getattr(record, name).set(value)
        for name, rows in companions.items():
            self.replace_companions(record, name, rows)
        return record

    def replace_companions(self, record, source: str, rows: list[dict[str, Any]]) -> None:
        """Replace the rows of ``record`` at ``source``; a refusal names the row's index."""
        relation = record._meta.get_field(source)
        getattr(record, source).all().delete()
        for index, row in enumerate(rows):
            companion = relation.related_model(**{relation.field.name: record, **row})
            try:
                companion.full_clean()
            except DjangoValidationError as error:
                api_name = next(
                    name for name, field in self.fields.items() if field.source == source
                )
                raise serializers.ValidationError({api_name: {index: api_errors(error)}}) from error
            companion.save()


class PairingRecordSerializer(AuditedSerializer):
    """A record of a pairing: created in a pairing the user works on, pointing into it only.

    The status moves through the ``transition`` action, never by a plain write.
    """

    status = serializers.ChoiceField(choices=RecordStatus.choices, read_only=True)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_(
            "Counts the record's saves. Send back the version you read: a write from an "
            "older one is refused with 409, naming what changed since."
        ),
    )
    change_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        label=_("Reason for the change"),
        help_text=_(
            "Why a published record changes; needed to change one. The change waits for a "
            "reviewer, and the public sees the published values until it is published."
        ),
    )

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            fields["pairing"].queryset = Pairing.objects.visible_to(request.user)
        return fields

    def create(self, validated_data):
        validated_data.pop("version", None)
        return super().create(validated_data)

    def update(self, instance, validated_data):
        """Write as of the version the client read, if it says: a stale one is refused."""
        seen = validated_data.pop("version", None)
        if seen is not None:
            instance.version = seen
        return super().update(instance, validated_data)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        pairing = attrs.get("pairing") or getattr(self.instance, "pairing", None)
        crossing = fields_linking_other_pairings(pairing.pk, attrs)
        if crossing:
            raise serializers.ValidationError({name: [OTHER_PAIRING_CHOICE] for name in crossing})
        return attrs


class TransitionSerializer(serializers.Serializer):
    """Where a record should move in review, and the reviewer's reason."""

    status = serializers.ChoiceField(choices=RecordStatus.choices, label=_("New status"))
    comment = serializers.CharField(required=False, allow_blank=True, label=_("Review comment"))


# Where a list's total and its other pages are, for a client that reads only its rows (CSV).
PAGE_HEADERS = [
    OpenApiParameter(
        "X-Total-Count",
        OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        response=[200],
        description=_("How many records the list holds, on all its pages."),
    ),
    OpenApiParameter(
        "X-Total-Count-Estimated",
        OpenApiTypes.BOOL,
        OpenApiParameter.HEADER,
        response=[200],
        description=_(
            "true when X-Total-Count is the database's estimate, for a list too long to "
            "count row by row; false when it is exact."
        ),
    ),
    OpenApiParameter(
        "Link",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description=_(
            'The next and previous pages (RFC 8288): <url>; rel="next", <url>; rel="prev". '
            "Absent when the list fits on one page."
        ),
    ),
]


@extend_schema_view(list=extend_schema(parameters=PAGE_HEADERS))
class ReferenceViewSet(StrictQueryMixin, viewsets.ModelViewSet):
    """Reference data everyone may read: regions, pairings, organizations, indicators, people."""

    permission_classes = [ModelPermission]

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.order_by(*queryset.model._meta.ordering, "pk")

    def perform_destroy(self, instance) -> None:
        instance._history_user = self.request.user
        with transaction.atomic():
            instance.delete()


class PairingRecordViewSet(ReferenceViewSet):
    """Records of a pairing: anyone sees published ones, a user also those of their pairings."""

    def get_queryset(self):
        action = ACTION_PERMISSIONS.get(self.action, "view")
        return reachable(super().get_queryset(), self.request.user, action)

    def get_object(self):
        """Return the record; refuse a write whose ``If-Match`` names another version (412)."""
        record = super().get_object()
        if_match = self.request.headers.get("If-Match")
        if (
            if_match is not None
            and self.request.method not in ("GET", "HEAD", "OPTIONS")
            and not matches_if_match(if_match, record_etag(record.pk, record.version))
        ):
            raise PreconditionFailed()
        return record

    def finalize_response(self, request, response, *args, **kwargs):
        """Tag every answer about one record with its version (``ETag``)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if (
            (self.detail or self.action == "create")
            and response.status_code < 300
            and isinstance(data, dict)
            and {"id", "version"} <= data.keys()
        ):
            response["ETag"] = record_etag(data["id"], data["version"])
        return response

    @extend_schema(
        responses={204: None, 202: OpenApiTypes.OBJECT},
        description=_(
            "Delete a draft (204). A published record is not deleted: its withdrawal waits "
            "for a reviewer, and it stays public until then (202)."
        ),
    )
    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        if record_delete(record=record, actor=request.user) is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(
            {"detail": _("The record stays public until a reviewer accepts its withdrawal.")},
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(request=TransitionSerializer, summary=_("Move the record along the review"))
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Submit, publish or return the record; publishing and returning take a reviewer."""
        record = self.get_object()
        move = TransitionSerializer(data=request.data)
        move.is_valid(raise_exception=True)
        record_transition(
            record=record,
            to_status=move.validated_data["status"],
            actor=request.user,
            comment=move.validated_data.get("comment", ""),
        )
        return Response(self.get_serializer(record).data)
