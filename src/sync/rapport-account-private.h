/* rapport-account-private.h
 *
 * What the account records (rapport-account.c) share with the account
 * setup (rapport-account-setup.c).
 */
#pragma once

#include "rapport-account.h"
#include "rapport-store.h"

G_BEGIN_DECLS

RapportAccount           *rapport_account_new_empty       (void);
RapportAccountCollection *rapport_account_collection_new  (RapportAccountPurpose  purpose,
                                                           const char            *url,
                                                           const char            *display_name);

/* The account's own fields must be complete before it is stored. */
gboolean                  rapport_account_check           (const RapportAccount  *account,
                                                           GError               **error);
/* Its row and its collections' rows; the caller holds a transaction. */
gboolean                  rapport_account_insert_rows     (RapportStore          *store,
                                                           RapportAccount        *account,
                                                           GError               **error);
/* The host of @url, for naming the account and its secret. */
char                     *rapport_account_host_of         (const char            *url);

G_END_DECLS
