/* bench-reminders.c
 *
 * The reminders benchmark (build-aux/bench-reminders runs it under Xvfb
 * and dbus-run-session, with dunst as the notification server). It
 * schedules N follow-ups INTERVAL seconds apart in a fresh database,
 * starts `rapport --background` on it, and watches the session bus as a
 * monitor: each Notify call is timed when the bus carries it. Lateness
 * is that moment minus the follow-up's due time. Then, with nothing due,
 * it samples the service's CPU time for a minute.
 *
 * Prints "key value" lines.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rapport-store.h"

typedef struct
{
  GMutex      lock;
  GHashTable *seen;       /* title -> GArray of gint64 receive times (µs) */
} Monitor;

static GDBusMessage *
on_message (GDBusConnection *connection,
            GDBusMessage    *message,
            gboolean         incoming,
            gpointer         user_data)
{
  Monitor *monitor = user_data;
  gint64 now = g_get_real_time ();
  GVariant *body;
  const char *text = NULL;

  /* Our own call of BecomeMonitor and its answer go through. */
  if (!incoming ||
      g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_RETURN ||
      g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_ERROR)
    return message;

  /* A monitor must never answer: everything else it sees is dropped here,
   * or GDBus would reply to the method calls and the bus would close it. */
  if (g_strcmp0 (g_dbus_message_get_member (message), "Notify") != 0)
    goto drop;

  body = g_dbus_message_get_body (message);
  if (body == NULL || !g_variant_is_of_type (body, G_VARIANT_TYPE ("(susssasa{sv}i)")))
    goto drop;

  g_variant_get_child (body, 4, "&s", &text);

  g_mutex_lock (&monitor->lock);
  {
    g_autofree char *title = g_strndup (text, strcspn (text, "\n"));
    GArray *times = g_hash_table_lookup (monitor->seen, title);

    if (times == NULL)
      {
        times = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_hash_table_insert (monitor->seen, g_strdup (title), times);
      }
    g_array_append_val (times, now);
  }
  g_mutex_unlock (&monitor->lock);

drop:
  g_object_unref (message);
  return NULL;
}

static GDBusConnection *
become_monitor (Monitor  *monitor,
                GError  **error)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *address = NULL;
  const char *rules[] = { "type='method_call',interface='org.freedesktop.Notifications',member='Notify'", NULL };

  if (!(address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, error)))
    return NULL;

  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, error);
  if (connection == NULL)
    return NULL;

  g_dbus_connection_add_filter (connection, on_message, monitor, NULL);
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus.Monitoring", "BecomeMonitor",
                                       g_variant_new ("(^asu)", rules, 0),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, error);
  if (reply == NULL)
    return NULL;

  return g_steal_pointer (&connection);
}

