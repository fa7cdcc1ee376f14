package io.rechargenotify.account.recharge;

/** Free-text notes kept with a recharge fit their column (VARCHAR(500)). */
final class Notes {

    private static final int MAX = 500;

    private Notes() {
    }

    static String truncate(String note) {
        return note == null || note.length() <= MAX ? note : note.substring(0, MAX);
    }
}
