/* rapport-follow-up-dialog.h
 *
 * "New Follow-up" and "Edit Follow-up": title, due date and time in a time
 * zone (the customer's by default), notes, priority and repetition (none,
 * daily, weekly, monthly). Used by the customer page and the Follow-ups
 * section.
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_FOLLOW_UP_DIALOG (rapport_follow_up_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportFollowUpDialog, rapport_follow_up_dialog, RAPPORT, FOLLOW_UP_DIALOG, AdwWindow)

/* A modal dialog, transient for @parent. @follow_up_id 0: a new follow-up
 * for @customer_id; else edits (reschedules) that follow-up, and
 * @customer_id may be 0. */
GtkWindow *rapport_follow_up_dialog_new (GtkWindow      *parent,
                                         RapportContext *context,
                                         gint64          customer_id,
                                         gint64          follow_up_id);

G_END_DECLS
