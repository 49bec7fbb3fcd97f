-- The list (Request UID Management System, its CSV export and
-- /api/v1/requests) for delegation and Alihkan Persetujuan (issue 17).
--
-- pserv_list of migration 009 gains the account and the request's clock:
--   * an account whose scope is not '*' also sees the tickets it may act on
--     for someone else now or by assignment, and the tickets it decided
--     (what pserv_may_see of migration 012 lets it open);
--   * the status filter 'delegasi' keeps the waiting tickets it may act on
--     for someone else (a delegation) or by assignment;
--   * one more column, o_acting: what the account acts by on the row
--     ("atas nama Rina Wulandari", "Dialihkan"), NULL otherwise.
-- Who may act is pserv_acting_for and pserv_candidates (migration 012),
-- asked here, not restated: a ticket the account holds the stage of itself
-- is not "for someone else" (the holder's right comes first, as the ticket
-- page decides, actors.c). Both are asked only when the account has a
-- delegation or an assignment to act on now, so the list of an ICT user
-- without one runs the query of 009, planned the same way.
-- As in 009, the query is planned with its values at every call and the
-- values only ever travel as parameters (USING).
DROP FUNCTION pserv_list(text, text, text, text, text, text, integer, integer,
                         boolean);

CREATE INDEX approvals_account_idx ON approvals (account_id);

CREATE FUNCTION pserv_list(p_scope text, p_account bigint, p_now timestamptz,
                           p_status text, p_kind text,
                           p_from text, p_to text, p_q text,
                           p_limit integer, p_offset integer, p_asc boolean)
RETURNS TABLE (o_id bigint, o_nomor text, o_created bigint,
               o_full_name text, o_kind text, o_unit text, o_status text,
               o_platforms text, o_unit_code text, o_acting text)
LANGUAGE plpgsql STABLE
SET search_path = public, pg_catalog
AS $$
DECLARE
    w text := '';
    acting_ids bigint[] := '{}';
    acting_what text[] := '{}';
    seen_ids bigint[] := '{}';
