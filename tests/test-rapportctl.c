/* test-rapportctl.c
 *
 * rapportctl end to end: the real binary (its path in $RAPPORTCTL) run
 * through GSubprocess on a database in a fresh temporary folder, with
 * every form of issue 2, the --json output parsed and checked, the exit
 * status (0 success, 1 failure, 2 usage error) and the messages on stderr,
 * which must name the record, the field and what is wrong. A refused
 * command must leave the database exactly as it was.
 *
 * The tests run with TZ=Europe/Berlin (tests/meson.build): "the user's
 * zone" below is Berlin, UTC+1 in winter.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rapport-store.h"
#include "test-util.h"

typedef struct
{
  char *dir;
  char *db;
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

  fixture->dir = g_dir_make_tmp ("rapportctl-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "crm.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->db, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static const char *
rapportctl_path (void)
{
  const char *path = g_getenv ("RAPPORTCTL");

  g_assert_nonnull (path);
  return path;
}

/* Runs rapportctl with @args (NULL-terminated, --db not added) and @input
 * on stdin. $XDG_DATA_HOME points into the test folder so that nothing
 * outside it is ever touched. */
static Result *
run_argv (Fixture            *fixture,
          const char         *input,
          const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) shown = g_string_new ("rapportctl");
  Result *result = g_new0 (Result, 1);
  g_autofree char *data_home = g_build_filename (fixture->dir, "data", NULL);

  g_ptr_array_add (argv, (gpointer) rapportctl_path ());
  for (guint i = 0; args[i] != NULL; i++)
    {
      g_ptr_array_add (argv, (gpointer) args[i]);
      g_string_append_printf (shown, " %s", args[i]);
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, input, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);

  g_test_message ("%s\n→ %d\nstdout: %s\nstderr: %s", shown->str, result->status,
                  result->out, result->err);

  return result;
}

static Result *
run_va (Fixture    *fixture,
        const char *input,
        const char *first,
        va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;

  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, fixture->db);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  return run_argv (fixture, input, (const char * const *) argv->pdata);
}

/* rapportctl --db DB ARGS… */
static G_GNUC_NULL_TERMINATED Result *
run (Fixture    *fixture,
     const char *first,
     ...)
{
  Result *result;
  va_list args;

  va_start (args, first);
  result = run_va (fixture, NULL, first, args);
  va_end (args);

  return result;
}

static G_GNUC_NULL_TERMINATED Result *
run_with_input (Fixture    *fixture,
                const char *input,
                const char *first,
                ...)
{
  Result *result;
  va_list args;

  va_start (args, first);
  result = run_va (fixture, input, first, args);
  va_end (args);

  return result;
}

static void
assert_status (Result *result,
               int     status)
{
  g_assert_cmpint (result->status, ==, status);
}

static void
assert_ok (Result *result)
{
  assert_status (result, 0);
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

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));

  return json_node_copy (json_parser_get_root (parser));
}

/* The id a command printed alone on stdout. */
static char *
printed_id (Result *result)
{
  g_autofree char *text = g_strstrip (g_strdup (result->out));
  guint64 id = 0;

  g_assert_true (g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL));
  return g_steal_pointer (&text);
}

static gint64
id_of (const char *text)
{
  return g_ascii_strtoll (text, NULL, 10);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_string_member (object, name);
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;

  return FALSE;
}

/* The database's contents, to compare before and after a refused command;
 * "" when there is no database yet. */
static char *
snapshot (Fixture *fixture)
{
  if (!g_file_test (fixture->db, G_FILE_TEST_EXISTS))
    return g_strdup ("");

  return dump_database (fixture->db);
}

static JsonNode *
show_customer (Fixture    *fixture,
               const char *ref)
{
  g_autoptr(Result) result = run (fixture, "customer", "show", ref, "--json", NULL);

  assert_ok (result);
  return parse_json (result->out);
}

static JsonNode *
list_customers (Fixture *fixture)
{
  g_autoptr(Result) result = run (fixture, "customer", "list", "--json", NULL);

  assert_ok (result);
  return parse_json (result->out);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* The first form of issue 2, exactly as written there. */
static char *
add_amara (Fixture *fixture)
{
  g_autoptr(Result) result = run (fixture, "customer", "add", "--name", "Amara Okafor",
                                  "--email", "amara@example.com", "--phone", "+2348012345678",
                                  "--type", "returning", "--type", "international",
                                  "--language", "en-NG", "--time-zone", "Africa/Lagos",
                                  "--form-of-address", "Ms.", NULL);

  assert_ok (result);
  g_assert_cmpstr (result->err, ==, "");
  return printed_id (result);
}

static char *
add_kigali (Fixture *fixture)
{
  g_autoptr(Result) result = run (fixture, "customer", "add", "--organization",
                                  "--name", "Kigali Coffee Ltd", "--type", "b2b", NULL);

  assert_ok (result);
  return printed_id (result);
}

static char *
add_follow_up (Fixture    *fixture,
               const char *customer,
               const char *due,
               const char *title)
{
  g_autoptr(Result) result = run (fixture, "follow-up", "add", "--customer", customer,
                                  "--due", due, "--title", title, NULL);

  assert_ok (result);
  return printed_id (result);
}

/* A local date-time string @seconds from now in the user's zone. */
static char *
local_from_now (gint64 seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, seconds);

  return g_date_time_format (then, "%Y-%m-%d %H:%M:%S");
}

static char *
local_date_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Global options and usage --------------------------------------------- */

static void
test_version (Fixture       *fixture,
              gconstpointer  data)
{
  const char *args[] = { "--version", NULL };
  g_autoptr(Result) result = run_argv (fixture, NULL, args);

  assert_ok (result);
  g_assert_cmpstr (result->out, ==, "rapportctl " PACKAGE_VERSION "\n");
}

static void
test_help (Fixture       *fixture,
           gconstpointer  data)
{
  const char *global[] = { "--help", NULL };
  const char *add[] = { "customer", "add", "--help", NULL };
  const char *group[] = { "follow-up", "--help", NULL };
  g_autoptr(Result) result = run_argv (fixture, NULL, global);

  assert_ok (result);
  assert_contains (result->out, "--db FILE");
  for (guint i = 0; i < 7; i++)
    {
      const char *commands[] = { "customer", "log", "history", "follow-up", "contract", "import", "export" };

      assert_contains (result->out, commands[i]);
    }

  g_clear_pointer (&result, result_free);
  result = run_argv (fixture, NULL, add);
  assert_ok (result);
  assert_contains (result->out, "rapportctl [--db FILE] customer add");
  assert_contains (result->out, "--email");
  assert_contains (result->out, "--time-zone");
  assert_contains (result->out, "--form-of-address");

  g_clear_pointer (&result, result_free);
  result = run_argv (fixture, NULL, group);
  assert_ok (result);
  assert_contains (result->out, "snooze");
  assert_contains (result->out, "done");

  /* Help never opens, let alone creates, the database. */
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));
}

static void
test_no_command (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *args[] = { "--db", fixture->db, NULL };
  g_autoptr(Result) result = run_argv (fixture, NULL, args);
  g_autoptr(Result) group = run (fixture, "customer", NULL);

  assert_status (result, 2);
  assert_contains (result->err, "rapportctl: missing command");
  assert_status (group, 2);
  assert_contains (group->err, "customer: missing command");
}

static void
test_unknown_command (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(Result) result = run (fixture, "frobnicate", NULL);
  g_autoptr(Result) sub = run (fixture, "customer", "frobnicate", NULL);

  assert_status (result, 2);
  assert_contains (result->err, "rapportctl: unknown command “frobnicate”");
  assert_status (sub, 2);
  assert_contains (sub->err, "rapportctl: customer: unknown command “frobnicate”");
}

static void
test_unknown_option (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *global[] = { "--verbose", "customer", "list", NULL };
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) list = NULL;

  result = run (fixture, "customer", "add", "--name", "Amara Okafor", "--colour", "blue", NULL);
  assert_status (result, 2);
  assert_contains (result->err, "rapportctl: customer add:");
  assert_contains (result->err, "--colour");
  assert_contains (result->err, "rapportctl customer add --help");
  g_assert_cmpstr (result->out, ==, "");

  g_clear_pointer (&result, result_free);
  result = run_argv (fixture, NULL, global);
  assert_status (result, 2);
  assert_contains (result->err, "“--verbose”");

  /* Nothing was added. */
  list = list_customers (fixture);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 0);
}

static void
test_missing_required_option (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autofree char *before = snapshot (fixture);
  g_autofree char *after = NULL;
  static const struct {
    const char *args[12];
    const char *option;
  } cases[] = {
    { { "customer", "add", "--email", "x@example.com", NULL }, "--name" },
    { { "log", "--subject", "Late delivery", NULL }, "--customer" },
    { { "follow-up", "add", "--customer", "amara@example.com", "--title", "Call", NULL }, "--due" },
    { { "follow-up", "add", "--customer", "amara@example.com", "--due", "2026-12-01", NULL }, "--title" },
    { { "follow-up", "snooze", "1", NULL }, "--until" },
    { { "contract", "add", "--customer", "amara@example.com", "--product", "Support plan",
        "--start", "2026-01-01", NULL }, "--end" },
    { { "customer", "show", NULL }, "id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(Result) result = NULL;

      g_ptr_array_add (argv, (gpointer) "--db");
      g_ptr_array_add (argv, fixture->db);
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_ptr_array_add (argv, (gpointer) cases[i].args[j]);
      g_ptr_array_add (argv, NULL);

      result = run_argv (fixture, NULL, (const char * const *) argv->pdata);
      assert_status (result, 2);
      assert_contains (result->err, cases[i].option);
      assert_contains (result->err, "--help");
    }

  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);
}

static void
test_default_database (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *add[] = { "customer", "add", "--name", "Amara Okafor", NULL };
  const char *list[] = { "customer", "list", "--json", NULL };
  g_autofree char *path = g_build_filename (fixture->dir, "data", "rapport", "rapport.db", NULL);
  g_autoptr(Result) result = run_argv (fixture, NULL, add);
  g_autoptr(JsonNode) node = NULL;
  GStatBuf st;

  assert_ok (result);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));

  /* Customer data is confidential: the file is for its owner only. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_clear_pointer (&result, result_free);
  result = run_argv (fixture, NULL, list);
  assert_ok (result);
  node = parse_json (result->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
}

/* customer -------------------------------------------------------------- */

