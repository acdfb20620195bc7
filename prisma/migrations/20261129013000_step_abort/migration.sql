-- Hand-written: functions are not part of the Prisma schema, so `npm run db:migration` leaves them alone.
-- A conversation step is written in one statement whose final SELECT calls this when a version it
-- relied on has moved (or the delivery was seen before): the error rolls the whole statement back,
-- and its message tells the application which check failed ('icp_step:<reason>', SQLSTATE P0001).
-- The body's semicolon is written \u003B because the PostgreSQL adapter splits scripts at every semicolon.
CREATE FUNCTION icp_abort_step(reason TEXT) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE
AS E'BEGIN RAISE EXCEPTION ''icp_step:%'', reason\u003B END';
