/* test-accounts-ui.c
 *
 * The Sync Accounts window under Xvfb, against a real Radicale on
 * 127.0.0.1 and a throwaway gnome-keyring on a private bus (the test runs
 * itself under dbus-run-session, tests/keyring-fixture.c). Widgets are
 * found by their titles and labels, as a user finds them.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "hostile-server.h"
#include "keyring-fixture.h"
#include "radicale-fixture.h"
#include "rapport-account.h"
#include "rapport-accounts-window.h"
#include "rapport-context.h"
#include "rapport-resources.h"
#include "rapport-sync-runner.h"
#include "rapport-window.h"
#include "ui-util.h"

typedef struct
{
  char              *dir;
  char              *path;
  RapportStore      *store;
  RapportContext    *context;
  RapportSyncRunner *runner;
  RadicaleFixture   *server;
  GtkWindow         *window;
} Fixture;

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
open_window (Fixture *fixture)
{
  fixture->window = rapport_accounts_window_new (NULL, fixture->context, fixture->runner);
  gtk_window_present (fixture->window);
  ui_wait_until (window_mapped, fixture->window, 5, "the window is shown");
  ui_settle (200);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  int server = GPOINTER_TO_INT (data);

  fixture->dir = g_dir_make_tmp ("rapport-accounts-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "rapport.db", NULL);
  fixture->store = rapport_store_open (fixture->path, &error);
  g_assert_no_error (error);
  settings = g_settings_new ("io.github.rapportcrm.Rapport");
  fixture->context = rapport_context_new (fixture->store, settings);
  fixture->runner = rapport_sync_runner_new (fixture->context);
  rapport_sync_runner_set_automatic (fixture->runner, FALSE);

  if (server != 0)
    {
      fixture->server = radicale_fixture_new (server == 2, &error);
      g_assert_no_error (error);
    }
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)))
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (dir);
}

static gboolean
runner_idle (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GPtrArray) accounts = rapport_account_list (fixture->store, NULL);

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    if (rapport_sync_runner_is_syncing (fixture->runner,
                                        ((RapportAccount *) g_ptr_array_index (accounts, i))->id))
      return FALSE;

  return TRUE;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) accounts = rapport_account_list (fixture->store, NULL);

  ui_wait_until (runner_idle, fixture, 60, "the syncs are over");
  if (fixture->window != NULL)
    gtk_window_destroy (fixture->window);
  ui_settle (200);

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    rapport_account_clear_password_sync (g_ptr_array_index (accounts, i), NULL, NULL);

  g_clear_object (&fixture->runner);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->server, radicale_fixture_free);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Widgets */

static gboolean
shows_text (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         strstr (gtk_label_get_label (GTK_LABEL (widget)), data) != NULL;
}

static void
click (GtkWidget *button)
{
  g_signal_emit_by_name (button, "clicked");
  ui_settle (200);
}

static void
set_row (Fixture    *fixture,
         const char *title,
         const char *text)
{
  GtkWidget *row = ui_must_find (GTK_WIDGET (fixture->window), ui_is_row_titled, title, title);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Store */

static gint64
insert_account (Fixture    *fixture,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = g_new0 (RapportAccount, 1);
  RapportAccountCollection *collection = g_new0 (RapportAccountCollection, 1);

  account->collections = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_account_collection_free);
  account->name = g_strdup (name);
  account->url = g_strdup ("https://dav.example.com/");
  account->username = g_strdup ("amara");
  account->interval = 900;
  account->auto_sync = TRUE;
  collection->purpose = RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS;
  collection->url = g_strdup ("https://dav.example.com/amara/book/");
  g_ptr_array_add (account->collections, collection);
  g_assert_true (rapport_account_insert (fixture->store, account, &error));
  g_assert_no_error (error);

  return account->id;
}

