-- Kembalikan untuk Revisi and Batalkan Permohonan (issue 18, sections 1
-- and 2).
--
--   * two statuses: 'returned' (Returned for Revision: the requester fixes
--     the form through the status link and submits it again, same Nomor)
--     and 'cancelled' (Cancelled: withdrawn by the requester, or returned
--     and not fixed within PservRevisionDays);
--   * requests.revision counts the resubmits; each approval and each
--     Activity Log line keeps the round it was written in, so a stage can
--     be decided again in a later round (UNIQUE (request_id, round, stage)
--     instead of (request_id, stage)). Progres Persetujuan shows the current
--     round only; separation of duties still counts every round (actors.c);
--   * the decision 'return';
--   * a draft of the public form may belong to a returned ticket (the
--     Perbaiki Permohonan form): its Nomor is the ticket's, and its submit
--     updates the ticket instead of making one.
ALTER TABLE requests DROP CONSTRAINT requests_status_check;
ALTER TABLE requests ADD CONSTRAINT requests_status_check
    CHECK (status IN ('atasan', 'verificator', 'manager', 'executor',
                      'completed', 'rejected', 'returned', 'cancelled'));
ALTER TABLE requests ADD COLUMN revision integer NOT NULL DEFAULT 0
    CHECK (revision >= 0);

-- The returned tickets by when they were returned (updated_at): the
-- mail worker's expiry sweep reads only these.
CREATE INDEX requests_returned_idx ON requests (updated_at)
    WHERE status = 'returned';

ALTER TABLE approvals ADD COLUMN round integer NOT NULL DEFAULT 0
    CHECK (round >= 0);
ALTER TABLE approvals DROP CONSTRAINT approvals_request_id_stage_key;
ALTER TABLE approvals ADD CONSTRAINT approvals_request_round_stage_key
    UNIQUE (request_id, round, stage);
ALTER TABLE approvals DROP CONSTRAINT approvals_decision_check;
ALTER TABLE approvals ADD CONSTRAINT approvals_decision_check
    CHECK (decision IN ('approve', 'reject', 'return'));

ALTER TABLE activity_log ADD COLUMN round integer NOT NULL DEFAULT 0
    CHECK (round >= 0);

ALTER TABLE request_drafts ADD COLUMN request_id bigint UNIQUE
    REFERENCES requests (id) ON DELETE CASCADE;