static void
test_customer_add_person (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autoptr(JsonNode) node = show_customer (fixture, id);
  JsonObject *customer = json_node_get_object (node);
  JsonArray *emails = json_object_get_array_member (customer, "emails");
  JsonArray *phones = json_object_get_array_member (customer, "phones");
  JsonArray *types = json_object_get_array_member (customer, "types");

  g_assert_cmpint (json_object_get_int_member (customer, "id"), ==, id_of (id));
  g_assert_true (g_uuid_string_is_valid (string_member (customer, "uid")));
  g_assert_cmpstr (string_member (customer, "kind"), ==, "person");
  g_assert_cmpstr (string_member (customer, "display_name"), ==, "Amara Okafor");
  g_assert_cmpuint (json_array_get_length (emails), ==, 1);
  g_assert_cmpstr (string_member (json_array_get_object_element (emails, 0), "value"), ==, "amara@example.com");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (emails, 0), "preferred"));
  g_assert_cmpuint (json_array_get_length (phones), ==, 1);
  g_assert_cmpstr (string_member (json_array_get_object_element (phones, 0), "value"), ==, "+2348012345678");
  g_assert_cmpuint (json_array_get_length (types), ==, 2);
  g_assert_true (array_has_string (types, "returning"));
  g_assert_true (array_has_string (types, "international"));
  g_assert_cmpstr (string_member (customer, "language"), ==, "en-NG");
  g_assert_cmpstr (string_member (customer, "time_zone"), ==, "Africa/Lagos");
  g_assert_cmpstr (string_member (customer, "form_of_address"), ==, "Ms.");
  g_assert_false (json_object_get_boolean_member (customer, "first_name_basis"));
  g_assert_true (json_object_get_null_member (customer, "organization_id"));
  g_assert_nonnull (string_member (customer, "created"));

  /* --json on show also carries the history, follow-ups and contracts. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (customer, "interactions")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (customer, "follow_ups")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (customer, "contracts")), ==, 0);
}

static void
test_customer_add_organization (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *org = add_kigali (fixture);
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) org_node = NULL;
  g_autoptr(JsonNode) person_node = NULL;
  g_autofree char *person = NULL;
  JsonObject *object;
  JsonArray *members;

  result = run (fixture, "customer", "add", "--name", "Jean Mugabo", "--member-of", org,
                "--job-title", "Buyer", "--email", "jean@kigalicoffee.rw", NULL);
  assert_ok (result);
  person = printed_id (result);

  org_node = show_customer (fixture, org);
  object = json_node_get_object (org_node);
  g_assert_cmpstr (string_member (object, "kind"), ==, "organization");
  g_assert_cmpstr (string_member (object, "display_name"), ==, "Kigali Coffee Ltd");
  g_assert_true (array_has_string (json_object_get_array_member (object, "types"), "b2b"));
  members = json_object_get_array_member (object, "members");
  g_assert_cmpuint (json_array_get_length (members), ==, 1);
  g_assert_cmpstr (string_member (json_array_get_object_element (members, 0), "display_name"), ==, "Jean Mugabo");

  person_node = show_customer (fixture, "jean@kigalicoffee.rw");
  object = json_node_get_object (person_node);
  g_assert_cmpint (json_object_get_int_member (object, "organization_id"), ==, id_of (org));
  g_assert_cmpstr (string_member (object, "organization_name"), ==, "Kigali Coffee Ltd");
  g_assert_cmpstr (string_member (object, "job_title"), ==, "Buyer");

  /* A person cannot be an organization's parent. */
  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "add", "--name", "Someone", "--member-of", person, NULL);
  assert_status (result, 1);
  assert_contains (result->err, "Jean Mugabo");
  assert_contains (result->err, "organization");
}

static void
test_customer_add_json (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(Result) result = run (fixture, "customer", "add", "--given-name", "Jürgen",
                                  "--family-name", "Müller", "--first-name-basis",
                                  "--country", "de", "--channel", "email", "--json", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  assert_ok (result);
  node = parse_json (result->out);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "id"), >, 0);
  g_assert_cmpstr (string_member (object, "display_name"), ==, "Jürgen Müller");
  g_assert_cmpstr (string_member (object, "given_name"), ==, "Jürgen");
  g_assert_cmpstr (string_member (object, "family_name"), ==, "Müller");
  g_assert_true (json_object_get_boolean_member (object, "first_name_basis"));
  g_assert_cmpstr (string_member (object, "country"), ==, "DE");
  g_assert_cmpstr (string_member (object, "preferred_channel"), ==, "email");
}

/* A refused "customer add": status 1, a message naming the customer, the
 * field and the bad value, and no change to the database. */
static void
assert_add_refused (Fixture    *fixture,
                    const char *option,
                    const char *value,
                    const char *field)
{
  g_autofree char *before = snapshot (fixture);
  g_autofree char *after = NULL;
  g_autofree char *quoted = g_strdup_printf ("“%s”", value);
  g_autoptr(Result) result = run (fixture, "customer", "add", "--name", "Amara Okafor",
                                  "--email", "amara@example.com", option, value, NULL);

  assert_status (result, 1);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "rapportctl: "));
  assert_contains (result->err, "customer “Amara Okafor”");
  assert_contains (result->err, field);
  assert_contains (result->err, quoted);

  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);
}

static void
test_customer_add_rejects_bad_email (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *id = add_kigali (fixture);

  assert_add_refused (fixture, "--email", "amara@", "email");
  assert_add_refused (fixture, "--email", "amara.example.com", "email");
}

static void
test_customer_add_rejects_bad_language (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autofree char *id = add_kigali (fixture);

  assert_add_refused (fixture, "--language", "english!", "language");
  assert_add_refused (fixture, "--language", "en_NG", "language");
}

static void
test_customer_add_rejects_bad_time_zone (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autofree char *id = add_kigali (fixture);

  assert_add_refused (fixture, "--time-zone", "Mars/Olympus_Mons", "time zone");
  assert_add_refused (fixture, "--time-zone", "+03:00", "time zone");
}

static void
test_customer_add_rejects_bad_values (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *id = add_kigali (fixture);

  assert_add_refused (fixture, "--type", "vipp", "type");
  assert_add_refused (fixture, "--phone", "call me", "phone");
  assert_add_refused (fixture, "--country", "Nigeria", "country");
  assert_add_refused (fixture, "--channel", "pigeon", "channel");
}

static void
test_customer_show (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autofree char *follow_up = NULL;
  g_autoptr(Result) result = NULL;

  result = run (fixture, "log", "--customer", id, "--channel", "phone", "--direction", "inbound",
                "--subject", "Late delivery", "--when", "2026-11-20 14:30", NULL);
  assert_ok (result);
  follow_up = add_follow_up (fixture, id, "2026-12-01 10:00", "Call back with tracking number");
  g_clear_pointer (&result, result_free);
  result = run (fixture, "contract", "add", "--customer", id, "--product", "Support plan",
                "--start", "2026-01-01", "--end", "2027-01-31", "--value", "1200.00",
                "--currency", "EUR", NULL);
  assert_ok (result);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "show", "amara@example.com", NULL);
  assert_ok (result);
  g_assert_true (g_str_has_prefix (result->out, "Amara Okafor\n"));
  assert_contains (result->out, "amara@example.com");
  assert_contains (result->out, "+2348012345678");
  assert_contains (result->out, "Ms.");
  assert_contains (result->out, "en-NG");
  assert_contains (result->out, "Africa/Lagos (their time now: ");
  assert_contains (result->out, "Returning, International");
  assert_contains (result->out, "History: 1 interaction, the last on 2026-11-20 14:30");
  assert_contains (result->out, "Late delivery");
  assert_contains (result->out, "Open follow-ups (1):");
  assert_contains (result->out, "Call back with tracking number");
  assert_contains (result->out, "Contracts (1):");
  assert_contains (result->out, "Support plan");
  assert_contains (result->out, "1200.00 EUR");
}

static void
test_customer_show_unknown (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autoptr(Result) result = run (fixture, "customer", "show", "nobody@example.com", NULL);

  assert_status (result, 1);
  g_assert_cmpstr (result->out, ==, "");
  assert_contains (result->err, "rapportctl: ");
  assert_contains (result->err, "“nobody@example.com”");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "show", "9999", "--json", NULL);
  assert_status (result, 1);
  assert_contains (result->err, "9999");
}

static void
test_customer_list (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *amara = add_amara (fixture);
  g_autofree char *kigali = add_kigali (fixture);
  g_autoptr(Result) result = run (fixture, "customer", "add", "--name", "Bob Smith", NULL);
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) b2b = NULL;
  JsonArray *array;

  assert_ok (result);

  all = list_customers (fixture);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all)), ==, 3);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "list", "--type", "b2b", "--json", NULL);
  assert_ok (result);
  b2b = parse_json (result->out);
  array = json_node_get_array (b2b);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "id"), ==, id_of (kigali));

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "list", NULL);
  assert_ok (result);
  assert_contains (result->out, "NAME");
  assert_contains (result->out, "Amara Okafor");
  assert_contains (result->out, "Kigali Coffee Ltd");
  assert_contains (result->out, "Bob Smith");
  assert_contains (result->out, "returning,international");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "list", "--type", "vip", NULL);
  assert_ok (result);
  assert_contains (result->out, "No customers.");
  assert_not_contains (result->out, "Amara");
}

/* More customers than one page of "customer list" (500). */
static void
test_customer_list_many (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("name,email\n");
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = NULL;
  JsonArray *array;

  for (guint i = 0; i < 1234; i++)
    g_string_append_printf (csv, "Customer %04u,c%u@example.com\n", i, i);
  path = write_file (fixture, "many.csv", csv->str);
  result = run (fixture, "import", "csv", path, NULL);
  assert_ok (result);
  assert_contains (result->out, "Imported 1234 customers");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "list", "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 1234);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      g_autofree char *name = g_strdup_printf ("Customer %04u", i);

      /* In name order, each once. */
      g_assert_cmpstr (string_member (object, "display_name"), ==, name);
      g_assert_true (g_hash_table_add (seen, GSIZE_TO_POINTER (json_object_get_int_member (object, "id"))));
    }

  g_clear_pointer (&result, result_free);
  g_clear_pointer (&node, json_node_unref);
  result = run (fixture, "customer", "list", "--offset", "1000", "--limit", "600", "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 234);
  g_assert_cmpstr (string_member (json_array_get_object_element (array, 0), "display_name"), ==, "Customer 1000");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "list", "--limit", "3", NULL);
  assert_ok (result);
  assert_contains (result->out, "Customer 0002");
  assert_not_contains (result->out, "Customer 0003");
}

