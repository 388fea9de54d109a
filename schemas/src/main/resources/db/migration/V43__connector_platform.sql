-- The connector platform: sync modes, live progress and stalls, paused sources, checkpoints that never run ahead
-- of the data. Run by the owner (pipeline_owner); grants and row-level security as in V42: each login gets exactly
-- what its statements need, the API's role sees only the tenant bound to its transaction.

-- Sync modes: 'full' sweeps what it did not see, 'incremental' never deletes (progress and checkpoints only).
alter table sync_runs drop constraint sync_runs_mode_check;
alter table sync_runs add constraint sync_runs_mode_check check (mode in ('full', 'incremental'));
alter table sync_runs
    -- how many documents the connector expects to send (optional), for the ETA
    add column expected         bigint check (expected >= 0),
    -- the last event or heartbeat of the sync; an open sync silent for pipeline.sync.stall-after becomes stalled
    add column last_activity_at timestamptz not null default now();
alter table sync_runs drop constraint sync_runs_state_check;
alter table sync_runs add constraint sync_runs_state_check check (state in
    ('open', 'stalled', 'completing', 'needs_confirmation', 'sweeping', 'completed', 'aborted', 'failed', 'reverted'));
-- a stalled sync is still open for its events (an event or heartbeat makes it open again)
drop index sync_runs_open;
create index sync_runs_open on sync_runs (tenant_id, source)
    where state in ('open', 'stalled', 'completing', 'needs_confirmation', 'sweeping');
-- the syncs of a source, newest first (keyset: created_at, sync_id)
create index sync_runs_by_source on sync_runs (tenant_id, source, created_at desc, sync_id desc);
-- the worker's stall check: open syncs by their last sign of life
create index sync_runs_silent on sync_runs (last_activity_at) where state = 'open';

-- A tenant's sources that were ever paused or resumed; paused_at not null = the intake refuses the source (409).
create table sources (
    tenant_id  uuid        not null,
    source     text        not null,
    paused_at  timestamptz,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, source)
);

-- A connector's saved state (opaque JSON) per source and stream ('' = none). The intake inserts it pending
-- (applied_at null) and publishes a CheckpointMarked record to every partition of documents.events after the
-- events it follows; the worker records each partition that passed the marker in the transaction that applies
-- that partition's events, and sets applied_at in the same transaction once all of them passed. Only applied
-- checkpoints are ever shown.
create table checkpoints (
    tenant_id     uuid        not null,
    checkpoint_id uuid        not null,
    source        text        not null,
    stream        text        not null default '',
    state         jsonb       not null,
    -- the partitions of the events topic when the markers were published: all must pass
    partitions    integer     not null check (partitions > 0),
    -- how many of them passed its marker so far (the worker adds under the row lock, so no pass is lost)
    passed        integer     not null default 0,
    seq           bigint      generated always as identity,
    created_at    timestamptz not null default now(),
    applied_at    timestamptz,
    primary key (tenant_id, checkpoint_id)
);
-- the newest applied checkpoint of a source and stream
create index checkpoints_latest on checkpoints (tenant_id, source, stream, seq desc) where applied_at is not null;

create table checkpoint_passes (
    tenant_id       uuid    not null,
    checkpoint_id   uuid    not null,
    kafka_partition integer not null,
    primary key (tenant_id, checkpoint_id, kafka_partition)
);

alter table sources owner to pipeline_owner;
alter table checkpoints owner to pipeline_owner;
alter table checkpoint_passes owner to pipeline_owner;

-- the intake: pause and resume, checkpoints (insert pending, read applied), the sources list (live counts)
grant select, insert, update on sources to pipeline_ingest;
grant select, insert on checkpoints to pipeline_ingest;
grant select on document_counts to pipeline_ingest;
-- the worker: a batch records the markers its partitions passed and applies the checkpoints they complete
grant select, update on checkpoints to pipeline_worker;
grant select, insert on checkpoint_passes to pipeline_worker;

alter table sources enable row level security;
alter table checkpoints enable row level security;
alter table checkpoint_passes enable row level security;
create policy intake_all on sources to pipeline_ingest using (true) with check (true);
create policy intake_all on checkpoints to pipeline_ingest using (true) with check (true);
create policy intake_read on document_counts for select to pipeline_ingest using (true);
create policy worker_all on checkpoints to pipeline_worker using (true) with check (true);
create policy worker_all on checkpoint_passes to pipeline_worker using (true) with check (true);
-- the API is granted none of these today; should it be, it sees only its bound tenant
create policy tenant_isolation on sources to pipeline_api
    using (tenant_id = pipeline_tenant()) with check (tenant_id = pipeline_tenant());
create policy tenant_isolation on checkpoints to pipeline_api
    using (tenant_id = pipeline_tenant()) with check (tenant_id = pipeline_tenant());
create policy tenant_isolation on checkpoint_passes to pipeline_api
    using (tenant_id = pipeline_tenant()) with check (tenant_id = pipeline_tenant());
