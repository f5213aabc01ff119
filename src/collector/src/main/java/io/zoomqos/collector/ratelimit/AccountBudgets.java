package io.zoomqos.collector.ratelimit;

import java.util.Collection;

/** The budget of each configured Zoom account. */
public interface AccountBudgets {

    /** @throws IllegalArgumentException for an account that is not configured */
    AccountBudget of(String accountId);

    Collection<AccountBudget> all();
}
