package dev.secondbrain.ingest.tenants;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAuthenticationTests {

    @Test
    void refusesEveryAdminRequestWhenNoTokenIsConfigured() throws Exception {
        for (var configured : new String[] {null, "", "  "}) {
            var response = filter(new AdminAuthentication(new AdminSettings(configured)), configured);
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
        }
    }

    @Test
    void letsTheConfiguredTokenThroughAndNothingElse() throws Exception {
        var filter = new AdminAuthentication(new AdminSettings("s3cret-token"));

        assertThat(filter(filter, "s3cret-token").getStatus()).isEqualTo(200);
        assertThat(filter(filter, "s3cret-toke").getStatus()).isEqualTo(401);
        assertThat(filter(filter, null).getStatus()).isEqualTo(401);
    }

    private static MockHttpServletResponse filter(AdminAuthentication filter, String token) throws Exception {
        var request = new MockHttpServletRequest("POST", "/v1/admin/tenants");
        request.setServletPath("/v1/admin/tenants");
        if (token != null) {
            request.addHeader("Authorization", "Bearer " + token);
        }
        var response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