static RapportAccount *
only_account (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = rapport_account_list (fixture->store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  return rapport_account_copy (g_ptr_array_index (accounts, 0));
}

static guint
count_accounts (Fixture *fixture)
{
  g_autoptr(GPtrArray) accounts = rapport_account_list (fixture->store, NULL);

  return accounts != NULL ? accounts->len : 0;
}

static gboolean
has_account (gpointer data)
{
  return count_accounts (data) > 0;
}

static gboolean
has_no_account (gpointer data)
{
  return count_accounts (data) == 0;
}

static gboolean
add_error_shown (gpointer data)
{
  Fixture *fixture = data;

  return ui_find_widget (GTK_WIDGET (fixture->window), shows_text, "user name or password") != NULL;
}

static void
fill_add_form (Fixture    *fixture,
               const char *password)
{
  click (ui_must_find (GTK_WIDGET (fixture->window), ui_is_button_with_tooltip, "Add Account", "the Add Account button"));
  set_row (fixture, "Server Address", fixture->server->url);
  set_row (fixture, "User Name", RADICALE_USER);
  set_row (fixture, "Password", password);
}

/* Tests */

static void
test_lists_accounts_and_saves_the_schedule (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_autoptr(RapportAccount) account = NULL;
  GtkWidget *row;
  GtkWidget *auto_row;
  GtkWidget *interval_row;

  open_window (fixture);
  g_assert_nonnull (ui_find_widget (GTK_WIDGET (fixture->window), ui_is_row_titled, "No Accounts"));
  gtk_window_destroy (fixture->window);
  ui_settle (200);

  insert_account (fixture, "Work server");
  open_window (fixture);
  g_assert_null (ui_find_widget (GTK_WIDGET (fixture->window), ui_is_row_titled, "No Accounts"));
  row = ui_must_find (GTK_WIDGET (fixture->window), ui_is_expander_titled, "Work server", "the account's row");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==, "Not synced yet.");

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  ui_settle (200);
  auto_row = ui_must_find (row, ui_is_row_titled, "Automatic Sync", "the automatic sync row");
  interval_row = ui_must_find (row, ui_is_row_titled, "Sync Interval", "the interval row");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (interval_row)), ==, 0);

  adw_combo_row_set_selected (ADW_COMBO_ROW (interval_row), 2);
  ui_settle (200);
  account = only_account (fixture);
  g_assert_cmpuint (account->interval, ==, 4 * 3600);
  g_assert_true (account->auto_sync);
  g_clear_pointer (&account, rapport_account_free);

  gtk_widget_activate (auto_row);
  ui_settle (200);
  account = only_account (fixture);
  g_assert_false (account->auto_sync);
  g_assert_cmpuint (account->interval, ==, 4 * 3600);
  g_assert_false (gtk_widget_get_sensitive (interval_row));
}

static void
test_add_account_then_sync (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  char *password;

  open_window (fixture);
  fill_add_form (fixture, RADICALE_PASSWORD);
  click (ui_must_find (GTK_WIDGET (fixture->window), ui_is_button_labelled, "_Connect", "Connect"));
  ui_wait_until (has_account, fixture, 60, "the account is added");
  ui_wait_until (runner_idle, fixture, 60, "the first sync is over");
  ui_settle (200);

  account = only_account (fixture);
  g_assert_cmpstr (account->username, ==, RADICALE_USER);
  g_assert_cmpuint (account->collections->len, ==, 3);
  password = rapport_account_lookup_password_sync (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, RADICALE_PASSWORD);
  rapport_account_password_free (password);
  /* The first sync ran and its result is shown. */
  g_assert_cmpint (account->last_sync, >, 0);

  row = ui_must_find (GTK_WIDGET (fixture->window), ui_is_expander_titled, account->name, "the new account's row");
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "(just now)"));
}

static void
test_wrong_password_inline (Fixture       *fixture,
                            gconstpointer  data)
{
  open_window (fixture);
  fill_add_form (fixture, "not it");
  click (ui_must_find (GTK_WIDGET (fixture->window), ui_is_button_labelled, "_Connect", "Connect"));
  ui_wait_until (add_error_shown, fixture, 60, "the error is shown");
  g_assert_cmpuint (count_accounts (fixture), ==, 0);
  g_assert_null (ui_find_widget (GTK_WIDGET (fixture->window), shows_text, "not it"));

  /* Empty fields are caught before the server is asked. */
  set_row (fixture, "Password", "");
  click (ui_must_find (GTK_WIDGET (fixture->window), ui_is_button_labelled, "_Connect", "Connect"));
  g_assert_nonnull (ui_find_widget (GTK_WIDGET (fixture->window), shows_text, "Enter your password."));
}

