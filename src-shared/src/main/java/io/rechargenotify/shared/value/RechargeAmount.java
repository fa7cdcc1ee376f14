package io.rechargenotify.shared.value;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** The amount of one recharge: present, greater than 0, at most two decimals, at most {@link Money#MAX_RECHARGE}. */
@NotNull
@DecimalMin(value = "0.00", inclusive = false)
@DecimalMax("1000000.00")
@Digits(integer = 7, fraction = Money.SCALE)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Retention(RUNTIME)
@Target({ FIELD, PARAMETER, RECORD_COMPONENT })
public @interface RechargeAmount {

    /** How the API documents describe a recharge amount in a request (the server also takes a JSON number). */
    String DESCRIPTION = "An amount greater than 0 and at most 1000000.00 with up to two decimals, as a string";

    String message() default "must be greater than 0 and at most 1000000.00, with at most 2 decimal places";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
