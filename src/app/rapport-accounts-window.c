/* rapport-accounts-window.c
 *
 * Three pages in a stack: the accounts, the Add Account form and one
 * account's conflicts. Accounts are few, so each is one expander row
 * made here (not a recycled list). Everything that talks to a server or
 * to the Secret Service runs on a GTask worker thread with its own
 * connection to the database; the window's store only reads, and the
 * window re-reads it when a task is done.
 */

#define G_LOG_DOMAIN "rapport-accounts-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-account.h"
#include "rapport-accounts-window.h"
#include "rapport-application.h"
#include "rapport-sync.h"
#include "rapport-error.h"

/* Seconds between refreshes of "5 minutes ago". */
#define STATUS_REFRESH_S 30

const guint rapport_accounts_intervals[3] = { 15 * 60, 60 * 60, 4 * 60 * 60 };

struct _RapportAccountsWindow
{
  AdwWindow              parent_instance;

  RapportContext        *context;
  RapportSyncRunner     *runner;
  GCancellable          *cancellable;
  GPtrArray             *account_rows;      /* AdwExpanderRow in accounts_group */
  GPtrArray             *conflict_rows;     /* AdwActionRow in conflicts_group */
  GPtrArray             *set_aside_rows;    /* AdwActionRow in set_aside_group */
  gint64                 conflicts_account;
  RapportAccountChoices *choices;           /* while the user chooses collections */
  char                  *trusted;           /* the fingerprint the user trusted */
  guint                  status_source;
  gboolean               connecting;

  AdwWindowTitle        *window_title;
  GtkButton             *back_button;
  GtkButton             *add_button;
  AdwToastOverlay       *toast_overlay;
  GtkStack              *stack;
  AdwPreferencesGroup   *accounts_group;
  AdwActionRow          *empty_row;
  AdwEntryRow           *url_row;
  AdwEntryRow           *user_row;
  AdwPasswordEntryRow   *password_row;
  AdwPreferencesGroup   *choose_group;
  AdwComboRow           *book_row;
  AdwComboRow           *tasks_row;
  AdwComboRow           *history_row;
  GtkLabel              *add_error;
  GtkButton             *connect_button;
  GtkSpinner            *connect_spinner;
  AdwPreferencesGroup   *conflicts_group;
  AdwActionRow          *no_conflicts_row;
  AdwPreferencesGroup   *set_aside_group;
};

G_DEFINE_FINAL_TYPE (RapportAccountsWindow, rapport_accounts_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_RUNNER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh_accounts (RapportAccountsWindow *self);
static void show_conflicts   (RapportAccountsWindow *self,
                              gint64                 account_id);

/* Helpers */

guint
rapport_accounts_interval_index (guint interval)
{
  for (guint i = 0; i < G_N_ELEMENTS (rapport_accounts_intervals); i++)
    if (interval <= rapport_accounts_intervals[i])
      return i;

  return G_N_ELEMENTS (rapport_accounts_intervals) - 1;
}

static void
set_account_id (gpointer object,
                gint64   id)
{
  g_object_set_data_full (G_OBJECT (object), "account-id", g_memdup2 (&id, sizeof id), g_free);
}

static gint64
get_account_id (gpointer object)
{
  gint64 *id = g_object_get_data (G_OBJECT (object), "account-id");

  return id != NULL ? *id : 0;
}

static void
toast (RapportAccountsWindow *self,
       const char            *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
show_page (RapportAccountsWindow *self,
           const char            *name,
           const char            *subtitle)
{
  gboolean main_page = g_str_equal (name, "accounts");

  /* An entry that keeps the focus while its page goes away never hears
   * that it lost it. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !main_page);
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), main_page);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
}

static RapportAccount *
read_account (RapportAccountsWindow *self,
              gint64                 id)
{
  g_autoptr(GError) error = NULL;
  RapportAccount *account = rapport_account_get (rapport_context_get_store (self->context), id, &error);

  if (account == NULL)
    g_debug ("Account %" G_GINT64_FORMAT ": %s", id, error->message);

  return account;
}

static char *
dup_status (RapportAccountsWindow *self,
            const RapportAccount  *account)
{
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);

  if (rapport_sync_runner_is_syncing (self->runner, account->id))
    return g_strdup (_("Syncing…"));

  return rapport_account_dup_status_text (account, g_date_time_to_unix (now));
}

/* Account rows */

static void
update_account_row (RapportAccountsWindow *self,
                    GtkWidget             *row)
{
  g_autoptr(RapportAccount) account = read_account (self, get_account_id (row));
  g_autofree char *status = NULL;
  GtkWidget *spinner = g_object_get_data (G_OBJECT (row), "spinner");
  GtkWidget *sync_button = g_object_get_data (G_OBJECT (row), "sync-button");
  gboolean syncing;

  if (account == NULL)
    return;

  syncing = rapport_sync_runner_is_syncing (self->runner, account->id);
  status = dup_status (self, account);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), status);
  gtk_widget_set_visible (spinner, syncing);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), syncing);
  gtk_widget_set_sensitive (sync_button, !syncing);
}

