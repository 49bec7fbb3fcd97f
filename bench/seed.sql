-- bench/seed.sql: synthetic data of a realistic shape for `make bench`,
-- generated inside PostgreSQL. psql variables: tickets, employees.
-- Runs on a database that has the migrations and the demo master data
-- (scripts/dev.sh db NAME fresh). Secondary indexes are dropped while the
-- rows go in and built again afterwards: much faster than maintaining them
-- row by row.
\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '1GB';
SET max_parallel_maintenance_workers = 2;
SET work_mem = '256MB';
-- The rows below are consistent by construction: no trigger (foreign key
-- checks are triggers) fires while they go in. Needs a superuser, which the
-- private PostgreSQL's owner is.
SET session_replication_role = replica;

BEGIN;

-- 100 more units (half HO, half UNIT) and the employees.
INSERT INTO units (code, name, kind)
SELECT CASE WHEN u <= 50 THEN 'HO-B' ELSE 'UNIT-B' END || lpad(u::text, 3, '0'),
       CASE WHEN u <= 50 THEN 'Fungsi ' ELSE 'Unit Area ' END || u,
       CASE WHEN u <= 50 THEN 'HO' ELSE 'UNIT' END
FROM generate_series(1, 100) u;

INSERT INTO employees (nopek, full_name, position, email, unit_code,
                       supervisor_nopek, employment_type)
SELECT '3' || lpad(e::text, 7, '0'), n.first || ' ' || n.last, 'Staf',
       lower(n.first || '.' || n.last) || e || '@ptpr.example',
       CASE WHEN e % 2 = 0 THEN 'HO-B' ELSE 'UNIT-B' END
           || lpad((CASE WHEN e % 2 = 0 THEN 1 ELSE 51 END + e % 50)::text, 3, '0'),
       CASE WHEN e > 100 THEN '3' || lpad((e - 100)::text, 7, '0') END,
       (ARRAY['ORGANIK','PKWT','TKJP'])[1 + e % 3]
FROM generate_series(1, :employees) e,
LATERAL (SELECT (ARRAY['Agus','Budi','Citra','Dewi','Eko','Fajar','Gita','Hadi',
                       'Indah','Joko','Kartika','Lukman','Mega','Nur','Oki','Putri',
                       'Rizki','Sinta','Taufik','Wulan'])[1 + e % 20] AS first,
                (ARRAY['Santoso','Wijaya','Lestari','Saputra','Rahmawati','Hidayat',
                       'Kusuma','Pratama','Sari','Nugroho','Utami','Setiawan',
                       'Halim','Siregar','Nasution','Simanjuntak','Tanjung',
                       'Wibowo','Permana','Gunawan'])[1 + (e / 20) % 20] AS last) n;

-- Drop the secondary indexes of the ticket tables; keep their definitions.
CREATE TEMP TABLE bench_idx AS
SELECT indexname, indexdef FROM pg_indexes
WHERE schemaname = 'public'
  AND tablename IN ('requests', 'request_platforms', 'approvals', 'activity_log')
  AND indexdef NOT LIKE 'CREATE UNIQUE INDEX%';
DO $$
DECLARE i record;
BEGIN
    FOR i IN SELECT indexname FROM bench_idx LOOP
        EXECUTE format('DROP INDEX %I', i.indexname);
    END LOOP;
END $$;

-- The tickets: g = 1 is the oldest, one every 150 s (about 4.75 years at a
-- million). Statuses: 60% completed, 10% rejected, the rest waiting at the
-- four stages; kinds in turn.
CREATE TEMP TABLE bench_req AS
SELECT g,
       CASE WHEN g % 3 = 0 THEN 'UNIT' WHEN g % 3 = 1 THEN 'HO_ORGANIK' ELSE 'HO_TKJP' END AS kind,
       1 + (g * 37) % :employees AS emp,
       1 + (g * 13) % :employees AS boss,
       CASE WHEN (g * 7919) % 100 < 60 THEN 'completed'
            WHEN (g * 7919) % 100 < 70 THEN 'rejected'
            WHEN (g * 7919) % 100 < 78 THEN 'atasan'
            WHEN (g * 7919) % 100 < 86 THEN 'verificator'
            WHEN (g * 7919) % 100 < 93 THEN 'manager'
            ELSE 'executor' END AS status,
       now() - ((:tickets - g) * interval '150 seconds') AS created
