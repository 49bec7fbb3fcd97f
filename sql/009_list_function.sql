-- The Request UID Management System list (and its CSV export) as a
-- function that writes only the filters in use into its query and plans it
-- with their values at every call.
--
-- The list's prepared statement had optional filters ("$n IS NULL OR column
-- = $n"). Under plan_cache_mode auto (migration 005) PostgreSQL switched it
-- to a generic plan after five runs whenever that looked cheaper, which it
-- does below a few thousand tickets: a sequential scan and a sort of every
-- ticket, 5 ms instead of 0.9 ms for a page of 25 at 2,500 tickets
-- (make chaos, soak). EXECUTE in PL/pgSQL is planned afresh with its
-- values each time, and the query holds no "IS NULL OR" for a filter not
-- given, so each combination gets the index that fits (created_at,
-- status, kind, atasan or the trigram search index of migration 003).
-- The values only ever travel as parameters (USING), never in the text.
CREATE FUNCTION pserv_list(p_scope text, p_status text, p_kind text,
                           p_from text, p_to text, p_q text,
                           p_limit integer, p_offset integer, p_asc boolean)
RETURNS TABLE (o_id bigint, o_nomor text, o_created bigint,
               o_full_name text, o_kind text, o_unit text, o_status text,
               o_platforms text, o_unit_code text)
LANGUAGE plpgsql STABLE
SET search_path = public, pg_catalog
AS $$
DECLARE
    w text := '';
BEGIN
    IF p_scope IS DISTINCT FROM '*' THEN
        w := w || ' AND r.atasan_nopek = $1';
    END IF;
    IF coalesce(p_status, '') <> '' THEN
        w := w || ' AND r.status = $2';
    END IF;
    IF coalesce(p_kind, '') <> '' THEN
        w := w || ' AND r.kind = $3';
    END IF;
    IF coalesce(p_from, '') <> '' THEN
        w := w || ' AND r.created_at >= $4::date::timestamp AT TIME ZONE ''Asia/Jakarta''';
    END IF;
    IF coalesce(p_to, '') <> '' THEN
        w := w || ' AND r.created_at < ($5::date + 1)::timestamp AT TIME ZONE ''Asia/Jakarta''';
    END IF;
    IF coalesce(p_q, '') <> '' THEN
        -- the expression of requests_search_idx, to the letter
        w := w || ' AND (r.nomor || '' '' || r.full_name || '' '' || coalesce(r.nopek, '''')'
               || ' || '' '' || lower(r.email)) ILIKE ''%'' || $6 || ''%''';
    END IF;
    RETURN QUERY EXECUTE
        'SELECT r.id, r.nomor, extract(epoch FROM r.created_at)::bigint,'
        || ' r.full_name, r.kind, u.name, r.status,'
        || ' (SELECT string_agg(p.name, '', '' ORDER BY p.sort_order, p.name)'
        || '  FROM request_platforms rp JOIN platforms p'
        || '  ON p.code = rp.platform_code WHERE rp.request_id = r.id),'
        || ' r.unit_code'
        || ' FROM requests r JOIN units u ON u.code = r.unit_code WHERE true'
        || w
        || CASE WHEN p_asc THEN ' ORDER BY r.created_at, r.id'
                ELSE ' ORDER BY r.created_at DESC, r.id DESC' END
        || ' LIMIT $7 OFFSET $8'
        USING p_scope, p_status, p_kind, p_from, p_to, p_q, p_limit, p_offset;
END
$$;
