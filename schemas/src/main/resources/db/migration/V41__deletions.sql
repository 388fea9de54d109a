-- Deletions you can trust: every tombstone says who made it (and so what may undo it), user and sweep
-- tombstones keep their content until a retention purge, and a full sync's sweep only deletes what nothing
-- was applied to after the sync opened.

-- A clock without clocks: every write that applies something to a document row takes the next number, and
-- opening a full sync takes one too. nextval is monotonic in real time across sessions, so anything applied
-- after a sync opened carries a larger number than the sync's opened_seq, whatever machine applied it.
create sequence document_applied_seq;
grant usage on sequence document_applied_seq to pipeline_api;

alter table documents
    -- the number of the last write that applied something to this row (existing rows: 0, before any sync)
    add column applied_seq     bigint      not null default 0,
    -- provenance of a tombstone beside deleted_by/deleted_at: the sweep's sync, the delete-all job, the API key
    add column deleted_sync_id uuid,
    add column deleted_job_id  uuid,
    add column deleted_key_id  uuid,
    -- content erased (erasure request, retention, or a source delete): such a tombstone cannot be restored
    add column purged_at       timestamptz,
    -- what the last write did, for the change feed (it sees the new row only): a row becoming a tombstone,
    -- a tombstone becoming live again, an erasure, or anything else
    add column last_change     text        not null default 'updated';
alter table documents alter column applied_seq set default nextval('document_applied_seq');

-- Tombstones written before provenance had their content erased already (source, sweep and user alike).
update documents set purged_at = deleted_at where deleted_at is not null;

alter table documents drop constraint documents_deleted_by_check;
alter table documents add constraint documents_deleted_by_check check (deleted_by in ('source', 'sync', 'user'));
alter table documents add constraint documents_provenance check (
    coalesce(deleted_by = 'sync', false) = (deleted_sync_id is not null)
    and (coalesce(deleted_by = 'user', false) or (deleted_job_id is null and deleted_key_id is null))
    and (purged_at is null or deleted_at is not null));
alter table documents add constraint documents_last_change check (
    last_change in ('updated', 'deleted', 'restored', 'purged'));

-- full-sync sweep candidates: live documents of a tenant+source applied before the sync opened (a range)
create index documents_sweep on documents (tenant_id, source, applied_seq) where deleted_at is null;
-- what one sync's sweep deleted (sync revert)
create index documents_swept on documents (tenant_id, deleted_sync_id, external_id) where deleted_by = 'sync';
-- what one delete-all job deleted (job revert)
create index documents_by_job on documents (tenant_id, deleted_job_id, external_id) where deleted_job_id is not null;
-- the trash: a tenant's tombstones in key order
create index documents_trash on documents (tenant_id, external_id) where deleted_at is not null;
-- retention purge: tombstones that still keep their content, oldest first
create index documents_unpurged on documents (deleted_at) where deleted_at is not null and purged_at is null;

alter table sync_runs
    -- document_applied_seq when the sync opened (existing syncs: after every existing document)
    add column opened_seq  bigint not null default 0,
    add column reverted_at timestamptz;
update sync_runs set opened_seq = nextval('document_applied_seq');
alter table sync_runs alter column opened_seq set default nextval('document_applied_seq');
alter table sync_runs drop constraint sync_runs_state_check;
alter table sync_runs add constraint sync_runs_state_check check (state in
    ('open', 'completing', 'needs_confirmation', 'sweeping', 'completed', 'aborted', 'failed', 'reverted'));
-- "is a full sync of this tenant+source open?", asked by the worker's stored-state read for every batch
create index sync_runs_open on sync_runs (tenant_id, source)
    where state in ('open', 'completing', 'needs_confirmation', 'sweeping');

alter table jobs
    -- a revert job's target: the delete-all job or the sync whose deletions it undoes
    add column target_id uuid,
    -- the API key that asked for the job
    add column key_id    uuid;
alter table jobs drop constraint jobs_kind_check;
alter table jobs add constraint jobs_kind_check check (kind in ('delete_all', 'revert_job', 'revert_sync'));
alter table jobs add constraint jobs_target check ((kind = 'delete_all') = (target_id is null));
create index jobs_by_target on jobs (tenant_id, target_id) where target_id is not null;

-- A tombstone's provenance as the API shows it (null for a live document): who deleted it, when, by which sync,
-- job or API key, why, and whether its content was erased (then it cannot be restored). One definition for
-- every statement that returns it.
create function deletion_provenance(d documents) returns jsonb language sql stable as $$
    select case when d.deleted_at is null then null else jsonb_build_object(
        'deletedBy', d.deleted_by,
        'deletedAt', d.deleted_at,
        'syncId', d.deleted_sync_id,
        'jobId', d.deleted_job_id,
        'keyId', d.deleted_key_id,
        'reason', case
            when d.deleted_by = 'source' then 'DocumentDeleted at version ' || d.version
            when d.deleted_by = 'sync' then 'not listed by full sync ' || d.deleted_sync_id
            when d.deleted_job_id is not null then 'delete-all job ' || d.deleted_job_id
            when d.purged_at = d.deleted_at then 'erasure'
            else 'bulk delete' end,
        'purged', d.purged_at is not null,
        'purgedAt', d.purged_at) end
$$;
