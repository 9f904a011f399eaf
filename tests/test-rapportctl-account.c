/* test-rapportctl-account.c
 *
 * rapportctl account add|list|remove (and sync) end to end: the real
 * binary ($RAPPORTCTL) against a real Radicale on 127.0.0.1, with a
 * throwaway gnome-keyring on a private bus (tests/keyring-fixture.c).
 * The password goes in on stdin only, and must come out nowhere: not on
 * stdout, not on stderr, not in the database file.
 */

#define _GNU_SOURCE

#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fault-proxy.h"
#include "hostile-server.h"
#include "keyring-fixture.h"
#include "radicale-fixture.h"
#include "xandikos-fixture.h"
#include "test-util.h"

#define SECRET_SCHEMA_NAME "io.github.rapportcrm.Rapport.Account"

typedef struct
{
  char            *dir;
  char            *db;
  RadicaleFixture *server;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_free (Result *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static void delete_secrets (void);

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rapportctl-account-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "crm.db", NULL);
  fixture->server = radicale_fixture_new (GPOINTER_TO_INT (data), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  delete_secrets ();
  g_clear_pointer (&fixture->server, radicale_fixture_free);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->db, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

/* rapportctl --db DB ARGS…, @input on stdin. */
static G_GNUC_NULL_TERMINATED Result *
run (Fixture    *fixture,
     const char *input,
     const char *first,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Result *result = g_new0 (Result, 1);
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("RAPPORTCTL"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, fixture->db);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_nonnull (argv->pdata[0]);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, input, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);

  g_test_message ("%s → %d\nstdout: %s\nstderr: %s", first, result->status, result->out, result->err);

  return result;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static void
assert_not_contains (const char *haystack,
                     const char *needle)
{
  if (strstr (haystack, needle) != NULL)
    g_error ("“%s” unexpectedly found in:\n%s", needle, haystack);
}

static void
assert_clean (Result     *result,
              const char *password)
{
  assert_not_contains (result->out, password);
  assert_not_contains (result->err, password);
}

static gboolean
database_contains (Fixture    *fixture,
                   const char *needle)
{
  const char *suffixes[] = { "", "-wal", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fixture->db, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &contents, &length, NULL) &&
          memmem (contents, length, needle, strlen (needle)) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* The object paths of our schema's items in the keyring. */
static GPtrArray *
find_secrets (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  GVariantBuilder attributes;

  g_assert_no_error (error);
  g_variant_builder_init (&attributes, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&attributes, "{ss}", "xdg:schema", SECRET_SCHEMA_NAME);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "SearchItems",
                                       g_variant_new ("(a{ss})", &attributes),
                                       G_VARIANT_TYPE ("(aoao)"), G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, &error);
  g_assert_no_error (error);

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GVariant) list = g_variant_get_child_value (reply, i);

      for (gsize j = 0; j < g_variant_n_children (list); j++)
        {
          g_autoptr(GVariant) path = g_variant_get_child_value (list, j);

          g_ptr_array_add (paths, g_variant_dup_string (path, NULL));
        }
    }

  return g_steal_pointer (&paths);
}

static guint
count_secrets (void)
{
  g_autoptr(GPtrArray) paths = find_secrets ();

  return paths->len;
}

/* Each test starts with an empty keyring. */
static void
delete_secrets (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GPtrArray) paths = find_secrets ();

  g_assert_no_error (error);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(GVariant) reply = NULL;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", g_ptr_array_index (paths, i),
                                           "org.freedesktop.Secret.Item", "Delete", NULL,
                                           G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE,
                                           -1, NULL, &error);
      g_assert_no_error (error);
    }
}

static JsonArray *
list_accounts (Fixture *fixture)
{
  g_autoptr(Result) result = run (fixture, NULL, "account", "list", "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (result->status, ==, 0);
  json_parser_load_from_data (parser, result->out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));

  return json_array_ref (json_node_get_array (json_parser_get_root (parser)));
}