static void
test_untrusted_certificate_asks (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *fingerprint = radicale_fixture_openssl_fingerprint (fixture->server);
  g_autoptr(RapportAccount) account = NULL;
  AdwMessageDialog *dialog;

  open_window (fixture);
  fill_add_form (fixture, RADICALE_PASSWORD);
  click (ui_must_find (GTK_WIDGET (fixture->window), ui_is_button_labelled, "_Connect", "Connect"));
  ui_wait_until (ui_dialog_shown, NULL, 60, "the certificate is shown");

  dialog = ui_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Untrusted Certificate");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), fingerprint));
  g_assert_cmpuint (count_accounts (fixture), ==, 0);

  adw_message_dialog_response (dialog, "trust");
  ui_wait_until (has_account, fixture, 60, "the account is added");
  account = only_account (fixture);
  g_assert_cmpstr (account->certificate, ==, fingerprint);
}

static void
test_other_address_asks_then_uses_it (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(HostileServer) front = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *start = NULL;
  g_autofree char *target = radicale_fixture_url (fixture->server, "/");
  AdwMessageDialog *dialog;

  /* A server on another port that sends everyone to Radicale. */
  front = hostile_server_new (&error);
  g_assert_no_error (error);
  hostile_server_set_redirect (front, target);
  start = hostile_server_url (front, "/other/");

  open_window (fixture);
  fill_add_form (fixture, RADICALE_PASSWORD);
  set_row (fixture, "Server Address", start);
  click (ui_must_find (GTK_WIDGET (fixture->window), ui_is_button_labelled, "_Connect", "Connect"));
  ui_wait_until (ui_dialog_shown, NULL, 60, "the other address is shown");

  dialog = ui_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Another Address");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), target));
  g_assert_cmpuint (count_accounts (fixture), ==, 0);
  g_assert_cmpuint (hostile_server_get_authorized (front), ==, 0);

  adw_message_dialog_response (dialog, "use");
  ui_wait_until (has_account, fixture, 60, "the account is added");
  account = only_account (fixture);
  g_assert_cmpstr (account->url, ==, target);
}

