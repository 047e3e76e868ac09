"""A national dataset: many pairings of the 2021 East–West structure, over several years.

For trying the portal at the scale of the whole country. Regions are the real divisions
(``divisions``); eastern districts are paired with western counties as the 2021 round of
East–West cooperation pairs their provinces; every record kind is filled in with all its
statuses and the history rows its saves would leave. Everything else (names, titles,
figures) is invented, deterministically for a seed. Rows are written in bulk: COPY on
PostgreSQL, multi-row inserts elsewhere.

Generated rows are marked by their authors, the accounts named ``sample-…`` the dataset
creates, so ``national_data_delete`` removes them and nothing else (regions excepted: they are
real and kept).
"""

from __future__ import annotations

import concurrent.futures
import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from faker import Faker

from cooperation.core.copying import copy_rows
from cooperation.core.models import (
    Agreement,
    AgreementParty,
    Indicator,
    Measurement,
    Official,
    Organization,
    Outcome,
    Pairing,
    Program,
    Region,
    Target,
)
from cooperation.core.roles import OFFICIALS_GROUP, REVIEWERS_GROUP
from cooperation.reference import divisions
from cooperation.reference import record as reference
from programs.models import Base, Event, EventSpeaker
from talent.models import ExpertEngagement, MentorPairing, Person, Secondment

SAMPLE_USER_PREFIX = "sample-"
FIRST_YEAR = 2021
SHANGHAI = ZoneInfo("Asia/Shanghai")

# The 2021 round of East–West cooperation: who helps whom. Each side is a province, or a
# city of a province, named as the division package names it. A western county is paired
# once, by the first entry that covers it, so cities come before their provinces.
EAST_WEST_2021: list[tuple[tuple[str, ...], list[tuple[str, ...]]]] = [
    (("辽宁省", "大连市"), [("贵州省", "六盘水市")]),
    (("江苏省", "苏州市"), [("贵州省", "铜仁市")]),
    (("福建省", "福州市"), [("甘肃省", "定西市")]),
    (("福建省", "厦门市"), [("甘肃省", "临夏回族自治州")]),
    (("山东省", "青岛市"), [("甘肃省", "陇南市")]),
    (("北京市",), [("内蒙古自治区",), ("河北省", "张家口市"), ("河北省", "保定市")]),
    (("天津市",), [("甘肃省",), ("河北省", "承德市")]),
    (("上海市",), [("云南省",)]),
    (("江苏省",), [("陕西省",), ("青海省", "西宁市"), ("青海省", "海东市")]),
    (("浙江省",), [("四川省",)]),
    (("福建省",), [("宁夏回族自治区",)]),
    (("山东省",), [("重庆市",)]),
    (("广东省",), [("广西壮族自治区",), ("贵州省",)]),
]
# The reference record's pairing keeps its western county to itself.
RESERVED_WESTERN = ("510812",)

# Review status by age: the last year is still being entered and reviewed.
STATUS_WEIGHTS_RECENT = {"published": 55, "submitted": 20, "draft": 15, "returned": 10}
STATUS_WEIGHTS_EARLIER = {"published": 90, "submitted": 4, "draft": 3, "returned": 3}
RETURN_COMMENTS = [
    "请补充参与人数。",
    "日期与工作台账不一致，请核对。",
    "请补充佐证材料来源。",
    "名称请与协议文本保持一致。",
    "数值与年度总结不符，请核实。",
]

