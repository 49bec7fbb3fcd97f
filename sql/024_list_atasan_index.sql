-- The Atasan's list (issue 21): its default view is "my tickets, newest
-- first, 25 at a time" (pserv_list: r.atasan_nopek = $1 ORDER BY
-- created_at DESC, id DESC LIMIT 25). requests_atasan_idx has the status
-- between, so that view read and sorted every ticket the Atasan ever had
-- (1,600 in make bench's million); in this order it reads 25 rows. The
-- index of 009 stays for the same list filtered by status.
CREATE INDEX requests_atasan_created_idx
    ON requests (atasan_nopek, created_at DESC, id DESC);
