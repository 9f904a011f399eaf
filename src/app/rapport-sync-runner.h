/* rapport-sync-runner.h
 *
 * Runs syncs for the app: "Sync Now" and the automatic sync of every
 * account whose auto_sync is on, once its interval has passed since its
 * last sync (looked at every minute). Each run happens on a worker
 * thread with its own connection to the database and the password from
 * the Secret Service; an account is never synced twice at once. When a
 * run ends, the views reload (the store's ::changed) and ::finished is
 * emitted on the main thread.
 */
#pragma once

#include <gio/gio.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SYNC_RUNNER (rapport_sync_runner_get_type ())

G_DECLARE_FINAL_TYPE (RapportSyncRunner, rapport_sync_runner, RAPPORT, SYNC_RUNNER, GObject)

RapportSyncRunner *rapport_sync_runner_new          (RapportContext    *context);
/* Starts or stops the automatic syncs (on at construction). */
void               rapport_sync_runner_set_automatic (RapportSyncRunner *self,
                                                     gboolean           automatic);
/* Syncs @account_id now unless it is syncing already; ::started and
 * ::finished follow. */
void               rapport_sync_runner_sync          (RapportSyncRunner *self,
                                                     gint64             account_id);
/* Stops @account_id's run, if any (it ends with a CANCELLED error;
 * what it applied stays). */
void               rapport_sync_runner_cancel        (RapportSyncRunner *self,
                                                     gint64             account_id);
gboolean           rapport_sync_runner_is_syncing    (RapportSyncRunner *self,
                                                     gint64             account_id);
/* The accounts due for an automatic sync at @now (Unix seconds) among
 * @accounts (RapportAccount): auto_sync on, interval passed. */
GArray            *rapport_sync_runner_due_accounts  (GPtrArray         *accounts,
                                                     gint64             now);

G_END_DECLS
