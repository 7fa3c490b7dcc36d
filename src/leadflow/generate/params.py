"""Every number and list that shapes the generated data, in one place.

The SQL in sql/*.sql holds no behaviour of its own: each rate, share,
weight, count and day offset it uses is a constant here, passed to DuckDB as
a named parameter of the same name in lower case (see values.py). Weights are
relative; shares and rates are probabilities in [0, 1]; "cumulative" tuples
are the upper bounds of consecutive choices drawn with one uniform.
"""

from __future__ import annotations

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

# How some exports spell a country instead of its code. Not read from
# seeds/country_aliases.csv: the seed holds every alias upper-cased (staging
# compares upper(country)), while an export writes a few of them in its own
# case, and this mixed case is what staging has to cope with.
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

# (personal mailbox domain, weight). A weighted subset of
# seeds/lifecycle/personal_email_domains.csv (a test keeps it one): the seed
# lists every domain staging must recognise, this how often people use them.
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

# (email domain, institution, country): real universities whose domains end
# with a suffix of seeds/lifecycle/academic_domain_suffixes.csv (a test keeps
# them so); the seed holds only suffixes, the generator needs whole domains.
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

# People at competitors who sign up to look around use the domains of
# seeds/lifecycle/competitor_domains.csv, read by values.competitor_domains():
# the generator plants exactly the competitors the models exclude.

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
# The time zone of the team serving each generated country. Not
# seeds/lifecycle/business_hours.csv: that seed is the SLA's calendar for the
# countries with an office; leads from elsewhere are still answered from
# somewhere, and the generator needs a zone for every country it draws.
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


# ---------------------------------------------------------------------------
# The shape of the hidden model: the numbers the SQL files use, by step.
# Times are in days, hours or seconds as the name says.
# ---------------------------------------------------------------------------
SECONDS_PER_DAY = 86_400  # a unit, named so the SQL reads in days
PICK_SLOTS = 10_000  # resolution of the weighted pick tables (keys per tier)
INTENT_TIERS = 5  # intent (0..1) falls into tiers 0..4 (cold .. in-market)
STUDENT_TIER = 5  # students and interns browse like job seekers: their own tier
# the seconds-to-text macro (macros.sql): share of OFFSET_TIMESTAMP_RATE written with 'Z'
Z_SHARE_OF_OFFSET_TIMESTAMPS = 0.4
# a row lands MIN_LANDING_LAG_SECONDS plus up to MAX_LANDING_LAG_HOURS after it
# happened, skewed to short delays (u ** LANDING_LAG_SKEW)
MIN_LANDING_LAG_SECONDS = 30
MAX_LANDING_LAG_HOURS = 6
LANDING_LAG_SKEW = 3

# people.sql: companies, profiles and the hidden truth
CONTACTS_PER_COMPANY = 4  # on average: companies = contacts / 4
COMPANY_POPULARITY_SKEW = 1.8  # higher: more contacts in the first few accounts
COMPANY_SHUFFLE = 7919  # coprime with the count of company names: a permutation of them
# size draw u ** (COMPANY_SIZE_SKEW + ..._BY_POPULARITY * sqrt(rank)): popular
# accounts (low rank) skew to larger companies
COMPANY_SIZE_SKEW = 0.4
COMPANY_SIZE_SKEW_BY_POPULARITY = 1.2
STUDENT_ACADEMIC_EMAIL_SHARE = 0.55  # students who sign up with a university address
ACADEMIC_INDUSTRY = "Education"  # an academic's industry, whatever the profile drew
ACADEMIC_INDUSTRY_FIT = 0.1  # ... and its fit
ACADEMIC_COUNTRY_FIT = 1.0  # universities are in the country of their domain, all in market
COMPETITOR_INDUSTRY = "Software"  # a competitor's employee's industry
# fit = weighted profile fits; the weights sum to 1
FIT_WEIGHT_TITLE = 0.45
FIT_WEIGHT_SIZE = 0.25
FIT_WEIGHT_INDUSTRY = 0.15
FIT_WEIGHT_COUNTRY = 0.15
CONTACT_CREATION_SKEW = 0.85  # below 1: more contacts created late in the window
# intent = u ** INTENT_SKEW * (INTENT_FIT_BASE + INTENT_FIT_WEIGHT * fit) + source boost
INTENT_SKEW = 2
INTENT_FIT_BASE = 0.7
INTENT_FIT_WEIGHT = 0.6

