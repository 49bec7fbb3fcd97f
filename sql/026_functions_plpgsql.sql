-- Two rules asked on every page, as PL/pgSQL (issue 21). As LANGUAGE sql
-- neither is inlined (pserv_approves has a SET clause; pserv_may_see's
-- sublinks), and a SQL function that is not inlined is planned again at
-- each call: about 0.2 ms of PostgreSQL's time, in the session statement
-- that every page (a page cache hit too) runs. PL/pgSQL keeps its plans
-- for the connection's life (mod_dbd's connections are persistent): the
-- same rule in about 0.04 ms. The bodies are those of migrations 012 and
-- 013, unchanged.

-- Whether an account approves something, and so may delegate (013).
CREATE OR REPLACE FUNCTION pserv_approves(p_account bigint)
RETURNS boolean LANGUAGE plpgsql STABLE
SET search_path = public, pg_catalog
AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM account_roles ar
                   WHERE ar.account_id = p_account
                   AND ar.role IN ('ict_verificator', 'ict_manager',
                                   'ict_executor'))
        OR EXISTS (SELECT 1 FROM accounts a
                   WHERE a.id = p_account AND a.nopek IS NOT NULL
                   AND (EXISTS (SELECT 1 FROM employees e
                                WHERE e.supervisor_nopek = a.nopek
                                AND e.active)
                        OR EXISTS (SELECT 1 FROM units u
                                   WHERE u.head_nopek = a.nopek)));
END
$$;

-- Whether an account may see a ticket (012).
CREATE OR REPLACE FUNCTION pserv_may_see(p_request bigint, p_atasan text,
                                         p_scope text, p_account bigint,
                                         p_now timestamptz)
RETURNS boolean LANGUAGE plpgsql STABLE
AS $$
BEGIN
    RETURN p_scope = '*' OR p_atasan = p_scope
        OR EXISTS (SELECT 1 FROM approvals ap
                   WHERE ap.request_id = p_request AND ap.account_id = p_account)
        OR EXISTS (SELECT 1 FROM pserv_acting_for(p_account, p_now) f
                   WHERE f.request_id = p_request);
END
$$;
