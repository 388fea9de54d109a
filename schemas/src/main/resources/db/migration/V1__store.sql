-- The whole store. Every primary and unique key of a tenant table leads with tenant_id so the
-- tables can be distributed by tenant (Citus) without changing a key.

create table tenants (
    tenant_id   uuid        primary key,
    name        text        not null check (length(name) between 1 and 200),
    -- events per second this tenant may send to the intake; null = the intake's default
    events_per_second integer check (events_per_second > 0),
    created_at  timestamptz not null default now()
);

create table api_keys (
    tenant_id   uuid        not null references tenants on delete cascade,
    key_id      uuid        not null,
    -- SHA-256 of the key. Keys are 256 random bits, so a fast hash is the right one (no dictionary to guard).
    key_hash    bytea       not null check (length(key_hash) = 32),
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz,
    primary key (tenant_id, key_id)
);
-- Every request authenticates by hash; a 256-bit random key cannot collide, so no unique key is needed
-- (and none that does not lead with tenant_id is allowed).
create index api_keys_by_hash on api_keys (key_hash) include (tenant_id, revoked_at);
create index api_keys_by_id on api_keys (key_id);

create table documents (
    tenant_id             uuid        not null,
    external_id           text        not null check (length(external_id) between 1 and 512),
    source                text        not null,
    version               bigint      not null,
    title                 text,
    content               text,
    mime_type             text,
    url                   text,
    author                text,
    source_created_at     timestamptz,
    source_updated_at     timestamptz,
    metadata              jsonb       not null default '{}',
    -- SHA-256 of the canonical content; an upsert with the same hash writes nothing
    content_hash          bytea,
    category              text,
    confidence            real,
    classification_status text        not null default 'classified'
        check (classification_status in ('classified', 'needs_review', 'confirmed')),
    -- in-row tombstone: the row stays so a late, older upsert can never resurrect it
    deleted_at            timestamptz,
    deleted_by            text        check (deleted_by in ('source', 'user')),
    -- the full sync that last saw this document (applied or proved unchanged)
    last_sync_id          uuid,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now(),
    search                tsvector    generated always as (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(content, '')), 'B')) stored,
    primary key (tenant_id, external_id),
    check ((deleted_at is null) = (deleted_by is null))
);
-- keyset list of live documents (order by external_id)
create index documents_live on documents (tenant_id, external_id) where deleted_at is null;
-- list filters
create index documents_by_category on documents (tenant_id, category, external_id) where deleted_at is null;
create index documents_by_status on documents (tenant_id, classification_status, external_id) where deleted_at is null;
create index documents_by_source on documents (tenant_id, source, external_id) where deleted_at is null;
create index documents_by_updated on documents (tenant_id, updated_at, external_id) where deleted_at is null;
-- tombstone retention sweeps
create index documents_tombstones on documents (deleted_at) where deleted_at is not null;
-- full-sync sweep: live documents of a tenant+source by the sync that last saw them
create index documents_by_sync on documents (tenant_id, source, last_sync_id) where deleted_at is null;
create index documents_search on documents using gin (search);

-- Per-tenant counters of live documents, kept by statement-level triggers below so statistics are one
-- indexed read whatever the number of documents, whoever writes (worker, bulk operations, delete-all).
create table document_counts (
    tenant_id uuid   not null,
    dimension text   not null check (dimension in ('total', 'status', 'category', 'source')),
    value     text   not null,
    n         bigint not null,
    primary key (tenant_id, dimension, value)
);

create function document_count_keys(t uuid, status text, category text, source text)
    returns table (tenant_id uuid, dimension text, value text)
    language sql immutable as $$
    values (t, 'total', ''), (t, 'status', status), (t, 'category', coalesce(category, '')), (t, 'source', source)
$$;

create function documents_counted_insert() returns trigger language plpgsql as $$
begin
    insert into document_counts (tenant_id, dimension, value, n)
    select k.tenant_id, k.dimension, k.value, count(*)
    from new_rows r, document_count_keys(r.tenant_id, r.classification_status, r.category, r.source) k
    where r.deleted_at is null
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (tenant_id, dimension, value) do update set n = document_counts.n + excluded.n;
    return null;
end $$;

create function documents_counted_update() returns trigger language plpgsql as $$
begin
    insert into document_counts (tenant_id, dimension, value, n)
    select tenant_id, dimension, value, sum(delta) from (
        select k.*, 1 as delta
        from new_rows r, document_count_keys(r.tenant_id, r.classification_status, r.category, r.source) k
        where r.deleted_at is null
        union all
        select k.*, -1
        from old_rows r, document_count_keys(r.tenant_id, r.classification_status, r.category, r.source) k
        where r.deleted_at is null
    ) changes
    group by 1, 2, 3 having sum(delta) <> 0 order by 1, 2, 3
    on conflict (tenant_id, dimension, value) do update set n = document_counts.n + excluded.n;
    return null;
end $$;

create function documents_counted_delete() returns trigger language plpgsql as $$
begin
    insert into document_counts (tenant_id, dimension, value, n)
    select k.tenant_id, k.dimension, k.value, -count(*)
    from old_rows r, document_count_keys(r.tenant_id, r.classification_status, r.category, r.source) k
    where r.deleted_at is null
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (tenant_id, dimension, value) do update set n = document_counts.n + excluded.n;
    return null;
