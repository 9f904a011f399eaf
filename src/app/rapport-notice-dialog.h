/* rapport-notice-dialog.h
 *
 * One renewal notice, ready to go out: the customer, the contract, the
 * language it is written in (another can be chosen: the notice is
 * written again), its state, and the subject and text, which the user
 * may edit. Open in Mail hands it to the mail client as a mailto: URI
 * to the customer's preferred address, Copy puts it on the clipboard,
 * Print prints it; each keeps the text and makes a due notice prepared.
 * Mark as Sent records it as sent and closes, with Undo in the window.
 * Edits are kept when the dialog closes.
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_NOTICE_DIALOG (rapport_notice_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportNoticeDialog, rapport_notice_dialog, RAPPORT, NOTICE_DIALOG, AdwWindow)

/* The dialog for notice @notice_id, modal and transient for @parent. */
GtkWindow *rapport_notice_dialog_new (GtkWindow      *parent,
                                      RapportContext *context,
                                      gint64          notice_id);

G_END_DECLS