static void
test_customer_search_folds_accents (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *amara = add_amara (fixture);
  g_autoptr(Result) result = run (fixture, "customer", "add", "--name", "Jürgen Müller",
                                  "--email", "jm@example.de", NULL);
  g_autofree char *muller = printed_id (result);
  const char *queries[] = { "muller", "MÜLLER", "Muller", "jurgen" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(JsonNode) node = NULL;
      JsonArray *array;

      g_clear_pointer (&result, result_free);
      result = run (fixture, "customer", "search", queries[i], "--json", NULL);
      assert_ok (result);
      node = parse_json (result->out);
      array = json_node_get_array (node);
      g_assert_cmpuint (json_array_get_length (array), ==, 1);
      g_assert_cmpstr (string_member (json_array_get_object_element (array, 0), "display_name"), ==, "Jürgen Müller");
    }

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "search", "amara@example.com", NULL);
  assert_ok (result);
  assert_contains (result->out, "Amara Okafor");
  assert_not_contains (result->out, "Müller");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "search", "zanzibar", "--json", NULL);
  assert_ok (result);
  {
    g_autoptr(JsonNode) node = parse_json (result->out);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 0);
  }

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "search", NULL);
  assert_status (result, 2);
}

static void
test_customer_edit (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autoptr(Result) result = run (fixture, "customer", "edit", "amara@example.com", "--language", "fr-RW", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *emails;
  JsonArray *types;

  assert_ok (result);
  node = show_customer (fixture, id);
  object = json_node_get_object (node);
  g_assert_cmpstr (string_member (object, "language"), ==, "fr-RW");
  /* Only the field given changed. */
  g_assert_cmpstr (string_member (object, "time_zone"), ==, "Africa/Lagos");
  g_assert_cmpstr (string_member (object, "form_of_address"), ==, "Ms.");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "emails")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "types")), ==, 2);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "edit", id, "--add-email", "amara.okafor@example.org",
                "--remove-type", "international", "--add-type", "vip", "--notes", "Prefers mornings", NULL);
  assert_ok (result);
  g_clear_pointer (&node, json_node_unref);
  node = show_customer (fixture, "amara.okafor@example.org");
  object = json_node_get_object (node);
  emails = json_object_get_array_member (object, "emails");
  types = json_object_get_array_member (object, "types");
  g_assert_cmpuint (json_array_get_length (emails), ==, 2);
  g_assert_cmpstr (string_member (json_array_get_object_element (emails, 0), "value"), ==, "amara@example.com");
  g_assert_cmpstr (string_member (json_array_get_object_element (emails, 1), "value"), ==, "amara.okafor@example.org");
  g_assert_cmpuint (json_array_get_length (types), ==, 2);
  g_assert_true (array_has_string (types, "returning"));
  g_assert_true (array_has_string (types, "vip"));
  g_assert_cmpstr (string_member (object, "notes"), ==, "Prefers mornings");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "edit", id, "--remove-email", "AMARA@example.com",
                "--remove-type", "vip", NULL);
  assert_ok (result);
  g_clear_pointer (&node, json_node_unref);
  node = show_customer (fixture, id);
  object = json_node_get_object (node);
  emails = json_object_get_array_member (object, "emails");
  types = json_object_get_array_member (object, "types");
  g_assert_cmpuint (json_array_get_length (emails), ==, 1);
  g_assert_cmpstr (string_member (json_array_get_object_element (emails, 0), "value"), ==, "amara.okafor@example.org");
  g_assert_cmpuint (json_array_get_length (types), ==, 1);
  g_assert_true (array_has_string (types, "returning"));

  /* An empty value clears a field. */
  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "edit", id, "--notes", "", "--json", NULL);
  assert_ok (result);
  g_clear_pointer (&node, json_node_unref);
  node = parse_json (result->out);
  g_assert_true (json_object_get_null_member (json_node_get_object (node), "notes"));
}

static void
test_customer_edit_rejects_bad_values (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autofree char *before = snapshot (fixture);
  g_autofree char *after = NULL;
  g_autoptr(Result) result = run (fixture, "customer", "edit", id, "--language", "fr-RW",
                                  "--time-zone", "Africa/Atlantis", NULL);

  assert_status (result, 1);
  assert_contains (result->err, "customer “Amara Okafor”");
  assert_contains (result->err, "time zone");
  assert_contains (result->err, "“Africa/Atlantis”");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "edit", id, "--add-email", "not-an-address", NULL);
  assert_status (result, 1);
  assert_contains (result->err, "customer “Amara Okafor”");
  assert_contains (result->err, "email");
  assert_contains (result->err, "“not-an-address”");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "edit", "nobody@example.com", "--language", "fr", NULL);
  assert_status (result, 1);
  assert_contains (result->err, "“nobody@example.com”");

  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);
}

static void
test_customer_delete_and_restore (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autoptr(Result) result = run (fixture, "customer", "delete", "amara@example.com", NULL);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) node = NULL;

  assert_ok (result);
  assert_contains (result->out, "Amara Okafor");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "show", id, NULL);
  assert_status (result, 1);
  list = list_customers (fixture);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 0);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "delete", id, NULL);
  assert_status (result, 1);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "restore", id, NULL);
  assert_ok (result);
  node = show_customer (fixture, "amara@example.com");
  g_assert_cmpstr (string_member (json_node_get_object (node), "display_name"), ==, "Amara Okafor");
}

static void
test_customer_erase (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(Result) result = run (fixture, "log", "--customer", id, "--subject", "Hello", NULL);
  g_autoptr(JsonNode) backup = NULL;

  assert_ok (result);

  /* Erasure cannot be undone: it needs --yes. */
  before = snapshot (fixture);
  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "erase", id, NULL);
  assert_status (result, 2);
  assert_contains (result->err, "--yes");
  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "erase", "amara@example.com", "--yes", NULL);
  assert_ok (result);
  assert_contains (result->out, "Amara Okafor");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "restore", id, NULL);
  assert_status (result, 1);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "export", "json", NULL);
  assert_ok (result);
  assert_not_contains (result->out, "Amara");
  assert_not_contains (result->out, "Hello");
  backup = parse_json (result->out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (backup), "interactions")), ==, 0);
}

/* log and history --------------------------------------------------------- */

static void
test_log_records_interaction (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *interaction = NULL;
  JsonObject *object;
  JsonArray *array;

  result = run (fixture, "log", "--customer", "amara@example.com", "--channel", "phone",
                "--direction", "inbound", "--subject", "Late delivery", "--body", "Parcel not arrived",
                "--promised", "Call back with tracking number", "--handle-time", "6m",
                "--when", "2026-11-20 14:30", NULL);
  assert_ok (result);
  interaction = printed_id (result);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "history", "--customer", "amara@example.com", "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, id_of (interaction));
  g_assert_cmpint (json_object_get_int_member (object, "customer_id"), ==, id_of (id));
  g_assert_cmpstr (string_member (object, "channel"), ==, "phone");
  g_assert_cmpstr (string_member (object, "direction"), ==, "inbound");
  g_assert_cmpstr (string_member (object, "subject"), ==, "Late delivery");
  g_assert_cmpstr (string_member (object, "body"), ==, "Parcel not arrived");
  g_assert_cmpstr (string_member (object, "action_promised"), ==, "Call back with tracking number");
  g_assert_cmpint (json_object_get_int_member (object, "handle_time"), ==, 360);
  /* 14:30 in the user's zone (Berlin, UTC+1 in November). */
  g_assert_cmpstr (string_member (object, "when"), ==, "2026-11-20T13:30:00Z");
}

static void
test_log_with_all_fields (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  result = run (fixture, "log", "--customer", id, "--channel", "in-person", "--direction", "outbound",
                "--subject", "Visit", "--requested", "A discount", "--recorded-by", "Grace",
                "--contact-name", "Her assistant", "--contact-point", "+2348000000000",
                "--handle-time", "1h30m", "--when", "2026-07-01T08:00:00Z", "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "id"), >, 0);
  g_assert_cmpstr (string_member (object, "channel"), ==, "in-person");
  g_assert_cmpstr (string_member (object, "direction"), ==, "outbound");
  g_assert_cmpstr (string_member (object, "action_requested"), ==, "A discount");
  g_assert_cmpstr (string_member (object, "recorded_by"), ==, "Grace");
  g_assert_cmpstr (string_member (object, "contact_name"), ==, "Her assistant");
  g_assert_cmpstr (string_member (object, "contact_point"), ==, "+2348000000000");
  g_assert_cmpint (json_object_get_int_member (object, "handle_time"), ==, 5400);
  g_assert_cmpstr (string_member (object, "when"), ==, "2026-07-01T08:00:00Z");
}

static void
test_log_follow_up_due (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *object;
  JsonObject *follow_up;

  result = run (fixture, "log", "--customer", id, "--subject", "Invoice", "--promised", "Send the invoice",
                "--follow-up-due", "2026-12-03 09:00", "--time-zone", "Africa/Lagos", "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  object = json_node_get_object (node);
  follow_up = json_object_get_object_member (object, "follow_up");
  g_assert_nonnull (follow_up);
  g_assert_cmpstr (string_member (follow_up, "title"), ==, "Send the invoice");
  g_assert_cmpstr (string_member (follow_up, "due"), ==, "2026-12-03T08:00:00Z");
  g_assert_cmpstr (string_member (follow_up, "time_zone"), ==, "Africa/Lagos");
  g_assert_cmpint (json_object_get_int_member (follow_up, "origin_interaction_id"), ==,
                   json_object_get_int_member (object, "id"));

  shown = show_customer (fixture, id);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (shown), "follow_ups")), ==, 1);
}

static void
test_log_rejects_bad_input (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autofree char *before = snapshot (fixture);
  g_autofree char *after = NULL;
  static const struct {
    const char *option;
    const char *value;
    const char *record;
    const char *field;
  } cases[] = {
    { "--channel", "pigeon", "interaction with", "channel" },
    { "--direction", "sideways", "interaction with", "direction" },
    { "--handle-time", "a while", "interaction with", "handle time" },
    { "--when", "yesterday-ish", "interaction with", "when" },
    { "--follow-up-due", "2026-13-45", "follow-up for", "follow-up due" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", cases[i].value);
      g_autofree char *record = g_strdup_printf ("%s “Amara Okafor”: ", cases[i].record);
      g_autoptr(Result) result = run (fixture, "log", "--customer", id, "--subject", "Late delivery",
                                      "--promised", "Call back", cases[i].option, cases[i].value, NULL);

      assert_status (result, 1);
      assert_contains (result->err, record);
      assert_contains (result->err, cases[i].field);
      assert_contains (result->err, quoted);
    }

  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);
}

static void
test_log_rejects_unknown_customer (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autofree char *before = snapshot (fixture);
  g_autofree char *after = NULL;
  g_autoptr(Result) result = run (fixture, "log", "--customer", "nobody@example.com",
                                  "--subject", "Hello", NULL);

  assert_status (result, 1);
  assert_contains (result->err, "“nobody@example.com”");
  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);
}