static void
update_account_rows (RapportAccountsWindow *self)
{
  for (guint i = 0; i < self->account_rows->len; i++)
    update_account_row (self, g_ptr_array_index (self->account_rows, i));
}

static void
sync_now_clicked_cb (GtkButton             *button,
                     RapportAccountsWindow *self)
{
  rapport_sync_runner_sync (self->runner, get_account_id (button));
  update_account_rows (self);
}

static void
save_schedule (RapportAccountsWindow *self,
               GtkWidget             *row)
{
  g_autoptr(RapportAccount) account = read_account (self, get_account_id (row));
  g_autoptr(GError) error = NULL;
  GtkSwitch *auto_switch = g_object_get_data (G_OBJECT (row), "auto-switch");
  AdwComboRow *interval_row = g_object_get_data (G_OBJECT (row), "interval-row");
  guint index = adw_combo_row_get_selected (interval_row);

  if (account == NULL)
    return;

  account->auto_sync = gtk_switch_get_active (auto_switch);
  if (index < G_N_ELEMENTS (rapport_accounts_intervals))
    account->interval = rapport_accounts_intervals[index];
  gtk_widget_set_sensitive (GTK_WIDGET (interval_row), account->auto_sync);

  if (!rapport_account_update (rapport_context_get_store (self->context), account, &error))
    toast (self, error->message);
}

static void
auto_sync_changed_cb (GtkSwitch             *auto_switch,
                      GParamSpec            *pspec,
                      RapportAccountsWindow *self)
{
  save_schedule (self, g_object_get_data (G_OBJECT (auto_switch), "account-row"));
}

static void
interval_changed_cb (AdwComboRow           *combo,
                     GParamSpec            *pspec,
                     RapportAccountsWindow *self)
{
  save_schedule (self, g_object_get_data (G_OBJECT (combo), "account-row"));
}

static void
conflicts_activated_cb (AdwActionRow          *row,
                        RapportAccountsWindow *self)
{
  show_conflicts (self, get_account_id (row));
}

/* Removing an account: the secret and the rows, on a worker thread. */

