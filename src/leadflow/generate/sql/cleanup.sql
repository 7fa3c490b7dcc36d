-- Everything generate creates besides the raw rows: it runs whether or not
-- generation succeeded. sqlfluff's DuckDB dialect does not parse
-- `reset variable` yet, hence the noqa.
drop table if exists temp._leadflow_gen_titles;
drop table if exists temp._leadflow_gen_sizes;
drop table if exists temp._leadflow_gen_industries;
drop table if exists temp._leadflow_gen_countries;
drop table if exists temp._leadflow_gen_sources;
drop table if exists temp._leadflow_gen_tlds;
drop table if exists temp._leadflow_gen_personal;
drop table if exists temp._leadflow_gen_event_mix;
drop table if exists temp._leadflow_gen_pages;
drop table if exists temp._leadflow_gen_people;
drop table if exists temp._leadflow_gen_contacts;
drop table if exists temp._leadflow_gen_visitors;
drop table if exists temp._leadflow_gen_sales;
drop macro if exists temp._leadflow_gen_u;
drop macro if exists temp._leadflow_gen_h;
drop macro if exists temp._leadflow_gen_z;
drop macro if exists temp._leadflow_gen_ts;
drop macro if exists temp._leadflow_gen_plain;
drop macro if exists temp._leadflow_gen_lag;
drop macro if exists temp._leadflow_gen_rep;
reset variable _leadflow_gen_seed;  -- noqa: PRS
reset variable _leadflow_gen_z_timestamp_rate;  -- noqa: PRS
reset variable _leadflow_gen_offset_timestamp_rate;  -- noqa: PRS
reset variable _leadflow_gen_utc_offset_width;  -- noqa: PRS
reset variable _leadflow_gen_utc_offset_seconds;  -- noqa: PRS
reset variable _leadflow_gen_utc_offset_texts;  -- noqa: PRS
reset variable _leadflow_gen_min_landing_lag_seconds;  -- noqa: PRS
reset variable _leadflow_gen_max_landing_lag_hours;  -- noqa: PRS
reset variable _leadflow_gen_landing_lag_skew;  -- noqa: PRS
