package io.rechargenotify.console.web;

/** What every page's frame shows: the title, who is signed in, whether they may act (else no action buttons). */
public record Page(String title, String operator, boolean canAct) {
}
