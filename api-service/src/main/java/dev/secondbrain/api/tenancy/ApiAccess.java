package dev.secondbrain.api.tenancy;

import dev.secondbrain.access.AccessRules;
import dev.secondbrain.access.Scope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.secondbrain.access.Scope.DOCUMENTS_READ;
import static dev.secondbrain.access.Scope.DOCUMENTS_WRITE;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/**
 * Who may call what on the read API: every endpoint with the scope its key needs. A new endpoint gets its line here
 * (ApiScopeMatrixIntegrationTests fails for one that has none).
 */
@Configuration(proxyBeanMethods = false)
class ApiAccess {

    @Bean
    AccessRules readApiRules() {
        return new AccessRules()
                .scope(GET, "/v1/documents", DOCUMENTS_READ)
                .scope(GET, "/v1/documents/*", DOCUMENTS_READ)
                .scope(GET, "/v1/search", DOCUMENTS_READ)
                .scope(GET, "/v1/stats", DOCUMENTS_READ)
                .scope(GET, "/v1/changes", DOCUMENTS_READ)
                .scope(GET, "/v1/jobs/*", DOCUMENTS_READ)
                .scope(GET, "/v1/syncs/*/deletions", DOCUMENTS_READ)
                .scope(GET, "/v1/sources", DOCUMENTS_READ)
                .scope(GET, "/v1/freshness", DOCUMENTS_READ)
                .scope(GET, "/v1/knowledge-gaps", DOCUMENTS_READ)
                .scope(GET, "/v1/knowledge-gaps/stats", DOCUMENTS_READ)
                .scope(POST, "/v1/documents/classify", DOCUMENTS_WRITE)
                .scope(POST, "/v1/documents/confirm", DOCUMENTS_WRITE)
                .scope(POST, "/v1/documents/delete", DOCUMENTS_WRITE)
                .scope(POST, "/v1/documents/restore", DOCUMENTS_WRITE)
                .scope(POST, "/v1/documents/purge", DOCUMENTS_WRITE)
                .scope(POST, "/v1/documents/reclassify", DOCUMENTS_WRITE)
                .scope(DELETE, "/v1/documents", DOCUMENTS_WRITE)
                .scope(POST, "/v1/jobs/*/revert", DOCUMENTS_WRITE)
                .scope(POST, "/v1/syncs/*/revert", DOCUMENTS_WRITE)
                .scope(POST, "/v1/syncs/*/confirm-deletions", DOCUMENTS_WRITE)
                .scope(POST, "/v1/knowledge-gaps", DOCUMENTS_WRITE)
                .scope(POST, "/v1/knowledge-gaps/*/answers", DOCUMENTS_WRITE)
                .scope(GET, "/v1/audit", Scope.TENANT_ADMIN)
                .scope(GET, "/v1/webhooks", Scope.TENANT_ADMIN)
                .scope(POST, "/v1/webhooks", Scope.TENANT_ADMIN)
                .scope(DELETE, "/v1/webhooks/*", Scope.TENANT_ADMIN)
                .scope(POST, "/v1/webhooks/*/rotate-secret", Scope.TENANT_ADMIN)
                .scope(GET, "/v1/webhooks/*/deliveries", Scope.TENANT_ADMIN)
                .scope(GET, "/v1/webhooks/*/deliveries/*/attempts", Scope.TENANT_ADMIN)
                .scope(POST, "/v1/webhooks/*/deliveries/*/redeliver", Scope.TENANT_ADMIN);
    }
}
