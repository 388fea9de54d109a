-- The read API's sources listing (GET /v1/sources): the tenant's distinct sync sources by a skip scan, and each
-- source's latest sync, are index reads of this index whatever the number of syncs.
create index sync_runs_by_source on sync_runs (tenant_id, source, created_at desc, sync_id desc);