EVENT_KINDS = {
    "training_class": 30,
    "lecture": 25,
    "site_visit": 12,
    "demonstration_class": 10,
    "free_clinic": 10,
    "donation_drive": 5,
    "other": 8,
}
SUBJECTS = {
    "education": ["课堂教学", "班主任工作", "教育信息化", "学科教研", "家校共育", "新课标"],
    "health": ["基层全科医疗", "中医适宜技术", "急诊急救", "护理管理", "慢病管理", "妇幼保健"],
    "leadership": ["乡村振兴政策", "基层党建", "干部能力提升", "数字政府", "营商环境"],
    "industry": ["电子商务", "农产品品牌", "招商引资", "园区运营", "文旅融合", "直播带货"],
    "labor": ["就业技能", "家政服务", "电工技能", "劳务协作", "创业指导"],
}
DONATIONS = ["图书", "校服", "助学金", "医疗设备", "防寒物资", "学习用品"]
EAST_ORGANIZATIONS = [
    ("government", "人民政府"),
    ("government", "教育局"),
    ("government", "卫生健康局"),
    ("government", "人力资源和社会保障局"),
    ("government", "农业农村局"),
    ("government", "委组织部"),
    ("hospital", "人民医院"),
    ("hospital", "中医院"),
    ("school", "实验小学"),
    ("school", "第一中学"),
    ("vocational_school", "职业高级中学"),
]
WEST_ORGANIZATIONS = [
    *EAST_ORGANIZATIONS,
    ("government", "乡村振兴局"),
    ("school", "第二小学"),
    ("hospital", "妇幼保健院"),
]
TITLES = {
    "government": ["科长", "副局长", "四级调研员", "一级主任科员", "副主任"],
    "town_government": ["党委书记", "镇长", "副镇长", "党政办主任"],
    "hospital": ["主任医师", "副主任医师", "主治医师", "护士长"],
    "school": ["高级教师", "一级教师", "教研组长", "副校长"],
    "vocational_school": ["高级讲师", "实训指导教师", "专业部主任"],
    "university": ["教授", "副教授", "讲师"],
    "enterprise": ["高级工程师", "工程师", "技术总监", "总经理"],
    "other": ["研究员", "主任"],
}
EXPERTISE = {
    "hospital": SUBJECTS["health"],
    "school": SUBJECTS["education"],
    "vocational_school": SUBJECTS["labor"],
    "university": SUBJECTS["industry"] + SUBJECTS["leadership"],
    "enterprise": SUBJECTS["industry"],
    "government": SUBJECTS["leadership"],
    "town_government": SUBJECTS["leadership"],
    "other": SUBJECTS["industry"],
}
PROGRAMS = [
    ("leadership", "干部双向挂职计划", ["党政干部挂职", "专业技术人才挂职"]),
    ("talent", "人才交流“三大制度”", ["首席专家制度", "常任讲师制度", "青蓝结对制度"]),
    ("education", "教育组团式帮扶", ["名师工作室", "校长跟岗研修"]),
    ("health", "医疗组团式帮扶", ["义诊巡诊", "重点专科共建"]),
    ("industry", "产业协作园区共建", []),
    ("labor", "劳务协作稳岗就业", []),
    ("rural_revitalization", "乡村振兴示范村共建", []),
    ("funds", "财政援助资金项目", []),
]
BASE_KINDS = {
    "teaching": ("university", "school"),
    "practice": ("government",),
    "inspection": ("enterprise", "other"),
    "practical_training": ("vocational_school", "enterprise"),
}
ROLES = {
    "chief_expert": ("university", "enterprise", "hospital"),
    "resident_lecturer": ("university", "government", "school"),
    "mentor_teacher": ("school", "vocational_school"),
    "medical_expert": ("hospital",),
    "other": ("enterprise", "government"),
}
AGREEMENT_KINDS = ["health", "education", "school_enterprise", "industry", "labor", "talent"]


@dataclass
class Org:
    id: int
    kind: str
    name: str
    region: int
    people: list[int] = field(default_factory=list)


@dataclass
class Report:
    rows: Counter = field(default_factory=Counter)