static void
test_history (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  result = run (fixture, "log", "--customer", id, "--subject", "First call", "--when", "2026-01-10 09:00", NULL);
  assert_ok (result);
  g_clear_pointer (&result, result_free);
  result = run (fixture, "log", "--customer", id, "--subject", "Second call", "--channel", "email",
                "--when", "2026-02-10 09:00", "--handle-time", "90s", NULL);
  assert_ok (result);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "history", id, "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (string_member (json_array_get_object_element (array, 0), "subject"), ==, "Second call");
  g_assert_cmpstr (string_member (json_array_get_object_element (array, 1), "subject"), ==, "First call");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "history", "--customer", "amara@example.com", NULL);
  assert_ok (result);
  assert_contains (result->out, "2026-02-10 09:00");
  assert_contains (result->out, "Second call");
  assert_contains (result->out, "First call");
  g_assert_true (strstr (result->out, "Second call") < strstr (result->out, "First call"));

  g_clear_pointer (&result, result_free);
  result = run (fixture, "history", NULL);
  assert_status (result, 2);
  assert_contains (result->err, "--customer");
}

/* follow-up --------------------------------------------------------------- */

static void
test_follow_up_in_other_zone (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *follow_up = NULL;
  JsonObject *object;

  result = run (fixture, "follow-up", "add", "--customer", "amara@example.com", "--due", "2026-12-01 10:00",
                "--time-zone", "Africa/Lagos", "--title", "Call back with tracking number", NULL);
  assert_ok (result);
  follow_up = printed_id (result);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "show", follow_up, "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "customer_id"), ==, id_of (id));
  g_assert_cmpstr (string_member (object, "title"), ==, "Call back with tracking number");
  g_assert_cmpstr (string_member (object, "due"), ==, "2026-12-01T09:00:00Z");
  g_assert_cmpstr (string_member (object, "time_zone"), ==, "Africa/Lagos");
  g_assert_cmpstr (string_member (object, "due_in_time_zone"), ==, "2026-12-01T10:00:00+01:00");
  g_assert_cmpstr (string_member (object, "state"), ==, "open");

  /* Shown in the user's zone with the wall time where it was set. */
  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "list", NULL);
  assert_ok (result);
  assert_contains (result->out, "2026-12-01 10:00 (Africa/Lagos 10:00)");
  assert_contains (result->out, "Amara Okafor");

  /* Without --time-zone, the user's zone. */
  g_clear_pointer (&follow_up, g_free);
  follow_up = add_follow_up (fixture, id, "2026-12-01 10:00", "Local call");
  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "show", follow_up, "--json", NULL);
  assert_ok (result);
  g_clear_pointer (&node, json_node_unref);
  node = parse_json (result->out);
  g_assert_cmpstr (string_member (json_node_get_object (node), "due"), ==, "2026-12-01T09:00:00Z");
  g_assert_cmpstr (string_member (json_node_get_object (node), "time_zone"), ==, "Europe/Berlin");
}

static JsonArray *
section (JsonNode   *node,
         const char *name)
{
  JsonObject *object = json_node_get_object (node);

  g_assert_true (json_object_has_member (object, name));
  return json_object_get_array_member (object, name);
}

static void
test_follow_up_list_sections (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autofree char *yesterday = local_from_now (-24 * 3600);
  g_autofree char *soon = local_from_now (600);
  g_autofree char *later = local_from_now (3 * 24 * 3600);
  g_autofree char *today = local_date_from_today (0);
  g_autofree char *overdue = add_follow_up (fixture, id, yesterday, "Overdue call");
  g_autofree char *upcoming = add_follow_up (fixture, id, later, "Upcoming call");
  g_autofree char *due_today = NULL;
  gboolean today_possible = g_str_has_prefix (soon, today);
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* "Today" is from now to midnight: ten minutes before midnight there
   * is no time left to schedule into. */
  if (today_possible)
    due_today = add_follow_up (fixture, id, soon, "Today call");

  result = run (fixture, "follow-up", "list", "--overdue", "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (node)), ==, 1);
  g_assert_cmpuint (json_array_get_length (section (node, "overdue")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (section (node, "overdue"), 0), "id"),
                   ==, id_of (overdue));

  g_clear_pointer (&result, result_free);
  g_clear_pointer (&node, json_node_unref);
  result = run (fixture, "follow-up", "list", "--upcoming", "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (node)), ==, 1);
  g_assert_cmpuint (json_array_get_length (section (node, "upcoming")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (section (node, "upcoming"), 0), "id"),
                   ==, id_of (upcoming));

  g_clear_pointer (&result, result_free);
  g_clear_pointer (&node, json_node_unref);
  result = run (fixture, "follow-up", "list", "--today", "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  g_assert_cmpuint (json_array_get_length (section (node, "today")), ==, today_possible ? 1 : 0);
  if (today_possible)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (section (node, "today"), 0), "id"),
                     ==, id_of (due_today));

  /* No choice: all four sections. */
  g_clear_pointer (&result, result_free);
  g_clear_pointer (&node, json_node_unref);
  result = run (fixture, "follow-up", "list", "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (node)), ==, 4);
  g_assert_cmpuint (json_array_get_length (section (node, "no_customer")), ==, 0);
  g_assert_cmpuint (json_array_get_length (section (node, "overdue")), ==, 1);
  g_assert_cmpuint (json_array_get_length (section (node, "upcoming")), ==, 1);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "list", NULL);
  assert_ok (result);
  assert_contains (result->out, "Overdue (1)");
  assert_contains (result->out, today_possible ? "Today (1)" : "Today (0)");
  assert_contains (result->out, "Upcoming (1)");
  assert_contains (result->out, "Overdue call");
  assert_contains (result->out, "Upcoming call");
  g_assert_true (strstr (result->out, "Overdue call") < strstr (result->out, "Upcoming call"));
}

/* A follow-up of no customer yet (as the sync engine makes of a task
 * from another app) is listed on its own and assigned by id or email. */
static void
test_follow_up_assign (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autofree char *task = NULL;
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportStore) store = rapport_store_open (fixture->db, &error);
    g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();

    g_assert_no_error (error);
    follow_up->title = g_strdup ("Order more boxes");
    follow_up->time_zone = g_strdup ("Africa/Lagos");
    follow_up->due = 2111111111;
    g_assert_true (rapport_store_add_follow_up (store, follow_up, &error));
    g_assert_no_error (error);
    task = g_strdup_printf ("%" G_GINT64_FORMAT, follow_up->id);
  }

  result = run (fixture, "follow-up", "list", NULL);
  assert_ok (result);
  assert_contains (result->out, "No customer yet (1)");
  assert_contains (result->out, "no customer yet");
  assert_contains (result->out, "Order more boxes");
  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "list", "--no-customer", "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (node)), ==, 1);
  g_assert_cmpuint (json_array_get_length (section (node, "no_customer")), ==, 1);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (section (node, "no_customer"), 0),
                                              "customer_id"));
  g_clear_pointer (&node, json_node_unref);

  /* Bad input: nothing changes. */
  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "assign", task, NULL);
  g_assert_cmpint (result->status, ==, 2);
  assert_contains (result->err, "missing customer");
  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "assign", task, "nobody@example.com", NULL);
  g_assert_cmpint (result->status, !=, 0);
  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "show", task, NULL);
  assert_ok (result);
  assert_contains (result->out, "no customer yet");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "assign", task, "amara@example.com", NULL);
  assert_ok (result);
  assert_contains (result->out, "Assigned “Order more boxes” to Amara Okafor");
  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "show", task, "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "customer_id"), ==, id_of (id));
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "list", "--no-customer", NULL);
  assert_ok (result);
  assert_contains (result->out, "No customer yet (0)");
}

static void
test_follow_up_done_recurring (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *weekly = NULL;
  g_autofree char *once = NULL;
  JsonObject *object;
  JsonObject *next;

  /* Far enough ahead that the next occurrence is upcoming whenever this runs. */
  result = run (fixture, "follow-up", "add", "--customer", id, "--due", "2036-12-01 10:00",
                "--time-zone", "Africa/Lagos", "--title", "Weekly check-in", "--rrule", "FREQ=WEEKLY", NULL);
  assert_ok (result);
  weekly = printed_id (result);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "done", weekly, NULL);
  assert_ok (result);
  assert_contains (result->out, "Weekly check-in");
  assert_contains (result->out, "Next occurrence: 2036-12-08 10:00 (Africa/Lagos 10:00)");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "show", weekly, "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  object = json_node_get_object (node);
  g_assert_cmpstr (string_member (object, "state"), ==, "done");
  g_assert_nonnull (string_member (object, "completed_at"));

  /* The next occurrence is open, in the same zone, a week on. */
  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "list", "--upcoming", "--json", NULL);
  assert_ok (result);
  g_clear_pointer (&node, json_node_unref);
  node = parse_json (result->out);
  g_assert_cmpuint (json_array_get_length (section (node, "upcoming")), ==, 1);
  next = json_array_get_object_element (section (node, "upcoming"), 0);
  g_assert_cmpint (json_object_get_int_member (next, "id"), !=, id_of (weekly));
  g_assert_cmpstr (string_member (next, "title"), ==, "Weekly check-in");
  g_assert_cmpstr (string_member (next, "due"), ==, "2036-12-08T09:00:00Z");
  g_assert_cmpstr (string_member (next, "time_zone"), ==, "Africa/Lagos");
  g_assert_cmpstr (string_member (next, "rrule"), ==, "FREQ=WEEKLY");

  /* A one-off follow-up has no next occurrence. */
  once = add_follow_up (fixture, id, "2036-12-05 10:00", "One call");
  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "done", once, "--json", NULL);
  assert_ok (result);
  g_clear_pointer (&node, json_node_unref);
  node = parse_json (result->out);
  g_assert_cmpstr (string_member (json_object_get_object_member (json_node_get_object (node), "done"), "state"), ==, "done");
  g_assert_true (json_object_get_null_member (json_node_get_object (node), "next"));

  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "done", "9999", NULL);
  assert_status (result, 1);
  assert_contains (result->err, "9999");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "done", "soon", NULL);
  assert_status (result, 1);
  assert_contains (result->err, "“soon”");
}

static void
test_follow_up_snooze (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autofree char *follow_up = add_follow_up (fixture, id, "2026-12-01 10:00", "Call back");
  g_autoptr(Result) result = run (fixture, "follow-up", "snooze", follow_up, "--until", "2026-12-02 09:00", NULL);
  g_autoptr(JsonNode) node = NULL;

  assert_ok (result);
  assert_contains (result->out, "2026-12-02 09:00");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "show", follow_up, "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  g_assert_cmpstr (string_member (json_node_get_object (node), "snoozed_until"), ==, "2026-12-02T08:00:00Z");
  g_assert_cmpstr (string_member (json_node_get_object (node), "due"), ==, "2026-12-01T09:00:00Z");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "snooze", follow_up, "--until", "tomorrow-ish", NULL);
  assert_status (result, 1);
  assert_contains (result->err, "until");
  assert_contains (result->err, "“tomorrow-ish”");
}