static void
test_add_list_remove (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(Result) added = NULL;
  g_autoptr(Result) listed = NULL;
  g_autoptr(Result) removed = NULL;
  g_autoptr(Result) again = NULL;
  g_autoptr(Result) twice = NULL;
  g_autoptr(JsonArray) accounts = NULL;
  g_autofree char *id = NULL;
  JsonObject *account, *collections;

  added = run (fixture, RADICALE_PASSWORD "\n", "account", "add",
               "--url", fixture->server->url, "--user", RADICALE_USER, "--password-stdin", NULL);
  g_assert_cmpint (added->status, ==, 0);
  assert_clean (added, RADICALE_PASSWORD);
  assert_contains (added->out, "Account 1: " RADICALE_USER "@127.0.0.1");
  assert_contains (added->out, "/" RADICALE_USER "/rapport-customers/");
  assert_contains (added->out, "/" RADICALE_USER "/rapport-follow-ups/");
  g_assert_cmpuint (count_secrets (), ==, 1);
  g_assert_false (database_contains (fixture, RADICALE_PASSWORD));

  accounts = list_accounts (fixture);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 1);
  account = json_array_get_object_element (accounts, 0);
  g_assert_cmpint (json_object_get_int_member (account, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (account, "username"), ==, RADICALE_USER);
  g_assert_cmpstr (json_object_get_string_member (account, "url"), ==, fixture->server->url);
  g_assert_true (json_object_get_null_member (account, "certificate"));
  g_assert_false (json_object_has_member (account, "password"));
  collections = json_object_get_object_member (account, "collections");
  assert_contains (json_object_get_string_member (collections, "customers"), "/rapport-customers/");
  assert_contains (json_object_get_string_member (collections, "tasks"), "/rapport-follow-ups/");
  assert_contains (json_object_get_string_member (collections, "history"), "/rapport-history/");

  listed = run (fixture, NULL, "account", "list", NULL);
  g_assert_cmpint (listed->status, ==, 0);
  assert_contains (listed->out, RADICALE_USER "@127.0.0.1");
  assert_contains (listed->out, "never");
  assert_clean (listed, RADICALE_PASSWORD);

  /* The same account again is refused. */
  twice = run (fixture, RADICALE_PASSWORD "\n", "account", "add",
               "--url", fixture->server->url, "--user", RADICALE_USER, "--password-stdin", NULL);
  g_assert_cmpint (twice->status, ==, 1);
  assert_contains (twice->err, "already an account");
  g_assert_cmpuint (count_secrets (), ==, 1);

  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (account, "id"));
  removed = run (fixture, NULL, "account", "remove", id, NULL);
  g_assert_cmpint (removed->status, ==, 0);
  assert_contains (removed->out, "Removed the account 1");
  g_assert_cmpuint (count_secrets (), ==, 0);
  g_clear_pointer (&accounts, json_array_unref);
  accounts = list_accounts (fixture);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 0);

  again = run (fixture, NULL, "account", "remove", id, NULL);
  g_assert_cmpint (again->status, ==, 1);
  assert_contains (again->err, "no sync account with the id 1");
}

static void
test_usage_errors (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(Result) no_stdin = NULL;
  g_autoptr(Result) no_url = NULL;
  g_autoptr(Result) empty = NULL;
  g_autoptr(Result) no_id = NULL;
  g_autoptr(Result) bad_id = NULL;

  /* The password is never taken from the command line. */
  no_stdin = run (fixture, NULL, "account", "add", "--url", fixture->server->url,
                  "--user", RADICALE_USER, NULL);
  g_assert_cmpint (no_stdin->status, ==, 2);
  assert_contains (no_stdin->err, "--password-stdin");

  no_url = run (fixture, "x\n", "account", "add", "--user", RADICALE_USER, "--password-stdin", NULL);
  g_assert_cmpint (no_url->status, ==, 2);
  assert_contains (no_url->err, "--url");

  empty = run (fixture, "", "account", "add", "--url", fixture->server->url,
               "--user", RADICALE_USER, "--password-stdin", NULL);
  g_assert_cmpint (empty->status, ==, 1);
  assert_contains (empty->err, "password");

  no_id = run (fixture, NULL, "account", "remove", NULL);
  g_assert_cmpint (no_id->status, ==, 2);
  bad_id = run (fixture, NULL, "account", "remove", "first", NULL);
  g_assert_cmpint (bad_id->status, ==, 1);
  g_assert_cmpuint (count_secrets (), ==, 0);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(Result) added = NULL;
  g_autoptr(JsonArray) accounts = NULL;

  added = run (fixture, "not-the-Pa55word\n", "account", "add",
               "--url", fixture->server->url, "--user", RADICALE_USER, "--password-stdin", NULL);
  g_assert_cmpint (added->status, ==, 1);
  assert_contains (added->err, "user name or password");
  assert_clean (added, "not-the-Pa55word");
  g_assert_cmpuint (count_secrets (), ==, 0);
  g_assert_false (database_contains (fixture, "not-the-Pa55word"));
  accounts = list_accounts (fixture);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 0);
}

static void
test_several_then_chosen (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *paths[] = { "/" RADICALE_USER "/a-book/", "/" RADICALE_USER "/b-book/" };
  g_autoptr(Result) ambiguous = NULL;
  g_autoptr(Result) chosen = NULL;
  g_autoptr(JsonArray) accounts = NULL;
  g_autofree char *book = radicale_fixture_url (fixture->server, paths[1]);
  JsonObject *collections;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_assert_cmpuint (radicale_fixture_curl (fixture->server, "MKCOL", paths[i], "application/xml",
                                             "<?xml version=\"1.0\"?>"
                                             "<D:mkcol xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:carddav\">"
                                             "<D:set><D:prop><D:resourcetype><D:collection/><C:addressbook/>"
                                             "</D:resourcetype></D:prop></D:set></D:mkcol>"), ==, 201);

  ambiguous = run (fixture, RADICALE_PASSWORD "\n", "account", "add",
                   "--url", fixture->server->url, "--user", RADICALE_USER, "--password-stdin", NULL);
  g_assert_cmpint (ambiguous->status, ==, 1);
  assert_contains (ambiguous->err, "several address books");
  assert_contains (ambiguous->err, paths[0]);
  assert_contains (ambiguous->err, paths[1]);
  assert_contains (ambiguous->err, "--address-book");
  assert_clean (ambiguous, RADICALE_PASSWORD);
  g_assert_cmpuint (count_secrets (), ==, 0);

  chosen = run (fixture, RADICALE_PASSWORD "\n", "account", "add",
                "--url", fixture->server->url, "--user", RADICALE_USER, "--password-stdin",
                "--address-book", book, NULL);
  g_assert_cmpint (chosen->status, ==, 0);
  accounts = list_accounts (fixture);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 1);
  collections = json_object_get_object_member (json_array_get_object_element (accounts, 0), "collections");
  g_assert_cmpstr (json_object_get_string_member (collections, "customers"), ==, book);
  g_assert_cmpuint (count_secrets (), ==, 1);
}