class Writer:
    """Collect rows per table and write them in bulk, in the order the tables were met."""

    def __init__(self) -> None:
        self.buffers: dict[type[models.Model], list[tuple]] = {}
        self.next_ids: dict[type[models.Model], int] = {}
        self.counts: Counter = Counter()
        self.postgres = connection.vendor == "postgresql"
        self.pending = None
        # A thread's own connection would wait for the locks of a transaction already open
        # here (a test's, or a caller's atomic block), so write in this one then.
        self.threaded = self.postgres and not connection.in_atomic_block
        if self.threaded:
            self.executor = concurrent.futures.ThreadPoolExecutor(max_workers=1)

    def new_id(self, model: type[models.Model]) -> int:
        if model not in self.next_ids:
            last = model._default_manager.aggregate(last=models.Max("pk"))["last"]
            self.next_ids[model] = (last or 0) + 1
        pk = self.next_ids[model]
        self.next_ids[model] += 1
        return pk

    def add(self, model: type[models.Model], values: dict) -> None:
        fields = model._meta.concrete_fields
        self.buffers.setdefault(model, []).append(
            tuple(values[f.attname] if f.attname in values else f.get_default() for f in fields)
        )

    def flush(self) -> None:
        """Write what was collected, each batch in a transaction of its own.

        On PostgreSQL a thread of its own writes (with its own connection) while the next
        batch is generated, so the database and Python work at the same time.
        """
        batch = {model: rows for model, rows in self.buffers.items() if rows}
        self.buffers = {model: [] for model in self.buffers}
        for model, rows in batch.items():
            self.counts[model._meta.label] += len(rows)
        if not self.postgres:
            with transaction.atomic():
                for model, rows in batch.items():
                    self._insert(model, rows)
            return
        if not self.threaded:
            self._copy_batch(batch)
            return
        self.wait()
        self.pending = self.executor.submit(self._copy_batch, batch)

    def wait(self) -> None:
        """Wait for the batch being written, raising what went wrong with it."""
        if self.pending is not None:
            self.pending.result()
            self.pending = None

    def close(self) -> None:
        self.wait()
        if self.threaded:
            self.executor.submit(lambda: connection.close()).result()
            self.executor.shutdown()

    def _copy_batch(self, batch) -> None:
        with transaction.atomic():
            for model, rows in batch.items():
                self._copy(model, rows)

    def _insert(self, model, rows) -> None:
        fields = model._meta.concrete_fields
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        prepared = [
            [f.get_db_prep_save(value, connection) for f, value in zip(fields, row, strict=True)]
            for row in rows
        ]
        with connection.cursor() as cursor:
            # Not bulk_create: it would stamp auto_now fields with the time of the run.
            table = connection.ops.quote_name(model._meta.db_table)
            statement = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(statement, prepared)

    def _copy(self, model, rows) -> None:
        copy_rows(model, model._meta.concrete_fields, rows)

    def suspend_indexes(self, models_: list[type[models.Model]]) -> None:
        """Drop the plain indexes of these tables for the load, to build them once after.

        Unique, primary key and exclusion constraints keep their indexes, so every
        constraint is checked as rows arrive. ``restore_indexes`` builds the rest again.
        """
        self.dropped: list[str] = []
        # Within a caller's transaction the deferred key checks of the load forbid building
        # an index before it commits: keep the indexes then.
        if not self.threaded:
            return
        tables = [model._meta.db_table for model in models_]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
                " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
                " WHERE t.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [tables],
            )
            found = cursor.fetchall()
            for name, definition in found:
                cursor.execute(f"DROP INDEX {name}")
                self.dropped.append(definition)

    def restore_indexes(self) -> None:
        if not getattr(self, "dropped", None):
            return
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for definition in self.dropped:
                cursor.execute(definition)
        self.dropped = []

    def analyze(self, models_: list[type[models.Model]]) -> None:
        """Give the planner the loaded tables' statistics, and index-only scans their map.

        A page of a long list is read from an index only once the planner knows how many
        rows are published and which pages are all visible: what autovacuum does in its own
        time, where it runs at all. A caller's transaction allows the statistics alone.
        """
        if not self.postgres:
            return
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in models_:
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")

    def reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.next_ids))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def history_model(model):
    return apps.get_model(model._meta.app_label, f"Historical{model.__name__}")


