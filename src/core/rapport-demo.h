/* rapport-demo.h
 *
 * A demo data set for trying Rapport out and for screenshots: the
 * customers of data/demo/customers.csv with some contact history,
 * follow-ups and contracts, dated relative to the moment it is added.
 */
#pragma once

#include <glib.h>

#include "rapport-store.h"

G_BEGIN_DECLS

/* The demo customers: the text of data/demo/customers.csv. */
const char *rapport_demo_get_customers_csv (void);

/* Adds the demo data set to @store, which must have no customers, with
 * dates relative to @now (days in @now's time zone): interactions;
 * follow-ups that are overdue, due today and upcoming, one of them
 * recurring; contracts, two of them with their renewal notice due. All or
 * nothing, in one transaction. Fails with RAPPORT_ERROR_CONFLICT when the
 * database already has customers. */
gboolean    rapport_store_add_demo_data    (RapportStore  *store,
                                            GDateTime     *now,
                                            GError       **error);

G_END_DECLS
