/* test-rapportctl-notices.c
 *
 * rapportctl notices list|render|mark end to end: the real binary (its
 * path in $RAPPORTCTL) on a database in a fresh temporary folder, with
 * the catalogs just built ($RAPPORT_NOTICES_LOCALEDIR, inherited).
 * "render" must print exactly the reviewed texts of tests/notices/;
 * errors exit 1 (bad data, unknown notice) or 2 (usage) with a message
 * naming the notice or the field, and leave the database as it was.
 *
 * Dates are chosen so that the notices are due whatever day the test
 * runs on after 2026-11: lead times of 400 days.
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "test-util.h"

typedef struct
{
  char *dir;
  char *db;
  char *localedir;   /* NULL: the built catalogs */
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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rapportctl-notices-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "crm.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->localedir, g_free);
  g_clear_pointer (&fixture->db, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

/* rapportctl --db DB ARGS…; $XDG_DATA_HOME inside the test folder. */
static G_GNUC_NULL_TERMINATED Result *
run (Fixture    *fixture,
     const char *first,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) shown = g_string_new ("rapportctl");
  g_autofree char *data_home = g_build_filename (fixture->dir, "data", NULL);
  const char *path = g_getenv ("RAPPORTCTL");
  Result *result = g_new0 (Result, 1);
  va_list args;

  g_assert_nonnull (path);
  g_assert_nonnull (g_getenv ("RAPPORT_NOTICES_LOCALEDIR"));

  g_ptr_array_add (argv, (gpointer) path);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, fixture->db);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    {
      g_ptr_array_add (argv, (gpointer) arg);
      g_string_append_printf (shown, " %s", arg);
    }
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  if (fixture->localedir != NULL)
    g_subprocess_launcher_setenv (launcher, "RAPPORT_NOTICES_LOCALEDIR", fixture->localedir, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);

  g_test_message ("%s\n→ %d\nstdout: %s\nstderr: %s", shown->str, result->status,
                  result->out, result->err);
  return result;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
