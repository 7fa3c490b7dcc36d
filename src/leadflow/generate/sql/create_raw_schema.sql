-- The schema the raw contract lives in (leadflow.contract.RAW_SCHEMA).
create schema if not exists raw
