package dev.secondbrain.api.tenancy;

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

/**
 * Handlers receive the {@link Tenant} of the API key that authenticated the request (Spring Security, see
 * {@code ApiAccess}) as a parameter.
 */
@Configuration(proxyBeanMethods = false)
class TenancyWiring implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    static {
        // the tenant is never a request parameter, so it is not part of the OpenAPI document
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Tenant.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Tenant.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                  NativeWebRequest request, WebDataBinderFactory binders) {
        return current();
    }

    /** The tenant of the current request's key. */
    static Tenant current() {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof KeyAuthentication key)) {
            throw new IllegalStateException("no API key authentication on this path");
        }
        return new Tenant(key.getPrincipal().tenantId(), key.getPrincipal().keyId());
    }
}
