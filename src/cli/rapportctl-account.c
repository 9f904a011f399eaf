/* rapportctl-account.c
 *
 * rapportctl account add|list|show|remove
 *
 * "account add" reads the password from standard input (never from the
 * command line, where other users see it in the process list), checks it
 * against the server, picks or creates the collections and keeps the
 * password in the Secret Service. Nothing here prints the password.
 */

#define G_LOG_DOMAIN "rapportctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rapport-account.h"
#include "rapport-error.h"
#include "rapportctl.h"

#define MAX_PASSWORD_BYTES 4096

/* The first line of standard input, without its line end; the buffer
 * is wiped before it is freed. */
static char *
read_password (GError **error)
{
  char buffer[MAX_PASSWORD_BYTES + 2];
  gsize length = 0;
  int c;

  while ((c = fgetc (stdin)) != EOF && c != '\n')
    {
      if (length >= MAX_PASSWORD_BYTES)
        {
          memset (buffer, 0, sizeof buffer);
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("password: longer than %d bytes."), MAX_PASSWORD_BYTES);
          return NULL;
        }
      buffer[length++] = (char) c;
    }
  if (length > 0 && buffer[length - 1] == '\r')
    length--;
  buffer[length] = '\0';

  if (length == 0)
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                           _("password: nothing was read from standard input."));
      return NULL;
    }

  {
    char *password = g_strndup (buffer, length);

    memset (buffer, 0, sizeof buffer);
    return password;
  }
}

static void
wipe_password (char *password)
{
  if (password == NULL)
    return;

  memset (password, 0, strlen (password));
  g_free (password);
}

static JsonNode *
account_json (gconstpointer record)
{
  const RapportAccount *account = record;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, account->id);
  json_builder_set_member_name (builder, "uid");
  json_builder_add_string_value (builder, account->uid);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, account->name);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, account->url);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, account->username);
  json_builder_set_member_name (builder, "interval");
  json_builder_add_int_value (builder, account->interval);
  json_builder_set_member_name (builder, "auto_sync");
  json_builder_add_boolean_value (builder, account->auto_sync);
  json_builder_set_member_name (builder, "last_sync");
  if (account->last_sync != 0)
    json_builder_add_int_value (builder, account->last_sync);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "last_result");
  if (account->last_result != NULL)
    json_builder_add_string_value (builder, account->last_result);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "certificate");
  if (account->certificate != NULL)
    json_builder_add_string_value (builder, account->certificate);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "collections");
  json_builder_begin_object (builder);
  for (guint i = 0; i < account->collections->len; i++)
    {
      const RapportAccountCollection *collection = g_ptr_array_index (account->collections, i);

      json_builder_set_member_name (builder, rapport_account_purpose_to_key (collection->purpose));
      json_builder_add_string_value (builder, collection->url);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_account (const RapportAccount *account)
{
  const RapportAccountCollection *collection;

  g_print (_("Account %" G_GINT64_FORMAT ": %s\n"), account->id, account->name);
  collection = rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS);
  if (collection != NULL)
    g_print (_("  Customers: %s\n"), collection->url);
  collection = rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_TASKS);
  if (collection != NULL)
    g_print (_("  Follow-ups: %s\n"), collection->url);
  collection = rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_HISTORY);
  if (collection != NULL)
    g_print (_("  History: %s\n"), collection->url);
  if (account->certificate != NULL)
    g_print (_("  Trusted certificate: %s\n"), account->certificate);
}

