package dev.secondbrain.access;

import org.springframework.http.HttpMethod;

import java.util.ArrayList;
import java.util.List;

/**
 * A service's endpoint × scope table, the one place that says who may call what: each API endpoint with the scope
 * it needs, or the admin token. Path patterns are Spring's ({@code /v1/jobs/*}). Other {@code /v1/**} paths need an
 * authenticated caller (an unmapped one then answers 404) — a service's scope-matrix test fails for any endpoint
 * missing from its table. Paths outside {@code /v1} (the page, health, metrics, OpenAPI) are open.
 */
public final class AccessRules {

    /** One endpoint: method, path pattern, and the scope it needs (null: the admin token). */
    public record Rule(HttpMethod method, String pattern, Scope scope) {

        public boolean admin() {
            return scope == null;
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    public AccessRules scope(HttpMethod method, String pattern, Scope scope) {
        rules.add(new Rule(method, pattern, scope));
        return this;
    }

    /** Every method on paths matching the pattern needs the admin token. */
    public AccessRules admin(String pattern) {
        rules.add(new Rule(null, pattern, null));
        return this;
    }

    public List<Rule> rules() {
        return List.copyOf(rules);
    }
}
