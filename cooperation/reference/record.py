"""The reference record of the portal: Chaotian ← Binjiang, 2021, as literal data.

Source: China News Service, Sichuan (中新网四川新闻), report of 30 November 2021 by 侯正才 and
刘旭 on the talent exchange of the East–West cooperation between 杭州市滨江区 (helping) and
广元市朝天区 (helped). Every figure below is one the report gives, with its "more than" (余)
where it says so; nothing is estimated. What the report leaves out (exact dates, the other
bases, participants, the names of the other experts) is left empty rather than guessed.

Records refer to each other by name; ``loader.reference_record_load`` puts them in the
database. Lists are in dependency order: a parent comes before its parts.
"""

import datetime

YEAR = 2021
SOURCE = "中新网四川新闻 2021年11月30日电（侯正才 刘旭）"

# Their division codes come from the division package (``divisions.code_of``).
REGIONS = [
    {
        "name": "浙江省",
        "name_en": "Zhejiang Province",
        "level": "province",
        "parent": None,
    },
    {
        "name": "杭州市",
        "name_en": "Hangzhou",
        "level": "city",
        "parent": "浙江省",
    },
    {
        "name": "滨江区",
        "name_en": "Binjiang District",
        "level": "district",
        "parent": "杭州市",
    },
    {"name": "西兴街道", "name_en": "Xixing Subdistrict", "level": "town", "parent": "滨江区"},
    {"name": "长河街道", "name_en": "Changhe Subdistrict", "level": "town", "parent": "滨江区"},
    {"name": "浦沿街道", "name_en": "Puyan Subdistrict", "level": "town", "parent": "滨江区"},
    {"name": "台州市", "name_en": "Taizhou", "level": "city", "parent": "浙江省"},
    {
        "name": "四川省",
        "name_en": "Sichuan Province",
        "level": "province",
        "parent": None,
    },
    {
        "name": "广元市",
        "name_en": "Guangyuan",
        "level": "city",
        "parent": "四川省",
    },
    {
        "name": "朝天区",
        "name_en": "Chaotian District",
        "level": "district",
        "parent": "广元市",
    },
    {"name": "水磨沟镇", "name_en": "Shuimogou Town", "level": "town", "parent": "朝天区"},
    {"name": "李家镇", "name_en": "Lijia Town", "level": "town", "parent": "朝天区"},
]

PAIRING = {
    "eastern_region": "滨江区",
    "western_region": "朝天区",
    "since_year": 2021,
    "note": "2021年起浙江—四川东西部协作新一轮结对。",
}

ORGANIZATIONS = [
    {
        "name": "浙江大学",
        "name_en": "Zhejiang University",
        "kind": "university",
        "region": "杭州市",
    },
    {
        "name": "杭州市农业农村局",
        "name_en": "Hangzhou Agriculture and Rural Affairs Bureau",
        "kind": "government",
        "region": "杭州市",
    },
    {
        "name": "滨江区社发局",
        "name_en": "Binjiang Social Development Bureau",
        "kind": "government",
        "region": "滨江区",
    },
    {
        "name": "滨江区教育局",
        "name_en": "Binjiang Education Bureau",
        "kind": "government",
        "region": "滨江区",
    },
    {
        "name": "滨江区委宣传部",
        "name_en": "Binjiang District Party Committee Propaganda Department",
        "kind": "government",
        "region": "滨江区",
    },
    {
        "name": "西兴街道",
        "name_en": "Xixing Subdistrict",
        "kind": "town_government",
        "region": "西兴街道",
    },
    {
        "name": "长河街道",
        "name_en": "Changhe Subdistrict",
        "kind": "town_government",
        "region": "长河街道",
    },
    {
        "name": "浦沿街道",
        "name_en": "Puyan Subdistrict",
        "kind": "town_government",
        "region": "浦沿街道",
    },
    {
        "name": "长河街道社区卫生服务中心",
        "name_en": "Changhe Subdistrict Community Health Service Center",
        "kind": "hospital",
        "region": "长河街道",
    },
    {
        "name": "互联网小镇",
        "name_en": "Binjiang Internet Town",
        "kind": "other",
        "region": "滨江区",
    },
    {
        "name": "物联网小镇",
        "name_en": "Binjiang Internet-of-Things Town",
        "kind": "other",
        "region": "滨江区",
    },
    {
        "name": "宇视科技",
        "name_en": "Uniview Technology",
        "kind": "enterprise",
        "region": "滨江区",
    },
    {
        "name": "笨鸟科技",
        "name_en": "Benniao Technology",
        "kind": "enterprise",
        "region": "滨江区",
    },
    {
        "name": "朝天区人民政府",
        "name_en": "Chaotian District People's Government",
        "kind": "government",
        "region": "朝天区",
    },
    {
        "name": "朝天区委组织部",
        "name_en": "Chaotian District Party Committee Organization Department",
        "kind": "government",
        "region": "朝天区",
    },
    {
        "name": "朝天区职业学校",
        "name_en": "Chaotian Vocational School",
        "kind": "vocational_school",
        "region": "朝天区",
    },
    {
        "name": "李家镇第一卫生院",
        "name_en": "Lijia Town First Health Center",
        "kind": "hospital",
        "region": "李家镇",
    },
]