static void
test_follow_up_rejects_bad_input (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autofree char *before = snapshot (fixture);
  g_autofree char *after = NULL;
  g_autoptr(Result) result = NULL;

  result = run (fixture, "follow-up", "add", "--customer", id, "--due", "2026-12-01 10:00",
                "--time-zone", "Mars/Base", "--title", "Call", NULL);
  assert_status (result, 1);
  assert_contains (result->err, "time zone");
  assert_contains (result->err, "“Mars/Base”");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "add", "--customer", id, "--due", "2026-12-01 10:00",
                "--title", "Call", "--rrule", "FREQ=SOMETIMES", NULL);
  assert_status (result, 1);
  assert_contains (result->err, "Call");
  assert_contains (result->err, "FREQ=SOMETIMES");

  /* A rule libical reads but completing could not repeat is refused
   * here, with the reason, not when it is done. */
  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "add", "--customer", id, "--due", "2026-12-01 10:00",
                "--title", "Call", "--rrule", "FREQ=MONTHLY;BYYEARDAY=100", NULL);
  assert_status (result, 1);
  assert_contains (result->err, "BYYEARDAY cannot be used with FREQ=MONTHLY");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "add", "--customer", id, "--due", "2026-12-01 10:00",
                "--title", "Call", "--rrule", "FREQ=WEEKLY;BYDAY=2MO", NULL);
  assert_status (result, 1);
  assert_contains (result->err, "a numbered BYDAY (such as 2MO) needs FREQ=MONTHLY or YEARLY");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "add", "--customer", "nobody@example.com", "--due", "2026-12-01",
                "--title", "Call", NULL);
  assert_status (result, 1);
  assert_contains (result->err, "“nobody@example.com”");

  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);
}

static void
test_follow_up_delete (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autofree char *follow_up = add_follow_up (fixture, id, "2026-12-01 10:00", "Call back");
  g_autoptr(Result) result = run (fixture, "follow-up", "delete", follow_up, NULL);

  assert_ok (result);
  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "show", follow_up, NULL);
  assert_status (result, 1);
  g_clear_pointer (&result, result_free);
  result = run (fixture, "follow-up", "delete", follow_up, NULL);
  assert_status (result, 1);
}

/* contract ---------------------------------------------------------------- */

static void
test_contract_add (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *contract = NULL;
  JsonObject *object;

  result = run (fixture, "contract", "add", "--customer", "amara@example.com", "--product", "Support plan",
                "--start", "2026-01-01", "--end", "2027-01-31", "--value", "1200.00", "--currency", "EUR",
                "--lead-days", "30", NULL);
  assert_ok (result);
  contract = printed_id (result);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "contract", "show", contract, "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "customer_id"), ==, id_of (id));
  g_assert_cmpstr (string_member (object, "product"), ==, "Support plan");
  g_assert_cmpstr (string_member (object, "start_date"), ==, "2026-01-01");
  g_assert_cmpstr (string_member (object, "end_date"), ==, "2027-01-31");
  g_assert_cmpstr (string_member (object, "value"), ==, "1200.00");
  g_assert_cmpstr (string_member (object, "currency"), ==, "EUR");
  g_assert_cmpint (json_object_get_int_member (object, "lead_days"), ==, 30);
  g_assert_cmpstr (string_member (object, "notice_date"), ==, "2027-01-01");
  g_assert_false (json_object_get_boolean_member (object, "auto_renew"));
  g_assert_cmpstr (string_member (object, "state"), ==, "active");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "contract", "list", NULL);
  assert_ok (result);
  assert_contains (result->out, "Support plan");
  assert_contains (result->out, "1200.00 EUR");
  assert_contains (result->out, "2027-01-31");
}

static void
test_contract_renewals_due (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autofree char *soon = local_date_from_today (10);
  g_autofree char *far = local_date_from_today (400);
  g_autofree char *due = NULL;
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  result = run (fixture, "contract", "add", "--customer", id, "--product", "Support plan",
                "--start", "2025-01-01", "--end", soon, "--value", "1200", "--currency", "EUR",
                "--lead-days", "30", "--auto-renew", NULL);
  assert_ok (result);
  due = printed_id (result);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "contract", "add", "--customer", id, "--product", "Hosting",
                "--start", "2025-01-01", "--end", far, "--value", "50000", "--currency", "NGN", NULL);
  assert_ok (result);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "contract", "list", "--renewals-due", "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "id"), ==, id_of (due));
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (array, 0), "auto_renew"));

  g_clear_pointer (&result, result_free);
  result = run (fixture, "contract", "list", "--renewals-due", NULL);
  assert_ok (result);
  assert_contains (result->out, "Support plan");
  assert_not_contains (result->out, "Hosting");

  g_clear_pointer (&result, result_free);
  g_clear_pointer (&node, json_node_unref);
  result = run (fixture, "contract", "list", "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 2);
}

static void
test_contract_rejects_bad_input (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autofree char *before = snapshot (fixture);
  g_autofree char *after = NULL;
  static const struct {
    const char *option;
    const char *value;
    const char *field;
  } cases[] = {
    { "--currency", "EURO", "currency" },
    { "--value", "twelve", "value" },
    { "--start", "2026-02-30", "start" },
    { "--lead-days", "-3", "lead" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(Result) result = NULL;
      g_autofree char *quoted = g_strdup_printf ("“%s”", cases[i].value);
      const char *base[] = {
        "--db", fixture->db, "contract", "add", "--customer", id, "--product", "Support plan",
        "--start", "2026-01-01", "--end", "2027-01-31", "--value", "1200.00", "--currency", "EUR",
      };

      for (guint j = 0; j < G_N_ELEMENTS (base); j++)
        g_ptr_array_add (argv, (gpointer) base[j]);
      /* The option given last wins. */
      g_ptr_array_add (argv, (gpointer) cases[i].option);
      g_ptr_array_add (argv, (gpointer) cases[i].value);
      g_ptr_array_add (argv, NULL);

      result = run_argv (fixture, NULL, (const char * const *) argv->pdata);
      assert_status (result, 1);
      assert_contains (result->err, "contract “Support plan”");
      assert_contains (result->err, cases[i].field);
      assert_contains (result->err, quoted);
    }

  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);
}

/* import ------------------------------------------------------------------ */

static const char good_csv[] =
  "\xEF\xBB\xBF" "Name,Email,Phone,Language,Time zone,Type,Notes\r\n"
  "Amara Okafor,amara@example.com,+2348012345678,en-NG,Africa/Lagos,returning;international,\"Prefers calls, not email\"\r\n"
  "Jürgen Müller,jm@example.de,,de-DE,Europe/Berlin,vip,\"Two\nlines\"\r\n"
  "Kwame Mensah,kwame@example.com,,,,,\r\n";

/* Line 3 names a channel Rapport has not: a row it cannot read. (An
 * unusual email or language is another app's value and is imported as
 * it is: see test_import_keeps_outside_values.) */
static const char bad_csv[] =
  "name,email,language,channel\n"
  "Amara Okafor,amara@example.com,en-NG,email\n"
  "Broken Row,broken@example.com,en,carrier pigeon\n"
  "Kwame Mensah,kwame@example.com,en-GH,\n";

static void
test_import_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "customers.csv", good_csv);
  g_autoptr(Result) result = run (fixture, "import", "csv", path, NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  assert_ok (result);
  assert_contains (result->out, "Imported 3 customers");

  node = show_customer (fixture, "jm@example.de");
  object = json_node_get_object (node);
  g_assert_cmpstr (string_member (object, "display_name"), ==, "Jürgen Müller");
  g_assert_cmpstr (string_member (object, "language"), ==, "de-DE");
  g_assert_cmpstr (string_member (object, "notes"), ==, "Two\nlines");
  g_assert_true (array_has_string (json_object_get_array_member (object, "types"), "vip"));

  g_clear_pointer (&node, json_node_unref);
  node = show_customer (fixture, "amara@example.com");
  object = json_node_get_object (node);
  g_assert_cmpstr (string_member (object, "notes"), ==, "Prefers calls, not email");
  g_assert_true (array_has_string (json_object_get_array_member (object, "types"), "returning"));
  g_assert_true (array_has_string (json_object_get_array_member (object, "types"), "international"));

  /* From standard input too; one customer, so the singular. */
  g_clear_pointer (&result, result_free);
  result = run_with_input (fixture, "name,email\nAda Lovelace,ada@example.org\n", "import", "csv", "-", NULL);
  assert_ok (result);
  assert_contains (result->out, "Imported 1 customer\n");
}

static void
test_import_all_or_nothing (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *id = add_kigali (fixture);
  g_autofree char *path = write_file (fixture, "customers.csv", bad_csv);
  g_autofree char *before = snapshot (fixture);
  g_autofree char *after = NULL;
  g_autoptr(Result) result = run (fixture, "import", "csv", path, NULL);

  assert_status (result, 1);
  assert_contains (result->err, "line 3:");
  assert_contains (result->err, "channel");
  assert_contains (result->err, "“carrier pigeon”");
  assert_contains (result->err, "nothing was imported");
  assert_not_contains (result->out, "Imported");

  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);
}

static void
test_import_skip_invalid (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "customers.csv", bad_csv);
  g_autoptr(Result) result = run (fixture, "import", "csv", path, "--skip-invalid", NULL);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autofree char *all_bad = NULL;
  JsonObject *object;

  assert_ok (result);
  assert_contains (result->out, "Imported 2 customers");
  assert_contains (result->out, "Skipped 1 invalid line");
  assert_contains (result->err, "line 3:");
  assert_contains (result->err, "“carrier pigeon”");
  assert_not_contains (result->err, "line 2:");
  assert_not_contains (result->err, "line 4:");

  list = list_customers (fixture);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);

  /* Every line refused: nothing imported is a failure. */
  all_bad = write_file (fixture, "bad.csv", "name,channel\nX,pigeon\nY,pigeon\n");
  g_clear_pointer (&result, result_free);
  result = run (fixture, "import", "csv", all_bad, "--skip-invalid", "--json", NULL);
  assert_status (result, 1);
  report = parse_json (result->out);
  object = json_node_get_object (report);
  g_assert_cmpint (json_object_get_int_member (object, "imported"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "skipped"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "problems")), ==, 2);
}

/* Another app's values Rapport would refuse if typed are imported as
 * they are, and the report names the column and how many rows. */
