/* rapport-contract-dialog.h
 *
 * "New Contract" and "Edit Contract": product or service, start and end
 * dates, value and currency (checked while typing), notice lead days,
 * auto-renew and notes. Save stays disabled while a field is wrong; what
 * the store refuses is shown in the dialog. Closing with unsaved edits
 * asks first. Editing a contract also offers to delete it (with Undo).
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CONTRACT_DIALOG (rapport_contract_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RapportContractDialog, rapport_contract_dialog, RAPPORT, CONTRACT_DIALOG, AdwWindow)

/* A modal dialog, transient for @parent. @contract_id 0: a new contract
 * for @customer_id; else edits that contract (@customer_id may be 0). */
GtkWindow *rapport_contract_dialog_new (GtkWindow      *parent,
                                        RapportContext *context,
                                        gint64          customer_id,
                                        gint64          contract_id);

G_END_DECLS
