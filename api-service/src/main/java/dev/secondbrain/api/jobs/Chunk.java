package dev.secondbrain.api.jobs;

/** One committed chunk: the job's state after it (null if the job was no longer unfinished), its last key, and the rows it deleted (or restored). */
record Chunk(String state, String lastKey, long deleted) {

    /**
     * The end of every chunk statement: a chunk shorter than the chunk size was the last, so the job is done and
     * its total is what it did; otherwise progress is recorded. Expects the CTEs {@code job} (the locked job row),
     * {@code chunk} (the locked keys) and {@code changed} (one row per document changed); selects a {@link Chunk}.
     */
    static final String PROGRESS = """
            , progress as (
                update jobs j
                set state = case when (select count(*) from chunk) < :size then 'done' else 'running' end,
                    done = j.done + (select count(*) from changed),
                    total = case when (select count(*) from chunk) < :size
                                 then j.done + (select count(*) from changed) else j.total end,
                    updated_at = now()
                from job
                where j.tenant_id = job.tenant_id and j.job_id = job.job_id
                returning j.state
            )
            select (select state from progress) as state, (select max(external_id) from chunk) as last_key,
                   (select count(*) from changed) as deleted
            """;
}
