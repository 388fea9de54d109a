package dev.secondbrain.api.quota;

import dev.secondbrain.access.KeyAuthentication;
import dev.secondbrain.access.TenantRates;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every authenticated {@code /v1/**} request takes from its tenant's bucket (the intake's {@link TenantRates}, one
 * limiter for the pipeline) before its handler runs: 1 for a request, {@code search-cost} for a search; an empty
 * bucket answers 429 with {@code Retry-After}. Per instance: N instances allow N times the rate.
 */
@Configuration(proxyBeanMethods = false)
class ReadQuota implements WebMvcConfigurer, HandlerInterceptor {

    private final QuotaSettings settings;
    private final TenantRates rates;

    ReadQuota(QuotaSettings settings) {
        this.settings = settings;
        this.rates = new TenantRates(settings.burst(), System::nanoTime);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST
                || !(SecurityContextHolder.getContext().getAuthentication() instanceof KeyAuthentication key)) {
            return true; // counted when it came in (a stream's completion), or nothing of a tenant runs here
        }
        int cost = request.getRequestURI().equals("/v1/search") ? settings.searchCost() : 1;
        var wait = rates.take(key.getPrincipal().tenantId(), settings.requestsPerSecond(), cost);
        if (wait.isPresent()) {
            throw new QuotaExceeded("This tenant makes more requests than its quota allows; retry after the "
                    + "Retry-After seconds.", wait.get());
        }
        return true;
    }
}