# Both are named in a public news report, so their names may appear on public pages.
PEOPLE = [
    {
        "name": "娄火明",
        "name_en": "Lou Huoming",
        "organization": "杭州市农业农村局",
        "title": "杭州市政协常委、杭州市农业农村局二级巡视员",
        "is_public": True,
    },
    {
        "name": "杨岸林",
        "name_en": "Yang Anlin",
        "organization": "李家镇第一卫生院",
        "title": "",
        "is_public": True,
    },
]

AGREEMENTS = [
    {
        "title": "卫生健康合作协议",
        "kind": "health",
        "description": "朝天区与滨江区社发局签订。",
        "parties": [("朝天区人民政府", "western"), ("滨江区社发局", "eastern")],
    },
    {
        "title": "教育协作协议",
        "kind": "education",
        "description": "朝天区与滨江区教育局签订。",
        "parties": [("朝天区人民政府", "western"), ("滨江区教育局", "eastern")],
    },
    {
        "title": "企校合作协议",
        "kind": "school_enterprise",
        "description": "与滨江宇视科技、笨鸟科技等企业签订；报道未列出其他企业。",
        "parties": [
            ("朝天区职业学校", "western"),
            ("宇视科技", "eastern"),
            ("笨鸟科技", "eastern"),
        ],
    },
]

