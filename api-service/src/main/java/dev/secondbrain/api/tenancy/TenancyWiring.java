package dev.secondbrain.api.tenancy;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/** Every {@code /v1/**} request is authenticated; handlers receive the {@link Tenant} as a parameter. */
@Configuration(proxyBeanMethods = false)
class TenancyWiring implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    static {
        // the tenant is never a request parameter, so it is not part of the OpenAPI document
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Tenant.class);
    }

    private final ApiKeyAuthentication authentication;

    TenancyWiring(ApiKeyAuthentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(authentication).addPathPatterns("/v1/**");
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
        var tenant = request.getAttribute(ApiKeyAuthentication.TENANT, RequestAttributes.SCOPE_REQUEST);
        if (tenant == null) {
            throw new Unauthenticated();
        }
        return tenant;
    }
}
