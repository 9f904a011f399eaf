/* rapport-application.c
 *
 * The application: opens the database (--db PATH, else the default one),
 * owns the context and the reminders, and presents the window.
 *
 * It also owns the sync runner, so the automatic sync of the accounts
 * runs whether a window is open or not.
 *
 * `rapport --background` opens no window: it holds the application so the
 * reminders keep firing and the accounts keep syncing, and the
 * notifications' actions (application
 * actions, so they work with no window) act on the data directly. With
 * "run-in-background" set, closing the last window keeps it running the
 * same way; Quit ends it.
 */

#define G_LOG_DOMAIN "rapport-application"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-application.h"
#include "rapport-autostart.h"
#include "rapport-reminders.h"
#include "rapport-schedule.h"
#include "rapport-sync-runner.h"
#include "rapport-window.h"

struct _RapportApplication
{
  AdwApplication    parent_instance;
  char             *db_path;
  RapportContext   *context;
  RapportReminders *reminders;
  RapportSyncRunner *sync_runner;
  gboolean          background;      /* --background: no window at start */
  gboolean          held;            /* kept running for the reminders */
  gboolean          quitting;
};

G_DEFINE_FINAL_TYPE (RapportApplication, rapport_application, ADW_TYPE_APPLICATION)

static void run_in_background_changed (RapportApplication *self,
                                       const char         *key,
                                       GSettings          *settings);

static gboolean
open_context (RapportApplication  *self,
              GError             **error)
{
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (self->context != NULL)
    return TRUE;

  if (!(store = rapport_store_open (self->db_path, error)))
    return FALSE;

  /* One schema for both profiles; the Devel build differs in its id only. */
  settings = g_settings_new ("io.github.rapportcrm.Rapport");
  self->context = rapport_context_new (store, settings);

  self->reminders = rapport_reminders_new (G_APPLICATION (self), self->context);
  rapport_reminders_check (self->reminders);
  self->sync_runner = rapport_sync_runner_new (self->context);

  g_signal_connect_object (settings, "changed::run-in-background",
                           G_CALLBACK (run_in_background_changed), self, G_CONNECT_SWAPPED);

  return TRUE;
}

static void
hold_for_reminders (RapportApplication *self,
                    gboolean            hold)
{
  if (hold == self->held)
    return;

  self->held = hold;
  if (hold)
    g_application_hold (G_APPLICATION (self));
  else
    g_application_release (G_APPLICATION (self));
}

static void
show_open_error (RapportApplication *self,
                 const GError       *error)
{
  GtkWidget *dialog;

  /* Nothing is open to show it in: a dialog of its own, and stderr. */
  g_printerr ("rapport: %s\n", error->message);

  dialog = adw_message_dialog_new (NULL, _("Cannot Open the Customer Database"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (gtk_window_destroy), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rapport_application_activate (GApplication *application)
{
  RapportApplication *self = RAPPORT_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL && RAPPORT_IS_WINDOW (window))
    {
      gtk_window_present (window);
      return;
    }

  if (!open_context (self, &error))
    {
      if (self->background)
        {
          /* Nobody is looking: stderr, and exit with nothing held. */
          g_printerr ("rapport: %s\n", error->message);
          return;
        }
      show_open_error (self, error);
      return;
    }

  if (self->background)
    {
      /* Only the first activation; the next ones open the window. */
      self->background = FALSE;
      hold_for_reminders (self, TRUE);
      return;
    }

  window = GTK_WINDOW (rapport_window_new (ADW_APPLICATION (self), self->context));
  gtk_window_present (window);
}

static gint
rapport_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  RapportApplication *self = RAPPORT_APPLICATION (application);
  g_autofree char *path = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("rapport %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "db", "^ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      g_free (self->db_path);
      self->db_path = g_file_get_path (file);
      /* Another database is another instance. */
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }

  if (g_variant_dict_contains (options, "background"))
    {
      g_autoptr(GError) error = NULL;

      self->background = TRUE;

      /* When Rapport already runs, it already keeps the reminders: the
       * second instance has nothing to do. */
      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("rapport: %s\n", error->message);
          return 1;
        }
      if (g_application_get_is_remote (application))
        return 0;
    }

  return -1;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RapportApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  self->quitting = TRUE;
  if (windows == NULL)
    hold_for_reminders (self, FALSE);

  /* Closing each window lets it guard unsaved edits; the last one closed
   * lets go of the reminders' hold (window_removed). */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static RapportWindow *
present_window (RapportApplication *self)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return RAPPORT_IS_WINDOW (window) ? RAPPORT_WINDOW (window) : NULL;
}