read_expected (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".txt", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "notices", file, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The business's settings have no command of their own: write them
 * through the store before rapportctl opens the file. */
static void
set_business (Fixture    *fixture,
              const char *name,
              const char *owner,
              const char *language)
{
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = rapport_store_open (fixture->db, &error);
  g_assert_no_error (error);
  g_assert_true (rapport_store_set_setting (store, "business-name", name, &error));
  g_assert_true (rapport_store_set_setting (store, "owner-name", owner, &error));
  if (language != NULL)
    g_assert_true (rapport_store_set_setting (store, "default-language", language, &error));
  g_assert_no_error (error);
}

static void
add_anna (Fixture *fixture)
{
  g_autoptr(Result) customer = NULL;
  g_autoptr(Result) contract = NULL;

  set_business (fixture, "Rapport Beratung GmbH", "Jonas Keller", NULL);
  customer = run (fixture, "customer", "add", "--name", "Anna Müller", "--given-name", "Anna",
                  "--family-name", "Müller", "--form-of-address", "Frau", "--language", "de",
                  "--email", "anna@example.de", NULL);
  g_assert_cmpint (customer->status, ==, 0);
  contract = run (fixture, "contract", "add", "--customer", "anna@example.de",
                  "--product", "Premium-Support", "--start", "2026-01-01", "--end", "2026-12-31",
                  "--value", "1234.50", "--currency", "EUR", "--lead-days", "400", NULL);
  g_assert_cmpint (contract->status, ==, 0);
}

/* The notices list as JSON, after the pass it runs. */
static JsonArray *
list_json (Fixture    *fixture,
           const char *state)
{
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;

  result = state != NULL
           ? run (fixture, "notices", "list", "--json", "--state", state, NULL)
           : run (fixture, "notices", "list", "--json", NULL);
  g_assert_cmpint (result->status, ==, 0);
  g_assert_cmpstr (result->err, ==, "");
  node = parse_json (result->out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_ref (json_node_get_array (node));
}

static void
test_list_and_render (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonArray) notices = NULL;
  g_autoptr(JsonArray) again = NULL;
  g_autoptr(JsonArray) sent = NULL;
  g_autoptr(Result) table = NULL;
  g_autoptr(Result) text = NULL;
  g_autoptr(Result) json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *expected = read_expected ("de-renewal-frau");
  JsonObject *notice;
  JsonObject *rendered;
  gint64 id;
  char id_text[32];

  add_anna (fixture);

  notices = list_json (fixture, NULL);
  g_assert_cmpuint (json_array_get_length (notices), ==, 1);
  notice = json_array_get_object_element (notices, 0);
  id = json_object_get_int_member (notice, "id");
  g_assert_cmpstr (json_object_get_string_member (notice, "language"), ==, "de");
  g_assert_cmpstr (json_object_get_string_member (notice, "state"), ==, "due");
  g_assert_cmpstr (json_object_get_string_member (notice, "due_date"), ==, "2025-11-26");
  g_assert_cmpstr (json_object_get_string_member (notice, "customer_name"), ==, "Anna Müller");
  g_assert_cmpstr (json_object_get_string_member (notice, "product"), ==, "Premium-Support");
  g_assert_false (json_object_get_boolean_member (notice, "courtesy"));
  g_assert_cmpstr (json_object_get_string_member (notice, "subject"), ==,
                   "Ihr Vertrag für Premium-Support endet am 31. Dezember 2026");

  /* Listing again prepares nothing new. */
  again = list_json (fixture, NULL);
  g_assert_cmpuint (json_array_get_length (again), ==, 1);
  sent = list_json (fixture, "sent");
  g_assert_cmpuint (json_array_get_length (sent), ==, 0);

  table = run (fixture, "notices", "list", NULL);
  g_assert_cmpint (table->status, ==, 0);
  assert_contains (table->out, "SUBJECT");
  assert_contains (table->out, "2025-11-26");
  assert_contains (table->out, "Anna Müller");
  assert_contains (table->out, "Ihr Vertrag für Premium-Support endet am 31. Dezember 2026");

  g_snprintf (id_text, sizeof id_text, "%" G_GINT64_FORMAT, id);
  text = run (fixture, "notices", "render", id_text, NULL);
  g_assert_cmpint (text->status, ==, 0);
  g_assert_cmpstr (text->err, ==, "");
  g_assert_cmpstr (text->out, ==, expected);

  json = run (fixture, "notices", "render", id_text, "--json", NULL);
  g_assert_cmpint (json->status, ==, 0);
  node = parse_json (json->out);
  rendered = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (rendered, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (rendered, "language"), ==, "de");
  g_assert_cmpstr (json_object_get_string_member (rendered, "subject"), ==,
                   "Ihr Vertrag für Premium-Support endet am 31. Dezember 2026");
  g_assert_true (g_str_has_prefix (expected + strlen ("Subject: ") +
                                   strlen (json_object_get_string_member (rendered, "subject")) + 2,
                                   json_object_get_string_member (rendered, "body")));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (rendered, "mailto"),
                                   "mailto:anna@example.de?subject=Ihr%20Vertrag%20f%C3%BCr%20Premium-Support"
                                   "%20endet%20am%2031.%20Dezember%202026&body=Sehr%20geehrte%20Frau%20M%C3%BCller%2C"
                                   "%0D%0A%0D%0AIhr%20Vertrag"));
}

static void
test_render_in_another_language (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(JsonArray) notices = NULL;
  g_autoptr(Result) french = NULL;
  g_autoptr(Result) italian = NULL;
  g_autoptr(Result) bad = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) fallback = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *expected = read_expected ("de-renewal-frau");
  g_autoptr(Result) stored = NULL;
  JsonObject *object;
  char id[32];

  add_anna (fixture);
  notices = list_json (fixture, NULL);
  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT,
              json_object_get_int_member (json_array_get_object_element (notices, 0), "id"));

  french = run (fixture, "notices", "render", id, "--lang", "fr", "--json", NULL);
  g_assert_cmpint (french->status, ==, 0);
  node = parse_json (french->out);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "language"), ==, "fr");
  g_assert_cmpstr (json_object_get_string_member (object, "subject"), ==,
                   "Votre contrat Premium-Support arrive à échéance le 31 décembre 2026");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "body"),
                                   "Chère Madame Müller,\n\nVotre contrat Premium-Support"));

  /* No Italian catalog: the customer's German. */
  italian = run (fixture, "notices", "render", id, "--lang", "it", "--json", NULL);
  g_assert_cmpint (italian->status, ==, 0);
  fallback = parse_json (italian->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (fallback), "language"), ==, "de");

  /* Rendering in another language changes nothing stored. */
  stored = run (fixture, "notices", "render", id, NULL);
  g_assert_cmpstr (stored->out, ==, expected);

  before = dump_database (fixture->db);
  bad = run (fixture, "notices", "render", id, "--lang", "fr_FR!", NULL);
  g_assert_cmpint (bad->status, ==, 1);
  g_assert_cmpstr (bad->out, ==, "");
  assert_contains (bad->err, "language");
  assert_contains (bad->err, "fr_FR!");
  after = dump_database (fixture->db);
  g_assert_cmpstr (before, ==, after);
}

