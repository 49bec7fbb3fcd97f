-- The list's prepared statements have optional filters ("$n IS NULL OR
-- column = $n"). A generic plan cannot know which filters are in use and
-- would scan the table; custom plans see the values and use the index
-- that fits. Planning costs well under a millisecond.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET plan_cache_mode = force_custom_plan',
                   current_database());
END
$$;
