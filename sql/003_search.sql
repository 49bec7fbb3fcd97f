-- Search over Nomor, name, nopek and e-mail on the Request UID Management
-- System list: a trigram index serves ILIKE '%...%' at any table size.
-- (pg_trgm is a trusted extension: the database owner may create it.)
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX requests_search_idx ON requests USING gin
    ((nomor || ' ' || full_name || ' ' || coalesce(nopek, '') || ' ' || lower(email))
     gin_trgm_ops);
CREATE INDEX requests_kind_created_idx ON requests (kind, created_at DESC, id DESC);
