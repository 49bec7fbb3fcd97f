-- Reminders and escalation (mod_pserv/remind.c): what has been sent for
-- the stage a ticket waits at. A stage starts at requests.updated_at (set
-- on submit and at every decision); its row here is made by the first
-- reminder or escalation, so a ticket that moves on starts its next stage
-- with none.
CREATE TABLE stage_reminders (
    request_id    bigint NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    stage         text NOT NULL
                  CHECK (stage IN ('atasan', 'verificator', 'manager', 'executor')),
    reminders     integer NOT NULL DEFAULT 0,   -- sent for this stage
    last_at       timestamptz,                  -- the last of them
    escalated_at  timestamptz,                  -- the one escalation
    PRIMARY KEY (request_id, stage)
);

-- The sweep reads only the tickets still waiting, oldest stage first.
CREATE INDEX requests_waiting_idx ON requests (updated_at)
    WHERE status IN ('atasan', 'verificator', 'manager', 'executor');