static void
remove_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *path = g_object_get_data (G_OBJECT (task), "path");
  gint64 id = get_account_id (task);
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportAccount) account = NULL;
  GError *error = NULL;

  if ((store = rapport_store_open (path, &error)) == NULL ||
      (account = rapport_account_get (store, id, &error)) == NULL ||
      /* The secret first: a row without its secret can be removed again,
       * a secret without its row would stay behind for good. */
      !rapport_account_clear_password_sync (account, cancellable, &error) ||
      !rapport_account_remove (store, id, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
remove_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportAccountsWindow *self = RAPPORT_ACCOUNTS_WINDOW (object);
  g_autoptr(GError) error = NULL;

  /* Cancelled: the window is gone (disposed) or going. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
        toast (self, error->message);
      return;
    }

  refresh_accounts (self);
  toast (self, _("Account removed"));
}

static void
remove_response_cb (AdwMessageDialog      *dialog,
                    const char            *response,
                    RapportAccountsWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (!g_str_equal (response, "remove"))
    return;

  task = g_task_new (self, self->cancellable, remove_done_cb, NULL);
  g_task_set_source_tag (task, remove_response_cb);
  set_account_id (task, get_account_id (dialog));
  g_object_set_data_full (G_OBJECT (task), "path",
                          g_strdup (rapport_store_get_path (rapport_context_get_store (self->context))), g_free);
  g_task_run_in_thread (task, remove_thread);
}

static void
remove_clicked_cb (GtkButton             *button,
                   RapportAccountsWindow *self)
{
  g_autoptr(RapportAccount) account = read_account (self, get_account_id (button));
  GtkWidget *dialog;

  if (account == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove Account?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” and its password are removed from this computer. "
                                    "The customers and records synced through it stay here, "
                                    "and nothing is deleted on the server."),
                                  account->name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  set_account_id (dialog, account->id);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
make_account_row (RapportAccountsWindow *self,
                  const RapportAccount  *account,
                  guint                  n_conflicts,
                  guint                  n_set_aside)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *sync_row = adw_action_row_new ();
  GtkWidget *sync_button = gtk_button_new_with_mnemonic (_("_Sync Now"));
  GtkWidget *auto_row = adw_action_row_new ();
  GtkWidget *auto_switch = gtk_switch_new ();
  GtkWidget *interval_row = adw_combo_row_new ();
  GtkWidget *conflicts_row = adw_action_row_new ();
  GtkWidget *set_aside_row = adw_action_row_new ();
  GtkWidget *remove_row = adw_action_row_new ();
  GtkWidget *remove_button = gtk_button_new_with_mnemonic (_("_Remove…"));
  g_autoptr(GtkStringList) intervals = NULL;
  g_autofree char *server = NULL;
  g_autofree char *conflicts = NULL;
  g_autofree char *set_aside = NULL;
  const char *interval_names[] = {
    _("Every 15 minutes"),
    _("Every hour"),
    _("Every 4 hours"),
    NULL
  };

  set_account_id (row, account->id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), account->name);
  g_object_set_data (G_OBJECT (row), "spinner", spinner);
  g_object_set_data (G_OBJECT (row), "sync-button", sync_button);
  gtk_widget_set_visible (spinner, FALSE);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), spinner);

  /* Translators: the server address and the user name of an account */
  server = g_strdup_printf (_("%s as %s"), account->url, account->username);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (sync_row), _("Server"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (sync_row), server);
  gtk_widget_set_valign (sync_button, GTK_ALIGN_CENTER);
  set_account_id (sync_button, account->id);
  g_signal_connect_object (sync_button, "clicked", G_CALLBACK (sync_now_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (sync_row), sync_button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), sync_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (auto_row), _("Automatic Sync"));
  gtk_widget_set_valign (auto_switch, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (auto_switch), account->auto_sync);
  adw_action_row_add_suffix (ADW_ACTION_ROW (auto_row), auto_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (auto_row), auto_switch);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), auto_row);

  intervals = gtk_string_list_new (interval_names);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (interval_row), _("Sync Interval"));
  adw_combo_row_set_model (ADW_COMBO_ROW (interval_row), G_LIST_MODEL (intervals));
  adw_combo_row_set_selected (ADW_COMBO_ROW (interval_row), rapport_accounts_interval_index (account->interval));
  gtk_widget_set_sensitive (interval_row, account->auto_sync);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), interval_row);

  g_object_set_data (G_OBJECT (row), "auto-switch", auto_switch);
  g_object_set_data (G_OBJECT (row), "interval-row", interval_row);
  g_object_set_data (G_OBJECT (auto_switch), "account-row", row);
  g_object_set_data (G_OBJECT (interval_row), "account-row", row);
  g_signal_connect_object (auto_switch, "notify::active", G_CALLBACK (auto_sync_changed_cb), self, 0);
  g_signal_connect_object (interval_row, "notify::selected", G_CALLBACK (interval_changed_cb), self, 0);

  conflicts = n_conflicts == 0
                ? g_strdup (_("None"))
                : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u to resolve", "%u to resolve", n_conflicts),
                                   n_conflicts);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (conflicts_row), _("Conflicts"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (conflicts_row), conflicts);
  adw_action_row_add_suffix (ADW_ACTION_ROW (conflicts_row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (conflicts_row), TRUE);
  set_account_id (conflicts_row, account->id);
  g_signal_connect_object (conflicts_row, "activated", G_CALLBACK (conflicts_activated_cb), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), conflicts_row);

  /* What "N set aside" in the sync's result means, one step away. */
  set_aside = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u on the server, left untouched",
                                            "%u on the server, left untouched", n_set_aside),
                               n_set_aside);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (set_aside_row), _("Records Not Read"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (set_aside_row), set_aside);
  adw_action_row_add_suffix (ADW_ACTION_ROW (set_aside_row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (set_aside_row), TRUE);
  set_account_id (set_aside_row, account->id);
  g_signal_connect_object (set_aside_row, "activated", G_CALLBACK (conflicts_activated_cb), self, 0);
  gtk_widget_set_visible (set_aside_row, n_set_aside > 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), set_aside_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remove_row), _("Remove Account"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (remove_row),
                               _("The password is removed from the keyring; the records stay"));
  gtk_widget_set_valign (remove_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove_button, "destructive-action");
  set_account_id (remove_button, account->id);
  g_signal_connect_object (remove_button, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (remove_row), remove_button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), remove_row);

  update_account_row (self, row);
  return row;
}

