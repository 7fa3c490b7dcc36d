-- generate without --append starts the raw tables afresh.
drop table if exists raw.contacts;
drop table if exists raw.engagement_events;
drop table if exists raw.sales_activities;
drop table if exists raw.lead_dispositions;
drop table if exists raw.opportunities;
drop table if exists raw.contact_merges;
