/* rapport-sync-runner.c
 *
 * One GTask per run, each on a thread of its own, so a server that is
 * slow to answer holds only its own account's run, and that for at most
 * the engine's run deadline (RAPPORT_SYNC_RUN_DEADLINE; each request also
 * has its own). The worker opens its own RapportStore on the same
 * file (a store belongs to the thread that opened it) and hands it to
 * the engine. The UI's store only reads; after a run it is told that
 * everything may have changed, on the main thread.
 */

#define G_LOG_DOMAIN "rapport-sync-runner"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-account.h"
#include "rapport-sync-runner.h"
#include "rapport-sync.h"

/* How often the automatic sync looks for accounts that are due. */
#define CHECK_INTERVAL_S 60
/* The first look after the app starts. */
#define FIRST_CHECK_S    10
/* Seconds a request may make no progress. */
#define REQUEST_TIMEOUT  30

struct _RapportSyncRunner
{
  GObject         parent_instance;

  RapportContext *context;
  GHashTable     *running;       /* account id (gint64 *) -> GCancellable */
  guint           check_source;
  gboolean        automatic;
};

G_DEFINE_FINAL_TYPE (RapportSyncRunner, rapport_sync_runner, G_TYPE_OBJECT)

enum {
  STARTED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char   *path;
  gint64  account_id;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(RapportDavClient) client = NULL;
  g_autoptr(RapportSyncReport) report = NULL;
  GError *error = NULL;

