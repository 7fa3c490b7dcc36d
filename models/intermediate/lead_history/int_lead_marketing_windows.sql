-- One row per lead that can move along the funnel (a valid email, not
-- excluded): when it became a lead, its first opportunity and first win,
-- a sales disqualification that came before any opportunity, and the
-- moment its marketing stages end (the first of those two). Opportunities
-- and wins dated before the CRM record count from the record.
with

leads as (

    select * from {{ ref('int_leads') }}
    {{ affected_leads_filter() }}

),

exclusions as (

    select * from {{ ref('int_lead_exclusions') }}
    {{ affected_leads_filter() }}

),

dispositions as (

    select * from {{ ref('int_lead_dispositions_attributed') }}
    {{ affected_leads_filter() }}

),

opportunities as (

    select * from {{ ref('int_opportunities_attributed') }}
    {{ affected_leads_filter() }}

),

eligible_leads as (

    select
        leads.lead_id,
        leads.created_at as lead_at
    from leads
    inner join exclusions
        on leads.lead_id = exclusions.lead_id
    where exclusions.is_lead_eligible

),

first_opportunities as (

    select
        eligible_leads.lead_id,
        -- an opportunity dated before the CRM record counts from the record
        min(greatest(opportunities.created_at, eligible_leads.lead_at)) as opportunity_at,
        min(
            case
                when opportunities.is_won
                    then greatest(opportunities.closed_at, eligible_leads.lead_at)
            end
        ) as customer_at
    from eligible_leads
    inner join opportunities
        on eligible_leads.lead_id = opportunities.lead_id
    group by eligible_leads.lead_id

),

sales_disqualifications as (

    select
        eligible_leads.lead_id,
        min(dispositions.decided_at) as disqualified_at
    from eligible_leads
    inner join dispositions
        on eligible_leads.lead_id = dispositions.lead_id
    left join first_opportunities
        on eligible_leads.lead_id = first_opportunities.lead_id
    where
        dispositions.disposition = 'disqualified'
        and dispositions.decided_at >= eligible_leads.lead_at
        and (
            first_opportunities.opportunity_at is null
            or dispositions.decided_at < first_opportunities.opportunity_at
        )
    group by eligible_leads.lead_id

),

lead_windows as (

    select
        eligible_leads.lead_id,
        eligible_leads.lead_at,
        first_opportunities.opportunity_at,
        first_opportunities.customer_at,
        sales_disqualifications.disqualified_at,
        -- marketing stages (mql, sql, recycled) happen before this moment
        case
            when sales_disqualifications.disqualified_at is null
                then first_opportunities.opportunity_at
            when first_opportunities.opportunity_at is null
                then sales_disqualifications.disqualified_at
            when sales_disqualifications.disqualified_at < first_opportunities.opportunity_at
                then sales_disqualifications.disqualified_at
            else first_opportunities.opportunity_at
        end as marketing_ends_at
    from eligible_leads
    left join first_opportunities
        on eligible_leads.lead_id = first_opportunities.lead_id
    left join sales_disqualifications
        on eligible_leads.lead_id = sales_disqualifications.lead_id

)

select *{{ lead_bucket_column() }} from lead_windows
