-- Back to PostgreSQL's own choice of plan (plan_cache_mode = auto), undoing
-- 004. Forcing custom plans made every statement plan again at each run:
-- the ticket page's one statement spent 3.4 ms planning for 0.5 ms of
-- work (make bench, a million tickets). With auto, the statements whose
-- plan does not depend on their values (sessions, tickets) are planned once
-- per connection; the list, whose optional filters make a generic plan
-- cost more than a custom one, keeps being planned with its values
-- (checked with EXPLAIN after many runs: the filters' indexes are used).
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I RESET plan_cache_mode', current_database());
END
$$;
