"""`leadflow generate`: synthetic raw data that behaves like a real CRM sync.

Every contact gets a hidden buying intent and a hidden fit (title, company
size, industry, country). Intent drives what the contact does (how many
events, which pages, whether it asks for a demo) and, with fit, what sales
makes of it (touches, dispositions, opportunities, wins), so a good lead score
predicts conversion. On top of that the data carries the mess real syncs have,
each at a small rate set in the constants below: re-delivered events,
anonymous visitors, CRM merges, record versions, personal/academic/competitor
emails, out-of-market countries, late rows, offset timestamps and a few
malformed rows.

Randomness is hash based: every draw is ``hash(seed, key, salt)`` sliced into
uniforms in [0, 1), so the same arguments give the same rows whatever the
thread count. Everything is a handful of set-based DuckDB statements over
``range()`` and small weighted lookup tables; no Python runs per row.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import duckdb

from leadflow.contract import (
    LOADED_AT,
    RAW_SCHEMA,
    RAW_TABLES,
    SOURCE_FILE,
    SOURCE_ROW,
    create_raw_table_sql,
)
from leadflow.load import forget_staged_rows

# ---------------------------------------------------------------------------
# Who the contacts are. Weights are relative; `fit` (0..1) is the hidden
# truth of how well the attribute matches the ideal customer profile.
# ---------------------------------------------------------------------------

# (job title, seniority, persona, fit, weight)
TITLES: tuple[tuple[str, str, str, float, float], ...] = (
    ("Chief Marketing Officer", "c_level", "marketing", 1.00, 2.0),
    ("CMO", "c_level", "marketing", 1.00, 1.5),
    ("Chief Revenue Officer", "c_level", "sales", 0.90, 1.5),
    ("Chief Executive Officer", "c_level", "executive", 0.80, 2.0),
    ("CEO", "c_level", "executive", 0.80, 2.5),
    ("Co-Founder", "c_level", "executive", 0.80, 1.5),
    ("Founder & CEO", "c_level", "executive", 0.80, 1.0),
    ("Chief Technology Officer", "c_level", "engineering", 0.40, 1.0),
    ("CTO", "c_level", "engineering", 0.40, 1.5),
    ("Chief Financial Officer", "c_level", "finance", 0.30, 1.0),
    ("Chief Operating Officer", "c_level", "operations", 0.50, 1.0),
    ("VP of Marketing", "vp", "marketing", 1.00, 3.5),
    ("VP Marketing", "vp", "marketing", 1.00, 1.5),
    ("VP of Demand Generation", "vp", "marketing", 1.00, 1.0),
    ("Vice President of Sales", "vp", "sales", 0.80, 2.5),
    ("VP of Revenue Operations", "vp", "sales", 0.90, 1.0),
    ("VP of Engineering", "vp", "engineering", 0.35, 1.5),
    ("VP Finance", "vp", "finance", 0.30, 0.8),
    ("VP of Operations", "vp", "operations", 0.50, 1.0),
    ("VP People", "vp", "hr", 0.15, 0.6),
    ("Head of Growth", "head", "marketing", 0.95, 2.5),
    ("Head of Marketing", "head", "marketing", 1.00, 2.5),
    ("Head of Demand Generation", "head", "marketing", 1.00, 1.5),
    ("Head of Sales", "head", "sales", 0.80, 1.5),
    ("Head of Data", "head", "engineering", 0.40, 1.0),
    ("Head of People", "head", "hr", 0.15, 0.8),
    ("Marketing Director", "director", "marketing", 0.90, 2.5),
    ("Director of Demand Generation", "director", "marketing", 0.95, 2.0),
    ("Director of Marketing Operations", "director", "marketing", 0.95, 2.0),
    ("Director of Sales", "director", "sales", 0.75, 2.5),
    ("Director of Revenue Operations", "director", "sales", 0.90, 1.5),
    ("Director of Engineering", "director", "engineering", 0.30, 1.5),
    ("IT Director", "director", "it", 0.30, 1.5),
    ("Finance Director", "director", "finance", 0.25, 1.0),
    ("HR Director", "director", "hr", 0.15, 1.0),
    ("Marketing Manager", "manager", "marketing", 0.75, 7.0),
    ("Marketing Operations Manager", "manager", "marketing", 0.85, 3.5),
    ("Demand Generation Manager", "manager", "marketing", 0.85, 3.0),
    ("Growth Marketing Manager", "manager", "marketing", 0.80, 2.5),
    ("Content Marketing Manager", "manager", "marketing", 0.60, 2.5),
    ("Product Marketing Manager", "manager", "marketing", 0.60, 2.5),
    ("Sales Manager", "manager", "sales", 0.55, 3.5),
    ("Sales Operations Manager", "manager", "sales", 0.65, 2.0),
    ("Account Manager", "manager", "sales", 0.30, 2.5),
    ("Customer Success Manager", "manager", "operations", 0.30, 2.5),
    ("Engineering Manager", "manager", "engineering", 0.25, 2.5),
    ("IT Manager", "manager", "it", 0.25, 2.5),
    ("Finance Manager", "manager", "finance", 0.20, 1.5),
    ("Operations Manager", "manager", "operations", 0.35, 2.5),
    ("HR Manager", "manager", "hr", 0.10, 1.5),
    ("Owner", "c_level", "executive", 0.50, 1.5),
    ("Marketing Specialist", "individual_contributor", "marketing", 0.50, 4.5),
    ("Marketing Coordinator", "individual_contributor", "marketing", 0.45, 3.5),
    ("Digital Marketing Specialist", "individual_contributor", "marketing", 0.50, 3.0),
    ("Growth Lead", "individual_contributor", "marketing", 0.60, 1.0),
    ("SEO Specialist", "individual_contributor", "marketing", 0.40, 1.5),
    ("Sales Development Representative", "individual_contributor", "sales", 0.35, 4.0),
    ("Account Executive", "individual_contributor", "sales", 0.35, 4.0),
    ("Software Engineer", "individual_contributor", "engineering", 0.10, 6.5),
    ("Senior Software Engineer", "individual_contributor", "engineering", 0.10, 3.5),
    ("Data Analyst", "individual_contributor", "engineering", 0.25, 3.5),
    ("Data Engineer", "individual_contributor", "engineering", 0.15, 1.5),
    ("Business Analyst", "individual_contributor", "operations", 0.25, 2.5),
    ("Financial Analyst", "individual_contributor", "finance", 0.10, 1.5),
    ("IT Specialist", "individual_contributor", "it", 0.10, 1.5),
    ("Systems Administrator", "individual_contributor", "it", 0.10, 1.5),
    ("Operations Analyst", "individual_contributor", "operations", 0.20, 1.5),
    ("Recruiter", "individual_contributor", "hr", 0.05, 1.5),
    ("HR Generalist", "individual_contributor", "hr", 0.05, 1.0),
    ("Consultant", "individual_contributor", "operations", 0.30, 2.5),
    ("Freelancer", "individual_contributor", "operations", 0.10, 1.0),
    ("Marketing Intern", "student", "marketing", 0.05, 1.5),
    ("Sales Intern", "student", "sales", 0.05, 0.8),
    ("Student", "student", "student", 0.00, 3.0),
    ("Graduate Student", "student", "student", 0.00, 1.0),
    ("Research Assistant", "student", "student", 0.00, 0.8),
)

# (min employees, max employees, fit, typical deal size in USD, weight): many small, few large
COMPANY_SIZES: tuple[tuple[int, int, float, int, float], ...] = (
    (1, 10, 0.10, 3_000, 30.0),
    (11, 50, 0.50, 8_000, 27.0),
    (51, 200, 1.00, 20_000, 20.0),
    (201, 1_000, 1.00, 45_000, 13.0),
    (1_001, 5_000, 0.80, 90_000, 6.0),
    (5_001, 150_000, 0.60, 180_000, 4.0),
)

# (industry as a CRM picklist spells it, fit, weight)
INDUSTRIES: tuple[tuple[str, float, float], ...] = (
    ("Software", 1.00, 22.0),
    ("Financial Services", 0.80, 10.0),
    ("E-commerce", 0.80, 8.0),
    ("Professional Services", 0.60, 8.0),
    ("Healthcare", 0.60, 8.0),
    ("Manufacturing", 0.40, 9.0),
    ("Retail", 0.50, 7.0),
    ("Media", 0.60, 5.0),
    ("Education", 0.10, 6.0),
    ("Telecommunications", 0.50, 4.0),
    ("Non-profit", 0.20, 4.0),
    ("Government", 0.10, 3.0),
)

# (ISO 3166 alpha-2, fit, weight); fit 0 = outside the target market
COUNTRIES: tuple[tuple[str, float, float], ...] = (
    ("US", 1.00, 40.0),
    ("GB", 1.00, 10.0),
    ("DE", 1.00, 7.0),
    ("CA", 1.00, 6.0),
    ("FR", 0.70, 5.0),
    ("IN", 0.50, 5.0),
    ("AU", 0.70, 4.0),
    ("NL", 0.70, 3.0),
    ("BR", 0.50, 3.0),
    ("ES", 0.70, 2.0),
    ("IE", 0.70, 1.5),
    ("SE", 0.70, 1.5),
    ("SG", 0.70, 1.0),
    ("JP", 0.50, 1.0),
    ("MX", 0.50, 1.0),
    ("RU", 0.00, 1.5),
    ("CN", 0.00, 1.5),
    ("NG", 0.00, 1.0),
    ("PK", 0.00, 0.8),
    ("VN", 0.00, 0.7),
    ("BD", 0.00, 0.5),
    ("EG", 0.00, 0.5),
)

# How some exports spell a country instead of its code (see seeds/country_aliases.csv)
COUNTRY_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("US", "United States"),
    ("US", "USA"),
    ("GB", "United Kingdom"),
    ("GB", "UK"),
    ("DE", "Germany"),
    ("DE", "Deutschland"),
    ("FR", "France"),
    ("CA", "Canada"),
    ("NL", "The Netherlands"),
    ("RU", "Russia"),
)

# (lead source, intent boost, share of contacts first seen as anonymous web visitors, weight)
LEAD_SOURCES: tuple[tuple[str, float, float, float], ...] = (
    ("organic_search", 0.03, 0.35, 24.0),
    ("paid_search", 0.08, 0.35, 15.0),
    ("paid_social", 0.00, 0.30, 10.0),
    ("email", 0.02, 0.10, 6.0),
    ("referral", 0.15, 0.25, 7.0),
    ("webinar", 0.08, 0.10, 8.0),
    ("event", 0.10, 0.05, 7.0),
    ("direct", 0.05, 0.35, 9.0),
    ("partner", 0.10, 0.15, 5.0),
    ("content_syndication", 0.00, 0.05, 9.0),
)

FIRST_NAMES: tuple[str, ...] = (
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda",
    "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
    "Thomas", "Sarah", "Chris", "Karen", "Daniel", "Lisa", "Matthew", "Nancy",
    "Anthony", "Sandra", "Mark", "Ashley", "Steven", "Emily", "Andrew", "Michelle",
    "Joshua", "Amanda", "Kevin", "Melissa", "Brian", "Stephanie", "Ryan", "Rebecca",
    "Jacob", "Laura", "Nicholas", "Emma", "Eric", "Olivia", "Jonathan", "Sophie",
    "Priya", "Rahul", "Wei", "Mei", "Hiroshi", "Yuki", "Lukas", "Anna",
    "Jonas", "Lea", "Pierre", "Camille", "Lucas", "Ana", "Mateo", "Sofia",
    "Oluwaseun", "Amara", "Ahmed", "Fatima", "Ivan", "Olga", "Liam", "Chloe",
    "Noah", "Zoë", "José", "Søren", "Aisha", "Omar", "Hannah", "Ben",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark",
    "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
    "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts",
    "Patel", "Shah", "Kumar", "Singh", "Chen", "Wang", "Li", "Zhang",
    "Tanaka", "Sato", "Müller", "Schmidt", "Schneider", "Fischer", "Dubois", "Moreau",
    "Silva", "Santos", "Oliveira", "Costa", "Okafor", "Adeyemi", "Ivanov", "Petrov",
    "O'Brien", "O'Connor", "Murphy", "Kelly", "van der Berg", "de Vries", "Jansen", "Bakker",
    "Nielsen", "Hansen", "Larsen", "Johansson", "Rossi", "Russo", "Cohen", "Nguyen",
)  # fmt: skip

# Company names are brand = prefix + stem, plus a suffix: 60 x 50 x 16 distinct companies.
COMPANY_PREFIXES: tuple[str, ...] = (
    "Blue", "North", "Bright", "Silver", "Green", "Iron", "Clear", "Swift", "Nova", "Apex",
    "Summit", "Pine", "Harbor", "Red", "Stone", "Cloud", "Data", "Quantum", "Peak", "River",
    "Oak", "Sun", "Star", "Bold", "True", "Prime", "Lumen", "Vertex", "Atlas", "Orbit",
    "Cedar", "Maple", "Falcon", "Eagle", "Hawk", "Wolf", "Fox", "Bear", "Lion", "Tiger",
    "Alpine", "Coastal", "Metro", "Urban", "Polar", "Solar", "Lunar", "Astra", "Terra", "Aqua",
    "Crimson", "Golden", "Emerald", "Cobalt", "Amber", "Onyx", "Ivory", "Scarlet", "Indigo", "Jade",
)  # fmt: skip
COMPANY_STEMS: tuple[str, ...] = (
    "field", "wave", "point", "path", "bridge", "works", "gate", "line", "scale", "forge",
    "leaf", "ridge", "sight", "light", "mark", "core", "stack", "port", "grid", "loop",
    "spring", "view", "craft", "hub", "shift", "flow", "base", "tree", "rock", "wind",
    "stream", "lake", "hill", "vale", "crest", "mount", "bay", "brook", "wood", "star",
    "beam", "spark", "pulse", "logic", "mind", "byte", "cast", "dock", "lane", "well",
)  # fmt: skip
# (suffix in the company name, suffix in its email domain)
COMPANY_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("", ""), (" Inc", "inc"), (" Labs", "labs"), (" Systems", "systems"),
    (" Group", "group"), (" Technologies", "tech"), (" Solutions", "solutions"),
    (" Partners", "partners"), (" Co", "co"), (" Ltd", "ltd"), (" GmbH", "gmbh"),
    (" Digital", "digital"), (" Global", "global"), (" Works", "works"), (" HQ", "hq"),
    (" Corp", "corp"),
)  # fmt: skip
COMPANY_TLDS: tuple[tuple[str, float], ...] = (
    (".com", 78.0),
    (".io", 10.0),
    (".co", 5.0),
    (".net", 4.0),
    (".ai", 3.0),
)

PERSONAL_DOMAINS: tuple[tuple[str, float], ...] = (
    ("gmail.com", 50.0),
    ("yahoo.com", 13.0),
    ("hotmail.com", 11.0),
    ("outlook.com", 10.0),
    ("icloud.com", 6.0),
    ("aol.com", 3.0),
    ("protonmail.com", 2.0),
    ("gmx.de", 2.0),
    ("yahoo.co.uk", 2.0),
    ("live.com", 1.0),
)

# (email domain, institution, country)
ACADEMIC_DOMAINS: tuple[tuple[str, str, str], ...] = (
    ("mit.edu", "MIT", "US"),
    ("stanford.edu", "Stanford University", "US"),
    ("cs.stanford.edu", "Stanford University", "US"),
    ("berkeley.edu", "UC Berkeley", "US"),
    ("umich.edu", "University of Michigan", "US"),
    ("nyu.edu", "New York University", "US"),
    ("ox.ac.uk", "University of Oxford", "GB"),
    ("cam.ac.uk", "University of Cambridge", "GB"),
    ("ucl.ac.uk", "University College London", "GB"),
    ("unimelb.edu.au", "University of Melbourne", "AU"),
    ("sydney.edu.au", "University of Sydney", "AU"),
)

# (email domain, company): people at competitors who sign up to look around
COMPETITOR_DOMAINS: tuple[tuple[str, str], ...] = (
    ("pipelinepro.io", "PipelinePro"),
    ("funnelforge.com", "FunnelForge"),
    ("scorewise.io", "ScoreWise"),
    ("leadpilot.ai", "LeadPilot"),
)

# ---------------------------------------------------------------------------
# What contacts do. Intent (0..1) is bucketed into five tiers (0 = cold,
# 4 = in-market); tier 5 is students and interns, who browse like job seekers.
# Hand-raisers, unsubscribes and bounces are drawn per contact, not per event.
# ---------------------------------------------------------------------------

# (event type, weight per tier 0..5)
EVENT_MIX: tuple[tuple[str, tuple[float, ...]], ...] = (
    ("page_view", (50, 50, 48, 45, 42, 62)),
    ("email_open", (32, 26, 21, 17, 13, 20)),
    ("email_click", (4, 6, 8, 10, 10, 3)),
    ("content_download", (2, 3, 5, 6, 7, 3)),
    ("webinar_registration", (1, 2, 3, 4, 5, 2)),
    ("webinar_attendance", (0.3, 1, 2, 3, 4, 1)),
    ("form_submission", (1, 1, 2, 3, 4, 2)),
    ("chat_conversation", (0.2, 0.5, 1, 1.5, 2.5, 0.5)),
    ("event_attendance", (0.2, 0.4, 0.8, 1.2, 2, 0.3)),
)

# Research binges: the share of contacts per tier (0..5) who fetch all their
# gated assets within CONTENT_BINGE_DAYS days instead of over months (the
# velocity rules reward the burst); in-market contacts binge more often.
CONTENT_BINGE_RATE: tuple[float, ...] = (0.03, 0.06, 0.12, 0.2, 0.3, 0.05)
CONTENT_BINGE_DAYS = 5

SITE = "https://www.acmeflow.com"
# (page section, pages in it, weight of the whole section per tier 0..5)
PAGES: tuple[tuple[str, tuple[str, ...], tuple[float, ...]], ...] = (
    ("/", ("",), (14, 12, 10, 8, 6, 10)),
    (
        "/blog/",
        (
            "what-is-lead-scoring",
            "mql-vs-sql",
            "lead-lifecycle-stages",
            "b2b-funnel-metrics",
            "marketing-attribution-101",
            "email-nurture-playbook",
            "abm-for-beginners",
            "intent-data-explained",
            "sales-marketing-alignment",
            "demand-gen-trends-2025",
            "webinar-promotion-tips",
            "content-syndication-guide",
            "crm-hygiene-checklist",
            "pipeline-velocity",
            "lead-routing-best-practices",
        ),
        (45, 35, 25, 18, 12, 22),
    ),
    (
        "/product/",
        ("lead-scoring", "lifecycle-stages", "integrations", "analytics", "routing", "api"),
        (8, 12, 15, 18, 18, 5),
    ),
    ("/pricing", ("",), (2, 5, 9, 14, 18, 1)),
    ("/contact", ("",), (0.5, 1, 2, 4, 6, 1)),
    (
        "/docs/",
        ("getting-started", "scoring-rules", "crm-sync", "api-reference", "sso", "data-model"),
        (3, 6, 8, 10, 12, 5),
    ),
    (
        "/customers/",
        ("northwind", "globex", "initech", "umbrella-health", "stark-retail"),
        (2, 4, 6, 8, 8, 1),
    ),
    (
        "/integrations/",
        ("salesforce", "hubspot", "marketo", "slack", "snowflake"),
        (2, 3, 5, 6, 7, 1),
    ),
    (
        "/resources/",
        ("lead-scoring-guide", "state-of-demand-gen-report", "roi-calculator", "mql-template"),
        (6, 8, 8, 8, 7, 5),
    ),
    ("/about", ("",), (3, 3, 3, 2, 2, 6)),
    (
        "/careers/",
        ("software-engineer", "account-executive", "product-designer", "internships"),
        (4, 3, 2, 1, 0.5, 40),
    ),
)
UTM_SUFFIXES: tuple[str, ...] = (
    "?utm_source=google&utm_medium=cpc",
    "?utm_source=linkedin&utm_medium=paid_social",
    "?utm_source=newsletter&utm_medium=email",
    "?utm_source=g2&utm_medium=referral",
)
CONTENT_ASSETS: tuple[str, ...] = (
    "lead-scoring-guide",
    "state-of-demand-gen-report",
    "mql-template",
    "funnel-benchmarks-ebook",
    "abm-playbook",
)
EMAIL_STREAMS: tuple[str, ...] = (
    "newsletter",
    "nurture_awareness",
    "nurture_consideration",
    "product_update",
    "event_invite",
)
# one webinar a month, topics in rotation; conferences by quarter
WEBINAR_TOPICS: tuple[str, ...] = (
    "lead_scoring_101",
    "fixing_the_mql",
    "abm_in_practice",
    "pipeline_forecasting",
    "crm_data_quality",
    "product_tour",
)
CONFERENCES: tuple[str, ...] = ("saastr", "inbound", "mops_summit", "regional_roadshow")
# (hand-raiser event type, page, share of first hand-raises)
HAND_RAISERS: tuple[tuple[str, str, float], ...] = (
    ("demo_request", "/demo", 0.45),
    ("trial_signup", "/signup/trial", 0.30),
    ("contact_sales_request", "/contact-sales", 0.25),
)

# ---------------------------------------------------------------------------
# What sales does with them.
# ---------------------------------------------------------------------------
SDR_REPS = 16  # rep_001..rep_016 work new leads: calls, emails, dispositions
AE_REPS = 8  # rep_017..rep_024 run meetings and opportunities
ACCEPT_REASONS: tuple[str | None, ...] = (None, None, None, "meeting booked", "qualified")
# Reps work office hours (Monday to Friday, 09:00-17:00) in the time zone of
# the team that serves a lead's country; a first touch due outside them
# waits for the next office morning, except for this share (an eager rep, an
# automated email). So a lead that qualifies on Friday night is answered on
# Monday: the business-hours SLA (seeds/lifecycle/business_hours.csv) tells
# that apart from a slow rep.
OFF_HOURS_TOUCH_RATE = 0.15
OFFICE_START_HOUR, OFFICE_END_HOUR = 9, 17
OFFICE_TIME_ZONES: dict[str, str] = {
    "US": "America/New_York", "GB": "Europe/London", "DE": "Europe/Berlin",
    "CA": "America/Toronto", "FR": "Europe/Paris", "IN": "Asia/Kolkata",
    "AU": "Australia/Sydney", "NL": "Europe/Amsterdam", "BR": "America/Sao_Paulo",
    "ES": "Europe/Madrid", "IE": "Europe/Dublin", "SE": "Europe/Stockholm",
    "SG": "Asia/Singapore", "JP": "Asia/Tokyo", "MX": "America/Mexico_City",
    "RU": "Europe/Moscow", "CN": "Asia/Shanghai", "NG": "Africa/Lagos",
    "PK": "Asia/Karachi", "VN": "Asia/Ho_Chi_Minh", "BD": "Asia/Dhaka", "EG": "Africa/Cairo",
}  # fmt: skip
RECYCLE_REASONS: tuple[str, ...] = (
    "not ready to buy",
    "no response",
    "timing: next quarter",
    "budget frozen",
    "nurture",
)
DISQUALIFY_REASONS: tuple[str, ...] = (
    "no budget",
    "not a decision maker",
    "company too small",
    "no need",
    "bad contact data",
    "using a competitor",
)

# ---------------------------------------------------------------------------
# The mess: what share of rows (or contacts) carries each defect.
# ---------------------------------------------------------------------------
ACTIVITY_LOGNORMAL = (2.85, 0.9)  # (mu, sigma) of a contact's activity level: ~20 events avg
ANONYMOUS_VISITORS_PER_CONTACT = 0.25  # visitors who never become contacts
VISITOR_LINK_RATE = 0.7  # first-seen-anonymous contacts whose visitor gets linked
REDELIVERED_EVENT_RATE = 0.02  # same event_id delivered again
LATE_EVENT_RATE = 0.03  # loaded 1-10 days after it happened
MERGED_CONTACT_RATE = 0.01  # contacts merged into another (a duplicate person)
MERGED_RECORD_GONE_RATE = 0.4  # merged contacts whose own record left the export
DELETED_CONTACT_RATE = 0.003  # contacts deleted from the CRM: their rows become orphans
CONTACT_VERSION_RATE = 0.05  # contacts with a later, changed record version
PERSONAL_EMAIL_RATE = 0.07
ACADEMIC_EMAIL_RATE = 0.01  # plus most students
COMPETITOR_EMAIL_RATE = 0.005
OFFSET_TIMESTAMP_RATE = 0.05  # written with 'Z' or a UTC offset (2% / 3%)
# malformed rows, each well under 0.5%
EMAIL_NO_AT_RATE = 0.0015
EMAIL_SPACE_RATE = 0.0015
NULL_CONTACT_ID_ROW_RATE = 0.002  # an extra contact row whose id is blank
BAD_UPDATED_AT_ROW_RATE = 0.001  # an extra contact row whose updated_at does not parse
NULL_EVENT_ID_RATE = 0.002
UNKNOWN_EVENT_TYPE_RATE = 0.003
FUTURE_EVENT_RATE = 0.001  # occurred_at days after loaded_at: a clock error
BAD_TIMESTAMP_RATE = 0.002
UNKNOWN_EVENT_TYPES: tuple[str, ...] = (
    "podcast_listen",
    "social_share",
    "ad_impression",
    "sms_click",
)
BAD_TIMESTAMPS: tuple[str, ...] = ("not a date", "31/02/2025", "2025-02-30 10:00:00", "N/A")
# (seconds east of UTC, as written)
UTC_OFFSETS: tuple[tuple[int, str], ...] = (
    (7200, "+02:00"),
    (-18000, "-05:00"),
    (19800, "+05:30"),
    (3600, "+01:00"),
    (-28800, "-08:00"),
    (36000, "+10:00"),
)

SLOTS = 10_000  # resolution of the weighted pick tables
_PREFIX = "_leadflow_gen_"
_COMPANY_NAMES = len(COMPANY_PREFIXES) * len(COMPANY_STEMS) * len(COMPANY_SUFFIXES)
_COMPANY_SHUFFLE = 7919  # a multiplier coprime with _COMPANY_NAMES: a permutation of names
assert math.gcd(_COMPANY_SHUFFLE, _COMPANY_NAMES) == 1
DAY = 86_400


# ---------------------------------------------------------------------------
# SQL helpers
# ---------------------------------------------------------------------------


def _lit(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def _list(values: Sequence[object]) -> str:
    return "[" + ", ".join(_lit(v) for v in values) + "]"


def _pick(values: Sequence[object], u: str) -> str:
    """SQL choosing one of `values` uniformly by the uniform expression `u`."""
    return f"{_list(values)}[1 + floor(({u}) * {len(values)})::integer]"


def _insert(table: str) -> str:
    """`insert into raw.<table> (<every column>)`: selects list them in contract order."""
    columns = ", ".join(f'"{c}"' for c in RAW_TABLES[table].all_columns)
    return f'insert into {RAW_SCHEMA}."{table}" ({columns})'


def _pick_table_sql(
    name: str, columns: Sequence[str], items: Sequence[tuple[Sequence[object], Sequence[float]]]
) -> str:
    """A weighted lookup table (key, columns...). Each tier (one weight per
    item per tier) owns SLOTS consecutive keys, shared out by weight, so
    `key = tier * SLOTS + floor(u * SLOTS)` is a weighted draw that costs one
    hash join."""
    rows = []
    for tier in range(len(items[0][1])):
        total = sum(weights[tier] for _, weights in items)
        cumulative, lo = 0.0, 0
        for values, weights in items:
            cumulative += weights[tier]
            hi = round(cumulative / total * SLOTS)
            if hi > lo:
                rows.append("(" + ", ".join(_lit(v) for v in (tier, lo, hi, *values)) + ")")
            lo = hi
    picked = ", ".join(f"p.{c}" for c in columns)
    return f"""
        create or replace temp table {_PREFIX}{name} as
        select (p.tier * {SLOTS} + r.range)::integer as key, {picked}
        from range({SLOTS}) as r
        join (values {", ".join(rows)}) as p(tier, slot_lo, slot_hi, {", ".join(columns)})
            on r.range >= p.slot_lo and r.range < p.slot_hi
    """


def _pick_tables() -> list[str]:
    pages = [
        ((f"{SITE}{section}{page}",), tuple(w / len(pages_in) for w in weights))
        for section, pages_in, weights in PAGES
        for page in pages_in
    ]
    return [
        _pick_table_sql(
            "titles",
            ("title", "seniority", "persona", "fit"),
            [((t, s, p, f), (w,)) for t, s, p, f, w in TITLES],
        ),
        _pick_table_sql(
            "sizes",
            ("band", "min_employees", "max_employees", "fit", "acv"),
            [((i, lo, hi, f, acv), (w,)) for i, (lo, hi, f, acv, w) in enumerate(COMPANY_SIZES)],
        ),
        _pick_table_sql(
            "industries", ("industry", "fit"), [((n, f), (w,)) for n, f, w in INDUSTRIES]
        ),
        _pick_table_sql("countries", ("code", "fit"), [((c, f), (w,)) for c, f, w in COUNTRIES]),
        _pick_table_sql(
            "sources",
            ("source", "boost", "visitor_rate"),
            [((s, b, v), (w,)) for s, b, v, w in LEAD_SOURCES],
        ),
        _pick_table_sql("tlds", ("tld",), [((t,), (w,)) for t, w in COMPANY_TLDS]),
        _pick_table_sql("personal", ("domain",), [((d,), (w,)) for d, w in PERSONAL_DOMAINS]),
        _pick_table_sql("event_mix", ("event_type",), [((e,), w) for e, w in EVENT_MIX]),
        _pick_table_sql("pages", ("url",), pages),
    ]


def _macros(seed: int) -> list[str]:
    offsets = ", ".join(str(s) for s, _ in UTC_OFFSETS)
    offset_texts = _list([t for _, t in UTC_OFFSETS])
    z_share = OFFSET_TIMESTAMP_RATE * 0.4
    width = (OFFSET_TIMESTAMP_RATE - z_share) / len(UTC_OFFSETS)
    return [
        # three independent 21-bit uniforms in [0, 1) from one 64-bit hash
        f"create or replace temp macro {_PREFIX}u(h, j) as "
        "((h >> (21 * j)::ubigint) & 2097151::ubigint)::double / 2097152.0",
        # hash() combines its arguments with a cheap xor, so draws under two
        # salts would be correlated; hashing the result again mixes them apart
        f"create or replace temp macro {_PREFIX}h(a, b, salt) as "
        f"hash(hash({int(seed)}::bigint, a::bigint, b::bigint, salt))",
        # a standard normal draw (Box-Muller)
        f"create or replace temp macro {_PREFIX}z(u1, u2) as "
        "sqrt(-2 * ln(1 - u1)) * cos(2 * pi() * u2)",
        # epoch seconds -> raw text: mostly 'YYYY-MM-DD HH:MM:SS' UTC, a share
        # with 'Z' or an offset that denotes the same instant
        f"""create or replace temp macro {_PREFIX}ts(sec, u) as
        case
            when u < {z_share} then strftime(epoch_ms(sec::bigint * 1000), '%Y-%m-%dT%H:%M:%SZ')
            when u < {OFFSET_TIMESTAMP_RATE} then
                strftime(
                    epoch_ms((sec::bigint
                        + [{offsets}][1 + floor((u - {z_share}) / {width})::integer]) * 1000),
                    '%Y-%m-%dT%H:%M:%S'
                ) || {offset_texts}[1 + floor((u - {z_share}) / {width})::integer]
            else strftime(epoch_ms(sec::bigint * 1000), '%Y-%m-%d %H:%M:%S')
        end""",
        f"create or replace temp macro {_PREFIX}plain(sec) as "
        "strftime(epoch_ms(sec::bigint * 1000), '%Y-%m-%d %H:%M:%S')",
        # seconds of delay between a thing happening and its row landing
        f"create or replace temp macro {_PREFIX}lag(u) as 30 + floor(pow(u, 3) * 6 * 3600)::bigint",
        f"create or replace temp macro {_PREFIX}rep(n) as printf('rep_%03d', n)",
    ]


# ---------------------------------------------------------------------------
# Step 1: people. One row per generated contact with its hidden truth (intent,
# fit, flags) and its identity; duplicates copy the identity of the contact
# they will be merged into.
# ---------------------------------------------------------------------------


def _people_sql(n: int, seed: int, start: int, window: int) -> str:
    p = _PREFIX
    companies = max(1, min(_COMPANY_NAMES, math.ceil(n / 4)))
    shift = seed % _COMPANY_NAMES
    n_pre, n_stem = len(COMPANY_PREFIXES), len(COMPANY_STEMS)
    academic_names = _list([a[1] for a in ACADEMIC_DOMAINS])
    academic_domains = _list([a[0] for a in ACADEMIC_DOMAINS])
    competitor_names = _list([c[1] for c in COMPETITOR_DOMAINS])
    competitor_domains = _list([c[0] for c in COMPETITOR_DOMAINS])
    return f"""
    create or replace temp table {p}people as
    with
    draws as (
        select
            range as i,
            {p}h(range, 0, 'who') as h_who,
            {p}h(range, 0, 'company') as h_company,
            {p}h(range, 0, 'when') as h_when,
            {p}h(range, 0, 'why') as h_why,
            {p}h(range, 0, 'email') as h_email,
            {p}h(range, 0, 'flags') as h_flags
        from range(1, {n} + 1)
    ),

    -- contacts cluster in companies: a few popular accounts, a long tail
    placed as (
        select
            *,
            floor({companies} * pow({p}u(h_company, 0), 1.8))::bigint as company_no
        from draws
    ),

    companies as (
        select
            *,
            ((company_no * {_COMPANY_SHUFFLE} + {shift}) % {_COMPANY_NAMES})::bigint as name_no,
            {p}h(company_no, 0, 'company') as h_co,
            company_no / {companies} as popularity_rank
        from placed
    ),

    named as (
        select
            *,
            {_list(COMPANY_PREFIXES)}[1 + (name_no % {n_pre})::integer]
                || {_list(COMPANY_STEMS)}[1 + (name_no // {n_pre} % {n_stem})::integer]
                as brand,
            {_list([s for s, _ in COMPANY_SUFFIXES])}[1 + (name_no // {n_pre * n_stem})::integer]
                as suffix,
            {_list([d for _, d in COMPANY_SUFFIXES])}[1 + (name_no // {n_pre * n_stem})::integer]
                as domain_suffix,
            -- popular accounts skew to larger companies
            pow({p}u(h_co, 0), 0.4 + 1.2 * sqrt(popularity_rank)) as u_size
        from companies
    ),

    attributed as (
        select
            n.i,
            n.h_who,
            n.h_when,
            n.h_why,
            n.h_email,
            n.h_flags,
            {_pick(FIRST_NAMES, f"{p}u(n.h_who, 0)")} as first_name,
            {_pick(LAST_NAMES, f"{p}u(n.h_who, 1)")} as last_name,
            t.title as job_title,
            t2.title as alt_title,
            t.seniority,
            t.fit as title_fit,
            n.brand || n.suffix as company_name,
            lower(n.brand || n.domain_suffix) || tld.tld as company_domain,
            ind.industry,
            ind.fit as industry_fit,
            sz.band as size_band,
            -- log-uniform within the band
            least(sz.max_employees, floor(sz.min_employees * exp(
                {p}u(n.h_co, 1) * ln((sz.max_employees + 1.0) / sz.min_employees)
            )))::bigint as company_size,
            sz.fit as size_fit,
            sz.acv,
            ctry.code as country,
            ctry.fit as country_fit,
            src.source as lead_source,
            src.boost as source_boost,
            src.visitor_rate
        from named as n
        join {p}titles as t
            on t.key = floor({p}u(n.h_who, 2) * {SLOTS})::integer
        join {p}titles as t2
            on t2.key = floor({p}u({p}h(n.i, 1, 'who'), 0) * {SLOTS})::integer
        join {p}industries as ind
            on ind.key = floor({p}u(n.h_co, 2) * {SLOTS})::integer
        join {p}sizes as sz
            on sz.key = floor(n.u_size * {SLOTS})::integer
        join {p}tlds as tld
            on tld.key = floor({p}u({p}h(n.company_no, 1, 'company'), 0) * {SLOTS})::integer
        join {p}countries as ctry
            on ctry.key = floor({p}u(n.h_when, 1) * {SLOTS})::integer
        join {p}sources as src
            on src.key = floor({p}u(n.h_when, 2) * {SLOTS})::integer
    ),

    -- what kind of mailbox the contact signs up with; students mostly use
    -- their university address
    mailboxes as (
        select
            *,
            case
                when seniority = 'student' then
                    case when {p}u(h_email, 0) < 0.55 then 'academic' else 'personal' end
                when {p}u(h_email, 0) < {PERSONAL_EMAIL_RATE} then 'personal'
                when {p}u(h_email, 0) < {PERSONAL_EMAIL_RATE + ACADEMIC_EMAIL_RATE}
                    then 'academic'
                when {p}u(h_email, 0)
                    < {PERSONAL_EMAIL_RATE + ACADEMIC_EMAIL_RATE + COMPETITOR_EMAIL_RATE}
                    then 'competitor'
                else 'corporate'
            end as email_kind,
            floor({p}u(h_email, 1) * {len(ACADEMIC_DOMAINS)})::integer + 1 as academic_no,
            floor({p}u(h_email, 1) * {len(COMPETITOR_DOMAINS)})::integer + 1 as competitor_no
        from attributed
    ),

    -- academics and competitors work where their mailbox says
    identities as (
        select
            * replace (
                case email_kind
                    when 'academic' then {academic_names}[academic_no]
                    when 'competitor' then {competitor_names}[competitor_no]
                    else company_name
                end as company_name,
                case email_kind
                    when 'academic' then {academic_domains}[academic_no]
                    when 'competitor' then {competitor_domains}[competitor_no]
                    else company_domain
                end as company_domain,
                case email_kind
                    when 'academic' then 'Education'
                    when 'competitor' then 'Software'
                    else industry
                end as industry,
                case email_kind when 'academic' then 0.1 else industry_fit end as industry_fit,
                case email_kind
                    when 'academic' then {_list([a[2] for a in ACADEMIC_DOMAINS])}[academic_no]
                    else country
                end as country,
                case when email_kind = 'academic' then 1.0 else country_fit end as country_fit
            )
        from mailboxes
    ),

    -- the hidden truth: fit from the profile, intent partly from the channel
    truths as (
        select
            *,
            0.45 * title_fit + 0.25 * size_fit + 0.15 * industry_fit + 0.15 * country_fit as fit,
            {start} + floor(pow({p}u(h_when, 0), 0.85) * {window})::bigint as created_sec,
            {p}u(h_flags, 0) as u_flag
        from identities
    )

    select
        *,
        least(1.0, pow({p}u(h_why, 0), 2) * (0.7 + 0.6 * fit) + source_boost) as intent,
        u_flag < {MERGED_CONTACT_RATE} as is_merge_candidate,
        u_flag >= {MERGED_CONTACT_RATE}
            and u_flag < {MERGED_CONTACT_RATE + DELETED_CONTACT_RATE} as is_deleted,
        -- the contact a merge candidate duplicates (never itself)
        case when u_flag < {MERGED_CONTACT_RATE} then nullif(
            1 + floor({p}u(h_flags, 1) * {n})::bigint, i
        ) end as survivor_candidate
    from truths
    """


# ---------------------------------------------------------------------------
# Step 2: contacts. Resolves merges, writes the email, and lays out each
# contact's raw event rows as slots: [anonymous pre-visits][link][bulk]
# [hand-raisers][unsubscribe/bounce][re-deliveries]. Knowing the slot counts
# up front gives every event row a dense, deterministic _source_row.
# ---------------------------------------------------------------------------

_IDENTITY = (
    "first_name",
    "last_name",
    "job_title",
    "alt_title",
    "seniority",
    "company_name",
    "company_domain",
    "industry",
    "company_size",
    "size_band",
    "acv",
    "country",
    "country_fit",
    "fit",
)


def _contacts_sql(seed: int, start: int, as_of: int) -> str:
    p = _PREFIX
    window = as_of - start
    mu, sigma = ACTIVITY_LOGNORMAL
    identity = ",\n            ".join(
        f"case when s.i is not null then s.{c} else b.{c} end as {c}" for c in _IDENTITY
    )
    hand_types = [h[0] for h in HAND_RAISERS]
    first_hand = (
        "case "
        + " ".join(
            f"when {p}u(h_hand, 1) < {sum(h[2] for h in HAND_RAISERS[: k + 1])} then {_lit(h[0])}"
            for k, h in enumerate(HAND_RAISERS[:-1])
        )
        + f" else {_lit(HAND_RAISERS[-1][0])} end"
    )
    return f"""
    create or replace temp table {p}contacts as
    with
    resolved as (
        -- a duplicate record is the same person as its survivor; a candidate
        -- whose survivor is itself a duplicate or deleted stays a plain contact
        select
            b.i,
            b.h_email,
            b.h_flags,
            b.created_sec,
            b.intent,
            b.lead_source,
            b.visitor_rate,
            b.is_deleted,
            b.email_kind as own_email_kind,
            s.i is not null as is_merged,
            s.i as survivor_no,
            s.email_kind as survivor_email_kind,
            s.created_sec as survivor_created_sec,
            {identity}
        from {p}people as b
        left join (
            select * from {p}people where not is_merge_candidate and not is_deleted
        ) as s
            on s.i = b.survivor_candidate
    ),

    merged as (
        select
            *,
            case
                when not is_merged then own_email_kind
                when {p}u(h_email, 2) < 0.5 then 'personal'
                else survivor_email_kind
            end as email_kind,
            case when is_merged then
                greatest(created_sec, survivor_created_sec) + floor(
                    {p}u(h_flags, 2) * 0.8
                    * ({as_of} - greatest(created_sec, survivor_created_sec))
                )::bigint
            end as merged_sec,
            {p}h(i, 0, 'events') as h_events,
            {p}h(i, 0, 'hand') as h_hand,
            {p}h(i, 0, 'raw') as h_raw,
            {p}h(i, 0, 'versions') as h_versions
        from resolved
    ),

    emailed as (
        select
            *,
            regexp_replace(strip_accents(lower(first_name)), '[^a-z]', '', 'g') as f,
            regexp_replace(strip_accents(lower(last_name)), '[^a-z]', '', 'g') as l,
            {p}u(h_raw, 0) as u_local,
            (10 + floor({p}u(h_raw, 1) * 89))::integer as digits
        from merged
    ),

    addressed as (
        select
            *,
            case
                when email_kind = 'personal' then
                    case
                        when u_local < 0.35 then f || '.' || l || digits
                        when u_local < 0.60 then f || l || digits
                        when u_local < 0.80 then f || '.' || l
                        else f[1] || l || digits
                    end
                when u_local < 0.55 then f || '.' || l
                when u_local < 0.70 then f[1] || l
                when u_local < 0.78 then f
                when u_local < 0.83 then f || '_' || l
                when u_local < 0.90 then f || l[1]
                when u_local < 0.93 then l || '.' || f
                else f || '.' || l || (1 + floor({p}u(h_raw, 2) * 9))::integer
            end || '@' || case
                when email_kind = 'personal' then pd.domain
                else company_domain
            end as clean_email,
            case when is_merged then merged_sec else {as_of} end as active_end_sec,
            case
                when seniority = 'student' then 5
                else least(4, floor(intent * 5))::integer
            end as tier
        from emailed
        join {p}personal as pd
            on pd.key = floor({p}u(h_email, 1) * {SLOTS})::integer
    ),

    -- how much each contact does: a skewed activity level, scaled by intent
    -- and by how long it has been around
    engaged as (
        select
            *,
            {p}u(h_events, 0) < visitor_rate as has_visitor,
            least(600, floor(
                exp({mu} + {sigma} * {p}z({p}u(h_events, 1), {p}u(h_events, 2)))
                * (0.35 + 0.65 * (active_end_sec - created_sec) / {window})
                * (0.5 + 1.4 * intent)
            ))::bigint as n_bulk,
            {p}u(h_hand, 0)
                < least(0.9, 0.01 + 0.5 * pow(intent, 1.5) * (0.4 + 0.6 * fit)) as is_hand_raiser,
            {first_hand} as hand_type
        from addressed
    ),

    slotted as (
        select
            *,
            case when has_visitor then
                1 + floor(pow({p}u(h_versions, 0), 1.5) * 10)::bigint
            else 0 end as n_pre,
            case when has_visitor and {p}u(h_versions, 1) < {VISITOR_LINK_RATE}
                then 1 else 0 end as n_link,
            case
                when not is_hand_raiser then 0
                when {p}u(h_hand, 2) < 0.25 then 2
                else 1
            end as n_hand,
            {_list(hand_types)}[
                1 + (list_position({_list(hand_types)}, hand_type) % {len(hand_types)})
            ] as hand_type_2,
            created_sec + floor(
                (0.03 + 0.6 * {p}u({p}h(i, 1, 'hand'), 0)) * (active_end_sec - created_sec)
            )::bigint as hand_sec,
            case
                when {p}u(h_versions, 2) < 0.06 + 0.08 * (1 - intent) then 'unsubscribe'
                when {p}u(h_versions, 2) < 0.08 + 0.08 * (1 - intent) then 'email_bounce'
            end as neg_type
        from engaged
    ),

    counted as (
        select
            *,
            n_pre + n_link + n_bulk + n_hand + (neg_type is not null)::integer as primary_events
        from slotted
    ),

    with_copies as (
        select
            *,
            floor(
                primary_events * {REDELIVERED_EVENT_RATE} + {p}u({p}h(i, 1, 'events'), 0)
            )::bigint as n_copies
        from counted
    )

    select
        *,
        printf('c%d-%07d', {int(seed)}, i) as contact_id,
        printf('%08x-%04x-4%03x-a%03x-%012x',
            {p}h(i, 0, 'visitor') >> 32,
            {p}h(i, 0, 'visitor') & 65535,
            ({p}h(i, 0, 'visitor') >> 16) & 4095,
            {p}h(i, 1, 'visitor') & 4095,
            {p}h(i, 1, 'visitor') >> 16
        ) as visitor_id,
        primary_events + n_copies as event_rows,
        coalesce(sum(primary_events + n_copies) over (
            order by i rows between unbounded preceding and 1 preceding
        ), 0)::bigint as event_offset
    from with_copies
    """


# ---------------------------------------------------------------------------
# Step 3: raw.contacts. One row per record version: the first version, a
# later changed one for some, and a few broken extra rows.
# ---------------------------------------------------------------------------


def _raw_contacts_sql(as_of: int, source: str) -> str:
    p = _PREFIX
    spelled = (
        "case country "
        + " ".join(
            f"when {_lit(code)} then {_list([s for c, s in COUNTRY_SPELLINGS if c == code])}"
            for code in dict.fromkeys(c for c, _ in COUNTRY_SPELLINGS)
        )
        + " end"
    )
    no_at = EMAIL_NO_AT_RATE
    space = EMAIL_NO_AT_RATE + EMAIL_SPACE_RATE
    null_id = NULL_CONTACT_ID_ROW_RATE
    bad_updated = NULL_CONTACT_ID_ROW_RATE + BAD_UPDATED_AT_ROW_RATE
    return f"""
    {_insert("contacts")}
    with
    present as (
        -- deleted contacts and some merged-away ones are gone from the export
        select
            *,
            {p}h(i, 0, 'record') as h_rows,
            {p}h(i, 1, 'record') as h_change,
            {p}h(i, 2, 'record') as h_fields,
            {p}h(i, 3, 'record') as h_blanks,
            {p}h(i, 4, 'record') as h_times
        from {p}contacts
        where not is_deleted
          and not (is_merged and {p}u({p}h(i, 5, 'record'), 0) < {MERGED_RECORD_GONE_RATE})
    ),

    versions as (
        -- 1 = first record; 2 = a later version with a new title or size
        -- (merged records are frozen); 3 = a copy with a blank id;
        -- 4 = a copy whose updated_at does not parse
        select
            *,
            unnest(list_concat(
                [1],
                case when not is_merged and {p}u(h_rows, 0) < {CONTACT_VERSION_RATE}
                    then [2] else [] end,
                case when {p}u(h_rows, 1) < {null_id} then [3]
                     when {p}u(h_rows, 1) < {bad_updated} then [4]
                     else [] end
            )) as version
        from present
    ),

    timed as (
        select
            *,
            case
                when version = 2 then created_sec + floor(
                    (0.1 + 0.9 * {p}u(h_rows, 2)) * (active_end_sec - created_sec)
                )::bigint
                -- the first record settles within two days of creation
                else least(
                    active_end_sec,
                    created_sec + floor(pow({p}u(h_change, 0), 2) * 2 * {DAY})::bigint
                )
            end as updated_sec,
            version = 2 and {p}u(h_change, 1) < 0.65 as new_title,
            version = 2 and {p}u(h_change, 1) >= 0.5 as new_size
        from versions
    )

    select
        case when version = 3 then null else contact_id end as contact_id,
        case
            when {p}u(h_fields, 0) < {no_at} then replace(clean_email, '@', ' at ')
            when {p}u(h_fields, 0) < {space} then regexp_replace(clean_email, '\\.', ' ')
            when {p}u(h_fields, 0) < {space + 0.02} then upper(clean_email)
            else clean_email
        end as email,
        case when {p}u(h_blanks, 0) < 0.005 then null else first_name end as first_name,
        case when {p}u(h_blanks, 0) > 0.995 then null else last_name end as last_name,
        case
            when {p}u(h_fields, 1) < 0.04 then null
            when {p}u(h_fields, 1) < 0.06 then
                lower(case when new_title then alt_title else job_title end)
            when new_title then alt_title
            else job_title
        end as job_title,
        company_name,
        case
            when {p}u(h_blanks, 1) < 0.08 then null
            when new_size then (company_size * (1.1 + 0.7 * {p}u(h_change, 2)))::bigint::varchar
            else company_size::varchar
        end as company_size,
        case when {p}u(h_blanks, 2) < 0.07 then null else industry end as industry,
        case
            when {p}u(h_fields, 2) < 0.03 then null
            when {p}u(h_fields, 2) < 0.05 and {spelled} is not null
                then list_extract({spelled}, 1 + floor({p}u(h_change, 2) * len({spelled}))::integer)
            when {p}u(h_fields, 2) < 0.06 then lower(country)
            else country
        end as country,
        case
            when {p}u(h_blanks, 0) between 0.3 and 0.32 then null
            when {p}u(h_blanks, 0) between 0.6 and 0.61
                then upper(lead_source[1]) || replace(lead_source[2:], '_', ' ')
            else lead_source
        end as lead_source,
        {p}ts(created_sec, {p}u(h_times, 0)) as created_at,
        case when version = 4 then {_pick(BAD_TIMESTAMPS, f"{p}u(h_change, 2)")}
             else {p}ts(updated_sec, {p}u(h_times, 1)) end as updated_at,
        {p}plain(least({as_of}, updated_sec + {p}lag({p}u(h_times, 2)))) as {LOADED_AT},
        {_lit(source)} as {SOURCE_FILE},
        row_number() over (order by i, version)::varchar as {SOURCE_ROW}
    from timed
    """


def _raw_merges_sql(as_of: int, source: str) -> str:
    p = _PREFIX
    return f"""
    {_insert("contact_merges")}
    select
        m.contact_id,
        s.contact_id,
        {p}ts(m.merged_sec, {p}u({p}h(m.i, 0, 'merge'), 0)),
        {p}plain(least({as_of}, m.merged_sec + {p}lag({p}u({p}h(m.i, 0, 'merge'), 1)))),
        {_lit(source)},
        row_number() over (order by m.i)::varchar
    from {p}contacts as m
    join {p}contacts as s
        on s.i = m.survivor_no
    where m.is_merged
    """


# ---------------------------------------------------------------------------
# Step 4: raw.engagement_events, one streaming insert. Slots of known contacts
# and of visitors who never become contacts; a slot past primary_events is a
# re-delivery of an earlier slot and repeats its content.
# ---------------------------------------------------------------------------


def _visitors_sql(n: int, start: int, window: int, offset: int) -> str:
    p = _PREFIX
    visitors = round(n * ANONYMOUS_VISITORS_PER_CONTACT)
    return f"""
    create or replace temp table {p}visitors as
    with drawn as (
        select
            range as i,
            {p}h(range, 0, 'stranger') as h
        from range(1, {visitors} + 1)
    ),
    sized as (
        select
            i,
            {start} + floor({p}u(h, 0) * {window})::bigint as first_sec,
            -- strangers are mostly cold readers
            least(4, floor(pow({p}u(h, 1), 2.5) * 5))::integer as tier,
            1 + floor(pow({p}u(h, 2), 2) * 8)::bigint as n_pre,
            printf('%08x-%04x-4%03x-b%03x-%012x',
                {p}h(i, 1, 'stranger') >> 32,
                {p}h(i, 1, 'stranger') & 65535,
                ({p}h(i, 1, 'stranger') >> 16) & 4095,
                {p}h(i, 2, 'stranger') & 4095,
                {p}h(i, 2, 'stranger') >> 16
            ) as visitor_id
        from drawn
    ),
    copied as (
        select
            *,
            floor(n_pre * {REDELIVERED_EVENT_RATE} + {p}u({p}h(i, 3, 'stranger'), 0))::bigint
                as n_copies
        from sized
    )
    select
        *,
        {offset} + coalesce(sum(n_pre + n_copies) over (
            order by i rows between unbounded preceding and 1 preceding
        ), 0)::bigint as event_offset
    from copied
    """


def _raw_events_sql(seed: int, start: int, as_of: int, source: str) -> str:
    p = _PREFIX
    first_bad = NULL_EVENT_ID_RATE
    unknown = first_bad + UNKNOWN_EVENT_TYPE_RATE
    future = unknown + FUTURE_EVENT_RATE
    unparseable = future + BAD_TIMESTAMP_RATE
    web_types = _list(["page_view", "chat_conversation", "form_submission", "content_download"])
    hand_pages = " ".join(f"when {_lit(t)} then {_lit(SITE + url)}" for t, url, _ in HAND_RAISERS)
    # one webinar a month with topics in rotation; one conference a quarter
    webinar = (
        f"{_list(WEBINAR_TOPICS)}[1 + ((year(occurred_ts) * 12 + month(occurred_ts))"
        f" % {len(WEBINAR_TOPICS)})::integer]"
    )
    conference = f"{_list(CONFERENCES)}[1 + ((quarter(occurred_ts) - 1) % {len(CONFERENCES)})]"
    binge = CONTENT_BINGE_DAYS * DAY
    return f"""
    {_insert("engagement_events")}
    with
    owners as (
        select
            0 as part, i, contact_id, visitor_id, n_link > 0 as is_linked, tier, created_sec,
            active_end_sec, n_pre, n_link, n_bulk, n_hand, hand_type, hand_type_2, hand_sec,
            neg_type, primary_events, event_rows, event_offset
        from {p}contacts
        union all
        select
            1, i, null, visitor_id, false, tier, first_sec,
            least({as_of}, first_sec + 14 * {DAY}), n_pre, 0, 0, 0, null, null, null,
            null, n_pre, n_pre + n_copies, event_offset
        from {p}visitors
    ),

    slots as (
        select
            * exclude (event_rows),
            unnest(range(event_rows)) as k
        from owners
    ),

    resolved as (
        select
            *,
            k >= primary_events as is_redelivery,
            case when k < primary_events then k else floor(
                {p}u({p}h(i * 2 + part, k, 'copy_of'), 0) * primary_events
            )::bigint end as slot
        from slots
    ),

    hashed as (
        select
            *,
            {p}h(i * 2 + part, slot, 'event') as h1,
            {p}h(i * 2 + part, slot, 'event_2') as h2,
            {p}h(i * 2 + part, slot, 'event_3') as h3,
            {p}h(i * 2 + part, k, 'delivery') as h_delivery,
            case
                when slot < n_pre then 'pre'
                when slot < n_pre + n_link then 'link'
                when slot < n_pre + n_link + n_bulk then 'bulk'
                when slot < n_pre + n_link + n_bulk + n_hand then 'hand'
                else 'neg'
            end as kind
        from resolved
    ),

    typed as (
        select
            h.*,
            case h.kind
                when 'pre' then 'page_view'
                when 'link' then 'form_submission'
                when 'bulk' then mix.event_type
                when 'hand' then case
                    when h.slot = h.n_pre + h.n_link + h.n_bulk then h.hand_type
                    else h.hand_type_2 end
                else h.neg_type
            end as event_type,
            pg.url as page_url
        from hashed as h
        join {p}event_mix as mix
            on mix.key = h.tier * {SLOTS} + floor({p}u(h.h1, 0) * {SLOTS})::integer
        join {p}pages as pg
            on pg.key = h.tier * {SLOTS} + floor({p}u(h.h1, 1) * {SLOTS})::integer
    ),

    timed as (
        select
            *,
            case
                -- pre-visits: research in the weeks before the contact form
                when kind = 'pre' and part = 0 then created_sec - 60 - floor(
                    pow({p}u(h1, 2), 2) * least(45 * {DAY}, created_sec - {start})
                )::bigint
                -- strangers: a burst of visits within two weeks
                when kind = 'pre' then created_sec
                    + floor({p}u(h1, 2) * (active_end_sec - created_sec))::bigint
                -- the form that created the contact (and ties the visitor to it)
                when kind = 'link' then created_sec - 5 - floor({p}u(h1, 2) * 55)::bigint
                when kind = 'hand' and slot = n_pre + n_link + n_bulk then hand_sec
                when kind = 'hand' then hand_sec
                    + floor({p}u(h1, 2) * 0.5 * (active_end_sec - hand_sec))::bigint
                -- a research binge: every download within a few days, from a
                -- start drawn once per contact
                when event_type = 'content_download' and kind = 'bulk'
                    and {p}u({p}h(i * 2 + part, 0, 'binge'), 0)
                        < {_list(CONTENT_BINGE_RATE)}[tier + 1]
                    then created_sec + floor(
                        {p}u({p}h(i * 2 + part, 0, 'binge'), 1)
                        * greatest(0, active_end_sec - created_sec - {binge})
                    )::bigint
                    + floor({p}u(h1, 2) * least({binge}, active_end_sec - created_sec))::bigint
                -- web activity is front-loaded after sign-up; email keeps coming
                else created_sec + floor(
                    pow({p}u(h1, 2), case when event_type like 'email%' then 1.0 else 1.6 end)
                    * (active_end_sec - created_sec)
                )::bigint
            end as occurred_sec
        from typed
    ),

    landed as (
        select
            *,
            least({as_of}, occurred_sec + case
                when {p}u(h2, 0) < {LATE_EVENT_RATE}
                    then {DAY} + floor({p}u(h2, 1) * 9 * {DAY})::bigint
                else {p}lag({p}u(h2, 1))
            end) as first_loaded_sec,
            {p}u(h2, 2) as u_bad
        from timed
    ),

    delivered as (
        select
            *,
            -- a re-delivery lands with the original or in a later sync
            case when not is_redelivery then first_loaded_sec
                 when {p}u(h_delivery, 0) < 0.5 then first_loaded_sec
                 else least({as_of}, first_loaded_sec + 600
                     + floor({p}u(h_delivery, 1) * 3 * {DAY})::bigint)
            end as loaded_sec,
            kind in ('pre', 'bulk', 'neg') as may_break,
            epoch_ms(occurred_sec * 1000) as occurred_ts
        from landed
    )

    select
        case when may_break and u_bad < {first_bad} then null
             when part = 0 then printf('e%d-%07d-%d', {int(seed)}, i, slot)
             else printf('e%d-v%07d-%d', {int(seed)}, i, slot)
        end as event_id,
        case when kind = 'pre' then null else contact_id end as contact_id,
        case
            when kind in ('pre', 'link') then visitor_id
            when is_linked and list_contains({web_types}, event_type) then visitor_id
        end as anonymous_id,
        case when may_break and u_bad >= {first_bad} and u_bad < {unknown}
                 then {_pick(UNKNOWN_EVENT_TYPES, f"{p}u(h2, 1)")}
             else event_type
        end as event_type,
        case
            when may_break and u_bad >= {unknown} and u_bad < {future}
                then {p}plain(first_loaded_sec + 4 * {DAY} + floor({p}u(h2, 1) * 26 * {DAY}))
            when may_break and u_bad >= {future} and u_bad < {unparseable}
                then {_pick(BAD_TIMESTAMPS, f"{p}u(h2, 1)")}
            else {p}ts(occurred_sec, {p}u(h3, 0))
        end as occurred_at,
        case
            when event_type = 'page_view' then page_url || case
                when {p}u(h3, 1) < 0.1 then {_pick(UTM_SUFFIXES, f"{p}u(h3, 1) * 10")}
                else '' end
            when event_type = 'chat_conversation' then page_url
            when event_type = 'email_click' then page_url || '?utm_source=newsletter'
                || '&utm_medium=email'
            when event_type = 'content_download' then '{SITE}/resources/'
                || {_pick(CONTENT_ASSETS, f"{p}u(h3, 2)")}
            when event_type = 'form_submission' then case
                when {p}u(h3, 1) < 0.4 then '{SITE}/resources/'
                    || {_pick(CONTENT_ASSETS, f"{p}u(h3, 2)")}
                when {p}u(h3, 1) < 0.7 then '{SITE}/newsletter'
                else '{SITE}/contact' end
            when event_type = 'webinar_registration'
                then '{SITE}/webinars/' || replace({webinar}, '_', '-')
            when event_type in ({", ".join(_lit(h[0]) for h in HAND_RAISERS)}) then case event_type
                {hand_pages} end
        end as url,
        case
            when event_type in ('email_open', 'email_click', 'unsubscribe', 'email_bounce')
                then strftime(occurred_ts, '%Y_%m_') || {_pick(EMAIL_STREAMS, f"{p}u(h3, 2)")}
            when event_type in ('webinar_registration', 'webinar_attendance')
                then strftime(occurred_ts, 'webinar_%Y_%m_') || {webinar}
            when event_type = 'event_attendance'
                then strftime(occurred_ts, 'event_%Y_') || {conference}
            when event_type = 'content_download'
                then 'content_' || replace({_pick(CONTENT_ASSETS, f"{p}u(h3, 2)")}, '-', '_')
        end as campaign,
        {p}plain(loaded_sec) as {LOADED_AT},
        {_lit(source)} as {SOURCE_FILE},
        (event_offset + k + 1)::varchar as {SOURCE_ROW}
    from delivered
    """


# ---------------------------------------------------------------------------
# Step 5: sales. Reps work hand-raisers, highly engaged leads and a few cold
# outbound targets; what they decide and what closes follows intent and fit.
# ---------------------------------------------------------------------------


def _sales_sql(as_of: int) -> str:
    p = _PREFIX
    office_zone = (
        "case country "
        + " ".join(f"when {_lit(c)} then {_lit(z)}" for c, z in OFFICE_TIME_ZONES.items())
        + " else 'UTC' end"
    )
    return f"""
    create or replace temp table {p}sales as
    with
    triggered as (
        select
            i, contact_id, intent, fit, size_band, acv, is_hand_raiser, hand_sec, n_bulk,
            created_sec, active_end_sec, country,
            email_kind <> 'corporate' or country_fit = 0 or seniority = 'student' as is_excluded,
            {p}h(i, 0, 'sales') as hs1,
            {p}h(i, 1, 'sales') as hs2,
            {p}h(i, 2, 'sales') as hs3,
            {p}h(i, 3, 'sales') as hs4,
            {p}h(i, 6, 'sales') as h_trigger
        from {p}contacts
        where not is_merged
    ),

    triggers as (
        select
            *,
            case
                when is_hand_raiser then 'hand_raiser'
                -- a busy lead that never raised its hand gets worked as an MQL
                when n_bulk >= 10 and {p}u(h_trigger, 0) < 0.6 * intent * fit then 'engaged'
                -- cold outbound to good-fit contacts
                when fit >= 0.6 and {p}u(h_trigger, 0) > 0.97 then 'outbound'
            end as trigger_kind
        from triggered
    ),

    started as (
        select
            *,
            case trigger_kind
                when 'hand_raiser' then hand_sec
                when 'engaged' then created_sec + floor(
                    (0.2 + 0.6 * {p}u(h_trigger, 1)) * (active_end_sec - created_sec)
                )::bigint
                when 'outbound' then created_sec + floor(
                    {p}u(h_trigger, 1) * (active_end_sec - created_sec)
                )::bigint
            end as trigger_sec,
            case trigger_kind when 'hand_raiser' then 0.92 when 'engaged' then 0.75 else 1.0 end
                as work_rate
        from triggers
    ),

    due as (
        select
            *,
            trigger_sec + least(30 * {DAY}, floor(
                3600 * exp(ln(6) + 1.5 * {p}z({p}u(hs1, 1), {p}u(hs1, 2)))
            ))::bigint as due_sec,
            {office_zone} as office_zone,
            {p}h(i, 8, 'sales') as h_office
        from started
        where trigger_sec is not null and {p}u(hs1, 0) < work_rate
    ),

    -- the office's wall clock when the touch is due (see OFF_HOURS_TOUCH_RATE)
    office_clock as (
        select
            *,
            timezone(office_zone, to_timestamp(due_sec)) as due_local,
            isodow(timezone(office_zone, to_timestamp(due_sec))) as due_weekday,
            hour(timezone(office_zone, to_timestamp(due_sec))) as due_hour
        from due
    ),

    office_hours as (
        select
            *,
            case
                when {p}u(h_office, 0) < {OFF_HOURS_TOUCH_RATE} then due_sec
                when due_weekday <= 5 and due_hour >= {OFFICE_START_HOUR}
                    and due_hour < {OFFICE_END_HOUR} then due_sec
                -- the next office morning, plus up to 90 minutes of backlog
                else epoch(timezone(office_zone,
                    due_local::date
                    + case
                        when due_weekday <= 5 and due_hour < {OFFICE_START_HOUR} then 0
                        when due_weekday = 5 then 3
                        when due_weekday = 6 then 2
                        else 1
                    end
                    + interval {OFFICE_START_HOUR} hour
                ))::bigint + floor({p}u(h_office, 1) * 5400)::bigint
            end as first_touch_sec
        from office_clock
    ),

    worked as (
        select
            *,
            0.55 * intent + 0.3 * fit + case when is_hand_raiser then 0.15 else 0 end as quality,
            {p}rep(1 + floor({p}u(hs2, 0) * {SDR_REPS})::integer) as sdr,
            {p}rep({SDR_REPS} + 1 + floor({p}u(hs2, 1) * {AE_REPS})::integer) as ae
        from office_hours
    ),

    timed_decisions as (
        -- most worked leads get a decision within two weeks of the first touch
        select
            *,
            case when {p}u(hs2, 2) < 0.88 then
                first_touch_sec + {DAY} + floor({p}u(hs3, 0) * 13 * {DAY})::bigint
            end as decided_sec
        from worked
        where first_touch_sec < {as_of}
    ),

    decided as (
        select
            *,
            case when decided_sec < {as_of} then decided_sec end as decision_sec,
            case
                when not decided_sec < {as_of} or decided_sec is null then null
                when is_excluded then
                    case when {p}u(hs3, 1) < 0.85 then 'disqualified' else 'recycled' end
                when {p}u(hs3, 1) < 0.1 + 0.75 * quality then 'accepted'
                when {p}u(hs3, 2) < 0.6 then 'recycled'
                else 'disqualified'
            end as decision
        from timed_decisions
    ),

    -- some recycled leads come back and are accepted later
    redecided as (
        select
            *,
            case when decision = 'recycled' and {p}u(hs4, 0) < 0.2 then
                decision_sec + 30 * {DAY} + floor({p}u(hs4, 1) * 120 * {DAY})::bigint
            end as reaccept_sec
        from decided
    ),

    opportunity as (
        select
            *,
            case
                when decision = 'accepted'
                    and {p}u(hs4, 2) < least(0.9, 0.25 + 0.5 * intent + 0.2 * fit)
                    then decision_sec + {DAY} + floor({p}u(h_opp, 1) * 20 * {DAY})::bigint
                when reaccept_sec < {as_of}
                    and {p}u(hs4, 2) < least(0.9, 0.25 + 0.5 * intent + 0.2 * fit)
                    then reaccept_sec + {DAY} + floor({p}u(h_opp, 1) * 20 * {DAY})::bigint
                -- sales disqualified it, yet a deal came later
                when decision = 'disqualified' and not is_excluded and {p}u(hs4, 2) < 0.03
                    then decision_sec + 20 * {DAY} + floor({p}u(h_opp, 1) * 70 * {DAY})::bigint
            end as opp_sec
        from (select *, {p}h(i, 7, 'sales') as h_opp from redecided)
    )

    select
        *,
        -- bigger companies take longer to close
        opp_sec + floor(
            (14 + {p}u({p}h(i, 7, 'sales'), 0) * (40 + 25 * size_band)) * {DAY}
        )::bigint as close_sec,
        {p}u({p}h(i, 4, 'sales'), 0) < least(0.85, 0.1 + 0.45 * intent + 0.3 * fit) as wins,
        round(acv * exp(0.45 * {p}z({p}u({p}h(i, 4, 'sales'), 1), {p}u({p}h(i, 4, 'sales'), 2)))
              / 100) * 100 as amount
    from opportunity
    """


def _raw_activities_sql(seed: int, as_of: int, source: str) -> str:
    p = _PREFIX
    return f"""
    {_insert("sales_activities")}
    with
    touches as (
        select
            *,
            unnest(range(1 + floor(
                pow({p}u({p}h(i, 5, 'sales'), 0), 1.2) * (2 + 8 * quality)
            )::bigint)) as j,
            {DAY} + floor({p}u({p}h(i, 5, 'sales'), 1) * 3 * {DAY})::bigint as gap
        from {p}sales
    ),
    timed as (
        select
            *,
            first_touch_sec + j * gap
                + case when j = 0 then 0
                       else floor({p}u({p}h(i, j, 'touch'), 0) * 8 * 3600)::bigint end as sec,
            {p}h(i, j, 'touch') as ht
        from touches
    ),
    typed as (
        select
            *,
            case
                when j = 0 then case when {p}u(ht, 1) < 0.55 then 'call' else 'email' end
                when {p}u(ht, 1) < 0.1 + 0.4 * intent then 'meeting'
                when {p}u(ht, 2) < 0.5 then 'call'
                else 'email'
            end as activity_type
        from timed
        where sec < {as_of}
    )
    select
        printf('a%d-%07d-%d', {int(seed)}, i, j),
        contact_id,
        activity_type,
        case when {p}u({p}h(i, j, 'touch_2'), 0) < {BAD_TIMESTAMP_RATE}
                 then {_pick(BAD_TIMESTAMPS, f"{p}u({p}h(i, j, 'touch_2'), 1)")}
             else {p}ts(sec, {p}u({p}h(i, j, 'touch_2'), 2)) end,
        case
            -- now and then a colleague covers
            when {p}u({p}h(i, j, 'touch_2'), 1) < 0.05
                then {p}rep(1 + floor({p}u(ht, 0) * {SDR_REPS + AE_REPS})::integer)
            when activity_type = 'meeting' then ae
            else sdr
        end,
        {p}plain(least({as_of}, sec + {p}lag({p}u(ht, 0)))),
        {_lit(source)},
        row_number() over (order by i, j)::varchar
    from typed
    """


def _raw_dispositions_sql(seed: int, as_of: int, source: str) -> str:
    p = _PREFIX
    excluded_reason = """case
        when email_kind = 'personal' then 'personal email'
        when email_kind = 'academic' or seniority = 'student' then 'student'
        when email_kind = 'competitor' then 'competitor'
        else 'outside territory' end"""
    return f"""
    {_insert("lead_dispositions")}
    with decisions as (
        select s.i, s.contact_id, s.sdr, 1 as n, s.decision, s.decision_sec as sec,
               s.is_excluded, c.email_kind, c.seniority
        from {p}sales as s
        join {p}contacts as c using (i)
        where s.decision is not null
        union all
        select s.i, s.contact_id, s.sdr, 2, 'accepted', s.reaccept_sec, false, null, null
        from {p}sales as s
        where s.reaccept_sec < {as_of}
    )
    select
        printf('d%d-%07d-%d', {int(seed)}, i, n),
        contact_id,
        decision,
        case
            when decision = 'accepted'
                then {_pick(ACCEPT_REASONS, f"{p}u({p}h(i, n, 'decision'), 0)")}
            when decision = 'recycled'
                then {_pick(RECYCLE_REASONS, f"{p}u({p}h(i, n, 'decision'), 0)")}
            when is_excluded then {excluded_reason}
            else {_pick(DISQUALIFY_REASONS, f"{p}u({p}h(i, n, 'decision'), 0)")}
        end,
        {p}ts(sec, {p}u({p}h(i, n, 'decision'), 1)),
        sdr,
        {p}plain(least({as_of}, sec + {p}lag({p}u({p}h(i, n, 'decision'), 2)))),
        {_lit(source)},
        row_number() over (order by i, n)::varchar
    from decisions
    """


def _raw_opportunities_sql(seed: int, as_of: int, source: str) -> str:
    p = _PREFIX
    return f"""
    {_insert("opportunities")}
    with
    deals as (
        select
            *,
            case when close_sec >= {as_of} then 'open'
                 when wins then 'won'
                 else 'lost' end as status,
            {p}h(i, 0, 'deal') as hd
        from {p}sales
        where opp_sec < {as_of}
    ),
    states as (
        -- a closed deal was often synced once while still open
        select
            *,
            unnest(case when status <> 'open' and {p}u(hd, 0) < 0.35
                        then ['open', status] else [status] end) as state
        from deals
    ),
    rows_out as (
        select
            *,
            case when state = 'open' then opp_sec else close_sec end as state_sec,
            row_number() over (order by i, state <> 'open') as rn
        from states
    )
    select
        printf('o%d-%07d', {int(seed)}, i),
        contact_id,
        {p}ts(opp_sec, {p}u(hd, 1)),
        state,
        case when {p}u(hd, 2) < 0.015 then null else printf('%.2f', amount) end,
        case when state = 'open' then null else {p}ts(close_sec, {p}u(hd, 1)) end,
        {p}plain(least({as_of}, state_sec + {p}lag({p}u(hd, 2)))),
        {_lit(source)},
        rn::varchar
    from rows_out
    """


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def _epoch(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _count_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {
        name: con.execute(f'select count(*) from {RAW_SCHEMA}."{name}"').fetchone()[0]
        for name in RAW_TABLES
    }


def _drop_temp_objects(con: duckdb.DuckDBPyConnection) -> None:
    for (name,) in con.execute(
        "select table_name from duckdb_tables() where temporary and starts_with(table_name, ?)",
        [_PREFIX],
    ).fetchall():
        con.execute(f"drop table if exists temp.{name}")
    for (name,) in con.execute(
        "select distinct function_name from duckdb_functions() "
        "where function_type = 'macro' and starts_with(function_name, ?)",
        [_PREFIX],
    ).fetchall():
        con.execute(f"drop macro if exists temp.{name}")


def generate(
    con: duckdb.DuckDBPyConnection,
    contacts: int,
    seed: int = 42,
    days: int = 365,
    end_date: dt.date | None = None,
    replace: bool = True,
) -> dict[str, int]:
    """Write synthetic raw data into schema `raw` (every table in contract.RAW_TABLES).
    Returns rows written per table.

    The history covers `days` whole days ending with `end_date`, and every row
    has landed by the end of that day. Without `end_date` it covers the `days`
    days up to now (UTC, to the hour), so that no row claims to have landed in
    the future: today's history is partial, as it would be in a real sync.
    The same contacts, seed, days and end_date give the same rows (without
    end_date, within the same hour). With replace=False the rows are appended
    to whatever the raw tables already hold; either way all of them are
    written in one transaction.
    """
    if contacts < 1:
        raise ValueError("contacts must be at least 1")
    if days < 1:
        raise ValueError("days must be at least 1")
    seed = int(seed)
    if end_date is None:
        as_of = int(dt.datetime.now(dt.UTC).timestamp()) // 3600 * 3600
    else:
        as_of = _epoch(end_date + dt.timedelta(days=1))
    start = as_of - days * DAY  # every row happens in [start, as_of) and lands by as_of
    source = f"generate:seed={seed}"

    try:
        # The hidden model lives in temp tables built outside the transaction:
        # they are private to this connection anyway, and DuckDB plans and
        # parallelises scans of committed tables better than of
        # transaction-local ones.
        for sql in (*_macros(seed), *_pick_tables()):
            con.execute(sql)
        con.execute(_people_sql(contacts, seed, start, days * DAY))
        con.execute(_contacts_sql(seed, start, as_of))
        contact_event_rows = con.execute(
            f"select coalesce(sum(event_rows), 0) from {_PREFIX}contacts"
        ).fetchone()[0]
        con.execute(_visitors_sql(contacts, start, days * DAY, int(contact_event_rows)))
        con.execute(_sales_sql(as_of))

        # Readers see all of the new raw data or none of it.
        con.execute("begin transaction")
        try:
            con.execute(f"create schema if not exists {RAW_SCHEMA}")
            for table in RAW_TABLES.values():
                if replace:
                    con.execute(f'drop table if exists {RAW_SCHEMA}."{table.name}"')
                con.execute(create_raw_table_sql(table))
            before = _count_rows(con)
            for sql in (
                _raw_contacts_sql(as_of, source),
                _raw_merges_sql(as_of, source),
                _raw_events_sql(seed, start, as_of, source),
                _raw_activities_sql(seed, as_of, source),
                _raw_dispositions_sql(seed, as_of, source),
                _raw_opportunities_sql(seed, as_of, source),
            ):
                con.execute(sql)
            after = _count_rows(con)
            if replace:
                forget_staged_rows(con)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    finally:
        _drop_temp_objects(con)
    return {name: after[name] - before[name] for name in RAW_TABLES}
