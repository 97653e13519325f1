-- The audit log moved to a SQLite file of its own (db/sqlite-audit/0001_audit_log.sql). Before
-- this script runs, Data/Migrations.cs has copied every row of this table there, ids kept, in a
-- committed transaction; a copy that is repeated (a start that stopped between the two) skips the
-- ids already there. Dropping the table drops its indexes and append-only triggers with it.
DROP TABLE audit_log;