static void
test_mark (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonArray) notices = NULL;
  g_autoptr(JsonArray) sent = NULL;
  g_autoptr(Result) marked = NULL;
  g_autoptr(Result) renewed = NULL;
  g_autoptr(Result) contract = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) contract_node = NULL;
  JsonObject *object;
  char id[32];

  add_anna (fixture);
  notices = list_json (fixture, NULL);
  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT,
              json_object_get_int_member (json_array_get_object_element (notices, 0), "id"));

  marked = run (fixture, "notices", "mark", id, "--state", "sent", NULL);
  g_assert_cmpint (marked->status, ==, 0);
  assert_contains (marked->out, "Anna Müller, Premium-Support");
  assert_contains (marked->out, "Sent");

  sent = list_json (fixture, "sent");
  g_assert_cmpuint (json_array_get_length (sent), ==, 1);
  object = json_array_get_object_element (sent, 0);
  g_assert_false (json_object_get_null_member (object, "sent_at"));

  renewed = run (fixture, "notices", "mark", id, "--state", "renewed", "--json", NULL);
  g_assert_cmpint (renewed->status, ==, 0);
  node = parse_json (renewed->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "state"), ==, "renewed");

  /* The contract followed. */
  contract = run (fixture, "contract", "show", "1", "--json", NULL);
  g_assert_cmpint (contract->status, ==, 0);
  contract_node = parse_json (contract->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (contract_node), "state"), ==, "renewed");
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonArray) notices = NULL;
  struct
  {
    const char *args[8];
    int         status;
    const char *message;
  } cases[] = {
    { { "notices", "render", "999", NULL }, 1, "There is no renewal notice 999" },
    { { "notices", "mark", "999", "--state", "sent", NULL }, 1, "There is no renewal notice 999" },
    { { "notices", "render", "abc", NULL }, 1, "renewal notice: “abc” is not a record id" },
    { { "notices", "mark", "1", "--state", "posted", NULL }, 1,
      "renewal notice “Anna Müller, Premium-Support”: state: “posted” is not one of: due, prepared, sent, renewed, lapsed" },
    { { "notices", "list", "--state", "posted", NULL }, 1, "state: “posted”" },
    { { "notices", "mark", "1", NULL }, 2, "missing required option --state" },
    { { "notices", "render", NULL }, 2, "missing renewal notice id" },
    { { "notices", "render", "1", "2", NULL }, 2, "too many arguments" },
    { { "notices", "list", "extra", NULL }, 2, "unexpected argument “extra”" },
    { { "notices", "list", "--frobnicate", NULL }, 2, "--frobnicate" },
    { { "notices", "send", NULL }, 2, "send" },
    { { "notices", NULL }, 2, "missing command" },
  };

  add_anna (fixture);
  notices = list_json (fixture, NULL);
  g_assert_cmpuint (json_array_get_length (notices), ==, 1);
  before = dump_database (fixture->db);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Result) result = run (fixture, cases[i].args[0], cases[i].args[1], cases[i].args[2],
                                      cases[i].args[3], cases[i].args[4], cases[i].args[5],
                                      cases[i].args[6], NULL);

      g_assert_cmpint (result->status, ==, cases[i].status);
      assert_contains (result->err, cases[i].message);
      g_assert_true (g_str_has_prefix (result->err, "rapportctl: ") || cases[i].status == 2);
    }

  after = dump_database (fixture->db);
  g_assert_cmpstr (before, ==, after);
}