end $$;

create trigger documents_counted_insert after insert on documents
    referencing new table as new_rows for each statement execute function documents_counted_insert();
create trigger documents_counted_update after update on documents
    referencing old table as old_rows new table as new_rows for each statement execute function documents_counted_update();
create trigger documents_counted_delete after delete on documents
    referencing old table as old_rows for each statement execute function documents_counted_delete();

create table knowledge_gaps (
    tenant_id   uuid        not null,
    gap_id      bigint      generated always as identity,
    question    text        not null check (length(question) between 1 and 4000),
    status      text        not null default 'open' check (status in ('open', 'answered', 'dismissed')),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, gap_id)
);
create index knowledge_gaps_by_status on knowledge_gaps (tenant_id, status, gap_id);

create table gap_answers (
    tenant_id        uuid        not null,
    answer_id        bigint      generated always as identity,
    knowledge_gap_id bigint      not null,
    answer           text        not null check (length(answer) between 1 and 100000),
    created_at       timestamptz not null default now(),
    primary key (tenant_id, answer_id),
    foreign key (tenant_id, knowledge_gap_id) references knowledge_gaps on delete cascade
);
create index gap_answers_by_gap on gap_answers (tenant_id, knowledge_gap_id);

-- Offsets of the classify worker, written in the same transaction as the batch they cover.
-- Not a tenant table: one row per consumer group partition.
create table consumer_offsets (
    consumer_group text        not null,
    topic          text        not null,
    kafka_partition integer    not null,
    next_offset    bigint      not null check (next_offset >= 0),
    updated_at     timestamptz not null default now(),
    primary key (consumer_group, topic, kafka_partition)
);

create table jobs (
    tenant_id   uuid        not null,
    job_id      uuid        not null,
    kind        text        not null check (kind in ('delete_all')),
    state       text        not null default 'pending' check (state in ('pending', 'running', 'done', 'failed')),
    total       bigint,
    done        bigint      not null default 0,
    error       text,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (tenant_id, job_id)
);
create index jobs_unfinished on jobs (created_at) where state in ('pending', 'running');
create index jobs_by_id on jobs (job_id);

create table sync_runs (
    tenant_id       uuid        not null,
    sync_id         uuid        not null,
    source          text        not null,
    mode            text        not null check (mode in ('full')),
    state           text        not null default 'open'
        check (state in ('open', 'completing', 'needs_confirmation', 'sweeping', 'completed', 'aborted', 'failed')),
    events_received bigint      not null default 0,
    applied         bigint      not null default 0,
    unchanged       bigint      not null default 0,
    to_delete       bigint,
    deleted         bigint      not null default 0,
    -- topic end offsets recorded at completion: {"<partition>": <offset>}
    end_offsets     jsonb,
    error           text,
    created_at      timestamptz not null default now(),
    completed_at    timestamptz,
    primary key (tenant_id, sync_id)
);
create index sync_runs_by_id on sync_runs (sync_id);
create index sync_runs_completing on sync_runs (created_at) where state in ('completing', 'sweeping');

-- Row-level security for the API's role, as defense in depth behind the tenant predicate in every
-- query. The API binds its role and tenant per transaction:
--   select set_config('role', 'pipeline_api', true), set_config('pipeline.tenant_id', ?, true)
-- The worker and the intake write as the table owner, which RLS does not restrict.
do $$ begin
    if not exists (select from pg_roles where rolname = 'pipeline_api') then
        create role pipeline_api nologin;
    end if;
end $$;
grant usage on schema public to pipeline_api;
grant select, insert, update, delete on documents, document_counts, knowledge_gaps, gap_answers, jobs, sync_runs
    to pipeline_api;
grant select on tenants to pipeline_api;

create function pipeline_tenant() returns uuid language sql stable as $$
    select nullif(current_setting('pipeline.tenant_id', true), '')::uuid
$$;

alter table documents enable row level security;
alter table document_counts enable row level security;
alter table knowledge_gaps enable row level security;
alter table gap_answers enable row level security;
alter table jobs enable row level security;
alter table sync_runs enable row level security;
create policy tenant_isolation on documents to pipeline_api
    using (tenant_id = pipeline_tenant()) with check (tenant_id = pipeline_tenant());
create policy tenant_isolation on document_counts to pipeline_api
    using (tenant_id = pipeline_tenant()) with check (tenant_id = pipeline_tenant());
create policy tenant_isolation on knowledge_gaps to pipeline_api
    using (tenant_id = pipeline_tenant()) with check (tenant_id = pipeline_tenant());
create policy tenant_isolation on gap_answers to pipeline_api
    using (tenant_id = pipeline_tenant()) with check (tenant_id = pipeline_tenant());
create policy tenant_isolation on jobs to pipeline_api
    using (tenant_id = pipeline_tenant()) with check (tenant_id = pipeline_tenant());
create policy tenant_isolation on sync_runs to pipeline_api
    using (tenant_id = pipeline_tenant()) with check (tenant_id = pipeline_tenant());
