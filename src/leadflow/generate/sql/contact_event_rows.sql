-- Event rows the contacts take: visitors' rows are numbered after them.
select coalesce(sum(event_rows), 0) as event_rows from _leadflow_gen_contacts