static void
test_remove_asks_and_clears_the_secret (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  RapportAccountSetup setup = {
    .url = fixture->server->url,
    .username = RADICALE_USER,
    .password = RADICALE_PASSWORD,
  };
  GtkWidget *row;
  AdwMessageDialog *dialog;
  char *password;

  account = rapport_account_setup_sync (fixture->store, &setup, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  open_window (fixture);
  row = ui_must_find (GTK_WIDGET (fixture->window), ui_is_expander_titled, account->name, "the account's row");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  ui_settle (200);
  click (ui_must_find (row, ui_is_button_labelled, "_Remove…", "Remove"));
  ui_wait_until (ui_dialog_shown, NULL, 5, "the confirmation is shown");
  dialog = ui_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Remove Account?");

  /* Cancel keeps it. */
  adw_message_dialog_response (dialog, "cancel");
  ui_settle (200);
  g_assert_cmpuint (count_accounts (fixture), ==, 1);

  click (ui_must_find (row, ui_is_button_labelled, "_Remove…", "Remove"));
  ui_wait_until (ui_dialog_shown, NULL, 5, "the confirmation is shown");
  adw_message_dialog_response (ui_find_dialog (), "remove");
  ui_wait_until (has_no_account, fixture, 30, "the account is removed");
  password = rapport_account_lookup_password_sync (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (password);
  ui_settle (200);
  g_assert_nonnull (ui_find_widget (GTK_WIDGET (fixture->window), ui_is_row_titled, "No Accounts"));
}

/* A conflict copy per customer: @fields changed on both sides, the local
 * version with @email. */
static void
insert_conflict (Fixture         *fixture,
                 gint64           account_id,
                 RapportCustomer *customer,
                 const char      *email,
                 const char      *fields)
{
  g_autofree char *card = NULL;
  char *sql;
  sqlite3 *db = NULL;

  card = g_strdup_printf ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:%s\r\nFN:%s\r\n"
                          "N:Okafor;Amara;;;\r\nEMAIL:%s\r\nEND:VCARD\r\n",
                          customer->uid, customer->display_name, email);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  sql = sqlite3_mprintf ("INSERT INTO sync_conflict (collection_id, local_uid, local_copy, created, kind, fields)"
                         " SELECT id, %Q, %Q, 1764000000, 'customer', %Q"
                         " FROM sync_collection WHERE account_id = %lld AND purpose = 'customers'",
                         customer->uid, card, fields, (long long) account_id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
  sqlite3_close (db);
}

static void
test_conflicts_list (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportCustomer) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open_conflicts = NULL;
  gint64 account_id = insert_account (fixture, "Team");
  GtkWidget *conflicts_row;
  GtkWidget *row;

  customer->display_name = g_strdup ("Amara Okafor");
  customer->given_name = g_strdup ("Amara");
  customer->family_name = g_strdup ("Okafor");
  rapport_customer_add_email (customer, "amara@server.example", NULL, TRUE);
  g_assert_true (rapport_store_add_customer (fixture->store, customer, &error));
  g_assert_no_error (error);
  insert_conflict (fixture, account_id, customer, "amara@other.example", "emails,phones");

  open_window (fixture);
  row = ui_must_find (GTK_WIDGET (fixture->window), ui_is_expander_titled, "Team", "the account's row");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  ui_settle (200);
  conflicts_row = ui_must_find (row, ui_is_row_titled, "Conflicts", "the conflicts row");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (conflicts_row)), ==, "1 to resolve");
  gtk_widget_activate (conflicts_row);
  ui_settle (200);

  /* Keep Server Version: the data stays as it is, the conflict is gone. */
  row = ui_must_find (GTK_WIDGET (fixture->window), ui_is_row_titled, "Amara Okafor", "the conflict");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "changed on both sides: email, phone"));
  click (ui_must_find (row, ui_is_button_labelled, "Keep _Server Version", "Keep Server Version"));
  ui_settle (200);
  after = rapport_store_get_customer (fixture->store, customer->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((RapportContactPoint *) g_ptr_array_index (after->emails, 0))->value, ==, "amara@server.example");
  open_conflicts = rapport_account_list_conflicts (fixture->store, account_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open_conflicts->len, ==, 0);
  g_clear_pointer (&open_conflicts, g_ptr_array_unref);
  g_assert_nonnull (ui_find_widget (GTK_WIDGET (fixture->window), ui_is_row_titled, "No Conflicts"));
  g_assert_null (ui_find_widget (GTK_WIDGET (fixture->window), ui_is_row_titled, "Amara Okafor"));

  /* Use My Version: the local email comes back, to go to the server at
   * the next sync. */
  insert_conflict (fixture, account_id, customer, "amara@mine.example", "emails");
  gtk_widget_activate (conflicts_row);
  ui_settle (200);
  row = ui_must_find (GTK_WIDGET (fixture->window), ui_is_row_titled, "Amara Okafor", "the second conflict");
  click (ui_must_find (row, ui_is_button_labelled, "Use _My Version", "Use My Version"));
  ui_settle (200);
  g_clear_pointer (&after, rapport_customer_free);
  after = rapport_store_get_customer (fixture->store, customer->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->emails->len, ==, 1);
  g_assert_cmpstr (((RapportContactPoint *) g_ptr_array_index (after->emails, 0))->value, ==, "amara@mine.example");
  open_conflicts = rapport_account_list_conflicts (fixture->store, account_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open_conflicts->len, ==, 0);
  g_assert_null (ui_find_widget (GTK_WIDGET (fixture->window), ui_is_row_titled, "Amara Okafor"));
}

