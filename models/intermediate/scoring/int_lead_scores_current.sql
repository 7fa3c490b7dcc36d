-- Every lead's score now (at the scoring reference time): the as-of lookup
-- at the present moment.
{{ lead_scores_as_of(scoring_reference_time(), ref('int_lead_score_intervals')) }}
