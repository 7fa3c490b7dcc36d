-- One row per cohort month (the month a contact became a lead) and lead
-- source, plus an `all` row per month: how many leads reached each stage
-- (inferred entries count), stage-to-stage conversion, and median days
-- between stages.
with

leads as (

    select * from {{ ref('dim_leads') }}
    where lead_at is not null

),

cohort_leads as (

    select
        cast({{ dbt.date_trunc('month', 'lead_at') }} as date) as cohort_month,
        coalesce(lead_source, 'unknown') as lead_source,
        lead_at,
        mql_at,
        sql_at,
        opportunity_at,
        customer_at
    from leads

),

by_source as (

    select * from cohort_leads

    union all

    select
        cohort_month,
        'all' as lead_source,
        lead_at,
        mql_at,
        sql_at,
        opportunity_at,
        customer_at
    from cohort_leads

),

counted as (

    select
        cohort_month,
        lead_source,
        count(*) as leads,
        count(mql_at) as mqls,
        count(sql_at) as sqls,
        count(opportunity_at) as opportunities,
        count(customer_at) as customers,
        {{ median(duration_between('lead_at', 'mql_at', 'days')) }}
            as median_days_lead_to_mql,
        {{ median(duration_between('mql_at', 'sql_at', 'days')) }}
            as median_days_mql_to_sql,
        {{ median(duration_between('sql_at', 'opportunity_at', 'days')) }}
            as median_days_sql_to_opportunity,
        {{ median(duration_between('opportunity_at', 'customer_at', 'days')) }}
            as median_days_opportunity_to_customer
    from by_source
    group by cohort_month, lead_source

),

final as (

    select
        -- dates
        cohort_month,

        -- strings
        lead_source,

        -- numerics
        cast(leads as bigint) as leads,
        cast(mqls as bigint) as mqls,
        cast(sqls as bigint) as sqls,
        cast(opportunities as bigint) as opportunities,
        cast(customers as bigint) as customers,
        cast(mqls as double) / nullif(leads, 0) as lead_to_mql_rate,
        cast(sqls as double) / nullif(mqls, 0) as mql_to_sql_rate,
        cast(opportunities as double) / nullif(sqls, 0) as sql_to_opportunity_rate,
        cast(customers as double) / nullif(opportunities, 0) as opportunity_to_customer_rate,
        cast(median_days_lead_to_mql as double) as median_days_lead_to_mql,
        cast(median_days_mql_to_sql as double) as median_days_mql_to_sql,
        cast(median_days_sql_to_opportunity as double) as median_days_sql_to_opportunity,
        cast(median_days_opportunity_to_customer as double)
            as median_days_opportunity_to_customer

    from counted

)

select * from final
