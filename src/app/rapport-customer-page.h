/* rapport-customer-page.h
 *
 * One customer, the detail pane of the Customers section: the profile
 * editor with inline validation, the communication profile (form of
 * address, language, time zone with their local time now, channel, best
 * time, cultural notes), types, organization and people, the contact
 * history as a timeline, the "Log interaction" dialog, and the customer's
 * follow-ups and contracts.
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CUSTOMER_PAGE (rapport_customer_page_get_type ())

G_DECLARE_FINAL_TYPE (RapportCustomerPage, rapport_customer_page, RAPPORT, CUSTOMER_PAGE, GtkWidget)

/* Signals:
 * - "deleted" (gint64 id, const char *name): the user deleted the
 *   customer (moved to the trash); the Customers view shows the toast
 *   with Undo and returns to the list.
 * - "closed": the user went back to the list (narrow mode back button).
 * - "saved" (gint64 id): a new customer was created or edits saved.
 * The page itself guards unsaved edits: changing customer or closing
 * with unsaved changes asks (Save / Discard / Cancel) first.
 */
GtkWidget *rapport_customer_page_new              (RapportContext      *context);
/* Shows (and edits) a stored customer. */
void       rapport_customer_page_set_customer     (RapportCustomerPage *self,
                                                   gint64               customer_id);
gint64     rapport_customer_page_get_customer_id  (RapportCustomerPage *self);
/* An empty editor for a new person or organization. */
void       rapport_customer_page_edit_new         (RapportCustomerPage *self,
                                                   RapportCustomerKind  kind);
/* Opens the "Log interaction" dialog for the shown customer (Ctrl+L). */
void       rapport_customer_page_log_interaction  (RapportCustomerPage *self);
/* Opens the new follow-up dialog for the shown customer (Ctrl+Shift+N). */
void       rapport_customer_page_new_follow_up    (RapportCustomerPage *self);
/* TRUE while there are edits not yet saved. */
gboolean   rapport_customer_page_has_changes      (RapportCustomerPage *self);
/* The narrow-mode back button: set by the Customers view when folded. */
void       rapport_customer_page_set_narrow       (RapportCustomerPage *self,
                                                   gboolean             narrow);

G_END_DECLS