/* An organization in Japanese, and an auto-renewing contract rolled
 * forward with its courtesy notice, in English by the business's
 * language. */
static void
test_organization_and_courtesy (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *expected = read_expected ("ja-renewal-organization");
  g_autofree char *today = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(JsonArray) notices = NULL;
  g_autoptr(Result) org = NULL;
  g_autoptr(Result) org_contract = NULL;
  g_autoptr(Result) person = NULL;
  g_autoptr(Result) renewing = NULL;
  g_autoptr(Result) text = NULL;
  g_autoptr(Result) shown = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *contract;
  const char *end;
  gboolean found_courtesy = FALSE;
  char id[32];

  set_business (fixture, "株式会社ラポール", "鈴木 一郎", "en");
  org = run (fixture, "customer", "add", "--organization", "--name", "株式会社サンプル",
             "--language", "ja", "--email", "info@sample.example.jp", NULL);
  g_assert_cmpint (org->status, ==, 0);
  org_contract = run (fixture, "contract", "add", "--customer", "info@sample.example.jp",
                      "--product", "サーバー保守", "--start", "2026-01-01", "--end", "2026-12-31",
                      "--value", "300000", "--currency", "JPY", "--lead-days", "400", NULL);
  g_assert_cmpint (org_contract->status, ==, 0);
  /* No language of her own: the business's English. */
  person = run (fixture, "customer", "add", "--name", "Kim Lee", "--given-name", "Kim",
                "--family-name", "Lee", "--email", "kim@example.com", NULL);
  g_assert_cmpint (person->status, ==, 0);
  renewing = run (fixture, "contract", "add", "--customer", "kim@example.com",
                  "--product", "Cloud Backup", "--start", "2025-01-01", "--end", "2025-12-31",
                  "--value", "99", "--currency", "USD", "--lead-days", "400", "--auto-renew", NULL);
  g_assert_cmpint (renewing->status, ==, 0);

  notices = list_json (fixture, "due");
  g_assert_cmpuint (json_array_get_length (notices), ==, 2);
  for (guint i = 0; i < json_array_get_length (notices); i++)
    {
      JsonObject *notice = json_array_get_object_element (notices, i);

      if (json_object_get_boolean_member (notice, "courtesy"))
        {
          found_courtesy = TRUE;
          g_assert_cmpstr (json_object_get_string_member (notice, "language"), ==, "en");
          g_assert_cmpstr (json_object_get_string_member (notice, "subject"), ==,
                           "Your Cloud Backup contract will renew automatically");
        }
      else
        {
          g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, json_object_get_int_member (notice, "id"));
          g_assert_cmpstr (json_object_get_string_member (notice, "language"), ==, "ja");
        }
    }
  g_assert_true (found_courtesy);

  text = run (fixture, "notices", "render", id, NULL);
  g_assert_cmpint (text->status, ==, 0);
  g_assert_cmpstr (text->out, ==, expected);

  /* Rolled forward by whole years until its end is not before today. */
  shown = run (fixture, "contract", "show", "2", "--json", NULL);
  g_assert_cmpint (shown->status, ==, 0);
  node = parse_json (shown->out);
  contract = json_node_get_object (node);
  end = json_object_get_string_member (contract, "end_date");
  today = g_date_time_format (now, "%Y-%m-%d");
  g_assert_cmpstr (end, >=, today);
  g_assert_true (g_str_has_suffix (end, "-12-31"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (contract, "start_date"), "-01-01"));
  g_assert_cmpstr (json_object_get_string_member (contract, "state"), ==, "active");
}

/* @contents as LOCALEDIR/LANGUAGE/LC_MESSAGES/rapport-notices.mo. */
static void
install_catalog (const char *localedir,
                 const char *language,
                 const char *contents,
                 gsize       size)
{
  g_autofree char *dir = g_build_filename (localedir, language, "LC_MESSAGES", NULL);
  g_autofree char *path = g_build_filename (dir, "rapport-notices.mo", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, size, &error);
  g_assert_no_error (error);
}

/* One customer's notice cannot be prepared (the French catalog is
 * damaged): that contract is reported on stderr with its reason and the
 * listing goes on with every other notice, exit status 1. A customer
 * whose language tag came from outside, 362 characters long, gets
 * English. Both used to stop the listing for everyone. */
