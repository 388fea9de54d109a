package dev.secondbrain.access;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The one authentication of both HTTP services, with Spring Security: a bearer token is an API key (authorities: its
 * scopes) or the admin token (role ADMIN); the service's {@link AccessRules} bean says which endpoint needs which;
 * 401/403/503 are problem+json ({@link AccessProblems}). Stateless: no session, no cookie, no CSRF token (nothing is
 * authenticated by the browser itself).
 */
@AutoConfiguration(before = {ServletWebSecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
        UserDetailsServiceAutoConfiguration.class, ErrorMvcAutoConfiguration.class})
@EnableConfigurationProperties({ApiKeySettings.class, AdminSettings.class})
@Import(ProblemErrorPage.class)
class AccessConfiguration {

    @Bean
    KeyLookups keyLookups(JdbcClient jdbc, ApiKeySettings settings) {
        return new KeyLookups(jdbc, settings);
    }

    @Bean
    BearerTokenAuthentication bearerTokenAuthentication(KeyLookups lookups, JdbcClient jdbc, AdminSettings admin) {
        return new BearerTokenAuthentication(lookups, new KeyUse(jdbc), admin);
    }

    @Bean
    AccessProblems accessProblems(MeterRegistry meters) {
        return new AccessProblems(meters);
    }

    /**
     * A service without an API ({@link AccessRules}), sharing a classpath with one (the worker beside the intake in the
     * fault suite or the bench; deployed, it has no Spring Security at all): nothing to authenticate.
     */
    @Bean
    @ConditionalOnMissingBean(AccessRules.class)
    SecurityFilterChain noApi(HttpSecurity http) {
        return http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }

    @Bean
    @ConditionalOnBean(AccessRules.class)
    SecurityFilterChain pipelineSecurity(HttpSecurity http, AccessRules rules, BearerTokenAuthentication tokens,
                                         AccessProblems problems) {
        var authentication = new AuthenticationFilter(new ProviderManager(tokens), BearerToken.FROM_HEADER);
        // only the API authenticates: the page, health, metrics and OpenAPI ignore whatever Authorization they get
        authentication.setRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/v1/**"));
        authentication.setSuccessHandler((request, response, auth) -> { }); // the request goes on
        authentication.setFailureHandler(problems);
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(authentication, AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(a -> {
                    // the error page and a stream's completion run again through the chain, already decided
                    a.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    for (var rule : rules.rules()) {
                        var url = rule.method() == null ? a.requestMatchers(rule.pattern())
                                : a.requestMatchers(rule.method(), rule.pattern());
                        if (rule.admin()) {
                            url.hasRole(AdminAuthentication.ROLE);
                        } else {
                            url.hasAuthority(rule.scope().authority());
                        }
                    }
                    a.requestMatchers("/v1/**").authenticated();
                    a.anyRequest().permitAll();
                })
                .build();
    }

    /** External ids travel URL-encoded in paths: an encoded slash or percent sign is data, not an attack. */
    @Bean
    WebSecurityCustomizer encodedIdsInPaths() {
        var firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        return web -> web.httpFirewall(firewall);
    }
}
