package dev.secondbrain.access;

import jakarta.validation.Validation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminSettingsTests {

    private final jakarta.validation.Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void anAdminTokenShorterThan32CharactersIsRefused() {
        assertThat(validator.validate(new AdminSettings("short-admin-token"))).hasSize(1);
        assertThat(validator.validate(new AdminSettings(" " + "x".repeat(31) + " "))).hasSize(1);
        assertThat(validator.validate(new AdminSettings("x".repeat(32)))).as("control: long enough").isEmpty();
    }

    @Test
    void noAdminTokenMeansNoAdminApiAndStarts() {
        assertThat(validator.validate(new AdminSettings(null))).isEmpty();
        assertThat(new AdminSettings(null).enabled()).isFalse();
        assertThat(new AdminSettings("  ").enabled()).isFalse();
    }
}
