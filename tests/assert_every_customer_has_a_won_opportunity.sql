-- A lead that entered customer has a won opportunity (its own or that of a
-- contact merged into it).
with

won_leads as (

    select distinct lead_id
    from {{ ref('int_opportunities_attributed') }}
    where is_won

)

select leads.lead_id
from {{ ref('dim_leads') }} as leads
left join won_leads
    on leads.lead_id = won_leads.lead_id
where leads.customer_at is not null and won_leads.lead_id is null