PROGRAMS = [
    {
        "name": "三大制度",
        "name_en": "Three systems",
        "category": "talent",
        "parent": None,
        "description": "实施“三大制度”柔性借“智”：首席专家制度、常任讲师制度、青蓝结对制度。",
        "agreements": [],
    },
    {
        "name": "首席专家制度",
        "name_en": "Chief expert system",
        "category": "talent",
        "parent": "三大制度",
        "description": "聘请浙江专家教授为“周末工程师”，助力科技成果转化。",
        "agreements": [],
    },
    {
        "name": "常任讲师制度",
        "name_en": "Resident lecturer system",
        "category": "talent",
        "parent": "三大制度",
        "description": "签约讲师，常态化举办专题讲座。",
        "agreements": [],
    },
    {
        "name": "青蓝结对制度",
        "name_en": "Green–blue pairing system",
        "category": "education",
        "parent": "三大制度",
        "description": "滨江教师与朝天新教师结对，帮带新教师快速转变角色，掌握教学技巧。",
        "agreements": [],
    },
    {
        "name": "三个基地",
        "name_en": "Three bases",
        "category": "talent",
        "parent": None,
        "description": "筑建“三个基地”交流取“经”：教学基地、跟岗实践基地、考察基地。",
        "agreements": [],
    },
    {
        "name": "教学基地",
        "name_en": "Teaching base",
        "category": "talent",
        "parent": "三个基地",
        "description": "浙江大学作为朝天区年轻干部铸魂工程培训班、中青年干部培训班教学基地。",
        "agreements": [],
    },
    {
        "name": "跟岗实践基地",
        "name_en": "On-the-job practice bases",
        "category": "talent",
        "parent": "三个基地",
        "description": "滨江西兴街道、长河街道、浦沿街道以及滨江区委宣传部等6个党政部门。",
        "agreements": [],
    },
    {
        "name": "考察基地",
        "name_en": "Inspection bases",
        "category": "talent",
        "parent": "三个基地",
        "description": "滨江互联网小镇、物联网小镇等10余个教学点。",
        "agreements": [],
    },
    {
        "name": "三项协议",
        "name_en": "Three agreements",
        "category": "talent",
        "parent": None,
        "description": "签约“三项协议”合作用“力”：卫生健康合作、教育协作、企校合作。",
        "agreements": ["卫生健康合作协议", "教育协作协议", "企校合作协议"],
    },
    {
        "name": "“滨江之光”白内障救治项目",
        "name_en": "“Binjiang Light” cataract treatment project",
        "category": "health",
        "parent": "三项协议",
        "description": "为朝天区白内障患者免费提供手术治疗。",
        "agreements": ["卫生健康合作协议"],
    },
    {
        "name": "义诊活动",
        "name_en": "Free clinics",
        "category": "health",
        "parent": "三项协议",
        "description": "滨江区医疗专家团队到朝天区开展义诊，将优质医疗服务送到群众家门口。",
        "agreements": ["卫生健康合作协议"],
    },
    {
        "name": "中医疼痛科建设",
        "name_en": "Building a TCM pain department",
        "category": "health",
        "parent": "三项协议",
        "description": "完成中医疼痛科建设。",
        "agreements": ["卫生健康合作协议"],
    },
    {
        "name": "“情满朝天”助学行动",
        "name_en": "“情满朝天” study-aid action",
        "category": "education",
        "parent": "三项协议",
        "description": "助学行动，接受社会捐赠助学资金、物资。",
        "agreements": ["教育协作协议"],
    },
    {
        "name": "“共绘亚运梦想”圆梦活动",
        "name_en": "“共绘亚运梦想” Asian Games dream activity",
        "category": "education",
        "parent": "三项协议",
        "description": "圆梦活动。",
        "agreements": ["教育协作协议"],
    },
    {
        "name": "企校合作",
        "name_en": "School–enterprise cooperation",
        "category": "education",
        "parent": "三项协议",
        "description": (
            "探索建立合作特色班，建设校内外实训基地，为朝天区职业学校学生提供机械制造、"
            "后勤服务等领域就业岗位。"
        ),
        "agreements": ["企校合作协议"],
    },
]

ENGAGEMENTS = [
    {
        "person": "娄火明",
        "role": "chief_expert",
        "program": "首席专家制度",
        "contract_signed": True,
    },
]

