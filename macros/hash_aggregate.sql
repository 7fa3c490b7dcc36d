{#- Order-independent fingerprints, so an incremental run can tell which
    leads' inputs changed since the last run. `row_hash` hashes a list of
    expressions; `hash_aggregate` combines row hashes of a group (xor, so
    row order does not matter). Dispatched: DuckDB hash()/bit_xor; Spark
    xxhash64()/bit_xor. -#}
{% macro row_hash(expressions) -%}
    {{ return(adapter.dispatch('row_hash', 'leadflow')(expressions)) }}
{%- endmacro %}

{% macro default__row_hash(expressions) -%}
    xxhash64({{ expressions | join(', ') }})
{%- endmacro %}

{% macro duckdb__row_hash(expressions) -%}
    hash({{ expressions | join(', ') }})
{%- endmacro %}

{% macro hash_aggregate(expressions) -%}
    bit_xor({{ leadflow.row_hash(expressions) }})
{%- endmacro %}
