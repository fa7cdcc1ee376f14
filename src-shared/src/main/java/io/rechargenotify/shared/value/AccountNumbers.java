package io.rechargenotify.shared.value;

/** The account number format both services accept: letters, digits, '-' and '_', 3 to 32 characters. */
public final class AccountNumbers {

    public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$";

    public static final String MESSAGE = "must be 3 to 32 letters, digits, '-' or '_', starting with a letter or digit";

    private AccountNumbers() {
    }
}
