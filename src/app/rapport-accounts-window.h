/* rapport-accounts-window.h
 *
 * The Sync Accounts window: each account with its last result in plain
 * words, Sync Now, automatic sync and its interval, its conflicts, and
 * Remove; and the Add Account flow (server, user name, password; an
 * untrusted certificate shown by its fingerprint to be trusted or not;
 * a choice of collections when the account has several).
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"
#include "rapport-sync-runner.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ACCOUNTS_WINDOW (rapport_accounts_window_get_type ())

G_DECLARE_FINAL_TYPE (RapportAccountsWindow, rapport_accounts_window, RAPPORT, ACCOUNTS_WINDOW, AdwWindow)

GtkWindow *rapport_accounts_window_new    (GtkWindow            *parent,
                                           RapportContext       *context,
                                           RapportSyncRunner    *runner);

/* Adds the action "win.accounts" to @window: opens this window on the
 * application's sync runner (RapportApplication owns it, and runs the
 * automatic syncs with or without a window). */
void       rapport_accounts_window_attach (GtkApplicationWindow *window,
                                           RapportContext       *context);

/* The interval choices, in seconds, in the order the window offers
 * them; and the choice for a stored interval (the nearest one above). */
extern const guint rapport_accounts_intervals[3];
guint      rapport_accounts_interval_index (guint                 interval);

G_END_DECLS