class NationalDataset:
    """Generate ``pairings`` pairings over ``years`` years from ``FIRST_YEAR``."""

    def __init__(self, *, pairings: int, years: int, seed: int) -> None:
        if pairings < 1 or not 1 <= years <= timezone.localdate().year - FIRST_YEAR + 1:
            raise ValueError(
                f"Give at least one pairing and from 1 to "
                f"{timezone.localdate().year - FIRST_YEAR + 1} years, from {FIRST_YEAR} on."
            )
        self.pairing_count = pairings
        self.years = list(range(FIRST_YEAR, FIRST_YEAR + years))
        self.rng = random.Random(seed)  # noqa: S311 - invented data, not secrets
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.writer = Writer()
        self.organizations: dict[int, list[Org]] = {}
        self.org_names: set[tuple[int, str]] = set(
            Organization.objects.values_list("region_id", "name")
        )
        self.person_names: set[tuple[int, str]] = set()
        self.mentor_pairs: set[tuple[int, int]] = set()

    # Rows and their history ------------------------------------------------------------

    def stamp(self, day: datetime.date, delay_days: int = 0) -> datetime.datetime:
        """A moment in office hours (Shanghai time) some days after ``day``."""
        moment = datetime.datetime.combine(
            day + datetime.timedelta(days=delay_days),
            datetime.time(
                self.rng.randint(8, 17), self.rng.randint(0, 59), self.rng.randint(0, 59)
            ),
            tzinfo=SHANGHAI,
        )
        return moment.astimezone(datetime.UTC)

    def save(self, model, values: dict, *, user: int, at: datetime.datetime) -> int:
        """Add a row created by ``user`` at ``at``, with its history row."""
        values["id"] = values.get("id") or self.writer.new_id(model)
        values.update(created_at=at, updated_at=at, created_by_id=user, updated_by_id=user)
        self.writer.add(model, values)
        self.history(model, values, "+", user, at)
        return values["id"]

    def history(self, model, values: dict, kind: str, user: int, at) -> None:
        historical = history_model(model)
        self.writer.add(
            historical,
            {
                **values,
                "history_id": self.writer.new_id(historical),
                "history_date": at,
                "history_type": kind,
                "history_user_id": user,
                "history_change_reason": None,
            },
        )

    def review_status(self, year: int) -> str:
        weights = STATUS_WEIGHTS_RECENT if year == self.years[-1] else STATUS_WEIGHTS_EARLIER
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def record(self, model, values: dict, *, year: int, day: datetime.date | None) -> int:
        """Add a pairing record as its saves leave it: entered, submitted, reviewed."""
        day = day or datetime.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
        status = self.review_status(year)
        official, reviewer = self.official, self.reviewer
        at = self.stamp(day, self.rng.randint(1, 20))
        values.update(pairing_id=self.pairing_id, status="draft", review_comment="")
        pk = self.save(model, values, user=official, at=at)
        if status == "draft":
            return pk
        at += datetime.timedelta(days=self.rng.randint(0, 3), minutes=self.rng.randint(5, 300))
        self.update(model, values, user=official, at=at, status="submitted")
        if status == "submitted":
            return pk
        at += datetime.timedelta(days=self.rng.randint(1, 10), minutes=self.rng.randint(5, 300))
        comment = self.rng.choice(RETURN_COMMENTS) if status == "returned" else ""
        self.update(model, values, user=reviewer, at=at, status=status, review_comment=comment)
        return pk

    def update(self, model, values: dict, *, user: int, at, **changes) -> None:
        values.update(changes, updated_at=at, updated_by_id=user)
        self.history(model, values, "~", user, at)
        # The row itself is written once, as it stands after its last save.
        self.writer.buffers[model][-1] = tuple(
            values[f.attname] if f.attname in values else f.get_default()
            for f in model._meta.concrete_fields
        )

    # Places and accounts ---------------------------------------------------------------

    def load_regions(self) -> None:
        """Create the real regions the dataset needs, found again by their codes."""
        existing = {
            code: (pk, parent)
            for pk, code, parent in Region.objects.exclude(code="").values_list(
                "id", "code", "parent_id"
            )
        }
        by_name = {
            (parent, name): (pk, code)
            for pk, parent, name, code in Region.objects.values_list(
                "id", "parent_id", "name", "code"
            )
        }
        self.region_ids: dict[str, int] = {}
        self.region_names: dict[str, str] = {}
        wanted = list(divisions.divisions().values())
        for code in sorted(self.paired_codes):
            wanted += divisions.towns().get(code, [])
        at = self.stamp(datetime.date(FIRST_YEAR - 1, 12, 1))
        for division in wanted:
            self.region_names[division.code] = division.name
            if division.code in existing:
                self.region_ids[division.code] = existing[division.code][0]
                continue
            parent = self.region_ids.get(division.parent) if division.parent else None
            found = by_name.get((parent, division.name))
            if found:  # entered by hand, without its code: give it the code
                Region.objects.filter(pk=found[0]).update(code=division.code)
                self.region_ids[division.code] = found[0]
                continue
            self.region_ids[division.code] = self.save(
                Region,
                {
                    "name": division.name,
                    "level": division.level,
                    "code": division.code,
                    "parent_id": parent,
                },
                user=None,
                at=at,
            )

    def choose_pairings(self) -> list[tuple[str, str]]:
        """Pick the western counties and pair each with a district of its helping side."""
        index = divisions.divisions()

        def code_of(path):
            code = divisions.code_of(*path)
            if not code:
                raise ValueError(f"{' › '.join(path)} is not in the division package")
            return code

        def districts_below(code):
            return sorted(
                division.code
                for division in index.values()
                if division.level == "district"
                and (division.parent == code or index[division.parent].parent == code)
            )

        taken = set(RESERVED_WESTERN) | set(
            Pairing.objects.values_list("western_region__code", flat=True)
        )
        candidates = []
        easterns = {}
        for group, (east, wests) in enumerate(EAST_WEST_2021):
            easterns[group] = districts_below(code_of(east))
            for west in wests:
                for code in districts_below(code_of(west)):
                    if code not in taken:
                        taken.add(code)
                        candidates.append((group, code))
        if self.pairing_count > len(candidates):
            raise ValueError(f"At most {len(candidates)} pairings can be generated.")
        self.rng.shuffle(candidates)
        chosen = sorted(candidates[: self.pairing_count], key=lambda item: item[1])
        turns = {group: self.rng.sample(codes, len(codes)) for group, codes in easterns.items()}
        served = Counter()
        pairs = []
        for group, west in chosen:
            order = turns[group]
            pairs.append((order[served[group] % len(order)], west))
            served[group] += 1
        self.paired_codes = {code for pair in pairs for code in pair}
        return pairs

    def load_accounts(self, pairs) -> None:
        """One district official per western county, one reviewer per western province."""
        user_model = apps.get_model("auth", "User")
        groups = dict(
            Group.objects.filter(name__in=[OFFICIALS_GROUP, REVIEWERS_GROUP]).values_list(
                "name", "id"
            )
        )
        index = divisions.divisions()
        self.officials: dict[str, int] = {}
        self.reviewers: dict[str, int] = {}
        joined = self.stamp(datetime.date(FIRST_YEAR - 1, 12, 15))

        def account(username, region_code, group):
            pk = self.writer.new_id(user_model)
            self.writer.add(
                user_model,
                {
                    "id": pk,
                    "password": "!" + "".join(self.rng.choices("abcdefghijkmnpqrstuvwxyz", k=40)),
                    "last_login": None,
                    "is_superuser": False,
                    "username": username,
                    "first_name": "",
                    "last_name": self.fake.name(),
                    "email": "",
                    "is_staff": True,
                    "is_active": True,
                    "date_joined": joined,
                },
            )
            self.writer.add(
                Official,
                {
                    "id": self.writer.new_id(Official),
                    "user_id": pk,
                    "region_id": self.region_ids[region_code],
                },
            )
            if group in groups:
                through = user_model.groups.through
                self.writer.add(
                    through,
                    {"id": self.writer.new_id(through), "user_id": pk, "group_id": groups[group]},
                )
            return pk

        for _east, west in pairs:
            province = index[west].parent
            while index[province].parent:
                province = index[province].parent
            if province not in self.reviewers:
                self.reviewers[province] = account(
                    f"{SAMPLE_USER_PREFIX}reviewer-{province}", province, REVIEWERS_GROUP
                )
            self.officials[west] = account(f"{SAMPLE_USER_PREFIX}{west}", west, OFFICIALS_GROUP)
        self.province_of = {}
        for _east, west in pairs:
            province = index[west].parent
            while index[province].parent:
                province = index[province].parent
            self.province_of[west] = province

    def load_indicators(self) -> None:
        existing = dict(Indicator.objects.values_list("code", "id"))
        at = self.stamp(datetime.date(FIRST_YEAR - 1, 12, 1))
        self.indicators = []
        for item in reference.INDICATORS:
            pk = existing.get(item["code"]) or self.save(
                Indicator,
                {
                    "code": item["code"],
                    "name": item["name"],
                    "name_en": item["name_en"],
                    "unit": item["unit"],
                    "measurement": Measurement.COMPUTED
                    if item["computation"]
                    else Measurement.REPORTED,
                    "computation": item["computation"],
                },
                user=None,
                at=at,
            )
            self.indicators.append((pk, item["unit"]))

    # Organizations and people ----------------------------------------------------------

    def organization(self, region_code: str, kind: str, name: str, user: int) -> Org | None:
        region = self.region_ids[region_code]
        if (region, name) in self.org_names:
            return None
        self.org_names.add((region, name))
        pk = self.save(
            Organization,
            {"name": name, "kind": kind, "region_id": region},
            user=user,
            at=self.stamp(datetime.date(FIRST_YEAR, 1, 5), self.rng.randint(0, 60)),
        )
        return Org(pk, kind, name, region)

    def organizations_of(self, region_code: str, templates, user: int) -> list[Org]:
        if region_code in self.organizations:
            return self.organizations[region_code]
        name = self.region_names[region_code]
        found = []
        for kind, suffix in templates:
            found.append(self.organization(region_code, kind, f"{name}{suffix}", user))
        for _ in range(4):
            company = self.fake.company()
            found.append(self.organization(region_code, "enterprise", company, user))
        for town in divisions.towns().get(region_code, [])[:6]:
            found.append(
                self.organization(town.code, "town_government", f"{town.name}人民政府", user)
            )
            if town.name.endswith(("镇", "乡")):
                found.append(self.organization(town.code, "hospital", f"{town.name}卫生院", user))
        self.organizations[region_code] = [org for org in found if org]
        return self.organizations[region_code]

    def person(self, org: Org, user: int) -> int:
        gender = self.rng.choice(["female", "male"])
        for _ in range(20):
            name = self.fake.name_female() if gender == "female" else self.fake.name_male()
            if (org.id, name) not in self.person_names:
                break
        else:
            name = f"{name}{len(org.people) + 1}"
        self.person_names.add((org.id, name))
        public = self.rng.random() < 0.3
        pk = self.save(
            Person,
            {
                "name": name,
                "gender": gender,
                "organization_id": org.id,
                "title": self.rng.choice(TITLES[org.kind]),
                "expertise": self.rng.choice(EXPERTISE[org.kind]),
                "is_public": public,
                "phone": self.fake.phone_number() if self.rng.random() < 0.5 else "",
            },
            user=user,
            at=self.stamp(datetime.date(FIRST_YEAR, 2, 1), self.rng.randint(0, 300)),
        )
        org.people.append(pk)
        return pk

    # A pairing and its records ---------------------------------------------------------

    def pairing(self, east: str, west: str) -> None:
        self.official = self.officials[west]
        self.reviewer = self.reviewers[self.province_of[west]]
        rng = self.rng
        east_name, west_name = self.region_names[east], self.region_names[west]
        self.pairing_id = self.save(
            Pairing,
            {
                "eastern_region_id": self.region_ids[east],
                "western_region_id": self.region_ids[west],
                "since_year": FIRST_YEAR,
                "is_active": True,
                "note": f"{FIRST_YEAR}年起东西部协作结对（示例数据）。",
            },
            user=self.reviewer,
            at=self.stamp(datetime.date(FIRST_YEAR, 1, 4)),
        )
        eastern = self.organizations_of(east, EAST_ORGANIZATIONS, self.official)
        western = self.organizations_of(west, WEST_ORGANIZATIONS, self.official)
        new_people = {org.id: [] for org in eastern + western}
        for side, count in ((eastern, 170), (western, 130)):
            for _ in range(count):
                org = rng.choice(side)
                new_people[org.id].append(self.person(org, self.official))
        east_people = [(org, pk) for org in eastern for pk in new_people[org.id]]
        west_people = [(org, pk) for org in western for pk in new_people[org.id]]

        def people_of(people, kinds):
            return [item for item in people if item[0].kind in kinds] or people

        programs = self.programs()
        agreements = self.agreements(east_name, west_name, eastern, western)
        for year in self.years:
            self.events(year, east_name, west_name, programs, east_people, west, eastern, western)
            self.secondments(year, east_people, west_people, eastern, western)
            self.mentor_pairings(
                year,
                people_of(east_people, ("school", "vocational_school")),
                people_of(west_people, ("school", "vocational_school")),
                programs,
            )
            self.outcomes(year, programs, agreements, west_name)
        self.bases(programs, eastern, western)
        self.engagements(programs, east_people)

    def programs(self) -> list[int]:
        found = []
        for category, name, parts in PROGRAMS:
            start = datetime.date(self.years[0], self.rng.randint(1, 6), 1)
            values = {"name": name, "category": category, "start_date": start, "parent_id": None}
            parent = self.record(Program, values, year=self.years[0], day=start)
            found.append(parent)
            for part in parts:
                values = {"name": part, "category": category, "start_date": start}
                values["parent_id"] = parent
                found.append(self.record(Program, values, year=self.years[0], day=start))
        return found

    def agreements(self, east_name, west_name, eastern, western) -> list[int]:
        found = []
        for year in self.years:
            for kind in self.rng.sample(AGREEMENT_KINDS, 2):
                signed = datetime.date(year, self.rng.randint(2, 11), self.rng.randint(1, 28))
                label = dict(Agreement._meta.get_field("kind").choices)[kind]
                title = f"{east_name}—{west_name}{year}年{label}协作协议"
                pk = self.record(
                    Agreement,
                    {"kind": kind, "title": title, "signed_on": signed},
                    year=year,
                    day=signed,
                )
                parties = {
                    self.rng.choice(eastern).id: "eastern",
                    self.rng.choice(western).id: "western",
                }
                for org, side in parties.items():
                    self.writer.add(
                        AgreementParty,
                        {
                            "id": self.writer.new_id(AgreementParty),
                            "agreement_id": pk,
                            "organization_id": org,
                            "side": side,
                        },
                    )
                found.append(pk)
        return found

    def events(self, year, east_name, west_name, programs, east_people, west, eastern, western):
        rng = self.rng
        seen = set()
        towns = divisions.towns().get(west, [])
        kinds = rng.choices(list(EVENT_KINDS), weights=list(EVENT_KINDS.values()), k=150)
        for number, kind in enumerate(kinds, 1):
            area = rng.choice(list(SUBJECTS))
            subject = rng.choice(SUBJECTS[area])
            start = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            region = self.region_ids[west]
            if kind == "training_class":
                title = f"{west_name}{year}年{subject}培训班"
                end = start + datetime.timedelta(days=rng.randint(1, 6))
            elif kind == "lecture":
                title = f"{subject}专题讲座"
                end = None
            elif kind == "site_visit":
                title = f"赴{east_name}{subject}考察学习"
                end = start + datetime.timedelta(days=rng.randint(1, 4))
                region = None
            elif kind == "demonstration_class":
                title = f"{subject}公开展示课"
                end = None
            elif kind == "free_clinic":
                town = rng.choice(towns) if towns else None
                title = f"{east_name}专家{town.name if town else west_name}义诊活动"
                if town:
                    region = self.region_ids[town.code]
                end = None
            elif kind == "donation_drive":
                title = f"{east_name}爱心捐赠{rng.choice(DONATIONS)}活动"
                end = None
            else:
                title = f"{east_name}—{west_name}{subject}交流座谈会"
                end = None
            if (title, start) in seen:
                title = f"{title}（第{number}场）"
            seen.add((title, start))
            participants = None if rng.random() < 0.1 else rng.randint(15, 400)
            host = rng.choice(eastern if kind in ("site_visit", "lecture") else western)
            pk = self.record(
                Event,
                {
                    "program_id": rng.choice(programs) if rng.random() < 0.7 else None,
                    "kind": kind,
                    "title": title,
                    "start_date": start,
                    "end_date": end,
                    "date_precision": "month" if rng.random() < 0.05 else "day",
                    "region_id": region,
                    "venue_id": rng.choice(western).id if rng.random() < 0.5 else None,
                    "host_organization_id": host.id,
                    "audience": f"{west_name}{area_audience(area)}",
                    "participants": participants,
                },
                year=year,
                day=start,
            )
            speakers = 0 if kind in ("site_visit", "donation_drive") else 1
            if rng.random() < 0.15:
                speakers += 1
            for _org, person in rng.sample(east_people, speakers):
                self.writer.add(
                    EventSpeaker,
                    {
                        "id": self.writer.new_id(EventSpeaker),
                        "event_id": pk,
                        "person_id": person,
                        "topic": subject,
                    },
                )

    def secondments(self, year, east_people, west_people, eastern, western) -> None:
        rng = self.rng
        for _ in range(12):
            eastward = rng.random() < 0.3
            people = west_people if eastward else east_people
            if not people:
                continue
            org, person = people.pop(rng.randrange(len(people)))
            host = rng.choice(eastern if eastward else western)
            start = datetime.date(year, rng.randint(1, 12), 1)
            months = rng.choice([3, 6, 6, 12, 12, 18, 24])
            end = start + datetime.timedelta(days=months * 30)
            self.record(
                Secondment,
                {
                    "person_id": person,
                    "home_organization_id": org.id,
                    "host_organization_id": host.id,
                    "start_date": start,
                    "end_date": end,
                    "date_precision": "day" if rng.random() < 0.8 else "month",
                    "field": rng.choice(EXPERTISE[host.kind]),
                    "purpose": "挂职锻炼，参与受援地相关工作。",
                    "is_long_term": months >= 12,
                },
                year=year,
                day=start,
            )

    def mentor_pairings(self, year, mentors, mentees, programs) -> None:
        rng = self.rng
        for _ in range(20):
            (mentor_org, mentor), (mentee_org, mentee) = rng.choice(mentors), rng.choice(mentees)
            if (mentor, mentee) in self.mentor_pairs or mentor == mentee:
                continue
            self.mentor_pairs.add((mentor, mentee))
            start = datetime.date(year, rng.choice([3, 9]), rng.randint(1, 20))
            self.record(
                MentorPairing,
                {
                    "mentor_id": mentor,
                    "mentee_id": mentee,
                    "program_id": rng.choice(programs) if rng.random() < 0.5 else None,
                    "mentor_school_id": mentor_org.id,
                    "mentee_school_id": mentee_org.id,
                    "start_date": start,
                },
                year=year,
                day=start,
            )

    def outcomes(self, year, programs, agreements, west_name) -> None:
        rng = self.rng
        source = f"{west_name}{year}年东西部协作工作总结"
        for indicator, unit in self.indicators:
            if rng.random() < 0.8:
                self.outcome(indicator, unit, year, None, agreements, source)
            if rng.random() < 0.6:
                self.target(indicator, unit, year)
        for indicator, unit in rng.sample(self.indicators, 5):
            self.outcome(indicator, unit, year, rng.choice(programs), agreements, source)

    def outcome(self, indicator, unit, year, program, agreements, source) -> None:
        rng = self.rng
        value = figure(rng, unit)
        self.record(
            Outcome,
            {
                "indicator_id": indicator,
                "year": year,
                "period_start": datetime.date(year, 1, 1) if rng.random() < 0.5 else None,
                "period_end": datetime.date(year, 12, 31) if rng.random() < 0.5 else None,
                "value": value,
                "qualifier": rng.choices(["exact", "more_than", "about"], weights=[70, 25, 5])[0],
                "is_cumulative": rng.random() < 0.2,
                "program_id": program,
                "agreement_id": rng.choice(agreements) if rng.random() < 0.2 else None,
                "source": source,
            },
            year=year,
            day=datetime.date(year, 12, rng.randint(1, 28)),
        )

    def target(self, indicator, unit, year) -> None:
        self.record(
            Target,
            {"indicator_id": indicator, "year": year, "value": figure(self.rng, unit)},
            year=year,
            day=datetime.date(year, 1, self.rng.randint(5, 28)),
        )

    def bases(self, programs, eastern, western) -> None:
        rng = self.rng
        year = self.years[0]
        for kind, org_kinds in BASE_KINDS.items():
            side = western if kind == "practical_training" else eastern
            choices = [org for org in side if org.kind in org_kinds] or side
            for org in rng.sample(choices, min(len(choices), rng.randint(1, 4))):
                established = datetime.date(
                    rng.choice(self.years), rng.randint(1, 12), rng.randint(1, 28)
                )
                self.record(
                    Base,
                    {
                        "program_id": rng.choice(programs) if rng.random() < 0.6 else None,
                        "kind": kind,
                        "organization_id": org.id,
                        "established_on": established,
                    },
                    year=year if established.year == year else established.year,
                    day=established,
                )

    def engagements(self, programs, east_people) -> None:
        rng = self.rng
        for role, org_kinds in ROLES.items():
            people = [item for item in east_people if item[0].kind in org_kinds] or east_people
            for _org, person in rng.sample(people, min(len(people), rng.randint(4, 12))):
                start = datetime.date(rng.choice(self.years), rng.randint(1, 12), 1)
                ends = rng.random() < 0.3
                self.record(
                    ExpertEngagement,
                    {
                        "person_id": person,
                        "program_id": rng.choice(programs) if rng.random() < 0.6 else None,
                        "role": role,
                        "start_date": start,
                        "end_date": start + datetime.timedelta(days=365) if ends else None,
                        "contract_signed": rng.random() < 0.7,
                    },
                    year=start.year,
                    day=start,
                )

    # The whole dataset -----------------------------------------------------------------

    def generate(self, progress=None) -> Counter:
        pairs = self.choose_pairings()
        written = [
            model
            for model in apps.get_models()
            if model._meta.app_label in ("cooperation", "programs", "talent")
        ]
        self.writer.suspend_indexes(written)
        try:
            self.load_regions()
            self.load_accounts(pairs)
            self.load_indicators()
            self.writer.flush()
            for number, (east, west) in enumerate(pairs, 1):
                self.pairing(east, west)
                if number % 25 == 0 or number == len(pairs):
                    self.writer.flush()
                    if progress:
                        progress(number, len(pairs))
        finally:
            self.writer.close()
            self.writer.restore_indexes()
        self.writer.reset_sequences()
        self.writer.analyze(written)
        return self.writer.counts