static int
account_add (Rapportctl  *ctl,
             int          argc,
             char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *name = NULL;
  g_autofree char *address_book = NULL;
  g_autofree char *calendar = NULL;
  g_autofree char *history = NULL;
  g_autofree char *trust = NULL;
  g_autofree char *fingerprint = NULL;
  char *password = NULL;
  gboolean password_stdin = FALSE;
  gboolean json = FALSE;
  RapportAccountSetup setup = { 0 };
  RapportStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The server’s address (CardDAV/CalDAV)"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("The user name on the server"), N_("NAME") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, N_("Read the password from the first line of standard input"), NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("A name for the account (default: user@server)"), N_("NAME") },
    { "address-book", 0, 0, G_OPTION_ARG_STRING, &address_book, N_("The address book for the customers"), N_("URL") },
    { "calendar", 0, 0, G_OPTION_ARG_STRING, &calendar, N_("The calendar for the follow-ups (it must take tasks)"), N_("URL") },
    { "history-calendar", 0, 0, G_OPTION_ARG_STRING, &history, N_("The calendar for the contact history"), N_("URL") },
    { "trust-certificate", 0, 0, G_OPTION_ARG_STRING, &trust, N_("Trust the server’s certificate with this SHA-256 fingerprint"), N_("SHA256") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the new account as JSON"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("account add", NULL,
                                 _("Adds a CardDAV/CalDAV account. The password is read from standard input\n"
                                   "and kept in the system’s keyring, never in the database.\n"
                                   "When the account holds exactly one address book and one calendar that\n"
                                   "takes tasks, they are used; when it holds none, they are created; when it\n"
                                   "holds several, choose with --address-book and --calendar."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return rapportctl_usage_error ("account add", _("unexpected argument “%s”"), argv[1]);
  if (url == NULL)
    return rapportctl_usage_error ("account add", _("--url is required"));
  if (user == NULL)
    return rapportctl_usage_error ("account add", _("--user is required"));
  if (!password_stdin)
    return rapportctl_usage_error ("account add", _("--password-stdin is required (the password is never taken from the command line)"));

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  password = read_password (&error);
  if (password == NULL)
    return rapportctl_fail (error);

  setup.url = url;
  setup.username = user;
  setup.password = password;
  setup.name = name;
  setup.address_book_url = address_book;
  setup.tasks_url = calendar;
  setup.history_url = history;
  setup.trusted_certificate = trust;

  account = rapport_account_setup_sync (store, &setup, NULL, &fingerprint, NULL, &error);
  wipe_password (password);

  if (account == NULL)
    {
      rapportctl_fail (error);
      if (fingerprint != NULL)
        g_printerr (_("If this is your server’s certificate (compare the fingerprint with the one the server’s\n"
                      "administrator gives you), add the account again with:\n"
                      "  --trust-certificate %s\n"), fingerprint);
      else if (rapport_dav_error_get_url (error) != NULL)
        /* Translators: %s is a URL */
        g_printerr (_("If you trust this address (the same server under another name, or your provider’s\n"
                      "address for it), add the account again with it:\n"
                      "  --url %s\n"), rapport_dav_error_get_url (error));
      else if (g_error_matches (error, RAPPORT_ERROR, RAPPORT_ERROR_AMBIGUOUS))
        g_printerr ("%s\n", _("Choose with --address-book URL, --calendar URL and --history-calendar URL."));
      return RAPPORTCTL_EXIT_FAILURE;
    }

  if (json)
    {
      g_autoptr(JsonNode) node = account_json (account);

      rapportctl_print_json (node);
    }
  else
    print_account (account);

  return RAPPORTCTL_EXIT_OK;
}

static int
account_list (Rapportctl  *ctl,
              int          argc,
              char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(RapportctlTable) table = rapportctl_table_new (5);
  RapportStore *store;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the accounts as a JSON array"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("account list", NULL, _("Lists the sync accounts."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return rapportctl_usage_error ("account list", _("unexpected argument “%s”"), argv[1]);

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  accounts = rapport_account_list (store, &error);
  if (accounts == NULL)
    return rapportctl_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) node = rapportctl_json_array_new (accounts, account_json);

      rapportctl_print_json (node);
      return RAPPORTCTL_EXIT_OK;
    }

  if (accounts->len == 0)
    {
      g_print ("%s\n", _("No sync accounts."));
      return RAPPORTCTL_EXIT_OK;
    }

  rapportctl_table_add (table, _("ID"), _("NAME"), _("URL"), _("LAST SYNC"), _("LAST RESULT"));
  for (guint i = 0; i < accounts->len; i++)
    {
      const RapportAccount *account = g_ptr_array_index (accounts, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, account->id);
      g_autofree char *last = account->last_sync != 0
                                ? rapportctl_format_instant (ctl, account->last_sync)
                                : g_strdup (_("never"));

      rapportctl_table_add (table, id, account->name, account->url, last, account->last_result);
    }
  rapportctl_table_print (table, "");

  return RAPPORTCTL_EXIT_OK;
}

JsonNode *
rapportctl_set_aside_json (GPtrArray *items)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      const RapportAccountSetAside *item = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, item->kind);
      json_builder_set_member_name (builder, "collection");
      json_builder_add_string_value (builder, item->collection);
      json_builder_set_member_name (builder, "href");
      json_builder_add_string_value (builder, item->href);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, item->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static int