static void
open_customer_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  RapportWindow *window = present_window (user_data);

  if (window != NULL)
    rapport_window_show_customer (window, g_variant_get_int64 (parameter));
}

static void
open_section_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  RapportWindow *window = present_window (user_data);

  if (window != NULL)
    rapport_window_show_section (window, g_variant_get_string (parameter, NULL));
}

/* A notification's action failed, maybe with no window to say it in: a
 * notification says it, and stderr. */
static void
report_action_error (RapportApplication *self,
                     const char         *what,
                     const GError       *error)
{
  g_autoptr(GNotification) notification = g_notification_new (what);

  g_printerr ("rapport: %s: %s\n", what, error->message);
  g_notification_set_body (notification, error->message);
  g_application_send_notification (G_APPLICATION (self), "action-error", notification);
}

static gboolean
ensure_context (RapportApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (open_context (self, &error))
    return TRUE;

  report_action_error (self, _("Cannot Open the Customer Database"), error);
  return FALSE;
}

static void
follow_up_done_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  RapportApplication *self = user_data;
  g_autoptr(RapportFollowUp) next = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (!ensure_context (self))
    return;

  rapport_reminders_withdraw (self->reminders, RAPPORT_REMINDER_FOLLOW_UP, id);
  now = rapport_context_dup_now (self->context);
  if (!rapport_store_complete_follow_up (rapport_context_get_store (self->context), id, now, &next, &error))
    report_action_error (self, _("Could not mark the follow-up done"), error);
}

static void
follow_up_snooze_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  RapportApplication *self = user_data;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (!ensure_context (self))
    return;

  rapport_reminders_withdraw (self->reminders, RAPPORT_REMINDER_FOLLOW_UP, id);
  now = rapport_context_dup_now (self->context);
  until = rapport_snooze_target (RAPPORT_SNOOZE_ONE_HOUR, now);
  if (!rapport_store_snooze_follow_up (rapport_context_get_store (self->context), id,
                                       g_date_time_to_unix (until), &error))
    report_action_error (self, _("Could not snooze the follow-up"), error);
}

/* "Stay in touch": a follow-up at the start of the next working day. */
static void
plan_follow_up_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  RapportApplication *self = user_data;
  g_autoptr(RapportFollowUp) follow_up = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GError) error = NULL;
  gint64 customer_id = g_variant_get_int64 (parameter);
  int start;

  if (!ensure_context (self))
    return;

  rapport_reminders_withdraw (self->reminders, RAPPORT_REMINDER_STAY_IN_TOUCH, customer_id);
  now = rapport_context_dup_now (self->context);
  start = g_settings_get_int (rapport_context_get_settings (self->context), "work-day-start");
  tomorrow = g_date_time_add_days (now, 1);
  due = rapport_snooze_target_at (now,
                                  g_date_time_get_year (tomorrow),
                                  g_date_time_get_month (tomorrow),
                                  g_date_time_get_day_of_month (tomorrow),
                                  start / 60, start % 60);
  if (due == NULL)
    due = g_date_time_ref (tomorrow);

  follow_up = rapport_follow_up_new ();
  follow_up->customer_id = customer_id;
  follow_up->title = g_strdup (_("Get in touch"));
  follow_up->due = g_date_time_to_unix (due);
  follow_up->time_zone = g_strdup (g_time_zone_get_identifier (g_date_time_get_timezone (now)));

  if (!rapport_store_add_follow_up (rapport_context_get_store (self->context), follow_up, &error))
    report_action_error (self, _("Could not plan the follow-up"), error);
}

static void
autostart_set (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RapportApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  if (rapport_autostart_set_finish (result, &error))
    return;

  g_printerr ("rapport: %s\n", error->message);
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    rapport_window_toast_error (GTK_ROOT (window), _("Cannot run in the background"), error);
}