static void
refresh_accounts (RapportAccountsWindow *self)
{
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->account_rows->len; i++)
    adw_preferences_group_remove (self->accounts_group, g_ptr_array_index (self->account_rows, i));
  g_ptr_array_set_size (self->account_rows, 0);

  accounts = rapport_account_list (store, &error);
  if (accounts == NULL)
    {
      toast (self, error->message);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->empty_row), accounts->len == 0);
  for (guint i = 0; i < accounts->len; i++)
    {
      const RapportAccount *account = g_ptr_array_index (accounts, i);
      g_autoptr(GPtrArray) conflicts = rapport_account_list_conflicts (store, account->id, NULL);
      g_autoptr(GPtrArray) set_aside = rapport_account_list_set_aside (store, account->id, NULL);
      GtkWidget *row = make_account_row (self, account, conflicts != NULL ? conflicts->len : 0,
                                         set_aside != NULL ? set_aside->len : 0);

      adw_preferences_group_add (self->accounts_group, row);
      g_ptr_array_add (self->account_rows, row);
    }
}

static void
runner_changed_cb (RapportSyncRunner     *runner,
                   gint64                 account_id,
                   RapportAccountsWindow *self)
{
  update_account_rows (self);
}

static void
runner_finished_cb (RapportSyncRunner     *runner,
                    gint64                 account_id,
                    RapportAccountsWindow *self)
{
  /* New conflicts may have come with the sync. */
  refresh_accounts (self);
  if (self->conflicts_account == account_id &&
      g_str_equal (gtk_stack_get_visible_child_name (self->stack), "conflicts"))
    show_conflicts (self, account_id);
}

static gboolean
status_refresh_cb (gpointer user_data)
{
  update_account_rows (RAPPORT_ACCOUNTS_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

/* Conflicts */

static void
keep_server_clicked_cb (GtkButton             *button,
                        RapportAccountsWindow *self)
{
  g_autoptr(GError) error = NULL;
  gint64 *conflict_id = g_object_get_data (G_OBJECT (button), "conflict-id");

  if (!rapport_account_keep_server_version (rapport_context_get_store (self->context), *conflict_id, &error))
    toast (self, error->message);
  else
    toast (self, _("Kept the server’s version"));

  show_conflicts (self, self->conflicts_account);
}

/* The local version's conflicting fields come back, and go to the server
 * at the next sync. */
static void
use_mine_clicked_cb (GtkButton             *button,
                     RapportAccountsWindow *self)
{
  g_autoptr(GError) error = NULL;
  gint64 *conflict_id = g_object_get_data (G_OBJECT (button), "conflict-id");

  if (!rapport_sync_resolve_conflict (rapport_context_get_store (self->context), *conflict_id, TRUE, &error))
    toast (self, error->message);
  else
    {
      rapport_account_notify_synced (rapport_context_get_store (self->context));
      toast (self, _("Your version is back and goes to the server at the next sync"));
    }

  show_conflicts (self, self->conflicts_account);
}

/* "emails,phones" as the user reads it: "email, phone". */
static char *
dup_fields_label (const char *fields)
{
  static const struct { const char *field; const char *label; } labels[] = {
    { "kind", N_("kind") }, { "display_name", N_("name") }, { "given_name", N_("given name") },
    { "family_name", N_("family name") }, { "organization", N_("organization") },
    { "job_title", N_("job title") }, { "form_of_address", N_("form of address") },
    { "first_name_basis", N_("first-name basis") }, { "language", N_("language") },
    { "time_zone", N_("time zone") }, { "country", N_("country") },
    { "preferred_channel", N_("preferred channel") }, { "best_time", N_("best time") },
    { "cultural_notes", N_("cultural notes") }, { "notes", N_("notes") }, { "emails", N_("email") },
    { "phones", N_("phone") }, { "addresses", N_("address") }, { "types", N_("customer types") },
    { "title", N_("title") }, { "due", N_("due") }, { "state", N_("state") },
    { "priority", N_("priority") }, { "rrule", N_("repeat") }, { "subject", N_("subject") },
    { "body", N_("text") }, { "customer", N_("customer") }, { "snoozed_until", N_("snooze") },
    { "completed_at", N_("completion") }, { "when", N_("date") }, { "channel", N_("channel") },
    { "direction", N_("direction") }, { "contact_name", N_("contact") },
    { "contact_point", N_("contact point") }, { "action_requested", N_("action requested") },
    { "action_promised", N_("action promised") }, { "recorded_by", N_("recorded by") },
    { "handle_time", N_("handle time") }, { "outcome", N_("outcome") },
    { "phonetic_name", N_("phonetic name") }, { "consent", N_("marketing consent") },
  };
  g_auto(GStrv) names = g_strsplit (fields, ",", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *label = names[i];

      for (guint j = 0; j < G_N_ELEMENTS (labels); j++)
        if (g_str_equal (labels[j].field, names[i]))
          label = _(labels[j].label);

      if (out->len > 0)
        /* Translators: the separator between field names in a list */
        g_string_append (out, _(", "));
      g_string_append (out, label);
    }

  return g_string_free (out, FALSE);
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "follow-up") == 0)
    return _("Follow-up");
  if (g_strcmp0 (kind, "notice") == 0)
    return _("Renewal notice");
  if (g_strcmp0 (kind, "interaction") == 0)
    return _("Contact history");
  return _("Customer");
}

