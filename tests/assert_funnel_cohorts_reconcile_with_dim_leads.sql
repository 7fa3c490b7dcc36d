-- rpt_funnel_cohorts agrees exactly with dim_leads: the `all` row of every
-- cohort month has dim_leads' counts, and the per-source rows add up to it.
with

from_dim_leads as (

    select
        cast({{ dbt.date_trunc('month', 'lead_at') }} as date) as cohort_month,
        count(*) as leads,
        count(mql_at) as mqls,
        count(sql_at) as sqls,
        count(opportunity_at) as opportunities,
        count(customer_at) as customers
    from {{ ref('dim_leads') }}
    where lead_at is not null
    group by {{ dbt.date_trunc('month', 'lead_at') }}

),

all_rows as (

    select * from {{ ref('rpt_funnel_cohorts') }}
    where lead_source = 'all'

),

source_sums as (

    select
        cohort_month,
        sum(leads) as leads,
        sum(mqls) as mqls,
        sum(sqls) as sqls,
        sum(opportunities) as opportunities,
        sum(customers) as customers
    from {{ ref('rpt_funnel_cohorts') }}
    where lead_source != 'all'
    group by cohort_month

)

select
    coalesce(from_dim_leads.cohort_month, all_rows.cohort_month) as cohort_month,
    'all row differs from dim_leads' as problem
from from_dim_leads
full outer join all_rows
    on from_dim_leads.cohort_month = all_rows.cohort_month
where
    all_rows.cohort_month is null
    or from_dim_leads.cohort_month is null
    or from_dim_leads.leads != all_rows.leads
    or from_dim_leads.mqls != all_rows.mqls
    or from_dim_leads.sqls != all_rows.sqls
    or from_dim_leads.opportunities != all_rows.opportunities
    or from_dim_leads.customers != all_rows.customers

union all

select
    all_rows.cohort_month,
    'sources do not add up to all' as problem
from all_rows
left join source_sums
    on all_rows.cohort_month = source_sums.cohort_month
where
    source_sums.cohort_month is null
    or source_sums.leads != all_rows.leads
    or source_sums.mqls != all_rows.mqls
    or source_sums.sqls != all_rows.sqls
    or source_sums.opportunities != all_rows.opportunities
    or source_sums.customers != all_rows.customers
