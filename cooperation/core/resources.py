"""Excel import and export of records, by the names officials write, saved through services.

Columns carry the fields' names in the user's language; a related record is written by its
name ("浙江大学"), a pairing as "滨江区 → 朝天区". Every row is checked in full and saved by
``record_save`` with the importing user as its author.
"""

from __future__ import annotations

import copy
import datetime
import functools
import re

from django.apps import apps
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.fields import Field
from import_export.instance_loaders import CachedInstanceLoader
from import_export.resources import Diff

from cooperation.core.access import changeable, choosable
from cooperation.core.admin_base import AUDIT_FIELDS
from cooperation.core.models import (
    OTHER_PAIRING_CHOICE,
    REVIEW_FIELDS,
    Agreement,
    Indicator,
    Organization,
    Outcome,
    Pairing,
    RecordStatus,
    Region,
    Target,
    fields_linking_other_pairings,
)
from cooperation.core.services import record_save, records_create, revision_save_related
from cooperation.core.sheets import SheetResult

# "杭州市滨江区社会发展局（卫健局）" style: a name, then what tells it apart in brackets.
QUALIFIED_NAME = re.compile(r"^(?P<name>.+?)\s*[（(](?P<qualifier>[^()（）]+)[)）]$")
PAIRING_ARROW = re.compile(r"\s*(?:→|->|=>|—>)\s*")
# A region's division code: 330108 for a district, 330108001 for a town.
DIVISION_CODE = re.compile(r"^\d{6}(?:\d{3})?$")
BRACKET_SPACE = re.compile(r"\s*([()])\s*")
# Set by the portal, never by a file: imported records start as drafts and go through review,
# and each save counts in the version.
NOT_IMPORTED = (*AUDIT_FIELDS, *REVIEW_FIELDS, "version")


class NewRowDiff(Diff):
    """The preview's before-and-after of a row: a new row's "before" is blank, not read.

    ``Diff.as_html`` shows a new row's values alone whatever its "before" holds, so reading
    every column of an empty record for it is work the preview never shows.
    """

    def __init__(self, resource, instance, new):
        if not new:
            super().__init__(resource, instance, new)
            return
        self.left = [""] * len(resource.get_import_fields())
        self.right = []
        self.new = new