static void
show_conflicts (RapportAccountsWindow *self,
                gint64                 account_id)
{
  g_autoptr(RapportAccount) account = read_account (self, account_id);
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) set_aside = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->conflict_rows->len; i++)
    adw_preferences_group_remove (self->conflicts_group, g_ptr_array_index (self->conflict_rows, i));
  g_ptr_array_set_size (self->conflict_rows, 0);
  for (guint i = 0; i < self->set_aside_rows->len; i++)
    adw_preferences_group_remove (self->set_aside_group, g_ptr_array_index (self->set_aside_rows, i));
  g_ptr_array_set_size (self->set_aside_rows, 0);

  if (account == NULL)
    {
      show_page (self, "accounts", NULL);
      return;
    }

  self->conflicts_account = account_id;
  conflicts = rapport_account_list_conflicts (rapport_context_get_store (self->context), account_id, &error);
  if (conflicts == NULL)
    {
      toast (self, error->message);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->no_conflicts_row), conflicts->len == 0);
  for (guint i = 0; i < conflicts->len; i++)
    {
      const RapportAccountConflict *conflict = g_ptr_array_index (conflicts, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *keep_server = gtk_button_new_with_mnemonic (_("Keep _Server Version"));
      GtkWidget *use_mine = gtk_button_new_with_mnemonic (_("Use _My Version"));
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (conflict->created);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
      /* Translators: a date and time in strftime format */
      g_autofree char *when = local != NULL ? g_date_time_format (local, _("%Y-%m-%d %H:%M")) : g_strdup ("");
      g_autofree char *subtitle = NULL;

      if (conflict->fields != NULL)
        {
          g_autofree char *fields = dup_fields_label (conflict->fields);

          /* Translators: the kind of record, when, and the fields changed on both sides */
          subtitle = g_strdup_printf (_("%s · %s · changed on both sides: %s"),
                                      kind_label (conflict->kind), when, fields);
        }
      else
        /* Translators: the kind of record and when */
        subtitle = g_strdup_printf (_("%s · %s"), kind_label (conflict->kind), when);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     conflict->record_name != NULL ? conflict->record_name : _("A deleted record"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      g_object_set_data_full (G_OBJECT (keep_server), "conflict-id",
                              g_memdup2 (&conflict->id, sizeof conflict->id), g_free);
      g_signal_connect_object (keep_server, "clicked", G_CALLBACK (keep_server_clicked_cb), self, 0);
      g_object_set_data_full (G_OBJECT (use_mine), "conflict-id",
                              g_memdup2 (&conflict->id, sizeof conflict->id), g_free);
      g_signal_connect_object (use_mine, "clicked", G_CALLBACK (use_mine_clicked_cb), self, 0);
      gtk_widget_set_tooltip_text (use_mine, _("Put your version back; it goes to the server at the next sync"));
      gtk_box_append (GTK_BOX (box), keep_server);
      gtk_box_append (GTK_BOX (box), use_mine);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

      adw_preferences_group_add (self->conflicts_group, row);
      g_ptr_array_add (self->conflict_rows, row);
    }

  set_aside = rapport_account_list_set_aside (rapport_context_get_store (self->context), account_id, &error);
  if (set_aside == NULL)
    {
      toast (self, error->message);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->set_aside_group), set_aside->len > 0);
  for (guint i = 0; i < set_aside->len; i++)
    {
      const RapportAccountSetAside *item = g_ptr_array_index (set_aside, i);
      g_autofree char *name = rapport_account_set_aside_dup_name (item);
      /* Translators: the kind of record and why it could not be read */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), kind_label (item->kind), item->reason);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_tooltip_text (row, item->href);
      adw_preferences_group_add (self->set_aside_group, row);
      g_ptr_array_add (self->set_aside_rows, row);
    }

  show_page (self, "conflicts", account->name);
}

/* Adding an account */

typedef struct
{
  char *path;
  char *url;
  char *user;
  char *password;
  char *book;
  char *tasks;
  char *history;
  char *trusted;
} SetupData;

typedef struct
{
  RapportAccount        *account;
  RapportAccountChoices *choices;
  char                  *fingerprint;
  GError                *error;
} SetupResult;

