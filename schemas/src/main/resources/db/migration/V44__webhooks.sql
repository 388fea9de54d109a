-- Signed webhooks (api-service, webhooks/). Run by the owner; grants and row-level security as in V42: the API's role
-- sees only the tenant bound to its transaction; the few cross-tenant steps (enqueueing a batch of the change feed,
-- finding endpoints with a due delivery, the oldest undelivered age) are SECURITY DEFINER functions of the owner.

-- A tenant's endpoints. The signing secret must be usable for HMAC, so it is kept as it is (like the cursor secret,
-- unlike API keys, which are only hashed): only the API's role may read it, under its tenant's policy, and the API
-- never answers it but once (registration, rotation). During a rotation the previous secret also signs until
-- previous_secret_until.
create table webhook_endpoints (
    tenant_id             uuid        not null,
    endpoint_id           uuid        not null,
    url                   text        not null check (length(url) <= 2048),
    events                text[]      not null check (cardinality(events) > 0 and events <@ array[
        'document.changed', 'sync.completed', 'sync.needs_confirmation', 'sync.stalled', 'sync.failed']),
    secret                text        not null,
    previous_secret       text,
    previous_secret_until timestamptz,
    -- one sender at a time per endpoint (instances take turns), so its deliveries go out in order
    lease_until           timestamptz,
    created_at            timestamptz not null default now(),
    primary key (tenant_id, endpoint_id)
);

-- The outbox and delivery log: one row per endpoint and event, in the order the events happened (delivery_id).
-- An endpoint's deliveries go out in delivery_id order; an undelivered head holds back the ones after it.
create table webhook_deliveries (
    tenant_id       uuid        not null,
    endpoint_id     uuid        not null,
    delivery_id     bigint      generated always as identity,
    -- stable across redeliveries (and across re-reads of the change feed): receivers deduplicate by it
    event_id        text        not null,
    event_type      text        not null,
    body            text        not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_attempt_at timestamptz,
    last_status     integer,
    last_error      text,
    created_at      timestamptz not null default now(),
    delivered_at    timestamptz,
    primary key (tenant_id, endpoint_id, delivery_id),
    unique (tenant_id, endpoint_id, event_id),
    foreign key (tenant_id, endpoint_id) references webhook_endpoints on delete cascade
);
-- each endpoint's undelivered head; the oldest undelivered event of all
create index webhook_deliveries_pending on webhook_deliveries (tenant_id, endpoint_id, delivery_id)
    where delivered_at is null;
create index webhook_deliveries_oldest on webhook_deliveries (created_at) where delivered_at is null;

-- Every attempt of a delivery, as the dispatcher recorded its turn (status null: no answer, see error).
create table webhook_attempts (
    tenant_id   uuid        not null,
    endpoint_id uuid        not null,
    delivery_id bigint      not null,
    attempt_id  bigint      generated always as identity,
    at          timestamptz not null default now(),
    status      integer,
    error       text,
    primary key (tenant_id, endpoint_id, delivery_id, attempt_id),
    foreign key (tenant_id, endpoint_id, delivery_id) references webhook_deliveries on delete cascade
);

-- Where the API's change-feed consumer stands, per partition of documents.changes: advanced in the transaction that
-- enqueues the deliveries of what it read, so a restart re-reads at most what was not enqueued yet.
create table webhook_feed_offsets (
    topic           text    not null,
    kafka_partition integer not null,
    next_offset     bigint  not null check (next_offset >= 0),
    primary key (topic, kafka_partition)
);

alter table webhook_endpoints owner to pipeline_owner;
alter table webhook_deliveries owner to pipeline_owner;
alter table webhook_attempts owner to pipeline_owner;
alter table webhook_feed_offsets owner to pipeline_owner;

-- One batch of the change feed: a delivery for every endpoint of each change's tenant that subscribed to
-- document.changed, in the batch's order (ord), and the partitions' next offsets, in one statement. Repeated
-- (a restart re-reads what was read but not committed) it adds nothing: the event id is the conflict key.
create function webhook_enqueue_changes(feed text, tenants uuid[], event_ids text[], bodies text[], partitions integer[],
                                        next_offsets bigint[]) returns bigint
    language sql volatile security definer set search_path = pg_catalog, public as $$
    with offsets as (
        insert into webhook_feed_offsets (topic, kafka_partition, next_offset)
        select feed, p, o from unnest(partitions, next_offsets) as x(p, o) order by p
        -- the position read last, even if lower (another instance behind, or the topic made again): going back only
        -- reads again, which queues nothing twice; never going back could skip a made-again topic's changes
        on conflict (topic, kafka_partition) do update set next_offset = excluded.next_offset
        returning 1
    ), queued as (
        insert into webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, body)
        select c.tenant_id, e.endpoint_id, c.event_id, 'document.changed', c.body
        from unnest(tenants, event_ids, bodies) with ordinality as c(tenant_id, event_id, body, ord)
        join webhook_endpoints e on e.tenant_id = c.tenant_id and 'document.changed' = any(e.events)
        order by c.ord, e.endpoint_id
        on conflict (tenant_id, endpoint_id, event_id) do nothing
        returning 1
    )
    select (select count(*) from queued) + 0 * (select count(*) from offsets)