account_show (Rapportctl  *ctl,
              int          argc,
              char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GPtrArray) set_aside = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  RapportStore *store;
  gboolean json = FALSE;
  gint64 id;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the account as a JSON object"), NULL },
    { NULL }
  };

  if (!rapportctl_parse_options ("account show", _("ID"),
                                 _("Shows a sync account: its collections, its last sync, the conflicts kept\n"
                                   "for it and each record on the server it could not read, with the reason."),
                                 entries, &argc, &argv, &status))
    return status;

  if (argc < 2)
    return rapportctl_usage_error ("account show", _("missing account id"));
  if (argc > 2)
    return rapportctl_usage_error ("account show", _("unexpected argument “%s”"), argv[2]);

  if (!rapportctl_parse_id (argv[1], _("account"), &id, &error))
    return rapportctl_fail (error);

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  if (!(account = rapport_account_get (store, id, &error)) ||
      !(conflicts = rapport_account_list_conflicts (store, id, &error)) ||
      !(set_aside = rapport_account_list_set_aside (store, id, &error)))
    return rapportctl_fail (error);

  if (json)
    {
      g_autoptr(JsonNode) node = account_json (account);
      JsonObject *object = json_node_get_object (node);

      json_object_set_int_member (object, "conflicts", conflicts->len);
      json_object_set_member (object, "set_aside", rapportctl_set_aside_json (set_aside));
      rapportctl_print_json (node);
      return RAPPORTCTL_EXIT_OK;
    }

  print_account (account);
  if (account->last_sync != 0)
    {
      g_autofree char *last = rapportctl_format_instant (ctl, account->last_sync);

      g_print (_("  Last sync: %s\n"), last);
    }
  else
    g_print ("%s\n", _("  Last sync: never"));
  if (account->last_result != NULL)
    g_print (_("  Last result: %s\n"), account->last_result);
  if (conflicts->len > 0)
    g_print (ngettext ("  %u conflict kept: see the Sync Accounts window\n",
                       "  %u conflicts kept: see the Sync Accounts window\n", conflicts->len),
             conflicts->len);

  if (set_aside->len == 0)
    {
      g_print ("%s\n", _("  Every record on the server was read."));
      return RAPPORTCTL_EXIT_OK;
    }

  g_print (ngettext ("  %u record on the server could not be read; it is left there untouched:\n",
                     "  %u records on the server could not be read; they are left there untouched:\n",
                     set_aside->len),
           set_aside->len);
  for (guint i = 0; i < set_aside->len; i++)
    {
      const RapportAccountSetAside *item = g_ptr_array_index (set_aside, i);
      g_autofree char *name = rapport_account_set_aside_dup_name (item);

      /* Translators: a record's file name on the server, then why it
       * could not be read */
      g_print (_("    %s: %s\n"), name, item->reason);
    }

  return RAPPORTCTL_EXIT_OK;
}

static int
account_remove (Rapportctl  *ctl,
                int          argc,
                char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;
  RapportStore *store;
  gint64 id;
  int status;

  if (!rapportctl_parse_options ("account remove", _("ID"),
                                 _("Removes a sync account and its password from the keyring. The customers\n"
                                   "and records synced through it stay in the database."),
                                 NULL, &argc, &argv, &status))
    return status;

  if (argc < 2)
    return rapportctl_usage_error ("account remove", _("missing account id"));
  if (argc > 2)
    return rapportctl_usage_error ("account remove", _("unexpected argument “%s”"), argv[2]);

  if (!rapportctl_parse_id (argv[1], _("account"), &id, &error))
    return rapportctl_fail (error);

  store = rapportctl_get_store (ctl, &error);
  if (store == NULL)
    return rapportctl_fail (error);

  account = rapport_account_get (store, id, &error);
  if (account == NULL)
    return rapportctl_fail (error);

  /* The secret first: an account row without its secret can be removed
   * again, a secret without its row would be left behind for good. */
  if (!rapport_account_clear_password_sync (account, NULL, &error) ||
      !rapport_account_remove (store, id, &error))
    return rapportctl_fail (error);

  g_print (_("Removed the account %" G_GINT64_FORMAT " (%s)\n"), account->id, account->name);
  return RAPPORTCTL_EXIT_OK;
}

int
rapportctl_account (Rapportctl  *ctl,
                    int          argc,
                    char       **argv)
{
  static const RapportctlCommand commands[] = {
    { "add", account_add, N_("Add a CardDAV/CalDAV account (password from standard input)") },
    { "list", account_list, N_("List the sync accounts") },
    { "show", account_show, N_("Show an account and the records its sync could not read") },
    { "remove", account_remove, N_("Remove a sync account and its password") },
    { NULL }
  };

  return rapportctl_dispatch (ctl, "account", commands, argc, argv);
}
