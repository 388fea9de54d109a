-- Reclassify: after a tenant's model changed, re-run classification on its documents that are not confirmed.
-- The API records the job (kind 'reclassify'); the worker, which holds the tenant models, claims it and works it
-- in committed chunks by key, recording its position (last_key) and progress in the job row in each chunk's
-- transaction, so a restarted worker resumes where the last committed chunk ended.
alter table jobs drop constraint jobs_kind_check;
alter table jobs add constraint jobs_kind_check
    check (kind in ('delete_all', 'revert_job', 'revert_sync', 'reclassify'));
alter table jobs drop constraint jobs_target;
alter table jobs add constraint jobs_target check ((kind in ('delete_all', 'reclassify')) = (target_id is null));
-- the last key a committed chunk reached (reclassify jobs); null before the first chunk
alter table jobs add column last_key text;
-- documents a reclassify job changed (category, status or confidence), beside done (documents it looked at)
alter table jobs add column changed bigint not null default 0;
-- the worker's look for reclassify jobs to work
create index jobs_unfinished_reclassify on jobs (created_at)
    where kind = 'reclassify' and state in ('pending', 'running');

-- The API's job runner works the other kinds; reclassify jobs are the worker's.
create or replace function unfinished_jobs() returns table (tenant_id uuid, job_id uuid, kind text)
    language sql stable security definer set search_path = pg_catalog, public as $$
    select j.tenant_id, j.job_id, j.kind from jobs j
    where j.state in ('pending', 'running') and j.kind <> 'reclassify' order by j.created_at
$$;

-- the worker: finds reclassify jobs of every tenant, locks one, records its chunks' progress
grant select, update on jobs to pipeline_worker;
create policy worker_all on jobs to pipeline_worker using (true) with check (true);