static void
test_import_keeps_outside_values (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "outside.csv",
                                      "name,email,country\n"
                                      "Amélie Roux,amelie@localhost,France\n"
                                      "Bruno Petit,bruno@example.fr,France\n"
                                      "Chloé Martin,chloe@example.fr,FR\n");
  g_autoptr(Result) result = run (fixture, "import", "csv", path, "--json", NULL);
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *kept;
  JsonObject *object;

  assert_ok (result);
  report = parse_json (result->out);
  object = json_node_get_object (report);
  g_assert_cmpint (json_object_get_int_member (object, "created"), ==, 3);
  kept = json_object_get_array_member (object, "kept_as_is");
  g_assert_cmpuint (json_array_get_length (kept), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (kept, 0), "column"), ==, "email");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (kept, 0), "rows"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (kept, 1), "column"), ==, "country");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (kept, 1), "rows"), ==, 2);
  assert_contains (result->err, "column “country”: 2 rows had a value Rapport would not accept if it were typed");

  node = show_customer (fixture, "amelie@localhost");
  object = json_node_get_object (node);
  g_assert_cmpstr (string_member (object, "country"), ==, "France");
}

/* The lines of a vCard text, unfolded, without their line ends. */
static GPtrArray *
card_lines (const char *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  /* By bytes: a writer may fold inside a UTF-8 sequence. */
  g_auto(GStrv) physical = g_strsplit (text, "\n", -1);

  for (guint i = 0; physical[i] != NULL; i++)
    {
      gsize length = strlen (physical[i]);

      if (length > 0 && physical[i][length - 1] == '\r')
        physical[i][length - 1] = '\0';
      if ((physical[i][0] == ' ' || physical[i][0] == '\t') && lines->len > 0)
        {
          char *joined = g_strconcat (g_ptr_array_index (lines, lines->len - 1), physical[i] + 1, NULL);

          g_free (g_ptr_array_index (lines, lines->len - 1));
          g_ptr_array_index (lines, lines->len - 1) = joined;
        }
      else if (physical[i][0] != '\0')
        g_ptr_array_add (lines, g_strdup (physical[i]));
    }

  return lines;
}

/* "item2.EMAIL;..." without "item2.". */
static const char *
without_group (const char *line)
{
  const char *dot = strchr (line, '.');
  const char *end = strpbrk (line, ";:");

  return dot != NULL && end != NULL && dot < end ? dot + 1 : line;
}

/* Exporters' vCards from tests/data/vcard come in whole and go out whole:
 * every line of each 3.0 or 4.0 card is in the export as it was (but
 * PRODID and REV, which say who wrote the card and when), and importing
 * the file again changes nothing. A 2.1 card goes out as 3.0 (its
 * quoted-printable lines decoded), so only the second holds for it. */
static void
test_import_vcf_corpus_round_trip (Fixture       *fixture,
                                   gconstpointer  data)
{
  static const struct {
    const char *name;
    guint       cards;
    gboolean    v21;   /* or a known loss: values only */
  } files[] = {
    { "android-style-2.1-qp-multi.vcf", 5, TRUE },
    { "evolution-2.1-qp-label.vcf", 1, TRUE },
    { "evolution-2.1-qp-utf8.vcf", 1, TRUE },
    { "netscape-thunderbird-2.1.vcf", 1, TRUE },
    { "outlook-2.1-qp.vcf", 1, TRUE },
    { "windows-1252-2.1.vcf", 1, TRUE },
    { "apple-addressbook-3.0-photo.vcf", 1 },
    { "apple-addressbook-3.0-utf16be.vcf", 1 },
    { "apple-ios-5.0.1-3.0.vcf", 1 },
    { "apple-macos-10.11.6-3.0.vcf", 1 },
    { "apple-macos-10.14.6-3.0-two-cards.vcf", 2 },
    { "apple-macosx-3.0.vcf", 1 },
    { "cardbook-thunderbird-3.0.vcf", 1 },
    { "davx5-android-3.0.vcf", 1 },
    { "emclient-5.0-3.0.vcf", 1 },
    { "evolution-3.0-photos.vcf", 1 },
    { "kaddressbook-4.0.vcf", 1 },
    { "kcontacts-3.0-photos.vcf", 1 },
    { "owncloud-contacts-0.3-3.0.vcf", 1 },
    { "sogo-connector-thunderbird-3.0.vcf", 1 },
    /* Known loss: three TEL marked PREF, and one PREF,WORK,FAX; Rapport
     * keeps one preferred number and one label per number, so the
     * others go out without PREF and WORK. */
    { "webdav-collaborator-from-outlook-3.0.vcf", 1, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "vcard", files[i].name, NULL);
      g_autofree char *expected = g_strdup_printf ("Imported %u customer", files[i].cards);
      g_autofree char *unchanged = g_strdup_printf ("0 created\n0 updated\n%u unchanged\n", files[i].cards);
      g_autofree char *raw = NULL;
      g_autofree char *original = NULL;
      g_autoptr(Result) imported = NULL;
      g_autoptr(Result) exported = NULL;
      g_autoptr(Result) again = NULL;
      g_autoptr(GPtrArray) before = NULL;
      g_autoptr(GPtrArray) after = NULL;
      g_autoptr(GHashTable) written = g_hash_table_new (g_str_hash, g_str_equal);
      gsize length;

      g_test_message ("%s", files[i].name);
      imported = run (fixture, "import", "vcf", path, NULL);
      assert_ok (imported);
      assert_contains (imported->out, expected);

      g_assert_true (g_file_get_contents (path, &raw, &length, NULL));
      if (length > 1 && raw[0] == '\0')
        original = g_convert (raw, length, "UTF-8", "UTF-16BE", NULL, NULL, NULL);
      else
        original = g_steal_pointer (&raw);
      g_assert_nonnull (original);

      exported = run (fixture, "export", "vcf", NULL);
      assert_ok (exported);
      after = card_lines (exported->out);
      for (guint j = 0; j < after->len; j++)
        {
          g_hash_table_add (written, g_ptr_array_index (after, j));
          g_hash_table_add (written, (gpointer) without_group (g_ptr_array_index (after, j)));
        }

      before = files[i].v21 ? g_ptr_array_new () : card_lines (original);
      for (guint j = 0; j < before->len; j++)
        {
          const char *line = g_ptr_array_index (before, j);

          if (g_ascii_strncasecmp (line, "PRODID:", 7) == 0 || g_ascii_strncasecmp (line, "REV:", 4) == 0)
            continue;
          /* The same address twice in one card is one address: the
           * export writes it once, under one of its groups. */
          if (!g_hash_table_contains (written, line) && !g_hash_table_contains (written, without_group (line)))
            g_error ("%s: the export lost the line “%s”", files[i].name, line);
        }

      again = run (fixture, "import", "vcf", path, NULL);
      assert_ok (again);
      assert_contains (again->out, unchanged);
    }
}

/* A file that does not read is refused with the line that is wrong, and
 * nothing is imported. */
static void
test_import_vcf_unreadable (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "broken.vcf",
                                      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Obi\r\nEND:VCARD\r\n"
                                      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Ali\r\nno colon here\r\nEND:VCARD\r\n");
  g_autofree char *id = add_kigali (fixture);
  g_autofree char *before = snapshot (fixture);
  g_autofree char *after = NULL;
  g_autoptr(Result) result = run (fixture, "import", "vcf", path, NULL);

  assert_status (result, 1);
  assert_contains (result->err, "line 8:");
  assert_contains (result->err, "nothing was imported");
  after = snapshot (fixture);
  g_assert_cmpstr (before, ==, after);

  /* An empty file, and text with no card, say so. */
  {
    g_autofree char *empty = write_file (fixture, "empty.vcf", "");
    g_autofree char *no_card = write_file (fixture, "hello.vcf", "hello\n");

    g_clear_pointer (&result, result_free);
    result = run (fixture, "import", "vcf", empty, NULL);
    assert_status (result, 1);
    assert_contains (result->err, "The file holds no vCard");
    g_clear_pointer (&result, result_free);
    result = run (fixture, "import", "vcf", no_card, "--skip-invalid", NULL);
    assert_status (result, 1);
    assert_contains (result->err, "The file holds no vCard");
  }

  /* With --skip-invalid the cards that read come in, and the other is
   * named with where it starts. */
  g_clear_pointer (&result, result_free);
  result = run (fixture, "import", "vcf", path, "--skip-invalid", NULL);
  assert_ok (result);
  assert_contains (result->out, "Imported 1 customer\n");
  assert_contains (result->out, "Skipped 1 card that could not be read");
  assert_contains (result->err, "card 2 (from line 5): line 4:");

  /* Thunderbird's export with a raw CR in a value: its other card. */
  {
    g_autofree char *thunderbird = g_test_build_filename (G_TEST_DIST, "data", "vcard",
                                                          "thunderbird-4.0-two-cards.vcf", NULL);

    g_clear_pointer (&result, result_free);
    result = run (fixture, "import", "vcf", thunderbird, "--skip-invalid", NULL);
    assert_ok (result);
    assert_contains (result->out, "Imported 1 customer\n");
    assert_contains (result->err, "card 2 (from line 8)");
  }
}

/* Exporters' files from tests/data/csv: presets, encodings, the report. */
static void
test_import_exporters (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *google = g_test_build_filename (G_TEST_DIST, "data", "csv", "google-contacts.csv", NULL);
  g_autofree char *sjis = g_test_build_filename (G_TEST_DIST, "data", "csv", "thunderbird-import-shiftjis.csv", NULL);
  g_autofree char *cp1252 = g_test_build_filename (G_TEST_DIST, "data", "csv", "outlook-2013-de-cp1252.csv", NULL);
  g_autofree char *semicolon = g_test_build_filename (G_TEST_DIST, "data", "csv", "thunderbird-import-semicolon.csv", NULL);
  g_autoptr(Result) result = run (fixture, "import", "csv", google, NULL);

  assert_ok (result);
  assert_contains (result->out, "Read as an export of Google Contacts");
  assert_contains (result->out, "1 created\n");
  assert_contains (result->err, "column “Birthday”: 1 row had data in it, which was not imported");
  assert_contains (result->out, "--map COLUMN=FIELD");

  /* Again: nothing new. */
  g_clear_pointer (&result, result_free);
  result = run (fixture, "import", "csv", google, NULL);
  assert_ok (result);
  assert_contains (result->out, "0 created\n0 updated\n1 unchanged\n");

  /* --map takes a column no preset maps; "ignore" leaves one out. */
  g_clear_pointer (&result, result_free);
  result = run (fixture, "import", "csv", google, "--map", "Nickname=ignore", NULL);
  assert_ok (result);
  g_assert_null (strstr (result->err, "“Nickname”"));

  g_clear_pointer (&result, result_free);
  result = run (fixture, "import", "csv", semicolon, NULL);
  assert_ok (result);
  assert_contains (result->out, "2 created\n");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "import", "csv", sjis, NULL);
  assert_status (result, 1);
  assert_contains (result->err, "The file is not UTF-8");
  assert_contains (result->err, "--encoding SHIFT_JIS");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "import", "csv", sjis, "--encoding", "SHIFT_JIS", NULL);
  assert_ok (result);
  assert_contains (result->out, "1 created\n");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "import", "csv", cp1252, NULL);
  assert_status (result, 1);
  assert_contains (result->err, "--encoding WINDOWS-1252");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "import", "csv", cp1252, "--encoding", "WINDOWS-1252", NULL);
  assert_ok (result);
  assert_contains (result->out, "Read as an export of Outlook");
  assert_contains (result->out, "2 created\n");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "import", "--help", NULL);
  assert_ok (result);
  assert_contains (result->out, "given-name");
  assert_contains (result->out, "--encoding");
}

