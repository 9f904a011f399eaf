/* test-reminders.c
 *
 * `rapport --background` against a real notification server: Debian's
 * dunst on the session bus of dbus-run-session, under Xvfb. Follow-ups
 * are written by another connection (as rapportctl would) while the
 * service runs with no window; the test reads what dunst shows and picks
 * the notification's actions through dunst's own context menu (its
 * "dmenu" is a script that chooses the button the test names), so Done
 * and Snooze travel over D-Bus exactly as a click does.
 */

#include "config.h"

#include <glib.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rapport-store-notices.h"
#include "test-util.h"

typedef struct
{
  StoreFixture  base;
  char         *choice_path;
  GSubprocess  *dunst;
  GSubprocess  *rapport;
  gint64        customer_id;
} Fixture;

static char *
run_dunstctl (const char *first,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) "dunstctl");
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_strstrip (g_steal_pointer (&out));
}

static guint
displayed (void)
{
  g_autofree char *out = run_dunstctl ("count", "displayed", NULL);

  return (guint) g_ascii_strtoull (out, NULL, 10);
}

/* Waits up to @ms for @check to hold, polling every 50 ms. */
static gboolean
wait_for (gboolean (*check) (gpointer),
          gpointer   data,
          guint      ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    {
      if (check (data))
        return TRUE;
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }

  return check (data);
}

static gboolean
n_displayed (gpointer data)
{
  return displayed () == GPOINTER_TO_UINT (data);
}

static gboolean
notifications_name_owned (gpointer data)
{
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (data, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.Notifications"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply == NULL)
    return FALSE;

  return g_variant_get_boolean (g_variant_get_child_value (reply, 0));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *pick_path = NULL;
  g_autofree char *config = NULL;
  g_autofree char *pick = NULL;

  store_fixture_set_up (&fixture->base, data);

  customer->display_name = g_strdup ("Amara Osei");
  g_assert_true (rapport_store_add_customer (fixture->base.store, customer, &error));
  g_assert_no_error (error);
  fixture->customer_id = customer->id;

  /* dunst's context menu runs "dmenu" with the actions on stdin and
   * invokes the line it prints: this one prints the button named in
   * the choice file. */
  fixture->choice_path = g_build_filename (fixture->base.dir, "choice", NULL);
  pick_path = g_build_filename (fixture->base.dir, "pick.sh", NULL);
  pick = g_strdup_printf ("exec grep -m1 -F -e \"$(cat '%s')\"\n", fixture->choice_path);
  g_assert_true (g_file_set_contents (pick_path, pick, -1, NULL));

  config_path = g_build_filename (fixture->base.dir, "dunstrc", NULL);
  config = g_strdup_printf ("[global]\n"
                            "    dmenu = /bin/sh %s\n"
                            "[urgency_low]\n    timeout = 0\n"
                            "[urgency_normal]\n    timeout = 0\n"
                            "[urgency_critical]\n    timeout = 0\n",
                            pick_path);
  g_assert_true (g_file_set_contents (config_path, config, -1, NULL));

  fixture->dunst = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                     &error, "dunst", "-config", config_path, NULL);
  g_assert_no_error (error);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  if (!wait_for (notifications_name_owned, bus, 10000))
    g_error ("dunst did not take org.freedesktop.Notifications");
}

static void
start_rapport (Fixture *fixture)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_build_filename (fixture->base.dir, "home", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  /* Killed, not ended: a leak report would be about the kill. */
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", "detect_leaks=0", TRUE);

  fixture->rapport = g_subprocess_launcher_spawn (launcher, &error,
                                                  g_getenv ("RAPPORT"), "--background",
                                                  "--db", fixture->base.path, NULL);
  g_assert_no_error (error);
}

/* Alive and not a zombie: no main loop runs here to reap it. */
static gboolean
is_running (GSubprocess *process)
{
  g_autofree char *path = NULL;
  g_autofree char *stat = NULL;
  const char *id = g_subprocess_get_identifier (process);
  const char *end;

  if (id == NULL)
    return FALSE;

  path = g_strdup_printf ("/proc/%s/stat", id);
  if (!g_file_get_contents (path, &stat, NULL, NULL) || (end = strrchr (stat, ')')) == NULL)
    return FALSE;

  return end[1] == ' ' && end[2] != 'Z';
}