/* utime + stime of @pid in clock ticks. */
static guint64
cpu_ticks (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  guint64 utime = 0, stime = 0;
  const char *p;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return 0;

  /* After "pid (comm) ": state is field 3, utime 14, stime 15. */
  p = strrchr (stat, ')');
  if (p == NULL || sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                           &utime, &stime) != 2)
    return 0;

  return utime + stime;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GDBusConnection) monitor_bus = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) rapport = NULL;
  g_autoptr(GArray) lateness = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree gint64 *due = NULL;
  char *rapport_path = NULL;
  int count = 100;
  int interval = 2;
  int idle_seconds = 60;
  int lead = 5;
  guint missed = 0, doubled = 0;
  guint64 ticks_start, ticks_end, ticks_idle_start, ticks_idle_end;
  long hz = sysconf (_SC_CLK_TCK);
  gint64 start_us, idle_start_us, idle_end_us;
  Monitor monitor;
  GOptionEntry entries[] = {
    { "rapport", 0, 0, G_OPTION_ARG_FILENAME, &rapport_path, "The rapport program", "FILE" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Reminders to schedule (100)", "N" },
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval, "Seconds between them (2)", "S" },
    { "idle", 0, 0, G_OPTION_ARG_INT, &idle_seconds, "Seconds of idle CPU sampling (60)", "S" },
    { NULL }
  };

  options = g_option_context_new (NULL);
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || rapport_path == NULL)
    {
      g_printerr ("bench-reminders: %s\n", error != NULL ? error->message : "--rapport is required");
      return 2;
    }

  g_mutex_init (&monitor.lock);
  monitor.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);

  if (!(monitor_bus = become_monitor (&monitor, &error)))
    {
      g_printerr ("bench-reminders: cannot monitor the session bus: %s\n", error->message);
      return 1;
    }

  dir = g_dir_make_tmp ("bench-reminders-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "rapport.db", NULL);
  store = rapport_store_open (path, &error);
  g_assert_no_error (error);

  customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  customer->display_name = g_strdup ("Bench Customer");
  if (!rapport_store_add_customer (store, customer, &error))
    g_error ("%s", error->message);

  /* Due from LEAD seconds after the service starts, INTERVAL apart. */
  start_us = g_get_real_time ();
  due = g_new0 (gint64, count);
  for (int i = 0; i < count; i++)
    {
      g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();

      due[i] = start_us / G_USEC_PER_SEC + lead + (gint64) i * interval;
      follow_up->customer_id = customer->id;
      follow_up->title = g_strdup_printf ("Reminder %03d", i);
      follow_up->due = due[i];
      follow_up->time_zone = g_strdup ("UTC");
      if (!rapport_store_add_follow_up (store, follow_up, &error))
        g_error ("%s", error->message);
    }
  g_clear_object (&store);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  rapport = g_subprocess_launcher_spawn (launcher, &error, rapport_path, "--background", "--db", path, NULL);
  if (rapport == NULL)
    g_error ("%s", error->message);
  ticks_start = cpu_ticks (atoi (g_subprocess_get_identifier (rapport)));

  /* Until the last is due, and two seconds more. */
  while (g_get_real_time () / G_USEC_PER_SEC < due[count - 1] + 2)
    g_usleep (100 * G_TIME_SPAN_MILLISECOND);

  ticks_end = cpu_ticks (atoi (g_subprocess_get_identifier (rapport)));

  /* Nothing is due any more: the service should sleep. */
  ticks_idle_start = ticks_end;
  idle_start_us = g_get_real_time ();
  g_usleep ((gulong) idle_seconds * G_USEC_PER_SEC);
  idle_end_us = g_get_real_time ();
  ticks_idle_end = cpu_ticks (atoi (g_subprocess_get_identifier (rapport)));

  g_subprocess_send_signal (rapport, SIGTERM);
  g_subprocess_wait (rapport, NULL, NULL);

  lateness = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_mutex_lock (&monitor.lock);
  for (int i = 0; i < count; i++)
    {
      g_autofree char *title = g_strdup_printf ("Reminder %03d", i);
      GArray *times = g_hash_table_lookup (monitor.seen, title);
      gint64 late;

      if (times == NULL || times->len == 0)
        {
          missed++;
          continue;
        }
      if (times->len > 1)
        doubled++;

      late = g_array_index (times, gint64, 0) - due[i] * G_USEC_PER_SEC;
      g_array_append_val (lateness, late);
    }
  g_mutex_unlock (&monitor.lock);

  g_array_sort (lateness, compare_gint64);

  printf ("reminders %d\n", count);
  printf ("interval_s %d\n", interval);
  printf ("received %u\n", lateness->len);
  printf ("missed %u\n", missed);
  printf ("doubled %u\n", doubled);
  if (lateness->len > 0)
    {
      printf ("lateness_min_ms %.1f\n", g_array_index (lateness, gint64, 0) / 1000.0);
      printf ("lateness_median_ms %.1f\n", g_array_index (lateness, gint64, lateness->len / 2) / 1000.0);
      printf ("lateness_p95_ms %.1f\n",
              g_array_index (lateness, gint64, MIN (lateness->len - 1, lateness->len * 95 / 100)) / 1000.0);
      printf ("lateness_max_ms %.1f\n", g_array_index (lateness, gint64, lateness->len - 1) / 1000.0);
    }
  printf ("cpu_run_s %.2f\n", (double) (ticks_end - ticks_start) / hz);
  printf ("run_wall_s %.1f\n", (g_get_real_time () - start_us) / 1e6 - idle_seconds);
  printf ("idle_wall_s %.1f\n", (idle_end_us - idle_start_us) / 1e6);
  printf ("idle_cpu_s %.2f\n", (double) (ticks_idle_end - ticks_idle_start) / hz);
  printf ("idle_cpu_percent %.3f\n",
          100.0 * (double) (ticks_idle_end - ticks_idle_start) / hz / ((idle_end_us - idle_start_us) / 1e6));

  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  g_hash_table_unref (monitor.seen);
  g_mutex_clear (&monitor.lock);
  g_free (rapport_path);

  return missed == 0 && doubled == 0 ? 0 : 1;
}
