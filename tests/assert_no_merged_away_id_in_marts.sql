-- A contact merged into another never appears as a lead in any mart.
with

merged_away as (

    select contact_id
    from {{ ref('int_contacts_resolved') }}
    where is_merged_away

),

mart_lead_ids as (

    select
        lead_id,
        'dim_leads' as mart
    from {{ ref('dim_leads') }}
    union all
    select
        lead_id,
        'fct_lead_stage_history' as mart
    from {{ ref('fct_lead_stage_history') }}
    union all
    select
        lead_id,
        'fct_lead_score_history' as mart
    from {{ ref('fct_lead_score_history') }}
    union all
    select
        lead_id,
        'fct_lead_score_changes' as mart
    from {{ ref('fct_lead_score_changes') }}

)

select mart_lead_ids.*
from mart_lead_ids
inner join merged_away
    on mart_lead_ids.lead_id = merged_away.contact_id