BEGIN
    -- What the account may act on for someone else now: the tickets of
    -- pserv_acting_for it does not hold itself, with the best right it
    -- has on each (a delegation before an assignment, as actors.c ranks).
    -- (The first two look-ups are a shortcut, not a rule: without a
    -- delegation to the account that has not ended, nor an assignment,
    -- pserv_acting_for has nothing; they keep its planning off the list
    -- of everyone else.)
    IF (EXISTS (SELECT 1 FROM delegations d
                WHERE d.delegate_id = p_account
                AND (d.ended_at IS NULL OR d.ended_at > p_now)
                AND d.ends_on >= (p_now AT TIME ZONE 'Asia/Jakarta')::date)
        OR EXISTS (SELECT 1 FROM stage_assignments s
                   WHERE s.account_id = p_account))
       AND EXISTS (SELECT 1 FROM pserv_acting_for(p_account, p_now)) THEN
        -- Whether the account may hold a stage of a waiting ticket itself
        -- (an ICT role, or the Atasan's nopek of a ticket at 'atasan'):
        -- only then is pserv_candidates, which looks at every waiting
        -- ticket, asked which of them it holds.
        IF EXISTS (SELECT 1 FROM account_roles ar
                   WHERE ar.account_id = p_account AND ar.role LIKE 'ict\_%')
           OR EXISTS (SELECT 1 FROM accounts a JOIN requests r
                      ON r.atasan_nopek = a.nopek AND r.status = 'atasan'
                      WHERE a.id = p_account) THEN
            SELECT coalesce(array_agg(x.id ORDER BY x.id), '{}'),
                   coalesce(array_agg(x.what ORDER BY x.id), '{}')
              INTO acting_ids, acting_what
              FROM (SELECT c.request_id AS id,
                           CASE WHEN bool_or(c.via = 'delegate')
                                THEN 'atas nama ' || string_agg(DISTINCT f.full_name, ', ')
                                ELSE 'Dialihkan' END AS what
                      FROM pserv_candidates(p_now, NULL) c
                      LEFT JOIN accounts f ON f.id = c.for_id
                     WHERE c.account_id = p_account
                     GROUP BY c.request_id
                    HAVING NOT bool_or(c.via = 'holder')) x;
        ELSE
            SELECT coalesce(array_agg(x.id ORDER BY x.id), '{}'),
                   coalesce(array_agg(x.what ORDER BY x.id), '{}')
              INTO acting_ids, acting_what
              FROM (SELECT c.request_id AS id,
                           CASE WHEN bool_or(c.via = 'delegate')
                                THEN 'atas nama ' || string_agg(DISTINCT f.full_name, ', ')
                                ELSE 'Dialihkan' END AS what
                      FROM pserv_acting_for(p_account, p_now) c
                      LEFT JOIN accounts f ON f.id = c.for_id
                     GROUP BY c.request_id) x;
        END IF;
    END IF;
    IF p_scope IS DISTINCT FROM '*' THEN
        -- planned with the value each time: a cached generic plan would
        -- scan every approval (the ICT accounts decide most of them)
        EXECUTE 'SELECT coalesce(array_agg(DISTINCT ap.request_id), ''{}'')'
                || ' FROM approvals ap WHERE ap.account_id = $1'
            INTO seen_ids USING p_account;
        seen_ids := seen_ids || acting_ids;
        IF cardinality(seen_ids) > 0 THEN
            w := w || ' AND (r.atasan_nopek = $1 OR r.id = ANY ($9))';
        ELSE
            w := w || ' AND r.atasan_nopek = $1';
        END IF;
    END IF;
    IF p_status = 'delegasi' THEN
        w := w || ' AND r.id = ANY ($10)';
    ELSIF coalesce(p_status, '') <> '' THEN
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
    IF cardinality(acting_ids) = 0 THEN
        RETURN QUERY EXECUTE
            'SELECT r.id, r.nomor, extract(epoch FROM r.created_at)::bigint,'
            || ' r.full_name, r.kind, u.name, r.status,'
            || ' (SELECT string_agg(p.name, '', '' ORDER BY p.sort_order, p.name)'
            || '  FROM request_platforms rp JOIN platforms p'
            || '  ON p.code = rp.platform_code WHERE rp.request_id = r.id),'
            || ' r.unit_code, NULL::text'
            || ' FROM requests r JOIN units u ON u.code = r.unit_code WHERE true'
            || w
            || CASE WHEN p_asc THEN ' ORDER BY r.created_at, r.id'
                    ELSE ' ORDER BY r.created_at DESC, r.id DESC' END
            || ' LIMIT $7 OFFSET $8'
            USING p_scope, p_status, p_kind, p_from, p_to, p_q, p_limit,
                  p_offset, seen_ids, acting_ids;
        RETURN;
    END IF;
    -- The marker joined to the page's rows only, in the page's order.
    RETURN QUERY EXECUTE
        'SELECT q.id, q.nomor, q.created, q.full_name, q.kind, q.unit,'
        || ' q.status, q.platforms, q.unit_code, a.what FROM ('
        || 'SELECT r.id, r.nomor, extract(epoch FROM r.created_at)::bigint AS created,'
        || ' r.full_name, r.kind, u.name AS unit, r.status,'
        || ' (SELECT string_agg(p.name, '', '' ORDER BY p.sort_order, p.name)'
        || '  FROM request_platforms rp JOIN platforms p'
        || '  ON p.code = rp.platform_code WHERE rp.request_id = r.id) AS platforms,'
        || ' r.unit_code, r.created_at AS at'
        || ' FROM requests r JOIN units u ON u.code = r.unit_code WHERE true'
        || w
        || CASE WHEN p_asc THEN ' ORDER BY r.created_at, r.id'
                ELSE ' ORDER BY r.created_at DESC, r.id DESC' END
        || ' LIMIT $7 OFFSET $8) q'
        || ' LEFT JOIN unnest($10, $11) a (id, what) ON a.id = q.id'
        || CASE WHEN p_asc THEN ' ORDER BY q.at, q.id'
                ELSE ' ORDER BY q.at DESC, q.id DESC' END
        USING p_scope, p_status, p_kind, p_from, p_to, p_q, p_limit, p_offset,
              seen_ids, acting_ids, acting_what;
END
$$;

-- Whether an account approves something, and so may delegate (Delegasi
-- Persetujuan): its nopek is an active employee's supervisor or a unit's
-- head, or it holds an ICT role that decides a stage.
CREATE FUNCTION pserv_approves(p_account bigint)
RETURNS boolean LANGUAGE sql STABLE
SET search_path = public, pg_catalog
AS $$
    SELECT EXISTS (SELECT 1 FROM account_roles ar
                   WHERE ar.account_id = p_account
                   AND ar.role IN ('ict_verificator', 'ict_manager',
                                   'ict_executor'))
        OR EXISTS (SELECT 1 FROM accounts a
                   WHERE a.id = p_account AND a.nopek IS NOT NULL
                   AND (EXISTS (SELECT 1 FROM employees e
                                WHERE e.supervisor_nopek = a.nopek
                                AND e.active)
                        OR EXISTS (SELECT 1 FROM units u
                                   WHERE u.head_nopek = a.nopek)))
$$;
