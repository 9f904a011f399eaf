/* rapport-application.c
 *
 * The application: opens the database (--db PATH, else the default one),
 * owns the context, and presents the window.
 */

#define G_LOG_DOMAIN "rapport-application"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-application.h"
#include "rapport-window.h"

struct _RapportApplication
{
  AdwApplication  parent_instance;
  char           *db_path;
  RapportContext *context;
};

G_DEFINE_FINAL_TYPE (RapportApplication, rapport_application, ADW_TYPE_APPLICATION)

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

  return TRUE;
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
      show_open_error (self, error);
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

  return -1;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing each window lets it guard unsaved edits. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
rapport_application_startup (GApplication *application)
{
  static const GActionEntry actions[] = {
    { "quit", quit_activated },
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
rapport_application_finalize (GObject *object)
{
  RapportApplication *self = (RapportApplication *)object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (rapport_application_parent_class)->finalize (object);
}

static void
rapport_application_class_init (RapportApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = rapport_application_finalize;
  app_class->activate = rapport_application_activate;
  app_class->startup = rapport_application_startup;
  app_class->handle_local_options = rapport_application_handle_local_options;
}

static void
rapport_application_init (RapportApplication *self)
{
  static const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open this customer database instead of the default one"), N_("FILE") },
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