# The report gives no day for any event; a month it does not give is the report's own month,
# the latest the event can have happened, and the description says so.
EVENTS = [
    {
        "title": "乡村振兴战略背景下的美丽乡村建设",
        "kind": "lecture",
        "program": "首席专家制度",
        "start_date": datetime.date(2021, 11, 1),
        "date_precision": "month",
        "region": "朝天区",
        "host_organization": "朝天区人民政府",
        "audience": "朝天区村（社区）常职干部，以及乡村振兴相关部门中层以上干部",
        "description": (
            "“周末工程师”娄火明从怎么看、怎么干两个方面讲解美丽乡村建设。"
            "报道（2021年11月30日）未载明讲座日期，月份取报道发布的月份。"
        ),
        "speakers": [("娄火明", "乡村振兴战略背景下的美丽乡村建设")],
    },
    {
        "title": "朝天区2021年中青年干部培训班",
        "kind": "training_class",
        "program": "教学基地",
        "start_date": datetime.date(2021, 10, 1),
        "date_precision": "month",
        "region": "杭州市",
        "host_organization": None,
        "audience": "朝天区中青年干部",
        "description": (
            "2021年10月赴杭州：浙江大学专家教授授课，并到杭州市滨江区、台州市等地现场教学，"
            "考察浙江产业发展模式，体验项目案例。"
        ),
        "speakers": [],
    },
    {
        "title": "“感党恩·走基层，滨江—朝天心连心”水磨沟镇义诊",
        "kind": "free_clinic",
        "program": "义诊活动",
        "start_date": datetime.date(2021, 11, 1),
        "date_precision": "month",
        "region": "水磨沟镇",
        "host_organization": None,
        "audience": "水磨沟镇群众",
        "description": (
            "滨江区医疗专家团队测量血压、彩色超声、听诊心肺，解答问题、提出诊疗建议，"
            "免费发放治疗高血压、糖尿病、眼疾等8类病症的药品。报道称“近日”，"
            "月份取报道发布的月份（2021年11月）。"
        ),
        "speakers": [],
    },
]

# Only the bases the report names; the others of the 6 departments and 10+ sites are unnamed.
BASES = [
    {"kind": "teaching", "organization": "浙江大学", "program": "教学基地"},
    {"kind": "practice", "organization": "西兴街道", "program": "跟岗实践基地"},
    {"kind": "practice", "organization": "长河街道", "program": "跟岗实践基地"},
    {"kind": "practice", "organization": "浦沿街道", "program": "跟岗实践基地"},
    {"kind": "practice", "organization": "滨江区委宣传部", "program": "跟岗实践基地"},
    {"kind": "inspection", "organization": "互联网小镇", "program": "考察基地"},
    {"kind": "inspection", "organization": "物联网小镇", "program": "考察基地"},
]

# "A little over one month" is not one of the 6 long-term secondments the report counts.
# The report gives months only: October 2021 to the first of November is "一个多月", 32 days.
SECONDMENTS = [
    {
        "person": "杨岸林",
        "home_organization": "李家镇第一卫生院",
        "host_organization": "长河街道社区卫生服务中心",
        "start_date": datetime.date(2021, 10, 1),
        "end_date": datetime.date(2021, 11, 1),
        "date_precision": "month",
        "field": "基本公共卫生服务",
        "purpose": "学习基本公共卫生服务项目管理操作模式。",
        "is_long_term": False,
    },
]

