-- An excluded contact (or one with a malformed email) never enters lead or
-- any stage after it.
select
    history.lead_id,
    history.stage,
    leads.exclusion_reason
from {{ ref('fct_lead_stage_history') }} as history
inner join {{ ref('dim_leads') }} as leads
    on history.lead_id = leads.lead_id
where
    not leads.is_lead_eligible
    and history.stage not in ('contact', 'disqualified')