static void
stop_rapport (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  if (fixture->rapport == NULL)
    return;

  /* Still running: --background holds it with no window. */
  g_assert_true (is_running (fixture->rapport));
  g_subprocess_send_signal (fixture->rapport, SIGTERM);
  g_subprocess_wait (fixture->rapport, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->rapport);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  stop_rapport (fixture);
  if (fixture->dunst != NULL)
    {
      g_subprocess_send_signal (fixture->dunst, SIGTERM);
      g_subprocess_wait (fixture->dunst, NULL, NULL);
      g_clear_object (&fixture->dunst);
    }
  g_clear_pointer (&fixture->choice_path, g_free);
  store_fixture_tear_down (&fixture->base, data);
}

/* A second connection, as another process would write. */
static gint64
add_follow_up (Fixture    *fixture,
               const char *title,
               gint64      due)
{
  g_autoptr(RapportStore) other = NULL;
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autoptr(GError) error = NULL;

  other = rapport_store_open (fixture->base.path, &error);
  g_assert_no_error (error);

  follow_up->customer_id = fixture->customer_id;
  follow_up->title = g_strdup (title);
  follow_up->due = due;
  follow_up->time_zone = g_strdup ("Europe/Berlin");
  g_assert_true (rapport_store_add_follow_up (other, follow_up, &error));
  g_assert_no_error (error);

  return follow_up->id;
}

static RapportFollowUp *
read_follow_up (Fixture *fixture,
                gint64   id)
{
  g_autoptr(RapportStore) other = NULL;
  g_autoptr(GError) error = NULL;
  RapportFollowUp *follow_up;

  other = rapport_store_open (fixture->base.path, &error);
  g_assert_no_error (error);
  follow_up = rapport_store_get_follow_up (other, id, &error);
  g_assert_no_error (error);

  return follow_up;
}

/* Clicks the button labelled @label on the notification shown. */
static void
choose (Fixture    *fixture,
        const char *label)
{
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (fixture->choice_path, label, -1, NULL));
  out = run_dunstctl ("context", NULL);
}

/* The summaries and bodies dunst has shown, closed first so they are in
 * its history: "summary|body" per line, oldest first. */
static char *
shown_texts (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *closed = run_dunstctl ("close-all", NULL);
  g_autofree char *history = run_dunstctl ("history", NULL);
  GString *out = g_string_new (NULL);
  JsonArray *list;

  g_assert_true (json_parser_load_from_data (parser, history, -1, &error));
  g_assert_no_error (error);

  list = json_array_get_array_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                                     "data"), 0);
  for (guint i = json_array_get_length (list); i > 0; i--)
    {
      JsonObject *entry = json_array_get_object_element (list, i - 1);
      const char *summary = json_object_get_string_member (json_object_get_object_member (entry, "summary"), "data");
      const char *body = json_object_get_string_member (json_object_get_object_member (entry, "body"), "data");

      g_string_append_printf (out, "%s|%s\n", summary, body);
    }

  return g_string_free (out, FALSE);
}

/* A follow-up written while the service runs with no window pops up when
 * it falls due, not before; Done from the notification completes it. */
static void
test_due_then_done (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RapportFollowUp) after = NULL;
  g_autofree char *texts = NULL;
  gint64 due;
  gint64 id;

  start_rapport (fixture);
  g_usleep (500 * G_TIME_SPAN_MILLISECOND);

  due = g_get_real_time () / G_USEC_PER_SEC + 3;
  id = add_follow_up (fixture, "Send the quote", due);

  /* Nothing before it is due. */
  while (g_get_real_time () / G_USEC_PER_SEC < due - 1)
    {
      g_assert_cmpuint (displayed (), ==, 0);
      g_usleep (100 * G_TIME_SPAN_MILLISECOND);
    }

  /* Then within two seconds of it. */
  if (!wait_for (n_displayed, GUINT_TO_POINTER (1), 4000))
    g_error ("No notification within two seconds of the due time");
  g_assert_cmpint (g_get_real_time () / G_USEC_PER_SEC, <=, due + 2);

  choose (fixture, "Done");
  g_assert_true (wait_for (n_displayed, GUINT_TO_POINTER (0), 5000));

  for (int i = 0; i < 100; i++)
    {
      g_clear_pointer (&after, rapport_follow_up_free);
      after = read_follow_up (fixture, id);
      if (after->state == RAPPORT_FOLLOW_UP_DONE)
        break;
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
  g_assert_cmpint (after->state, ==, RAPPORT_FOLLOW_UP_DONE);

  /* One notification, the customer's name over what to do and when. */
  texts = shown_texts ();
  g_assert_true (g_str_has_prefix (texts, "Amara Osei|Send the quote\nDue Today "));
  g_assert_cmpuint (strlen (texts), ==, strlen ("Amara Osei|Send the quote\nDue Today 00:00\n"));
}

