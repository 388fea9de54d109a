package dev.secondbrain.ingest.tenants;

import dev.secondbrain.access.AccessRules;
import dev.secondbrain.access.Scope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/**
 * Who may call what on the intake: every endpoint with the scope its key needs, the admin API with the admin token.
 * A new endpoint gets its line here (IntakeScopeMatrixIntegrationTests fails for one that has none).
 */
@Configuration(proxyBeanMethods = false)
class IngestAccess {

    @Bean
    AccessRules intakeRules() {
        return new AccessRules()
                .admin("/v1/admin/**")
                .scope(POST, "/v1/events", Scope.EVENTS_WRITE)
                .scope(POST, "/v1/syncs", Scope.EVENTS_WRITE)
                .scope(GET, "/v1/syncs/*", Scope.EVENTS_WRITE)
                .scope(POST, "/v1/syncs/*/complete", Scope.EVENTS_WRITE)
                .scope(POST, "/v1/syncs/*/abort", Scope.EVENTS_WRITE)
                .scope(POST, "/v1/syncs/*/heartbeat", Scope.EVENTS_WRITE)
                .scope(GET, "/v1/sources", Scope.EVENTS_WRITE)
                .scope(GET, "/v1/sources/*/syncs", Scope.EVENTS_WRITE)
                .scope(GET, "/v1/sources/*/checkpoint", Scope.EVENTS_WRITE)
                .scope(POST, "/v1/sources/*/checkpoints", Scope.EVENTS_WRITE)
                .scope(POST, "/v1/sources/*/pause", Scope.EVENTS_WRITE)
                .scope(POST, "/v1/sources/*/resume", Scope.EVENTS_WRITE)
                // the mass-deletion guard is a person's decision, not the connector's that tripped it
                .scope(POST, "/v1/syncs/*/confirm-deletions", Scope.DOCUMENTS_WRITE)
                .scope(GET, "/v1/keys", Scope.TENANT_ADMIN)
                .scope(POST, "/v1/keys", Scope.TENANT_ADMIN)
                .scope(DELETE, "/v1/keys/*", Scope.TENANT_ADMIN);
    }
}