INDICATORS = [
    {
        "code": "chief-experts-hired",
        "name": "聘请首席专家",
        "name_en": "Chief experts hired",
        "unit": "persons",
        "computation": "engagements.chief_expert",
    },
    {
        "code": "resident-lecturers-signed",
        "name": "签约常任讲师",
        "name_en": "Resident lecturers signed",
        "unit": "persons",
        "computation": "engagements.resident_lecturer",
    },
    {
        "code": "new-teachers-paired",
        "name": "结对新教师",
        "name_en": "New teachers paired with mentors",
        "unit": "persons",
        "computation": "mentor_pairings",
    },
    {
        "code": "tech-achievements-transferred",
        "name": "转移转化技术成果",
        "name_en": "Technology achievements transferred and put to use",
        "unit": "items",
        "computation": "",
    },
    {
        "code": "cadres-trained",
        "name": "培训干部",
        "name_en": "Cadres trained",
        "unit": "person_times",
        "computation": "",
    },
    {
        "code": "demonstration-classes",
        "name": "公开展示课",
        "name_en": "Public demonstration classes held",
        "unit": "sessions",
        "computation": "events.demonstration_class",
    },
    {
        "code": "teaching-bases",
        "name": "教学基地",
        "name_en": "Teaching bases",
        "unit": "units",
        "computation": "bases.teaching",
    },
    {
        "code": "practice-bases",
        "name": "跟岗实践基地（党政部门）",
        "name_en": "On-the-job practice bases (party and government departments)",
        "unit": "units",
        "computation": "bases.practice",
    },
    {
        "code": "inspection-sites",
        "name": "考察基地教学点",
        "name_en": "Inspection base teaching sites",
        "unit": "units",
        "computation": "bases.inspection",
    },
    {
        "code": "party-cadres-trained",
        "name": "培训党政干部",
        "name_en": "Party and government cadres trained",
        "unit": "person_times",
        "computation": "",
    },
    {
        "code": "long-term-secondments",
        "name": "专业技术人才长期挂职",
        "name_en": "Professional and technical talents seconded long-term",
        "unit": "persons",
        "computation": "secondments.long_term",
    },
    {
        "code": "free-clinic-events",
        "name": "义诊活动",
        "name_en": "Free clinic events",
        "unit": "events",
        "computation": "events.free_clinic",
    },
    {
        "code": "free-clinic-visits",
        "name": "义诊人次",
        "name_en": "Free clinic patient visits",
        "unit": "person_times",
        "computation": "",
    },
    {
        "code": "cataract-surgeries",
        "name": "白内障患者免费手术",
        "name_en": "Cataract patients given free surgery",
        "unit": "persons",
        "computation": "",
    },
    {
        "code": "pain-patients-treated",
        "name": "治疗疼痛患者",
        "name_en": "Pain patients treated",
        "unit": "cases",
        "computation": "",
    },
    {
        "code": "pain-treatment-effective-rate",
        "name": "疼痛治疗有效率",
        "name_en": "Pain treatment effective rate",
        "unit": "percent",
        "computation": "",
    },
    {
        "code": "study-aid-donations",
        "name": "接受捐赠助学资金、物资",
        "name_en": "Donated study-aid funds and materials received",
        "unit": "ten_thousand_yuan",
        "computation": "",
    },
    {
        "code": "students-benefited",
        "name": "惠及学生",
        "name_en": "Students benefited",
        "unit": "persons",
        "computation": "",
    },
    {
        "code": "practical-training-bases",
        "name": "校内外实训基地",
        "name_en": "In-school and off-campus practical training bases built",
        "unit": "units",
        "computation": "bases.practical_training",
    },
    {
        "code": "jobs-offered",
        "name": "提供就业岗位",
        "name_en": "Jobs offered to vocational school students",
        "unit": "units",
        "computation": "",
    },
]