static void
run_in_background_changed (RapportApplication *self,
                           const char         *key,
                           GSettings          *settings)
{
  gboolean enabled = g_settings_get_boolean (settings, "run-in-background");

  rapport_autostart_set_async (gtk_application_get_active_window (GTK_APPLICATION (self)),
                               enabled, NULL, autostart_set, g_object_ref (self));

  /* Held from now on, so closing the window keeps the reminders. */
  if (enabled)
    hold_for_reminders (self, TRUE);
}

static void
rapport_application_window_added (GtkApplication *application,
                                  GtkWindow      *window)
{
  RapportApplication *self = RAPPORT_APPLICATION (application);

  GTK_APPLICATION_CLASS (rapport_application_parent_class)->window_added (application, window);

  /* The window's settings decide whether closing it keeps Rapport. */
  if (self->context != NULL && RAPPORT_IS_WINDOW (window) &&
      g_settings_get_boolean (rapport_context_get_settings (self->context), "run-in-background"))
    hold_for_reminders (self, TRUE);
}

static void
rapport_application_window_removed (GtkApplication *application,
                                    GtkWindow      *window)
{
  RapportApplication *self = RAPPORT_APPLICATION (application);

  GTK_APPLICATION_CLASS (rapport_application_parent_class)->window_removed (application, window);

  if (self->quitting && gtk_application_get_windows (application) == NULL)
    hold_for_reminders (self, FALSE);
}

static void
rapport_application_startup (GApplication *application)
{
  static const GActionEntry actions[] = {
    { "quit", quit_activated },
    { "open-customer", open_customer_activated, "x" },
    { "open-section", open_section_activated, "s" },
    { "follow-up-done", follow_up_done_activated, "x" },
    { "follow-up-snooze", follow_up_snooze_activated, "x" },
    { "plan-follow-up", plan_follow_up_activated, "x" },
  };
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.new-customer", { "<Control>n", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.log-interaction", { "<Control>l", NULL } },
    { "win.new-follow-up", { "<Control><Shift>n", NULL } },
    { "win.preferences", { "<Control>comma", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  /* AdwApplication loads style.css from the resource base path itself. */
  G_APPLICATION_CLASS (rapport_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions), application);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application), accels[i].action, accels[i].accels);
}

static void
rapport_application_shutdown (GApplication *application)
{
  RapportApplication *self = RAPPORT_APPLICATION (application);

  if (self->reminders != NULL)
    g_object_run_dispose (G_OBJECT (self->reminders));
  g_clear_object (&self->reminders);
  /* A sync under way is cancelled; its worker ends soon after. */
  if (self->sync_runner != NULL)
    g_object_run_dispose (G_OBJECT (self->sync_runner));
  g_clear_object (&self->sync_runner);

  G_APPLICATION_CLASS (rapport_application_parent_class)->shutdown (application);
}

static void
rapport_application_finalize (GObject *object)
{
  RapportApplication *self = (RapportApplication *)object;

  g_clear_object (&self->reminders);
  g_clear_object (&self->sync_runner);
  g_clear_object (&self->context);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (rapport_application_parent_class)->finalize (object);
}

static void
rapport_application_class_init (RapportApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->finalize = rapport_application_finalize;
  app_class->activate = rapport_application_activate;
  app_class->startup = rapport_application_startup;
  app_class->shutdown = rapport_application_shutdown;
  gtk_app_class->window_added = rapport_application_window_added;
  gtk_app_class->window_removed = rapport_application_window_removed;
  app_class->handle_local_options = rapport_application_handle_local_options;
}

static void
rapport_application_init (RapportApplication *self)
{
  static const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open this customer database instead of the default one"), N_("FILE") },
    { "background", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Run without a window, to keep reminders firing"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
}

RapportApplication *
rapport_application_new (void)
{
  return g_object_new (RAPPORT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/rapportcrm/Rapport",
                       NULL);
}

RapportContext *
rapport_application_get_context (RapportApplication *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPLICATION (self), NULL);

  return self->context;
}

RapportSyncRunner *
rapport_application_get_sync_runner (RapportApplication *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPLICATION (self), NULL);

  return self->sync_runner;
}