/* A record the sync could not read, as the engine records it. */
static void
insert_set_aside (Fixture    *fixture,
                  gint64      account_id,
                  const char *href,
                  const char *reason)
{
  char *sql;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  sql = sqlite3_mprintf ("INSERT INTO sync_item (collection_id, local_uid, href, etag, dirty, seen, quarantine, kind)"
                         " SELECT id, %Q, %Q, '\"1\"', 0, 1, %Q, 'customer'"
                         " FROM sync_collection WHERE account_id = %lld AND purpose = 'customers'",
                         href, href, reason, (long long) account_id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
  sqlite3_close (db);
}

/* "1 set aside" leads to which record and why. */
static void
test_set_aside_listed (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 account_id = insert_account (fixture, "Team");
  GtkWidget *account_row;
  GtkWidget *set_aside_row;
  GtkWidget *row;

  insert_account (fixture, "Other");
  insert_set_aside (fixture, account_id, "/team/book/many-types.vcf",
                    "line 5: TEL has more than 256 parameter values");
  open_window (fixture);

  /* An account with every record read has no such row. */
  account_row = ui_must_find (GTK_WIDGET (fixture->window), ui_is_expander_titled, "Other", "the other account");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (account_row), TRUE);
  ui_settle (200);
  g_assert_nonnull (ui_find_widget (account_row, ui_is_row_titled, "Conflicts"));
  g_assert_null (ui_find_widget (account_row, ui_is_row_titled, "Records Not Read"));

  account_row = ui_must_find (GTK_WIDGET (fixture->window), ui_is_expander_titled, "Team", "the account's row");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (account_row), TRUE);
  ui_settle (200);
  set_aside_row = ui_must_find (account_row, ui_is_row_titled, "Records Not Read", "the set-aside row");
  g_assert_true (gtk_widget_get_visible (set_aside_row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (set_aside_row)), ==, "1 on the server, left untouched");
  gtk_widget_activate (set_aside_row);
  ui_settle (200);

  row = ui_must_find (GTK_WIDGET (fixture->window), ui_is_row_titled, "many-types.vcf", "the record set aside");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Customer · line 5: TEL has more than 256 parameter values");
  g_assert_nonnull (ui_find_widget (GTK_WIDGET (fixture->window), ui_is_row_titled, "No Conflicts"));
}

static gboolean
accounts_window_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (RAPPORT_IS_ACCOUNTS_WINDOW (window) && gtk_widget_get_mapped (window))
        return TRUE;
    }

  return FALSE;
}

static void
test_main_window_action (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *main_window = g_object_new (RAPPORT_TYPE_WINDOW, "context", fixture->context, NULL);

  rapport_accounts_window_attach (GTK_APPLICATION_WINDOW (main_window), fixture->context);
  gtk_window_present (GTK_WINDOW (main_window));
  ui_wait_until (window_mapped, main_window, 5, "the main window is shown");

  g_assert_true (gtk_widget_activate_action (main_window, "win.accounts", NULL));
  ui_wait_until (accounts_window_shown, NULL, 5, "the accounts window is shown");
  /* The window's class actions ("win.preferences"...) still resolve
   * beside the action map's. */
  g_assert_true (gtk_widget_activate_action (main_window, "win.show-sections", NULL));
  ui_settle (200);

  gtk_window_destroy (GTK_WINDOW (main_window));
  ui_settle (200);
}

static gboolean
nothing_running (gpointer data)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (data), "done")) != 0;
}

static void
mark_done (gpointer data)
{
  g_object_set_data (G_OBJECT (data), "done", GINT_TO_POINTER (1));
}

static void
test_closing_while_connecting (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GObject) token = g_object_new (G_TYPE_OBJECT, NULL);

  open_window (fixture);
  fill_add_form (fixture, RADICALE_PASSWORD);
  g_signal_emit_by_name (ui_must_find (GTK_WIDGET (fixture->window), ui_is_button_labelled, "_Connect", "Connect"),
                         "clicked");

  /* The window goes while the worker talks to the server: the answer
   * finds nothing to update, and nothing warns. */
  g_object_weak_ref (G_OBJECT (fixture->window), (GWeakNotify) mark_done, token);
  gtk_window_destroy (fixture->window);
  fixture->window = NULL;
  ui_wait_until (nothing_running, token, 60, "the window is finalized after its task");
  ui_settle (200);
}

