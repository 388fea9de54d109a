-- docker-compose's provisioning of the database logins (service postgres-logins), as the image's superuser: the
-- passwords come from the environment, then the same script as the local stack's (embedded/.../db/logins.sql).
\set ON_ERROR_STOP on
\getenv owner_password PIPELINE_DB_OWNER_PASSWORD
\getenv ingest_password PIPELINE_DB_INGEST_PASSWORD
\getenv worker_password PIPELINE_DB_WORKER_PASSWORD
\getenv change_feed_password PIPELINE_DB_CHANGE_FEED_PASSWORD
\getenv api_password PIPELINE_DB_API_PASSWORD
select set_config('pipeline.password_owner', :'owner_password', false),
       set_config('pipeline.password_ingest', :'ingest_password', false),
       set_config('pipeline.password_worker', :'worker_password', false),
       set_config('pipeline.password_change_feed', :'change_feed_password', false),
       set_config('pipeline.password_api', :'api_password', false);
\i /provision/logins.sql