/* The server refuses the calendar after the address book was made: the
 * user reads what failed and why, and nothing is left anywhere. */
static void
test_calendar_refused (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaultProxy) proxy = fault_proxy_new (fixture->server->port, &error);
  g_autoptr(Result) added = NULL;
  g_autoptr(JsonArray) accounts = NULL;
  g_autofree char *url = NULL;
  g_autofree char *book_dir = radicale_fixture_collection_dir (fixture->server, "/" RADICALE_USER "/rapport-customers/");

  g_assert_no_error (error);
  url = fault_proxy_url (proxy, "/");
  fault_proxy_refuse_method (proxy, "MKCALENDAR", 500, "Calendar storage is offline");

  added = run (fixture, RADICALE_PASSWORD "\n", "account", "add",
               "--url", url, "--user", RADICALE_USER, "--password-stdin", NULL);
  g_assert_cmpint (added->status, ==, 1);
  assert_contains (added->err, "could not create the calendar");
  assert_contains (added->err, "Rapport follow-ups");
  assert_contains (added->err, "Calendar storage is offline");
  assert_clean (added, RADICALE_PASSWORD);

  g_assert_false (g_file_test (book_dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_secrets (), ==, 0);
  g_assert_false (database_contains (fixture, RADICALE_PASSWORD));
  accounts = list_accounts (fixture);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 0);
}

static void
test_self_signed (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(Result) refused = NULL;
  g_autoptr(Result) trusted = NULL;
  g_autoptr(JsonArray) accounts = NULL;
  g_autofree char *fingerprint = radicale_fixture_openssl_fingerprint (fixture->server);

  refused = run (fixture, RADICALE_PASSWORD "\n", "account", "add",
                 "--url", fixture->server->url, "--user", RADICALE_USER, "--password-stdin", NULL);
  g_assert_cmpint (refused->status, ==, 1);
  assert_contains (refused->err, "not trusted");
  assert_contains (refused->err, fingerprint);
  assert_contains (refused->err, "--trust-certificate");
  g_assert_cmpuint (count_secrets (), ==, 0);

  trusted = run (fixture, RADICALE_PASSWORD "\n", "account", "add",
                 "--url", fixture->server->url, "--user", RADICALE_USER, "--password-stdin",
                 "--trust-certificate", fingerprint, NULL);
  g_assert_cmpint (trusted->status, ==, 0);
  accounts = list_accounts (fixture);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 0), "certificate"),
                   ==, fingerprint);
  g_assert_cmpuint (count_secrets (), ==, 1);
}

static void
test_redirect_to_other_origin (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(HostileServer) front = NULL;
  g_autoptr(Result) refused = NULL;
  g_autoptr(Result) entered = NULL;
  g_autoptr(JsonArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *start = NULL;
  g_autofree char *target = radicale_fixture_url (fixture->server, "/");

  /* A server on another port that sends everyone to Radicale. */
  front = hostile_server_new (&error);
  g_assert_no_error (error);
  hostile_server_set_redirect (front, target);
  start = hostile_server_url (front, "/other/");

  refused = run (fixture, RADICALE_PASSWORD "\n", "account", "add",
                 "--url", start, "--user", RADICALE_USER, "--password-stdin", NULL);
  g_assert_cmpint (refused->status, ==, 1);
  assert_contains (refused->err, "another address");
  assert_contains (refused->err, target);
  assert_contains (refused->err, "--url");
  assert_clean (refused, RADICALE_PASSWORD);
  g_assert_cmpuint (hostile_server_get_authorized (front), ==, 0);
  g_assert_cmpuint (count_secrets (), ==, 0);

  /* Entered as the server's address, it is the origin. */
  entered = run (fixture, RADICALE_PASSWORD "\n", "account", "add",
                 "--url", target, "--user", RADICALE_USER, "--password-stdin", NULL);
  g_assert_cmpint (entered->status, ==, 0);
  accounts = list_accounts (fixture);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 1);
  g_assert_cmpuint (count_secrets (), ==, 1);
}