def area_audience(area: str) -> str:
    return {
        "education": "中小学教师",
        "health": "基层医务人员",
        "leadership": "党政干部",
        "industry": "企业负责人和致富带头人",
        "labor": "农村劳动力",
    }[area]


def figure(rng: random.Random, unit: str) -> Decimal:
    """An invented but plausible figure in ``unit``."""
    if unit == "percent":
        return Decimal(rng.randint(600, 1000)) / 10
    if unit == "ten_thousand_yuan":
        return Decimal(rng.randint(1000, 500000)) / 100
    if unit in ("person_times", "cases"):
        return Decimal(rng.randint(50, 3000))
    return Decimal(rng.randint(1, 60))


# Removing a generated dataset ------------------------------------------------------------


def _delete(queryset: models.QuerySet, counts: Counter) -> None:
    """Delete the rows of ``queryset`` in one statement, without loading them."""
    opts = queryset.model._meta
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(opts.db_table)
        column = connection.ops.quote_name(opts.pk.column)
        # Names from the models, the query compiled by Django with its parameters.
        statement = f"DELETE FROM {table} WHERE {column} IN ({sql})"  # noqa: S608
        cursor.execute(statement, params)
        counts[opts.label] += cursor.rowcount


def _delete_with_history(queryset: models.QuerySet, counts: Counter) -> None:
    historical = history_model(queryset.model)
    _delete(historical.objects.filter(id__in=queryset.values("pk")), counts)
    _delete(queryset, counts)


