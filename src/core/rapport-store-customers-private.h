/* rapport-store-customers-private.h
 *
 * What the customer records (rapport-store-customers.c) share with the
 * queries over them (rapport-store-customer-queries.c).
 */
#pragma once

#include <sqlite3.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define CUSTOMER_COLUMNS \
  "c.id, c.uid, c.kind, c.display_name, c.given_name, c.family_name, c.phonetic_name," \
  " c.organization_id, (SELECT o.display_name FROM customer o WHERE o.id = c.organization_id)," \
  " c.job_title, c.form_of_address, c.first_name_basis, c.language, c.time_zone, c.country," \
  " c.preferred_channel, c.best_time, c.cultural_notes, c.notes, c.consent_marketing," \
  " c.consent_date, c.consent_basis, c.lifecycle, c.last_contact, c.next_follow_up," \
  " c.created, c.modified"

gboolean rapport_store_is_blank (const char *text);
void rapport_store_tidy (char **text);
gint64 rapport_store_lookup_type_id (RapportStore *self, const char *key, GError **error);
void rapport_store_load_customer_children (RapportStore *self, RapportCustomer *customer);
/* A customer from a row of CUSTOMER_COLUMNS, without its children. */
RapportCustomer *rapport_store_read_customer_row (sqlite3_stmt *stmt);

G_END_DECLS
