/* rapport-store-notices.h
 *
 * Renewal notices over the store: preparing the notices that fall due,
 * rolling auto-renewing contracts forward, and the notice's life from
 * due to sent, renewed or lapsed.
 *
 * The business's language, name and owner come from the store's
 * settings when the RapportNoticeTextOptions passed leave them NULL:
 * RAPPORT_SETTING_BUSINESS_LANGUAGE ("default-language", the Preferences
 * window's Default Language, "for renewal notices to customers without a
 * language of their own"), "business-name" and "owner-name".
 */
#pragma once

#include "rapport-notice-text.h"
#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_SETTING_BUSINESS_LANGUAGE "default-language"

/* In one transaction, as of @today ("YYYY-MM-DD", the business's day):
 *
 * 1. Every auto-renewing contract (active or renewal-due, customer not
 *    in the trash) whose end date is before @today rolls forward, term
 *    after term, until its end is on or after @today
 *    (rapport_contract_next_term); it becomes active again and the
 *    notices of the terms behind it that were due, prepared or sent
 *    become renewed.
 * 2. Every active or renewal-due contract whose notice date (end minus
 *    lead days) is on or before @today and that has no notice for that
 *    date gets one: rendered (rapport_notice_render: a courtesy notice
 *    for an auto-renewing contract, a renewal notice otherwise), state
 *    due, on the customer's preferred channel (else email when they have
 *    an address). A contract that does not renew by itself becomes
 *    renewal-due. A rolled-forward contract thus gets the courtesy notice
 *    of its new term when that term's notice date comes.
 *
 * Running it again the same day creates nothing. @n_created (may be
 * NULL) is the number of notices created. On error nothing is written.
 * ::changed is emitted after the commit for each contract and notice
 * written. */
gboolean       rapport_store_process_renewals  (RapportStore                   *self,
                                                const char                     *today,
                                                const RapportNoticeTextOptions *options,
                                                guint                          *n_created,
                                                GError                        **error);

/* A contract the pass could not do: why, and what it is about. */
typedef struct
{
  gint64  contract_id;
  gint64  customer_id;
  char   *customer_name;
  char   *product;
  GError *error;         /* its notice could not be written (a damaged or
                          * unreadable catalog) or its term not renewed */
} RapportRenewalFailure;

void           rapport_renewal_failure_free    (RapportRenewalFailure          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportRenewalFailure, rapport_renewal_failure_free)

/* As rapport_store_process_renewals(), except that one contract's
 * failure is that contract's only: a contract whose notice cannot be
 * written, or whose term cannot be renewed, is left as it was (the next
 * pass tries again) and added to *@failures (a new array of
 * RapportRenewalFailure, empty when none failed); every other contract
 * goes through. FALSE with @error only when the store fails, and then
 * nothing is written. */
gboolean       rapport_store_process_renewals_full (RapportStore                   *self,
                                                    const char                     *today,
                                                    const RapportNoticeTextOptions *options,
                                                    guint                          *n_created,
                                                    GPtrArray                     **failures,
                                                    GError                        **error);

/* With the read-only fields (customer, product, auto_renew) filled;
 * RAPPORT_ERROR_NOT_FOUND naming the notice when there is none or its
 * customer is in the trash. */
RapportNotice *rapport_store_get_notice        (RapportStore                   *self,
                                                gint64                          id,
                                                GError                        **error);
/* Every notice whose customer is not in the trash, in state @state (a
 * RapportNoticeState; -1: any), soonest due first. */
GPtrArray     *rapport_store_list_notices_all  (RapportStore                   *self,
                                                int                             state,
                                                GError                        **error);

/* Moves a notice to @state. Sent stamps sent_at (once); due and
 * prepared clear it. The contract follows in the same transaction when
 * it is active or renewal-due: renewed makes a contract that does not
 * renew by itself renewed, lapsed makes any contract lapsed (an
 * auto-renewing one stops rolling). Moving the contract's latest notice
 * back to due, prepared or sent reopens a renewed or lapsed contract
 * (renewal-due, or active when it renews by itself). */
gboolean       rapport_store_set_notice_state  (RapportStore                   *self,
                                                gint64                          id,
                                                RapportNoticeState              state,
                                                GError                        **error);

/* Renders notice @id again from its contract and customer as they are
 * now, with @options completed from the settings; @options' language
 * NULL: the customer's. The stored notice is not changed. */
gboolean       rapport_store_render_notice     (RapportStore                   *self,
                                                gint64                          id,
                                                const RapportNoticeTextOptions *options,
                                                RapportNoticeText              *out,
                                                GError                        **error);

/* The term after @start..@end (inclusive, "YYYY-MM-DD") into
 * @next_start and @next_end: it starts the day after @end and keeps the
 * term's length in months when the term is whole months (the day after
 * @end, or @end itself, falls on @start's day of the month:
 * 2026-01-01..2026-12-31 is followed by 2027-01-01..2027-12-31,
 * 2026-01-15..2027-01-15 by 2027-01-16..2028-01-15), else in days
 * (2026-01-01..2026-01-10 by 2026-01-11..2026-01-20). Month arithmetic
 * clamps to the end of shorter months. FALSE for invalid dates or an end
 * before the start. */
gboolean       rapport_contract_next_term      (const char                     *start,
                                                const char                     *end,
                                                char                            next_start[11],
                                                char                            next_end[11]);

G_END_DECLS