static void
setup_data_free (SetupData *data)
{
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data->path);
  g_free (data->url);
  g_free (data->user);
  g_free (data->book);
  g_free (data->tasks);
  g_free (data->history);
  g_free (data->trusted);
  g_free (data);
}

static void
setup_result_free (SetupResult *result)
{
  g_clear_pointer (&result->account, rapport_account_free);
  g_clear_pointer (&result->choices, rapport_account_choices_free);
  g_clear_pointer (&result->fingerprint, g_free);
  g_clear_error (&result->error);
  g_free (result);
}

static void
setup_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SetupData *data = task_data;
  SetupResult *result = g_new0 (SetupResult, 1);
  g_autoptr(RapportStore) store = NULL;
  RapportAccountSetup setup = {
    .url = data->url,
    .username = data->user,
    .password = data->password,
    .address_book_url = data->book,
    .tasks_url = data->tasks,
    .history_url = data->history,
    .trusted_certificate = data->trusted,
    .timeout = 30,
  };

  store = rapport_store_open (data->path, &result->error);
  if (store != NULL)
    result->account = rapport_account_setup_sync (store, &setup, &result->choices, &result->fingerprint,
                                                  cancellable, &result->error);

  g_task_return_pointer (task, result, (GDestroyNotify) setup_result_free);
}

static void
set_connecting (RapportAccountsWindow *self,
                gboolean               connecting)
{
  self->connecting = connecting;
  if (connecting)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->connect_spinner), connecting);
  gtk_spinner_set_spinning (self->connect_spinner, connecting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), !connecting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !connecting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !connecting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !connecting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_group), !connecting);
}

static void
show_add_message (RapportAccountsWindow *self,
                  const char            *message,
                  gboolean               is_error)
{
  gtk_label_set_text (self->add_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->add_error), message != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->add_error), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->add_error), "error");
}

static void
show_add_error (RapportAccountsWindow *self,
                const char            *message)
{
  show_add_message (self, message, TRUE);
}

static void connect_clicked_cb (RapportAccountsWindow *self);

static void
trust_response_cb (AdwMessageDialog      *dialog,
                   const char            *response,
                   RapportAccountsWindow *self)
{
  if (!g_str_equal (response, "trust"))
    return;

  g_free (self->trusted);
  self->trusted = g_strdup (g_object_get_data (G_OBJECT (dialog), "fingerprint"));
  connect_clicked_cb (self);
}

static void
ask_to_trust (RapportAccountsWindow *self,
              const char            *fingerprint)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Untrusted Certificate"), NULL);
  /* The fingerprint in a fixed-width font, to compare it column by
   * column; the arguments are escaped. */
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), TRUE);
  adw_message_dialog_format_body_markup (ADW_MESSAGE_DIALOG (dialog), "%s\n\n<tt>%s</tt>",
                                         _("This computer cannot confirm that the server is the one it claims "
                                           "to be: its certificate is not signed by an authority this computer "
                                           "knows. Trust it only if the server’s administrator confirms this "
                                           "SHA-256 fingerprint:"),
                                         fingerprint);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust This Certificate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "fingerprint", g_strdup (fingerprint), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (trust_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
other_address_response_cb (AdwMessageDialog      *dialog,
                           const char            *response,
                           RapportAccountsWindow *self)
{
  if (!g_str_equal (response, "use"))
    return;

  /* The address the user now gives: the one requests and the password
   * go to. */
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), g_object_get_data (G_OBJECT (dialog), "url"));
  connect_clicked_cb (self);
}

static void
ask_to_use_address (RapportAccountsWindow *self,
                    const char            *url)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Another Address"), NULL);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), TRUE);
  adw_message_dialog_format_body_markup (ADW_MESSAGE_DIALOG (dialog), "%s\n\n<tt>%s</tt>",
                                         _("The server sends Rapport to another address. Your password "
                                           "goes only to the address you enter: use this one only if you "
                                           "know it belongs to your server or your provider."),
                                         url);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "use", _("_Use This Address"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "use", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "url", g_strdup (url), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (other_address_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GListModel *
choice_model (GPtrArray *collections)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < collections->len; i++)
    {
      const RapportDavCollection *collection = g_ptr_array_index (collections, i);
      g_autofree char *label = NULL;

      if (collection->name != NULL && *collection->name != '\0')
        /* Translators: a collection's name and its address */
        label = g_strdup_printf (_("%s (%s)"), collection->name, collection->url);
      else
        label = g_strdup (collection->url);
      gtk_string_list_append (list, label);
    }

  return G_LIST_MODEL (list);
}

