package dev.secondbrain.ingest.tenants;

import dev.secondbrain.access.KeyAuthentication;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/** Lets a controller method take the {@link AuthenticatedTenant} of the API key that authenticated the request. */
@Configuration(proxyBeanMethods = false)
class TenantArguments implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    static {
        // the tenant is never a request parameter, so it is not part of the OpenAPI document
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(AuthenticatedTenant.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == AuthenticatedTenant.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof KeyAuthentication key)) {
            throw new IllegalStateException("no API key authentication on this path");
        }
        var principal = key.getPrincipal();
        return new AuthenticatedTenant(principal.tenantId(), principal.keyId(), principal.eventsPerSecond());
    }
}