@transaction.atomic
def national_data_delete() -> Counter:
    """Delete every row a generated dataset added, with its history; keep the regions."""
    user_model = apps.get_model("auth", "User")
    users = user_model.objects.filter(username__startswith=SAMPLE_USER_PREFIX)
    counts: Counter = Counter()
    pairings = Pairing.objects.filter(created_by__in=users.values("pk"))
    _delete(EventSpeaker.objects.filter(event__pairing__in=pairings), counts)
    _delete(AgreementParty.objects.filter(agreement__pairing__in=pairings), counts)
    _delete(Program.agreements.through.objects.filter(program__pairing__in=pairings), counts)
    for model in (Event, Base, ExpertEngagement, Secondment, MentorPairing, Outcome, Target):
        _delete_with_history(model.objects.filter(pairing__in=pairings), counts)
    # Programs name their parents: the parts go first.
    _delete_with_history(Program.objects.filter(pairing__in=pairings, parent__isnull=False), counts)
    for model in (Program, Agreement):
        _delete_with_history(model.objects.filter(pairing__in=pairings), counts)
    _delete_with_history(Person.objects.filter(created_by__in=users.values("pk")), counts)
    _delete_with_history(Organization.objects.filter(created_by__in=users.values("pk")), counts)
    _delete_with_history(pairings, counts)
    _delete(Official.objects.filter(user__in=users.values("pk")), counts)
    _delete(user_model.groups.through.objects.filter(user__in=users.values("pk")), counts)
    _delete(users, counts)
    return counts
