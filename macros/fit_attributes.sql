{#- The contact attributes fit rules may read, as one list: the four built
    in, then the contact properties the `fit_contact_properties` var
    declares (lead_source by default, or any column a contacts export
    carries). Staging, the contact versions, the fit points and the fit-rule
    seed check all read this list, so a property is declared once. -#}
{% macro fit_attributes() -%}
    {{ return(['job_title', 'company_size', 'industry', 'country_code']
              + leadflow.fit_contact_properties()) }}
{%- endmacro %}

{#- Fit attributes matched on a numeric band ([min_value, max_value]) rather
    than a text pattern. -#}
{% macro numeric_fit_attributes() -%}
    {{ return(['company_size']) }}
{%- endmacro %}

{#- The declared contact properties, checked: each must be a plain column
    name and not one of the built-in attributes. -#}
{% macro fit_contact_properties() -%}
    {%- set properties = var('fit_contact_properties', []) or [] -%}
    {%- if properties is string -%}
        {%- set properties = [properties] -%}
    {%- endif -%}
    {%- set built_in = ['job_title', 'company_size', 'industry', 'country_code'] -%}
    {%- for property in properties -%}
        {%- if not modules.re.match('^[a-z_][a-z0-9_]*$', property | string) -%}
            {{ exceptions.raise_compiler_error(
                "var fit_contact_properties: '" ~ property ~ "' is not a column name "
                ~ "(lower-case letters, digits and _)") }}
        {%- endif -%}
        {%- if property in built_in -%}
            {{ exceptions.raise_compiler_error(
                "var fit_contact_properties: '" ~ property ~ "' is built in; "
                ~ "list only extra contact properties") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(properties | list) }}
{%- endmacro %}

{#- The declared properties that are not raw contract columns (the source's
    documented columns): the extra columns of a contacts export that staging
    must carry. Each must exist in raw.contacts, or the build stops naming
    the column. -#}
{% macro extra_contact_properties(source_relation) -%}
    {%- set extras = [] -%}
    {%- if execute -%}
        {%- set contract = graph.sources['source.leadflow.crm.contacts'].columns.keys()
            | list -%}
        {%- set present = adapter.get_columns_in_relation(source_relation)
            | map(attribute='name') | map('lower') | list -%}
        {%- for property in leadflow.fit_contact_properties() -%}
            {%- if property not in contract -%}
                {%- if property not in present -%}
                    {{ exceptions.raise_compiler_error(
                        "var fit_contact_properties names '" ~ property ~ "', but "
                        ~ source_relation ~ " has no such column: load a contacts "
                        ~ "export that carries it, or remove it from the var") }}
                {%- endif -%}
                {%- do extras.append(property) -%}
            {%- elif property != 'lead_source' -%}
                {{ exceptions.raise_compiler_error(
                    "var fit_contact_properties: '" ~ property ~ "' is a contact column "
                    ~ "fit rules cannot read; use lead_source or an extra column") }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(extras) }}
{%- endmacro %}

{#- The contact versions' attributes as rows: one per version and non-null
    attribute of fit_attributes(), with `scored_attribute`, its value as
    text (`matched_value`) and lower-cased (`match_key`), so rules (fit,
    nurture tracks) match an attribute by its name instead of one branch per
    attribute. `versions` is a relation or CTE with lead_id and
    version_number; `extra_columns` are carried along. -#}
{% macro fit_attribute_values(versions, extra_columns=[]) -%}
    {%- for attribute in leadflow.fit_attributes() %}
    select
        lead_id,
        version_number,
        {%- for column in extra_columns %}
        {{ column }},
        {%- endfor %}
        '{{ attribute }}' as scored_attribute,
        cast({{ attribute }} as {{ dbt.type_string() }}) as matched_value,
        lower(cast({{ attribute }} as {{ dbt.type_string() }})) as match_key
    from {{ versions }}
    where {{ attribute }} is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- The seed check (for assert_seed_rows_valid) that a rule's `attribute`
    names one of fit_attributes(): shared by the fit rules and the nurture
    tracks, so both say the same thing. -#}
{% macro fit_attribute_check() -%}
    {{ return({
        'when': "attribute is null or attribute not in ('"
                ~ leadflow.fit_attributes() | join("', '") ~ "')",
        'column': 'attribute',
        'problem': 'is not one of ' ~ leadflow.fit_attributes() | join(', ')
                   ~ ' (declare other contact properties in the var fit_contact_properties)',
    }) }}
{%- endmacro %}
