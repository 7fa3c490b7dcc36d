-- Rows in each raw table; generate() reports the difference it made. A test
-- keeps the list in step with leadflow.contract.RAW_TABLES.
select
    'contacts' as table_name,
    count(*) as row_count
from raw.contacts
union all
select
    'engagement_events' as table_name,
    count(*) as row_count
from raw.engagement_events
union all
select
    'sales_activities' as table_name,
    count(*) as row_count
from raw.sales_activities
union all
select
    'lead_dispositions' as table_name,
    count(*) as row_count
from raw.lead_dispositions
union all
select
    'opportunities' as table_name,
    count(*) as row_count
from raw.opportunities
union all
select
    'contact_merges' as table_name,
    count(*) as row_count
from raw.contact_merges
