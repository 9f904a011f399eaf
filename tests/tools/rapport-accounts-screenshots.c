/* rapport-accounts-screenshots.c
 *
 * Renders every screen of the Sync Accounts window to PNG files, against
 * a real Radicale on 127.0.0.1 (tests/radicale-fixture.c) and a
 * throwaway keyring on a private bus (tests/keyring-fixture.c): the empty
 * list, the Add Account form (empty, connecting, a wrong password, the
 * choice of collections), an account after a sync and after a failed
 * one, its conflicts before and after one is resolved, the Remove
 * confirmation, the untrusted certificate and a server that sends Rapport
 * to another address. Each in light and dark, at
 * the default size and narrow; "rtl" mirrors it all.
 *
 *   GTK_A11Y=none GSK_RENDERER=cairo xvfb-run -a \
 *     build/tests/rapport-accounts-screenshots OUTPUT-FOLDER [rtl]
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
#include "rapport-dav.h"
#include "rapport-resources.h"
#include "rapport-sync-runner.h"
#include "ui-util.h"

typedef struct
{
  const char        *out;
  const char        *prefix;
  char              *dir;
  char              *path;
  RapportStore      *store;
  RapportContext    *context;
  RapportSyncRunner *runner;
  RadicaleFixture   *server;
  RadicaleFixture   *tls_server;
  GtkWindow         *window;
} Shots;

static void
wait_until (gboolean  (*done) (gpointer data),
            gpointer    data,
            int         seconds,
            const char *what)
{
  ui_wait_until (done, data, seconds, what);
  ui_settle (300);
}

static void
save (Shots      *shots,
      GtkWidget  *window,
      const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s-%s.png", shots->out, shots->prefix, name);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_printerr ("Nothing drawn for %s\n", path);
      return;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_save_to_png (texture, path);
  g_print ("%s\n", path);
}

/* The window at the default size, then narrow. */
static void
save_both (Shots      *shots,
           const char *name)
{
  g_autofree char *narrow = g_strdup_printf ("%s-narrow", name);

  save (shots, GTK_WIDGET (shots->window), name);
  gtk_window_set_default_size (shots->window, 360, 640);
  ui_settle (500);
  save (shots, GTK_WIDGET (shots->window), narrow);
  gtk_window_set_default_size (shots->window, 600, 640);
  ui_settle (500);
}

/* Widgets, found as a user finds them */