$$;

-- Endpoints of every tenant whose first undelivered event is due, for the API's dispatcher (ids only; it then works
-- bound to each tenant). One index read per endpoint for its head, however many deliveries wait behind it.
create function webhook_due(lim integer) returns table (tenant_id uuid, endpoint_id uuid)
    language sql stable security definer set search_path = pg_catalog, public as $$
    select e.tenant_id, e.endpoint_id
    from webhook_endpoints e
    cross join lateral (
        select d.next_attempt_at from webhook_deliveries d
        where d.tenant_id = e.tenant_id and d.endpoint_id = e.endpoint_id and d.delivered_at is null
        order by d.delivery_id limit 1) h
    where h.next_attempt_at <= now() and (e.lease_until is null or e.lease_until < now())
    order by h.next_attempt_at
    limit lim
$$;

-- The age of the oldest undelivered event of all tenants (a number, no tenant), for the metric.
create function webhook_oldest_undelivered_seconds() returns double precision
    language sql stable security definer set search_path = pg_catalog, public as $$
    select coalesce(extract(epoch from now() - min(created_at))::double precision, 0)
    from webhook_deliveries where delivered_at is null
$$;

-- Sync transitions become deliveries in the writer's own transaction (ingest-service, the worker, its sweeper, the
-- API): every writer is covered without knowing webhooks. One event id per transition, shared by its endpoints.
create function webhook_sync_transition() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public as $$
declare
    kind text := 'sync.' || new.state;
    id   text := 'evt_' || replace(gen_random_uuid()::text, '-', '');
begin
    insert into webhook_deliveries (tenant_id, endpoint_id, event_id, event_type, body)
    select e.tenant_id, e.endpoint_id, id, kind, jsonb_build_object(
               'id', id, 'type', kind, 'createdAt', now(),
               'data', jsonb_build_object('syncId', new.sync_id, 'source', new.source, 'mode', new.mode,
                   'state', new.state, 'received', new.events_received, 'applied', new.applied,
                   'unchanged', new.unchanged, 'toDelete', new.to_delete, 'deleted', new.deleted,
                   'error', new.error, 'createdAt', new.created_at, 'completedAt', new.completed_at))::text
    from webhook_endpoints e
    where e.tenant_id = new.tenant_id and kind = any(e.events)
    order by e.endpoint_id;
    return null;
end $$;
create trigger webhook_sync_transition after update of state on sync_runs
    for each row when (old.state is distinct from new.state
                       and new.state in ('completed', 'needs_confirmation', 'stalled', 'failed'))
    execute function webhook_sync_transition();

alter function webhook_enqueue_changes(text, uuid[], text[], text[], integer[], bigint[]) owner to pipeline_owner;
alter function webhook_due(integer) owner to pipeline_owner;
alter function webhook_oldest_undelivered_seconds() owner to pipeline_owner;
alter function webhook_sync_transition() owner to pipeline_owner;
revoke execute on function webhook_enqueue_changes(text, uuid[], text[], text[], integer[], bigint[]), webhook_due(integer),
    webhook_oldest_undelivered_seconds(), webhook_sync_transition() from public;
grant execute on function webhook_enqueue_changes(text, uuid[], text[], text[], integer[], bigint[]), webhook_due(integer),
    webhook_oldest_undelivered_seconds() to pipeline_api;

-- the API: endpoints and their delivery log, bound to one tenant; where its change-feed consumer stands
grant select, insert, update, delete on webhook_endpoints to pipeline_api;
grant select, update on webhook_deliveries to pipeline_api;
grant select, insert on webhook_attempts to pipeline_api;
grant select on webhook_feed_offsets to pipeline_api;

alter table webhook_endpoints enable row level security;
alter table webhook_deliveries enable row level security;
alter table webhook_attempts enable row level security;
create policy tenant_isolation on webhook_endpoints to pipeline_api
    using (tenant_id = pipeline_tenant()) with check (tenant_id = pipeline_tenant());
create policy tenant_isolation on webhook_deliveries to pipeline_api
    using (tenant_id = pipeline_tenant()) with check (tenant_id = pipeline_tenant());
create policy tenant_isolation on webhook_attempts to pipeline_api
    using (tenant_id = pipeline_tenant()) with check (tenant_id = pipeline_tenant());