static void
test_import_usage (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.csv", NULL);
  g_autoptr(Result) result = run (fixture, "import", "csv", missing, NULL);

  assert_status (result, 1);
  assert_contains (result->err, "missing.csv");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "import", "xml", missing, NULL);
  assert_status (result, 2);
  assert_contains (result->err, "“xml”");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "import", "csv", NULL);
  assert_status (result, 2);
}

/* export ------------------------------------------------------------------ */

/* Amara with a history, a follow-up and a contract; Kigali Coffee with a
 * member. */
static void
populate (Fixture *fixture)
{
  g_autofree char *amara = add_amara (fixture);
  g_autofree char *kigali = add_kigali (fixture);
  g_autofree char *follow_up = NULL;
  g_autoptr(Result) result = NULL;

  result = run (fixture, "customer", "add", "--name", "Jean Mugabo", "--member-of", kigali,
                "--email", "jean@kigalicoffee.rw", "--email", "jean.mugabo@example.rw", "--phone", "+250788123456",
                NULL);
  assert_ok (result);
  g_clear_pointer (&result, result_free);
  result = run (fixture, "log", "--customer", amara, "--subject", "Late delivery",
                "--when", "2026-11-20 14:30", NULL);
  assert_ok (result);
  follow_up = add_follow_up (fixture, amara, "2026-12-01 10:00", "Call back");
  g_clear_pointer (&result, result_free);
  result = run (fixture, "contract", "add", "--customer", amara, "--product", "Support plan",
                "--start", "2026-01-01", "--end", "2027-01-31", "--value", "1200.00", "--currency", "EUR", NULL);
  assert_ok (result);
}

static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *path = NULL;
  g_autofree char *db = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *old_list;
  JsonArray *new_list;

  populate (fixture);

  result = run (fixture, "export", "csv", NULL);
  assert_ok (result);
  g_assert_true (g_str_has_prefix (result->out,
                                   "uid,kind,name,given name,family name,organization,job title,email,phone,"
                                   "language,time zone,country,form of address,"));
  assert_contains (result->out, "Amara Okafor");
  assert_contains (result->out, "amara@example.com");
  g_assert_true (strstr (result->out, "\"returning; international\"") != NULL ||
                 strstr (result->out, "\"international; returning\"") != NULL);
  assert_contains (result->out, "\"jean@kigalicoffee.rw; jean.mugabo@example.rw\"");
  lines = g_strsplit (result->out, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 3 + 1);
  /* Organizations come first, so that their people find them on import. */
  g_assert_true (g_str_has_prefix (strchr (lines[1], ',') + 1, "organization,Kigali Coffee Ltd,"));

  /* The export imports back into a fresh database as it was. */
  before = list_customers (fixture);
  path = write_file (fixture, "export.csv", result->out);
  db = g_strdup (fixture->db);
  g_free (fixture->db);
  fixture->db = g_build_filename (fixture->dir, "copy.db", NULL);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "import", "csv", path, NULL);
  assert_ok (result);
  assert_contains (result->out, "Imported 3 customers");

  after = list_customers (fixture);
  old_list = json_node_get_array (before);
  new_list = json_node_get_array (after);
  g_assert_cmpuint (json_array_get_length (new_list), ==, json_array_get_length (old_list));
  for (guint i = 0; i < json_array_get_length (old_list); i++)
    {
      JsonObject *old = json_array_get_object_element (old_list, i);
      JsonObject *copy = json_array_get_object_element (new_list, i);
      const char *fields[] = { "uid", "kind", "display_name", "organization_name", "language", "time_zone", "form_of_address" };
      const char *arrays[] = { "emails", "phones" };
      JsonArray *old_types = json_object_get_array_member (old, "types");
      JsonArray *new_types = json_object_get_array_member (copy, "types");

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        g_assert_cmpstr (json_object_get_string_member (copy, fields[f]), ==,
                         json_object_get_string_member (old, fields[f]));

      for (guint a = 0; a < G_N_ELEMENTS (arrays); a++)
        {
          JsonArray *old_points = json_object_get_array_member (old, arrays[a]);
          JsonArray *new_points = json_object_get_array_member (copy, arrays[a]);

          g_assert_cmpuint (json_array_get_length (new_points), ==, json_array_get_length (old_points));
          for (guint p = 0; p < json_array_get_length (old_points); p++)
            g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (new_points, p), "value"), ==,
                             json_object_get_string_member (json_array_get_object_element (old_points, p), "value"));
        }

      g_assert_cmpuint (json_array_get_length (new_types), ==, json_array_get_length (old_types));
      for (guint t = 0; t < json_array_get_length (old_types); t++)
        g_assert_true (array_has_string (new_types, json_array_get_string_element (old_types, t)));
    }

  g_free (fixture->db);
  fixture->db = g_steal_pointer (&db);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

/* A phone goes out as it was typed, in every export: the "(0)" of
 * "+44 (0)20 ..." is kept in the text, and not taken for a digit. */
static void
test_export_phone_as_typed (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(Result) result = NULL;

  result = run (fixture, "customer", "add", "--name", "Oliver Hughes", "--country", "GB",
                "--phone", "+44 (0)20 7946 0958", NULL);
  assert_ok (result);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "export", "csv", NULL);
  assert_ok (result);
  assert_contains (result->out, ",+44 (0)20 7946 0958,");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "export", "json", NULL);
  assert_ok (result);
  assert_contains (result->out, "\"+44 (0)20 7946 0958\"");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "export", "vcf", NULL);
  assert_ok (result);
  assert_contains (result->out, ":+44 (0)20 7946 0958\r\n");
  g_assert_null (strstr (result->out, "4402079460958"));
}

static void
test_export_vcf (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) amara = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *lower = NULL;

  populate (fixture);
  amara = show_customer (fixture, "amara@example.com");
  uid = g_strdup (string_member (json_node_get_object (amara), "uid"));

  result = run (fixture, "export", "vcf", NULL);
  assert_ok (result);
  g_assert_cmpuint (count_occurrences (result->out, "BEGIN:VCARD\r\n"), ==, 3);
  g_assert_cmpuint (count_occurrences (result->out, "END:VCARD\r\n"), ==, 3);
  g_assert_cmpuint (count_occurrences (result->out, "VERSION:4.0\r\n"), ==, 3);
  assert_contains (result->out, "FN:Amara Okafor\r\n");
  assert_contains (result->out, "FN:Kigali Coffee Ltd\r\n");
  assert_contains (result->out, "amara@example.com");
  assert_contains (result->out, uid);
  lower = g_ascii_strdown (result->out, -1);
  assert_contains (lower, "\r\nkind:org\r\n");
}

static void
test_export_json (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  const char *sections[] = {
    "customers", "interactions", "follow_ups", "contracts", "notices", "cases", "feedback",
    "customer_types", "service_targets",
  };
  JsonArray *customers;
  JsonArray *types;
  gboolean found_vip = FALSE;

  populate (fixture);

  result = run (fixture, "export", "json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  object = json_node_get_object (node);
  g_assert_cmpstr (string_member (object, "format"), ==, "rapport-backup");
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_assert_true (json_object_has_member (object, sections[i]));
      g_assert_nonnull (json_object_get_array_member (object, sections[i]));
    }

  customers = json_object_get_array_member (object, "customers");
  g_assert_cmpuint (json_array_get_length (customers), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "interactions")), ==, 1);
  g_assert_cmpstr (string_member (json_array_get_object_element (json_object_get_array_member (object, "interactions"), 0),
                                  "subject"), ==, "Late delivery");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "follow_ups")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "contracts")), ==, 1);
  g_assert_cmpstr (string_member (json_array_get_object_element (json_object_get_array_member (object, "contracts"), 0),
                                  "value"), ==, "1200.00");

  types = json_object_get_array_member (object, "customer_types");
  for (guint i = 0; i < json_array_get_length (types); i++)
    if (g_strcmp0 (string_member (json_array_get_object_element (types, i), "key"), "vip") == 0)
      found_vip = TRUE;
  g_assert_true (found_vip);

  /* An empty database is a valid backup too. */
  g_clear_pointer (&result, result_free);
  g_clear_pointer (&node, json_node_unref);
  g_free (fixture->db);
  fixture->db = g_build_filename (fixture->dir, "empty.db", NULL);
  result = run (fixture, "export", "json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "customers")), ==, 0);
}

static void
test_export_output_file (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.csv", NULL);
  g_autofree char *nowhere = g_build_filename (fixture->dir, "no", "such", "dir", "out.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(Result) result = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  GStatBuf st;

  populate (fixture);

  /* An older file is replaced whole. */
  g_file_set_contents (path, "old contents that are longer than nothing", -1, &error);
  g_assert_no_error (error);

  result = run (fixture, "export", "csv", "--output", path, NULL);
  assert_ok (result);
  g_assert_cmpstr (result->out, ==, "");
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "uid,kind,name,"));
  assert_contains (contents, "Amara Okafor");
  assert_not_contains (contents, "old contents");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* No temporary file left behind. */
  dir = g_dir_open (fixture->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, ".out.csv"));

  g_clear_pointer (&result, result_free);
  result = run (fixture, "export", "json", "--output", nowhere, NULL);
  assert_status (result, 1);
  assert_contains (result->err, "out.csv");
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
}

static void
test_export_unknown_format (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(Result) result = run (fixture, "export", "xml", NULL);

  assert_status (result, 2);
  assert_contains (result->err, "“xml”");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "export", NULL);
  assert_status (result, 2);
}

/* Runs rapportctl --db DB @args and returns its stderr as bytes, which
 * need not be UTF-8 (g_subprocess_communicate_utf8 would refuse them). */
