-- Least privilege. Run by the owner (pipeline_owner, the only login Flyway uses); the logins themselves (LOGIN,
-- PASSWORD, REPLICATION) and the ownership of what existed before are the deployer's, done as the superuser
-- before the first migration (embedded/src/main/resources/db/logins.sql; README "Database logins"). No password
-- is ever written here.
--
--   pipeline_owner        owns every object; runs the migrations; no service uses it on a request path
--   pipeline_ingest       the intake: tenants, API keys, syncs, its audit entries
--   pipeline_worker       the classify worker: documents, counters, offsets, sync progress
--   pipeline_change_feed  the change feed: replication (REPLICATION), its offsets and heartbeat
--   pipeline_api          the read API's row-level-security role (NOLOGIN); the API's login pipeline_api_login is a
--                         member of it and nothing else, so an unbound query of the API sees no tenant's rows
--
-- Row-level security applies to every login but the owner (no login has BYPASSRLS, none owns a table); the worker,
-- the intake and the change feed see all tenants through policies of their own (they serve every tenant), the API
-- only the tenant bound to its transaction. Not FORCE ROW LEVEL SECURITY: the owner is exempt on purpose, so the
-- SECURITY DEFINER functions below (which run as the owner and take the tenant as a parameter) can do their one job.

do $$
declare
    missing text;
begin
    select string_agg(r, ', ') into missing
    from unnest(array['pipeline_owner', 'pipeline_ingest', 'pipeline_worker', 'pipeline_change_feed', 'pipeline_api',
                      'pipeline_api_login']) r
    where not exists (select from pg_roles where rolname = r);
    if missing is not null then
        raise exception 'database roles missing: %; provision the logins first (README, Database logins)', missing;
    end if;
end $$;

-- Scoped keys. Keys issued before scopes existed keep every scope (they could do everything); a new key names its
-- scopes (the intake refuses a key without any). A key may expire; last_used_at is written at most once a minute.
alter table api_keys
    add column scopes       text[]      not null
        default array['events:write', 'documents:read', 'documents:write', 'tenant:admin'],
    add column expires_at   timestamptz,
    add column last_used_at timestamptz;
alter table api_keys alter column scopes drop default;
alter table api_keys add constraint api_keys_scopes check (
    cardinality(scopes) > 0
    and scopes <@ array['events:write', 'documents:read', 'documents:write', 'tenant:admin']);

-- Destructive and control actions, append-only: who (the key, or the admin token), which tenant, what, how many.
create table audit_log (
    tenant_id    uuid        not null,
    audit_id     bigint      generated always as identity,
    at           timestamptz not null default now(),
    -- 'key' (actor_key_id names it) or 'admin' (the admin token)
    actor        text        not null check (actor in ('key', 'admin')),
    actor_key_id uuid,
    action       text        not null check (action in ('key_issued', 'key_revoked', 'bulk_delete', 'delete_all',
                     'restore', 'purge', 'job_revert', 'sync_revert', 'sync_confirm_deletions', 'sync_abort',
                     'dead_letter_replay')),
    target_count bigint,
    details      jsonb       not null default '{}',
    primary key (tenant_id, audit_id),
    check ((actor = 'key') = (actor_key_id is not null))
);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % refused', tg_op using errcode = '42501';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
    for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_is_append_only();

-- The three reads that cannot be bound to a tenant, as functions of the owner that take what they need and return
-- what the caller may know. SECURITY DEFINER with a fixed search_path; EXECUTE only for the logins that call them.

-- The key lookup (the tenant is what it finds): the key's tenant, id, scopes and expiry, or nothing when it is
-- unknown, revoked or expired.
create function api_key_principal(hash bytea)
    returns table (tenant_id uuid, key_id uuid, scopes text[], expires_at timestamptz, events_per_second integer)
    language sql stable security definer set search_path = pg_catalog, public as $$
    select k.tenant_id, k.key_id, k.scopes, k.expires_at, t.events_per_second
    from api_keys k join tenants t on t.tenant_id = k.tenant_id
    where k.key_hash = hash and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())
$$;

-- last_used_at, at most once a minute per key whatever the number of instances and requests.
create function api_key_used(key uuid) returns void
    language sql volatile security definer set search_path = pg_catalog, public as $$
    update api_keys set last_used_at = now()
    where key_id = key and (last_used_at is null or last_used_at < now() - interval '1 minute')
$$;

-- Search ranking of one tenant: keys and ranks only. It runs as the owner because under a policy the non-leakproof
-- @@ may not use the GIN index (every row of the tenant scanned); the tenant is its parameter. EXECUTE plans each
-- call for its own query (a generic plan cannot know how selective a tsquery is).
create function search_rank(tenant uuid, q text, after_rank real, after_id text, lim integer)
    returns table (external_id text, rank real)
    language plpgsql stable security definer set search_path = pg_catalog, public as $$
