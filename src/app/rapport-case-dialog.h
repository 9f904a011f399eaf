/* rapport-case-dialog.h
 *
 * "New Case" and "Edit Case": the customer (picked by search when not
 * given), category, summary, description, severity, state, the first
 * response time, the resolution or escalation the state calls for, and
 * once resolved the customer's feedback (CSAT, NPS, CES, a comment and
 * theme codes). Used by the Cases section.
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CASE_DIALOG (rapport_case_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportCaseDialog, rapport_case_dialog, RAPPORT, CASE_DIALOG, AdwWindow)

/* A modal dialog, transient for @parent. @case_id 0: a new case for
 * @customer_id (0: the dialog asks for the customer); else edits that
 * case, and @customer_id may be 0. */
GtkWindow *rapport_case_dialog_new (GtkWindow      *parent,
                                    RapportContext *context,
                                    gint64          customer_id,
                                    gint64          case_id);

G_END_DECLS
