-- The pipeline's database logins, provisioned by whoever deploys, as the superuser, on the pipeline's database,
-- before the first migration and again at every start (idempotent): the local launcher and testkit run it through
-- DatabaseLogins, docker-compose through psql (docker/postgres-logins.sql). The passwords come in as settings of
-- this session, so none is ever part of a migration or of this text:
--   pipeline.password_owner, pipeline.password_ingest, pipeline.password_worker, pipeline.password_change_feed,
--   pipeline.password_api
-- What each login may do is granted by the migration V42__least_privilege.sql, run by the owner.
do $$
declare
    login record;
begin
    -- the read API's row-level-security role: never a login itself
    if not exists (select from pg_roles where rolname = 'pipeline_api') then
        create role pipeline_api nologin;
    end if;
    alter role pipeline_api nologin nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
    for login in select * from (values
            ('pipeline_owner', 'owner', false),
            ('pipeline_ingest', 'ingest', false),
            ('pipeline_worker', 'worker', false),
            ('pipeline_change_feed', 'change_feed', true),
            ('pipeline_api_login', 'api', false)) as l(name, password_setting, replication) loop
        if not exists (select from pg_roles where rolname = login.name) then
            execute format('create role %I', login.name);
        end if;
        execute format('alter role %I login nosuperuser nocreatedb nocreaterole nobypassrls %s password %L',
                login.name, case when login.replication then 'replication' else 'noreplication' end,
                current_setting('pipeline.password_' || login.password_setting));
    end loop;
    -- the API's login acts as pipeline_api and nothing else: its unbound queries meet pipeline_api's policies
    grant pipeline_api to pipeline_api_login;
    -- the owner owns the database (and so the public schema of PostgreSQL 15+) and everything in it
    execute format('alter database %I owner to pipeline_owner', current_database());
end $$;

grant usage, create on schema public to pipeline_owner;

-- An installation migrated before the owner existed: what its migrations made becomes the owner's (tables with
-- their identity sequences, free sequences, views, functions, publications); extensions' objects stay theirs.
do $$
declare
    object record;
begin
    for object in
        select c.oid::regclass::text as name,
               case c.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view'
                              else 'table' end as kind
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')
          and pg_get_userbyid(c.relowner) <> 'pipeline_owner'
          and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid
                          and (d.deptype = 'e' or (c.relkind = 'S' and d.deptype in ('a', 'i'))))
    loop
        execute format('alter %s %s owner to pipeline_owner', object.kind, object.name);
    end loop;
    for object in
        select p.oid::regprocedure::text as name, case p.prokind when 'p' then 'procedure' else 'function' end as kind
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and pg_get_userbyid(p.proowner) <> 'pipeline_owner'
          and not exists (select from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid
                          and d.deptype = 'e')
    loop
        execute format('alter %s %s owner to pipeline_owner', object.kind, object.name);
    end loop;
    for object in select pubname from pg_publication where pg_get_userbyid(pubowner) <> 'pipeline_owner' loop
        execute format('alter publication %I owner to pipeline_owner', object.pubname);
    end loop;
end $$;
