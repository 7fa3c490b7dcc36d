-- "What was this lead's score on 1 March?" Every lead's score as of a moment,
-- through the lead_scores_as_of macro. Change the timestamp and lead id.
select scores.*
from ({{ lead_scores_as_of("timestamp '2026-03-01 00:00:00'") }}) as scores
where scores.lead_id = 'c000001'