# contacts.sql: merges, emails, activity and the slots of event rows
MERGED_PERSONAL_EMAIL_SHARE = 0.5  # duplicates signed up with a personal mailbox
MERGE_WINDOW_SHARE = 0.8  # a merge happens within this share of the time left
EMAIL_NUMBER_MIN, EMAIL_NUMBER_SPAN = 10, 89  # personal mailboxes: first.last10..first.last98
# cumulative shares of personal local parts: first.last42, firstlast42, first.last, flast42
PERSONAL_LOCAL_PART_CUTS = (0.35, 0.60, 0.80)
# cumulative shares of corporate local parts: first.last, flast, first,
# first_last, firstl, last.first, else first.last1..9
CORPORATE_LOCAL_PART_CUTS = (0.55, 0.70, 0.78, 0.83, 0.90, 0.93)
CORPORATE_EMAIL_NUMBER_MAX = 9
MAX_BULK_EVENTS = 600  # cap on a contact's ordinary events
# bulk events scale with the share of the window the contact was around and with intent
ACTIVITY_AGE_BASE, ACTIVITY_AGE_WEIGHT = 0.35, 0.65
ACTIVITY_INTENT_BASE, ACTIVITY_INTENT_WEIGHT = 0.5, 1.4
# hand-raise chance = min(MAX, BASE + INTENT_WEIGHT * intent ** INTENT_SKEW
# * (FIT_BASE + FIT_WEIGHT * fit))
HAND_RAISER_MAX_RATE = 0.9
HAND_RAISER_BASE_RATE = 0.01
HAND_RAISER_INTENT_WEIGHT = 0.5
HAND_RAISER_INTENT_SKEW = 1.5
HAND_RAISER_FIT_BASE = 0.4
HAND_RAISER_FIT_WEIGHT = 0.6
SECOND_HAND_RAISE_RATE = 0.25  # hand-raisers who raise a hand twice
# the first hand-raise falls this early and within this spread of the contact's life
HAND_RAISE_EARLIEST_SHARE, HAND_RAISE_SPREAD_SHARE = 0.03, 0.6
# anonymous pre-visits of a first-seen-anonymous contact: 1 + u ** SKEW * SPREAD
PRE_VISITS_SKEW, PRE_VISITS_SPREAD = 1.5, 10
# unsubscribe below UNSUBSCRIBE_BASE_RATE + DISENGAGE_BY_COLDNESS * (1 - intent),
# bounce up to UNSUBSCRIBE_OR_BOUNCE_BASE_RATE + the same
UNSUBSCRIBE_BASE_RATE = 0.06
UNSUBSCRIBE_OR_BOUNCE_BASE_RATE = 0.08
DISENGAGE_BY_COLDNESS = 0.08

# raw_contacts.sql: record versions and the mess in their fields
# a later version lands within this share of the contact's life
RECORD_CHANGE_EARLIEST_SHARE, RECORD_CHANGE_SPREAD_SHARE = 0.1, 0.9
RECORD_SETTLE_SKEW, RECORD_SETTLE_DAYS = 2, 2  # the first record settles within 2 days
CHANGED_TITLE_BELOW = 0.65  # a later version changes the title for draws below this
CHANGED_SIZE_FROM = 0.5  # ... and the company size for draws from this (both in between)
COMPANY_GROWTH_MIN, COMPANY_GROWTH_SPREAD = 1.1, 0.7  # a changed size grows 1.1x..1.8x
UPPERCASE_EMAIL_RATE = 0.02
BLANK_NAME_RATE = 0.005  # each of first and last name
JOB_TITLE_MESS_CUTS = (0.04, 0.06)  # cumulative: blank, lower case
BLANK_COMPANY_SIZE_RATE = 0.08
BLANK_INDUSTRY_RATE = 0.07
COUNTRY_MESS_CUTS = (0.03, 0.05, 0.06)  # cumulative: blank, spelled out, lower case
# bands of one draw: lead source blank, or written like a label ("Paid search")
BLANK_LEAD_SOURCE_BAND = (0.3, 0.32)
LABELLED_LEAD_SOURCE_BAND = (0.6, 0.61)

# visitors.sql and raw_engagement_events.sql
STRANGER_INTENT_SKEW = 2.5  # strangers are mostly cold readers
STRANGER_VISITS_SKEW, STRANGER_VISITS_SPREAD = 2, 8  # 1 + u ** SKEW * SPREAD visits
STRANGER_ACTIVE_DAYS = 14  # a stranger's visits fall within this many days
# event types that carry the visitor cookie once a visitor is linked to its contact
WEB_EVENT_TYPES = ("page_view", "chat_conversation", "form_submission", "content_download")
# pre-visits fall 1 minute to 45 days before the contact form, mostly close to it
PRE_VISIT_MIN_LEAD_SECONDS, PRE_VISIT_SKEW, PRE_VISIT_MAX_DAYS = 60, 2, 45
LINK_FORM_MIN_LEAD_SECONDS, LINK_FORM_SPREAD_SECONDS = 5, 55  # the form before the contact
SECOND_HAND_RAISE_SPREAD_SHARE = 0.5  # of the time left after the first hand-raise
# u ** SKEW over the contact's life: web activity front-loaded, email evenly spread
EMAIL_TIMING_SKEW, WEB_TIMING_SKEW = 1.0, 1.6
LATE_EVENT_MIN_DAYS, LATE_EVENT_SPREAD_DAYS = 1, 9  # a late event lands 1-10 days after
REDELIVERY_WITH_ORIGINAL_SHARE = 0.5  # re-deliveries in the same sync as the original
# the others land 10 minutes to 3 days later
REDELIVERY_MIN_DELAY_SECONDS, REDELIVERY_SPREAD_DAYS = 600, 3
FUTURE_EVENT_MIN_DAYS, FUTURE_EVENT_SPREAD_DAYS = 4, 26  # clock errors: 4-30 days ahead
UTM_PAGE_VIEW_RATE = 0.1  # page views whose URL carries a campaign's query string
FORM_PAGE_CUTS = (0.4, 0.7)  # cumulative: a gated asset, the newsletter, else /contact

