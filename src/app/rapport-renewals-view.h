/* rapport-renewals-view.h
 *
 * The Renewals section: contracts whose renewal notice is due, soonest
 * end first, with the end date, the value written the way the customer's
 * language writes numbers, that language and the state of its notice
 * (due, prepared, sent...); per row Open Notice (the notice dialog: mail,
 * copy, print, mark as sent), Mark Renewed, Extend by a Year, Mark Lapsed
 * (each with Undo), Open Customer and Edit Contract. Showing the view
 * prepares the notices that fell due.
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RENEWALS_VIEW (rapport_renewals_view_get_type ())

G_DECLARE_FINAL_TYPE (RapportRenewalsView, rapport_renewals_view, RAPPORT, RENEWALS_VIEW, GtkWidget)

GtkWidget *rapport_renewals_view_new (RapportContext *context);

G_END_DECLS