static void
test_due_accounts (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_account_free);
  g_autoptr(GArray) due = NULL;
  const struct { gint64 id; gboolean auto_sync; guint interval; gint64 last_sync; } cases[] = {
    { 1, TRUE, 900, 0 },             /* never synced: due */
    { 2, TRUE, 900, 10000 - 899 },   /* not yet */
    { 3, TRUE, 900, 10000 - 900 },   /* due */
    { 4, FALSE, 900, 0 },            /* automatic sync off */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RapportAccount *account = g_new0 (RapportAccount, 1);

      account->collections = g_ptr_array_new ();
      account->id = cases[i].id;
      account->auto_sync = cases[i].auto_sync;
      account->interval = cases[i].interval;
      account->last_sync = cases[i].last_sync;
      g_ptr_array_add (accounts, account);
    }

  due = rapport_sync_runner_due_accounts (accounts, 10000);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpint (g_array_index (due, gint64, 0), ==, 1);
  g_assert_cmpint (g_array_index (due, gint64, 1), ==, 3);

  g_assert_cmpuint (rapport_accounts_interval_index (900), ==, 0);
  g_assert_cmpuint (rapport_accounts_interval_index (1800), ==, 1);
  g_assert_cmpuint (rapport_accounts_interval_index (3600), ==, 1);
  g_assert_cmpuint (rapport_accounts_interval_index (86400), ==, 2);
}

static gint64
last_sync_of_first_account (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStore) store = rapport_store_open (path, &error);
  g_autoptr(GPtrArray) accounts = NULL;

  g_assert_no_error (error);
  accounts = rapport_account_list (store, &error);
  g_assert_no_error (error);
  return accounts->len > 0 ? ((RapportAccount *) g_ptr_array_index (accounts, 0))->last_sync : 0;
}

/* `rapport --background` (no window at all) syncs an account whose
 * automatic sync is on: the customer added here reaches the server. */
static void
test_background_syncs (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) rapportctl = NULL;
  g_autoptr(GSubprocess) rapport = NULL;
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autofree char *url = radicale_fixture_url (fixture->server, "/");
  g_autofree char *card_path = NULL;
  gint64 deadline;

  /* The account, as `rapportctl account add` makes it: automatic sync
   * on, never synced. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  rapportctl = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("RAPPORTCTL"), "--db", fixture->path,
                                            "account", "add", "--url", url, "--user", RADICALE_USER,
                                            "--password-stdin", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (rapportctl, RADICALE_PASSWORD "\n", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (rapportctl));
  g_assert_cmpint (last_sync_of_first_account (fixture->path), ==, 0);

  customer->given_name = g_strdup ("Kofi");
  customer->family_name = g_strdup ("Boateng");
  customer->display_name = g_strdup ("Kofi Boateng");
  g_assert_true (rapport_store_add_customer (fixture->store, customer, &error));
  g_assert_no_error (error);

  g_clear_object (&launcher);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  /* Killed, not ended: a leak report would be about the kill. */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);
  rapport = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("RAPPORT"), "--background",
                                         "--db", fixture->path, NULL);
  g_assert_no_error (error);

  /* The first look comes 10 s after the start. */
  deadline = g_get_monotonic_time () + 40 * G_USEC_PER_SEC;
  while (last_sync_of_first_account (fixture->path) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (200 * 1000);
  g_subprocess_force_exit (rapport);
  g_subprocess_wait (rapport, NULL, NULL);
  g_assert_cmpint (last_sync_of_first_account (fixture->path), >, 0);

  /* In the address book the account add made (its path is the server's
   * choice). */
  {
    g_autoptr(GPtrArray) accounts = rapport_account_list (fixture->store, &error);
    RapportAccount *account;
    g_autoptr(GUri) book = NULL;

    g_assert_no_error (error);
    account = g_ptr_array_index (accounts, 0);
    g_assert_cmpstr (account->last_result, ==, "Synced: 1 sent");
    for (guint i = 0; i < account->collections->len; i++)
      {
        RapportAccountCollection *collection = g_ptr_array_index (account->collections, i);

        if (collection->purpose == RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS)
          book = g_uri_parse (collection->url, G_URI_FLAGS_NONE, &error);
      }
    g_assert_no_error (error);
    g_assert_nonnull (book);
    card_path = g_strdup_printf ("%s%s.vcf", g_uri_get_path (book), customer->uid);
    g_assert_cmpuint (radicale_fixture_curl (fixture->server, "GET", card_path, NULL, NULL), ==, 200);
  }
}

/* Runner */

typedef struct
{
  Fixture *fixture;
  gint64   id;
} AccountRun;

static gboolean
account_run_over (gpointer data)
{
  AccountRun *run = data;

  return !rapport_sync_runner_is_syncing (run->fixture->runner, run->id);
}