# sales.sql: who gets worked, how fast, what sales decides and what closes
ENGAGED_MIN_EVENTS = 10  # a lead this busy that never raised its hand may be worked
ENGAGED_WORK_WEIGHT = 0.6  # ... with chance 0.6 * intent * fit
OUTBOUND_MIN_FIT, OUTBOUND_RATE = 0.6, 0.03  # cold outbound to 3% of good-fit contacts
# the trigger of an engaged lead falls this early and within this spread of its life
ENGAGED_TRIGGER_EARLIEST_SHARE, ENGAGED_TRIGGER_SPREAD_SHARE = 0.2, 0.6
# share of triggered leads a rep actually works, by trigger
WORK_RATE_HAND_RAISER, WORK_RATE_ENGAGED, WORK_RATE_OUTBOUND = 0.92, 0.75, 1.0
# the first touch is due log-normally after the trigger: median 6 hours, capped at 30 days
RESPONSE_MEDIAN_HOURS, RESPONSE_LOG_SD, RESPONSE_MAX_DAYS = 6, 1.5, 30
OFFICE_MORNING_BACKLOG_SECONDS = 5400  # a touch moved to the morning waits up to 90 minutes
# lead quality = INTENT_WEIGHT * intent + FIT_WEIGHT * fit (+ BONUS for hand-raisers)
QUALITY_INTENT_WEIGHT, QUALITY_FIT_WEIGHT, QUALITY_HAND_RAISER_BONUS = 0.55, 0.3, 0.15
DECISION_RATE = 0.88  # worked leads that get a disposition
DECISION_MIN_DAYS, DECISION_SPREAD_DAYS = 1, 13  # ... 1-14 days after the first touch
EXCLUDED_DISQUALIFY_SHARE = 0.85  # excluded leads disqualified (else recycled)
ACCEPT_BASE_RATE, ACCEPT_QUALITY_WEIGHT = 0.1, 0.75  # accepted below 0.1 + 0.75 * quality
RECYCLE_SHARE = 0.6  # of the rest recycled, else disqualified
REACCEPT_RATE = 0.2  # recycled leads accepted later ...
REACCEPT_MIN_DAYS, REACCEPT_SPREAD_DAYS = 30, 120  # ... 30-150 days later
# an accepted lead opens a deal with chance min(MAX, BASE + INTENT_WEIGHT * intent
# + FIT_WEIGHT * fit), 1-21 days after acceptance
OPPORTUNITY_MAX_RATE, OPPORTUNITY_BASE_RATE = 0.9, 0.25
OPPORTUNITY_INTENT_WEIGHT, OPPORTUNITY_FIT_WEIGHT = 0.5, 0.2
OPPORTUNITY_MIN_DAYS, OPPORTUNITY_SPREAD_DAYS = 1, 20
LATE_DEAL_RATE = 0.03  # disqualified leads that open a deal anyway ...
LATE_DEAL_MIN_DAYS, LATE_DEAL_SPREAD_DAYS = 20, 70  # ... 20-90 days later
# a deal closes CLOSE_MIN_DAYS + u * (SPREAD + PER_SIZE_BAND * size band) days after opening
CLOSE_MIN_DAYS, CLOSE_SPREAD_DAYS, CLOSE_SPREAD_DAYS_PER_SIZE_BAND = 14, 40, 25
# a deal is won with chance min(MAX, BASE + INTENT_WEIGHT * intent + FIT_WEIGHT * fit)
WIN_MAX_RATE, WIN_BASE_RATE, WIN_INTENT_WEIGHT, WIN_FIT_WEIGHT = 0.85, 0.1, 0.45, 0.3
DEAL_SIZE_LOG_SD = 0.45  # deal amount: the size band's typical deal, log-normal spread
AMOUNT_ROUNDING = 100  # amounts are whole hundreds
SYNCED_WHILE_OPEN_RATE = 0.35  # closed deals also synced once while still open
BLANK_AMOUNT_RATE = 0.015

# raw_sales_activities.sql: the touches of a worked lead
# touches: 1 + u ** SKEW * (BASE + BY_QUALITY * quality)
TOUCHES_SKEW, TOUCHES_BASE, TOUCHES_BY_QUALITY = 1.2, 2, 8
TOUCH_GAP_MIN_DAYS, TOUCH_GAP_SPREAD_DAYS = 1, 3  # days between touches
TOUCH_JITTER_HOURS = 8  # a later touch falls within this many hours of its day
FIRST_TOUCH_CALL_SHARE = 0.55  # first touches that are calls (else emails)
MEETING_BASE_RATE, MEETING_INTENT_WEIGHT = 0.1, 0.4  # later touches that are meetings
CALL_SHARE = 0.5  # of the other later touches, calls (else emails)
COVERING_REP_RATE = 0.05  # touches by a colleague covering for the owner