static void
show_choices (RapportAccountsWindow *self)
{
  g_autoptr(GListModel) books = choice_model (self->choices->address_books);
  g_autoptr(GListModel) tasks = choice_model (self->choices->task_calendars);
  /* No "new calendar" entry: the setup makes one only where the server
   * has no journal calendar, and this row shows only where it has several. */
  g_autoptr(GListModel) history = choice_model (self->choices->history_calendars);

  adw_combo_row_set_model (self->book_row, books);
  adw_combo_row_set_model (self->tasks_row, tasks);
  adw_combo_row_set_model (self->history_row, history);
  gtk_widget_set_visible (GTK_WIDGET (self->book_row), self->choices->address_books->len > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->tasks_row), self->choices->task_calendars->len > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->history_row), self->choices->history_calendars->len > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->choose_group), TRUE);
}

/* The URL chosen in @row, or NULL where no choice was asked for. */
static char *
dup_choice (AdwComboRow *row,
            GPtrArray   *collections)
{
  guint selected = adw_combo_row_get_selected (row);
  const RapportDavCollection *collection;

  if (!gtk_widget_get_visible (GTK_WIDGET (row)) || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  if (selected >= collections->len)
    return NULL;

  collection = g_ptr_array_index (collections, selected);
  return g_strdup (collection->url);
}

static void
setup_done_cb (GObject      *object,
               GAsyncResult *task,
               gpointer      user_data)
{
  RapportAccountsWindow *self = RAPPORT_ACCOUNTS_WINDOW (object);
  SetupResult *result = NULL;
  g_autofree char *added = NULL;

  /* Cancelled: the window is gone (disposed) or going. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (task))))
    return;

  result = g_task_propagate_pointer (G_TASK (task), NULL);
  set_connecting (self, FALSE);
  if (result == NULL)
    return;

  if (result->account != NULL)
    {
      gint64 id = result->account->id;

      /* Translators: %s is the account's name */
      added = g_strdup_printf (_("Added %s"), result->account->name);
      g_clear_pointer (&self->choices, rapport_account_choices_free);
      g_clear_pointer (&self->trusted, g_free);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      refresh_accounts (self);
      show_page (self, "accounts", NULL);
      toast (self, added);
      rapport_sync_runner_sync (self->runner, id);
      setup_result_free (result);
      return;
    }

  if (g_error_matches (result->error, RAPPORT_ERROR, RAPPORT_ERROR_CANCELLED) ||
      g_error_matches (result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      setup_result_free (result);
      return;
    }

  if (result->fingerprint != NULL)
    {
      show_add_error (self, NULL);
      ask_to_trust (self, result->fingerprint);
    }
  else if (rapport_dav_error_get_url (result->error) != NULL)
    {
      show_add_error (self, result->error->message);
      ask_to_use_address (self, rapport_dav_error_get_url (result->error));
    }
  else if (result->choices != NULL)
    {
      rapport_account_choices_free (self->choices);
      self->choices = g_steal_pointer (&result->choices);
      show_choices (self);
      show_add_message (self, _("Choose the address book and calendars above, then connect again."), FALSE);
    }
  else
    show_add_error (self, result->error->message);

  setup_result_free (result);
}

static void
connect_clicked_cb (RapportAccountsWindow *self)
{
  g_autoptr(GTask) task = NULL;
  SetupData *data;
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->connecting)
    return;

  if (strspn (url, " \t\n") == strlen (url))
    {
      show_add_error (self, _("Enter the server’s address."));
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
      return;
    }
  if (*user == '\0')
    {
      show_add_error (self, _("Enter your user name on the server."));
      gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
      return;
    }
  if (*password == '\0')
    {
      show_add_error (self, _("Enter your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  data = g_new0 (SetupData, 1);
  data->path = g_strdup (rapport_store_get_path (rapport_context_get_store (self->context)));
  data->url = g_strstrip (g_strdup (url));
  data->user = g_strdup (user);
  data->password = g_strdup (password);
  data->trusted = g_strdup (self->trusted);
  if (self->choices != NULL)
    {
      data->book = dup_choice (self->book_row, self->choices->address_books);
      data->tasks = dup_choice (self->tasks_row, self->choices->task_calendars);
      data->history = dup_choice (self->history_row, self->choices->history_calendars);
    }

  show_add_error (self, NULL);
  set_connecting (self, TRUE);

  task = g_task_new (self, self->cancellable, setup_done_cb, NULL);
  g_task_set_source_tag (task, connect_clicked_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) setup_data_free);
  g_task_run_in_thread (task, setup_thread);
}

static void
reset_add_form (RapportAccountsWindow *self)
{
  g_clear_pointer (&self->choices, rapport_account_choices_free);
  g_clear_pointer (&self->trusted, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->choose_group), FALSE);
  show_add_error (self, NULL);
}

static void
add_clicked_cb (RapportAccountsWindow *self)
{
  if (!self->connecting)
    reset_add_form (self);
  show_page (self, "add", _("Add Account"));
  gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
}

static void
back_clicked_cb (RapportAccountsWindow *self)
{
  show_page (self, "accounts", NULL);
}

/* Overrides */

static void
rapport_accounts_window_constructed (GObject *object)
{
  RapportAccountsWindow *self = RAPPORT_ACCOUNTS_WINDOW (object);

  G_OBJECT_CLASS (rapport_accounts_window_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  if (self->runner == NULL)
    self->runner = rapport_sync_runner_new (self->context);

  g_signal_connect_object (self->runner, "started", G_CALLBACK (runner_changed_cb), self, 0);
  g_signal_connect_object (self->runner, "finished", G_CALLBACK (runner_finished_cb), self, 0);
  self->status_source = g_timeout_add_seconds (STATUS_REFRESH_S, status_refresh_cb, self);

  refresh_accounts (self);
}

static void
rapport_accounts_window_dispose (GObject *object)
{
  RapportAccountsWindow *self = RAPPORT_ACCOUNTS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->status_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_ACCOUNTS_WINDOW);

  g_clear_pointer (&self->account_rows, g_ptr_array_unref);
  g_clear_pointer (&self->conflict_rows, g_ptr_array_unref);
  g_clear_pointer (&self->set_aside_rows, g_ptr_array_unref);
  g_clear_pointer (&self->choices, rapport_account_choices_free);
  g_clear_pointer (&self->trusted, g_free);
  g_clear_object (&self->runner);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rapport_accounts_window_parent_class)->dispose (object);
}