static gint64
insert_hostile_account (Fixture       *fixture,
                        HostileServer *server,
                        const char    *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = g_new0 (RapportAccount, 1);
  RapportAccountCollection *collection = g_new0 (RapportAccountCollection, 1);

  account->collections = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_account_collection_free);
  account->name = g_strdup (name);
  account->url = hostile_server_url (server, "/");
  account->username = g_strdup (HOSTILE_USER);
  account->interval = 900;
  collection->purpose = RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS;
  collection->url = hostile_server_url (server, "/book/");
  g_ptr_array_add (account->collections, collection);
  g_assert_true (rapport_account_insert (fixture->store, account, &error));
  g_assert_no_error (error);
  g_assert_true (rapport_account_store_password_sync (account, HOSTILE_PASSWORD, NULL, &error));
  g_assert_no_error (error);

  return account->id;
}

static void
test_stuck_server_holds_only_its_account (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(HostileServer) stuck = NULL;
  g_autoptr(HostileServer) sane = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) stuck_account = NULL;
  g_autoptr(RapportAccount) sane_account = NULL;
  AccountRun stuck_run = { fixture, 0 };
  AccountRun sane_run = { fixture, 0 };

  stuck = hostile_server_new (&error);
  g_assert_no_error (error);
  sane = hostile_server_new (&error);
  g_assert_no_error (error);
  /* A byte a second for a minute: the request and run deadlines are
   * minutes away. */
  hostile_server_set_report (stuck, HOSTILE_REPORT_TRICKLE);
  hostile_server_set_report (sane, HOSTILE_REPORT_EMPTY);
  stuck_run.id = insert_hostile_account (fixture, stuck, "Stuck");
  sane_run.id = insert_hostile_account (fixture, sane, "Sane");

  rapport_sync_runner_sync (fixture->runner, stuck_run.id);
  rapport_sync_runner_sync (fixture->runner, sane_run.id);
  ui_wait_until (account_run_over, &sane_run, 30, "the other account's sync is over");
  g_assert_true (rapport_sync_runner_is_syncing (fixture->runner, stuck_run.id));
  sane_account = rapport_account_get (fixture->store, sane_run.id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sane_account->last_result, ==, "Synced: no changes");

  rapport_sync_runner_cancel (fixture->runner, stuck_run.id);
  ui_wait_until (account_run_over, &stuck_run, 30, "the stuck sync is cancelled");
  stuck_account = rapport_account_get (fixture->store, stuck_run.id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (stuck_account->last_result, "cancelled"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status = keyring_fixture_reexec (argc, argv);
  int result;

  if (status >= 0)
    return status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_nonnull (rapport_get_resource ());

  if (!keyring_fixture_start (&error))
    g_error ("No Secret Service for the tests: %s", error->message);

#define ADD(path, server, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (server), fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/accounts/lists-accounts-and-saves-the-schedule", 0, test_lists_accounts_and_saves_the_schedule);
  ADD ("/ui/accounts/add-account-then-first-sync", 1, test_add_account_then_sync);
  ADD ("/ui/accounts/wrong-password-is-shown-inline", 1, test_wrong_password_inline);
  ADD ("/ui/accounts/untrusted-certificate-asks-then-trusts", 2, test_untrusted_certificate_asks);
  ADD ("/ui/accounts/other-address-asks-then-uses-it", 1, test_other_address_asks_then_uses_it);
  ADD ("/ui/accounts/remove-asks-and-clears-the-secret", 1, test_remove_asks_and_clears_the_secret);
  ADD ("/ui/accounts/conflicts-kept-from-the-server-or-mine", 0, test_conflicts_list);
  ADD ("/ui/accounts/records-not-read-listed-with-reason", 0, test_set_aside_listed);
  ADD ("/ui/accounts/closing-while-connecting-is-quiet", 1, test_closing_while_connecting);
  ADD ("/ui/accounts/main-window-opens-it-with-win-accounts", 0, test_main_window_action);
  ADD ("/ui/accounts/background-service-syncs-without-a-window", 1, test_background_syncs);
  ADD ("/ui/accounts/stuck-server-holds-only-its-account", 0, test_stuck_server_holds_only_its_account);
  g_test_add_func ("/ui/accounts/automatic-sync-picks-the-due-accounts", test_due_accounts);

  result = g_test_run ();

  keyring_fixture_stop ();
  return result;
}