class NameWidget(widgets.ForeignKeyWidget):
    """Find a related record by the name people write, among those the user may pick.

    When two records share a name, "name（qualifier）" tells them apart, e.g. a person
    with their organization: "王芳（朝天区实验小学）".
    """

    def __init__(self, model, field: str = "name", qualifier: str | None = None, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.qualifier = qualifier
        self.user = None
        # What ``prepare`` found for a sheet's names: (lookup, values) → up to two records.
        self.found: dict[tuple, list] | None = None

    @property
    def related_model(self):
        return apps.get_model(self.model) if isinstance(self.model, str) else self.model

    def select_related(self) -> tuple[str, ...]:
        """Name what rendering a value reads beyond the related row itself."""
        return ()

    def get_queryset(self, value, row, *args, **kwargs):
        return choosable(self.related_model, self.user)

    def lookups(self, text: str) -> list[dict[str, str]]:
        """Return the lookups to try in turn: the text as a name, then as a qualified name."""
        candidates = [{self.field: text}]
        match = QUALIFIED_NAME.match(text)
        if self.qualifier and match:
            candidates.append(
                {self.field: match["name"], self.qualifier: match["qualifier"].strip()}
            )
        return candidates

    def prepare(self, values) -> None:
        """Look up every name of a sheet's column at once, so that no row costs a query.

        Each kind of lookup (a name; a name with its qualifier) is one query for all the
        column's names; ``clean`` then reads what it found.
        """
        wanted: dict[tuple[str, ...], set[tuple]] = {}
        for value in values:
            text = "" if value is None else str(value).strip()
            try:
                lookups = self.lookups(text) if text else []
            except ValueError:
                continue  # ``clean`` says what is wrong with the cell
            for lookup in lookups:
                wanted.setdefault(tuple(lookup), set()).add(tuple(lookup.values()))
        self.found = {}
        for keys, wanted_values in wanted.items():
            aliases = {f"sheet_lookup_{index}": F(key) for index, key in enumerate(keys)}
            queryset = (
                self.get_queryset(None, None)
                .filter(**{f"{keys[0]}__in": {values[0] for values in wanted_values}})
                .select_related(*self.select_related())
                .annotate(**aliases)
            )
            for record in queryset:
                values = tuple(getattr(record, alias) for alias in aliases)
                if values in wanted_values:
                    self.found.setdefault((keys, values), []).append(record)

    def matches(self, queryset, lookup: dict) -> list:
        """Return up to two records ``lookup`` finds, from what ``prepare`` found if it ran."""
        if self.found is None:
            return list(queryset.filter(**lookup)[:2])
        return self.found.get((tuple(lookup), tuple(lookup.values())), [])[:2]

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        text = str(value).strip()
        queryset = self.get_queryset(value, row)
        opts = self.related_model._meta
        for lookup in self.lookups(text):
            matches = self.matches(queryset, lookup)
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise ValueError(self.ambiguous_message(text))
        raise ValueError(
            _("There is no %(model)s “%(value)s” that you may use.")
            % {"model": opts.verbose_name, "value": text}
        )

    def ambiguous_message(self, text: str) -> str:
        opts = self.related_model._meta
        if not self.qualifier:
            return _("Several %(models)s are called “%(value)s”.") % {
                "models": opts.verbose_name_plural,
                "value": text,
            }
        qualifier = self.qualifier.split("__")[0]
        return _(
            "Several %(models)s are called “%(value)s”; write it as “%(value)s（%(qualifier)s）”."
        ) % {
            "models": opts.verbose_name_plural,
            "value": text,
            "qualifier": opts.get_field(qualifier).verbose_name,
        }


class NamesWidget(widgets.ManyToManyWidget):
    """Find several related records by the names people write, one per line or after "；".

    Like ``NameWidget``, it looks only among the records the importing user may pick.
    """

    SEPARATORS = re.compile(r"\s*(?:[;；]|\n)\s*")

    def __init__(self, model, field: str = "name"):
        super().__init__(model, separator="；", field=field)
        self.user = None
        self.found: dict[str, list] | None = None

    def names(self, value) -> list[str]:
        return [name for name in self.SEPARATORS.split(str(value or "").strip()) if name]

    def prepare(self, values) -> None:
        """Look up every name of a sheet's column in one query, as ``NameWidget`` does."""
        names = {name for value in values for name in self.names(value)}
        self.found = {}
        for record in choosable(self.model, self.user).filter(**{f"{self.field}__in": names}):
            self.found.setdefault(getattr(record, self.field), []).append(record)

    def clean(self, value, row=None, **kwargs):
        names = self.names(value)
        if self.found is None:
            self.prepare([value])
            found, self.found = self.found, None
        else:
            found = self.found
        opts = self.model._meta
        for name in names:
            if name not in found:
                raise ValueError(
                    _("There is no %(model)s “%(value)s” that you may use.")
                    % {"model": opts.verbose_name, "value": name}
                )
            if len(found[name]) > 1:
                raise ValueError(
                    _("Several %(models)s are called “%(value)s”.")
                    % {"models": opts.verbose_name_plural, "value": name}
                )
        return [found[name][0] for name in dict.fromkeys(names)]


class RegionWidget(NameWidget):
    """Find a region by its name, "朝阳区（北京市）" where two share it, or its code: 110105."""

    def __init__(self, **kwargs):
        super().__init__(Region, qualifier="parent__name", **kwargs)

    def lookups(self, text):
        if DIVISION_CODE.match(text):
            return [{"code": text}]
        return super().lookups(text)


class PairingWidget(NameWidget):
    """Read and write a pairing as its two regions: "滨江区 → 朝天区"."""

    def __init__(self, **kwargs):
        super().__init__(Pairing, **kwargs)

    def select_related(self):
        return ("eastern_region", "western_region")

    def lookups(self, text):
        parts = PAIRING_ARROW.split(text)
        if len(parts) != 2:
            raise ValueError(
                _("Write the pairing as its two regions, “eastern region → western region”.")
            )
        if all(DIVISION_CODE.match(part) for part in parts):
            return [{"eastern_region__code": parts[0], "western_region__code": parts[1]}]
        return [{"eastern_region__name": parts[0], "western_region__name": parts[1]}]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NumberCellMixin:
    """Refuse a cell that is not a number with a reason, not a ``decimal`` exception's class."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ArithmeticError, TypeError, ValueError) as error:
            raise ValueError(
                _("“%(value)s” is not a number; write it as 600 or 12.5.")
                % {"value": str(value).strip()}
            ) from error


class DecimalCellWidget(NumberCellMixin, widgets.DecimalWidget):
    pass


class IntegerCellWidget(NumberCellMixin, widgets.IntegerWidget):
    pass


class DayWidget(widgets.DateWidget):
    """Read a date as Excel stores it or as people write it: 2021-10-12, 2021年10月12日."""

    WRITTEN_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")

    def __init__(self, format=None, coerce_to_string=True):
        super().__init__(format=format, coerce_to_string=coerce_to_string)
        self.formats = (*self.formats, *self.WRITTEN_FORMATS)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        try:
            return super().clean(value.strip() if isinstance(value, str) else value, row)
        except ValueError as error:
            raise ValueError(_("Write the date as 2021-10-12.")) from error


def comparable(value) -> str:
    """Return a cell's text as compared with the words it may be: trimmed, case-folded."""
    # Full-width brackets and spaces around brackets vary with the keyboard; ignore both.
    text = " ".join(str(value).translate(str.maketrans("（）", "()")).split())
    return BRACKET_SPACE.sub(r"\1", text).casefold()


def in_every_language(text) -> list[str]:
    """Return a translatable text in each of the portal's languages."""
    spellings = []
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            spellings.append(str(text))
    return spellings


class ChoiceWidget(widgets.Widget):
    """Write a choice as its label in the user's language; read its code or a label in any.

    "余（以上）", "more than (余)" and "more_than" all read as ``more_than``, and so does a
    part of a label, "余", when no other choice's label has it.
    """

    def __init__(self, choices, coerce_to_string=True, allow_blank=True):
        super().__init__(coerce_to_string)
        self.choices = dict(choices)
        self.allow_blank = allow_blank

    @functools.cached_property
    def codes(self) -> dict[str, str]:
        """Map each way of writing a choice, as ``comparable`` gives it, to its code."""
        codes: dict[str, str] = {}
        parts: dict[str, set[str]] = {}
        for code, label in self.choices.items():
            for text in in_every_language(label):
                codes[comparable(text)] = code
                match = QUALIFIED_NAME.match(text)
                for part in match.group("name", "qualifier") if match else ():
                    parts.setdefault(comparable(part), set()).add(code)
        for part, owners in parts.items():
            if len(owners) == 1 and part not in codes:
                codes[part] = owners.pop()
        # A code read back as itself, so sheets written with codes keep importing.
        codes.update({comparable(code): code for code in self.choices})
        return codes

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return "" if self.allow_blank else None
        code = self.codes.get(comparable(value))
        if code is None:
            labels = [f"“{label}”" for label in self.choices.values()]
            raise ValueError(
                _("“%(value)s” is not one of the choices: %(choices)s.")
                % {"value": str(value).strip(), "choices": get_text_list(labels, _("or"))}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        self._obj_deprecation_warning(obj)
        if value is None or value == "":
            return ""
        return str(self.choices.get(value, value))


class YesNoWidget(widgets.BooleanWidget):
    """Write yes and no as 是 and 否 (Yes and No in English); read them in either language.

    A value that says neither is refused, rather than read as no.
    """

    YES = ("1", "true", "yes", "y", "是")
    NO = ("0", "false", "no", "n", "否")

    @functools.cached_property
    def answers(self) -> dict[str, bool]:
        yes = [*self.YES, *map(comparable, in_every_language(gettext_lazy("Yes")))]
        no = [*self.NO, *map(comparable, in_every_language(gettext_lazy("No")))]
        return dict.fromkeys(yes, True) | dict.fromkeys(no, False)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if value is None or comparable(value) in ("", "null", "none"):
            return None
        answer = self.answers.get(comparable(value))
        if answer is None:
            raise ValueError(_("Write “%(yes)s” or “%(no)s”.") % {"yes": _("Yes"), "no": _("No")})
        return answer

    def render(self, value, obj=None, **kwargs):
        self._obj_deprecation_warning(obj)
        if not isinstance(value, bool):
            return ""
        return _("Yes") if value else _("No")


def by_name(attribute: str, model, field: str = "name", qualifier: str | None = None) -> Field:
    """Declare a column holding a related record by its name rather than its number."""
    return Field(
        attribute=attribute,
        column_name=attribute,
        widget=NameWidget(model, field=field, qualifier=qualifier),
    )


def by_names(attribute: str, model, field: str = "name") -> Field:
    """Declare a column holding several related records by their names."""
    return Field(
        attribute=attribute,
        column_name=attribute,
        widget=NamesWidget(model, field=field),
        m2m_add=False,
    )


def region_column(attribute: str = "region") -> Field:
    """Declare a column holding a region by its name or its division code."""
    return Field(attribute=attribute, column_name=attribute, widget=RegionWidget())


def pairing_column() -> Field:
    return Field(attribute="pairing", column_name="pairing", widget=PairingWidget())


class RecordResource(resources.ModelResource):
    """Import and export one kind of record; subclasses declare their related columns.

    A subclass that excludes more fields keeps ``NOT_IMPORTED`` in its ``exclude``.
    """

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DateField": DayWidget,
        "DecimalField": DecimalCellWidget,
        **{
            name: IntegerCellWidget
            for name, widget in resources.ModelResource.WIDGETS_MAP.items()
            if widget is widgets.IntegerWidget
        },
        "TextField": widgets.CharWidget,
        "BooleanField": YesNoWidget,
    }

    class Meta:
        exclude = NOT_IMPORTED
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        # New rows are saved in bulk with their history (``records_create``), the records a
        # sheet names and changes are read once per file, not once a row.
        use_bulk = True
        instance_loader_class = CachedInstanceLoader

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        """Read and write a field with choices by its labels, whatever its type."""
        if f.choices and not f.is_relation:
            return functools.partial(ChoiceWidget, choices=f.flatchoices)
        return super().widget_from_django_field(f, default=default)

    @classmethod
    def get_result_class(cls):
        """Keep every refusal by its cell, as the preview and ``import_records`` show them."""
        return SheetResult

    @classmethod
    def get_diff_class(cls):
        return NewRowDiff

    # Rows between two calls of ``on_progress``, which a background job sets to follow along.
    PROGRESS_EVERY = 500

    def __init__(self, user=None, change_reason: str = "", **kwargs):
        super().__init__(**kwargs)
        self.user = user
        # Why the file changes published records: asked once per file.
        self.change_reason = change_reason
        self.on_progress = None
        # What each distinct cell of a file reads as: (column, type, value) → (value, refusal).
        self.cleaned_cells: dict[tuple, tuple] = {}
        # What each distinct value of a field checks as: (field, type, value) → (value, errors).
        self.checked_values: dict[tuple, tuple] = {}
        # Whether this run is a preview, and how many published records the file changes.
        self.dry_run = False
        self.published_changes = 0
        # Whether this run leaves the constraints the database enforces to the database, as
        # a first try does; a second, row by row, names the rows that break one.
        self.constraints_to_database = False
        for name, field in self.fields.items():
            field.column_name = self.header(name)
            if isinstance(field.widget, NameWidget | NamesWidget):
                field.widget.user = user

    def without_preview(self) -> RecordResource:
        """Import without the preview's before-and-after of every row, as a background job does.

        Its report names what it did and every error, never the rows themselves; an unchanged
        row is still told by comparing it with its stored values (see ``skip_row``).
        """
        if self._meta.use_bulk:
            self._meta = copy.copy(self._meta)
            self._meta.skip_diff = True
        return self

    def get_import_fields(self):
        # Asked several times a row; the columns do not change during an import.
        if "_import_fields" not in self.__dict__:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Skip an unchanged row; without a preview, tell it from the values it had stored."""
        if not self._meta.skip_diff:
            return super().skip_row(instance, original, row, import_validation_errors)
        stored = getattr(instance, "_stored_values", None)
        if stored is None or import_validation_errors:
            return False
        return stored == stored_values(instance)

    def header(self, name: str) -> str:
        """Title a column with the field's name in the active language."""
        try:
            return capfirst(str(self._meta.model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            return name

    def before_import(self, dataset, **kwargs):
        """Accept a sheet titled in any of the portal's languages, or by field names."""
        aliases = {}
        for name, field in self.fields.items():
            aliases[name.casefold()] = field.column_name
            for code, _language in settings.LANGUAGES:
                with translation.override(code):
                    aliases[self.header(name).casefold()] = field.column_name
        dataset.headers = [
            aliases.get(str(header).strip().casefold(), header) if header is not None else header
            for header in dataset.headers
        ]
        for field in self.fields.values():
            if isinstance(field.widget, NameWidget | NamesWidget) and field.column_name in (
                dataset.headers or ()
            ):
                field.widget.prepare(dataset[field.column_name])

    def column_of(self, name: str) -> str:
        """Return the header of the column holding a field, named as the model names it."""
        for field_name, field in self.fields.items():
            if name in (field_name, field.attribute):
                return field.column_name
        return name if name == NON_FIELD_ERRORS else self.header(name)

    def import_data(self, dataset, dry_run=False, **kwargs):
        """Import in bulk, leaving the database to refuse what breaks a constraint; if it does,
        import again row by row, every constraint checked, to name each row that breaks one.

        The result says how many published records the file changes (``published_changes``).
        """
        self.constraints_to_database = self._meta.use_bulk
        self.dry_run, self.published_changes = dry_run, 0
        self.cleaned_cells, self.checked_values = {}, {}
        if not dry_run:
            self.without_preview()  # nobody reads a confirmed import's before-and-after
        result = super().import_data(dataset, dry_run=dry_run, **kwargs)
        if self.constraints_to_database and any(
            isinstance(error.error, IntegrityError) for error in result.base_errors
        ):
            self.constraints_to_database = False
            self.published_changes = 0
            result = super().import_data(dataset, dry_run=dry_run, **kwargs)
        result.published_changes = self.published_changes
        return result

    def after_import(self, dataset, result, **kwargs):
        """Leave the ids' sequence alone: new rows take their ids from it, never from a sheet.

        django-import-export sets it back to the table's largest id, which would hand out
        again the ids another import running at the same time has taken.
        """

    def cleaned_cell(self, field, row):
        """Return a cell's value as ``field`` reads it, each distinct value read once per file.

        A column repeats its names, dates and choices from row to row; reading a cell
        depends on nothing but the cell, so a repeated one costs a lookup, and a refused
        one is refused with the same message each time.
        """
        value = row[field.column_name]
        key = (field.column_name, type(value), value)
        cleaned, refusal = once(self.cleaned_cells, key, field.clean, ValueError, row)
        if refusal is not None:
            raise ValueError(str(refusal))
        return cleaned

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """Set a field from its cell, read as ``cleaned_cell`` reads it."""
        nested = "__" in (field.attribute or "__")
        if is_m2m or field.readonly or nested or field.column_name not in row:
            return super().import_field(field, instance, row, is_m2m, **kwargs)
        cleaned = self.cleaned_cell(field, row)
        if cleaned is not None or field.saves_null_values:
            setattr(instance, field.attribute, cleaned)
        return None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Name each field in error by its column's header, as the preview shows the sheet."""
        if self.constraints_to_database:
            return self.validate_in_memory(instance, import_validation_errors)
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            errors: dict[str, list] = {}
            for name, messages in error.error_dict.items():
                errors.setdefault(self.column_of(name), []).extend(messages)
            raise ValidationError(errors) from error

    def validate_in_memory(self, instance, import_validation_errors=None):
        """Check a row as ``full_clean`` does, but without a query.

        The constraints and uniqueness are the database's to check on saving; a related
        record a column named was found among those the user may pick, so it exists.
        """
        errors = dict(import_validation_errors or {})
        found = [
            field.name
            for field in instance._meta.concrete_fields
            if field.many_to_one
            and field.is_cached(instance)
            and getattr(instance, field.attname) is not None
        ]
        errors.update(self.clean_fields_once(instance, exclude={*errors, *found}))
        try:
            instance.clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            named: dict[str, list] = {}
            for name, messages in errors.items():
                named.setdefault(self.column_of(name), []).extend(
                    messages if isinstance(messages, list) else [messages]
                )
            raise ValidationError(named)

    def clean_fields_once(self, instance, exclude: set[str]) -> dict[str, list]:
        """Check the fields as ``Model.clean_fields`` does, each distinct value once per file.

        A field's check depends on its value alone, a relation's excepted (it asks the
        database, and is checked every time).
        """
        errors = {}
        for field in instance._meta.fields:
            if field.name in exclude or field.generated:
                continue
            value = getattr(instance, field.attname)
            if field.blank and value in field.empty_values:
                continue
            if field.is_relation:
                try:
                    setattr(instance, field.attname, field.clean(value, instance))
                except ValidationError as error:
                    errors[field.name] = error.error_list
                continue
            cleaned, refusal = once(
                self.checked_values,
                (field.name, type(value), value),
                field.clean,
                ValidationError,
                value,
                instance,
            )
            if refusal is None:
                setattr(instance, field.attname, cleaned)
            else:
                errors[field.name] = refusal.error_list
        return errors

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Save the new rows in bulk, with their history, as the importing user."""
        if not self.create_instances or not (using_transactions or not dry_run):
            return
        try:
            with transaction.atomic():
                records_create(records=self.create_instances, actor=self.user)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.create_instances.clear()

    def save_instance(self, instance, is_create, row, **kwargs):
        """Save a new row in bulk later; save a changed one now, through ``record_save``.

        A change of a published record becomes its pending revision with the file's reason,
        and a refusal (no reason, a stale version) is the row's own error, as in the preview.
        """
        if self._meta.use_bulk and not is_create:
            self.before_save_instance(instance, row, **kwargs)
            self.do_instance_save(instance, is_create)
            self.after_save_instance(instance, row, **kwargs)
            return
        super().save_instance(instance, is_create, row, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """Set the fields, then check the names of many-to-many columns before any save.

        The model's ``clean`` cannot see many-to-many choices, so they are checked here: each
        name must be known to the user and name a record of the row's own pairing.
        """
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        chosen = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, NamesWidget) and field.column_name in row:
                try:
                    chosen[field.attribute] = self.cleaned_cell(field, row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        pairing_id = getattr(instance, "pairing_id", None)
        if pairing_id is not None:
            for name in fields_linking_other_pairings(pairing_id, chosen):
                errors[name] = [OTHER_PAIRING_CHOICE]
        if errors:
            raise ValidationError(errors)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        number = kwargs.get("row_number")
        if self.on_progress is not None and number and number % self.PROGRESS_EVERY == 0:
            self.on_progress(number)

    def get_queryset(self):
        """Update only the rows the importing user may change."""
        return changeable(self._meta.model, self.user)

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        if not new and self._meta.skip_diff:
            instance._stored_values = stored_values(instance)
        id_field = self.fields.get("id")
        if (
            new
            and id_field is not None
            and id_field.column_name in row
            and id_field.clean(row) is not None
        ):
            raise ValidationError(
                _(
                    "There is no record with ID %(id)s that you may change; leave the ID "
                    "empty to add a new record."
                )
                % {"id": row[id_field.column_name]}
            )
        return instance, new

    def filter_export(self, queryset, **kwargs):
        # Related names are written out for every row: fetch them in the same query.
        related, many = [], []
        for field in self.fields.values():
            if isinstance(field.widget, NameWidget):
                related.append(field.attribute)
                related += [f"{field.attribute}__{path}" for path in field.widget.select_related()]
            elif isinstance(field.widget, NamesWidget):
                many.append(field.attribute)
        queryset = super().filter_export(queryset, **kwargs)
        return queryset.select_related(*related).prefetch_related(*many)

    def do_instance_save(self, instance, is_create):
        """Save a row through ``record_save``, counting the published records it changes.

        A preview without the file's reason checks such a row all the same: it says how many
        there are, and the confirmation asks the reason.
        """
        if not is_create and getattr(instance, "status", None) == RecordStatus.PUBLISHED:
            self.published_changes += 1
        try:
            record_save(record=instance, actor=self.user, reason=self.change_reason)
        except ValidationError as error:
            if not (self.dry_run and set(getattr(error, "error_dict", ())) == {"change_reason"}):
                raise

    def save_m2m(self, instance, row, **kwargs):
        """Save the many-to-many columns, or fold them into a published record's revision."""
        revision = getattr(instance, "_revision", None)
        if revision is None:
            return super().save_m2m(instance, row, **kwargs)
        choices = {
            field.attribute: [chosen.pk for chosen in self.cleaned_cell(field, row)]
            for field in self.get_import_fields()
            if isinstance(field.widget, NamesWidget) and field.column_name in row
        }
        revision_save_related(revision=revision, choices=choices)
        return None


def once(memo: dict, key: tuple, read, refused: type[Exception], *args) -> tuple:
    """Return ``(read(*args), None)``, or ``(None, error)`` if it raised ``refused``, once per key.

    A value that cannot be a key (unhashable) is read every time.
    """
    try:
        return memo[key]
    except KeyError:
        pass
    except TypeError:
        key = None
    try:
        outcome = read(*args), None
    except refused as error:
        outcome = None, error
    if key is not None:
        memo[key] = outcome
    return outcome


def stored_values(record) -> dict:
    """Return the values of a record's columns, to tell whether an import changed any."""
    return {field.attname: getattr(record, field.attname) for field in record._meta.concrete_fields}


class OrganizationResource(RecordResource):
    region = region_column()

    class Meta:
        model = Organization


class OutcomeResource(RecordResource):
    pairing = pairing_column()
    indicator = by_name("indicator", Indicator, field="code")
    program = by_name("program", "cooperation.Program")
    agreement = by_name("agreement", "cooperation.Agreement", field="title")

    class Meta:
        model = Outcome


class AgreementResource(RecordResource):
    """Agreements without their parties and document, which are entered on the agreement."""

    pairing = pairing_column()

    class Meta:
        model = Agreement
        exclude = (*NOT_IMPORTED, "document")


class TargetResource(RecordResource):
    pairing = pairing_column()
    indicator = by_name("indicator", Indicator, field="code")

    class Meta:
        model = Target


class RegionResource(RecordResource):
    parent = by_name("parent", Region, qualifier="parent__name")

    class Meta:
        model = Region


class PairingResource(RecordResource):
    eastern_region = by_name("eastern_region", Region, qualifier="parent__name")
    western_region = by_name("western_region", Region, qualifier="parent__name")

    class Meta:
        model = Pairing


class IndicatorResource(RecordResource):
    class Meta:
        model = Indicator
