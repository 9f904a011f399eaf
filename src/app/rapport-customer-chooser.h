/* rapport-customer-chooser.h
 *
 * A dialog that asks which customer something belongs to: a search over
 * the customers and a list of the matches. Used to give a follow-up made
 * in another app (no customer yet) its customer.
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

/* Called with the customer chosen; not called when the user cancels. */
typedef void (*RapportCustomerChosen) (gint64   customer_id,
                                       gpointer user_data);

/* Shows the dialog over @parent with @heading (and @body, or NULL), the
 * search filled in with @search (or NULL) and @action as the label of the
 * button that confirms ("_Assign"). */
GtkWidget *rapport_customer_chooser_present (GtkWindow             *parent,
                                             RapportStore          *store,
                                             const char            *heading,
                                             const char            *body,
                                             const char            *search,
                                             const char            *action,
                                             RapportCustomerChosen  chosen,
                                             gpointer               user_data,
                                             GDestroyNotify         destroy);

G_END_DECLS