static void
test_sync (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(Result) added = NULL;
  g_autoptr(Result) customer = NULL;
  g_autoptr(Result) synced = NULL;
  g_autoptr(Result) again = NULL;
  g_autoptr(Result) unknown = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *book_dir = radicale_fixture_collection_dir (fixture->server, "/" RADICALE_USER "/rapport-customers/");
  g_autoptr(GDir) dir = NULL;
  JsonObject *report;
  const char *name;
  guint cards = 0;

  added = run (fixture, RADICALE_PASSWORD "\n", "account", "add",
               "--url", fixture->server->url, "--user", RADICALE_USER, "--password-stdin", NULL);
  g_assert_cmpint (added->status, ==, 0);
  customer = run (fixture, NULL, "customer", "add", "--name", "Amara Okafor", NULL);
  g_assert_cmpint (customer->status, ==, 0);

  synced = run (fixture, NULL, "sync", "--account", "1", NULL);
  g_assert_cmpint (synced->status, ==, 0);
  assert_contains (synced->out, RADICALE_USER "@127.0.0.1: Synced: 1 sent");
  assert_clean (synced, RADICALE_PASSWORD);

  /* The card is on the server. */
  dir = g_dir_open (book_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    cards += g_str_has_suffix (name, ".vcf");
  g_assert_cmpuint (cards, ==, 1);

  /* Every account, as JSON; the result is recorded on the account. */
  again = run (fixture, NULL, "sync", "--json", NULL);
  g_assert_cmpint (again->status, ==, 0);
  json_parser_load_from_data (parser, again->out, -1, &error);
  g_assert_no_error (error);
  report = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_true (json_object_get_boolean_member (report, "ok"));
  g_assert_false (json_object_has_member (report, "error"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "set_aside")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (report, "summary"), ==, "Synced: no changes");
  g_assert_cmpint (json_object_get_int_member (report, "pushed_new"), ==, 0);

  accounts = list_accounts (fixture);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 0), "last_result"),
                   ==, "Synced: no changes");
  g_assert_false (json_object_get_null_member (json_array_get_object_element (accounts, 0), "last_sync"));

  unknown = run (fixture, NULL, "sync", "--account", "7", NULL);
  g_assert_cmpint (unknown->status, ==, 1);
  assert_contains (unknown->err, "no sync account with the id 7");
}

/* "1 set aside" is not the last word: sync --json lists which record and
 * why, and so does account show. */
static void
test_sync_lists_set_aside (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(Result) added = NULL;
  g_autoptr(Result) synced = NULL;
  g_autoptr(Result) shown = NULL;
  g_autoptr(Result) shown_json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) card = g_string_new ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:b0000000-0000-4000-8000-00000000000b\r\n"
                                          "FN:Many Types\r\nTEL;TYPE=");
  g_autoptr(GError) error = NULL;
  JsonObject *report;
  JsonArray *set_aside;
  JsonObject *item;

  added = run (fixture, RADICALE_PASSWORD "\n", "account", "add",
               "--url", fixture->server->url, "--user", RADICALE_USER, "--password-stdin", NULL);
  g_assert_cmpint (added->status, ==, 0);

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (card, "%sv%u", i > 0 ? "," : "", i);
  g_string_append (card, ":+2348030000001\r\nEND:VCARD\r\n");
  g_assert_cmpuint (radicale_fixture_curl (fixture->server, "PUT",
                                           "/" RADICALE_USER "/rapport-customers/many-types.vcf",
                                           "text/vcard", card->str), ==, 201);

  synced = run (fixture, NULL, "sync", "--json", NULL);
  g_assert_cmpint (synced->status, ==, 0);
  json_parser_load_from_data (parser, synced->out, -1, &error);
  g_assert_no_error (error);
  report = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpint (json_object_get_int_member (report, "quarantined"), ==, 1);
  set_aside = json_object_get_array_member (report, "set_aside");
  g_assert_cmpuint (json_array_get_length (set_aside), ==, 1);
  item = json_array_get_object_element (set_aside, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "customer");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (item, "href"), "/many-types.vcf"));
  assert_contains (json_object_get_string_member (item, "reason"), "TEL has more than 256 parameter values");

  /* A later sync reads nothing new, and still points at them. */
  g_clear_pointer (&synced, result_free);
  synced = run (fixture, NULL, "sync", NULL);
  g_assert_cmpint (synced->status, ==, 0);
  assert_contains (synced->out, "Synced: no changes\n"
                                "  1 record on the server is not read: see “rapportctl account show 1”\n");

  shown = run (fixture, NULL, "account", "show", "1", NULL);
  g_assert_cmpint (shown->status, ==, 0);
  assert_contains (shown->out, "1 record on the server could not be read; it is left there untouched:");
  assert_contains (shown->out, "    many-types.vcf: line 5: TEL has more than 256 parameter values");

  shown_json = run (fixture, NULL, "account", "show", "1", "--json", NULL);
  g_assert_cmpint (shown_json->status, ==, 0);
  json_parser_load_from_data (parser, shown_json->out, -1, &error);
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (report, "id"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "set_aside")), ==, 1);
}

