{#- The raw tables staging reads, each with its base and staging model and
    its id column: the one list the rejects union, the row accounting and
    its test loop over. -#}
{% macro crm_raw_tables() -%}
    {{ return([
        {'name': 'contacts', 'base': 'base_crm__contacts', 'staging': 'stg_crm__contacts',
         'key': 'contact_id'},
        {'name': 'engagement_events', 'base': 'base_crm__engagement_events',
         'staging': 'stg_crm__engagement_events', 'key': 'event_id'},
        {'name': 'sales_activities', 'base': 'base_crm__sales_activities',
         'staging': 'stg_crm__sales_activities', 'key': 'activity_id'},
        {'name': 'lead_dispositions', 'base': 'base_crm__lead_dispositions',
         'staging': 'stg_crm__lead_dispositions', 'key': 'disposition_id'},
        {'name': 'opportunities', 'base': 'base_crm__opportunities',
         'staging': 'stg_crm__opportunities', 'key': 'opportunity_id'},
        {'name': 'contact_merges', 'base': 'base_crm__contact_merges',
         'staging': 'stg_crm__contact_merges', 'key': 'merged_contact_id'},
    ]) }}
{%- endmacro %}