/* Snooze from the notification puts it off an hour; it does not come
 * again meanwhile, also not after a restart. */
static void
test_snooze_and_restart (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RapportFollowUp) after = NULL;
  gint64 clicked;
  gint64 id;

  id = add_follow_up (fixture, "Call back", g_get_real_time () / G_USEC_PER_SEC - 60);
  start_rapport (fixture);

  /* Overdue at start: caught up at once. */
  g_assert_true (wait_for (n_displayed, GUINT_TO_POINTER (1), 5000));
  clicked = g_get_real_time () / G_USEC_PER_SEC;
  choose (fixture, "Snooze");
  g_assert_true (wait_for (n_displayed, GUINT_TO_POINTER (0), 5000));

  for (int i = 0; i < 100; i++)
    {
      g_clear_pointer (&after, rapport_follow_up_free);
      after = read_follow_up (fixture, id);
      if (after->snoozed_until != 0)
        break;
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
  g_assert_cmpint (after->state, ==, RAPPORT_FOLLOW_UP_OPEN);
  g_assert_cmpint (after->snoozed_until, >=, clicked + 3600 - 5);
  g_assert_cmpint (after->snoozed_until, <=, clicked + 3600 + 5);

  /* Restarted: what fired stays fired. */
  stop_rapport (fixture);
  start_rapport (fixture);
  g_usleep (2 * G_USEC_PER_SEC);
  g_assert_cmpuint (displayed (), ==, 0);
}

/* Many due at once: one summary, not a storm. */
static void
test_summary (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *texts = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (int i = 0; i < 6; i++)
    {
      g_autofree char *title = g_strdup_printf ("Overdue %d", i);

      add_follow_up (fixture, title, now - 3600 + i);
    }

  start_rapport (fixture);
  g_assert_true (wait_for (n_displayed, GUINT_TO_POINTER (1), 5000));
  g_usleep (G_USEC_PER_SEC);
  g_assert_cmpuint (displayed (), ==, 1);

  texts = shown_texts ();
  g_assert_cmpstr (texts, ==, "6 reminders are due|Amara Osei, Amara Osei, Amara Osei and 3 more\n");
}

/* A contract whose notice date has come: the service writes its notice,
 * in the customer's language, and says it is ready. */
static void
test_renewal_notice (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RapportStore) other = NULL;
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) end = g_date_time_add_days (now, 29);
  g_autoptr(GError) error = NULL;
  g_autofree char *texts = NULL;
  RapportNotice *notice;

  /* Notice period 30 days: the notice date was yesterday. */
  customer = rapport_store_get_customer (fixture->base.store, fixture->customer_id, &error);
  g_assert_no_error (error);
  customer->language = g_strdup ("de");
  customer->form_of_address = g_strdup ("Frau");
  customer->family_name = g_strdup ("Osei");
  g_assert_true (rapport_store_update_customer (fixture->base.store, customer, &error));
  g_assert_no_error (error);

  contract->customer_id = fixture->customer_id;
  contract->product = g_strdup ("Wartungsvertrag");
  contract->start_date = g_strdup ("2025-01-01");
  contract->end_date = g_date_time_format (end, "%Y-%m-%d");
  contract->value = 120000;
  contract->currency = g_strdup ("EUR");
  contract->lead_days = 30;
  g_assert_true (rapport_store_add_contract (fixture->base.store, contract, &error));
  g_assert_no_error (error);

  start_rapport (fixture);
  g_assert_true (wait_for (n_displayed, GUINT_TO_POINTER (1), 5000));

  texts = shown_texts ();
  g_assert_true (g_str_has_prefix (texts, "Renewal notice due for Amara Osei|Wartungsvertrag ends on "));

  other = rapport_store_open (fixture->base.path, &error);
  g_assert_no_error (error);
  notices = rapport_store_list_notices_all (other, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  notice = g_ptr_array_index (notices, 0);
  g_assert_cmpint (notice->state, ==, RAPPORT_NOTICE_DUE);
  g_assert_cmpstr (notice->language, ==, "de");
  g_assert_true (g_str_has_prefix (notice->body, "Sehr geehrte Frau Osei,"));
  g_assert_nonnull (strstr (notice->body, "1.200,00"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("Needs a display and a session bus: run under xvfb-run dbus-run-session");
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add ("/reminders/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("due-then-done", test_due_then_done);
  ADD ("snooze-and-restart", test_snooze_and_restart);
  ADD ("summary", test_summary);
  ADD ("renewal-notice", test_renewal_notice);

  return g_test_run ();
}
