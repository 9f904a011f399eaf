/* rapport-customer-list-model.h
 *
 * The customer list as a GListModel that pages from SQLite: the query
 * (search, type, sort) runs in SQL and yields ids; an item is made only
 * when the view asks for its position, and only the most recently asked
 * items are kept. 100,000 customers cost an array of ids and what is on
 * screen.
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CUSTOMER_LIST_MODEL (rapport_customer_list_model_get_type ())

G_DECLARE_FINAL_TYPE (RapportCustomerListModel, rapport_customer_list_model, RAPPORT, CUSTOMER_LIST_MODEL, GObject)

RapportCustomerListModel *rapport_customer_list_model_new        (RapportStore             *store);
/* Each setter re-runs the query once; NULL or "" clears. */
void                      rapport_customer_list_model_set_search (RapportCustomerListModel *self,
                                                                  const char               *search);
void                      rapport_customer_list_model_set_type   (RapportCustomerListModel *self,
                                                                  const char               *type_key);
void                      rapport_customer_list_model_set_sort   (RapportCustomerListModel *self,
                                                                  RapportCustomerSort       sort);
/* Position of @id, or -1. */
int                       rapport_customer_list_model_find       (RapportCustomerListModel *self,
                                                                  gint64                    id);
/* How many customers the database holds, whatever the filter. */
guint                     rapport_customer_list_model_get_total  (RapportCustomerListModel *self);
/* How many items were made so far (tests check that paging pages). */
guint                     rapport_customer_list_model_get_n_made (RapportCustomerListModel *self);

G_END_DECLS