static char *
run_raw_stderr (Fixture            *fixture,
                const char * const *args,
                int                *status)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_build_filename (fixture->dir, "data", NULL);
  gsize size;
  const char *data;

  g_ptr_array_add (argv, (gpointer) rapportctl_path ());
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, fixture->db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  /* Exited, not killed: a crash (ASan) would show here. */
  g_assert_true (g_subprocess_get_if_exited (process));
  *status = g_subprocess_get_exit_status (process);

  data = g_bytes_get_data (err, &size);
  g_test_message ("stderr (%" G_GSIZE_FORMAT " bytes): %.*s", size, (int) MIN (size, 2000), data);
  return g_strndup (data, size);
}

static void
test_errors_overflowing_id (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autoptr(Result) result = run (fixture, "customer", "show", "99999999999999999999", NULL);

  assert_status (result, 1);
  g_assert_cmpstr (result->err, ==,
                   "rapportctl: customer: “99999999999999999999” is not a valid customer id\n");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "restore", "99999999999999999999", NULL);
  assert_status (result, 1);
  assert_contains (result->err, "“99999999999999999999” is not a record id");
  assert_not_contains (result->err, "-1");
}

static void
test_errors_escape_invalid_bytes (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char * const invocations[][4] = {
    { "customer", "show", "ab\xf0", NULL },
    { "customer", "search", "ab\xf0", NULL },
    { "customer", "search", "\xc3", NULL },
    { "customer", "delete", "\xff\x1b[2J", NULL },
    { "no\xf0such", NULL },
  };
  g_autofree char *id = add_amara (fixture);
  g_autofree char *before = dump_database (fixture->db);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (invocations); i++)
    {
      int status = 0;
      g_autofree char *err = run_raw_stderr (fixture, invocations[i], &status);

      g_assert_cmpint (status, !=, 0);
      g_assert_true (g_utf8_validate (err, -1, NULL));
      g_assert_null (strchr (err, '\x1b'));
      g_assert_nonnull (strstr (err, "\\x"));
    }

  {
    int status = 0;
    g_autofree char *err = run_raw_stderr (fixture, invocations[0], &status);

    g_assert_cmpstr (err, ==, "rapportctl: customer: “ab\\xF0” is not valid UTF-8 text\n");
  }

  {
    int status = 0;
    g_autofree char *err = run_raw_stderr (fixture, invocations[1], &status);

    g_assert_cmpint (status, ==, 1);
    g_assert_cmpstr (err, ==, "rapportctl: search: “ab\\xF0” is not valid UTF-8 text\n");
  }

  after = dump_database (fixture->db);
  g_assert_cmpstr (before, ==, after);
}

static void
test_errors_shorten_long_values (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("name,type\nAda Obi,");
  g_autofree char *type = g_strnfill (10 * 1000 * 1000, 't');
  g_autofree char *name = g_strnfill (100 * 1000, 'n');
  g_autofree char *path = NULL;
  g_autoptr(Result) result = NULL;
  g_autoptr(GError) error = NULL;

  g_string_append_printf (csv, "%s\n", type);
  path = g_build_filename (fixture->dir, "huge.csv", NULL);
  g_file_set_contents (path, csv->str, csv->len, &error);
  g_assert_no_error (error);

  result = run (fixture, "import", "csv", path, NULL);
  assert_status (result, 1);
  /* The value's beginning and its size, not ten megabytes. */
  assert_contains (result->err, "line 2: type: “tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt… (10.0\xc2\xa0MB)” is not a customer type\n");
  g_assert_cmpuint (strlen (result->err), <, 1000);

  /* Too long to look up, said without echoing it. */
  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "show", name, NULL);
  assert_status (result, 1);
  g_assert_cmpstr (result->err, ==,
                   "rapportctl: customer: too long: 100000 characters, at most 300 characters\n");
}

static void
test_errors_name_a_nul_byte (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char csv[] = "name,notes\nAda Obi,one\0two\n";
  g_autofree char *path = g_build_filename (fixture->dir, "nul.csv", NULL);
  g_autoptr(Result) result = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, csv, sizeof csv - 1, &error);
  g_assert_no_error (error);

  result = run (fixture, "import", "csv", path, NULL);
  assert_status (result, 1);
  assert_contains (result->err, "line 2: contains a NUL byte\n");
  assert_not_contains (result->err, "UTF-8");
}

static void
test_import_cuts_oversized_field (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("name,notes\nAda Obi,");
  g_autofree char *path = g_build_filename (fixture->dir, "long.csv", NULL);
  g_autoptr(Result) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const char *notes;

  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (csv, 'a' + i % 26);
  g_string_append (csv, "\n");
  g_file_set_contents (path, csv->str, csv->len, &error);
  g_assert_no_error (error);

  result = run (fixture, "import", "csv", path, NULL);
  assert_ok (result);
  assert_contains (result->out, "Imported 1 customer");
  assert_contains (result->err, "line 2: notes: cut to 1.0\xc2\xa0MiB (it had 2.0\xc2\xa0MiB)\n");

  g_clear_pointer (&result, result_free);
  result = run (fixture, "customer", "show", "Ada Obi", "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  notes = json_object_get_string_member (json_node_get_object (node), "notes");
  g_assert_cmpuint (strlen (notes), ==, 1024 * 1024);
}

static void
test_dates_before_year_1000 (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *id = add_amara (fixture);
  g_autoptr(Result) result = run (fixture, "log", "--customer", id, "--subject", "Old letter",
                                  "--when", "0999-06-01 10:00", "--time-zone", "UTC", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  assert_ok (result);

  g_clear_pointer (&result, result_free);
  result = run (fixture, "history", id, "--json", NULL);
  assert_ok (result);
  node = parse_json (result->out);
  array = json_node_get_array (node);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "when"), ==,
                   "0999-06-01T10:00:00Z");

  /* The table shows the wall time in the user's zone (Berlin, then on
   * local mean time), with four digits of year too. */
  g_clear_pointer (&result, result_free);
  result = run (fixture, "history", id, NULL);
  assert_ok (result);
  assert_contains (result->out, "  0999-06-01 ");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/rapportctl/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("version", test_version);
  ADD ("usage/help-for-every-level", test_help);
  ADD ("usage/no-command-is-a-usage-error", test_no_command);
  ADD ("usage/unknown-command-is-a-usage-error", test_unknown_command);
  ADD ("usage/unknown-option-is-a-usage-error", test_unknown_option);
  ADD ("usage/missing-required-option-is-a-usage-error", test_missing_required_option);
  ADD ("db/defaults-to-xdg-data-home", test_default_database);

  ADD ("customer/add-person", test_customer_add_person);
  ADD ("customer/add-organization-and-member", test_customer_add_organization);
  ADD ("customer/add-prints-json", test_customer_add_json);
  ADD ("customer/add-rejects-bad-email", test_customer_add_rejects_bad_email);
  ADD ("customer/add-rejects-bad-language", test_customer_add_rejects_bad_language);
  ADD ("customer/add-rejects-bad-time-zone", test_customer_add_rejects_bad_time_zone);
  ADD ("customer/add-rejects-bad-type-phone-country-channel", test_customer_add_rejects_bad_values);
  ADD ("customer/show-profile-history-follow-ups-contracts", test_customer_show);
  ADD ("customer/show-rejects-unknown-customer", test_customer_show_unknown);
  ADD ("customer/list-filters-by-type", test_customer_list);
  ADD ("customer/list-pages-through-many", test_customer_list_many);
  ADD ("customer/search-folds-case-and-accents", test_customer_search_folds_accents);
  ADD ("customer/edit-changes-only-given-fields", test_customer_edit);
  ADD ("customer/edit-rejects-bad-values", test_customer_edit_rejects_bad_values);
  ADD ("customer/delete-moves-to-trash-and-restore", test_customer_delete_and_restore);
  ADD ("customer/erase-needs-yes-and-removes-everything", test_customer_erase);

  ADD ("log/records-interaction", test_log_records_interaction);
  ADD ("log/records-every-message-field", test_log_with_all_fields);
  ADD ("log/follow-up-due-schedules-the-promise", test_log_follow_up_due);
  ADD ("log/rejects-bad-input", test_log_rejects_bad_input);
  ADD ("log/rejects-unknown-customer", test_log_rejects_unknown_customer);
  ADD ("history/lists-newest-first", test_history);

  ADD ("follow-up/add-in-another-time-zone", test_follow_up_in_other_zone);
  ADD ("follow-up/list-overdue-today-upcoming", test_follow_up_list_sections);
  ADD ("follow-up/done-recurring-yields-next", test_follow_up_done_recurring);
  ADD ("follow-up/assign-one-of-no-customer-yet", test_follow_up_assign);
  ADD ("follow-up/snooze", test_follow_up_snooze);
  ADD ("follow-up/add-rejects-bad-input", test_follow_up_rejects_bad_input);
  ADD ("follow-up/delete", test_follow_up_delete);

  ADD ("contract/add", test_contract_add);
  ADD ("contract/list-renewals-due", test_contract_renewals_due);
  ADD ("contract/add-rejects-bad-input", test_contract_rejects_bad_input);

  ADD ("import/csv", test_import_csv);
  ADD ("import/all-or-nothing-leaves-database-unchanged", test_import_all_or_nothing);
  ADD ("import/skip-invalid-reports-line-numbers", test_import_skip_invalid);
  ADD ("import/outside-values-kept-and-reported", test_import_keeps_outside_values);
  ADD ("import/vcf-exporters-round-trip-whole", test_import_vcf_corpus_round_trip);
  ADD ("import/vcf-unreadable-card-refused-or-skipped", test_import_vcf_unreadable);
  ADD ("import/usage-and-missing-file", test_import_usage);
  ADD ("import/oversized-field-is-cut-and-reported", test_import_cuts_oversized_field);
  ADD ("errors/overflowing-id-is-not-a-valid-id", test_errors_overflowing_id);
  ADD ("errors/invalid-bytes-are-escaped", test_errors_escape_invalid_bytes);
  ADD ("errors/long-values-are-shortened-with-their-size", test_errors_shorten_long_values);
  ADD ("errors/nul-byte-is-named", test_errors_name_a_nul_byte);
  ADD ("history/dates-before-year-1000-have-four-digits", test_dates_before_year_1000);
  ADD ("import/exporters-presets-and-encodings", test_import_exporters);

  ADD ("export/csv-imports-back", test_export_csv);
  ADD ("export/vcf", test_export_vcf);
  ADD ("export/phone-as-typed", test_export_phone_as_typed);
  ADD ("export/json-backup", test_export_json);
  ADD ("export/output-file-replaced-whole", test_export_output_file);
  ADD ("export/unknown-format-is-a-usage-error", test_export_unknown_format);

#undef ADD

  return g_test_run ();
}