  if ((store = rapport_store_open (data->path, &error)) == NULL ||
      (account = rapport_account_get (store, data->account_id, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  client = rapport_account_dup_client_sync (account, REQUEST_TIMEOUT, cancellable, &error);
  if (client == NULL)
    {
      /* Translators: %s is why a sync failed */
      g_autofree char *message = g_strdup_printf (_("Sync failed: %s"), error->message);

      /* The engine records its own results; this failure came before it. */
      rapport_account_set_result (store, data->account_id, message, NULL);
      g_task_return_error (task, error);
      return;
    }

  report = rapport_sync_run (store, data->account_id, client, cancellable, &error);
  if (report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_strdup (report->summary), g_free);
}

/* A thread of its own rather than GIO's pool, which a few stuck servers
 * would fill for everyone (other accounts, other GIO work). */
static gpointer
run_thread_main (gpointer data)
{
  g_autoptr(GTask) task = data;

  run_thread (task, g_task_get_source_object (task), g_task_get_task_data (task),
              g_task_get_cancellable (task));

  return NULL;
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RapportSyncRunner *self = RAPPORT_SYNC_RUNNER (object);
  RunData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  gint64 account_id = data->account_id;

  summary = g_task_propagate_pointer (G_TASK (result), &error);
  if (summary == NULL)
    g_message ("Sync of account %" G_GINT64_FORMAT " failed: %s", account_id, error->message);

  g_hash_table_remove (self->running, &account_id);
  rapport_account_notify_synced (rapport_context_get_store (self->context));
  g_signal_emit (self, signals[FINISHED], 0, account_id);
}

static gboolean
check_cb (gpointer user_data)
{
  RapportSyncRunner *self = RAPPORT_SYNC_RUNNER (user_data);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GArray) due = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);

  accounts = rapport_account_list (rapport_context_get_store (self->context), &error);
  if (accounts == NULL)
    {
      g_warning ("Could not read the sync accounts: %s", error->message);
      return G_SOURCE_CONTINUE;
    }

  due = rapport_sync_runner_due_accounts (accounts, g_date_time_to_unix (now));
  for (guint i = 0; i < due->len; i++)
    rapport_sync_runner_sync (self, g_array_index (due, gint64, i));

  return G_SOURCE_CONTINUE;
}

static gboolean
first_check_cb (gpointer user_data)
{
  RapportSyncRunner *self = RAPPORT_SYNC_RUNNER (user_data);

  check_cb (self);
  self->check_source = g_timeout_add_seconds (CHECK_INTERVAL_S, check_cb, self);
  return G_SOURCE_REMOVE;
}

static void
rapport_sync_runner_dispose (GObject *object)
{
  RapportSyncRunner *self = RAPPORT_SYNC_RUNNER (object);
  GHashTableIter iter;
  gpointer cancellable;

  g_clear_handle_id (&self->check_source, g_source_remove);

  /* The tasks hold a reference to us: cancel them so they end soon. */
  if (self->running != NULL)
    {
      g_hash_table_iter_init (&iter, self->running);
      while (g_hash_table_iter_next (&iter, NULL, &cancellable))
        g_cancellable_cancel (cancellable);
    }

  G_OBJECT_CLASS (rapport_sync_runner_parent_class)->dispose (object);
}

static void
rapport_sync_runner_finalize (GObject *object)
{
  RapportSyncRunner *self = RAPPORT_SYNC_RUNNER (object);

  g_clear_pointer (&self->running, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_sync_runner_parent_class)->finalize (object);
}

static void
rapport_sync_runner_class_init (RapportSyncRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_sync_runner_dispose;
  object_class->finalize = rapport_sync_runner_finalize;

  signals[STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
rapport_sync_runner_init (RapportSyncRunner *self)
{
  self->running = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

RapportSyncRunner *
rapport_sync_runner_new (RapportContext *context)
{
  RapportSyncRunner *self;

  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);

  self = g_object_new (RAPPORT_TYPE_SYNC_RUNNER, NULL);
  self->context = g_object_ref (context);
  rapport_sync_runner_set_automatic (self, TRUE);

  return self;
}

void
rapport_sync_runner_set_automatic (RapportSyncRunner *self,
                                   gboolean           automatic)
{
  g_return_if_fail (RAPPORT_IS_SYNC_RUNNER (self));

  automatic = !!automatic;
  if (self->automatic == automatic)
    return;

  self->automatic = automatic;
  g_clear_handle_id (&self->check_source, g_source_remove);
  if (automatic)
    self->check_source = g_timeout_add_seconds (FIRST_CHECK_S, first_check_cb, self);
}

void
rapport_sync_runner_sync (RapportSyncRunner *self,
                          gint64             account_id)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  RunData *data;

  g_return_if_fail (RAPPORT_IS_SYNC_RUNNER (self));

  if (rapport_sync_runner_is_syncing (self, account_id))
    return;

  cancellable = g_cancellable_new ();
  data = g_new0 (RunData, 1);
  data->path = g_strdup (rapport_store_get_path (rapport_context_get_store (self->context)));
  data->account_id = account_id;

  g_hash_table_insert (self->running, g_memdup2 (&account_id, sizeof account_id), g_object_ref (cancellable));

  task = g_task_new (self, cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, rapport_sync_runner_sync);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_thread_unref (g_thread_new ("rapport-sync-run", run_thread_main, g_object_ref (task)));

  g_signal_emit (self, signals[STARTED], 0, account_id);
}

void
rapport_sync_runner_cancel (RapportSyncRunner *self,
                            gint64             account_id)
{
  GCancellable *cancellable;

  g_return_if_fail (RAPPORT_IS_SYNC_RUNNER (self));

  cancellable = g_hash_table_lookup (self->running, &account_id);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
}

gboolean
rapport_sync_runner_is_syncing (RapportSyncRunner *self,
                                gint64             account_id)
{
  g_return_val_if_fail (RAPPORT_IS_SYNC_RUNNER (self), FALSE);

  return g_hash_table_contains (self->running, &account_id);
}

GArray *
rapport_sync_runner_due_accounts (GPtrArray *accounts,
                                  gint64     now)
{
  GArray *due = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    {
      const RapportAccount *account = g_ptr_array_index (accounts, i);

      if (!account->auto_sync || account->interval == 0)
        continue;
      if (account->last_sync != 0 && now - account->last_sync < (gint64) account->interval)
        continue;

      g_array_append_val (due, account->id);
    }

  return due;
}