FROM generate_series(1, :tickets::bigint) g;
ANALYZE bench_req;

INSERT INTO requests (id, nomor, kind, nopek, full_name, position, email,
                      unit_code, atasan_nopek, note, status, created_at,
                      updated_at)
SELECT b.g, 'UID-' || to_char(b.created, 'YYYY') || '-' || lpad(b.g::text, 7, '0'),
       b.kind, CASE WHEN b.kind = 'UNIT' THEN NULL ELSE e.nopek END,
       e.full_name, 'Staf', e.email,
       CASE WHEN b.kind = 'UNIT' THEN 'UNIT-B' || lpad((51 + b.g % 50)::text, 3, '0')
            ELSE 'HO-B' || lpad((1 + b.g % 50)::text, 3, '0') END,
       '3' || lpad(b.boss::text, 7, '0'),
       CASE WHEN b.g % 4 = 0 THEN 'Mohon dibuatkan akses untuk pekerjaan harian.' END,
       b.status, b.created, b.created + interval '2 days'
FROM bench_req b JOIN employees e ON e.nopek = '3' || lpad(b.emp::text, 7, '0');
SELECT setval('requests_id_seq', (SELECT max(id) FROM requests));

INSERT INTO request_platforms (request_id, platform_code, note)
SELECT b.g, p.code, 'Akses ' || p.name || ' untuk pekerjaan harian'
FROM bench_req b
CROSS JOIN generate_series(0, 2) k
JOIN (SELECT code, name, row_number() OVER (ORDER BY code) - 1 AS n FROM platforms) p
  ON p.n = (b.g + k * 3) % 8
WHERE k <= b.g % 3;

-- Approvals and the Activity Log: stage i (0..3) was decided when the
-- status is past it; a rejected ticket was refused at stage g % 4.
CREATE TEMP TABLE bench_stage AS
SELECT i, stage, label, account FROM (VALUES
    (0, 'atasan', 'Atasan Pemohon', 'hendra.gunawan'),
    (1, 'verificator', 'ICT Verificator', 'rina.wulandari'),
    (2, 'manager', 'ICT Manager', 'bambang.sutrisno'),
    (3, 'executor', 'ICT Executor', 'dedi.kurniawan')) v(i, stage, label, account);

CREATE TEMP TABLE bench_dec AS
SELECT b.g, s.i, s.stage, s.label, a.id AS account_id, a.full_name,
       CASE WHEN b.status = 'rejected' AND s.i = b.g % 4 THEN 'reject' ELSE 'approve' END AS decision,
       b.created + (s.i + 1) * interval '3 hours' AS at
FROM bench_req b
JOIN bench_stage s ON s.i < CASE b.status
        WHEN 'atasan' THEN 0 WHEN 'verificator' THEN 1 WHEN 'manager' THEN 2
        WHEN 'executor' THEN 3 WHEN 'completed' THEN 4
        ELSE b.g % 4 + 1 END
JOIN accounts a ON a.username = s.account;
ANALYZE bench_dec;

INSERT INTO approvals (request_id, stage, decision, account_id, reason, decided_at)
SELECT g, stage, decision, account_id,
       CASE decision WHEN 'reject' THEN 'Data pemohon tidak lengkap.' ELSE 'Disetujui.' END, at
FROM bench_dec;

INSERT INTO activity_log (request_id, at, account_id, actor_name, actor_role, action, reason)
SELECT r.id, r.created_at, NULL, r.full_name, 'Pemohon', 'Submitted', NULL
FROM requests r WHERE r.id <= :tickets
UNION ALL
SELECT g, at, account_id, full_name, label,
       CASE WHEN decision = 'reject' THEN 'Rejected' WHEN i = 3 THEN 'Completed' ELSE 'Approved' END,
       CASE decision WHEN 'reject' THEN 'Data pemohon tidak lengkap.' ELSE 'Disetujui.' END
FROM bench_dec;

-- The indexes again, built once.
DO $$
DECLARE i record;
BEGIN
    FOR i IN SELECT indexdef FROM bench_idx LOOP
        EXECUTE i.indexdef;
    END LOOP;
END $$;

CREATE TABLE bench_meta (tickets int, employees int, seeded_at timestamptz DEFAULT now());
INSERT INTO bench_meta (tickets, employees) VALUES (:tickets, :employees);
COMMIT;
VACUUM ANALYZE;