# One outcome per figure of the report, each with the words it comes from. Cumulative are
# the running totals: those the report gives "to date" (目前…已, 累计).
OUTCOMES = [
    {
        "indicator": "chief-experts-hired",
        "value": 7,
        "qualifier": "exact",
        "is_cumulative": False,
        "program": "首席专家制度",
        "agreement": None,
        "note": "聘请了7名浙江专家教授为“周末工程师”",
    },
    {
        "indicator": "resident-lecturers-signed",
        "value": 6,
        "qualifier": "exact",
        "is_cumulative": False,
        "program": "常任讲师制度",
        "agreement": None,
        "note": "签约6名讲师",
    },
    {
        "indicator": "new-teachers-paired",
        "value": 18,
        "qualifier": "exact",
        "is_cumulative": True,
        "program": "青蓝结对制度",
        "agreement": None,
        "note": "成功结对18名新教师",
    },
    {
        "indicator": "tech-achievements-transferred",
        "value": 4,
        "qualifier": "exact",
        "is_cumulative": True,
        "program": "三大制度",
        "agreement": None,
        "note": "目前朝天区已转移转化技术成果4项",
    },
    {
        "indicator": "cadres-trained",
        "value": 600,
        "qualifier": "more_than",
        "is_cumulative": True,
        "program": "三大制度",
        "agreement": None,
        "note": "累计培训干部600余人次",
    },
    {
        "indicator": "demonstration-classes",
        "value": 13,
        "qualifier": "exact",
        "is_cumulative": True,
        "program": "三大制度",
        "agreement": None,
        "note": "开展公开展示课13堂",
    },
    {
        "indicator": "teaching-bases",
        "value": 1,
        "qualifier": "exact",
        "is_cumulative": False,
        "program": "教学基地",
        "agreement": None,
        "note": "将浙江大学作为……教学基地",
    },
    {
        "indicator": "practice-bases",
        "value": 6,
        "qualifier": "exact",
        "is_cumulative": False,
        "program": "跟岗实践基地",
        "agreement": None,
        "note": "西兴街道、长河街道、浦沿街道以及滨江区委宣传部等6个党政部门作为跟岗实践基地",
    },
    {
        "indicator": "inspection-sites",
        "value": 10,
        "qualifier": "more_than",
        "is_cumulative": False,
        "program": "考察基地",
        "agreement": None,
        "note": "滨江互联网小镇、物联网小镇等10余个教学点作为考察基地",
    },
    {
        "indicator": "party-cadres-trained",
        "value": 160,
        "qualifier": "more_than",
        "is_cumulative": True,
        "program": "三个基地",
        "agreement": None,
        "note": "目前已累计培训党政干部160余人次（朝天区委组织部相关负责人）",
    },
    {
        "indicator": "long-term-secondments",
        "value": 6,
        "qualifier": "exact",
        "is_cumulative": True,
        "program": "三个基地",
        "agreement": None,
        "note": "选派6名专业技术人才长期挂职（朝天区委组织部相关负责人）",
    },
    {
        "indicator": "free-clinic-events",
        "value": 4,
        "qualifier": "exact",
        "is_cumulative": False,
        "program": "义诊活动",
        "agreement": "卫生健康合作协议",
        "note": "开展义诊活动4场",
    },
    {
        "indicator": "free-clinic-visits",
        "value": 700,
        "qualifier": "more_than",
        "is_cumulative": False,
        "program": "义诊活动",
        "agreement": "卫生健康合作协议",
        "note": "义诊700余人次",
    },
    {
        "indicator": "cataract-surgeries",
        "value": 35,
        "qualifier": "exact",
        "is_cumulative": False,
        "program": "“滨江之光”白内障救治项目",
        "agreement": "卫生健康合作协议",
        "note": "免费为35名白内障患者提供手术治疗",
    },
    {
        "indicator": "pain-patients-treated",
        "value": 1000,
        "qualifier": "more_than",
        "is_cumulative": True,
        "program": "中医疼痛科建设",
        "agreement": "卫生健康合作协议",
        "note": "累计治疗疼痛患者上千例",
    },
    {
        "indicator": "pain-treatment-effective-rate",
        "value": 100,
        "qualifier": "exact",
        "is_cumulative": False,
        "program": "中医疼痛科建设",
        "agreement": "卫生健康合作协议",
        "note": "有效率100%",
    },
    {
        "indicator": "study-aid-donations",
        "value": 100,
        "qualifier": "more_than",
        "is_cumulative": False,
        "program": "三项协议",
        "agreement": "教育协作协议",
        "note": "接受社会捐赠助学资金、物资100余万元",
    },
    {
        "indicator": "students-benefited",
        "value": 2000,
        "qualifier": "more_than",
        "is_cumulative": False,
        "program": "三项协议",
        "agreement": "教育协作协议",
        "note": "惠及学生2000余人",
    },
    {
        "indicator": "practical-training-bases",
        "value": 5,
        "qualifier": "exact",
        "is_cumulative": False,
        "program": "企校合作",
        "agreement": "企校合作协议",
        "note": "完成5个校内外实训基地建设",
    },
    {
        "indicator": "jobs-offered",
        "value": 1154,
        "qualifier": "exact",
        "is_cumulative": False,
        "program": "企校合作",
        "agreement": "企校合作协议",
        "note": "为朝天区职业学校学生提供机械制造、后勤服务等领域就业岗位1154个",
    },
]