begin
    if after_id is null then
        return query execute $sql$
            select d.external_id, ts_rank(d.search, websearch_to_tsquery('english', $2)) as rank
            from documents d
            where d.tenant_id = $1 and d.deleted_at is null and d.search @@ websearch_to_tsquery('english', $2)
            order by rank desc, d.external_id limit $3$sql$
            using tenant, q, lim;
    else
        return query execute $sql$
            select d.external_id, ts_rank(d.search, websearch_to_tsquery('english', $2)) as rank
            from documents d
            where d.tenant_id = $1 and d.deleted_at is null and d.search @@ websearch_to_tsquery('english', $2)
              and (ts_rank(d.search, websearch_to_tsquery('english', $2)) < $4
                   or (ts_rank(d.search, websearch_to_tsquery('english', $2)) = $4 and d.external_id > $5))
            order by rank desc, d.external_id limit $3$sql$
            using tenant, q, lim, after_rank, after_id;
    end if;
end $$;

-- Unfinished jobs of every tenant, for the API's job runner (it finds the tenants here, then works bound to each).
create function unfinished_jobs() returns table (tenant_id uuid, job_id uuid, kind text)
    language sql stable security definer set search_path = pg_catalog, public as $$
    select j.tenant_id, j.job_id, j.kind from jobs j where j.state in ('pending', 'running') order by j.created_at
$$;

alter function api_key_principal(bytea) owner to pipeline_owner;
alter function api_key_used(uuid) owner to pipeline_owner;
alter function search_rank(uuid, text, real, text, integer) owner to pipeline_owner;
alter function unfinished_jobs() owner to pipeline_owner;
revoke execute on function api_key_principal(bytea), api_key_used(uuid), search_rank(uuid, text, real, text, integer),
    unfinished_jobs() from public;
grant execute on function api_key_principal(bytea), api_key_used(uuid) to pipeline_ingest, pipeline_api;
grant execute on function search_rank(uuid, text, real, text, integer), unfinished_jobs() to pipeline_api;
-- a function created later is not callable by everyone until granted
alter default privileges revoke execute on functions from public;

-- The change feed's publication, made here because creating a publication for a table takes its owner; Debezium is
-- configured not to create or alter it (publication.autocreate.mode=disabled).
do $$ begin
    if not exists (select from pg_publication where pubname = 'pipeline_changes') then
        create publication pipeline_changes for table documents, change_feed_heartbeat;
    end if;
end $$;

-- Privileges: what V1-V41 granted is replaced by exactly what each login's statements need.
do $$
declare
    object record;
begin
    -- the store's tables and sequences, not an extension's (pg_stat_statements lives in public too)
    for object in
        select c.oid::regclass::text as name, case c.relkind when 'S' then 'sequence' else 'table' end as kind
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'S')
          and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid
                          and d.deptype = 'e')
    loop
        execute format('revoke all on %s %s from pipeline_api, pipeline_ingest, pipeline_worker, '
                       'pipeline_change_feed, pipeline_api_login', object.kind, object.name);
    end loop;
end $$;
grant usage on schema public to pipeline_api, pipeline_ingest, pipeline_worker, pipeline_change_feed;

-- the intake: tenants and keys (admin API, the tenant's own keys), full syncs, its audit entries
grant select, insert on tenants to pipeline_ingest;
grant select, insert, update on api_keys to pipeline_ingest;
grant select, insert, update on sync_runs to pipeline_ingest;
grant insert on audit_log to pipeline_ingest;
grant usage on sequence document_applied_seq to pipeline_ingest;

-- the worker: batches (documents and their counters by trigger, offsets, sync progress), the sweep, retention purge
grant select, insert, update on documents, document_counts, consumer_offsets to pipeline_worker;
grant select, update on sync_runs to pipeline_worker;
grant usage on sequence document_applied_seq to pipeline_worker;

-- the change feed: the published tables (Debezium reads their shape), its offsets, its heartbeat
grant select on documents to pipeline_change_feed;
grant select, insert, update on change_feed_offsets, change_feed_heartbeat to pipeline_change_feed;

-- the read API, only through pipeline_api and always bound to one tenant
grant select, update on documents to pipeline_api;
grant select, insert, update on document_counts, knowledge_gaps, jobs to pipeline_api;
grant select, insert on gap_answers, audit_log to pipeline_api;
grant select, update on sync_runs to pipeline_api;
grant usage on sequence document_applied_seq to pipeline_api;

-- Flyway's history: every service may read it (a service that validates the schema at startup)
do $$ begin
    if exists (select from pg_tables where schemaname = 'public' and tablename = 'flyway_schema_history') then
        grant select on flyway_schema_history to pipeline_api, pipeline_ingest, pipeline_worker, pipeline_change_feed;
    end if;
end $$;

-- Row-level security on every table that holds a tenant's rows (no policy = no row for that login).
alter table tenants enable row level security;
alter table api_keys enable row level security;
alter table audit_log enable row level security;
create policy intake_all on tenants to pipeline_ingest using (true) with check (true);
create policy intake_all on api_keys to pipeline_ingest using (true) with check (true);
create policy intake_all on sync_runs to pipeline_ingest using (true) with check (true);
create policy intake_insert on audit_log for insert to pipeline_ingest with check (true);
create policy worker_all on documents to pipeline_worker using (true) with check (true);
create policy worker_all on document_counts to pipeline_worker using (true) with check (true);
create policy worker_all on sync_runs to pipeline_worker using (true) with check (true);
create policy change_feed_read on documents for select to pipeline_change_feed using (true);
create policy tenant_isolation on audit_log to pipeline_api
    using (tenant_id = pipeline_tenant()) with check (tenant_id = pipeline_tenant());