static void
test_list_reports_failing_contract_only (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autofree char *de = g_build_filename (g_getenv ("RAPPORT_NOTICES_LOCALEDIR"), "de",
                                          "LC_MESSAGES", "rapport-notices.mo", NULL);
  g_autofree char *de_contents = NULL;
  g_autoptr(GString) long_tag = g_string_new ("en");
  g_autoptr(GError) error = NULL;
  g_autoptr(Result) claire = NULL;
  g_autoptr(Result) claire_contract = NULL;
  g_autoptr(Result) kim = NULL;
  g_autoptr(Result) kim_contract = NULL;
  g_autoptr(Result) json = NULL;
  g_autoptr(Result) table = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *notices;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gsize de_size = 0;

  fixture->localedir = g_build_filename (fixture->dir, "locale", NULL);
  g_file_get_contents (de, &de_contents, &de_size, &error);
  g_assert_no_error (error);
  install_catalog (fixture->localedir, "de", de_contents, de_size);
  install_catalog (fixture->localedir, "fr", "not a catalog", 13);

  add_anna (fixture);
  claire = run (fixture, "customer", "add", "--name", "Claire Dupont", "--form-of-address", "Mme",
                "--language", "fr", "--email", "claire@example.fr", NULL);
  g_assert_cmpint (claire->status, ==, 0);
  claire_contract = run (fixture, "contract", "add", "--customer", "claire@example.fr",
                         "--product", "Assistance", "--start", "2026-01-01", "--end", "2026-12-31",
                         "--value", "100", "--currency", "EUR", "--lead-days", "400", NULL);
  g_assert_cmpint (claire_contract->status, ==, 0);
  kim = run (fixture, "customer", "add", "--name", "Kim Lee", "--email", "kim@example.com", NULL);
  g_assert_cmpint (kim->status, ==, 0);
  kim_contract = run (fixture, "contract", "add", "--customer", "kim@example.com",
                      "--product", "Backup", "--start", "2026-01-01", "--end", "2026-12-31",
                      "--value", "100", "--currency", "EUR", "--lead-days", "400", NULL);
  g_assert_cmpint (kim_contract->status, ==, 0);

  /* As an import from elsewhere could have stored it. */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (long_tag, "-a%07x", i);
  g_assert_cmpuint (long_tag->len, ==, 362);
  g_assert_cmpint (sqlite3_open (fixture->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE customer SET language = ?1 WHERE display_name = 'Kim Lee'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, long_tag->str, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  json = run (fixture, "notices", "list", "--json", NULL);
  g_assert_cmpint (json->status, ==, 1);
  assert_contains (json->err, "“Assistance” (Claire Dupont)");
  assert_contains (json->err, "is damaged");
  g_assert_null (strstr (json->err, "Backup"));
  node = parse_json (json->out);
  notices = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (notices), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *notice = json_array_get_object_element (notices, i);
      const char *product = json_object_get_string_member (notice, "product");

      if (g_str_equal (product, "Backup"))
        g_assert_cmpstr (json_object_get_string_member (notice, "language"), ==, "en");
      else
        {
          g_assert_cmpstr (product, ==, "Premium-Support");
          g_assert_cmpstr (json_object_get_string_member (notice, "language"), ==, "de");
        }
    }

  table = run (fixture, "notices", "list", NULL);
  g_assert_cmpint (table->status, ==, 1);
  assert_contains (table->out, "Premium-Support");
  assert_contains (table->out, "Backup");
  g_assert_null (strstr (table->out, "Assistance"));
  assert_contains (table->err, "Assistance");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/rapportctl/notices/list-prepares-once-and-render-prints-the-letter", test_list_and_render);
  ADD ("/rapportctl/notices/render-in-another-language", test_render_in_another_language);
  ADD ("/rapportctl/notices/mark-moves-notice-and-contract", test_mark);
  ADD ("/rapportctl/notices/errors-name-the-notice-and-change-nothing", test_errors);
  ADD ("/rapportctl/notices/organization-and-courtesy-notice", test_organization_and_courtesy);
  ADD ("/rapportctl/notices/list-reports-a-failing-contract-only", test_list_reports_failing_contract_only);

#undef ADD

  return g_test_run ();
}
