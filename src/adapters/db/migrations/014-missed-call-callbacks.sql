-- Missed calls called back (漏接回拨): a caller who hung up after waiting in a skill queue at least
-- MISSED_CALL_CALLBACK_AFTER_SECONDS gets a callback at the place they had, stored with the ones
-- callers leave with the callback key. `origin` tells them apart.

ALTER TABLE callbacks ADD COLUMN origin text NOT NULL DEFAULT 'key' CHECK (origin IN ('key', 'missed_call'));

-- One missed-call callback per call, whoever creates it (the call's end, the sweep, another instance).
CREATE UNIQUE INDEX callbacks_missed_call_once_idx ON callbacks (call_id) WHERE origin = 'missed_call';
-- A number with a missed-call callback pending gets no second one.
CREATE UNIQUE INDEX callbacks_missed_call_pending_idx ON callbacks (number)
  WHERE origin = 'missed_call' AND status IN ('waiting', 'delivering', 'retry_wait');
-- The number's callbacks (is one pending? was it called back?) and the figures by creation time.
CREATE INDEX callbacks_number_idx ON callbacks (number, status);
CREATE INDEX callbacks_origin_created_idx ON callbacks (origin, created_at);