/* Another program beside Rapport, with the fixture's folder as HOME. */
static G_GNUC_NULL_TERMINATED Result *
run_client (Fixture    *fixture,
            const char *input,
            const char *first,
            ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_build_filename (fixture->dir, "vdirsyncer.conf", NULL);
  Result *result = g_new0 (Result, 1);
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    {
      g_ptr_array_add (argv, (gpointer) arg);
      g_string_append_printf (shown, " %s", arg);
    }
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "HOME", fixture->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "VDIRSYNCER_CONFIG", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (process);
  g_test_message ("%s → %d\n%s%s", shown->str, result->status, result->out, result->err);

  return result;
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* Runs curl on @url as @user; its output, or NULL when it fails. */
static char *
curl_text (const char *url,
           const char *user,
           const char *password,
           const char *method,
           const char *body)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *credentials = g_strdup_printf ("%s:%s", user, password);
  char *out = NULL;

  if (body != NULL)
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                "curl", "-sf", "-u", credentials, "-X", method, "-H", "Depth: 1",
                                "-H", "Content-Type: application/xml", "--data-binary", "@-", url, NULL);
  else
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                "curl", "-sf", "-u", credentials, url, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, body, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_clear_pointer (&out, g_free);

  return out;
}

/* The server's copy, as the server serves it, of the one resource of the
 * collection at @collection_url that holds @needle; NULL when none does. */
