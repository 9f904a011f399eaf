/* rapport-log-dialog.h
 *
 * "Log Interaction": the message-taking record of one contact with a
 * customer (channel, direction, when, from whom, how to reach them, what,
 * action requested and promised, handle time, recorded by), optionally
 * turning the promise into a follow-up in the same step. The same dialog
 * edits a stored interaction.
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_LOG_DIALOG (rapport_log_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportLogDialog, rapport_log_dialog, RAPPORT, LOG_DIALOG, AdwWindow)

/* A modal dialog, transient for @parent, for the customer @customer_id. */
GtkWindow *rapport_log_dialog_new                 (GtkWindow      *parent,
                                                   RapportContext *context,
                                                   gint64          customer_id);
/* "Edit Interaction": the stored interaction @interaction_id, saved back
 * in place. */
GtkWindow *rapport_log_dialog_new_for_interaction (GtkWindow      *parent,
                                                   RapportContext *context,
                                                   gint64          interaction_id);

G_END_DECLS