static void
rapport_accounts_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RapportAccountsWindow *self = RAPPORT_ACCOUNTS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_RUNNER:
      g_value_set_object (value, self->runner);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_accounts_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  RapportAccountsWindow *self = RAPPORT_ACCOUNTS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_RUNNER:
      self->runner = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_accounts_window_class_init (RapportAccountsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rapport_accounts_window_constructed;
  object_class->dispose = rapport_accounts_window_dispose;
  object_class->get_property = rapport_accounts_window_get_property;
  object_class->set_property = rapport_accounts_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RAPPORT_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RUNNER] =
    g_param_spec_object ("runner", NULL, NULL,
                         RAPPORT_TYPE_SYNC_RUNNER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-accounts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, empty_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, choose_group);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, book_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, tasks_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, history_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, add_error);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, connect_spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, conflicts_group);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, no_conflicts_row);
  gtk_widget_class_bind_template_child (widget_class, RapportAccountsWindow, set_aside_group);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
}

static void
rapport_accounts_window_init (RapportAccountsWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->account_rows = g_ptr_array_new ();
  self->conflict_rows = g_ptr_array_new ();
  self->set_aside_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
rapport_accounts_window_new (GtkWindow         *parent,
                             RapportContext    *context,
                             RapportSyncRunner *runner)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (runner == NULL || RAPPORT_IS_SYNC_RUNNER (runner), NULL);

  return g_object_new (RAPPORT_TYPE_ACCOUNTS_WINDOW,
                       "transient-for", parent,
                       "context", context,
                       "runner", runner,
                       NULL);
}

/* The hook in the main window */

static void
accounts_activated_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkWindow *window = GTK_WINDOW (user_data);
  GtkApplication *application = gtk_window_get_application (window);
  RapportContext *context = g_object_get_data (G_OBJECT (window), "rapport-accounts-context");
  RapportSyncRunner *runner = NULL;

  /* The application's runner, which syncs with or without a window. */
  if (RAPPORT_IS_APPLICATION (application))
    runner = rapport_application_get_sync_runner (RAPPORT_APPLICATION (application));

  gtk_window_present (rapport_accounts_window_new (window, context, runner));
}

void
rapport_accounts_window_attach (GtkApplicationWindow *window,
                                RapportContext       *context)
{
  g_autoptr(GSimpleAction) action = NULL;

  g_return_if_fail (GTK_IS_APPLICATION_WINDOW (window));
  g_return_if_fail (RAPPORT_IS_CONTEXT (context));

  g_object_set_data_full (G_OBJECT (window), "rapport-accounts-context",
                          g_object_ref (context), g_object_unref);

  action = g_simple_action_new ("accounts", NULL);
  g_signal_connect_object (action, "activate", G_CALLBACK (accounts_activated_cb), window, 0);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
}