static char *
server_copy_with (const char *collection_url,
                  const char *user,
                  const char *password,
                  const char *needle)
{
  g_autofree char *listing = curl_text (collection_url, user, password, "PROPFIND",
                                        "<?xml version=\"1.0\"?><propfind xmlns=\"DAV:\"><prop><getetag/></prop></propfind>");
  g_autoptr(GRegex) hrefs = g_regex_new ("<(?:[A-Za-z0-9]+:)?href>([^<]+)</(?:[A-Za-z0-9]+:)?href>", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GUri) base = g_uri_parse (collection_url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (listing);
  g_regex_match (hrefs, listing, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *href = g_match_info_fetch (match, 1);
      g_autoptr(GUri) item = g_uri_parse_relative (base, href, G_URI_FLAGS_NONE, NULL);
      g_autofree char *url = g_uri_to_string (item);
      g_autofree char *text = NULL;

      if (g_str_has_suffix (href, "/"))
        continue;
      text = curl_text (url, user, password, NULL, NULL);
      if (text != NULL && strstr (text, needle) != NULL)
        return g_steal_pointer (&text);
    }

  return NULL;
}

/* The URL rapportctl chose for the account's collection for @purpose. */
static char *
collection_url (Fixture    *fixture,
                const char *purpose)
{
  g_autoptr(JsonArray) accounts = list_accounts (fixture);
  JsonObject *collections = json_object_get_object_member (json_array_get_object_element (accounts, 0), "collections");

  return g_strdup (json_object_get_string_member (collections, purpose));
}

/* The card's lines, unfolded, but those named in @skip ("NOTE", "REV"). */
static char *
lines_without (const char         *card,
               const char * const *skip)
{
  g_autoptr(GString) unfolded = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  for (const char *p = card; *p != '\0'; p++)
    {
      if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t'))
        p += 2;
      else if (p[0] == '\n' && (p[1] == ' ' || p[1] == '\t'))
        p += 1;
      else
        g_string_append_c (unfolded, *p);
    }

  lines = g_strsplit (unfolded->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean skipped = FALSE;

      for (guint j = 0; skip[j] != NULL; j++)
        if (g_str_has_prefix (lines[i], skip[j]) && strchr (";:", lines[i][strlen (skip[j])]) != NULL)
          skipped = TRUE;
      if (!skipped)
        g_string_append_printf (out, "%s\n", lines[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* khard, synced with vdirsyncer, on the same address book: it reads what
 * Rapport writes, Rapport reads what it writes, and Rapport's edit of
 * one field leaves every other line it wrote as it was. */
static void
khard_through_vdirsyncer (Fixture    *fixture,
                          const char *server_url,
                          const char *user,
                          const char *password)
{
  static const char * const changed[] = { "NOTE", "REV", "PRODID", NULL };
  g_autofree char *book_url = NULL;
  g_autofree char *contacts = g_build_filename (fixture->dir, "contacts", NULL);
  g_autofree char *status = g_build_filename (fixture->dir, "vdirsyncer-status", NULL);
  g_autofree char *vdirsyncer_conf = g_build_filename (fixture->dir, "vdirsyncer.conf", NULL);
  g_autofree char *khard_conf = g_build_filename (fixture->dir, "khard.conf", NULL);
  g_autofree char *new_contact = g_build_filename (fixture->dir, "kofi.yaml", NULL);
  g_autofree char *password_line = g_strdup_printf ("%s\n", password);
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *before_lines = NULL;
  g_autofree char *after_lines = NULL;
  g_autoptr(Result) result = NULL;

  /* Rapport sets up its account and writes a customer to the server. */
  result = run (fixture, password_line, "account", "add",
                "--url", server_url, "--user", user, "--password-stdin", NULL);
  g_assert_cmpint (result->status, ==, 0);
  book_url = collection_url (fixture, "customers");
  g_assert_nonnull (book_url);

  g_mkdir_with_parents (contacts, 0700);
  text = g_strdup_printf ("[general]\nstatus_path = \"%s\"\n\n"
                          "[pair rapport]\na = \"server\"\nb = \"local\"\ncollections = null\n"
                          "conflict_resolution = \"a wins\"\n\n"
                          "[storage server]\ntype = \"carddav\"\nurl = \"%s\"\n"
                          "username = \"%s\"\npassword = \"%s\"\n\n"
                          "[storage local]\ntype = \"filesystem\"\npath = \"%s\"\nfileext = \".vcf\"\n",
                          status, book_url, user, password, contacts);
  write_text (vdirsyncer_conf, text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("[addressbooks]\n[[rapport]]\npath = %s\n\n"
                          "[general]\ndebug = no\ndefault_action = list\neditor = /bin/true\nmerge_editor = /bin/true\n\n"
                          "[contact table]\ndisplay = first_name\ngroup_by_addressbook = no\nreverse = no\n"
                          "show_nicknames = no\nshow_uids = yes\nsort = last_name\nlocalize_dates = yes\n"
                          "preferred_phone_number_type = pref, cell, home\n"
                          "preferred_email_address_type = pref, work, home\n\n"
                          "[vcard]\nprivate_objects = Jabber,\npreferred_version = 3.0\n"
                          "search_in_source_files = no\nskip_unparsable = no\n",
                          contacts);
  write_text (khard_conf, text);

  g_clear_pointer (&result, result_free);
  result = run (fixture, NULL, "customer", "add", "--name", "Amara Okafor", "--given-name", "Amara",
                "--family-name", "Okafor", "--email", "amara@example.com", "--phone", "+2348012345678", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run (fixture, NULL, "sync", NULL);
  g_assert_cmpint (result->status, ==, 0);

  /* khard reads it. */
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, "y\ny\n", "/usr/bin/vdirsyncer", "discover", "rapport", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, NULL, "/usr/bin/vdirsyncer", "sync", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, NULL, "/usr/bin/khard", "-c", khard_conf, "email", "--parsable", "Okafor", NULL);
  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "amara@example.com");

  /* khard writes a contact; Rapport reads it. */
  write_text (new_contact,
              "First name : Kofi\nLast name : Mensah\nNickname : Ko\nOrganisation : Mensah Trading\n"
              "Title : Buyer\nEmail :\n    work : kofi@mensah.example\nPhone :\n    cell : +233 20 123 4567\n"
              "Birthday : 1980-05-17\nWebpage : https://mensah.example/\nNote : Met at the fair\n");
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, NULL, "/usr/bin/khard", "-c", khard_conf, "new", "-a", "rapport",
                       "--input-file", new_contact, NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, NULL, "/usr/bin/vdirsyncer", "sync", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run (fixture, NULL, "sync", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run (fixture, NULL, "customer", "show", "kofi@mensah.example", "--json", NULL);
  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "\"display_name\" : \"Kofi Mensah\"");
  assert_contains (result->out, "\"job_title\" : \"Buyer\"");

  /* Rapport changes the notes; every other line khard wrote stays. */
  before = server_copy_with (book_url, user, password, "kofi@mensah.example");
  g_assert_nonnull (before);
  g_clear_pointer (&result, result_free);
  result = run (fixture, NULL, "customer", "edit", "kofi@mensah.example", "--notes", "Wants the new price list", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run (fixture, NULL, "sync", NULL);
  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "1 sent");
  after = server_copy_with (book_url, user, password, "kofi@mensah.example");
  g_assert_nonnull (after);
  g_test_message ("khard's card on the server:\n%s\nafter Rapport's edit:\n%s", before, after);
  before_lines = lines_without (before, changed);
  after_lines = lines_without (after, changed);
  g_assert_cmpstr (after_lines, ==, before_lines);
  assert_contains (after, "Wants the new price list");

  /* And khard sees the edit. */
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, NULL, "/usr/bin/vdirsyncer", "sync", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, NULL, "/usr/bin/khard", "-c", khard_conf, "show", "--format", "yaml", "Kofi", NULL);
  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "Wants the new price list");
  assert_contains (result->out, "Mensah Trading");
}

/* todoman, synced with vdirsyncer, on the same calendar: it lists the
 * follow-up Rapport writes; its task comes into Rapport as one of no
 * customer yet; assigned in Rapport, the task keeps every line todoman
 * wrote and gains only Rapport's customer link. */
static void
todoman_through_vdirsyncer (Fixture    *fixture,
                            const char *server_url,
                            const char *user,
                            const char *password)
{
  static const char * const changed[] = { "DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "PRODID", NULL };
  g_autofree char *password_line = g_strdup_printf ("%s\n", password);
  g_autofree char *lists = g_build_filename (fixture->dir, "tasks", NULL);
  g_autofree char *list = g_build_filename (lists, "follow-ups", NULL);
  g_autofree char *status = g_build_filename (fixture->dir, "vdirsyncer-status", NULL);
  g_autofree char *vdirsyncer_conf = g_build_filename (fixture->dir, "vdirsyncer.conf", NULL);
  g_autofree char *todoman_conf = g_build_filename (fixture->dir, "todoman.py", NULL);
  g_autofree char *calendar_url = NULL;
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *before_lines = NULL;
  g_autofree char *after_lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(Result) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  JsonArray *unassigned;

  result = run (fixture, password_line, "account", "add",
                "--url", server_url, "--user", user, "--password-stdin", NULL);
  g_assert_cmpint (result->status, ==, 0);
  calendar_url = collection_url (fixture, "tasks");
  g_assert_nonnull (calendar_url);

  g_mkdir_with_parents (list, 0700);
  text = g_strdup_printf ("[general]\nstatus_path = \"%s\"\n\n"
                          "[pair rapport]\na = \"server\"\nb = \"local\"\ncollections = null\n"
                          "conflict_resolution = \"a wins\"\n\n"
                          "[storage server]\ntype = \"caldav\"\nurl = \"%s\"\n"
                          "username = \"%s\"\npassword = \"%s\"\n\n"
                          "[storage local]\ntype = \"filesystem\"\npath = \"%s\"\nfileext = \".ics\"\n",
                          status, calendar_url, user, password, list);
  write_text (vdirsyncer_conf, text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("path = \"%s/*\"\ndate_format = \"%%Y-%%m-%%d\"\ntime_format = \"%%H:%%M\"\n"
                          "default_list = \"follow-ups\"\n", lists);
  write_text (todoman_conf, text);

  /* Rapport writes a follow-up; todoman lists it. */
  g_clear_pointer (&result, result_free);
  result = run (fixture, NULL, "customer", "add", "--name", "Amara Okafor", "--email", "amara@example.com", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run (fixture, NULL, "follow-up", "add", "--customer", "amara@example.com", "--due", "2026-12-20 10:00",
                "--time-zone", "Africa/Lagos", "--title", "Call back with the quote", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run (fixture, NULL, "sync", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, "y\ny\n", "/usr/bin/vdirsyncer", "discover", "rapport", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, NULL, "/usr/bin/vdirsyncer", "sync", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, NULL, "/usr/bin/todoman", "--config", todoman_conf, "--porcelain", "list", NULL);
  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "Call back with the quote");

  /* todoman writes a task; Rapport takes it as one of no customer yet. */
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, NULL, "/usr/bin/todoman", "--config", todoman_conf, "new", "--list", "follow-ups",
                       "--due", "2026-12-21 09:00", "--location", "Back office", "--priority", "low",
                       "Order more boxes", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, NULL, "/usr/bin/vdirsyncer", "sync", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run (fixture, NULL, "sync", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run (fixture, NULL, "follow-up", "list", "--no-customer", "--json", NULL);
  g_assert_cmpint (result->status, ==, 0);
  json_parser_load_from_data (parser, result->out, -1, &error);
  g_assert_no_error (error);
  unassigned = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "no_customer");
  g_assert_cmpuint (json_array_get_length (unassigned), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (unassigned, 0), "title"),
                   ==, "Order more boxes");
  id = g_strdup_printf ("%" G_GINT64_FORMAT,
                        json_object_get_int_member (json_array_get_object_element (unassigned, 0), "id"));

  /* Assigned in Rapport: every line todoman wrote stays. */
  before = server_copy_with (calendar_url, user, password, "Order more boxes");
  g_assert_nonnull (before);
  g_clear_pointer (&result, result_free);
  result = run (fixture, NULL, "follow-up", "assign", id, "amara@example.com", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run (fixture, NULL, "sync", NULL);
  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "1 sent");
  after = server_copy_with (calendar_url, user, password, "Order more boxes");
  g_assert_nonnull (after);
  g_test_message ("todoman's task on the server:\n%s\nafter Rapport assigned it:\n%s", before, after);
  before_lines = lines_without (before, changed);
  after_lines = lines_without (after, changed);
  {
    g_auto(GStrv) old_lines = g_strsplit (before_lines, "\n", -1);

    for (guint i = 0; old_lines[i] != NULL; i++)
      if (*old_lines[i] != '\0' && strstr (after_lines, old_lines[i]) == NULL)
        g_error ("Assigning the task changed or dropped “%s”", old_lines[i]);
  }
  assert_contains (after, "X-RAPPORT-CUSTOMER-UID:urn:uuid:");

  /* And todoman still reads it. */
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, NULL, "/usr/bin/vdirsyncer", "sync", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_clear_pointer (&result, result_free);
  result = run_client (fixture, NULL, "/usr/bin/todoman", "--config", todoman_conf, "--porcelain", "list", NULL);
  g_assert_cmpint (result->status, ==, 0);
  assert_contains (result->out, "Order more boxes");
  assert_contains (result->out, "Back office");
}

static gboolean
have_clients (const char *client)
{
  if (g_file_test (client, G_FILE_TEST_IS_EXECUTABLE) && g_file_test ("/usr/bin/vdirsyncer", G_FILE_TEST_IS_EXECUTABLE))
    return TRUE;

  g_test_skip ("the client or vdirsyncer is not installed (build-aux/install-deps installs them)");
  return FALSE;
}

static void
test_clients_khard_radicale (Fixture       *fixture,
                             gconstpointer  data)
{
  if (have_clients ("/usr/bin/khard"))
    khard_through_vdirsyncer (fixture, fixture->server->url, RADICALE_USER, RADICALE_PASSWORD);
}

static void
test_clients_todoman_radicale (Fixture       *fixture,
                               gconstpointer  data)
{
  if (have_clients ("/usr/bin/todoman"))
    todoman_through_vdirsyncer (fixture, fixture->server->url, RADICALE_USER, RADICALE_PASSWORD);
}

/* Xandikos as it starts with --defaults: it asks for no password. */
static void
test_clients_khard_xandikos (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XandikosFixture) xandikos = NULL;

  if (!have_clients ("/usr/bin/khard"))
    return;
  xandikos = xandikos_fixture_new (&error);
  g_assert_no_error (error);
  khard_through_vdirsyncer (fixture, xandikos->url, XANDIKOS_USER, "unused");
}

static void
test_clients_todoman_xandikos (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XandikosFixture) xandikos = NULL;

  if (!have_clients ("/usr/bin/todoman"))
    return;
  xandikos = xandikos_fixture_new (&error);
  g_assert_no_error (error);
  todoman_through_vdirsyncer (fixture, xandikos->url, XANDIKOS_USER, "unused");
}

static void
test_sync_without_accounts (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(Result) result = run (fixture, NULL, "sync", NULL);

  g_assert_cmpint (result->status, ==, 1);
  assert_contains (result->err, "rapportctl account add");
}

static void
test_sync_wrong_password (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(Result) added = NULL;
  g_autoptr(Result) synced = NULL;
  g_autoptr(JsonArray) accounts = NULL;

  added = run (fixture, RADICALE_PASSWORD "\n", "account", "add",
               "--url", fixture->server->url, "--user", RADICALE_USER, "--password-stdin", NULL);
  g_assert_cmpint (added->status, ==, 0);

  /* The keyring forgets the password: a clear error, exit 1. */
  delete_secrets ();
  synced = run (fixture, NULL, "sync", NULL);
  g_assert_cmpint (synced->status, ==, 1);
  assert_contains (synced->err, "no password");
  accounts = list_accounts (fixture);
  assert_contains (json_object_get_string_member (json_array_get_object_element (accounts, 0), "last_result"),
                   "Sync failed: ");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status = keyring_fixture_reexec (argc, argv);
  int result;

  if (status >= 0)
    return status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  if (!keyring_fixture_start (&error))
    g_error ("No Secret Service for the tests: %s", error->message);

  g_test_add ("/rapportctl/account/add-list-and-remove", Fixture, NULL,
              fixture_set_up, test_add_list_remove, fixture_tear_down);
  g_test_add ("/rapportctl/account/usage-errors", Fixture, NULL,
              fixture_set_up, test_usage_errors, fixture_tear_down);
  g_test_add ("/rapportctl/account/wrong-password-is-a-clear-error", Fixture, NULL,
              fixture_set_up, test_wrong_password, fixture_tear_down);
  g_test_add ("/rapportctl/account/several-address-books-are-chosen-by-option", Fixture, NULL,
              fixture_set_up, test_several_then_chosen, fixture_tear_down);
  g_test_add ("/rapportctl/account/calendar-refused-leaves-nothing-behind", Fixture, NULL,
              fixture_set_up, test_calendar_refused, fixture_tear_down);
  g_test_add ("/rapportctl/account/redirect-to-another-origin-says-how-to-trust-it", Fixture, NULL,
              fixture_set_up, test_redirect_to_other_origin, fixture_tear_down);
  g_test_add ("/rapportctl/sync/pushes-and-reports-in-plain-words", Fixture, NULL,
              fixture_set_up, test_sync, fixture_tear_down);
  g_test_add ("/rapportctl/sync/set-aside-records-listed-with-reason", Fixture, NULL,
              fixture_set_up, test_sync_lists_set_aside, fixture_tear_down);
  g_test_add ("/rapportctl/clients/radicale/khard-through-vdirsyncer-keeps-every-line", Fixture, NULL,
              fixture_set_up, test_clients_khard_radicale, fixture_tear_down);
  g_test_add ("/rapportctl/clients/xandikos/khard-through-vdirsyncer-keeps-every-line", Fixture, NULL,
              fixture_set_up, test_clients_khard_xandikos, fixture_tear_down);
  g_test_add ("/rapportctl/clients/radicale/todoman-through-vdirsyncer-keeps-every-line", Fixture, NULL,
              fixture_set_up, test_clients_todoman_radicale, fixture_tear_down);
  g_test_add ("/rapportctl/clients/xandikos/todoman-through-vdirsyncer-keeps-every-line", Fixture, NULL,
              fixture_set_up, test_clients_todoman_xandikos, fixture_tear_down);
  g_test_add ("/rapportctl/sync/without-accounts-says-how-to-add-one", Fixture, NULL,
              fixture_set_up, test_sync_without_accounts, fixture_tear_down);
  g_test_add ("/rapportctl/sync/password-missing-from-the-keyring", Fixture, NULL,
              fixture_set_up, test_sync_wrong_password, fixture_tear_down);
  g_test_add ("/rapportctl/account/self-signed-certificate-trusted-by-fingerprint", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_self_signed, fixture_tear_down);

  result = g_test_run ();

  keyring_fixture_stop ();
  return result;
}
