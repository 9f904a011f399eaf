/* rapport-customers-view.h
 *
 * The Customers section: the paged, searchable list beside the customer
 * page; first-run choices when there are no customers yet.
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"
#include "rapport-customer-list-model.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CUSTOMERS_VIEW (rapport_customers_view_get_type ())

G_DECLARE_FINAL_TYPE (RapportCustomersView, rapport_customers_view, RAPPORT, CUSTOMERS_VIEW, GtkWidget)

GtkWidget                *rapport_customers_view_new             (RapportContext       *context);
void                      rapport_customers_view_focus_search    (RapportCustomersView *self);
void                      rapport_customers_view_new_customer    (RapportCustomersView *self,
                                                                  RapportCustomerKind   kind);
void                      rapport_customers_view_show_customer   (RapportCustomersView *self,
                                                                  gint64                customer_id);
/* Ctrl+L and Ctrl+Shift+N: for the customer shown; FALSE when none is. */
gboolean                  rapport_customers_view_log_interaction (RapportCustomersView *self);
gboolean                  rapport_customers_view_new_follow_up   (RapportCustomersView *self);
/* Asks for a CSV or vCard file and imports it. */
void                      rapport_customers_view_import_csv      (RapportCustomersView *self);
/* Imports @file: a .vcf or .vcard as vCards, anything else as CSV. */
void                      rapport_customers_view_import_file     (RapportCustomersView *self,
                                                                  GFile                *file);
/* TRUE while the customer page holds edits not saved. */
gboolean                  rapport_customers_view_has_changes     (RapportCustomersView *self);
/* Saves the customer page's edits; FALSE when they could not be saved
 * (invalid), the page then shows why. */
gboolean                  rapport_customers_view_save_changes    (RapportCustomersView *self);
RapportCustomerListModel *rapport_customers_view_get_model       (RapportCustomersView *self);

G_END_DECLS
