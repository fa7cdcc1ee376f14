package io.rechargenotify.account.domain;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Accounts in Postgres. */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, String> {
}
