/* rapport-customer-item.h
 *
 * One row of the customer list: a customer's id, loaded when the row is
 * first shown.
 */
#pragma once

#include <glib-object.h>

#include "rapport-customer.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CUSTOMER_ITEM (rapport_customer_item_get_type ())

G_DECLARE_FINAL_TYPE (RapportCustomerItem, rapport_customer_item, RAPPORT, CUSTOMER_ITEM, GObject)

RapportCustomerItem   *rapport_customer_item_new          (gint64                 id,
                                                           RapportCustomer       *customer);
gint64                 rapport_customer_item_get_id       (RapportCustomerItem   *self);
/* The row's summary (no emails, phones or addresses: see
 * rapport_store_get_customer_summary); NULL when the customer could not
 * be read (deleted meanwhile). */
const RapportCustomer *rapport_customer_item_get_customer (RapportCustomerItem   *self);

G_END_DECLS
