-- Change feed (Debezium embedded in the worker): its source offsets live here, in the database whose
-- WAL it reads, so they survive any worker instance; the heartbeat row is rewritten by the feed's
-- heartbeat so an idle documents table never holds WAL back. Neither is a tenant table.
create table change_feed_offsets (
    offset_key   bytea       primary key,
    offset_value bytea       not null,
    updated_at   timestamptz not null default now()
);

create table change_feed_heartbeat (
    id  integer     primary key check (id = 1),
    at  timestamptz not null
);
