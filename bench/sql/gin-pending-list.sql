-- The GIN pending list and the write path, measured side by side in one session (issue 19: "report COPY before
-- and after"). Run against any database holding the store's schema (the local stack's, for example):
--   psql -h localhost -p 15432 -U postgres -d pipeline -f bench/sql/gin-pending-list.sql
-- It works on scratch tables only (probe_src, probe) and drops them at the end.
-- Each configuration writes the same 20,000 documents of ~1 KB (Zipf-like words of a 5,000-word vocabulary) into an
-- empty copy of documents (every index, the generated tsvector): once by the bulk path (INSERT ... SELECT, as COPY
-- does), once by the worker's path (INSERT ... ON CONFLICT DO UPDATE in batches of 1,000 rows), then a second
-- upsert of the same rows with new versions (the update path). Twice, alternated, so neither gets the quieter half.
\timing on
set client_min_messages = warning;
drop table if exists probe_src, probe;
create table probe_src as
select gen_random_uuid() as tenant_id, 'doc-' || n as external_id, n as version,
       'title ' || n as title,
       (select string_agg('w' || floor(5000 * power(random(), 3))::int, ' ') from generate_series(1, 150) where n > 0) as content
from generate_series(1, 20000) n;
update probe_src set tenant_id = '00000000-0000-0000-0000-000000000001';
create table probe (like documents including all);

create or replace procedure probe_run(label text, fast boolean, pending_kb int) language plpgsql as $$
declare
    started timestamptz;
    bulk_ms numeric; upsert_ms numeric; update_ms numeric;
    b int;
begin
    truncate probe;
    execute format('alter index %I set (fastupdate = %s, gin_pending_list_limit = %s)',
                   (select indexname from pg_indexes where tablename = 'probe' and indexdef like '%gin%'), fast, pending_kb);
    started := clock_timestamp();
    insert into probe (tenant_id, external_id, source, version, title, content)
    select tenant_id, external_id, 'probe', version, title, content from probe_src;
    bulk_ms := extract(epoch from clock_timestamp() - started) * 1000;
    truncate probe;
    started := clock_timestamp();
    for b in 0..19 loop
        insert into probe (tenant_id, external_id, source, version, title, content)
        select tenant_id, external_id, 'probe', version, title, content from probe_src
        where version > b * 1000 and version <= (b + 1) * 1000 order by external_id
        on conflict (tenant_id, external_id) do update set version = excluded.version, title = excluded.title,
            content = excluded.content, updated_at = now() where probe.version < excluded.version;
    end loop;
    upsert_ms := extract(epoch from clock_timestamp() - started) * 1000;
    started := clock_timestamp();
    for b in 0..19 loop
        insert into probe (tenant_id, external_id, source, version, title, content)
        select tenant_id, external_id, 'probe', version + 100000, title, content || ' edited' from probe_src
        where version > b * 1000 and version <= (b + 1) * 1000 order by external_id
        on conflict (tenant_id, external_id) do update set version = excluded.version, title = excluded.title,
            content = excluded.content, updated_at = now() where probe.version < excluded.version;
    end loop;
    update_ms := extract(epoch from clock_timestamp() - started) * 1000;
    raise warning '% | bulk insert % ms | upsert (new rows) % ms | upsert (updates) % ms', rpad(label, 34),
        round(bulk_ms), round(upsert_ms), round(update_ms);
end $$;

-- a procedure runs in one transaction per call: each call commits its own writes
call probe_run('warm-up', true, 4096);
call probe_run('fastupdate on, pending list 4 MB', true, 4096);
call probe_run('fastupdate on, pending list 64 MB', true, 65536);
call probe_run('fastupdate off', false, 4096);
call probe_run('fastupdate on, pending list 4 MB', true, 4096);
call probe_run('fastupdate on, pending list 64 MB', true, 65536);
call probe_run('fastupdate off', false, 4096);
drop procedure probe_run;
drop table probe_src, probe;