static gboolean
is_expander (GtkWidget     *widget,
             gconstpointer  data)
{
  return ADW_IS_EXPANDER_ROW (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
is_error_label (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         gtk_widget_has_css_class (widget, "error") &&
         *gtk_label_get_label (GTK_LABEL (widget)) != '\0';
}

static GtkWidget *
must_find (Shots         *shots,
           GtkWidget     *root,
           gboolean     (*match) (GtkWidget *widget, gconstpointer data),
           gconstpointer  data,
           const char    *what)
{
  GtkWidget *found = ui_find_widget (root != NULL ? root : GTK_WIDGET (shots->window), match, data);

  if (found == NULL)
    g_error ("Not found: %s", what);
  return found;
}

static void
click (GtkWidget *button)
{
  g_signal_emit_by_name (button, "clicked");
  ui_settle (300);
}

static void
set_row (Shots      *shots,
         const char *title,
         const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (must_find (shots, NULL, ui_is_row_titled, title, title)), text);
}

static gboolean
no_dialog (gpointer data)
{
  return ui_find_dialog () == NULL;
}

/* Answers the dialog and waits until it is gone. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  /* A click on a button closes it; the call above does not. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until (no_dialog, NULL, 5, "the dialog is gone");
}

static gboolean
error_shown (gpointer data)
{
  Shots *shots = data;

  return ui_find_widget (GTK_WIDGET (shots->window), is_error_label, NULL) != NULL;
}

static gboolean
choices_shown (gpointer data)
{
  Shots *shots = data;

  return ui_find_widget (GTK_WIDGET (shots->window), ui_is_row_titled, "Address Book for Customers") != NULL;
}

static guint
count_accounts (Shots *shots)
{
  g_autoptr(GPtrArray) accounts = rapport_account_list (shots->store, NULL);

  return accounts != NULL ? accounts->len : 0;
}

static gboolean
has_account (gpointer data)
{
  return count_accounts (data) > 0;
}

static gboolean
runner_idle (gpointer data)
{
  Shots *shots = data;
  g_autoptr(GPtrArray) accounts = rapport_account_list (shots->store, NULL);

  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    if (rapport_sync_runner_is_syncing (shots->runner,
                                        ((RapportAccount *) g_ptr_array_index (accounts, i))->id))
      return FALSE;

  return TRUE;
}

/* The server */

static void
make_collection (RadicaleFixture          *server,
                 const char               *slug,
                 RapportDavCollectionKind  kind,
                 const char               *name,
                 RapportDavComponents      components)
{
  g_autoptr(RapportDavClient) client = rapport_dav_client_new (10);
  g_autoptr(RapportDavCollection) collection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (server->url, RADICALE_USER "/", slug, "/", NULL);

  rapport_dav_client_set_credentials (client, RADICALE_USER, RADICALE_PASSWORD);
  collection = rapport_dav_client_create_collection_sync (client, url, kind, name, components, NULL, &error);
  if (collection == NULL)
    g_error ("%s: %s", url, error->message);
}

/* A conflict on @customer_uid in the account's collection for @purpose. */
static void
insert_conflict (Shots      *shots,
                 gint64      account_id,
                 const char *purpose,
                 const char *kind,
                 const char *uid,
                 const char *copy,
                 const char *fields)
{
  sqlite3 *db = NULL;
  char *sql;

  g_assert_cmpint (sqlite3_open (shots->path, &db), ==, SQLITE_OK);
  sql = sqlite3_mprintf ("INSERT INTO sync_conflict (collection_id, local_uid, local_copy, created, kind, fields)"
                         " SELECT id, %Q, %Q, 1764000000, %Q, %Q"
                         " FROM sync_collection WHERE account_id = %lld AND purpose = %Q",
                         uid, copy, kind, fields, (long long) account_id, purpose);
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  sqlite3_free (sql);
  sqlite3_close (db);
}

/* The flow */

static void
open_window (Shots *shots)
{
  shots->window = rapport_accounts_window_new (NULL, shots->context, shots->runner);
  gtk_window_set_default_size (shots->window, 600, 640);
  gtk_window_present (shots->window);
  ui_settle (800);
}

static void
shoot (Shots *shots)
{
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *card = NULL;
  const RapportAccount *account;
  AdwMessageDialog *dialog;
  GtkWidget *row;
  GtkWidget *conflicts_row;

  shots->dir = g_dir_make_tmp ("rapport-accounts-shots-XXXXXX", &error);
  g_assert_no_error (error);
  shots->path = g_build_filename (shots->dir, "rapport.db", NULL);
  shots->store = rapport_store_open (shots->path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.rapportcrm.Rapport");

    shots->context = rapport_context_new (shots->store, settings);
  }
  shots->runner = rapport_sync_runner_new (shots->context);
  rapport_sync_runner_set_automatic (shots->runner, FALSE);

  /* Several address books and calendars: the user chooses. */
  shots->server = radicale_fixture_new (FALSE, &error);
  g_assert_no_error (error);
  make_collection (shots->server, "clients", RAPPORT_DAV_COLLECTION_ADDRESSBOOK, "Clients", 0);
  make_collection (shots->server, "family", RAPPORT_DAV_COLLECTION_ADDRESSBOOK, "Family and friends", 0);
  make_collection (shots->server, "work", RAPPORT_DAV_COLLECTION_CALENDAR, "Work", RAPPORT_DAV_COMPONENT_VTODO);
  make_collection (shots->server, "home", RAPPORT_DAV_COLLECTION_CALENDAR, "Home",
                   RAPPORT_DAV_COMPONENT_VTODO | RAPPORT_DAV_COMPONENT_VEVENT);
  make_collection (shots->server, "meetings", RAPPORT_DAV_COLLECTION_CALENDAR, "Meetings",
                   RAPPORT_DAV_COMPONENT_VEVENT);
  make_collection (shots->server, "journal", RAPPORT_DAV_COLLECTION_CALENDAR, "Journal",
                   RAPPORT_DAV_COMPONENT_VJOURNAL);
  make_collection (shots->server, "calls", RAPPORT_DAV_COLLECTION_CALENDAR, "Call notes",
                   RAPPORT_DAV_COMPONENT_VJOURNAL);

  open_window (shots);
  save_both (shots, "01-empty");

  click (must_find (shots, NULL, ui_is_button_with_tooltip, "Add Account", "Add Account"));
  save_both (shots, "02-add");

  set_row (shots, "Server Address", shots->server->url);
  set_row (shots, "User Name", RADICALE_USER);
  set_row (shots, "Password", "not it");
  click (must_find (shots, NULL, ui_is_button_labelled, "_Connect", "Connect"));
  save (shots, GTK_WIDGET (shots->window), "03-connecting");
  wait_until (error_shown, shots, 60, "the error is shown");
  save_both (shots, "04-wrong-password");

  set_row (shots, "Password", RADICALE_PASSWORD);
  click (must_find (shots, NULL, ui_is_button_labelled, "_Connect", "Connect"));
  wait_until (choices_shown, shots, 60, "the choices are shown");
  save_both (shots, "05-choose-collections");

  click (must_find (shots, NULL, ui_is_button_labelled, "_Connect", "Connect"));
  wait_until (has_account, shots, 60, "the account is added");
  ui_settle (300);
  save (shots, GTK_WIDGET (shots->window), "06-added-syncing");
  wait_until (runner_idle, shots, 60, "the first sync is over");

  row = must_find (shots, NULL, is_expander, NULL, "the account's row");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  ui_settle (400);
  save_both (shots, "07-account-synced");

  /* A sync that fails: the server is gone. */
  radicale_fixture_stop (shots->server);
  click (must_find (shots, row, ui_is_button_labelled, "_Sync Now", "Sync Now"));
  wait_until (runner_idle, shots, 120, "the failed sync is over");
  row = must_find (shots, NULL, is_expander, NULL, "the account's row");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  ui_settle (400);
  save_both (shots, "08-account-failed");
  if (!radicale_fixture_restart (shots->server, &error))
    g_error ("%s", error->message);

  /* Conflicts: a customer and a follow-up changed on both sides. */
  accounts = rapport_account_list (shots->store, &error);
  g_assert_no_error (error);
  account = g_ptr_array_index (accounts, 0);
  customer->display_name = g_strdup ("Amara Okafor");
  customer->given_name = g_strdup ("Amara");
  customer->family_name = g_strdup ("Okafor");
  rapport_customer_add_email (customer, "amara@server.example", NULL, TRUE);
  if (!rapport_store_add_customer (shots->store, customer, &error))
    g_error ("%s", error->message);
  card = g_strdup_printf ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:%s\r\nFN:%s\r\n"
                          "N:Okafor;Amara;;;\r\nEMAIL:amara@other.example\r\nEND:VCARD\r\n",
                          customer->uid, customer->display_name);
  insert_conflict (shots, account->id, "customers", "customer", customer->uid, card,
                   "emails,phones,addresses,organization,job_title");
  insert_conflict (shots, account->id, "tasks", "follow-up", "no-such-uid",
                   "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", NULL);
  /* And a card the sync could not read, as the engine records it. */
  {
    sqlite3 *db = NULL;
    char *sql;

    g_assert_cmpint (sqlite3_open (shots->path, &db), ==, SQLITE_OK);
    sql = sqlite3_mprintf ("INSERT INTO sync_item (collection_id, local_uid, href, etag, dirty, seen, quarantine, kind)"
                           " SELECT id, 'many-types.vcf', '/amara/book/many-types.vcf', '\"1\"', 0, 1,"
                           " 'line 5: TEL has more than 256 parameter values', 'customer'"
                           " FROM sync_collection WHERE account_id = %lld AND purpose = 'customers'",
                           (long long) account->id);
    if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
      g_error ("%s", sqlite3_errmsg (db));
    sqlite3_free (sql);
    sqlite3_close (db);
  }
  g_clear_pointer (&accounts, g_ptr_array_unref);

  gtk_window_destroy (shots->window);
  ui_settle (300);
  open_window (shots);
  row = must_find (shots, NULL, is_expander, NULL, "the account's row");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  ui_settle (400);
  save (shots, GTK_WIDGET (shots->window), "09-account-with-conflicts");
  conflicts_row = must_find (shots, row, ui_is_row_titled, "Conflicts", "the conflicts row");
  gtk_widget_activate (conflicts_row);
  ui_settle (500);
  save_both (shots, "10-conflicts");
  click (must_find (shots, NULL, ui_is_button_labelled, "Keep _Server Version", "Keep Server Version"));
  ui_settle (300);
  save (shots, GTK_WIDGET (shots->window), "11-conflict-resolved");
  click (must_find (shots, NULL, ui_is_button_labelled, "Keep _Server Version", "Keep Server Version"));
  ui_settle (300);
  save (shots, GTK_WIDGET (shots->window), "12-no-conflicts");

  /* Remove asks first. */
  click (must_find (shots, NULL, ui_is_button_with_tooltip, "Back", "Back"));
  row = must_find (shots, NULL, is_expander, NULL, "the account's row");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  ui_settle (400);
  click (must_find (shots, row, ui_is_button_labelled, "_Remove…", "Remove"));
  wait_until (ui_dialog_shown, NULL, 5, "the confirmation is shown");
  dialog = ui_find_dialog ();
  save (shots, GTK_WIDGET (dialog), "13-remove-dialog");
  respond (dialog, "cancel");

  /* A server on another port that sends Rapport to Radicale. */
  {
    g_autoptr(HostileServer) front = hostile_server_new (&error);
    g_autofree char *target = NULL;
    g_autofree char *start = NULL;

    g_assert_no_error (error);
    target = radicale_fixture_url (shots->server, "/");
    hostile_server_set_redirect (front, target);
    start = hostile_server_url (front, "/other/");
    click (must_find (shots, NULL, ui_is_button_with_tooltip, "Add Account", "Add Account"));
    set_row (shots, "Server Address", start);
    set_row (shots, "User Name", RADICALE_USER);
    set_row (shots, "Password", RADICALE_PASSWORD);
    click (must_find (shots, NULL, ui_is_button_labelled, "_Connect", "Connect"));
    wait_until (ui_dialog_shown, NULL, 60, "the other address is shown");
    dialog = ui_find_dialog ();
    save (shots, GTK_WIDGET (dialog), "15-another-address");
    save (shots, GTK_WIDGET (shots->window), "15-another-address-parent");
    respond (dialog, "cancel");
    click (must_find (shots, NULL, ui_is_button_with_tooltip, "Back", "Back"));
    ui_settle (300);
  }

  /* A self-signed certificate. */
  shots->tls_server = radicale_fixture_new (TRUE, &error);
  g_assert_no_error (error);
  click (must_find (shots, NULL, ui_is_button_with_tooltip, "Add Account", "Add Account"));
  set_row (shots, "Server Address", shots->tls_server->url);
  set_row (shots, "User Name", RADICALE_USER);
  set_row (shots, "Password", RADICALE_PASSWORD);
  click (must_find (shots, NULL, ui_is_button_labelled, "_Connect", "Connect"));
  wait_until (ui_dialog_shown, NULL, 60, "the certificate is shown");
  dialog = ui_find_dialog ();
  save (shots, GTK_WIDGET (dialog), "14-certificate");
  save (shots, GTK_WIDGET (shots->window), "14-certificate-parent");
  respond (dialog, "cancel");

  wait_until (runner_idle, shots, 60, "the syncs are over");
  gtk_window_destroy (shots->window);
  ui_settle (300);

  accounts = rapport_account_list (shots->store, NULL);
  for (guint i = 0; accounts != NULL && i < accounts->len; i++)
    rapport_account_clear_password_sync (g_ptr_array_index (accounts, i), NULL, NULL);

  g_clear_object (&shots->runner);
  g_clear_object (&shots->context);
  g_clear_object (&shots->store);
  g_clear_pointer (&shots->server, radicale_fixture_free);
  g_clear_pointer (&shots->tls_server, radicale_fixture_free);
  g_clear_pointer (&shots->path, g_free);
  g_clear_pointer (&shots->dir, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  Shots shots = { 0 };
  int status;

  if (argc < 2)
    {
      g_printerr ("Usage: %s OUTPUT-FOLDER [rtl]\n", argv[0]);
      return 2;
    }
  status = keyring_fixture_reexec (argc, argv);
  if (status >= 0)
    return status;

  shots.out = argv[1];
  g_mkdir_with_parents (shots.out, 0755);

  gtk_init ();
  adw_init ();
  /* No transitions: a busy machine must not catch a screen half-drawn. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_assert_nonnull (rapport_get_resource ());
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/rapportcrm/Rapport/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  if (argc > 2 && g_str_equal (argv[2], "rtl"))
    gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);

  if (!keyring_fixture_start (&error))
    g_error ("No Secret Service: %s", error->message);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  shots.prefix = "light";
  shoot (&shots);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shots.prefix = "dark";
  shoot (&shots);

  keyring_fixture_stop ();
  return 0;
}
