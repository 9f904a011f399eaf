/* rapport-customer-row.h
 *
 * A row of the customer list: name, organization, type chips, last
 * contact ("3 days ago") and the next follow-up. Recycled by the list
 * view: rapport_customer_row_bind fills it for another customer.
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-customer-item.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CUSTOMER_ROW (rapport_customer_row_get_type ())

G_DECLARE_FINAL_TYPE (RapportCustomerRow, rapport_customer_row, RAPPORT, CUSTOMER_ROW, GtkWidget)

GtkWidget *rapport_customer_row_new  (void);
/* @types: the store's customer types (RapportCustomerType), for labels. */
void       rapport_customer_row_bind (RapportCustomerRow  *self,
                                      RapportCustomerItem *item,
                                      GPtrArray           *types,
                                      GDateTime           *now);

G_END_DECLS
